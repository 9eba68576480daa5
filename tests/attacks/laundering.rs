//! Classes 8 and 9: a downstream pipeline that has the raw dump can always
//! build records of its own and put a child's birth date where it likes.
//! The crate cannot stop it reading its own file; the oracle catches the
//! value wherever it is written, and names cannot smuggle keys.

use super::common::broker;
use super::common::crm::*;
use consent_gate::category::{ChildBirthDate, CustomCategory, NoGrant, OrdinaryData};
use consent_gate::crm::CrmRow;
use consent_gate::export::{BuyerFile, Export, Format};
use consent_gate::field::{CustomField, HomeAddress, ParentName};
use consent_gate::purpose::{PoliticalCampaigning, Research};

/// The tests' broker's agency, acting for its political party.
const AGENCY: &str = "Agency";
const PARTY: &str = "Party";
use consent_gate::*;

/// A row that consents to political campaigning under a notice that
/// disclosed it, naming the agency and the party, with a child.
fn consenting_row(id: u64) -> CrmRow {
    let mut row = good_row(id);
    row.purposes = "political_campaigning".into();
    row.notice_version = "2".into();
    row.recipients = format!("{AGENCY};{PARTY}");
    row
}

fn party_buyer(format: Format) -> BuyerFile {
    let as_of = super::common::as_of();
    BuyerFile::new(AGENCY, PARTY, PurposeKind::PoliticalCampaigning, as_of)
        .unwrap()
        .with_format(format)
}

#[test]
fn a_childs_birth_date_rebuilt_as_the_mothers_is_caught() {
    let rows = [consenting_row(1), consenting_row(2)];
    let buyer = party_buyer(Format::Csv);
    for format in [Format::Csv, Format::JsonLines] {
        let buyer = buyer.clone().with_format(format);
        // The hostile pipeline reads the raw rows itself and seals the
        // child's birth date as the mother's.
        let laundered: Vec<Record> = rows
            .iter()
            .map(|row| {
                let honest = row.to_record_at(1).unwrap();
                let child =
                    chrono::NaiveDate::parse_from_str(&row.child_birth_dates, "%Y-%m-%d").unwrap();
                Record::builder(
                    honest.subject(),
                    &row.parent_name,
                    Address::default(),
                    honest.consents().clone(),
                )
                .mother_birth_date(child)
                .build()
            })
            .collect();
        // A birth date this recent makes the "mother" a child, which the
        // gate refuses; the hostile pipeline picks rules without that rule.
        let rules = Rules::default().with_child_age(0);
        let broker = broker(rules);
        let gate = broker
            .gate(Declaration::<PoliticalCampaigning>::new(AGENCY, PARTY, buyer.as_of()).unwrap())
            .unwrap();
        let export = |records: &[Record]| {
            let mut out = Vec::new();
            Export::new(&gate)
                .format(format)
                .write(records.iter(), &mut out)
                .unwrap();
            oracle::violations(&rows, &buyer, &broker, &out).unwrap()
        };
        let found = export(&laundered);
        let columns: Vec<&str> = found.iter().map(|v| v.column.as_str()).collect();
        assert!(
            columns
                .iter()
                .filter(|c| **c == "mother_birth_date")
                .count()
                == 2,
            "{format:?}: {found:?}"
        );
        // The honest export of the same rows passes.
        let honest: Vec<Record> = rows.iter().map(|r| r.to_record_at(1).unwrap()).collect();
        let found = export(&honest);
        assert!(found.is_empty(), "{found:?}");
    }
}

struct Loyalty;
impl CustomCategory for Loyalty {
    type Sensitivity = OrdinaryData;
    type Grant = NoGrant;
    const NAME: &'static str = "loyalty";
}

/// The hostile extension: a child's birth date sealed as ordinary
/// "loyalty" data, and as what it is.
struct Extra {
    tier: Gated<String, Loyalty>,
    kids: Gated<String, ChildBirthDate>,
}

struct Tier;
impl CustomField for Tier {
    type Extension = Extra;
    type Category = Loyalty;
    type Value = String;
    const NAME: &'static str = "loyalty_tier";
    fn locate(extra: &Extra) -> &Gated<String, Loyalty> {
        &extra.tier
    }
}

