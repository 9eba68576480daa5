//! The run-time decision, table-driven: one row for every refusal reason
//! and for the allowed paths beside them.

mod common;

use chrono::Duration;

use common::*;
use consent_gate::category::{self as cat, CategoryType};
use consent_gate::purpose::*;
use consent_gate::*;

const ACME: &str = "Acme Baby Products Ltd";

/// The scope every row starts from: everything granted and disclosed,
/// children's and health data explicitly granted, Acme named, given a
/// year before the export, collected directly.
fn full() -> ConsentScopeBuilder {
    let notice = Notice {
        version: NoticeVersion(4),
        disclosed: Purposes::all(),
    };
    ConsentScope::builder(Purposes::all(), notice, at(2016, 5, 1))
        .categories(Categories::all())
        .recipient(ACME)
}

/// Everything granted and disclosed, Acme named, collected through a
/// third party at `given`.
fn indirect(given: chrono::DateTime<chrono::Utc>) -> ConsentScopeBuilder {
    let notice = Notice {
        version: NoticeVersion(4),
        disclosed: Purposes::all(),
    };
    ConsentScope::builder(Purposes::all(), notice, given)
        .collection(Collection::ThirdParty)
        .recipient(ACME)
}

struct Row {
    what: &'static str,
    purpose: PurposeKind,
    scope: ConsentScopeBuilder,
    rules: Rules,
    category: Category,
    expected: Result<(), Refusal>,
}

fn decide(row: &Row, record: &Record) -> Result<(), Refusal> {
    fn run<P: Purpose>(rules: &Rules, record: &Record, category: Category) -> Result<(), Refusal> {
        gate::<P>(ACME, ACME, rules.clone())
            .check(record)
            .decide(category)
    }
    let (rules, c) = (&row.rules, row.category);
    with_purpose!(row.purpose, |P| run::<P>(rules, record, c))
}

