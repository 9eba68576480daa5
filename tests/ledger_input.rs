//! The ledger form: a subjects file and a consent-events file, joined by
//! subject id as a stream. The same consents in either form give the same
//! export, byte for byte.

mod common;

use common::crm::*;
use consent_gate::crm::{
    CrmRow, EventRow, ReadError, SubjectRow, read_csv, read_events_csv, read_events_json_lines,
    read_ledger, read_subjects_csv, read_subjects_json_lines,
};
use consent_gate::export::{BuyerFile, OnBadRow, Receipt};
use consent_gate::synthetic::{self, REPEATED_EVERY, Synthetic};
use consent_gate::{PurposeKind, Record};

fn buyer(buyer: &str, end: &str, purpose: &str) -> BuyerFile {
    BuyerFile::from_json(
        format!(
            r#"{{"buyer":"{buyer}","end_recipient":"{end}","purpose":"{purpose}","as_of":"2017-05-01T00:00:00Z"}}"#
        )
        .as_bytes(),
    )
    .unwrap()
}

fn export<I: IntoIterator<Item = Result<Record, ReadError>>>(
    buyer: &BuyerFile,
    records: I,
) -> (Receipt, Vec<u8>) {
    let mut out = Vec::new();
    let receipt = buyer
        .job(&synthetic::broker())
        .on_bad_row(OnBadRow::SetAside)
        .write(records, &mut out)
        .unwrap();
    assert!(receipt.reconciles());
    (receipt, out)
}

#[test]
fn the_same_consents_in_either_form_give_the_same_export() {
    let data = Synthetic::new(REPEATED_EVERY + 2_000, 11);
    let mut dump = Vec::new();
    data.write_csv(&mut dump).unwrap();
    let (mut subjects, mut events) = (Vec::new(), Vec::new());
    let written = data.write_ledger_csv(&mut subjects, &mut events).unwrap();
    assert_eq!(written.repeated, 1);
    let buyers = [
        buyer(
            synthetic::RETAILER,
            synthetic::RETAILER,
            "third_party_marketing",
        ),
        buyer(synthetic::BROKER, synthetic::BROKER, "marketing_email"),
        buyer(synthetic::BROKER, synthetic::BROKER, "research"),
        buyer(synthetic::AGENCY, synthetic::PARTY, "political_campaigning"),
    ];
    for buyer in &buyers {
        let (one_row, one_row_out) = export(buyer, read_csv(dump.as_slice()));
        let ledger = read_ledger(
            read_subjects_csv(subjects.as_slice()),
            read_events_csv(events.as_slice()),
        );
        let (two_files, two_files_out) = export(buyer, ledger);
        assert!(
            one_row.records_emitted > 0 || buyer.purpose() == PurposeKind::PoliticalCampaigning
        );
        assert_eq!(one_row_out, two_files_out, "{}", buyer.purpose());
        assert_eq!(one_row.output_sha256, two_files.output_sha256);
        // The repeated subject is one record in the ledger form.
        assert_eq!(one_row.records_in, two_files.records_in + 1);
    }
}

fn subject(id: u64) -> SubjectRow {
    good_row(id).to_ledger().0
}

fn given(id: u64) -> EventRow {
    good_row(id).to_ledger().1.remove(0)
}

fn change(id: u64, event: &str, at: &str, purposes: &str) -> EventRow {
    EventRow {
        subject_id: id.to_string(),
        event: event.into(),
        at: at.into(),
        purposes: purposes.into(),
        ..EventRow::default()
    }
}

fn csv<T: serde::Serialize>(rows: &[T]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.serialize(row).unwrap();
    }
    w.into_inner().unwrap()
}

fn jsonl<T: serde::Serialize>(rows: &[T]) -> Vec<u8> {
    rows.iter()
        .flat_map(|r| serde_json::to_vec(r).unwrap().into_iter().chain([b'\n']))
        .collect()
}

/// The join's items for these files, in CSV and in JSON Lines (which must
/// agree), as the subject and whether it was read or the error's code.
fn join(
    subjects: &[SubjectRow],
    events: &[EventRow],
) -> Vec<(Option<u64>, Result<usize, &'static str>)> {
    let summary = |item: Result<Record, ReadError>| match item {
        Ok(record) => (
            Some(record.subject().0),
            Ok(record.consents().given().count() + record.consents().changes().len()),
        ),
        Err(e) => (e.subject(), Err(e.code())),
    };
    let from_csv: Vec<_> = read_ledger(
        read_subjects_csv(csv(subjects).as_slice()),
        read_events_csv(csv(events).as_slice()),
    )
    .map(summary)
    .collect();
    let from_json: Vec<_> = read_ledger(
        read_subjects_json_lines(jsonl(subjects).as_slice()),
        read_events_json_lines(jsonl(events).as_slice()),
    )
    .map(summary)
    .collect();
    assert_eq!(from_csv, from_json);
    from_csv
}

