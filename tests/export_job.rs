//! The export job end to end: outputs read back, receipts that reconcile
//! and hash the bytes, and no file left by a failed job.

mod common;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use common::crm::*;
use consent_gate::crm::{CrmRow, read_csv, read_json_lines};
use consent_gate::export::{Export, ExportError, Format, OnBadRow, Receipt};
use consent_gate::purpose::Purpose;
use consent_gate::purpose::{MarketingEmail, PoliticalCampaigning, ThirdPartyMarketing};
use consent_gate::synthetic::{self, AGENCY, PARTY, RETAILER, Synthetic};
use consent_gate::{Declaration, Gate, Record, Rules};
use sha2::{Digest, Sha256};

fn as_of() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2017-05-01T00:00:00Z")
        .unwrap()
        .into()
}

/// A gate of the synthetic broker, whose registry the synthetic rows and
/// buyers come from.
fn gate<P: Purpose>(buyer: &str, end_recipient: &str) -> Gate<P> {
    synthetic::broker()
        .gate(Declaration::new(buyer, end_recipient, as_of()).unwrap())
        .unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn dataset() -> (Synthetic, Vec<u8>, HashMap<String, CrmRow>) {
    let data = Synthetic::new(20_000, 5);
    let mut csv = Vec::new();
    data.write_csv(&mut csv).unwrap();
    let by_id = data.rows().map(|r| (r.subject_id.clone(), r)).collect();
    (data, csv, by_id)
}

fn political(format: Format, input: &[u8]) -> (Receipt, Vec<u8>) {
    let gate = gate::<PoliticalCampaigning>(AGENCY, PARTY);
    let mut out = Vec::new();
    let receipt = Export::new(&gate)
        .format(format)
        .on_bad_row(OnBadRow::SetAside)
        .write(read_csv(input), &mut out)
        .unwrap();
    (receipt, out)
}

#[test]
fn the_political_csv_export_holds_no_child_birth_date_and_its_receipt_reconciles() {
    let (data, input, by_id) = dataset();
    let (receipt, out) = political(Format::Csv, &input);

    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert!(
        !header
            .iter()
            .any(|h| h.contains("child") || h.contains("due")),
        "{header:?}"
    );
    let mut rows = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let input_row = &by_id[&row[0]];
        for date in input_row
            .child_birth_dates
            .split(';')
            .filter(|d| !d.is_empty())
        {
            assert!(
                !row.iter().any(|cell| cell.contains(date)),
                "child date leaked"
            );
        }
        rows += 1;
    }
    assert!(
        rows > 0,
        "the synthetic mix has consents that name the party"
    );
    assert_eq!(rows, receipt.records_emitted);
    assert_eq!(receipt.records_in, 20_000);
    let malformed = (0..20_000).filter(|i| data.is_malformed(*i)).count() as u64;
    assert_eq!(receipt.records_set_aside, malformed);
    assert!(receipt.reconciles());
    assert_eq!(
        receipt.records_in,
        receipt.records_emitted + receipt.records_dropped + receipt.records_set_aside
    );
    assert_eq!(receipt.output_sha256, sha256_hex(&out));
    // A record dropped for a record-level reason withholds every field of
    // the schema for that reason.
    let not_disclosed = receipt.dropped["purpose_not_disclosed"];
    assert!(not_disclosed > 0);
    for category in ["name", "postal_address", "adult_birth_date"] {
        assert_eq!(
            receipt.withheld[category]["purpose_not_disclosed"],
            not_disclosed
        );
    }
    assert!(!receipt.withheld.contains_key("child_birth_date"));
}

#[test]
fn the_json_lines_export_omits_withheld_keys_and_hashes_its_bytes() {
    let (_, input, _) = dataset();
    let (receipt, out) = political(Format::JsonLines, &input);
    assert_eq!(receipt.output_sha256, sha256_hex(&out));
    let allowed = ["subject_id", "parent_name", "address", "mother_birth_date"];
    let lines: Vec<&[u8]> = out
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len() as u64, receipt.records_emitted);
    for line in lines {
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(line).unwrap();
        assert!(
            object.keys().all(|k| allowed.contains(&k.as_str())),
            "{object:?}"
        );
    }
    assert!(receipt.reconciles());
}

