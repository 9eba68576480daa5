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
fn a_row_prints_what_the_broker_holds_but_a_record_does_not() {
    // The CRM row is the broker's raw text, not gated; once read into a
    // record, nothing of it prints.
    let record = good_row(1).to_record(1).unwrap();
    assert_clean("record", &format!("{record:?}"));
}