#[test]
fn each_subject_gets_its_own_events() {
    let events = [
        given(1),
        change(1, "withdrawn", "2016-10-01T00:00:00Z", "marketing_post"),
        given(3),
        change(3, "objected", "2016-11-01T00:00:00Z", ""),
        change(3, "refused", "2016-11-02T00:00:00Z", "research"),
    ];
    assert_eq!(
        join(&[subject(1), subject(2), subject(3)], &events),
        [(Some(1), Ok(2)), (Some(2), Ok(0)), (Some(3), Ok(3))]
    );
}

#[test]
fn an_unreadable_event_spoils_its_subject_and_no_other() {
    let events = [
        given(1),
        change(1, "withdrawn", "yesterday", "marketing_post"),
        given(2),
        change(2, "forgotten", "2016-10-01T00:00:00Z", "marketing_post"),
        change(3, "withdrawn", "2016-10-01T00:00:00Z", ""),
        given(4),
    ];
    let subjects = [subject(1), subject(2), subject(3), subject(4)];
    assert_eq!(
        join(&subjects, &events),
        [
            (Some(1), Err("not_an_instant")),
            (Some(2), Err("unknown_event")),
            (Some(3), Err("empty")),
            (Some(4), Ok(1)),
        ]
    );
}

#[test]
fn an_event_for_no_subject_is_an_item_of_its_own() {
    let events = [given(1), given(2), given(5), given(9)];
    assert_eq!(
        join(&[subject(1), subject(5)], &events),
        [
            (Some(1), Ok(1)),
            (Some(2), Err("unknown_subject")),
            (Some(5), Ok(1)),
            (Some(9), Err("unknown_subject")),
        ]
    );
}

#[test]
fn out_of_order_files_end_the_join() {
    let out_of_order = join(&[subject(2), subject(1)], &[given(2)]);
    assert_eq!(
        out_of_order,
        [(Some(2), Ok(1)), (Some(1), Err("out_of_order"))]
    );
    let twice = join(&[subject(2), subject(2)], &[]);
    assert_eq!(twice, [(Some(2), Ok(0)), (Some(2), Err("out_of_order"))]);
    let events_out_of_order = join(&[subject(1), subject(2)], &[given(2), given(1)]);
    assert_eq!(
        events_out_of_order.last(),
        Some(&(Some(1), Err("out_of_order")))
    );
}

#[test]
fn a_set_aside_event_is_marked_as_the_events_files_in_the_receipt() {
    let subjects = csv(&[subject(1)]);
    let events = csv(&[given(1), given(7)]);
    let (receipt, _) = export(
        &buyer("Nobody Ltd", "Nobody Ltd", "research"),
        read_ledger(
            read_subjects_csv(subjects.as_slice()),
            read_events_csv(events.as_slice()),
        ),
    );
    assert_eq!(receipt.records_set_aside, 1);
    assert!(receipt.set_aside[0].events);
    assert_eq!(receipt.set_aside[0].problem, "unknown_subject");
    let json = String::from_utf8(receipt.to_json()).unwrap();
    assert!(json.contains("\"events\": true"));
}

#[test]
fn rows_of_the_ledger_form_show_no_personal_value_in_debug() {
    let (subject, events) = good_row(7).to_ledger();
    let shown = format!("{subject:?} {events:?}");
    for value in common::planted() {
        assert!(!shown.contains(&value), "{value}");
    }
    assert!(shown.contains("\"7\""));
    let _ = CrmRow::default().to_ledger();
}

/// An events file unreadable as a whole (its header lacks a column) is no
/// row to set aside: the export stops on it, whatever it does with bad
/// rows, and the error says it is the events file's.
#[test]
fn an_events_file_unreadable_as_a_whole_stops_the_export() {
    let subjects = csv(&[subject(1), subject(2)]);
    let events = b"subject_id,event,purposes\n1,given,research\n";
    let mut read = read_ledger(
        read_subjects_csv(subjects.as_slice()),
        read_events_csv(&events[..]),
    );
    let first = read.next().unwrap().unwrap_err();
    assert!(first.in_events(), "{first:?}");
    assert!(!first.is_row_level(), "{first:?}");
    assert!(read.next().is_none(), "the join ends");
    let broker = synthetic::broker();
    let stopped = buyer("Nobody Ltd", "Nobody Ltd", "research")
        .job(&broker)
        .on_bad_row(OnBadRow::SetAside)
        .write(
            read_ledger(
                read_subjects_csv(subjects.as_slice()),
                read_events_csv(&events[..]),
            ),
            Vec::new(),
        );
    assert!(
        matches!(&stopped, Err(consent_gate::export::ExportError::Input(e)) if e.in_events()),
        "{stopped:?}"
    );
}
