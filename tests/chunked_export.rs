//! The export on every core ([`Export::write_csv`], [`BuyerJob::write_csv`]):
//! threads parse, judge, format and log chunks of the input, and the
//! output, the decision log, the receipt and every error are what one
//! thread writes from the same bytes, whatever the number of threads and
//! whatever the input's damage.
//!
//! [`Export::write_csv`]: consent_gate::export::Export::write_csv
//! [`BuyerJob::write_csv`]: consent_gate::export::BuyerJob::write_csv

mod common;

use std::path::Path;

use common::damaged;
use consent_gate::crm::{read_csv, read_json_lines};
use consent_gate::export::{BuyerFile, BuyerJob, Duplicates, OnBadRow};
use consent_gate::synthetic::{self, AGENCY, BROKER, PARTY, RETAILER, Synthetic};

fn buyer(buyer: &str, end: &str, purpose: &str, format: &str) -> BuyerFile {
    BuyerFile::from_json(
        format!(
            r#"{{"buyer":"{buyer}","end_recipient":"{end}","purpose":"{purpose}","as_of":"2017-05-01T00:00:00Z","format":"{format}"}}"#
        )
        .as_bytes(),
    )
    .unwrap()
}

/// Buyers that emit, drop, withhold and are refused, in both formats.
fn buyers() -> Vec<BuyerFile> {
    let mut buyers = Vec::new();
    for format in ["csv", "json_lines"] {
        buyers.push(buyer(RETAILER, RETAILER, "third_party_marketing", format));
        buyers.push(buyer(BROKER, BROKER, "research", format));
        buyers.push(buyer(BROKER, BROKER, "marketing_email", format));
        buyers.push(buyer(AGENCY, PARTY, "political_campaigning", format));
    }
    buyers
}

/// What an export wrote: its output, its decision log (empty where none
/// is kept) and its receipt as JSON, or the error as shown.
type Outcome = (Vec<u8>, Vec<u8>, String);

/// Runs `job` over `input` (JSON Lines where `json`, else CSV): on one
/// thread as `write` of the reader's records (`threads` `None`), the
/// reference; or as the dump's export on `threads` threads. A decision
/// log is kept at `log`, if given.
fn outcome(
    job: BuyerJob<'_>,
    input: &[u8],
    json: bool,
    threads: Option<usize>,
    log: Option<&Path>,
) -> Outcome {
    let job = match log {
        Some(log) => job.decision_log(log),
        None => job,
    };
    let mut out = Vec::new();
    let result = match (threads, json) {
        (None, true) => job
            .threads(1)
            .write(read_json_lines(input).threads(1), &mut out),
        (None, false) => job.threads(1).write(read_csv(input).threads(1), &mut out),
        (Some(threads), true) => job.threads(threads).write_json_lines(input, &mut out),
        (Some(threads), false) => job.threads(threads).write_csv(input, &mut out),
    };
    // A job that fails leaves no log behind.
    let log = log
        .and_then(|log| std::fs::read(log).ok())
        .unwrap_or_default();
    match result {
        Ok(receipt) => (out, log, serde_json::to_string(&receipt).unwrap()),
        Err(e) => (Vec::new(), log, format!("error: {e}")),
    }
}

/// Holds the dump's export on 1, 2 and 8 threads to the reference, for
/// every buyer, half of them keeping a decision log; gives the records
/// the unlogged references emitted.
fn same_on_every_thread_count(input: &[u8], what: &str, on_bad_row: OnBadRow) -> usize {
    same_in_format(input, what, on_bad_row, false)
}

