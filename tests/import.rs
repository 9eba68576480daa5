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

/// What the reader makes of `text`: the first item's error, shown.
fn first_error(items: Imported<'static>) -> ReadError {
    items.into_iter().find_map(Result::err).expect("an error")
}

fn first_record(path: &str) -> serde_json::Value {
    let text = String::from_utf8(file(path)).unwrap();
    serde_json::from_str(text.lines().next().unwrap()).unwrap()
}

fn line(value: &serde_json::Value) -> Cursor<Vec<u8>> {
    Cursor::new(serde_json::to_vec(value).unwrap())
}

/// Text a record may carry that must never reach an error.
const PLANTED: [&str; 3] = ["Jane Planted", "07700 900123", "jane@planted.example"];

fn refused(err: &ReadError, code: &str, key: &str, case: &str) {
    let shown = format!("{err} {err:?}");
    assert_eq!(err.code(), code, "{case}: {shown}");
    assert!(shown.contains(&format!("`{key}`")), "{case}: {shown}");
    for planted in PLANTED {
        assert!(!shown.contains(planted), "{case}: {shown}");
    }
}

type Change = fn(&mut serde_json::Value);

#[test]
fn a_dpv_record_that_cannot_be_verified_is_refused_naming_its_key() {
    let cases: [(&str, &str, &str, Change); 16] = [
        ("no schema", "missing", "dct:conformsTo", |r| {
            r.as_object_mut().unwrap().remove("dct:conformsTo");
        }),
        (
            "another schema",
            "unknown_format_version",
            "dct:conformsTo",
            |r| r["dct:conformsTo"] = "https://example.org/my-schema".into(),
        ),
        ("not a record", "wrong_type", "@type", |r| {
            r["@type"] = "dpv:ConsentReceipt".into()
        }),
        (
            "a name for a subject",
            "not_a_number",
            "dpv:hasDataSubject",
            |r| r["dpv:hasDataSubject"] = "Jane Planted".into(),
        ),
        (
            "another controller",
            "other_controller",
            "dpv:hasDataController",
            |r| r["dpv:hasDataController"] = "Cambridge Analytica".into(),
        ),
        (
            "an unknown notice",
            "unknown_notice",
            "dpv:hasNotice",
            |r| r["dpv:hasNotice"] = "https://www.emmasdiary.example/privacy/draft".into(),
        ),
        (
            "a broad purpose",
            "unmapped_term",
            "dpv:hasProcess[0].dpv:hasPurpose[0]",
            |r| r["dpv:hasProcess"][0]["dpv:hasPurpose"][0] = "dpv:Marketing".into(),
        ),
        (
            "a purpose known by its broader terms alone",
            "missing",
            "dpv:hasProcess[0].dpv:hasPurpose[0].@id",
            |r| {
                r["dpv:hasProcess"][0]["dpv:hasPurpose"][0] =
                    serde_json::json!({"@type": "dpv:Purpose", "skos:broader": "dpv:Marketing"})
            },
        ),
        (
            "a birth date, whose?",
            "unmapped_term",
            "dpv:hasProcess[1].dpv:hasPersonalData[2]",
            |r| r["dpv:hasProcess"][1]["dpv:hasPersonalData"][2] = "pd:BirthDate".into(),
        ),
        (
            "a status the crate does not know",
            "unknown_status",
            "dpv:hasConsentStatus[0].@type",
            |r| r["dpv:hasConsentStatus"][0]["@type"] = "dpv:ConsentAccepted".into(),
        ),
        (
            "two statuses at once",
            "contradictory_record",
            "dpv:hasConsentStatus[0].@type[1]",
            |r| {
                r["dpv:hasConsentStatus"][0]["@type"] =
                    serde_json::json!(["dpv:ConsentGiven", "dpv:ConsentWithdrawn"])
            },
        ),
        (
            "an end that is an event",
            "not_a_duration",
            "dpv:hasConsentStatus[0].dpv:hasDuration.rdf:value",
            |r| r["dpv:hasConsentStatus"][0]["dpv:hasDuration"] = serde_json::json!({"@type": "dpv:UntilEventDuration", "rdf:value": "Account closure"}),
        ),
        (
            "no duration",
            "missing",
            "dpv:hasConsentStatus[0].dpv:hasDuration",
            |r| {
                r["dpv:hasConsentStatus"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("dpv:hasDuration");
            },
        ),
        (
            "a day with no time",
            "not_an_instant",
            "dpv:hasConsentStatus[0].dpv:isIndicatedAtTime",
            |r| r["dpv:hasConsentStatus"][0]["dpv:isIndicatedAtTime"] = "2016-03-01".into(),
        ),
        (
            "two notices at once",
            "contradictory_record",
            "dpv:hasNotice[1]",
            |r| {
                r["dpv:hasNotice"] = serde_json::json!([
                    "https://www.emmasdiary.example/privacy/2014",
                    "https://www.emmasdiary.example/privacy/2015"
                ])
            },
        ),
        ("no process", "missing", "dpv:hasProcess", |r| {
            r.as_object_mut().unwrap().remove("dpv:hasProcess");
        }),
    ];
    for (case, code, key, change) in cases {
        let mut record = first_record("dpv/records.jsonl");
        change(&mut record);
        let err = first_error(read_dpv(&broker(), line(&record)));
        refused(&err, code, key, case);
        assert_eq!(err.line(), Some(1), "{case}");
        if key != "dpv:hasDataSubject" {
            assert_eq!(err.subject(), Some(100_000), "{case}");
        }
    }
}

#[test]
fn a_key_given_twice_in_a_record_is_malformed_not_the_last_value() {
    let text = r#"{"dpv:hasDataSubject": "100000", "dpv:hasDataSubject": "100001"}"#;
    let err = first_error(read_dpv(&broker(), Cursor::new(text.as_bytes().to_vec())));
    assert_eq!(err.code(), "malformed_json", "{err}");
    let err = first_error(read_kantara(
        &broker(),
        Cursor::new(b"{\"version\": \"KI-CR-v1.1.0\"".to_vec()),
    ));
    assert_eq!(err.code(), "truncated", "{err}");
}

#[test]
fn a_kantara_receipt_that_cannot_be_verified_is_refused_naming_its_key() {
    let cases: [(&str, &str, &str, Change); 11] = [
        ("version 1.0", "unknown_format_version", "version", |r| {
            r["version"] = "KI-CR-v1.0.0".into()
        }),
        (
            "a name for a principal",
            "not_a_number",
            "piiPrincipalId",
            |r| r["piiPrincipalId"] = "Jane Planted".into(),
        ),
        (
            "another controller",
            "other_controller",
            "piiControllers",
            |r| r["piiControllers"][0]["piiController"] = "Cambridge Analytica".into(),
        ),
        ("an unknown policy", "unknown_notice", "policyUrl", |r| {
            r["policyUrl"] = "https://www.emmasdiary.example/privacy/draft".into()
        }),
        (
            "a purpose the broker never mapped",
            "unmapped_name",
            "services[0].purposes[0].purpose",
            |r| r["services"][0]["purposes"][0]["purpose"] = "Jane Planted".into(),
        ),
        (
            "a category the broker never mapped",
            "unmapped_name",
            "services[0].purposes[1].piiCategory[1]",
            |r| r["services"][0]["purposes"][1]["piiCategory"][1] = "Health".into(),
        ),
        (
            "an end that is an event",
            "not_a_duration",
            "services[0].purposes[0].termination",
            |r| {
                r["services"][0]["purposes"][0]["termination"] =
                    "Subscription end date + 1 year".into()
            },
        ),
        (
            "a third party with no name",
            "missing",
            "services[0].purposes[1].thirdPartyName",
            |r| {
                r["services"][0]["purposes"][1]
                    .as_object_mut()
                    .unwrap()
                    .remove("thirdPartyName");
            },
        ),
        (
            "children's data not declared sensitive",
            "contradictory_record",
            "services[0].purposes[0].piiCategory",
            |r| {
                r["sensitive"] = false.into();
                r["spiCat"] = serde_json::json!([]);
            },
        ),
        (
            "sensitive categories listed but not sensitive",
            "contradictory_record",
            "spiCat[0]",
            |r| r["sensitive"] = false.into(),
        ),
        (
            "a timestamp as text",
            "wrong_type",
            "consentTimestamp",
            |r| r["consentTimestamp"] = "2016-03-01T10:00:00Z".into(),
        ),
    ];
    for (case, code, key, change) in cases {
        let mut record = first_record("kantara/receipts.jsonl");
        change(&mut record);
        let err = first_error(read_kantara(&broker(), line(&record)));
        refused(&err, code, key, case);
    }
}

#[test]
fn a_salesforce_row_that_cannot_be_verified_is_refused_naming_its_column() {
    let csv = String::from_utf8(file("salesforce/ContactPointTypeConsent.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap().to_owned();
    let row = lines.next().unwrap().to_owned();
    let cases: [(&str, &str, &str, &str, &str); 7] = [
        (
            "a purpose the broker never mapped",
            "Marketing,",
            "Jane Planted,",
            "unmapped_name",
            "DataUsePurpose",
        ),
        (
            "a status the crate does not know",
            ",OptIn,",
            ",Pending,",
            "unknown_status",
            "PrivacyConsentStatus",
        ),
        (
            "a contact point type of none of the purpose's channels",
            ",MailingAddress,",
            ",Web,",
            "contradictory_record",
            "ContactPointType",
        ),
        (
            "effective before captured",
            ",2016-03-01T10:00:00.000Z,,",
            ",2016-02-01T10:00:00.000Z,,",
            "contradictory_record",
            "EffectiveFrom",
        ),
        (
            "no notice for a consent given",
            "form,2",
            "form,",
            "empty",
            "NoticeVersion__c",
        ),
        (
            "a Salesforce record id for a party",
            ",100000,",
            ",0014J00000ABCDE,",
            "not_a_number",
            "PartyId",
        ),
        (
            "a capture date that is no date",
            ",2016-03-01T10:00:00.000Z,Web",
            ",07700 900123,Web",
            "not_an_instant",
            "CaptureDate",
        ),
    ];
    for (case, from, to, code, column) in cases {
        assert!(row.contains(from), "{case}");
        let text = format!("{header}\n{}\n", row.replacen(from, to, 1));
        let err = first_error(read_salesforce(&broker(), Cursor::new(text.into_bytes())));
        refused(&err, code, column, case);
    }
    let missing = header.replace(",CaptureSource", "");
    let err = first_error(read_salesforce(
        &broker(),
        Cursor::new(format!("{missing}\n").into_bytes()),
    ));
    assert_eq!(err.code(), "missing_column", "{err}");
}

/// A record that is refused takes its subject with it: the subject is not
/// exported from the rest of its history, which may have lost a
/// withdrawal; the other subjects are read.
#[test]
fn a_refused_record_sets_its_subject_aside_and_no_other() {
    let text = String::from_utf8(file("dpv/records.jsonl")).unwrap();
    let broken = text.replacen("privacy/2013", "privacy/draft", 1);
    let subjects = file("subjects.csv");
    let items: Vec<_> = read_ledger(
        read_subjects_csv(subjects.as_slice()),
        read_dpv(&broker(), Cursor::new(broken.into_bytes())),
    )
    .collect();
    assert_eq!(items.len(), 8);
    for item in &items {
        match item {
            Err(e) => {
                assert_eq!(e.subject(), Some(100_001), "{e}");
                assert_eq!(e.code(), "unknown_notice");
                assert!(e.in_events());
            }
            Ok(record) => assert_ne!(record.subject().0, 100_001),
        }
    }
    assert_eq!(items.iter().filter(|i| i.is_err()).count(), 1);
}
