//! A subject's consent as CRMs record it: consents per purpose under
//! several notice versions, and refusals, withdrawals and objections since.
//! The state of each purpose at the export instant decides.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use consent_gate::export::Export;
use consent_gate::purpose::Purpose;
use consent_gate::purpose::{
    MarketingEmail, MarketingPost, PoliticalCampaigning, Research, ThirdPartyMarketing,
};
use consent_gate::*;

fn consent(purposes: Purposes, notice: NoticeVersion, given: DateTime<Utc>) -> ConsentScope {
    ConsentScope::builder(purposes, notice, given)
        .recipient("Acme Baby Products Ltd")
        .recipient("Agency")
        .recipient("Party")
        .build()
        .unwrap()
}

fn verdict<P: Purpose>(buyer: &str, end: &str, consents: &Consents) -> Result<(), Refusal> {
    verdict_at::<P>(buyer, end, consents, as_of())
}

fn verdict_at<P: Purpose>(
    buyer: &str,
    end: &str,
    consents: &Consents,
    when: DateTime<Utc>,
) -> Result<(), Refusal> {
    let gate = broker(Rules::default())
        .gate(Declaration::<P>::new(buyer, end, when).unwrap())
        .unwrap();
    let record = record(1, consents.clone());
    gate.check(&record).map(|_| ())
}

fn own<P: Purpose>(consents: &Consents) -> Result<(), Refusal> {
    verdict::<P>("Broker", "Broker", consents)
}

const ALL_MARKETING: Purposes = Purposes::MARKETING_POST
    .union(Purposes::MARKETING_EMAIL)
    .union(Purposes::THIRD_PARTY_MARKETING)
    .union(Purposes::RESEARCH);

#[test]
fn withdrawing_email_marketing_leaves_post_standing() {
    let consents = Consents::from(consent(
        ALL_MARKETING,
        notice_without_politics(),
        at(2016, 1, 1),
    ))
    .change(ConsentChange::withdrawn(
        Purposes::MARKETING_EMAIL,
        at(2016, 6, 1),
    ));
    assert_eq!(own::<MarketingPost>(&consents), Ok(()));
    assert_eq!(
        own::<MarketingEmail>(&consents),
        Err(Refusal::Withdrawn { at: at(2016, 6, 1) })
    );
    // Before the withdrawal, e-mail stood too.
    assert_eq!(
        verdict_at::<MarketingEmail>("Broker", "Broker", &consents, at(2016, 5, 1)),
        Ok(())
    );
    // Third-party marketing stands, but the e-mail address is withheld: its
    // channel was withdrawn.
    let gate = gate::<ThirdPartyMarketing>(
        "Acme Baby Products Ltd",
        "Acme Baby Products Ltd",
        Rules::default(),
    );
    let record = record(1, consents.clone());
    let clearance = gate.check(&record).unwrap();
    assert_eq!(
        clearance.get::<field::Email>(),
        Err(Refusal::ChannelNotConsented {
            channel: PurposeKind::MarketingEmail
        })
    );
    assert!(clearance.get::<field::HomeAddress>().unwrap().is_some());
}

#[test]
fn an_objection_stops_every_marketing_purpose_and_no_other() {
    let objected = at(2016, 6, 1);
    let consents = Consents::from(consent(
        ALL_MARKETING,
        notice_without_politics(),
        at(2016, 1, 1),
    ))
    .change(ConsentChange::objected(objected));
    for refusal in [
        own::<MarketingPost>(&consents),
        own::<MarketingEmail>(&consents),
        verdict::<ThirdPartyMarketing>(
            "Acme Baby Products Ltd",
            "Acme Baby Products Ltd",
            &consents,
        ),
    ] {
        assert_eq!(refusal, Err(Refusal::Objected { at: objected }));
    }
    assert_eq!(own::<Research>(&consents), Ok(()));
    // A consent given after the objection is the subject asking again.
    let again = consents.clone().give(consent(
        Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2017, 1, 1),
    ));
    assert_eq!(own::<MarketingPost>(&again), Ok(()));
    assert_eq!(
        own::<MarketingEmail>(&again),
        Err(Refusal::Objected { at: objected })
    );
}