fn rows() -> Vec<Row> {
    use PurposeKind as K;
    let name = cat::Name::CATEGORY;
    let email = cat::EmailAddress::CATEGORY;
    let phone = cat::PhoneNumber::CATEGORY;
    let child = cat::ChildBirthDate::CATEGORY;
    let health = cat::Pregnancy::CATEGORY;
    let row = |what, purpose, scope, category, expected| Row {
        what,
        purpose,
        scope,
        rules: Rules::default(),
        category,
        expected,
    };
    let not_broad = Purposes::all() - Purposes::EXACT_ONLY;
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
            ConsentScope::builder(Purposes::all(), notice_without_politics(), at(2017, 5, 2)),
            name,
            Err(Refusal::GivenAfterExport {
                given_at: at(2017, 5, 2),
            }),
        ),
        row(
            "given exactly at the export instant: allowed",
            K::MarketingPost,
            ConsentScope::builder(Purposes::all(), notice_without_politics(), as_of()),
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
        Row {
            what: "suppressed subject, marketing purpose",
            rules: Rules::default().with_suppressed([SubjectId(1)].into_iter().collect()),
            ..row("", K::MarketingPost, full(), name, Err(Refusal::Suppressed))
        },
        Row {
            what: "suppressed subject, research: allowed",
            rules: Rules::default().with_suppressed([SubjectId(1)].into_iter().collect()),
            ..row("", K::Research, full(), name, Ok(()))
        },
        Row {
            what: "subject under the configured child age",
            rules: Rules::default().with_child_age(30),
            ..row(
                "",
                K::Research,
                full(),
                name,
                Err(Refusal::SubjectIsChild { age_limit: 30 }),
            )
        },
        row(
            "purpose not disclosed in the notice",
            K::PoliticalCampaigning,
            ConsentScope::builder(Purposes::all(), notice_without_politics(), at(2016, 5, 1))
                .recipient(ACME),
            name,
            Err(Refusal::PurposeNotDisclosed {
                purpose: K::PoliticalCampaigning,
                notice: NoticeVersion(1),
            }),
        ),
        row(
            "broad grant never covers sale",
            K::SaleToThirdParties,
            ConsentScope::builder(
                Purposes::BROAD,
                Notice {
                    version: NoticeVersion(4),
                    disclosed: Purposes::all(),
                },
                at(2016, 5, 1),
            )
            .recipient(ACME),
            name,
            Err(Refusal::PurposeNotGranted {
                purpose: K::SaleToThirdParties,
            }),
        ),
        row(
            "purpose not granted",
            K::Profiling,
            ConsentScope::builder(
                Purposes::MARKETING_POST,
                notice_without_politics(),
                at(2016, 5, 1),
            ),
            name,
            Err(Refusal::PurposeNotGranted {
                purpose: K::Profiling,
            }),
        ),
        row(
            "buyer not named",
            K::ThirdPartyMarketing,
            ConsentScope::builder(Purposes::all(), notice_without_politics(), at(2016, 5, 1))
                .recipient("selected partners"),
            name,
            Err(Refusal::RecipientNotNamed {
                party: Party::Buyer,
            }),
        ),
        row(
            "indirect consent older than six months, third-party use",
            K::ThirdPartyMarketing,
            full().collection(Collection::ThirdParty),
            name,
            Err(Refusal::IndirectConsentTooOld {
                given_at: at(2016, 5, 1),
                max_months: 6,
            }),
        ),
        row(
            "indirect consent within six months: allowed",
            K::ThirdPartyMarketing,
            ConsentScope::builder(
                Purposes::all(),
                Notice {
                    version: NoticeVersion(4),
                    disclosed: Purposes::all(),
                },
                at(2016, 11, 2),
            )
            .collection(Collection::ThirdParty)
            .recipient(ACME),
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
            "own SMS marketing: the phone number without phone-call consent",
            K::MarketingSms,
            ConsentScope::builder(
                Purposes::MARKETING_SMS,
                notice_without_politics(),
                at(2016, 5, 1),
            ),
            phone,
            Ok(()),
        ),
        row(
            "own phone marketing: the phone number without SMS consent",
            K::MarketingPhone,
            ConsentScope::builder(
                Purposes::MARKETING_PHONE,
                notice_without_politics(),
                at(2016, 5, 1),
            ),
            phone,
            Ok(()),
        ),
        row(
            "indirect consent of any age, broker's own use: allowed",
            K::MarketingPost,
            full().collection(Collection::ThirdParty),
            name,
            Ok(()),
        ),
        row(
            "political campaigning never receives a child's birth date",
            K::PoliticalCampaigning,
            full(),
            child,
            Err(Refusal::NeverForPurpose {
                purpose: K::PoliticalCampaigning,
                category: child,
            }),
        ),
        row(
            "political campaigning never receives health data",
            K::PoliticalCampaigning,
            full(),
            health,
            Err(Refusal::NeverForPurpose {
                purpose: K::PoliticalCampaigning,
                category: health,
            }),
        ),
        row(
            "political campaigning, named and disclosed: name allowed",
            K::PoliticalCampaigning,
            full(),
            name,
            Ok(()),
        ),
        row(
            "children's data without its explicit grant",
            K::ThirdPartyMarketing,
            ConsentScope::builder(
                Purposes::all(),
                Notice {
                    version: NoticeVersion(4),
                    disclosed: Purposes::all(),
                },
                at(2016, 5, 1),
            )
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
                Notice {
                    version: NoticeVersion(4),
                    disclosed: Purposes::all(),
                },
                at(2016, 5, 1),
            )
            .existing_customer(true)
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
                Notice {
                    version: NoticeVersion(4),
                    disclosed: Purposes::all(),
                },
                at(2016, 5, 1),
            )
            .recipient(ACME),
            phone,
            Err(Refusal::ChannelNotConsented {
                channel: K::MarketingSms,
            }),
        ),
        row(
            "own e-mail marketing under the soft opt-in: allowed",
            K::MarketingEmail,
            ConsentScope::builder(
                Purposes::MARKETING_POST,
                notice_without_politics(),
                at(2016, 5, 1),
            )
            .existing_customer(true),
            email,
            Ok(()),
        ),
        row(
            "soft opt-in does not hold for indirectly collected data",
            K::MarketingEmail,
            ConsentScope::builder(
                Purposes::MARKETING_POST,
                notice_without_politics(),
                at(2016, 5, 1),
            )
            .existing_customer(true)
            .collection(Collection::ThirdParty),
            email,
            Err(Refusal::PurposeNotGranted {
                purpose: K::MarketingEmail,
            }),
        ),
        row(
            "own e-mail marketing without consent or soft opt-in",
            K::MarketingEmail,
            ConsentScope::builder(
                Purposes::MARKETING_POST,
                notice_without_politics(),
                at(2016, 5, 1),
            ),
            email,
            Err(Refusal::PurposeNotGranted {
                purpose: K::MarketingEmail,
            }),
        ),
    ]
}

