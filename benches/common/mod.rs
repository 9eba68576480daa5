//! The data and the workloads both benches measure: the case's synthetic
//! records, the hand-written serde baselines, and the crate's own paths.

#![allow(dead_code)] // Each bench uses its own part.

use std::io::Write;

use chrono::NaiveDate;
use consent_gate::crm::{CrmRow, ReadError, read_csv, read_json_lines};
use consent_gate::export::{Export, Format};
use consent_gate::purpose::Purpose;
use consent_gate::purpose::ThirdPartyMarketing;
use consent_gate::schema::DefaultSchema;
use consent_gate::synthetic::{RETAILER, Synthetic};
use consent_gate::{Declaration, Gate, Record, synthetic};
use serde::Serialize;

/// Records per workload.
pub const N: u64 = 20_000;

/// The valid rows of the main job's synthetic mix.
pub fn mixed_rows() -> Vec<CrmRow> {
    Synthetic::new(N + 10, 2017)
        .rows()
        .filter(|r| r.to_record_at(1).is_ok())
        .take(N as usize)
        .collect()
}

/// The same rows with every consent covering third-party marketing by the
/// retailer, every category granted.
pub fn covering_rows(rows: &[CrmRow]) -> Vec<CrmRow> {
    rows.iter()
        .map(|r| CrmRow {
            purposes: "broad;sale_to_third_parties".into(),
            // Notice v4 of the synthetic broker disclosed everything.
            notice_version: "4".into(),
            consent_given_at: "2016-07-01T09:00:00Z".into(),
            categories: "child_birth_date;children_present;pregnancy".into(),
            recipients: RETAILER.into(),
            consent_expires_at: String::new(),
            consent_withdrawn_at: String::new(),
            collection: "direct".into(),
            collected_by: String::new(),
            ..r.clone()
        })
        .collect()
}

pub fn records(rows: &[CrmRow]) -> Vec<Record> {
    rows.iter().map(|r| r.to_record_at(1).unwrap()).collect()
}

pub fn gate<P: Purpose>(buyer: &str, end_recipient: &str) -> Gate<P> {
    let as_of = chrono::DateTime::parse_from_rfc3339("2017-05-01T00:00:00Z")
        .unwrap()
        .into();
    synthetic::broker()
        .gate(Declaration::new(buyer, end_recipient, as_of).unwrap())
        .unwrap()
}

/// The retailer's gate, for third-party marketing on its own behalf.
pub fn retailer() -> Gate<ThirdPartyMarketing> {
    gate(RETAILER, RETAILER)
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// What a developer would hold and serialise by hand: the same fields,
/// no gate.
#[derive(Serialize)]
pub struct PlainCsv<'a> {
    subject_id: u64,
    parent_name: &'a str,
    address_line1: &'a str,
    address_line2: &'a str,
    address_town: &'a str,
    address_postcode: &'a str,
    email: &'a str,
    phone: &'a str,
    mother_birth_date: Option<NaiveDate>,
    children_under_five: bool,
    child_birth_dates: &'a str,
    due_date: Option<NaiveDate>,
}

#[derive(Serialize)]
struct PlainAddress<'a> {
    line1: &'a str,
    line2: &'a str,
    town: &'a str,
    postcode: &'a str,
}

#[derive(Serialize)]
pub struct PlainJson<'a> {
    subject_id: u64,
    parent_name: &'a str,
    address: PlainAddress<'a>,
    email: &'a str,
    phone: &'a str,
    mother_birth_date: Option<NaiveDate>,
    children_under_five: bool,
    child_birth_dates: Vec<NaiveDate>,
    due_date: Option<NaiveDate>,
}

pub fn plain_csv(r: &CrmRow) -> PlainCsv<'_> {
    plain_csv_of(r, r.subject_id.parse().unwrap())
}

/// [`plain_csv`] with the subject id already read.
fn plain_csv_of(r: &CrmRow, subject_id: u64) -> PlainCsv<'_> {
    PlainCsv {
        subject_id,
        parent_name: &r.parent_name,
        address_line1: &r.address_line1,
        address_line2: &r.address_line2,
        address_town: &r.town,
        address_postcode: &r.postcode,
        email: &r.email,
        phone: &r.phone,
        mother_birth_date: date(&r.mother_birth_date),
        children_under_five: r.children_under_five == "true",
        child_birth_dates: &r.child_birth_dates,
        due_date: date(&r.due_date),
    }
}

