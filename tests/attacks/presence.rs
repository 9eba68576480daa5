//! Class 4: whether a record holds a due date (a pregnancy), an e-mail, a
//! phone number or a mother's birth date is personal data. Nothing tells
//! it until a clearance opens that field.

use super::common::*;
use consent_gate::export::Export;
use consent_gate::field::{DueDate, Email, MotherBirthDate, Phone};
use consent_gate::purpose::{PoliticalCampaigning, Research};
use consent_gate::*;

/// The same subject and consent, once with every optional field and once
/// with none.
fn twins(scope: ConsentScope) -> (Record, Record) {
    let full = record(1, scope.clone());
    let bare = Record::builder(SubjectId(1), NAME, Address::default(), scope).build();
    (full, bare)
}

fn consent_to_nothing_political() -> ConsentScope {
    ConsentScope::builder(Purposes::BROAD, notice_without_politics(), at(2016, 9, 1))
        .recipient("Agency")
        .recipient("Party")
        .build()
        .unwrap()
}

#[test]
fn debug_and_serde_are_the_same_with_and_without_values() {
    let (full, bare) = twins(consent_to_nothing_political());
    // Debug and serde print every gated field the same way, present or
    // not (the twins' addresses differ too, and are as hidden).
    assert_eq!(format!("{full:?}"), format!("{bare:?}"));
    assert_eq!(format!("{full:#?}"), format!("{bare:#?}"));
    assert_eq!(
        serde_json::to_string(&full).unwrap(),
        serde_json::to_string(&bare).unwrap()
    );
}

#[test]
fn a_refused_field_is_refused_alike_whether_or_not_it_holds_a_value() {
    let (full, bare) = twins(consent_to_nothing_political());
    let party = gate::<PoliticalCampaigning>("Agency", "Party", Rules::default());
    let (a, b) = (party.check(&full), party.check(&bare));
    let opened = |c: &Result<Clearance<'_, PoliticalCampaigning>, Refusal>| {
        let c = c.as_ref().map_err(|r| *r);
        (
            c.and_then(|c| c.get::<Email>()).map(|v| v.cloned()),
            c.and_then(|c| c.get::<Phone>()).map(|v| v.cloned()),
            c.and_then(|c| c.get::<MotherBirthDate>())
                .map(|v| v.copied()),
        )
    };
    assert!(opened(&a).0.is_err());
    assert_eq!(opened(&a), opened(&b));
    assert_eq!(format!("{a:?}"), format!("{b:?}"));

    // Research may ask for the due date; without the explicit health grant
    // the answer is the same refusal for both.
    let exact = Rules::default()
        .with_exact_data_for(consent_gate::PurposeKind::Research, "a cohort study")
        .unwrap();
    let research = gate::<Research>("Broker", "Broker", exact);
    let (a, b) = (
        research.check(&full).unwrap(),
        research.check(&bare).unwrap(),
    );
    assert!(a.get::<DueDate>().is_err());
    assert_eq!(a.get::<DueDate>(), b.get::<DueDate>());
    // Once the consent opens a field, presence is the caller's to see.
    assert!(a.get::<Email>().unwrap().is_some());
    assert_eq!(b.get::<Email>(), Ok(None));
}

#[test]
fn a_receipt_counts_refusals_alike_whether_or_not_a_value_is_there() {
    let (full, bare) = twins(consent_to_nothing_political());
    let research = gate::<Research>("Broker", "Broker", Rules::default());
    let receipt = |record: &Record| {
        Export::<_, (field::ParentName, DueDate, field::ChildBirthDates)>::with_schema(&research)
            .write([record], Vec::new())
            .unwrap()
    };
    let (a, b) = (receipt(&full), receipt(&bare));
    assert_eq!(a.withheld, b.withheld);
    assert_eq!(a.dropped, b.dropped);
    assert!(a.withheld.contains_key("pregnancy"), "{:?}", a.withheld);
}
