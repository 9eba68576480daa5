//! Brokers as a configuration could describe them, sharing contact points
//! with the rows so that suppression is reached.

use super::*;

/// Telephone numbers the rows and the suppression lists share, written
/// differently on each side.
pub(super) const PHONES: [&str; 4] = [
    "07700 900001",
    "+44 7700 900002",
    "07700-900003",
    "(07700) 900004",
];
/// E-mail addresses the rows and the suppression lists share.
pub(super) const EMAILS: [&str; 3] = [
    "jane@example.org",
    "Ann.Lee@Example.org",
    " mo@example.org ",
];
/// Names at postcodes the rows and the suppression lists share.
pub(super) const NAMES_AT_POSTCODES: [(&str, &str); 3] = [
    ("Jane Doe", "LS1 4PL"),
    ("Ann  Lee", "bs12 9zz"),
    ("Zoë Khan", "CF10 1AA"),
];

/// The names a broker's registry may hold, each once after folding.
pub(super) const REGISTRABLE: [&str; 5] = [
    RETAILER,
    AGENCY,
    PARTY,
    "selected partners",
    "Bright Nursery Supplies",
];

/// Mostly commercial, sometimes an agency, now and then political.
pub(super) fn kind() -> impl Strategy<Value = OrganisationKind> {
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
    (organisations(), notices(as_of), rules(), suppression())
        .prop_map(|(o, n, r, s)| Broker::builder(o, n).rules(r).suppression(s).build())
}

/// Some of [`REGISTRABLE`] registered, of any kind; agencies acting for
/// some of the others.
fn organisations() -> impl Strategy<Value = Organisations> {
    vec(
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
    })
}

/// Notice versions 1 to 5, some left out, each published around the
/// consents, disclosing any purposes and naming any recipients or kinds.
fn notices(as_of: DateTime<Utc>) -> impl Strategy<Value = Notices> {
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
    vec(notice, 5).prop_map(|versions| {
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
    })
}

/// Any child age, indirect consent limit and disclosure limit.
fn rules() -> impl Strategy<Value = Rules> {
    (10u8..19, 1u32..13, proptest::option::of(1u32..40)).prop_map(
        |(child_age, months, disclosure)| {
            Rules::default()
                .with_child_age(child_age)
                .with_indirect_consent_max_months(months)
                .with_third_party_consent_max_months(disclosure)
        },
    )
}

/// A suppression list sharing contact points with the rows, written as a
/// preference list would: differently from the rows.
fn suppression() -> impl Strategy<Value = SuppressionList> {
    (
        subsequence(PHONES.to_vec(), 0..=2),
        subsequence(EMAILS.to_vec(), 0..=2),
        subsequence(NAMES_AT_POSTCODES.to_vec(), 0..=2),
        vec(1u64..30, 0..3),
    )
        .prop_map(|(phones, emails, names, subjects)| {
            let mut list: SuppressionList = subjects.into_iter().map(SubjectId).collect();
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
        })
}
