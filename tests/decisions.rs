//! The run-time decision, table-driven: one row for every refusal reason
//! and for the allowed paths and boundaries beside them.

mod common;

use chrono::{Duration, NaiveDate};
use consent_gate::category::Category;

use common::*;
use consent_gate::category::{self as cat, CategoryType};
use consent_gate::purpose::*;
use consent_gate::*;

const ACME: &str = "Acme Baby Products Ltd";

/// The scope every row starts from: everything granted, under the notice
/// that disclosed everything, children's and health data explicitly
/// granted, Acme named, given a year before the export, collected
/// directly.
fn full() -> ConsentScopeBuilder {
    given(at(2016, 5, 1))
}

/// [`full`], given at `at`.
fn given(at: chrono::DateTime<chrono::Utc>) -> ConsentScopeBuilder {
    ConsentScope::builder(Purposes::all(), notice_with_politics(), at)
        .categories(Categories::all())
        .recipient(ACME)
}

/// Everything granted and disclosed, Acme named, collected through a
/// third party at `given`.
fn indirect(at: chrono::DateTime<chrono::Utc>) -> ConsentScopeBuilder {
    given(at).source(ConsentSource::ThirdParty)
}

/// A scope granting `purposes` under notice v1, given a year before.
fn only(purposes: Purposes) -> ConsentScopeBuilder {
    ConsentScope::builder(purposes, notice_without_politics(), at(2016, 5, 1))
}

