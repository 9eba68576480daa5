//! The case itself: records consented for third-party marketing under a
//! privacy notice that disclosed no political use, bought by a data agency
//! for a political party.

mod common;

use common::*;
use consent_gate::field::{
    ChildBirthDates, ChildrenUnderFive, HomeAddress, MotherBirthDate, ParentName,
};
use consent_gate::purpose::{PoliticalCampaigning, ThirdPartyMarketing};
use consent_gate::*;

const AGENCY: &str = "Credit Agency Marketing Services";
const PARTY: &str = "A Political Party";
const ACME: &str = "Acme Baby Products Ltd";

/// What the subjects of the case gave: third-party marketing, their
/// children's data explicitly, to a named retailer, under notice v1.
fn parents_consent() -> ConsentScope {
    ConsentScope::builder(
        Purposes::THIRD_PARTY_MARKETING | Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2016, 9, 1),
    )
    .categories(Categories::CHILD_BIRTH_DATE | Categories::CHILDREN_PRESENT)
    .recipient(ACME)
    .build()
    .unwrap()
}

#[test]
fn the_political_buyer_gets_no_birth_dates_and_each_refusal_says_why() {
    let record = record(1, parents_consent());
    let gate = gate::<PoliticalCampaigning>(AGENCY, PARTY, Rules::default());
    let cleared = gate.check(&record);

    let not_disclosed = Refusal::PurposeNotDisclosed {
        purpose: PurposeKind::PoliticalCampaigning,
        notice: NoticeVersion(1),
    };
    assert_eq!(cleared.get::<MotherBirthDate>(), Err(not_disclosed));
    assert_eq!(cleared.get::<ParentName>(), Err(not_disclosed));
    assert_eq!(cleared.get::<HomeAddress>(), Err(not_disclosed));
    // A child's birth date cannot be asked for by type; at run time its
    // category is refused too, and the reason names the notice first.
    assert_eq!(
        cleared.decide(<category::ChildBirthDate as CategoryType>::CATEGORY),
        Err(not_disclosed)
    );
    assert_eq!(
        not_disclosed.to_string(),
        "purpose `political_campaigning` not disclosed in notice v1"
    );
}

#[test]
fn even_a_notice_that_disclosed_politics_never_releases_children_data() {
    let notice = Notice {
        version: NoticeVersion(2),
        disclosed: Purposes::all(),
    };
    let scope = ConsentScope::builder(Purposes::all(), notice, at(2016, 9, 1))
        .categories(Categories::all())
        .recipient(AGENCY)
        .recipient(PARTY)
        .build()
        .unwrap();
    let record = record(2, scope);
    let cleared = gate::<PoliticalCampaigning>(AGENCY, PARTY, Rules::default()).check(&record);
    assert_eq!(cleared.get::<ParentName>(), Ok(Some(&NAME.to_owned())));
    assert!(cleared.get::<MotherBirthDate>().unwrap().is_some());
    let child = <category::ChildBirthDate as CategoryType>::CATEGORY;
    assert_eq!(
        cleared.decide(child),
        Err(Refusal::NeverForPurpose {
            purpose: PurposeKind::PoliticalCampaigning,
            category: child
        })
    );
}

#[test]
fn the_buyer_the_consent_names_gets_them() {
    let record = record(3, parents_consent());
    let cleared = gate::<ThirdPartyMarketing>(ACME, ACME, Rules::default()).check(&record);
    let (cy, cm, cd) = CHILD_BORN;
    let (my, mm, md) = MOTHER_BORN;
    assert_eq!(
        cleared.get::<ChildBirthDates>(),
        Ok(Some(&vec![day(cy, cm, cd)]))
    );
    assert_eq!(cleared.get::<MotherBirthDate>(), Ok(Some(&day(my, mm, md))));
    assert_eq!(cleared.get::<ChildrenUnderFive>(), Ok(Some(&true)));
}

#[test]
fn the_agency_buying_for_itself_is_not_the_named_retailer() {
    let record = record(4, parents_consent());
    let cleared = gate::<ThirdPartyMarketing>(AGENCY, AGENCY, Rules::default()).check(&record);
    assert_eq!(
        cleared.get::<ChildBirthDates>(),
        Err(Refusal::RecipientNotNamed {
            party: Party::Buyer
        })
    );
}
