//! Arbitrary rows and a buyer: the export never panics, its receipt
//! reconciles and hashes the bytes, and the oracle finds no value the
//! consent rules did not allow. Rows come in any order, subjects repeated:
//! a subject on two rows must never reach the output.
#![no_main]

use consent_gate::crm::{CrmRow, read_csv};
use consent_gate::export::{BuyerFile, Duplicates, OnBadRow};
use consent_gate::{oracle, synthetic};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Vec<CrmRow>, BuyerFile)| {
    let (rows, buyer) = input;
    let mut dump = csv::Writer::from_writer(Vec::new());
    for row in &rows {
        dump.serialize(row).unwrap();
    }
    let dump = dump.into_inner().unwrap();
    let mut out = Vec::new();
    static BROKER: std::sync::OnceLock<consent_gate::Broker> = std::sync::OnceLock::new();
    let broker = BROKER.get_or_init(synthetic::broker);
    let duplicates = Duplicates::scan(read_csv(dump.as_slice())).unwrap();
    let receipt = buyer
        .job(broker)
        .duplicates(&duplicates)
        .on_bad_row(OnBadRow::SetAside)
        .write(read_csv(dump.as_slice()), &mut out)
        .unwrap();
    assert!(receipt.reconciles());
    assert_eq!(receipt.records_in, rows.len() as u64);
    let found = oracle::violations(&rows, &buyer, broker, &out).unwrap();
    assert!(found.is_empty(), "{found:?}");
});
