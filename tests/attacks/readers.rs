//! Class 6: a reader keeps the last row it read in its buffer; its `Debug`
//! must not print it.

use super::common::crm::*;
use super::common::*;
use consent_gate::crm::{read_csv, read_json_lines};

fn assert_clean(what: &str, text: &str) {
    for value in planted() {
        assert!(!text.contains(&value), "{what} leaks `{value}`: {text}");
    }
}

#[test]
fn a_readers_debug_prints_no_row() {
    let mut second = good_row(2);
    second.purposes = EMAIL.into(); // a bad row, to leave an error behind too
    let rows = [good_row(1), second, good_row(3)];
    let csv = csv_of(&rows);
    let jsonl = jsonl_of(&rows);

    let mut reader = read_csv(csv.as_bytes());
    assert!(reader.next().unwrap().is_ok());
    assert_clean("CSV reader", &format!("{reader:?} {reader:#?}"));
    let err = reader.next().unwrap().unwrap_err();
    assert_clean("CSV reader", &format!("{reader:?}"));
    assert_clean("CSV error", &format!("{err} {err:?}"));
    assert!(
        format!("{reader:?}").contains("records_read: 2"),
        "{reader:?}"
    );

    let mut reader = read_json_lines(jsonl.as_bytes());
    assert!(reader.next().unwrap().is_ok());
    assert_clean("JSON Lines reader", &format!("{reader:?} {reader:#?}"));
    let err = reader.next().unwrap().unwrap_err();
    assert_clean("JSON Lines reader", &format!("{reader:?}"));
    assert_clean("JSON Lines error", &format!("{err} {err:?}"));
    assert!(
        format!("{reader:?}").contains("lines_read: 2"),
        "{reader:?}"
    );
}

#[test]
fn neither_a_row_nor_its_record_prints_its_values() {
    // The CRM row is the broker's raw text: its fields are public to the
    // broker's code, but what a log or a failing test prints is redacted.
    let row = good_row(1);
    assert_clean("row", &format!("{row:?} {row:#?}"));
    assert!(format!("{row:?}").contains("subject_id: \"1\""));
    let mut odd = good_row(1);
    odd.subject_id = EMAIL.into();
    assert_clean("row with a misplaced id", &format!("{odd:?}"));
    let record = row.to_record_at(1).unwrap();
    assert_clean("record", &format!("{record:?}"));
}
