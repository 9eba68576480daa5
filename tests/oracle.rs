//! The oracle's own edges: how it matches output rows to input rows, and
//! that it judges values, not column names.

mod common;

use common::broker;
use common::crm::*;
use consent_gate::Rules;
use consent_gate::export::BuyerFile;
use consent_gate::oracle::violations;

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
    let found = violations(
        &[row],
        &retailer(),
        &broker(Rules::default()),
        output.as_bytes(),
    )
    .unwrap();
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn an_unknown_subject_or_column_is_a_violation() {
    let output =
        "subject_id,parent_name,shoe_size\n8,Jane Planted-Name,41\n7,Jane Planted-Name,41\n";
    let found = violations(
        &[good_row(7)],
        &retailer(),
        &broker(Rules::default()),
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
            ("8", "subject_id", "a subject not in the input"),
            ("8", "shoe_size", "a column the export format does not have"),
            ("7", "shoe_size", "a column the export format does not have"),
        ]
    );
}

#[test]
fn a_row_of_a_subject_the_input_names_twice_is_a_violation() {
    let mut twin = good_row(7);
    twin.subject_id = "+7".into();
    let input = [good_row(7), good_row(8), twin];
    let found = violations(
        &input,
        &retailer(),
        &broker(Rules::default()),
        b"subject_id\n7\n8\n",
    )
    .unwrap();
    assert_eq!(
        whys(&found),
        [("subject_id", "a subject on more than one input row")]
    );
    assert_eq!(found[0].subject_id, "7");
}

fn whys(found: &[consent_gate::oracle::Violation]) -> Vec<(&str, &str)> {
    found.iter().map(|v| (v.column.as_str(), v.why)).collect()
}

const NOT_THE_INPUT: &str = "not the input's value for this subject and column";

#[test]
fn a_laundered_value_under_an_innocent_column_is_caught_in_csv() {
    // The retailer may receive the mother's birth date; the child's birth
    // date written in its place is caught although the column is allowed.
    let output = "subject_id,parent_name,mother_birth_date\n7,Jane Planted-Name,2015-11-23\n";
    let found = violations(
        &[good_row(7)],
        &retailer(),
        &broker(Rules::default()),
        output.as_bytes(),
    )
    .unwrap();
    assert_eq!(whys(&found), [("mother_birth_date", NOT_THE_INPUT)]);
    // The true value passes, and so does a neutralised formula cell.
    let mut row = good_row(7);
    row.parent_name = "=Jane".into();
    let honest = "subject_id,parent_name,mother_birth_date\n7,'=Jane,1987-06-14\n";
    let found = violations(
        &[row],
        &retailer(),
        &broker(Rules::default()),
        honest.as_bytes(),
    )
    .unwrap();
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_laundered_value_is_caught_in_json_lines() {
    let buyer = retailer().with_format(consent_gate::export::Format::JsonLines);
    let lines = [
        // A child's birth date as the mother's.
        (
            r#"{"subject_id":7,"mother_birth_date":"2015-11-23"}"#,
            "mother_birth_date",
        ),
        // A postcode as the town, inside the address object.
        (
            r#"{"subject_id":7,"address":{"line1":"1 Planted Street","line2":"","town":"LS1 4PL","postcode":"LS1 4PL"}}"#,
            "address_town",
        ),
        // The children's flag turned round.
        (
            r#"{"subject_id":7,"children_under_five":false}"#,
            "children_under_five",
        ),
        // A value of the wrong shape.
        (
            r#"{"subject_id":7,"parent_name":{"first":"Jane"}}"#,
            "parent_name",
        ),
    ];
    for (line, column) in lines {
        let found = violations(
            &[good_row(7)],
            &buyer,
            &broker(Rules::default()),
            line.as_bytes(),
        )
        .unwrap();
        assert_eq!(whys(&found), [(column, NOT_THE_INPUT)], "{line}");
    }
    let honest = r#"{"subject_id":7,"parent_name":"Jane Planted-Name","children_under_five":true,"child_birth_dates":["2015-11-23"],"address":{"line1":"1 Planted Street","line2":"","town":"Leeds","postcode":"LS1 4PL"}}"#;
    let found = violations(
        &[good_row(7)],
        &buyer,
        &broker(Rules::default()),
        honest.as_bytes(),
    )
    .unwrap();
    assert!(found.is_empty(), "{found:?}");
}
