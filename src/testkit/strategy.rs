//! Proptest strategies for downstream crates' property tests (feature
//! `proptest`).
//!
//! The strategies generate the CRM text of rows ([`CrmRow`]), so one value
//! feeds both a pipeline's reader and the [`oracle`](crate::oracle). They
//! lean on the edge cases that matter: consent given exactly at the export
//! instant or a second after, withdrawn a second before it or exactly at
//! it, expiring that day; notices that disclose nothing; children born on
//! the export day and mothers who turn the child age that day; very long
//! and non-ASCII names; cells a spreadsheet would run as formulas; recipient
//! names that match only after folding case and white space.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use consent_gate::strategy;
//! use proptest::prelude::*;
//!
//! let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
//! proptest!(|(row in strategy::crm_row(as_of))| {
//!     prop_assert!(row.to_record(1).is_ok());
//! });
//! ```

use chrono::{DateTime, Duration, Months, NaiveDate, SecondsFormat, Utc};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::subsequence;

use crate::broker::Broker;
use crate::category::BUILTIN;
use crate::crm::CrmRow;
use crate::export::{BuyerFile, Format};
use crate::notice::{Notice, NoticeVersion, Notices};
use crate::organisation::{OrganisationKind, Organisations};
use crate::purpose::{PurposeKind, Purposes};
use crate::record::{Record, SubjectId};
use crate::rules::Rules;
use crate::scope::ConsentScope;
use crate::suppression::SuppressionList;
use crate::synthetic::{AGENCY, BROKER, PARTY, RETAILER};

/// The broker of [`broker`]'s configurations.
pub const CONTROLLER: &str = BROKER;

/// Organisation names consents and buyers are drawn from; two of them
/// match only after folding.
pub const ORGANISATIONS: [&str; 6] = [
    RETAILER,
    AGENCY,
    PARTY,
    "selected partners",
    "  acme baby   PRODUCTS ltd ",
    "Bright Nursery Supplies",
];

fn purpose_names() -> Vec<&'static str> {
    PurposeKind::ALL.iter().map(|k| k.name()).collect()
}

fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Text of the kinds that break naive pipelines.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z][A-Za-z' -]{0,24}",
        2 => "[\\p{L}][\\p{L}\\p{M} ]{0,16}",
        1 => "[=+@-][A-Za-z0-9(),\" ]{0,20}",
        1 => "[A-Za-z]{200,400}",
        1 => "[A-Za-z]{1,8}[,\"\n][A-Za-z]{1,8}",
    ]
}

/// A `;`-separated list of a subset of `items`, or `broad` sometimes.
fn list(items: Vec<&'static str>, broad: bool) -> impl Strategy<Value = String> {
    let len = items.len();
    let subset = subsequence(items, 0..=len).prop_map(|v| v.join(";"));
    if broad {
        prop_oneof![4 => subset, 1 => Just("broad".to_owned())].boxed()
    } else {
        subset.boxed()
    }
}

/// An instant near `as_of`: exactly at it, a second either side, that
/// day, or up to three years before.
pub fn instant_near(as_of: DateTime<Utc>) -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        Just(as_of),
        Just(as_of - Duration::seconds(1)),
        Just(as_of + Duration::seconds(1)),
        (0i64..86_400).prop_map(move |s| as_of + Duration::seconds(s)),
        (0i64..3 * 365 * 86_400).prop_map(move |s| as_of - Duration::seconds(s)),
    ]
}

/// The consent columns of a valid row; `given` is never after a withdrawal
/// or an expiry. Notice versions run past the ones [`broker`] publishes.
fn consent(as_of: DateTime<Utc>) -> impl Strategy<Value = [String; 11]> {
    let dates = instant_near(as_of).prop_flat_map(move |given| {
        let later = move |t: DateTime<Utc>| if t < given { given } else { t };
        let withdrawn = prop_oneof![
            3 => Just(None),
            1 => instant_near(as_of).prop_map(move |t| Some(later(t))),
        ];
        let expires = prop_oneof![
            3 => Just(None),
            1 => instant_near(as_of).prop_map(move |t| Some(later(t))),
            1 => Just(Some(later(as_of + Duration::days(1)))),
        ];
        (Just(given), withdrawn, expires)
    });
    (
        list(purpose_names(), true),
        list(BUILTIN.iter().map(|c| c.name()).collect(), false),
        prop_oneof![6 => 1u32..6, 1 => 6u32..8],
        subsequence(ORGANISATIONS.to_vec(), 0..=3),
        dates,
        any::<bool>(),
        any::<(bool, bool, bool)>(),
    )
        .prop_map(
            |(
                purposes,
                categories,
                version,
                recipients,
                (given, withdrawn, expires),
                third,
                (customer, opt_out, parent),
            )| {
                [
                    purposes,
                    categories,
                    version.to_string(),
                    recipients.join(";"),
                    instant(given),
                    expires.map(instant).unwrap_or_default(),
                    withdrawn.map(instant).unwrap_or_default(),
                    if third { "third_party" } else { "direct" }.to_owned(),
                    customer.to_string(),
                    opt_out.to_string(),
                    parent.to_string(),
                ]
            },
        )
}