/// As [`same_on_every_thread_count`], for a dump in JSON Lines (`json`)
/// or CSV.
fn same_in_format(input: &[u8], what: &str, on_bad_row: OnBadRow, json: bool) -> usize {
    let broker = synthetic::broker();
    let dir = tempfile::tempdir().unwrap();
    let mut emitted = 0;
    for (i, buyer) in buyers().iter().enumerate() {
        let job = || buyer.job(&broker).on_bad_row(on_bad_row);
        // Each purpose with a decision log in one output format and
        // without in the other.
        let logged = (i + i / 4) % 2 == 1;
        let log = |run: &str| logged.then(|| dir.path().join(format!("{i}-{run}.jsonl")));
        let one = outcome(job(), input, json, None, log("one").as_deref());
        if let Ok(receipt) = serde_json::from_str::<serde_json::Value>(&one.2) {
            if !logged {
                emitted += receipt["records_emitted"].as_u64().unwrap_or(0) as usize;
            }
            // A line per record read, where a log is kept.
            let lines = one.1.iter().filter(|b| **b == b'\n').count() as u64;
            let read = receipt["records_in"].as_u64().unwrap_or(0);
            assert_eq!(lines, if logged { read } else { 0 }, "{what}");
        }
        for threads in [1, 2, 8] {
            let many = outcome(job(), input, json, Some(threads), log("many").as_deref());
            let case = format!("{what}, {buyer:?}, {threads} threads, logged {logged}");
            assert!(one.0 == many.0, "{case}: output differs");
            assert!(one.1 == many.1, "{case}: decision log differs");
            assert_eq!(one.2, many.2, "{case}");
        }
    }
    emitted
}

fn dump(rows: u64, seed: u64) -> Vec<u8> {
    let mut dump = Vec::new();
    Synthetic::new(rows, seed).write_csv(&mut dump).unwrap();
    dump
}

#[test]
fn the_same_export_on_any_number_of_threads() {
    let clean = dump(6_000, 3);
    assert!(clean.len() > 4 << 18, "several chunks");
    assert!(same_on_every_thread_count(&clean, "the dump", OnBadRow::SetAside) > 1_000);
    same_on_every_thread_count(&clean, "the dump, stopping at a bad row", OnBadRow::Stop);
    same_on_every_thread_count(b"", "an empty input", OnBadRow::SetAside);
    same_on_every_thread_count(
        &clean[..clean.len() - 7],
        "a truncated last line",
        OnBadRow::SetAside,
    );
    let header = clean.iter().position(|b| *b == b'\n').unwrap() + 1;
    same_on_every_thread_count(&clean[..header], "a header alone", OnBadRow::SetAside);
    let no_column =
        String::from_utf8(clean.clone())
            .unwrap()
            .replacen("subject_id,", "subject,", 1);
    same_on_every_thread_count(no_column.as_bytes(), "a missing column", OnBadRow::SetAside);
}

/// Every row twice, so that a subject on two rows straddles chunk ends
/// wherever they fall; and rows out of order.
#[test]
fn duplicates_and_disorder_on_any_number_of_threads() {
    let clean = dump(3_000, 8);
    let text = String::from_utf8(clean).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let mut twice = format!("{header}\n");
    for (i, row) in rows.iter().enumerate() {
        twice.push_str(row);
        twice.push('\n');
        if i % 3 != 0 {
            twice.push_str(row);
            twice.push('\n');
        }
    }
    same_on_every_thread_count(twice.as_bytes(), "rows twice", OnBadRow::SetAside);
    let mut disordered = format!("{header}\n");
    for row in rows[..2_000].iter().chain(&rows[..10]) {
        disordered.push_str(row);
        disordered.push('\n');
    }
    same_on_every_thread_count(
        disordered.as_bytes(),
        "rows out of order",
        OnBadRow::SetAside,
    );
    // Out of order, against a scan for subjects on two rows: the same
    // bytes on every number of threads, and duplicates dropped.
    let input = disordered.as_bytes();
    let scan = Duplicates::scan(read_csv(input)).unwrap();
    let broker = synthetic::broker();
    for buyer in buyers() {
        let job = || {
            buyer
                .job(&broker)
                .on_bad_row(OnBadRow::SetAside)
                .duplicates(&scan)
        };
        let dir = tempfile::tempdir().unwrap();
        let (one_log, many_log) = (dir.path().join("one"), dir.path().join("many"));
        let one = outcome(job(), input, false, None, Some(&one_log));
        assert!(one.2.contains("duplicate_subject"), "{}", one.2);
        for threads in [2, 8] {
            let many = outcome(job(), input, false, Some(threads), Some(&many_log));
            let case = format!("scanned, {buyer:?}, {threads} threads");
            assert!(one.0 == many.0, "{case}: output differs");
            assert!(one.1 == many.1, "{case}: decision log differs");
            assert_eq!(one.2, many.2, "{case}");
        }
    }
}