#[test]
fn same_input_same_bytes() {
    let (_, input, _) = dataset();
    let (first, out1) = political(Format::Csv, &input);
    let (second, out2) = political(Format::Csv, &input);
    assert_eq!(out1, out2);
    assert_eq!(first.to_json(), second.to_json());
    let json: serde_json::Value = serde_json::from_slice(&first.to_json()).unwrap();
    for key in [
        "buyer",
        "end_recipient",
        "purpose",
        "as_of",
        "crate_version",
        "config_sha256",
        "declaration_refused",
        "records_in",
        "records_emitted",
        "records_dropped",
        "records_set_aside",
        "set_aside",
        "set_aside_unlisted",
        "dropped",
        "withheld",
        "formula_cells_neutralised",
        "notice_versions",
        "output_sha256",
    ] {
        assert!(json.get(key).is_some(), "receipt lacks `{key}`");
    }
}

#[test]
fn a_withheld_field_is_an_empty_cell_in_csv_and_absent_in_json() {
    let mut row = good_row(1);
    row.categories = String::new(); // children's data not explicitly granted
    let input = csv_of(&[row]);
    let gate = common::gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());

    let mut out = Vec::new();
    let receipt = Export::new(&gate)
        .write(read_csv(input.as_bytes()), &mut out)
        .unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| record[header.iter().position(|h| h == name).unwrap()].to_owned();
    assert_eq!(cell("child_birth_dates"), "");
    assert_eq!(cell("parent_name"), "Jane Planted-Name");
    assert_eq!(
        receipt.withheld["child_birth_date"]["category_not_granted"],
        1
    );

    let mut out = Vec::new();
    Export::new(&gate)
        .format(Format::JsonLines)
        .write(
            read_json_lines(
                jsonl_of(&[good_row(1)])
                    .replace("child_birth_date;children_present", "")
                    .as_bytes(),
            ),
            &mut out,
        )
        .unwrap();
    let object: serde_json::Value = serde_json::from_slice(out.trim_ascii_end()).unwrap();
    assert!(object.get("child_birth_dates").is_none());
    assert_eq!(object["address"]["postcode"], "LS1 4PL");
}

#[test]
fn formula_cells_are_neutralised_and_counted() {
    let mut row = good_row(1);
    row.address_line2 = "=HYPERLINK(\"http://x.invalid\")".into();
    row.town = "@Leeds".into();
    let gate = common::gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    let mut out = Vec::new();
    let receipt = Export::new(&gate)
        .write(read_csv(csv_of(&[row]).as_bytes()), &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains("'@Leeds"), "{text}");
    assert_eq!(receipt.formula_cells_neutralised, 2);
}

#[test]
fn a_record_without_its_required_fields_is_dropped_whole() {
    let mut no_email = good_row(1);
    no_email.email = String::new();
    // The soft opt-in for the broker's own e-mail: an existing customer
    // offered an opt-out at collection.
    no_email.existing_customer = "true".into();
    no_email.opt_out_offered = "true".into();
    let mut with_email = good_row(2);
    with_email.existing_customer = "true".into();
    with_email.opt_out_offered = "true".into();
    let gate = common::gate::<MarketingEmail>("Broker", "Broker", Rules::default());
    let mut out = Vec::new();
    let receipt = Export::new(&gate)
        .write(
            read_csv(csv_of(&[no_email, with_email]).as_bytes()),
            &mut out,
        )
        .unwrap();
    assert_eq!(receipt.records_emitted, 1);
    assert_eq!(receipt.dropped["required_field_withheld"], 1);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 2, "header and one row: {text}");
    assert!(text.lines().nth(1).unwrap().starts_with("2,"));
}

