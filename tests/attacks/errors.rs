//! Class 7: errors name the line, record and field, and quote only names
//! from the crate's own lists: a personal value typed into the wrong
//! column never comes back in a message.

use super::common::crm::*;
use super::common::*;
use consent_gate::PurposeKind;
use consent_gate::crm::{CrmRow, read_csv, read_json_lines};
use consent_gate::export::BuyerFile;
use consent_gate::export::Format;

fn assert_clean(what: &str, text: &str) {
    for value in planted() {
        assert!(!text.contains(&value), "{what} leaks `{value}`: {text}");
    }
}

/// Types a value into one column of a row.
type Plant = fn(&mut CrmRow, &str);

/// Every column that is parsed, with a planted value typed into it.
fn misplaced() -> Vec<(&'static str, Plant)> {
    vec![
        ("subject_id", |r, v| r.subject_id = v.into()),
        ("mother_birth_date", |r, v| r.mother_birth_date = v.into()),
        ("children_under_five", |r, v| {
            r.children_under_five = v.into()
        }),
        ("child_birth_dates", |r, v| r.child_birth_dates = v.into()),
        ("due_date", |r, v| r.due_date = v.into()),
        ("purposes", |r, v| {
            r.purposes = format!("marketing_post;{v}")
        }),
        ("categories", |r, v| r.categories = v.into()),
        ("notice_version", |r, v| r.notice_version = v.into()),
        ("consent_given_at", |r, v| r.consent_given_at = v.into()),
        ("consent_expires_at", |r, v| r.consent_expires_at = v.into()),
        ("consent_withdrawn_at", |r, v| {
            r.consent_withdrawn_at = v.into()
        }),
        ("collection", |r, v| r.collection = v.into()),
        ("existing_customer", |r, v| r.existing_customer = v.into()),
        ("opt_out_offered", |r, v| r.opt_out_offered = v.into()),
        ("parental_consent", |r, v| r.parental_consent = v.into()),
    ]
}

#[test]
fn no_read_error_quotes_what_was_typed() {
    for (column, plant) in misplaced() {
        for value in [NAME, EMAIL, PHONE, POSTCODE] {
            let mut bad = good_row(2);
            plant(&mut bad, value);
            let rows = [good_row(1), bad];
            for errors in [
                read_csv(csv_of(&rows).as_bytes())
                    .filter_map(Result::err)
                    .collect::<Vec<_>>(),
                read_json_lines(jsonl_of(&rows).as_bytes())
                    .filter_map(Result::err)
                    .collect(),
            ] {
                assert_eq!(errors.len(), 1, "{column} = {value}");
                let err = &errors[0];
                let shown = format!("{err} | {err:?}");
                assert_clean(column, &shown);
                assert!(shown.contains(column), "{shown}");
            }
        }
    }
}

#[test]
fn no_parse_error_quotes_what_was_typed() {
    let purpose = EMAIL.parse::<PurposeKind>().unwrap_err();
    let format = EMAIL.parse::<Format>().unwrap_err();
    assert_clean("purpose", &format!("{purpose} {purpose:?}"));
    assert_clean("format", &format!("{format} {format:?}"));
    for file in [
        format!(
            r#"{{"buyer":"A","end_recipient":"B","purpose":"{EMAIL}","as_of":"2017-05-01T00:00:00Z"}}"#
        ),
        format!(r#"{{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"{EMAIL}"}}"#),
        format!(
            r#"{{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z","format":"{EMAIL}"}}"#
        ),
        format!(
            r#"{{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z","{EMAIL}":1}}"#
        ),
        format!(r#"{{"buyer":"A","end_recipient":{EMAIL}}}"#),
        format!(r#"["{EMAIL}"]"#),
    ] {
        let err = BuyerFile::from_json(file.as_bytes()).unwrap_err();
        assert_clean("buyer file", &format!("{err} {err:?}"));
    }
}

/// The contact points of people who asked not to be marketed to are
/// personal data: a broker's `Debug` (what a failing job or a log prints)
/// counts them and shows none.
#[test]
fn a_brokers_debug_shows_no_suppressed_contact_point() {
    let list = consent_gate::SuppressionList::default()
        .phone(PHONE)
        .email(EMAIL)
        .name_and_postcode(NAME, POSTCODE);
    let broker = broker_with(consent_gate::Rules::default(), list.clone());
    let shown = format!("{list:?} {broker:?} {broker:#?}");
    for value in [
        PHONE,
        "07700900123",
        EMAIL,
        NAME,
        "jane planted-name",
        POSTCODE,
        "LS14PL",
    ] {
        assert!(!shown.contains(value), "shows `{value}`: {shown}");
    }
    assert!(
        shown.contains("phones: 1") && shown.contains("emails: 1"),
        "{shown}"
    );
}