pub fn plain_json(r: &CrmRow) -> PlainJson<'_> {
    PlainJson {
        subject_id: r.subject_id.parse().unwrap(),
        parent_name: &r.parent_name,
        address: PlainAddress {
            line1: &r.address_line1,
            line2: &r.address_line2,
            town: &r.town,
            postcode: &r.postcode,
        },
        email: &r.email,
        phone: &r.phone,
        mother_birth_date: date(&r.mother_birth_date),
        children_under_five: r.children_under_five == "true",
        child_birth_dates: r.child_birth_dates.split(';').filter_map(date).collect(),
        due_date: date(&r.due_date),
    }
}

/// The cells of the CSV output, formatted once, for the ceiling.
pub fn preformatted(rows: &[PlainCsv<'_>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|p| {
            let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            vec![
                p.subject_id.to_string(),
                p.parent_name.to_owned(),
                p.address_line1.to_owned(),
                p.address_line2.to_owned(),
                p.address_town.to_owned(),
                p.address_postcode.to_owned(),
                p.email.to_owned(),
                p.phone.to_owned(),
                d(p.mother_birth_date),
                p.children_under_five.to_string(),
                p.child_birth_dates.to_owned(),
                d(p.due_date),
            ]
        })
        .collect()
}

/// The CRM input, written by the csv crate and by serde_json.
pub fn crm_inputs(rows: &[CrmRow]) -> (Vec<u8>, Vec<u8>) {
    let mut csv_bytes = Vec::new();
    let mut jsonl_bytes = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut csv_bytes);
        for r in rows {
            w.serialize(r).unwrap();
            serde_json::to_writer(&mut jsonl_bytes, r).unwrap();
            jsonl_bytes.push(b'\n');
        }
    }
    (csv_bytes, jsonl_bytes)
}

fn ok(r: &Record) -> Result<&Record, ReadError> {
    Ok(r)
}

