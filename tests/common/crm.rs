//! Helpers for tests of the CRM format.
#![allow(dead_code)]

use consent_gate::crm::CrmRow;

/// A valid row: consent for postal and third-party marketing under notice
/// v1 of the tests' broker (`super::broker`), the retailer named.
pub fn good_row(id: u64) -> CrmRow {
    CrmRow {
        subject_id: id.to_string(),
        parent_name: "Jane Planted-Name".into(),
        address_line1: "1 Planted Street".into(),
        address_line2: String::new(),
        town: "Leeds".into(),
        postcode: "LS1 4PL".into(),
        email: "jane@planted.example".into(),
        phone: String::new(),
        mother_birth_date: "1987-06-14".into(),
        children_under_five: "true".into(),
        child_birth_dates: "2015-11-23".into(),
        due_date: String::new(),
        purposes: "marketing_post;third_party_marketing".into(),
        categories: "child_birth_date;children_present".into(),
        notice_version: "1".into(),
        recipients: "Acme Baby Products Ltd".into(),
        consent_given_at: "2016-09-01T10:00:00Z".into(),
        consent_expires_at: String::new(),
        consent_withdrawn_at: String::new(),
        collection: "direct".into(),
        existing_customer: "false".into(),
        opt_out_offered: "false".into(),
        parental_consent: "false".into(),
        collected_by: String::new(),
    }
}

/// The rows as CSV text with a header.
pub fn csv_of(rows: &[CrmRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.serialize(row).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// The rows as JSON Lines.
pub fn jsonl_of(rows: &[CrmRow]) -> String {
    rows.iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect()
}
