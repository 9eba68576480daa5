//! The decision log: one line per input row, what happened to it and why,
//! the consent each emitted record relied on, and no personal value but
//! the subject id.

mod common;

use common::crm::*;
use common::*;
use consent_gate::crm::read_csv;
use consent_gate::export::{Export, OnBadRow};
use consent_gate::purpose::ThirdPartyMarketing;
use consent_gate::*;
use sha2::{Digest, Sha256};

const RETAILER: &str = "Acme Baby Products Ltd";

fn input() -> String {
    let mut rows: Vec<_> = (1..=6).map(good_row).collect();
    rows[0].purposes += ";marketing_email"; // 1: the e-mail channel consented
    rows[1].consent_withdrawn_at = "2017-01-01T00:00:00Z".into(); // 2: dropped
    rows[2].mother_birth_date = "1987-02-30".into(); // 3: set aside
    rows[4].subject_id = "4".into(); // 4 twice: both dropped
    rows[5].mother_birth_date = String::new(); // 6: emitted, birth date absent
    csv_of(&rows)
}

fn run() -> (
    consent_gate::export::Receipt,
    Vec<u8>,
    Vec<serde_json::Value>,
) {
    let gate = gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    let mut log = Vec::new();
    let text = input();
    let receipt = Export::new(&gate)
        .on_bad_row(OnBadRow::SetAside)
        .decision_log(&mut log)
        .write(read_csv(text.as_bytes()), Vec::new())
        .unwrap();
    let lines = String::from_utf8(log.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (receipt, log, lines)
}

#[test]
fn every_row_has_a_line_with_its_outcome_and_reason() {
    let (receipt, log, lines) = run();
    assert_eq!(lines.len() as u64, receipt.records_in);
    let mut by_record: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                l["record"].as_u64().unwrap(),
                l["subject_id"].as_u64(),
                l["outcome"].as_str().unwrap().to_owned(),
                l["reason"].as_str().map(str::to_owned),
            )
        })
        .collect();
    by_record.sort();
    let s = |x: &str| Some(x.to_owned());
    assert_eq!(
        by_record,
        [
            (1, Some(1), "emitted".to_owned(), None),
            (2, Some(2), "dropped".to_owned(), s("withdrawn")),
            (3, Some(3), "set_aside".to_owned(), s("not_a_date")),
            (4, Some(4), "dropped".to_owned(), s("duplicate_subject")),
            (5, Some(4), "dropped".to_owned(), s("duplicate_subject")),
            (6, Some(6), "emitted".to_owned(), None),
        ]
    );
    let hash: String = Sha256::digest(&log)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(receipt.decision_log_sha256, Some(hash));
}