#[test]
fn every_row_decides_as_expected() {
    let rows = rows();
    for row in &rows {
        let record = record(1, row.scope.clone().build().unwrap());
        assert_eq!(decide(row, &record), row.expected, "{}", row.what);
    }
}

#[test]
fn the_table_covers_every_reason() {
    let codes: std::collections::BTreeSet<_> = rows()
        .iter()
        .filter_map(|row| row.expected.err().map(|r| r.code()))
        .collect();
    let end_recipient = Refusal::RecipientNotNamed {
        party: Party::EndRecipient,
    };
    let all = [
        "given_after_export",
        "withdrawn",
        "expired",
        "suppressed",
        "subject_is_child",
        "purpose_not_disclosed",
        "purpose_not_granted",
        "recipient_not_named",
        "indirect_consent_too_old",
        "never_for_purpose",
        "category_not_granted",
        "channel_not_consented",
    ];
    assert_eq!(codes, all.into_iter().collect());
    assert_eq!(end_recipient.code(), "recipient_not_named");
}

#[test]
fn end_recipient_must_be_named_too() {
    let record = record(1, full().build().unwrap());
    let gate = gate::<ThirdPartyMarketing>(ACME, "A Political Party", Rules::default());
    assert_eq!(
        gate.check(&record).verdict(),
        Err(Refusal::RecipientNotNamed {
            party: Party::EndRecipient
        })
    );
}

#[test]
fn a_failed_record_rule_withholds_every_field_for_that_reason() {
    let record = record(1, full().withdrawn_at(at(2017, 1, 1)).build().unwrap());
    let cleared = gate::<ThirdPartyMarketing>(ACME, ACME, Rules::default()).check(&record);
    let withdrawn = Err(Refusal::Withdrawn { at: at(2017, 1, 1) });
    for category in cat::BUILTIN {
        assert_eq!(cleared.decide(category), withdrawn, "{category}");
    }
    assert_eq!(
        cleared.get::<field::ChildBirthDates>().map(|v| v.is_some()),
        withdrawn.map(|_| true)
    );
}

#[test]
fn subject_turning_the_child_age_today_is_not_a_child() {
    // Born 1 May 2004: thirteen on the export day.
    let scope = full().build().unwrap();
    let record = Record::builder(SubjectId(9), "Teen", Address::default(), scope.clone())
        .mother_birth_date(day(2004, 5, 1))
        .build();
    let gate = gate::<MarketingPost>(ACME, ACME, Rules::default());
    assert_eq!(gate.check(&record).verdict(), Ok(()));
    let younger = Record::builder(SubjectId(9), "Teen", Address::default(), scope)
        .mother_birth_date(day(2004, 5, 2))
        .build();
    assert_eq!(
        gate.check(&younger).verdict(),
        Err(Refusal::SubjectIsChild { age_limit: 13 })
    );
}
