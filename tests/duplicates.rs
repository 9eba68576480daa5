//! A subject on two rows of one input fails closed: no row of it is
//! exported, whatever order the rows come in and whichever of them is
//! unreadable, and the receipt counts each under `duplicate_subject`.

mod common;

use common::crm::*;
use consent_gate::crm::{CrmRow, read_csv, read_json_lines};
use consent_gate::export::{BuyerFile, Duplicates, Export, ExportError, Format, OnBadRow, Receipt};
use consent_gate::purpose::ThirdPartyMarketing;
use consent_gate::{Rules, SubjectId};

const RETAILER: &str = "Acme Baby Products Ltd";

/// Rows with these subject ids; a row whose id is negative is subject
/// `-id`'s newer row, which withdrew the consent.
fn rows(ids: &[i64]) -> Vec<CrmRow> {
    ids.iter()
        .map(|&id| {
            let mut row = good_row(id.unsigned_abs());
            if id < 0 {
                row.consent_withdrawn_at = "2017-01-01T00:00:00Z".into();
            }
            row
        })
        .collect()
}

fn export(
    format: Format,
    rows: &[CrmRow],
    scan: bool,
) -> Result<(Receipt, Vec<String>), ExportError> {
    let gate = common::gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    let csv = format == Format::Csv;
    let text = if csv { csv_of(rows) } else { jsonl_of(rows) };
    let read = || -> Box<dyn Iterator<Item = _>> {
        if csv {
            Box::new(read_csv(text.as_bytes()))
        } else {
            Box::new(read_json_lines(text.as_bytes()))
        }
    };
    let duplicates = Duplicates::scan(read())?;
    let mut export = Export::new(&gate)
        .format(Format::Csv)
        .on_bad_row(OnBadRow::SetAside);
    if scan {
        export = export.duplicates(&duplicates);
    }
    let mut out = Vec::new();
    let receipt = export.write(read(), &mut out)?;
    assert!(receipt.reconciles());
    Ok((receipt, emitted(&out)))
}

fn emitted(out: &[u8]) -> Vec<String> {
    csv::Reader::from_reader(out)
        .records()
        .map(|r| r.unwrap()[0].to_owned())
        .collect()
}

fn duplicate_drops(receipt: &Receipt) -> u64 {
    receipt
        .dropped
        .get("duplicate_subject")
        .copied()
        .unwrap_or(0)
}

#[test]
fn sorted_input_with_a_withdrawal_on_a_second_row_exports_neither_row() {
    for format in [Format::Csv, Format::JsonLines] {
        for scan in [false, true] {
            let (receipt, out) = export(format, &rows(&[1, 2, 2, -2, 3]), scan).unwrap();
            assert_eq!(out, ["1", "3"], "{format:?} scan {scan}");
            assert_eq!(duplicate_drops(&receipt), 3);
            assert_eq!(receipt.records_in, 5);
            // Every field of the dropped rows is counted as withheld for it.
            assert_eq!(receipt.withheld["child_birth_date"]["duplicate_subject"], 3);
        }
    }
}

#[test]
fn the_last_row_held_back_is_exported_when_the_input_ends() {
    let (receipt, out) = export(Format::Csv, &rows(&[1, 1, 2]), false).unwrap();
    assert_eq!(out, ["2"]);
    assert_eq!(duplicate_drops(&receipt), 2);
    let (_, out) = export(Format::Csv, &rows(&[5]), false).unwrap();
    assert_eq!(out, ["5"]);
}

#[test]
fn unsorted_input_needs_the_scan_and_with_it_exports_no_row_of_a_repeated_subject() {
    let input = rows(&[4, 1, 9, -4, 2]);
    assert!(matches!(
        export(Format::Csv, &input, false),
        Err(ExportError::UnsortedInput { record: 2 })
    ));
    for format in [Format::Csv, Format::JsonLines] {
        let (receipt, out) = export(format, &input, true).unwrap();
        assert_eq!(out, ["1", "9", "2"], "{format:?}");
        assert_eq!(duplicate_drops(&receipt), 2);
    }
}