#[test]
fn a_failed_job_leaves_no_file_at_the_destination() {
    let dir = std::env::temp_dir().join(format!("consent-gate-failed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("export.csv");
    let mut bad = good_row(2);
    bad.due_date = "soon".into();
    let input = csv_of(&[good_row(1), bad]);
    let gate = common::gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    let result = Export::new(&gate).write_to_path(read_csv(input.as_bytes()), &path);
    assert!(matches!(result, Err(ExportError::Input(_))));
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "no temporary file left"
    );

    let receipt = Export::new(&gate)
        .on_bad_row(OnBadRow::SetAside)
        .write_to_path(read_csv(input.as_bytes()), &path)
        .unwrap();
    assert_eq!(
        sha256_hex(&std::fs::read(&path).unwrap()),
        receipt.output_sha256
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn progress_reports_records_done() {
    let (_, input, _) = dataset();
    let gate = gate::<PoliticalCampaigning>(AGENCY, PARTY);
    // Each count once, the last being the total: reported on the way when
    // it is a multiple of `every`, at the end when it is not. The callback
    // may hold what is neither `Send` nor `Sync` (an `Rc` of a `Cell`).
    for (every, expected) in [
        (5_000, vec![5_000, 10_000, 15_000, 20_000]),
        (6_000, vec![6_000, 12_000, 18_000, 20_000]),
        (50_000, vec![20_000]),
    ] {
        let seen = std::rc::Rc::new(std::cell::Cell::new(Vec::new()));
        let report = std::rc::Rc::clone(&seen);
        Export::new(&gate)
            .on_bad_row(OnBadRow::SetAside)
            .progress(every, move |n| {
                report.set([report.take(), vec![n]].concat())
            })
            .write(read_csv(input.as_slice()), std::io::sink())
            .unwrap();
        assert_eq!(seen.take(), expected, "every {every}");
    }
    let mut seen = Vec::new();
    Export::new(&gate)
        .progress(10, |n| seen.push(n))
        .write(read_csv(&b""[..]), std::io::sink())
        .unwrap();
    assert_eq!(seen, [0], "an empty input is reported once, at 0");
}

#[cfg(unix)]
#[test]
fn a_planted_link_cannot_redirect_the_export() {
    let dir = std::env::temp_dir().join(format!("consent-gate-links-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "untouched").unwrap();
    // Links where the old, predictable temporary name was, and at the
    // destination itself.
    std::os::unix::fs::symlink(&victim, dir.join(".export.csv.partial")).unwrap();
    let path = dir.join("export.csv");
    std::os::unix::fs::symlink(&victim, &path).unwrap();

    let input = csv_of(&[good_row(1)]);
    let gate = common::gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    let receipt = Export::new(&gate)
        .write_to_path(read_csv(input.as_bytes()), &path)
        .unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    assert!(
        !std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(sha256_hex(&bytes), receipt.output_sha256);
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".export.csv.partial", "export.csv", "victim.txt"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_formula_trigger_is_neutralised_in_every_text_column() {
    let triggers = [
        "=",
        "+",
        "-",
        "@",
        "\t",
        "\r",
        " =",
        "  +",
        "\u{a0}@",
        "\u{3000}-",
        "＝",
        "＋",
        "－",
        "＠",
    ];
    type Set = fn(&mut CrmRow, String);
    // The postcode is checked at read time: a formula there is not a
    // postcode, and its row is refused before any export.
    for trigger in triggers {
        let mut row = good_row(1);
        row.postcode = format!("{trigger}SUM(A1)");
        let error = read_json_lines(jsonl_of(&[row]).as_bytes())
            .next()
            .unwrap()
            .unwrap_err();
        assert_eq!(error.code(), "not_a_postcode", "{trigger:?}: {error}");
    }
    let columns: [(&str, Set); 6] = [
        ("parent_name", |r, v| r.parent_name = v),
        ("address_line1", |r, v| r.address_line1 = v),
        ("address_line2", |r, v| r.address_line2 = v),
        ("address_town", |r, v| r.town = v),
        ("email", |r, v| r.email = v),
        ("phone", |r, v| r.phone = v),
    ];
    let gate = common::gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    for (column, set) in columns {
        for trigger in triggers {
            let mut row = good_row(1);
            row.purposes = "broad".into();
            let value = format!("{trigger}SUM(A1)");
            set(&mut row, value.clone());
            let mut out = Vec::new();
            // Read from JSON Lines: the CSV reader refuses a carriage
            // return inside a record, and `\r` is one of the triggers.
            let receipt = Export::new(&gate)
                .write(read_json_lines(jsonl_of(&[row]).as_bytes()), &mut out)
                .unwrap();
            let mut reader = csv::Reader::from_reader(out.as_slice());
            let header = reader.headers().unwrap().clone();
            let record = reader.records().next().unwrap().unwrap();
            let at = header.iter().position(|h| h == column).unwrap();
            assert_eq!(record[at], format!("'{value}"), "{column} {trigger:?}");
            assert_eq!(receipt.formula_cells_neutralised, 1, "{column} {trigger:?}");
        }
    }
}

/// The export of `records`, one format, as bytes.
fn export_bytes(
    gate: &Gate<ThirdPartyMarketing>,
    format: Format,
    records: &[consent_gate::Record],
) -> Vec<u8> {
    let mut out = Vec::new();
    Export::new(gate)
        .format(format)
        .write(records.iter(), &mut out)
        .unwrap();
    out
}

#[test]
fn a_large_export_is_the_concatenation_of_its_rows() {
    // Well past the 64 KiB the writers gather before writing out: the
    // output must be each row once, in order, byte for byte the same as
    // exporting the records one at a time.
    let (data, _, _) = dataset();
    let records: Vec<_> = data.rows().filter_map(|r| r.to_record_at(1).ok()).collect();
    let gate = gate::<ThirdPartyMarketing>(RETAILER, RETAILER);
    for format in [Format::Csv, Format::JsonLines] {
        let whole = export_bytes(&gate, format, &records);
        assert!(whole.len() > 4 << 16, "{format:?}: {} bytes", whole.len());
        let mut one_by_one = Vec::new();
        for (i, record) in records.iter().enumerate() {
            let part = export_bytes(&gate, format, std::slice::from_ref(record));
            let skip = match format {
                // Every part but the first repeats the header line.
                Format::Csv if i > 0 => part.iter().position(|b| *b == b'\n').unwrap() + 1,
                _ => 0,
            };
            one_by_one.extend_from_slice(&part[skip..]);
        }
        assert_eq!(whole.len(), one_by_one.len(), "{format:?}");
        assert!(whole == one_by_one, "{format:?}");
    }
}

#[test]
fn a_receipt_that_does_not_add_up_says_so() {
    let (_, input, _) = dataset();
    let (receipt, _) = political(Format::Csv, &input);
    assert!(receipt.reconciles());
    for spoil in [
        |r: &mut Receipt| r.records_in += 1,
        |r: &mut Receipt| r.records_emitted += 1,
        |r: &mut Receipt| r.records_dropped -= 1,
        |r: &mut Receipt| {
            r.records_set_aside += 1;
            r.records_in += 1;
        },
        |r: &mut Receipt| {
            *r.dropped.values_mut().next().unwrap() += 1;
        },
    ] {
        let mut bad = receipt.clone();
        spoil(&mut bad);
        assert!(!bad.reconciles());
    }
}

#[test]
fn a_receipt_counts_each_notice_version_apart() {
    let mut rows: Vec<CrmRow> = (1..=5).map(good_row).collect();
    for row in &mut rows[..2] {
        row.notice_version = "2".into();
    }
    let gate = common::gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    let receipt = Export::new(&gate)
        .write(read_csv(csv_of(&rows).as_bytes()), Vec::new())
        .unwrap();
    let counts: Vec<(&str, u64)> = receipt
        .notice_versions
        .iter()
        .map(|(v, n)| (v.as_str(), *n))
        .collect();
    assert_eq!(counts, [("v1", 3), ("v2", 2)]);
}

#[test]
fn a_receipt_writes_itself_and_ranks_its_reasons() {
    let (_, csv, _) = dataset();
    let (receipt, _) = political(Format::Csv, &csv);
    // Most frequent first, ties by name, at most n.
    let all = receipt.top_reasons(usize::MAX);
    assert_eq!(all.len(), receipt.dropped.len());
    assert!(all.len() >= 3, "{all:?}");
    assert!(
        all.windows(2)
            .all(|w| w[0].1 > w[1].1 || (w[0].1 == w[1].1 && w[0].0 < w[1].0))
    );
    assert_eq!(
        all.iter().map(|(_, n)| n).sum::<u64>(),
        receipt.records_dropped
    );
    assert_eq!(receipt.top_reasons(2), all[..2]);
    assert!(receipt.top_reasons(0).is_empty());
    // Written atomically, as its JSON.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("receipt.json");
    receipt.write_to_path(&path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), receipt.to_json());
}

/// Records held in memory go in as they are (borrowed or owned), and so do
/// results with the reader's error or the caller's own: the same bytes and
/// the same receipt each way.
#[test]
fn records_in_memory_export_as_read_ones_do() {
    let (data, input, _) = dataset();
    let records: Vec<Record> = data.records().filter_map(Result::ok).collect();
    let gate = gate::<ThirdPartyMarketing>(RETAILER, RETAILER);
    let export = || Export::new(&gate);
    let mut out = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    let [a, b, c, d] = &mut out;
    let borrowed = (export().write(&records, &mut *a).unwrap(), a.clone());
    let owned = (export().write(records.clone(), &mut *b).unwrap(), b.clone());
    let infallible = records.iter().map(Ok::<_, std::convert::Infallible>);
    let results = (export().write(infallible, &mut *c).unwrap(), c.clone());
    let read = export()
        .on_bad_row(OnBadRow::SetAside)
        .write(read_csv(input.as_slice()), &mut *d)
        .unwrap();
    let read = (read, d.clone());
    assert!(borrowed.0.records_emitted > 0);
    assert_eq!(borrowed.1, read.1);
    assert_eq!((&owned.1, &results.1), (&borrowed.1, &borrowed.1));
    assert_eq!(owned.0, borrowed.0);
    assert_eq!(results.0, borrowed.0);
    assert_eq!(read.0.records_emitted, borrowed.0.records_emitted);
}

/// The column names the export module's table documents, dump to export:
/// the same names but for the address's town and postcode.
#[test]
fn output_columns_are_the_documented_ones() {
    let gate = gate::<consent_gate::purpose::ServiceDelivery>(synthetic::BROKER, synthetic::BROKER);
    let first_line = |format| {
        let mut out = Vec::new();
        Export::new(&gate)
            .format(format)
            .on_bad_row(OnBadRow::SetAside)
            .write(Synthetic::new(200, 3).records(), &mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    };
    let csv = first_line(Format::Csv);
    assert_eq!(
        csv.lines().next(),
        Some(
            "subject_id,parent_name,address_line1,address_line2,address_town,address_postcode,\
             email,phone,mother_birth_date,children_under_five,child_birth_dates,due_date"
        )
    );
    let json = first_line(Format::JsonLines);
    let with_address = json
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v.get("address").is_some())
        .unwrap();
    let keys: Vec<&str> = with_address["address"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["line1", "line2", "postcode", "town"]);
}

/// What an auditor reads back is what the job wrote: a receipt with rows
/// set aside, drops and withheld counts, and the buyer file it ran.
#[test]
fn receipts_and_buyer_files_read_back_equal() {
    let (_, input, _) = dataset();
    let gate = gate::<PoliticalCampaigning>(AGENCY, PARTY);
    let receipt = Export::new(&gate)
        .on_bad_row(OnBadRow::SetAside)
        .write(read_csv(input.as_slice()), std::io::sink())
        .unwrap();
    assert!(!receipt.set_aside.is_empty() && !receipt.withheld.is_empty());
    let read_back = Receipt::from_json(&receipt.to_json()).unwrap();
    assert_eq!(read_back, receipt);
    assert_eq!(read_back.to_json(), receipt.to_json());

    let buyer = consent_gate::export::BuyerFile::new(
        AGENCY,
        PARTY,
        consent_gate::PurposeKind::PoliticalCampaigning,
        as_of(),
    )
    .unwrap()
    .with_format(Format::JsonLines);
    let bytes = buyer.to_json();
    assert_eq!(
        consent_gate::export::BuyerFile::from_json(&bytes).unwrap(),
        buyer
    );
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        serde_json::from_value::<consent_gate::export::BuyerFile>(value).unwrap(),
        buyer
    );
}

/// Counts the writes that reach a writer, and the bytes.
#[derive(Default)]
struct Counting {
    writes: usize,
    bytes: usize,
}

impl std::io::Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writes += 1;
        self.bytes += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The export hands its writer chunks of about 64 KiB, not a write per
/// row, and keeps no more than a chunk in memory: in both formats, the
/// writes are few for the bytes.
#[test]
fn the_output_is_written_in_chunks() {
    let (_, input, _) = dataset();
    let gate = gate::<consent_gate::purpose::Research>(synthetic::BROKER, synthetic::BROKER);
    for format in [Format::Csv, Format::JsonLines] {
        let mut out = Counting::default();
        let receipt = Export::new(&gate)
            .format(format)
            .on_bad_row(OnBadRow::SetAside)
            .write(read_csv(input.as_slice()), &mut out)
            .unwrap();
        assert!(receipt.records_emitted > 1_000, "{format:?}");
        assert!(out.bytes > 4 << 16, "{format:?}: {} bytes", out.bytes);
        assert!(
            out.writes <= out.bytes / (1 << 15) + 2,
            "{format:?}: {} writes for {} bytes",
            out.writes,
            out.bytes
        );
    }
}

/// A receipt names the purpose and every built-in category it withheld
/// also by its W3C DPV term, for an auditor's tools, and reads back the
/// same.
#[test]
fn a_receipt_gives_its_purpose_and_categories_as_dpv_terms() {
    let gate = gate::<PoliticalCampaigning>(AGENCY, PARTY);
    let receipt = Export::new(&gate)
        .on_bad_row(OnBadRow::SetAside)
        .write(Synthetic::new(300, 5).records(), Vec::new())
        .unwrap();
    assert_eq!(
        receipt.purpose_dpv,
        "https://w3id.org/dpv#PoliticalCampaign"
    );
    assert!(!receipt.withheld.is_empty());
    for category in receipt.withheld.keys() {
        let iri = &receipt.categories_dpv[category];
        assert!(
            iri.starts_with("https://w3id.org/dpv/pd#"),
            "{category}: {iri}"
        );
    }
    assert_eq!(
        receipt.categories_dpv["name"],
        "https://w3id.org/dpv/pd#Name"
    );
    let back = Receipt::from_json(&receipt.to_json()).unwrap();
    assert_eq!(back, receipt);
}