#[test]
fn a_re_consent_under_a_notice_that_disclosed_politics_covers_it_from_its_instant_only() {
    let re_consent = at(2017, 3, 1);
    let consents = Consents::from(consent(
        Purposes::BROAD,
        notice_without_politics(),
        at(2016, 1, 1),
    ))
    .give(consent(
        Purposes::POLITICAL_CAMPAIGNING,
        notice_with_politics(),
        re_consent,
    ));
    let political = |when| verdict_at::<PoliticalCampaigning>("Agency", "Party", &consents, when);
    assert_eq!(political(at(2017, 4, 1)), Ok(()));
    assert_eq!(political(re_consent), Ok(()));
    // Before it, the earlier consent is judged: its notice never disclosed
    // political campaigning.
    assert_eq!(
        political(at(2017, 2, 28)),
        Err(Refusal::PurposeNotDisclosed {
            purpose: PurposeKind::PoliticalCampaigning,
            notice: notice_without_politics(),
        })
    );
    // The earlier purposes stay under the notice they were given under.
    assert_eq!(own::<MarketingPost>(&consents), Ok(()));
}

#[test]
fn a_refusal_is_counted_apart_from_no_entry() {
    let refused = Consents::from(consent(
        Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2016, 1, 1),
    ))
    .change(ConsentChange::refused(Purposes::RESEARCH, at(2016, 1, 1)));
    let unknown = Consents::from(consent(
        Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2016, 1, 1),
    ))
    .change(ConsentChange::withdrawn(
        Purposes::MARKETING_EMAIL,
        at(2016, 2, 1),
    ));
    let nothing = Consents::new();
    assert_eq!(
        own::<Research>(&refused),
        Err(Refusal::Refused { at: at(2016, 1, 1) })
    );
    let not_granted = Err(Refusal::PurposeNotGranted {
        purpose: PurposeKind::Research,
    });
    assert_eq!(own::<Research>(&unknown), not_granted);
    assert_eq!(own::<Research>(&nothing), not_granted);

    let gate = gate::<Research>("Broker", "Broker", Rules::default());
    let records = [record(1, refused), record(2, unknown), record(3, nothing)];
    let receipt = Export::new(&gate)
        .write(records.iter(), Vec::new())
        .unwrap();
    assert!(receipt.reconciles());
    assert_eq!(receipt.dropped["refused"], 1);
    assert_eq!(receipt.dropped["purpose_not_granted"], 2);
    // Two records have a consent, counted under its notice; one has none.
    assert_eq!(receipt.notice_versions.values().sum::<u64>(), 2);
}

#[test]
fn at_equal_instants_the_event_that_refuses_wins() {
    let when = at(2016, 1, 1);
    let given = consent(Purposes::MARKETING_POST, notice_without_politics(), when);
    for (change, refusal) in [
        (
            ConsentChange::refused(Purposes::MARKETING_POST, when),
            Refusal::Refused { at: when },
        ),
        (
            ConsentChange::withdrawn(Purposes::MARKETING_POST, when),
            Refusal::Withdrawn { at: when },
        ),
        (
            ConsentChange::objected(when),
            Refusal::Objected { at: when },
        ),
    ] {
        // Whichever order they were added in.
        let after = Consents::from(given.clone()).change(change);
        let before = Consents::new().change(change).give(given.clone());
        assert_eq!(own::<MarketingPost>(&after), Err(refusal));
        assert_eq!(own::<MarketingPost>(&before), Err(refusal));
    }
    // An objection outranks a withdrawal at the same instant.
    let both = Consents::from(given.clone())
        .change(ConsentChange::withdrawn(Purposes::MARKETING_POST, when))
        .change(ConsentChange::objected(when));
    assert_eq!(
        own::<MarketingPost>(&both),
        Err(Refusal::Objected { at: when })
    );
}

