//! Property tests: the gate agrees with the naive model on every field of
//! every generated record; every format round-trips; every receipt
//! reconciles and every export passes the oracle.
//!
//! `PROPTEST_CASES` sets the number of cases (256 unless said).

use chrono::{DateTime, TimeZone, Utc};
use consent_gate::category::BUILTIN;
use consent_gate::crm::{
    CrmRow, read_csv, read_events_csv, read_json_lines, read_ledger, read_subjects_csv,
};
use consent_gate::export::{BuyerFile, Format, OnBadRow};
use consent_gate::oracle::{self, ledger_model, model};
use consent_gate::purpose::Purpose;
use consent_gate::{Broker, Declaration, Record, SubjectId, strategy};
use proptest::prelude::*;

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2017, 5, 1, 9, 30, 0).unwrap()
}

/// The gate's decision for every built-in category, for the declared
/// purpose chosen at run time: all refused when the broker refuses the
/// declaration.
fn gate_decisions(buyer: &BuyerFile, broker: &Broker, record: &Record) -> Vec<bool> {
    fn run<P: Purpose>(buyer: &BuyerFile, broker: &Broker, record: &Record) -> Vec<bool> {
        let declaration =
            Declaration::<P>::new(buyer.buyer(), buyer.end_recipient(), buyer.as_of()).unwrap();
        let Ok(gate) = broker.gate(declaration) else {
            return vec![false; BUILTIN.len()];
        };
        match gate.check(record) {
            Ok(clearance) => BUILTIN
                .iter()
                .map(|c| clearance.decide(*c).is_ok())
                .collect(),
            Err(_) => vec![false; BUILTIN.len()],
        }
    }
    consent_gate::with_purpose!(buyer.purpose(), |P| run::<P>(buyer, broker, record))
}

/// A broker whose suppression list may also hold the row's own subject.
fn with_subject_suppressed(broker: &Broker, id: SubjectId) -> Broker {
    let suppression = broker.suppression().clone().subject(id);
    Broker::builder(broker.organisations().clone(), broker.notices().clone())
        .rules(broker.rules().clone())
        .suppression(suppression)
        .build()
}

fn csv_text<T: serde::Serialize>(rows: &[T]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.serialize(row).unwrap();
    }
    w.into_inner().unwrap()
}

fn jsonl_text(rows: &[CrmRow]) -> Vec<u8> {
    rows.iter()
        .flat_map(|r| {
            let mut line = serde_json::to_vec(r).unwrap();
            line.push(b'\n');
            line
        })
        .collect()
}

