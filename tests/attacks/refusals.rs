//! Class 5: refusals as an oracle. The caller picks the export instant and
//! the child age; scanning them must not recover a birth date that the
//! consent does not open.

use super::common::*;
use chrono::{DateTime, Months, Utc};
use consent_gate::category::CategoryType;
use consent_gate::field::MotherBirthDate;
use consent_gate::purpose::Purpose;
use consent_gate::purpose::{MarketingPost, PoliticalCampaigning, ThirdPartyMarketing};
use consent_gate::*;

/// A mother born on 14 June 2005, a child at many of the instants below,
/// who consented to the broker's own postal marketing and nothing else.
fn young_mother() -> Record {
    let scope = ConsentScope::builder(
        Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2016, 1, 1),
    )
    .build()
    .unwrap();
    Record::builder(SubjectId(9), NAME, Address::default(), scope)
        .mother_birth_date(day(2005, 6, 14))
        .build()
}

fn instants() -> impl Iterator<Item = DateTime<Utc>> {
    (0..300u32).filter_map(|m| at(2001, 1, 1).checked_add_months(Months::new(m)))
}

fn scan<P: Purpose>(record: &Record, buyer: &str, end: &str) -> Vec<&'static str> {
    let mut codes = Vec::new();
    for as_of in instants() {
        for age in [0u8, 1, 5, 10, 13, 16, 18, 21, 30, 60, 255] {
            let gate = broker(Rules::default().with_child_age(age))
                .gate(Declaration::<P>::new(buyer, end, as_of).unwrap())
                .unwrap();
            if let Err(refusal) = gate.check(record) {
                codes.push(refusal.code());
            }
        }
    }
    codes
}

#[test]
fn a_consent_to_nothing_never_answers_with_the_child_rule() {
    // Notice without politics, no political grant, nobody named: every
    // instant and every age gives a consent reason, never the age.
    let record = young_mother();
    for codes in [
        scan::<PoliticalCampaigning>(&record, "Agency", "Party"),
        scan::<ThirdPartyMarketing>(&record, "Acme", "Acme"),
    ] {
        assert!(!codes.is_empty());
        assert!(!codes.contains(&"subject_is_child"), "{codes:?}");
        assert!(!codes.contains(&"consent_given_by_child"), "{codes:?}");
    }
}

#[test]
fn where_the_child_rule_answers_the_clearance_opens_the_date_anyway() {
    // The consent covers the broker's own postal marketing: the child rule
    // is reached, and it tells nothing that the clearance does not give
    // under rules of the caller's choosing.
    let record = young_mother();
    let codes = scan::<MarketingPost>(&record, "Broker", "Broker");
    assert!(codes.contains(&"subject_is_child"));
    assert!(codes.contains(&"consent_given_by_child"));
    let gate = broker(Rules::default().with_child_age(0))
        .gate(Declaration::<MarketingPost>::new("Broker", "Broker", at(2017, 5, 1)).unwrap())
        .unwrap();
    assert_eq!(
        gate.check(&record).and_then(|c| c.get::<MotherBirthDate>()),
        Ok(Some(&day(2005, 6, 14)))
    );
}

/// A record that grants children_present but not child_birth_date, with
/// the under-five flag set and children born on `born`.
fn flag_without_dates(born: (i32, u32, u32)) -> Record {
    let scope = ConsentScope::builder(Purposes::all(), notice_with_politics(), at(2016, 5, 1))
        .categories(Categories::CHILDREN_PRESENT)
        .build()
        .unwrap();
    let (y, m, d) = born;
    Record::builder(SubjectId(9), NAME, Address::default(), scope)
        .mother_birth_date(day(1987, 6, 14))
        .children_under_five(true)
        .child_birth_dates(vec![day(y, m, d)])
        .build()
}

#[test]
fn the_flags_refusal_tells_nothing_of_birth_dates_the_consent_does_not_open() {
    // Checking the under-five flag against the children's birth dates must
    // not disclose the dates: where the consent does not open them, the
    // flag's answer is the same whatever they say.
    let research = gate::<consent_gate::purpose::Research>("Broker", "Broker", Rules::default());
    let child_of_one = flag_without_dates((2016, 3, 1));
    let child_of_nine = flag_without_dates((2008, 3, 1));
    let present = <category::ChildrenPresent as CategoryType>::CATEGORY;
    let decide = |record| research.check(record).and_then(|c| c.decide(present));
    let (a, b) = (decide(&child_of_one), decide(&child_of_nine));
    assert_eq!(a, b);
    assert!(a.is_err());
}