#[test]
fn an_unreadable_row_still_counts_for_its_subject() {
    // Subject 2's newer row withdrew consent, but its withdrawal instant is
    // spoilt: the row is set aside, and the older row must not go out.
    let mut sorted = rows(&[1, 2, -2, 3]);
    sorted[2].consent_withdrawn_at = "2017-01-01".into();
    let mut unsorted = rows(&[3, -2, 1, 2]);
    unsorted[1].consent_withdrawn_at = "yesterday".into();
    for (input, scan) in [(&sorted, false), (&sorted, true), (&unsorted, true)] {
        for format in [Format::Csv, Format::JsonLines] {
            let (receipt, out) = export(format, input, scan).unwrap();
            assert!(!out.contains(&"2".to_owned()), "{format:?} {out:?}");
            assert_eq!(receipt.records_set_aside, 1);
            assert_eq!(duplicate_drops(&receipt), 1);
            assert_eq!(receipt.records_emitted, 2);
        }
    }
    // A CSV row with a field too many, a carriage return in it, or cut
    // short at the end of the input names its subject too.
    let text = csv_of(&rows(&[1, 2, 3, 2]));
    let last = text.trim_end().rsplit_once('\n').unwrap().0.len() + 1;
    let (head, tail) = text.split_at(last);
    let spoilt = [
        format!("{head}{},x\n", tail.trim_end()),
        format!("{head}{}", tail.replacen("Jane", "Ja\rne", 1)),
        format!("{head}{}", tail.trim_end()),
    ];
    for text in spoilt {
        let gate = common::gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
        let scan = Duplicates::scan(read_csv(text.as_bytes())).unwrap();
        let mut out = Vec::new();
        let receipt = Export::new(&gate)
            .on_bad_row(OnBadRow::SetAside)
            .duplicates(&scan)
            .write(read_csv(text.as_bytes()), &mut out)
            .unwrap();
        assert_eq!(receipt.records_set_aside, 1, "{:?}", receipt.set_aside);
        assert_eq!(emitted(&out), ["1", "3"], "{:?}", receipt.set_aside);
    }
}

#[test]
fn an_input_that_changed_since_its_scan_is_refused() {
    let gate = common::gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    let scanned = csv_of(&rows(&[3, 1, 2]));
    let scan = Duplicates::scan(read_csv(scanned.as_bytes())).unwrap();
    assert!(scan.is_empty());
    // More rows, fewer, the same rows in another order, and one changed
    // before the last.
    for changed in [
        rows(&[3, 1, 2, 1]),
        rows(&[3, 1]),
        rows(&[3, 2, 1]),
        rows(&[1, 3, 2]),
        rows(&[3, 4, 2]),
    ] {
        let text = csv_of(&changed);
        let result = Export::new(&gate)
            .duplicates(&scan)
            .write(read_csv(text.as_bytes()), Vec::new());
        assert!(
            matches!(result, Err(ExportError::InputChanged)),
            "{result:?}"
        );
    }
}

#[test]
fn a_scan_lists_each_repeated_subject_once_and_shows_no_ids_in_debug() {
    let text = csv_of(&rows(&[9, 5, 9, 9, 7, 5, 123456]));
    let scan = Duplicates::scan(read_csv(text.as_bytes())).unwrap();
    assert_eq!(scan.rows(), 7);
    assert_eq!(
        scan.subjects().collect::<Vec<_>>(),
        [SubjectId(5), SubjectId(9)]
    );
    assert_eq!((scan.len(), scan.is_empty()), (2, false));
    assert!(!scan.contains(SubjectId(7)));
    let debug = format!("{scan:?}");
    assert_eq!(debug, "Duplicates { rows: 7, duplicated_subjects: 2 }");
}

#[test]
fn a_refused_declaration_counts_every_row_for_its_refusal_whatever_the_order() {
    let broker = common::broker(Rules::default());
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dump.csv");
    std::fs::write(&input, csv_of(&rows(&[2, 1, 2]))).unwrap();
    let buyer = BuyerFile::from_json(
        br#"{"buyer":"Nobody Ltd","end_recipient":"Nobody Ltd","purpose":"third_party_marketing","as_of":"2017-05-01T00:00:00Z"}"#,
    )
    .unwrap();
    let open = || std::fs::File::open(&input).map(read_csv);
    let receipt = buyer
        .job(&broker)
        .write_input_to_path(open, &dir.path().join("out.csv"))
        .unwrap();
    assert!(receipt.declaration_refused.is_some());
    assert_eq!(receipt.records_dropped, 3);
    assert_eq!(duplicate_drops(&receipt), 0);
}