proptest! {
    #[test]
    fn the_gate_agrees_with_the_naive_ledger_model_on_every_field(
        (subject, events) in strategy::ledger_subject(as_of()),
        buyer in strategy::buyer_file(as_of()),
        broker in strategy::broker(as_of()),
    ) {
        let (subjects_csv, events_csv) = (csv_text(std::slice::from_ref(&subject)), csv_text(&events));
        let mut records = read_ledger(
            read_subjects_csv(subjects_csv.as_slice()),
            read_events_csv(events_csv.as_slice()),
        );
        // A history that cannot all be read is set aside, not judged.
        let Some(Ok(record)) = records.next() else {
            return Ok(());
        };
        let declared = model::Declared {
            purpose: buyer.purpose().name(),
            buyer: buyer.buyer(),
            end_recipient: buyer.end_recipient(),
            as_of: buyer.as_of(),
        };
        let gate = gate_decisions(&buyer, &broker, &record);
        for (category, gate_says) in BUILTIN.iter().zip(gate) {
            let model_says =
                ledger_model::allows_ledger(&subject, &events, &declared, &broker, category.name());
            prop_assert_eq!(Some(gate_says), model_says, "category {}", category);
        }
    }

    #[test]
    fn every_ledger_export_reconciles_and_passes_the_oracle(
        ledgers in proptest::collection::vec(strategy::ledger_subject(as_of()), 0..8),
        buyer in strategy::buyer_file(as_of()),
        broker in strategy::broker(as_of()),
    ) {
        let mut subjects = Vec::new();
        let mut events = Vec::new();
        for (i, (mut subject, history)) in ledgers.into_iter().enumerate() {
            subject.subject_id = (i + 1).to_string();
            for mut event in history {
                event.subject_id.clone_from(&subject.subject_id);
                events.push(event);
            }
            subjects.push(subject);
        }
        let (subjects_csv, events_csv) = (csv_text(&subjects), csv_text(&events));
        let mut out = Vec::new();
        let receipt = buyer
            .job(&broker)
            .on_bad_row(OnBadRow::SetAside)
            .write(
                read_ledger(read_subjects_csv(subjects_csv.as_slice()), read_events_csv(events_csv.as_slice())),
                &mut out,
            )
            .unwrap();
        prop_assert!(receipt.reconciles());
        prop_assert_eq!(receipt.records_in, subjects.len() as u64);
        let found = oracle::ledger_violations(&subjects, &events, &buyer, &broker, &out).unwrap();
        prop_assert!(found.is_empty(), "{:?}", found);
    }

    #[test]
    fn the_gate_agrees_with_the_naive_model_on_every_field(
        row in strategy::crm_row(as_of()),
        buyer in strategy::buyer_file(as_of()),
        broker in strategy::broker(as_of()),
        suppress_this in any::<bool>(),
    ) {
        let broker = if suppress_this {
            with_subject_suppressed(&broker, SubjectId(row.subject_id.parse().unwrap()))
        } else {
            broker
        };
        let record = row.to_record_at(1).unwrap();
        let declared = model::Declared {
            purpose: buyer.purpose().name(),
            buyer: buyer.buyer(),
            end_recipient: buyer.end_recipient(),
            as_of: buyer.as_of(),
        };
        let gate = gate_decisions(&buyer, &broker, &record);
        for (category, gate_says) in BUILTIN.iter().zip(gate) {
            let model_says = model::allows(&row, &declared, &broker, category.name());
            prop_assert_eq!(Some(gate_says), model_says, "category {}", category);
        }
    }

    #[test]
    fn crm_rows_round_trip_through_csv_and_json_lines(rows in strategy::dataset(as_of(), 12)) {
        let csv = csv_text(&rows);
        let back: Vec<CrmRow> = csv::Reader::from_reader(csv.as_slice())
            .deserialize()
            .collect::<Result<_, _>>()
            .unwrap();
        prop_assert_eq!(&back, &rows);
        let jsonl = jsonl_text(&rows);
        let back: Vec<CrmRow> = jsonl
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        prop_assert_eq!(&back, &rows);
        // The crate's readers agree with the row-by-row reading, in both
        // formats, on which rows are valid and whose they are.
        let expected: Vec<Option<SubjectId>> =
            rows.iter().map(|r| r.to_record_at(1).ok().map(|r| r.subject())).collect();
        let from_csv: Vec<_> = read_csv(csv.as_slice()).map(|r| r.ok().map(|r| r.subject())).collect();
        let from_jsonl: Vec<_> =
            read_json_lines(jsonl.as_slice()).map(|r| r.ok().map(|r| r.subject())).collect();
        prop_assert_eq!(&from_csv, &expected);
        prop_assert_eq!(&from_jsonl, &expected);
    }

    #[test]
    fn every_export_reconciles_and_passes_the_oracle(
        rows in strategy::dataset(as_of(), 16),
        buyer in strategy::buyer_file(as_of()),
        broker in strategy::broker(as_of()),
        from_jsonl in any::<bool>(),
    ) {
        let dir = std::env::temp_dir().join(format!("cg-prop-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("out.{}", buyer.format().extension()));
        let receipt = if from_jsonl {
            let input = jsonl_text(&rows);
            buyer.job(&broker).on_bad_row(OnBadRow::SetAside).write_to_path(read_json_lines(input.as_slice()), &path)
        } else {
            let input = csv_text(&rows);
            buyer.job(&broker).on_bad_row(OnBadRow::SetAside).write_to_path(read_csv(input.as_slice()), &path)
        }
        .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        prop_assert!(receipt.reconciles());
        prop_assert_eq!(receipt.records_in, rows.len() as u64);
        let invalid = rows.iter().filter(|r| r.to_record_at(1).is_err()).count() as u64;
        prop_assert_eq!(receipt.records_set_aside, invalid);
        let found = oracle::violations(&rows, &buyer, &broker, &bytes).unwrap();
        prop_assert!(found.is_empty(), "{:?}", found);
        if buyer.format() == Format::Csv {
            let lines = csv::Reader::from_reader(bytes.as_slice()).records().count() as u64;
            prop_assert_eq!(lines, receipt.records_emitted);
        }
    }
}