/// A date of birth: sometimes on the export day, sometimes exactly 13
/// years before it.
fn born(
    as_of: DateTime<Utc>,
    years_back: std::ops::Range<u32>,
) -> impl Strategy<Value = NaiveDate> {
    let today = as_of.date_naive();
    let thirteen = today
        .checked_sub_months(Months::new(13 * 12))
        .unwrap_or(today);
    prop_oneof![
        1 => Just(today),
        1 => Just(thirteen),
        6 => (years_back.start * 365..years_back.end * 365)
            .prop_map(move |d| today - Duration::days(i64::from(d))),
    ]
}

/// A valid row of CRM text, with the edge cases in the module docs.
pub fn crm_row(as_of: DateTime<Utc>) -> impl Strategy<Value = CrmRow> {
    let person = (
        1u64..1_000_000_000,
        text().prop_filter("a name is required", |t| !t.trim().is_empty()),
        [text(), text(), text(), text()],
        proptest::option::of(
            prop_oneof![3 => text(), 1 => proptest::sample::select(EMAILS.to_vec()).prop_map(str::to_owned)],
        ),
        proptest::option::of(
            prop_oneof![3 => "07[0-9]{3} [0-9]{6}", 1 => proptest::sample::select(PHONES.to_vec()).prop_map(str::to_owned)],
        ),
    );
    let family = (
        proptest::option::of(born(as_of, 15..45)),
        vec(born(as_of, 0..12), 0..5),
        // Due dates ahead, on the export day, or already past (stale).
        proptest::option::of(prop_oneof![
            3 => Just(as_of.date_naive() + Duration::days(90)),
            1 => Just(as_of.date_naive()),
            1 => Just(as_of.date_naive() - Duration::days(1)),
        ]),
        any::<bool>(),
    );
    (
        person,
        family,
        consent(as_of),
        proptest::option::of(proptest::sample::select(NAMES_AT_POSTCODES.to_vec())),
    )
        .prop_map(
            |(
                (id, name, address, email, phone),
                (mother, children, due, under_five),
                consent,
                listed,
            )| {
                let [
                    purposes,
                    categories,
                    notice_version,
                    recipients,
                    given,
                    expires,
                    withdrawn,
                    collection,
                    customer,
                    opt_out,
                    parent,
                ] = consent;
                let [line1, line2, town, postcode] = address;
                let (name, postcode) = match listed {
                    Some((n, p)) => (n.to_owned(), p.to_owned()),
                    None => (name, postcode),
                };
                CrmRow {
                    subject_id: id.to_string(),
                    parent_name: name,
                    address_line1: line1,
                    address_line2: line2,
                    town,
                    postcode,
                    email: email.unwrap_or_default(),
                    phone: phone.unwrap_or_default(),
                    mother_birth_date: mother.map(day).unwrap_or_default(),
                    children_under_five: under_five.to_string(),
                    child_birth_dates: children.into_iter().map(day).collect::<Vec<_>>().join(";"),
                    due_date: due.map(day).unwrap_or_default(),
                    purposes,
                    categories,
                    notice_version,
                    recipients,
                    consent_given_at: given,
                    consent_expires_at: expires,
                    consent_withdrawn_at: withdrawn,
                    collection,
                    existing_customer: customer,
                    opt_out_offered: opt_out,
                    parental_consent: parent,
                    collected_by: String::new(),
                }
            },
        )
        .prop_map(|mut row| {
            // A consent collected through a third party names it.
            if row.collection == "third_party" {
                row.collected_by = "Bright Nursery Supplies".to_owned();
            }
            row
        })
}

