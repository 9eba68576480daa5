//! The oracle's own edges: how it matches output rows to input rows.

mod common;

use common::crm::*;
use consent_gate::Rules;
use consent_gate::export::BuyerFile;
use consent_gate::oracle::{OracleError, violations};

fn retailer() -> BuyerFile {
    BuyerFile::from_json(
        br#"{"buyer":"Acme Baby Products Ltd","end_recipient":"Acme Baby Products Ltd",
            "purpose":"third_party_marketing","as_of":"2017-05-01T00:00:00Z"}"#,
    )
    .unwrap()
}

#[test]
fn a_subject_id_is_matched_as_a_number() {
    let mut row = good_row(7);
    row.subject_id = "007".into();
    let output = "subject_id,parent_name\n7,Jane Planted-Name\n";
    let found = violations(&[row], &retailer(), &Rules::default(), output.as_bytes()).unwrap();
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn an_unknown_subject_or_column_is_a_violation() {
    let output = "subject_id,parent_name,shoe_size\n8,Jane,41\n7,Jane,41\n";
    let found = violations(
        &[good_row(7)],
        &retailer(),
        &Rules::default(),
        output.as_bytes(),
    )
    .unwrap();
    let whys: Vec<_> = found
        .iter()
        .map(|v| (v.subject_id.as_str(), v.column.as_str(), v.why))
        .collect();
    assert_eq!(
        whys,
        [
            ("8", "parent_name", "a subject not in the input"),
            ("8", "shoe_size", "a column the export format does not have"),
            ("7", "shoe_size", "a column the export format does not have"),
        ]
    );
}

#[test]
fn input_rows_sharing_a_subject_are_refused() {
    let mut twin = good_row(7);
    twin.subject_id = "+7".into();
    let result = violations(
        &[good_row(7), twin],
        &retailer(),
        &Rules::default(),
        b"subject_id\n",
    );
    assert!(matches!(result, Err(OracleError::DuplicateSubject { .. })));
}