/// Bytes changed at many places: the exports still agree.
#[test]
fn damage_anywhere_exports_the_same_on_any_number_of_threads() {
    let clean = dump(2_500, 5);
    let damage = [b'"', b'\n', b'\r', b',', 0xFF, b'x'];
    for (input, what) in damaged(&clean, &damage, 12, 104_729) {
        same_on_every_thread_count(&input, &what, OnBadRow::SetAside);
    }
}

/// A JSON Lines dump: clean, damaged, with blank lines, a byte-order
/// mark, CRLF line ends and a cut last line.
#[test]
fn json_lines_export_the_same_on_any_number_of_threads() {
    let mut clean = Vec::new();
    Synthetic::new(2_500, 4)
        .write_json_lines(&mut clean)
        .unwrap();
    assert!(clean.len() > 4 << 18, "several chunks");
    let json = |input: &[u8], what: &str| same_in_format(input, what, OnBadRow::SetAside, true);
    assert!(json(&clean, "the dump") > 500);
    same_in_format(
        &clean,
        "the dump, stopping at a bad row",
        OnBadRow::Stop,
        true,
    );
    json(b"", "an empty input");
    json(&clean[..clean.len() - 9], "a cut last line");
    json(
        &[b"\xEF\xBB\xBF".as_slice(), &clean].concat(),
        "a byte-order mark",
    );
    let text = String::from_utf8(clean.clone()).unwrap();
    json(text.replace('\n', "\r\n").as_bytes(), "CRLF line ends");
    json(text.replace("}\n{", "}\n \n\n{").as_bytes(), "blank lines");
    let damage = [b'"', b'\n', b'}', b',', 0xFF];
    for (input, what) in damaged(&clean, &damage, 6, 104_729) {
        json(&input, &what);
    }
}

/// On several threads a record's memory is lent to the next row read (one
/// thread keeps none): a row with short or no optional values after one
/// with long ones carries nothing over. The rows alternate, in both
/// formats, and every buyer's output must be one thread's.
#[test]
fn a_record_lent_to_the_next_carries_nothing_over() {
    let header = "subject_id,parent_name,address_line1,address_line2,town,postcode,email,phone,\
        mother_birth_date,children_under_five,child_birth_dates,due_date,purposes,categories,\
        notice_version,recipients,consent_given_at,consent_expires_at,consent_withdrawn_at,\
        collection,existing_customer,opt_out_offered,parental_consent,collected_by";
    let consent = format!(
        "broad;sale_to_third_parties;marketing_email;marketing_sms;marketing_phone,\
         child_birth_date;children_present;pregnancy,4,{RETAILER},2016-07-01T09:00:00Z,,,direct,false,false,false,"
    );
    let mut csv = format!("{header}\n");
    for i in 0..400 {
        let id = 100_000 + i;
        let person = match i % 3 {
            0 => format!(
                "{id},Rhiannon Pritchard-Evans,114 Long Meadow Road,Flat 12 Riverside,Chippenham,\
                 SN15 3AB,rhiannon.pritchard{id}@example.org,07700 900{:03},1984-03-16,true,\
                 2016-11-29;2015-09-07;2014-01-02,2017-08-01",
                i % 1000
            ),
            1 => format!("{id},Jo Li,2 Lane,,Bath,BA1 1AA,,,,false,,"),
            _ => format!("{id},Al Ng,3 Way,,Bath,BA1 1AB,a{id}@example.org,,1990-01-01,false,,"),
        };
        csv.push_str(&format!("{person},{consent}\n"));
    }
    let mut json = Vec::new();
    for record in read_csv(csv.as_bytes()).threads(1) {
        assert!(record.is_ok(), "{record:?}");
    }
    for row in csv::Reader::from_reader(csv.as_bytes()).deserialize::<consent_gate::crm::CrmRow>() {
        serde_json::to_writer(&mut json, &row.unwrap()).unwrap();
        json.push(b'\n');
    }
    let emitted = same_on_every_thread_count(csv.as_bytes(), "alternating rows", OnBadRow::Stop);
    assert!(emitted >= 400, "{emitted}");
    same_in_format(&json, "alternating rows", OnBadRow::Stop, true);
}