/// A row that is valid most of the time, and otherwise malformed in one
/// of the ways real dumps are: an empty name, an impossible date, an
/// unknown purpose, a withdrawal before the consent.
pub fn crm_row_or_malformed(as_of: DateTime<Utc>) -> impl Strategy<Value = CrmRow> {
    (crm_row(as_of), 0u8..12).prop_map(|(mut row, spoil)| {
        match spoil {
            0 => row.parent_name = String::new(),
            1 => row.mother_birth_date = "2017-02-30".to_owned(),
            2 => row.purposes = "marketing_post;politics".to_owned(),
            3 => row.consent_withdrawn_at = "1999-01-01T00:00:00Z".to_owned(),
            _ => {}
        }
        row
    })
}

/// A gated record, read from a valid row.
pub fn record(as_of: DateTime<Utc>) -> impl Strategy<Value = Record> {
    crm_row(as_of).prop_filter_map("valid rows read", |row| row.to_record(1).ok())
}

/// A consent scope.
pub fn scope(as_of: DateTime<Utc>) -> impl Strategy<Value = ConsentScope> {
    record(as_of).prop_filter_map("a consent read", |r| r.consents().get(0).cloned())
}

/// Telephone numbers the rows and the suppression lists share, written
/// differently on each side.
const PHONES: [&str; 4] = [
    "07700 900001",
    "+44 7700 900002",
    "07700-900003",
    "(07700) 900004",
];
/// E-mail addresses the rows and the suppression lists share.
const EMAILS: [&str; 3] = [
    "jane@example.org",
    "Ann.Lee@Example.org",
    " mo@example.org ",
];
/// Names at postcodes the rows and the suppression lists share.
const NAMES_AT_POSTCODES: [(&str, &str); 3] = [
    ("Jane Doe", "LS1 4PL"),
    ("Ann  Lee", "bs12 9zz"),
    ("Zoë Khan", "CF10 1AA"),
];

/// The names a broker's registry may hold, each once after folding.
const REGISTRABLE: [&str; 5] = [
    RETAILER,
    AGENCY,
    PARTY,
    "selected partners",
    "Bright Nursery Supplies",
];

/// Mostly commercial, sometimes an agency, now and then political.
fn kind() -> impl Strategy<Value = OrganisationKind> {
    prop_oneof![
        6 => Just(OrganisationKind::Commercial),
        2 => Just(OrganisationKind::Agency),
        1 => proptest::sample::select(
            OrganisationKind::ALL.into_iter().filter(|k| k.is_political()).collect::<Vec<_>>()
        ),
    ]
}

/// A broker, as its configuration could say: the controller
/// [`CONTROLLER`]; some of the organisations of [`ORGANISATIONS`]
/// registered, of any kind, agencies acting for some others; notice
/// versions 1 to 5, some left out, published before or after the consents
/// of [`crm_row`], disclosing any purposes and naming any recipients or
/// kinds; any rules; and a suppression list that shares contact points
/// with the rows, written differently.
pub fn broker(as_of: DateTime<Utc>) -> impl Strategy<Value = Broker> {
    let organisations = vec(
        (
            proptest::option::of(kind()),
            subsequence(REGISTRABLE.to_vec(), 0..=2),
        ),
        REGISTRABLE.len(),
    )
    .prop_filter_map("a registry that builds", |entries| {
        let mut builder = Organisations::builder(CONTROLLER);
        for (name, (kind, acts_for)) in REGISTRABLE.iter().zip(entries) {
            let Some(kind) = kind else { continue };
            let acts_for = if kind == OrganisationKind::Agency {
                acts_for
            } else {
                Vec::new()
            };
            builder = builder.acting_for(name, kind, acts_for);
        }
        builder.build().ok()
    });
    let notice = (proptest::option::of((
        instant_near(as_of - Duration::days(400)),
        prop_oneof![
            4 => subsequence(PurposeKind::ALL.to_vec(), 0..=PurposeKind::ALL.len())
                .prop_map(|kinds| kinds.into_iter().fold(Purposes::empty(), |a, k| a | k.flag())),
            1 => Just(Purposes::BROAD),
            1 => Just(Purposes::all()),
        ],
        subsequence(REGISTRABLE.to_vec(), 0..=2),
        subsequence(OrganisationKind::ALL.to_vec(), 0..=3),
    )),);
    let notices = vec(notice, 5).prop_map(|versions| {
        let list = versions.into_iter().enumerate().filter_map(|(i, (v,))| {
            let (published, disclosed, names, kinds) = v?;
            let mut notice = Notice::new(NoticeVersion(i as u32 + 1), published, disclosed);
            for name in names {
                notice = notice.recipient(name);
            }
            for kind in kinds {
                notice = notice.recipient_kind(kind);
            }
            Some(notice)
        });
        Notices::new(list).unwrap_or_default()
    });
    let rules = (10u8..19, 1u32..13, proptest::option::of(1u32..40)).prop_map(
        |(child_age, months, disclosure)| {
            Rules::default()
                .with_child_age(child_age)
                .with_indirect_consent_max_months(months)
                .with_third_party_consent_max_months(disclosure)
        },
    );
    let suppression = (
        subsequence(PHONES.to_vec(), 0..=2),
        subsequence(EMAILS.to_vec(), 0..=2),
        subsequence(NAMES_AT_POSTCODES.to_vec(), 0..=2),
        vec(1u64..30, 0..3),
    )
        .prop_map(|(phones, emails, names, subjects)| {
            let mut list: SuppressionList = subjects.into_iter().map(SubjectId).collect();
            // Written as a preference list would: differently from the rows.
            for phone in phones {
                list = list.phone(&phone.replace(' ', ""));
            }
            for email in emails {
                list = list.email(&email.to_uppercase());
            }
            for (name, postcode) in names {
                list = list.name_and_postcode(&name.to_lowercase(), &postcode.replace(' ', ""));
            }
            list
        });
    (organisations, notices, rules, suppression)
        .prop_map(|(o, n, r, s)| Broker::builder(o, n).rules(r).suppression(s).build())
}

