//! What else a hostile crate tries: trait objects and `Any`, a record kept
//! inside another's extension, `Borrow` impls that change their answer,
//! progress callbacks that watch the output, panics in the middle of an
//! export, and threads.

use consent_gate::schema::FullSchema;
use std::any::Any;
use std::borrow::Borrow;
use std::cell::Cell;
use std::fmt::Debug;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use super::common::*;
use consent_gate::crm::{self, CrmRow};
use consent_gate::export::{BuyerFile, Export, Format};
use consent_gate::field::{ChildBirthDates, ParentName};
use consent_gate::purpose::{PoliticalCampaigning, ThirdPartyMarketing};
use consent_gate::*;

fn assert_clean(what: &str, text: &str) {
    for value in planted() {
        assert!(!text.contains(&value), "{what} leaks `{value}`: {text}");
    }
}

fn covering() -> ConsentScope {
    ConsentScope::builder(Purposes::all(), notice_without_politics(), at(2016, 9, 1))
        .recipient("Acme")
        .build()
        .unwrap()
}

fn refusing() -> ConsentScope {
    ConsentScope::builder(
        Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2016, 9, 1),
    )
    .build()
    .unwrap()
}

fn acme() -> Gate<ThirdPartyMarketing> {
    gate("Acme", "Acme", Rules::default())
}

/// The synthetic retailer's gate, for the synthetic rows.
fn retailer_gate() -> Gate<ThirdPartyMarketing> {
    consent_gate::synthetic::broker()
        .gate(
            Declaration::new(
                consent_gate::synthetic::RETAILER,
                consent_gate::synthetic::RETAILER,
                as_of(),
            )
            .unwrap(),
        )
        .unwrap()
}

#[test]
fn trait_objects_and_any_show_nothing() {
    let record = record(1, refusing());
    let gate = gate::<PoliticalCampaigning>("Agency", "Party", Rules::default());
    let cleared = gate.check(&record);
    let shown: Vec<Box<dyn Debug + '_>> = vec![
        Box::new(&record),
        Box::new(&cleared),
        Box::new(Gated::<String, category::Name>::new(NAME.into())),
    ];
    for object in &shown {
        assert_clean("dyn Debug", &format!("{object:?} {object:#?}"));
    }
    // `Any` hands back the record as it was: sealed.
    let any: &dyn Any = &record;
    let back = any.downcast_ref::<Record>().unwrap();
    assert_clean("downcast", &format!("{back:?}"));
}

#[test]
fn a_record_inside_another_records_extension_stays_sealed() {
    // The outer record consents to everything for Acme; the inner one, kept
    // in its extension, to nothing. Exporting the outer record with every
    // field writes the outer values only.
    let outer_name = "Outer Subject";
    let inner = record(2, refusing());
    let outer = Record::builder(SubjectId(1), outer_name, Address::default(), covering())
        .extra(inner)
        .build();
    let gate = acme();
    let mut out = Vec::new();
    Export::<_, FullSchema, Record>::with_schema(&gate)
        .write([&outer], &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(outer_name), "{text}");
    assert_clean("export of the outer record", &text);
    assert_clean("outer Debug", &format!("{outer:?}"));
}

/// A `Borrow` that gives a covering record on odd calls and a record that
/// consents to nothing (holding the planted values) on even ones.
struct Shifty<'a> {
    calls: Cell<u32>,
    cleared: &'a Record,
    refused: &'a Record,
}

impl Borrow<Record> for Shifty<'_> {
    fn borrow(&self) -> &Record {
        let n = self.calls.get();
        self.calls.set(n + 1);
        if n.is_multiple_of(2) {
            self.cleared
        } else {
            self.refused
        }
    }
}

