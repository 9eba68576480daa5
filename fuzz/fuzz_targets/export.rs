//! Arbitrary rows and a buyer: the export never panics, its receipt
//! reconciles and hashes the bytes, and the oracle finds no value the
//! consent rules did not allow.
#![no_main]

use consent_gate::crm::{CrmRow, read_csv};
use consent_gate::export::{BuyerFile, OnBadRow};
use consent_gate::{oracle, synthetic};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Vec<CrmRow>, BuyerFile)| {
    let (mut rows, buyer) = input;
    // The oracle matches output rows to input rows by subject id.
    let mut seen = std::collections::HashSet::new();
    rows.retain(|row| {
        let id = row.subject_id.trim();
        seen.insert(id.parse::<u64>().map_or_else(|_| id.to_owned(), |n| n.to_string()))
    });
    let mut dump = csv::Writer::from_writer(Vec::new());
    for row in &rows {
        dump.serialize(row).unwrap();
    }
    let dump = dump.into_inner().unwrap();
    let mut out = Vec::new();
    static BROKER: std::sync::OnceLock<consent_gate::Broker> = std::sync::OnceLock::new();
    let broker = BROKER.get_or_init(synthetic::broker);
    let receipt = buyer
        .export(broker, read_csv(dump.as_slice()), &mut out, OnBadRow::SetAside, |_| {})
        .unwrap();
    assert!(receipt.reconciles());
    assert_eq!(receipt.records_in, rows.len() as u64);
    let found = oracle::violations(&rows, &buyer, broker, &out).unwrap();
    assert!(found.is_empty(), "{found:?}");
});