struct Kids;
impl CustomField for Kids {
    type Extension = Extra;
    type Category = ChildBirthDate;
    type Value = String;
    const NAME: &'static str = "kids";
    fn locate(extra: &Extra) -> &Gated<String, ChildBirthDate> {
        &extra.kids
    }
}

fn extended(row: &CrmRow, tier: &str) -> Record<Extra> {
    let honest = row.to_record_at(1).unwrap();
    Record::builder(
        honest.subject(),
        &row.parent_name,
        Address::default(),
        honest.consents().clone(),
    )
    .extra(Extra {
        tier: Gated::new(tier.to_owned()),
        kids: Gated::new(row.child_birth_dates.clone()),
    })
    .build()
}

#[test]
fn a_value_sealed_under_a_custom_ordinary_category_is_caught_by_the_oracle() {
    let rows = [consenting_row(1)];
    let record = extended(&rows[0], &rows[0].child_birth_dates);
    let gate = broker(Rules::default())
        .gate(
            Declaration::<PoliticalCampaigning>::new(AGENCY, PARTY, super::common::as_of())
                .unwrap(),
        )
        .unwrap();
    let mut out = Vec::new();
    Export::<_, (ParentName, HomeAddress, Tier), Extra>::with_schema(&gate)
        .write([&record], &mut out)
        .unwrap();
    assert!(String::from_utf8_lossy(&out).contains("2015-11-23"));
    let found = oracle::violations(
        &rows,
        &party_buyer(Format::Csv),
        &broker(Rules::default()),
        &out,
    )
    .unwrap();
    assert!(
        found.iter().any(|v| v.column == "loyalty_tier"),
        "{found:?}"
    );
}

#[test]
fn a_value_sealed_as_childrens_data_is_judged_as_childrens_data() {
    // Downstream sealed the dates under their true category: research gets
    // them only with the explicit grant, whatever the field is called (and
    // exact only where the broker records why it needs them).
    let mut row = consenting_row(1);
    row.purposes = "research".into();
    row.categories = String::new();
    let without = extended(&row, "gold");
    row.categories = "child_birth_date".into();
    let with = extended(&row, "gold");
    let declaration = || Declaration::<Research>::new("Broker", "Broker", super::common::as_of());
    let minimising = broker(Rules::default())
        .gate(declaration().unwrap())
        .unwrap();
    assert!(matches!(
        minimising.check(&with).and_then(|c| c.get::<Kids>()),
        Err(Refusal::ExactValueNotNeeded { .. })
    ));
    let rules = Rules::default()
        .with_exact_data_for(consent_gate::PurposeKind::Research, "a cohort study")
        .unwrap();
    let gate = broker(rules).gate(declaration().unwrap()).unwrap();
    assert!(matches!(
        gate.check(&without).and_then(|c| c.get::<Kids>()),
        Err(Refusal::CategoryNotGranted { .. })
    ));
    assert_eq!(
        gate.check(&with)
            .and_then(|c| c.get::<Kids>())
            .unwrap()
            .map(String::as_str),
        Some("2015-11-23")
    );
}

#[test]
fn json_lines_keys_are_exactly_the_schema_and_values_are_escaped() {
    let row = consenting_row(1);
    let record = extended(&row, "gold\",\"child_birth_dates\":\"2015-11-23");
    let gate = broker(Rules::default())
        .gate(
            Declaration::<PoliticalCampaigning>::new(AGENCY, PARTY, super::common::as_of())
                .unwrap(),
        )
        .unwrap();
    let mut out = Vec::new();
    Export::<_, (ParentName, Tier), Extra>::with_schema(&gate)
        .format(Format::JsonLines)
        .write([&record], &mut out)
        .unwrap();
    let line: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(out.trim_ascii_end()).unwrap();
    let keys: Vec<&str> = line.keys().map(String::as_str).collect();
    assert_eq!(keys, ["loyalty_tier", "parent_name", "subject_id"]);
}