#[test]
fn the_job_on_a_file_rescans_unsorted_input_and_leaves_one_file() {
    let broker = common::broker(Rules::default());
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dump.csv");
    std::fs::write(&input, csv_of(&rows(&[4, 1, 9, -4, 2]))).unwrap();
    let buyer = BuyerFile::from_json(
        br#"{"buyer":"Acme Baby Products Ltd","end_recipient":"Acme Baby Products Ltd","purpose":"third_party_marketing","as_of":"2017-05-01T00:00:00Z"}"#,
    )
    .unwrap();
    let mut opened = 0;
    let open = || {
        opened += 1;
        std::fs::File::open(&input).map(read_csv)
    };
    let output = dir.path().join("out.csv");
    let log = dir.path().join("out.csv.decisions.jsonl");
    let receipt = buyer
        .job(&broker)
        .decision_log(&log)
        .write_input_to_path(open, &output)
        .unwrap();
    assert_eq!(opened, 3);
    assert_eq!(duplicate_drops(&receipt), 2);
    assert_eq!(emitted(&std::fs::read(&output).unwrap()), ["1", "9", "2"]);
    // The dump, the output and the decision log of the last pass only: one
    // line per row.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    let log = std::fs::read_to_string(&log).unwrap();
    assert_eq!(log.lines().count(), 5);
    assert!(receipt.decision_log_sha256.is_some());
    // Sorted input: one pass.
    std::fs::write(&input, csv_of(&rows(&[1, 2, 4, -4, 9]))).unwrap();
    opened = 0;
    let open = || {
        opened += 1;
        std::fs::File::open(&input).map(read_csv)
    };
    let receipt = buyer
        .job(&broker)
        .write_input_to_path(open, &output)
        .unwrap();
    assert_eq!((opened, duplicate_drops(&receipt)), (1, 2));
}

/// A buyer job to a writer keeps its decision log at a path, atomically;
/// its progress counts each row once; its `Debug` shows its options and
/// nothing the rows hold.
#[test]
fn a_job_to_a_writer_logs_at_a_path_reports_progress_and_shows_no_value() {
    let broker = common::broker(Rules::default());
    let dir = tempfile::tempdir().unwrap();
    let buyer = BuyerFile::from_json(
        br#"{"buyer":"Acme Baby Products Ltd","end_recipient":"Acme Baby Products Ltd","purpose":"third_party_marketing","as_of":"2017-05-01T00:00:00Z"}"#,
    )
    .unwrap();
    let dump = csv_of(&rows(&[1, 2, 4]));
    let log = dir.path().join("decisions.jsonl");
    let mut reports = Vec::new();
    let job = buyer.job(&broker).decision_log(&log);
    let shown = format!("{job:?}");
    assert!(
        shown.contains("decisions.jsonl") && shown.contains("Acme"),
        "{shown}"
    );
    let mut out = Vec::new();
    let receipt = job
        .progress(|done| reports.push(done))
        .write(read_csv(dump.as_bytes()), &mut out)
        .unwrap();
    assert_eq!(reports, [3]);
    assert_eq!(emitted(&out), ["1", "2", "4"]);
    let written = std::fs::read(&log).unwrap();
    assert_eq!(written.iter().filter(|b| **b == b'\n').count(), 3);
    assert!(receipt.decision_log_sha256.is_some());
    // A job that fails leaves no log behind.
    std::fs::remove_file(&log).unwrap();
    let unsorted = csv_of(&rows(&[2, 1]));
    let failed = buyer
        .job(&broker)
        .decision_log(&log)
        .write(read_csv(unsorted.as_bytes()), Vec::new());
    assert!(
        matches!(failed, Err(ExportError::UnsortedInput { .. })),
        "{failed:?}"
    );
    assert!(!log.exists());
}

#[test]
fn the_synthetic_dump_in_either_order_drops_each_repeated_subject_whole() {
    use consent_gate::synthetic::{self, REPEATED_EVERY, Synthetic};
    let broker = synthetic::broker();
    let buyer = BuyerFile::from_json(
        br#"{"buyer":"Acme Baby Products Ltd","end_recipient":"Acme Baby Products Ltd","purpose":"third_party_marketing","as_of":"2017-05-01T00:00:00Z"}"#,
    )
    .unwrap();
    let data = Synthetic::new(REPEATED_EVERY + 10, 5);
    for data in [data, data.shuffled()] {
        let mut dump = Vec::new();
        let written = data.write_csv(&mut dump).unwrap();
        assert_eq!(written.repeated, 1);
        let scan = Duplicates::scan(read_csv(dump.as_slice())).unwrap();
        assert_eq!(scan.len(), 1);
        let mut out = Vec::new();
        let receipt = buyer
            .job(&broker)
            .duplicates(&scan)
            .on_bad_row(OnBadRow::SetAside)
            .write(read_csv(dump.as_slice()), &mut out)
            .unwrap();
        assert!(receipt.reconciles());
        assert_eq!(duplicate_drops(&receipt), 2);
        let out = emitted(&out);
        for subject in scan.subjects() {
            assert!(!out.contains(&subject.to_string()));
        }
    }
}

#[test]
fn a_scan_stops_at_an_input_that_is_unreadable_as_a_whole() {
    let text = csv_of(&rows(&[1, 2])).replacen("subject_id,", "subject,", 1);
    let scan = Duplicates::scan(read_csv(text.as_bytes()));
    assert!(
        matches!(
            scan,
            Err(ExportError::Input(
                consent_gate::crm::ReadError::MissingColumn { .. }
            ))
        ),
        "{scan:?}"
    );
}
