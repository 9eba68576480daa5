//! The case itself: records consented for third-party marketing under a
//! privacy notice that disclosed no political use, bought by a data agency
//! for a political party; and the same sale in disguise, under a harmless
//! purpose.

mod common;

use common::*;
use consent_gate::category::CategoryType;
use consent_gate::field::{ChildBirthDates, ChildrenUnderFive, MotherBirthDate, ParentName};
use consent_gate::purpose::Purpose;
use consent_gate::purpose::{PoliticalCampaigning, ServiceDelivery, ThirdPartyMarketing};
use consent_gate::synthetic::{AGENCY, BROKER, PARTY, RETAILER};
use consent_gate::*;

/// The synthetic broker: its notice v3 disclosed third-party marketing to
/// commercial organisations and nothing political; v4 disclosed political
/// campaigning and named agencies and parties.
fn broker() -> Broker {
    synthetic::broker()
}

const WITHOUT_POLITICS: NoticeVersion = NoticeVersion(3);
const WITH_POLITICS: NoticeVersion = NoticeVersion(4);

fn gate<P: Purpose>(buyer: &str, end_recipient: &str) -> Gate<P> {
    broker()
        .gate(Declaration::new(buyer, end_recipient, as_of()).unwrap())
        .unwrap()
}

/// What the subjects of the case gave: third-party marketing, their
/// children's data explicitly, to a named retailer, under notice v3.
fn parents_consent() -> ConsentScope {
    ConsentScope::builder(
        Purposes::THIRD_PARTY_MARKETING | Purposes::MARKETING_POST,
        WITHOUT_POLITICS,
        at(2016, 9, 1),
    )
    .categories(Categories::CHILD_BIRTH_DATE | Categories::CHILDREN_PRESENT)
    .recipient(RETAILER)
    .build()
    .unwrap()
}

#[test]
fn the_political_buyer_gets_no_birth_dates_and_each_refusal_says_why() {
    let record = record(1, parents_consent());
    let gate = gate::<PoliticalCampaigning>(AGENCY, PARTY);
    // The record as a whole is refused: no clearance exists for it, so no
    // field opens (a child's birth date cannot even be asked for by type),
    // and the reason names the notice.
    let not_disclosed = Refusal::PurposeNotDisclosed {
        purpose: PurposeKind::PoliticalCampaigning,
        notice: WITHOUT_POLITICS,
    };
    assert_eq!(gate.check(&record).err(), Some(not_disclosed));
    assert_eq!(
        not_disclosed.to_string(),
        "purpose `political_campaigning` not disclosed in notice v3"
    );
}

#[test]
fn even_a_notice_that_disclosed_politics_never_releases_children_data() {
    let scope = ConsentScope::builder(Purposes::all(), WITH_POLITICS, at(2016, 9, 1))
        .categories(Categories::all())
        .recipient(AGENCY)
        .recipient(PARTY)
        .build()
        .unwrap();
    let record = record(2, scope);
    let checker = gate::<PoliticalCampaigning>(AGENCY, PARTY);

    let cleared = checker.check(&record).unwrap();
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
    let checker = gate::<ThirdPartyMarketing>(RETAILER, RETAILER);

    let cleared = checker.check(&record).unwrap();
    let (cy, cm, cd) = CHILD_BORN;
    let (my, mm, md) = MOTHER_BORN;
    assert_eq!(
        cleared.get::<ChildBirthDates>(),
        Ok(Some(&vec![day(cy, cm, cd)]))
    );
    assert_eq!(cleared.get::<MotherBirthDate>(), Ok(Some(&day(my, mm, md))));
    assert_eq!(cleared.get::<ChildrenUnderFive>(), Ok(Some(&true)));
}

fn declare<P: Purpose>(buyer: &str, end_recipient: &str) -> Result<Gate<P>, DeclarationRefusal> {
    broker().gate(Declaration::new(buyer, end_recipient, as_of()).unwrap())
}

#[test]
fn the_party_declaring_service_delivery_is_refused() {
    // Service delivery discloses nothing to a third party: only the broker
    // declares it, for itself.
    assert_eq!(
        declare::<ServiceDelivery>(PARTY, PARTY).err(),
        Some(DeclarationRefusal::NotTheController {
            purpose: PurposeKind::ServiceDelivery,
            role: Role::Buyer
        })
    );
    assert!(declare::<ServiceDelivery>(BROKER, BROKER).is_ok());
}

#[test]
fn the_partys_agency_declaring_marketing_is_refused_whatever_it_names() {
    for end_recipient in [AGENCY, PARTY, RETAILER] {
        assert_eq!(
            declare::<ThirdPartyMarketing>(AGENCY, end_recipient).err(),
            Some(DeclarationRefusal::PoliticalRecipient {
                purpose: PurposeKind::ThirdPartyMarketing,
                role: Role::Buyer
            }),
            "{end_recipient}"
        );
    }
    // The retailer buying for the party is political too.
    assert!(matches!(
        declare::<ThirdPartyMarketing>(RETAILER, PARTY).err(),
        Some(DeclarationRefusal::PoliticalRecipient {
            role: Role::EndRecipient,
            ..
        })
    ));
    // Declared for what it is, the sale is judged by the political policy.
    assert!(declare::<PoliticalCampaigning>(AGENCY, PARTY).is_ok());
}

#[test]
fn nobody_the_registry_does_not_know_buys_anything() {
    assert_eq!(
        declare::<ThirdPartyMarketing>("Data Brokers Anonymous", "Data Brokers Anonymous").err(),
        Some(DeclarationRefusal::UnknownOrganisation { role: Role::Buyer })
    );
    assert_eq!(
        declare::<ThirdPartyMarketing>(RETAILER, "Someone Else").err(),
        Some(DeclarationRefusal::UnknownOrganisation {
            role: Role::EndRecipient
        })
    );
}

#[test]
fn the_agency_is_not_the_named_retailer() {
    // Registered as acting for the party, the agency buys for nobody but
    // the party; a commercial buyer buys only for itself.
    assert_eq!(
        declare::<PoliticalCampaigning>(AGENCY, RETAILER).err(),
        Some(DeclarationRefusal::NotActingFor)
    );
    assert_eq!(
        declare::<ThirdPartyMarketing>(RETAILER, synthetic::NURSERY).err(),
        Some(DeclarationRefusal::NotActingFor)
    );
}