/// Baseline: the csv crate's serde writer, no gate.
pub fn csv_serde_export(plain: &[PlainCsv<'_>], out: &mut Vec<u8>) {
    out.clear();
    let mut w = csv::Writer::from_writer(out);
    for p in plain {
        w.serialize(p).unwrap();
    }
    w.flush().unwrap();
}

/// The gate's rules alone, as the export asks them of each record: its
/// check, then each built-in category's decision where it passed; counts
/// the categories allowed, so the work cannot be optimised away.
pub fn gate_rules(gate: &Gate<ThirdPartyMarketing>, set: &[Record]) -> usize {
    let mut allowed = 0usize;
    for r in set {
        if let Ok(cleared) = gate.check(std::hint::black_box(r)) {
            for category in consent_gate::category::BUILTIN {
                allowed += usize::from(cleared.decide(category).is_ok());
            }
        }
    }
    allowed
}

/// The receipt's SHA-256 alone, over bytes an export wrote, by the
/// implementation the crate's build uses (`ring` with the feature of that
/// name, else `sha2`): the floor of an export's time with its receipt,
/// whichever thread hashes, since the output is hashed in order. On a
/// processor without SHA extensions it is most of the export's time.
pub fn sha256_alone(bytes: &[u8]) -> [u8; 32] {
    #[cfg(feature = "ring")]
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    #[cfg(not(feature = "ring"))]
    let digest = <sha2::Sha256 as sha2::Digest>::digest(bytes);
    let mut out = [0; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

/// Ceiling: the cells formatted beforehand, written with `write_all`.
pub fn write_all_export(cells: &[Vec<String>], out: &mut Vec<u8>) {
    out.clear();
    for row in cells {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.write_all(b",").unwrap();
            }
            out.write_all(cell.as_bytes()).unwrap();
        }
        out.write_all(b"\n").unwrap();
    }
}

/// Baseline: serde_json's writer, one object per line, no gate.
pub fn serde_json_export(plain: &[PlainJson<'_>], out: &mut Vec<u8>) {
    out.clear();
    for p in plain {
        serde_json::to_writer(&mut *out, p).unwrap();
        out.push(b'\n');
    }
}

/// The crate's gated export.
pub fn gated_export<P: DefaultSchema>(
    gate: &Gate<P>,
    format: Format,
    set: &[Record],
    out: &mut Vec<u8>,
) {
    gated_export_on(gate, format, set, out, 2);
}

/// The crate's gated export on `threads` threads.
pub fn gated_export_on<P: DefaultSchema>(
    gate: &Gate<P>,
    format: Format,
    set: &[Record],
    out: &mut Vec<u8>,
    threads: usize,
) {
    out.clear();
    Export::new(gate)
        .threads(threads)
        .format(format)
        .write(set.iter().map(ok), out)
        .unwrap();
}

/// Baseline: the csv crate's serde reader into a struct of strings, no
/// validation.
pub fn csv_serde_read(input: &[u8]) -> usize {
    csv::Reader::from_reader(input)
        .deserialize::<CrmRow>()
        .filter(Result::is_ok)
        .count()
}

/// The crate's CSV reader, to validated records, on `threads` threads.
pub fn csv_records(input: &[u8], threads: usize) -> usize {
    read_csv(input)
        .threads(threads)
        .filter(Result::is_ok)
        .count()
}

/// The crate's CSV reader on `threads` threads, its records kept until
/// the reading ends, then dropped: the records read on another thread are
/// not freed on this one while the reading goes on.
pub fn csv_records_kept(input: &[u8], threads: usize) -> usize {
    let records: Vec<_> = read_csv(input).threads(threads).collect();
    records.iter().filter(|r| r.is_ok()).count()
}

/// Baseline: serde_json per line into a struct of strings, no validation.
pub fn serde_json_read(input: &[u8]) -> usize {
    input
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .filter(|l| serde_json::from_slice::<CrmRow>(l).is_ok())
        .count()
}

/// The crate's JSON Lines reader, to validated records, on one thread
/// (the default would read on every core).
pub fn json_lines_records(input: &[u8]) -> usize {
    read_json_lines(input)
        .threads(1)
        .filter(Result::is_ok)
        .count()
}

/// Rows of the end-to-end dump.
pub const E2E_ROWS: u64 = 100_000;

/// The main job's synthetic dump (malformed rows and all), as CSV.
pub fn e2e_dump() -> Vec<u8> {
    let mut dump = Vec::new();
    Synthetic::new(E2E_ROWS, 2017).write_csv(&mut dump).unwrap();
    dump
}

/// Baseline: the hand-written ungated pipeline: the csv crate's serde
/// reader into the 22 columns as strings, its serde writer out with the
/// 12 columns of the retailer's export.
pub fn hand_written_pipeline(dump: &[u8], out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut w = csv::Writer::from_writer(out);
    let mut rows = 0;
    for row in csv::Reader::from_reader(dump).deserialize::<CrmRow>() {
        let Ok(row) = row else { continue };
        let Ok(subject_id) = row.subject_id.parse::<u64>() else {
            continue;
        };
        w.serialize(plain_csv_of(&row, subject_id)).unwrap();
        rows += 1;
    }
    w.flush().unwrap();
    rows
}

/// The crate's job as a user runs it: the dump read, the retailer's
/// export written with its receipt, bad rows set aside.
pub fn crate_job(
    buyer: &consent_gate::export::BuyerFile,
    dump: &[u8],
    out: &mut Vec<u8>,
    threads: usize,
) -> u64 {
    out.clear();
    buyer
        .job(&synthetic::broker())
        .threads(threads)
        .on_bad_row(consent_gate::export::OnBadRow::SetAside)
        .write_csv(dump, out)
        .unwrap()
        .records_emitted
}

/// The retailer's job with a decision log kept (in memory), on `threads`
/// threads.
pub fn logged_job(
    gate: &Gate<ThirdPartyMarketing>,
    dump: &[u8],
    out: &mut Vec<u8>,
    log: &mut Vec<u8>,
    threads: usize,
) -> u64 {
    out.clear();
    log.clear();
    Export::new(gate)
        .threads(threads)
        .on_bad_row(consent_gate::export::OnBadRow::SetAside)
        .decision_log(log)
        .write_csv(dump, out)
        .unwrap()
        .records_emitted
}

/// Baseline, fairer to the csv crate: its `write_record` of the cells as
/// byte slices, no serde.
pub fn csv_write_record_export(cells: &[Vec<String>], out: &mut Vec<u8>) {
    out.clear();
    let mut w = csv::Writer::from_writer(out);
    for row in cells {
        w.write_record(row.iter().map(String::as_bytes)).unwrap();
    }
    w.flush().unwrap();
}