#[test]
fn a_borrow_that_changes_its_answer_cannot_swap_the_record_after_the_check() {
    let cleared = Record::builder(
        SubjectId(1),
        "Cleared Subject",
        Address::default(),
        covering(),
    )
    .build();
    let refused = record(1, refusing());
    for first in [0, 1] {
        let items: Vec<_> = (0..6)
            .map(|_| {
                Ok::<_, crm::ReadError>(Shifty {
                    calls: Cell::new(first),
                    cleared: &cleared,
                    refused: &refused,
                })
            })
            .collect();
        let mut out = Vec::new();
        let receipt = Export::new(&acme()).write(items, &mut out).unwrap();
        assert!(receipt.reconciles());
        assert_clean(
            "export through a shifty Borrow",
            &String::from_utf8(out).unwrap(),
        );
    }
}

/// A writer whose bytes a progress callback can watch.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn rows(n: u64) -> Vec<CrmRow> {
    consent_gate::synthetic::Synthetic::new(n, 3)
        .rows()
        .filter(|r| r.to_record_at(1).is_ok())
        .collect()
}

fn retailer(format: Format) -> BuyerFile {
    let retailer = consent_gate::synthetic::RETAILER;
    BuyerFile::new(
        retailer,
        retailer,
        PurposeKind::ThirdPartyMarketing,
        as_of(),
    )
    .unwrap()
    .with_format(format)
}

#[test]
fn a_progress_callback_watching_the_output_sees_only_cleared_rows() {
    let rows = rows(3_000);
    let records: Vec<Record> = rows.iter().map(|r| r.to_record_at(1).unwrap()).collect();
    let buyer = retailer(Format::Csv);
    let broker = consent_gate::synthetic::broker();
    let gate = broker
        .gate(
            Declaration::<ThirdPartyMarketing>::new(
                buyer.buyer(),
                buyer.end_recipient(),
                buyer.as_of(),
            )
            .unwrap(),
        )
        .unwrap();
    let out = Shared::default();
    let watched = out.clone();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen_in_callback = Arc::clone(&seen);
    Export::new(&gate)
        .progress(100, move |_| {
            let bytes = watched.0.lock().unwrap().clone();
            seen_in_callback.lock().unwrap().push(bytes);
        })
        .write(records.iter(), out.clone())
        .unwrap();
    let seen = seen.lock().unwrap();
    assert!(seen.len() >= 30);
    for bytes in seen.iter().filter(|b| !b.is_empty()) {
        let found = oracle::violations(&rows, &buyer, &broker, bytes).unwrap();
        assert!(found.is_empty(), "{found:?}");
    }
}

#[test]
fn a_panic_in_the_middle_of_an_export_leaves_no_file() {
    let dir = std::env::temp_dir().join(format!("cg-attack-panic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("export.csv");
    let records: Vec<Record> = rows(2_000)
        .iter()
        .map(|r| r.to_record_at(1).unwrap())
        .collect();
    let gate = acme();
    let result = catch_unwind(AssertUnwindSafe(|| {
        Export::new(&gate)
            .progress(500, |done| assert!(done < 1_000, "the callback panics"))
            .write_to_path(records.iter(), &path)
    }));
    assert!(result.is_err());
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    // The gate is immutable: it still judges as before.
    let again = Export::new(&gate)
        .write_to_path(records.iter(), &path)
        .unwrap();
    assert!(again.reconciles() && path.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn threads_see_what_one_thread_sees() {
    let rows = rows(2_000);
    let records: Vec<Record> = rows.iter().map(|r| r.to_record_at(1).unwrap()).collect();
    let acme = retailer_gate();
    let export = || {
        let mut out = Vec::new();
        Export::new(&acme).write(records.iter(), &mut out).unwrap();
        out
    };
    let alone = export();
    let together: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(export)).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for bytes in together {
        assert_eq!(bytes, alone);
    }
    // Clearances cross threads and open no more there.
    let record = record(1, refusing());
    let party = gate::<PoliticalCampaigning>("Agency", "Party", Rules::default());
    let cleared = party.check(&record);
    std::thread::scope(|s| {
        s.spawn(|| {
            let opened = cleared.as_ref().map(|c| c.get::<ParentName>());
            assert!(opened.is_err());
        });
    });
    let research = gate::<consent_gate::purpose::Research>("Broker", "Broker", Rules::default());
    assert!(
        research
            .check(&record)
            .and_then(|c| c.get::<ChildBirthDates>())
            .is_err()
    );
}