#[test]
fn an_emitted_record_names_its_consent_and_each_fields_outcome() {
    let (_, _, lines) = run();
    let six = lines.iter().find(|l| l["record"] == 6).unwrap();
    assert_eq!(six["consent"]["index"], 0);
    assert_eq!(six["consent"]["purpose"], "third_party_marketing");
    assert_eq!(six["consent"]["notice"], "v1");
    assert_eq!(six["consent"]["given_at"], "2016-09-01T10:00:00Z");
    // Also in W3C DPV terms, for an auditor's tools.
    assert_eq!(
        six["consent"]["purpose_dpv"],
        "https://w3id.org/dpv#Marketing"
    );
    let fields = six["fields"].as_array().unwrap();
    for (field, iri) in [
        ("parent_name", "https://w3id.org/dpv/pd#Name"),
        ("email", "https://w3id.org/dpv/pd#EmailAddress"),
        ("due_date", "https://w3id.org/dpv/pd#Health"),
    ] {
        let f = fields.iter().find(|f| f["field"] == field).unwrap();
        assert_eq!(f["category_dpv"], iri, "{field}");
    }
    let outcome = |name: &str| {
        let f = fields.iter().find(|f| f["field"] == name).unwrap();
        (
            f["outcome"].as_str().unwrap().to_owned(),
            f["reason"].as_str().map(str::to_owned),
        )
    };
    assert_eq!(outcome("parent_name"), ("emitted".to_owned(), None));
    assert_eq!(outcome("mother_birth_date"), ("absent".to_owned(), None));
    assert_eq!(
        outcome("email"),
        (
            "withheld".to_owned(),
            Some("channel_not_consented".to_owned())
        )
    );
    // The retailer's consent grants no health data.
    assert_eq!(
        outcome("due_date"),
        (
            "withheld".to_owned(),
            Some("category_not_granted".to_owned())
        )
    );
    // The e-mail address of record 1 went out on the consent to its channel
    // too, and says so.
    let one = lines.iter().find(|l| l["record"] == 1).unwrap();
    let email = one["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "email")
        .unwrap();
    assert_eq!(email["outcome"], "emitted");
    assert_eq!(
        email["channels"],
        serde_json::json!([{"channel": "marketing_email", "consent": 0}])
    );
    let set_aside = lines.iter().find(|l| l["record"] == 3).unwrap();
    assert_eq!(set_aside["line"], 4);
    assert_eq!(set_aside["field"], "mother_birth_date");
}

#[test]
fn the_log_holds_no_personal_value_and_is_the_same_every_run() {
    let (_, log, _) = run();
    let text = String::from_utf8(log.clone()).unwrap();
    for value in planted()
        .into_iter()
        .chain(["1 Planted Street".to_owned(), "1987-02-30".to_owned()])
    {
        assert!(!text.contains(&value), "{value} in the log");
    }
    assert_eq!(run().1, log);
}

#[test]
fn no_log_no_hash() {
    let gate = gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    let text = input();
    let receipt = Export::new(&gate)
        .on_bad_row(OnBadRow::SetAside)
        .write(read_csv(text.as_bytes()), Vec::new())
        .unwrap();
    assert_eq!(receipt.decision_log_sha256, None);
    assert!(
        String::from_utf8(receipt.to_json())
            .unwrap()
            .contains("\"decision_log_sha256\": null")
    );
}

#[test]
fn a_channel_consent_of_its_own_is_named_by_its_place_in_the_ledger() {
    let given = |purposes, day| {
        ConsentScope::builder(purposes, notice_without_politics(), at(2016, 1, day))
            .recipient(RETAILER)
            .build()
            .unwrap()
    };
    let consents = Consents::from(given(Purposes::THIRD_PARTY_MARKETING, 1))
        .give(given(Purposes::MARKETING_POST, 2))
        .give(given(Purposes::MARKETING_EMAIL, 3));
    let gate = gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    let records = [record(1, consents)];
    let mut log = Vec::new();
    Export::new(&gate)
        .decision_log(&mut log)
        .write(records.iter(), Vec::new())
        .unwrap();
    let line: serde_json::Value = serde_json::from_slice(&log).unwrap();
    assert_eq!(line["consent"]["index"], 0);
    let email = line["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "email")
        .unwrap();
    assert_eq!(
        email["channels"],
        serde_json::json!([{"channel": "marketing_email", "consent": 2}])
    );
}

#[test]
fn a_consent_collected_by_a_third_party_names_it_and_older_dumps_without_the_column_still_read() {
    let mut row = good_row(1);
    row.collection = "third_party".into();
    row.collected_by = "Bright Nursery Supplies".into();
    let text = csv_of(&[row]);
    // The broker's own post: no disclosure, so no age limit on a consent
    // collected through a third party.
    let gate = gate::<consent_gate::purpose::MarketingPost>("Broker", "Broker", Rules::default());
    let mut log = Vec::new();
    let receipt = Export::new(&gate)
        .decision_log(&mut log)
        .write(read_csv(text.as_bytes()), Vec::new())
        .unwrap();
    assert_eq!(receipt.records_emitted, 1);
    let line: serde_json::Value = serde_json::from_slice(&log).unwrap();
    assert_eq!(line["consent"]["collection"], "third_party");
    assert_eq!(line["consent"]["collected_by"], "Bright Nursery Supplies");
    // A dump written before the column existed: the column left out in
    // CSV, the key in JSON Lines.
    let old = csv_of(&[good_row(2)]);
    let old: String = old
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_owned() + "\n")
        .collect();
    assert!(!old.contains("collected_by"));
    let records: Vec<_> = read_csv(old.as_bytes()).collect();
    assert!(matches!(records[..], [Ok(_)]), "{records:?}");
    let json = jsonl_of(&[good_row(3)]).replace(r#","collected_by":"""#, "");
    assert!(!json.contains("collected_by"));
    let records: Vec<_> = consent_gate::crm::read_json_lines(json.as_bytes()).collect();
    assert!(matches!(records[..], [Ok(_)]), "{records:?}");
}