/// A buyer's declaration for any purpose, in either format: mostly as a
/// broker would accept it (its own purposes declared by [`CONTROLLER`], a
/// disclosure to an organisation of [`ORGANISATIONS`] acting for itself),
/// and otherwise by anyone for anyone.
pub fn buyer_file(as_of: DateTime<Utc>) -> impl Strategy<Value = BuyerFile> {
    let anyone = || prop_oneof![1 => Just(CONTROLLER), 3 => proptest::sample::select(ORGANISATIONS.to_vec())];
    (
        proptest::sample::select(PurposeKind::ALL.to_vec()),
        proptest::sample::select(ORGANISATIONS.to_vec()),
        proptest::option::weighted(0.25, (anyone(), anyone())),
        prop_oneof![Just(Format::Csv), Just(Format::JsonLines)],
    )
        .prop_filter_map(
            "the names are never blank",
            move |(purpose, org, odd, format)| {
                let usual = if purpose.discloses_to_third_party() {
                    org
                } else {
                    CONTROLLER
                };
                let (buyer, end_recipient) = odd.unwrap_or((usual, usual));
                BuyerFile::new(buyer, end_recipient, purpose, as_of)
                    .ok()
                    .map(|file| file.with_format(format))
            },
        )
}

/// A dataset of up to `max` rows with distinct subject ids, a few
/// malformed.
pub fn dataset(as_of: DateTime<Utc>, max: usize) -> impl Strategy<Value = Vec<CrmRow>> {
    vec(crm_row_or_malformed(as_of), 0..=max).prop_map(|mut rows| {
        for (i, row) in rows.iter_mut().enumerate() {
            row.subject_id = (i + 1).to_string();
        }
        rows
    })
}

/// One subject of the ledger form: its subjects-file row and a history of
/// events: the consents of valid rows (under any notice, some after the
/// export instant), refusals and withdrawals of some purposes, objections;
/// instants near the export's, some equal to another event's, in any
/// order.
pub fn ledger_subject(
    as_of: DateTime<Utc>,
) -> impl Strategy<Value = (crate::crm::SubjectRow, Vec<crate::crm::EventRow>)> {
    let change = (
        proptest::sample::select(vec!["refused", "withdrawn", "objected"]),
        list(purpose_names(), true)
            .prop_filter("a change names a purpose", |p| !p.trim().is_empty()),
        instant_near(as_of),
    );
    (
        crm_row(as_of),
        vec(crm_row(as_of), 0..3),
        vec(change, 0..4),
        vec(any::<(usize, usize)>(), 0..3),
    )
        .prop_map(|(row, more, changes, same_instants)| {
            let (subject, mut events) = row.to_ledger();
            for other in more {
                events.push(other.to_ledger().1.remove(0));
            }
            for (kind, purposes, at) in changes {
                events.push(crate::crm::EventRow {
                    event: kind.to_owned(),
                    at: instant(at),
                    purposes,
                    ..crate::crm::EventRow::default()
                });
            }
            // Some events share an instant with another.
            for (from, to) in same_instants {
                let n = events.len();
                if let Some(at) = events.get(from % n).map(|e| e.at.clone())
                    && let Some(event) = events.get_mut(to % n)
                {
                    event.at = at;
                }
            }
            for event in &mut events {
                event.subject_id.clone_from(&subject.subject_id);
            }
            (subject, events)
        })
}
