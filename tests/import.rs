//! The importers: each example file in `examples/import/` reads into the
//! ledger, and an export from it is the export from the same consents in
//! the crate's own events file, byte for byte.

use consent_gate::crm::{ReadError, read_events_csv, read_ledger, read_subjects_csv};
use consent_gate::export::{BuyerFile, OnBadRow, Receipt};
use consent_gate::import::{Imported, read_dpv, read_kantara, read_salesforce};
use std::io::Cursor;

use consent_gate::{Broker, Record};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/import");

fn file(path: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{path}")).unwrap()
}

fn broker() -> Broker {
    Broker::from_json(&file("broker.json")).unwrap()
}

fn buyers() -> Vec<BuyerFile> {
    [
        ("Acme Baby Products Ltd", "Acme Baby Products Ltd", "third_party_marketing"),
        ("Acme Baby Products Ltd", "Acme Baby Products Ltd", "sale_to_third_parties"),
        ("Emma's Diary Ltd", "Emma's Diary Ltd", "marketing_post"),
        ("Emma's Diary Ltd", "Emma's Diary Ltd", "marketing_email"),
        ("Emma's Diary Ltd", "Emma's Diary Ltd", "marketing_sms"),
        ("Emma's Diary Ltd", "Emma's Diary Ltd", "research"),
        ("Credit Agency Marketing Services", "A Political Party", "political_campaigning"),
    ]
    .into_iter()
    .flat_map(|(buyer, end, purpose)| {
        ["2016-07-01T00:00:00Z", "2017-05-01T00:00:00Z"].map(|as_of| {
            BuyerFile::from_json(
                format!(
                    r#"{{"buyer":"{buyer}","end_recipient":"{end}","purpose":"{purpose}","as_of":"{as_of}"}}"#
                )
                .as_bytes(),
            )
            .unwrap()
        })
    })
    .collect()
}

fn export(buyer: &BuyerFile, records: &[Record]) -> (Receipt, Vec<u8>) {
    let mut out = Vec::new();
    let receipt = buyer
        .job(&broker())
        .on_bad_row(OnBadRow::Stop)
        .write(records.iter().cloned().map(Ok::<_, ReadError>), &mut out)
        .unwrap();
    assert!(receipt.reconciles());
    (receipt, out)
}

fn ledger(
    events: impl Iterator<
        Item = Result<(consent_gate::SubjectId, consent_gate::ConsentEvent), ReadError>,
    >,
) -> Vec<Record> {
    let subjects = file("subjects.csv");
    read_ledger(read_subjects_csv(subjects.as_slice()), events)
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

/// The example in `format`'s directory, read by `import`, against its
/// `events.csv`.
fn same_as_own_format(
    format: &str,
    example: &str,
    import: fn(&Broker, Cursor<Vec<u8>>) -> Imported<'static>,
) {
    let own = file(&format!("{format}/events.csv"));
    let own = ledger(read_events_csv(own.as_slice()));
    let bytes = file(&format!("{format}/{example}"));
    let imported = ledger(import(&broker(), Cursor::new(bytes)));
    let consents = |records: &[Record]| -> Vec<_> {
        records
            .iter()
            .map(|r| (r.subject(), r.consents().clone()))
            .collect()
    };
    assert_eq!(
        consents(&imported),
        consents(&own),
        "{format}: the ledgers differ"
    );
    let consents: usize = own.iter().map(|r| r.consents().given().count()).sum();
    assert!(
        consents >= 4,
        "{format}: the example gives {consents} consents"
    );
    let mut emitted = 0;
    for buyer in buyers() {
        let (receipt, out) = export(&buyer, &imported);
        let (own_receipt, own_out) = export(&buyer, &own);
        assert_eq!(out, own_out, "{format}: {}", buyer.purpose());
        assert_eq!(
            serde_json::to_value(&receipt).unwrap(),
            serde_json::to_value(&own_receipt).unwrap()
        );
        emitted += receipt.records_emitted;
    }
    assert!(emitted > 0, "{format}: nothing was exported to anyone");
}

#[test]
fn a_dpv_27560_example_exports_as_the_crates_own_events_do() {
    same_as_own_format("dpv", "records.jsonl", read_dpv);
}

#[test]
fn a_kantara_example_exports_as_the_crates_own_events_do() {
    same_as_own_format("kantara", "receipts.jsonl", read_kantara);
}

#[test]
fn a_salesforce_example_exports_as_the_crates_own_events_do() {
    same_as_own_format("salesforce", "ContactPointTypeConsent.csv", read_salesforce);
}