#[test]
fn an_expired_consent_does_not_bring_back_the_one_before() {
    let older = consent(
        Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2015, 6, 1),
    );
    let newer = ConsentScope::builder(
        Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2016, 1, 1),
    )
    .expires_at(at(2017, 1, 1))
    .build()
    .unwrap();
    let consents = Consents::from(older).give(newer);
    assert_eq!(
        own::<MarketingPost>(&consents),
        Err(Refusal::Expired { at: at(2017, 1, 1) })
    );
    // A consent's own withdrawal ends it, then a later consent stands.
    let withdrawn = ConsentScope::builder(
        Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2015, 6, 1),
    )
    .withdrawn_at(at(2015, 9, 1))
    .build()
    .unwrap();
    let later = consent(
        Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2016, 1, 1),
    );
    let consents = Consents::from(withdrawn).give(later);
    assert_eq!(own::<MarketingPost>(&consents), Ok(()));
    assert_eq!(
        verdict_at::<MarketingPost>("Broker", "Broker", &consents, at(2015, 12, 1)),
        Err(Refusal::Withdrawn { at: at(2015, 9, 1) })
    );
}

#[test]
fn the_categories_judged_are_those_of_the_consent_that_covers_the_purpose() {
    // Children's data was granted with the first consent, for post; the
    // retailer's consent, later, grants none.
    let first = ConsentScope::builder(
        Purposes::MARKETING_POST,
        notice_without_politics(),
        at(2016, 1, 1),
    )
    .categories(Categories::CHILD_BIRTH_DATE | Categories::CHILDREN_PRESENT)
    .build()
    .unwrap();
    let second = consent(
        Purposes::THIRD_PARTY_MARKETING,
        notice_without_politics(),
        at(2016, 2, 1),
    );
    let record = record(1, Consents::from(first).give(second));
    let own = gate::<MarketingPost>("Broker", "Broker", Rules::default());
    assert!(
        own.check(&record)
            .and_then(|c| c.get::<field::ChildBirthDates>())
            .is_ok()
    );
    let retailer = gate::<ThirdPartyMarketing>(
        "Acme Baby Products Ltd",
        "Acme Baby Products Ltd",
        Rules::default(),
    );
    assert!(matches!(
        retailer
            .check(&record)
            .and_then(|c| c.get::<field::ChildBirthDates>()),
        Err(Refusal::CategoryNotGranted { .. })
    ));
}

#[test]
fn the_one_row_form_decides_as_a_ledger_of_one_consent() {
    // The fast path for one consent and the ledger's state agree on every
    // purpose and instant the one-row form can express.
    let scope = ConsentScope::builder(ALL_MARKETING, notice_without_politics(), at(2016, 1, 1))
        .expires_at(at(2017, 6, 1))
        .withdrawn_at(at(2017, 3, 1))
        .build()
        .unwrap();
    let single = Consents::from(scope.clone());
    // The same consent with a change that covers no purpose: the general
    // path.
    let general =
        Consents::from(scope).change(ConsentChange::refused(Purposes::empty(), at(2010, 1, 1)));
    for when in [
        at(2015, 12, 1),
        at(2016, 6, 1),
        at(2017, 3, 1),
        at(2017, 7, 1),
    ] {
        assert_eq!(
            verdict_at::<MarketingPost>("Broker", "Broker", &single, when),
            verdict_at::<MarketingPost>("Broker", "Broker", &general, when),
            "{when}"
        );
        assert_eq!(
            verdict_at::<Research>("Broker", "Broker", &single, when),
            verdict_at::<Research>("Broker", "Broker", &general, when),
            "{when}"
        );
    }
}