/// The record a row is judged on, when not the planted one.
#[derive(Clone, Copy)]
enum Family {
    /// The planted record.
    Planted,
    /// The planted values with this mother's birth date.
    Born(NaiveDate),
    /// Children born on these dates, the flag as given, the mother as
    /// planted.
    Children(&'static [(i32, u32, u32)], bool),
    /// A due date.
    Due(NaiveDate),
}

struct Row {
    what: &'static str,
    purpose: PurposeKind,
    scope: ConsentScopeBuilder,
    broker: Broker,
    /// The record, if not the planted one.
    family: Family,
    /// The buyer and the end recipient, if not Acme (third parties) or the
    /// broker (its own purposes).
    parties: Option<(&'static str, &'static str)>,
    category: Category,
    expected: Result<(), Refusal>,
}

fn decide(row: &Row, record: &Record) -> Result<(), Refusal> {
    fn run<P: Purpose>(
        broker: &Broker,
        (buyer, end): (&str, &str),
        record: &Record,
        category: Category,
    ) -> Result<(), Refusal> {
        broker
            .gate(Declaration::<P>::new(buyer, end, as_of()).unwrap())
            .unwrap()
            .check(record)
            .and_then(|c| c.decide(category))
    }
    let parties = row
        .parties
        .unwrap_or(if row.purpose.discloses_to_third_party() {
            (ACME, ACME)
        } else {
            ("Broker", "Broker")
        });
    with_purpose!(row.purpose, |P| run::<P>(
        &row.broker,
        parties,
        record,
        row.category
    ))
}

fn build(row: &Row) -> Record {
    let scope = row.scope.clone().build().unwrap();
    let (my, mm, md) = MOTHER_BORN;
    let base = || Record::builder(SubjectId(1), NAME, Address::default(), scope.clone());
    match row.family {
        Family::Planted => record(1, scope),
        Family::Born(born) => base().mother_birth_date(born).build(),
        Family::Children(dates, flag) => base()
            .mother_birth_date(day(my, mm, md))
            .child_birth_dates(dates.iter().map(|(y, m, d)| day(*y, *m, *d)).collect())
            .children_under_five(flag)
            .build(),
        Family::Due(due) => base().due_date(due).build(),
    }
}

fn suppressing(list: SuppressionList) -> Broker {
    broker_with(Rules::default(), list)
}

fn rows() -> Vec<Row> {
    use PurposeKind as K;
    let name = cat::Name::CATEGORY;
    let address = cat::PostalAddress::CATEGORY;
    let email = cat::EmailAddress::CATEGORY;
    let phone = cat::PhoneNumber::CATEGORY;
    let child = cat::ChildBirthDate::CATEGORY;
    let health = cat::Pregnancy::CATEGORY;
    let row = |what, purpose, scope, category, expected| Row {
        what,
        purpose,
        scope,
        broker: broker(Rules::default()),
        family: Family::Planted,
        parties: None,
        category,
        expected,
    };
    let not_broad = Purposes::all() - Purposes::EXACT_ONLY;
    let soft = || {
        only(Purposes::MARKETING_POST)
            .existing_customer(true)
            .opt_out_offered(true)
    };
    vec![
        row(
            "everything granted: allowed",
            K::ThirdPartyMarketing,
            full(),
            child,
            Ok(()),
        ),
        row(
            "given after the export instant",
            K::MarketingPost,
            given(at(2017, 5, 2)),
            name,
            Err(Refusal::GivenAfterExport {
                given_at: at(2017, 5, 2),
            }),
        ),
        row(
            "given exactly at the export instant: allowed",
            K::MarketingPost,
            given(as_of()),
            name,
            Ok(()),
        ),
        row(
            "withdrawn before the export",
            K::MarketingPost,
            full().withdrawn_at(at(2017, 4, 30)),
            name,
            Err(Refusal::Withdrawn {
                at: at(2017, 4, 30),
            }),
        ),
        row(
            "withdrawn exactly at the export instant",
            K::MarketingPost,
            full().withdrawn_at(as_of()),
            name,
            Err(Refusal::Withdrawn { at: as_of() }),
        ),
        row(
            "withdrawn after the export: allowed",
            K::MarketingPost,
            full().withdrawn_at(at(2017, 5, 2)),
            name,
            Ok(()),
        ),
        row(
            "expired",
            K::MarketingPost,
            full().expires_at(at(2017, 1, 1)),
            name,
            Err(Refusal::Expired { at: at(2017, 1, 1) }),
        ),
        row(
            "a notice version the broker never published",
            K::MarketingPost,
            ConsentScope::builder(Purposes::all(), NoticeVersion(9), at(2016, 5, 1)),
            name,
            Err(Refusal::UnknownNotice {
                notice: NoticeVersion(9),
            }),
        ),
        row(
            "consent given a second before its notice was published",
            K::MarketingPost,
            given(at(2015, 1, 1) - Duration::seconds(1)),
            name,
            Err(Refusal::ConsentBeforeNotice {
                notice: notice_with_politics(),
                published_at: at(2015, 1, 1),
            }),
        ),
        row(
            "consent given as its notice was published: allowed",
            K::MarketingPost,
            given(at(2015, 1, 1)),
            name,
            Ok(()),
        ),
        Row {
            what: "suppressed subject, marketing purpose",
            broker: suppressing(SuppressionList::default().subject(SubjectId(1))),
            ..row("", K::MarketingPost, full(), name, Err(Refusal::Suppressed))
        },
        Row {
            what: "suppressed subject, research: allowed",
            broker: suppressing(SuppressionList::default().subject(SubjectId(1))),
            ..row("", K::Research, full(), name, Ok(()))
        },
        row(
            "purpose not disclosed in the notice",
            K::PoliticalCampaigning,
            only(Purposes::all()).recipient("Agency").recipient("Party"),
            name,
            Err(Refusal::PurposeNotDisclosed {
                purpose: K::PoliticalCampaigning,
                notice: NoticeVersion(1),
            }),
        ),
        row(
            "broad grant never covers sale",
            K::SaleToThirdParties,
            ConsentScope::builder(Purposes::BROAD, notice_with_politics(), at(2016, 5, 1))
                .recipient(ACME),
            name,
            Err(Refusal::PurposeNotGranted {
                purpose: K::SaleToThirdParties,
            }),
        ),
        row(
            "purpose not granted",
            K::Profiling,
            only(Purposes::MARKETING_POST),
            name,
            Err(Refusal::PurposeNotGranted {
                purpose: K::Profiling,
            }),
        ),
        row(
            "buyer not named",
            K::ThirdPartyMarketing,
            only(Purposes::all()).recipient("selected partners"),
            name,
            Err(Refusal::RecipientNotNamed { role: Role::Buyer }),
        ),
        Row {
            what: "buyer named in the consent, neither it nor its kind in the notice",
            parties: Some(("Acme Agency", ACME)),
            ..row(
                "",
                K::ThirdPartyMarketing,
                only(Purposes::all())
                    .recipient(ACME)
                    .recipient("Acme Agency"),
                name,
                Err(Refusal::RecipientNotInNotice {
                    role: Role::Buyer,
                    notice: NoticeVersion(1),
                }),
            )
        },
        Row {
            what: "an agency whose kind the notice named: allowed",
            parties: Some(("Acme Agency", ACME)),
            ..row(
                "",
                K::ThirdPartyMarketing,
                full().recipient("Acme Agency"),
                name,
                Ok(()),
            )
        },
        row(
            "indirect consent older than six months, third-party use",
            K::ThirdPartyMarketing,
            indirect(at(2016, 5, 1)),
            name,
            Err(Refusal::IndirectConsentTooOld {
                given_at: at(2016, 5, 1),
                max_months: 6,
            }),
        ),
        row(
            "indirect consent within six months: allowed",
            K::ThirdPartyMarketing,
            indirect(at(2016, 11, 2)),
            name,
            Ok(()),
        ),
        row(
            "indirect consent exactly six months old: allowed",
            K::ThirdPartyMarketing,
            indirect(at(2016, 11, 1)),
            name,
            Ok(()),
        ),
        row(
            "indirect consent six months and a second old",
            K::ThirdPartyMarketing,
            indirect(at(2016, 11, 1) - Duration::seconds(1)),
            name,
            Err(Refusal::IndirectConsentTooOld {
                given_at: at(2016, 11, 1) - Duration::seconds(1),
                max_months: 6,
            }),
        ),
        row(
            "indirect consent of any age, broker's own use: allowed",
            K::MarketingPost,
            indirect(at(2016, 5, 1)),
            name,
            Ok(()),
        ),
        Row {
            what: "direct consent older than the disclosure limit",
            broker: broker(Rules::default().with_third_party_consent_max_months(Some(6))),
            ..row(
                "",
                K::ThirdPartyMarketing,
                full(),
                name,
                Err(Refusal::ConsentTooOldForDisclosure {
                    given_at: at(2016, 5, 1),
                    max_months: 6,
                }),
            )
        },
        Row {
            what: "direct consent exactly at the disclosure limit: allowed",
            broker: broker(Rules::default().with_third_party_consent_max_months(Some(6))),
            ..row(
                "",
                K::ThirdPartyMarketing,
                given(at(2016, 11, 1)),
                name,
                Ok(()),
            )
        },
        Row {
            what: "the disclosure limit does not bind the broker's own use",
            broker: broker(Rules::default().with_third_party_consent_max_months(Some(6))),
            ..row("", K::MarketingPost, full(), name, Ok(()))
        },
        Row {
            what: "subject under the configured child age",
            broker: broker(Rules::default().with_child_age(30)),
            ..row(
                "",
                K::Research,
                full(),
                name,
                Err(Refusal::SubjectIsChild { age_limit: 30 }),
            )
        },
        Row {
            what: "an adult now who consented at twelve",
            family: Family::Born(day(2004, 1, 1)),
            ..row(
                "",
                K::MarketingPost,
                full(),
                name,
                Err(Refusal::ConsentGivenByChild { age_limit: 13 }),
            )
        },
        Row {
            what: "an adult now who consented at twelve, with a parent's consent: allowed",
            family: Family::Born(day(2004, 1, 1)),
            ..row(
                "",
                K::MarketingPost,
                full().parental_consent(true),
                name,
                Ok(()),
            )
        },
        Row {
            what: "consent given on the thirteenth birthday: allowed",
            family: Family::Born(day(2003, 5, 1)),
            ..row("", K::MarketingPost, full(), name, Ok(()))
        },
        Row {
            what: "consent given the day before the thirteenth birthday",
            family: Family::Born(day(2003, 5, 2)),
            ..row(
                "",
                K::MarketingPost,
                full(),
                name,
                Err(Refusal::ConsentGivenByChild { age_limit: 13 }),
            )
        },
        row(
            "own SMS marketing: the phone number without phone-call consent",
            K::MarketingSms,
            only(Purposes::MARKETING_SMS),
            phone,
            Ok(()),
        ),
        row(
            "own phone marketing: the phone number without SMS consent",
            K::MarketingPhone,
            only(Purposes::MARKETING_PHONE),
            phone,
            Ok(()),
        ),
        row(
            "political campaigning never receives a child's birth date",
            K::PoliticalCampaigning,
            full().recipient("Agency").recipient("Party"),
            child,
            Err(Refusal::NeverForPurpose {
                purpose: K::PoliticalCampaigning,
                category: child,
            }),
        ),
        Row {
            what: "political campaigning never receives health data",
            parties: Some(("Agency", "Party")),
            ..row(
                "",
                K::PoliticalCampaigning,
                full().recipient("Agency").recipient("Party"),
                health,
                Err(Refusal::NeverForPurpose {
                    purpose: K::PoliticalCampaigning,
                    category: health,
                }),
            )
        },
        Row {
            what: "political campaigning, named and disclosed: name allowed",
            parties: Some(("Party", "Party")),
            ..row(
                "",
                K::PoliticalCampaigning,
                full().recipient("Party"),
                name,
                Ok(()),
            )
        },
        row(
            "children's data without its explicit grant",
            K::ThirdPartyMarketing,
            ConsentScope::builder(Purposes::all(), notice_with_politics(), at(2016, 5, 1))
                .categories(Categories::PREGNANCY)
                .recipient(ACME),
            child,
            Err(Refusal::CategoryNotGranted { category: child }),
        ),
        row(
            "e-mail to a third party without e-mail consent",
            K::ThirdPartyMarketing,
            ConsentScope::builder(
                not_broad - Purposes::MARKETING_EMAIL,
                notice_with_politics(),
                at(2016, 5, 1),
            )
            .existing_customer(true)
            .opt_out_offered(true)
            .recipient(ACME),
            email,
            Err(Refusal::ChannelNotConsented {
                channel: K::MarketingEmail,
            }),
        ),
        row(
            "phone to a third party without SMS consent",
            K::ThirdPartyMarketing,
            ConsentScope::builder(
                not_broad - Purposes::MARKETING_SMS,
                notice_with_politics(),
                at(2016, 5, 1),
            )
            .recipient(ACME),
            phone,
            Err(Refusal::ChannelNotConsented {
                channel: K::MarketingSms,
            }),
        ),
        row(
            "a broad tick under a notice that disclosed no phone marketing",
            K::ThirdPartyMarketing,
            ConsentScope::builder(Purposes::BROAD, notice_without_channels(), at(2016, 5, 1))
                .recipient(ACME),
            phone,
            Err(Refusal::ChannelNotDisclosed {
                channel: K::MarketingSms,
                notice: notice_without_channels(),
            }),
        ),
        row(
            "a broad tick under a notice that disclosed no e-mail marketing",
            K::ThirdPartyMarketing,
            ConsentScope::builder(Purposes::BROAD, notice_without_channels(), at(2016, 5, 1))
                .recipient(ACME),
            email,
            Err(Refusal::ChannelNotDisclosed {
                channel: K::MarketingEmail,
                notice: notice_without_channels(),
            }),
        ),
        row(
            "a notice that named the buyer by name: its postal address allowed",
            K::ThirdPartyMarketing,
            ConsentScope::builder(Purposes::BROAD, notice_without_channels(), at(2016, 5, 1))
                .recipient(ACME),
            address,
            Ok(()),
        ),
        row(
            "own e-mail marketing under the soft opt-in: allowed",
            K::MarketingEmail,
            soft(),
            email,
            Ok(()),
        ),
        row(
            "own SMS marketing under the soft opt-in: allowed",
            K::MarketingSms,
            soft(),
            phone,
            Ok(()),
        ),
        row(
            "no soft opt-in without an opt-out offered at collection",
            K::MarketingEmail,
            soft().opt_out_offered(false),
            email,
            Err(Refusal::PurposeNotGranted {
                purpose: K::MarketingEmail,
            }),
        ),
        row(
            "no soft opt-in for someone who is not a customer",
            K::MarketingEmail,
            soft().existing_customer(false),
            email,
            Err(Refusal::PurposeNotGranted {
                purpose: K::MarketingEmail,
            }),
        ),
        row(
            "no soft opt-in for indirectly collected data",
            K::MarketingEmail,
            soft().source(ConsentSource::ThirdParty),
            email,
            Err(Refusal::PurposeNotGranted {
                purpose: K::MarketingEmail,
            }),
        ),
        row(
            "no soft opt-in for telephone calls",
            K::MarketingPhone,
            soft(),
            phone,
            Err(Refusal::PurposeNotGranted {
                purpose: K::MarketingPhone,
            }),
        ),
        row(
            "no soft opt-in for a third party",
            K::ThirdPartyMarketing,
            soft().recipient(ACME),
            name,
            Err(Refusal::PurposeNotGranted {
                purpose: K::ThirdPartyMarketing,
            }),
        ),
        Row {
            what: "no soft opt-in for political campaigning",
            parties: Some(("Party", "Party")),
            ..row(
                "",
                K::PoliticalCampaigning,
                ConsentScope::builder(
                    Purposes::MARKETING_POST,
                    notice_with_politics(),
                    at(2016, 5, 1),
                )
                .existing_customer(true)
                .opt_out_offered(true)
                .recipient("Party"),
                name,
                Err(Refusal::PurposeNotGranted {
                    purpose: K::PoliticalCampaigning,
                }),
            )
        },
        row(
            "own e-mail marketing without consent or soft opt-in",
            K::MarketingEmail,
            only(Purposes::MARKETING_POST),
            email,
            Err(Refusal::PurposeNotGranted {
                purpose: K::MarketingEmail,
            }),
        ),
        Row {
            what: "a child born after the export instant",
            family: Family::Children(&[(2015, 11, 23), (2017, 5, 2)], true),
            ..row(
                "",
                K::Research,
                full(),
                child,
                Err(Refusal::ChildrenDataUnreliable),
            )
        },
        Row {
            what: "a child born on the export day: allowed",
            family: Family::Children(&[(2017, 5, 1)], true),
            ..row("", K::Research, full(), child, Ok(()))
        },
        Row {
            what: "a child born before its mother",
            family: Family::Children(&[(1986, 1, 1)], false),
            ..row(
                "",
                K::Research,
                full(),
                child,
                Err(Refusal::ChildrenDataUnreliable),
            )
        },
        Row {
            what: "with no minimum age at birth, a child born the day before its mother",
            family: Family::Children(&[(1987, 6, 13)], false),
            broker: broker(Rules::default().with_min_mother_age_at_birth(0)),
            ..row(
                "",
                K::Research,
                full(),
                child,
                Err(Refusal::ChildrenDataUnreliable),
            )
        },
        Row {
            what: "with no minimum age at birth, a child born on its mother's birth day: not before her",
            family: Family::Children(&[(1987, 6, 14)], false),
            broker: broker(Rules::default().with_min_mother_age_at_birth(0)),
            ..row("", K::Research, full(), child, Ok(()))
        },
        Row {
            what: "a mother eleven at the birth",
            family: Family::Children(&[(1999, 6, 13)], false),
            ..row(
                "",
                K::Research,
                full(),
                child,
                Err(Refusal::ChildrenDataUnreliable),
            )
        },
        Row {
            what: "a mother twelve at the birth: allowed",
            family: Family::Children(&[(1999, 6, 14)], false),
            ..row("", K::Research, full(), child, Ok(()))
        },
        Row {
            what: "under five, says the flag; the dates say otherwise",
            family: Family::Children(&[(2012, 5, 1)], true),
            ..row(
                "",
                K::Research,
                full(),
                cat::ChildrenPresent::CATEGORY,
                Err(Refusal::ChildrenDataUnreliable),
            )
        },
        Row {
            what: "five today: no longer under five, as the flag says: allowed",
            family: Family::Children(&[(2012, 5, 1)], false),
            ..row(
                "",
                K::Research,
                full(),
                cat::ChildrenPresent::CATEGORY,
                Ok(()),
            )
        },
        row(
            "the under-five flag without the birth dates' grant",
            K::Research,
            ConsentScope::builder(Purposes::all(), notice_with_politics(), at(2016, 5, 1))
                .categories(Categories::CHILDREN_PRESENT),
            cat::ChildrenPresent::CATEGORY,
            Err(Refusal::CategoryNotGranted { category: child }),
        ),
        Row {
            what: "the flag disagreeing withholds it, not the birth dates",
            family: Family::Children(&[(2012, 5, 1)], true),
            ..row("", K::Research, full(), child, Ok(()))
        },
        Row {
            what: "a due date already past",
            family: Family::Due(day(2017, 4, 30)),
            ..row(
                "",
                K::Research,
                full(),
                health,
                Err(Refusal::Stale { category: health }),
            )
        },
        Row {
            what: "a due date on the export day: allowed",
            family: Family::Due(day(2017, 5, 1)),
            ..row("", K::Research, full(), health, Ok(()))
        },
        Row {
            what: "a phone number on the telephone preference list, for marketing",
            broker: suppressing(SuppressionList::default().phone("+44 7700 900123")),
            ..row(
                "",
                K::ThirdPartyMarketing,
                full(),
                phone,
                Err(Refusal::ContactSuppressed { category: phone }),
            )
        },
        Row {
            what: "a phone number on the list, for research: allowed",
            broker: suppressing(SuppressionList::default().phone("+44 7700 900123")),
            ..row("", K::Research, full(), phone, Ok(()))
        },
        Row {
            what: "a phone number on the list leaves the e-mail alone",
            broker: suppressing(SuppressionList::default().phone("+44 7700 900123")),
            ..row("", K::ThirdPartyMarketing, full(), email, Ok(()))
        },
        Row {
            what: "an e-mail address on the list",
            broker: suppressing(SuppressionList::default().email("JANE@planted.example")),
            ..row(
                "",
                K::MarketingEmail,
                full(),
                email,
                Err(Refusal::ContactSuppressed { category: email }),
            )
        },
        Row {
            what: "a name at a postcode on the mailing preference list",
            broker: suppressing(
                SuppressionList::default().name_and_postcode("jane planted-name", "ls14pl"),
            ),
            ..row(
                "",
                K::MarketingPost,
                full(),
                address,
                Err(Refusal::ContactSuppressed { category: address }),
            )
        },
    ]
}

#[test]
fn every_row_decides_as_expected() {
    let rows = rows();
    for row in &rows {
        let record = build(row);
        assert_eq!(decide(row, &record), row.expected, "{}", row.what);
    }
}

#[test]
fn the_table_covers_every_reason() {
    let codes: std::collections::BTreeSet<_> = rows()
        .iter()
        .filter_map(|row| row.expected.err().map(|r| r.code()))
        .collect();
    let all = [
        "given_after_export",
        "withdrawn",
        "expired",
        "unknown_notice",
        "consent_before_notice",
        "suppressed",
        "purpose_not_disclosed",
        "purpose_not_granted",
        "recipient_not_named",
        "recipient_not_in_notice",
        "indirect_consent_too_old",
        "consent_too_old_for_disclosure",
        "subject_is_child",
        "consent_given_by_child",
        "never_for_purpose",
        "category_not_granted",
        "channel_not_disclosed",
        "channel_not_consented",
        "children_data_unreliable",
        "stale",
        "contact_suppressed",
    ];
    assert_eq!(codes, all.into_iter().collect());
}

#[test]
fn end_recipient_must_be_named_too() {
    let record = record(1, full().build().unwrap());
    let gate = gate::<PoliticalCampaigning>("Agency", "Party", Rules::default());
    assert_eq!(
        gate.check(&record).err(),
        Some(Refusal::RecipientNotNamed { role: Role::Buyer })
    );
    let record = record_named(&["Agency"]);
    assert_eq!(
        gate.check(&record).err(),
        Some(Refusal::RecipientNotNamed {
            role: Role::EndRecipient
        })
    );
}

fn record_named(names: &[&str]) -> Record {
    let mut scope = given(at(2016, 5, 1));
    for name in names {
        scope = scope.recipient(name);
    }
    record(1, scope.build().unwrap())
}

#[test]
fn a_failed_record_rule_withholds_every_field_for_that_reason() {
    let record = record(1, full().withdrawn_at(at(2017, 1, 1)).build().unwrap());
    let checker = gate::<ThirdPartyMarketing>(ACME, ACME, Rules::default());

    // No clearance exists for the record: every field, whatever its
    // category, is withheld for the record's reason.
    let withdrawn = Err(Refusal::Withdrawn { at: at(2017, 1, 1) });
    let cleared = checker.check(&record);
    for category in cat::BUILTIN {
        let decided = cleared
            .as_ref()
            .map_err(|r| *r)
            .and_then(|c| c.decide(category));
        assert_eq!(decided, withdrawn, "{category}");
    }
    assert_eq!(cleared.map(|_| ()), withdrawn);
}

#[test]
fn subject_turning_the_child_age_today_is_not_a_child() {
    // Born 1 May 2004: thirteen on the export day (and a parent consented
    // for her, at twelve).
    let scope = full().parental_consent(true).build().unwrap();
    let record = Record::builder(SubjectId(9), "Teen", Address::default(), scope.clone())
        .mother_birth_date(day(2004, 5, 1))
        .build();
    let gate = gate::<MarketingPost>("Broker", "Broker", Rules::default());
    assert!(gate.check(&record).is_ok());
    let younger = Record::builder(SubjectId(9), "Teen", Address::default(), scope)
        .mother_birth_date(day(2004, 5, 2))
        .build();
    assert_eq!(
        gate.check(&younger).err(),
        Some(Refusal::SubjectIsChild { age_limit: 13 })
    );
}

#[test]
fn the_declaration_is_refused_before_any_record() {
    let broker = broker(Rules::default());
    let declare = |buyer: &str, end: &str| -> Result<(), DeclarationRefusal> {
        broker.verify(&Declaration::<ThirdPartyMarketing>::new(buyer, end, as_of()).unwrap())
    };
    assert_eq!(declare(ACME, ACME), Ok(()));
    assert_eq!(declare("Acme Agency", ACME), Ok(()));
    assert_eq!(
        declare("Broker", ACME),
        Err(DeclarationRefusal::ControllerIsNoThirdParty { role: Role::Buyer })
    );
    assert_eq!(
        declare(ACME, "Acme Agency"),
        Err(DeclarationRefusal::NotActingFor)
    );
    assert_eq!(
        declare("Agency", "Agency"),
        Err(DeclarationRefusal::PoliticalRecipient {
            purpose: PurposeKind::ThirdPartyMarketing,
            role: Role::Buyer
        })
    );
    let own = broker.verify(&Declaration::<Research>::new(ACME, ACME, as_of()).unwrap());
    assert_eq!(
        own,
        Err(DeclarationRefusal::NotTheController {
            purpose: PurposeKind::Research,
            role: Role::Buyer
        })
    );
    let half = broker.verify(&Declaration::<Research>::new("Broker", ACME, as_of()).unwrap());
    assert_eq!(
        half,
        Err(DeclarationRefusal::NotTheController {
            purpose: PurposeKind::Research,
            role: Role::EndRecipient
        })
    );
}
