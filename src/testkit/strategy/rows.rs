//! Rows of CRM text, valid or malformed, and the records and consents read
//! from them.

use super::*;

pub(super) fn purpose_names() -> Vec<&'static str> {
    PurposeKind::ALL.iter().map(|k| k.name()).collect()
}

pub(super) fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(super) fn day(d: NaiveDate) -> String {
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
pub(super) fn list(items: Vec<&'static str>, broad: bool) -> impl Strategy<Value = String> {
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
pub(super) fn consent(as_of: DateTime<Utc>) -> impl Strategy<Value = [String; 11]> {
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
pub(super) fn born(
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
    (
        person(),
        family(as_of),
        consent(as_of),
        proptest::option::of(proptest::sample::select(NAMES_AT_POSTCODES.to_vec())),
    )
        .prop_map(|(person, family, consent, listed)| row_of(person, family, consent, listed))
        .prop_map(|mut row| {
            // A consent collected through a third party names it.
            if row.collection == "third_party" {
                row.collected_by = "Bright Nursery Supplies".to_owned();
            }
            row
        })
}

/// A person's id, name, address, e-mail and phone (some on the broker's
/// suppression lists).
type Person = (
    u64,
    String,
    ([String; 3], String),
    Option<String>,
    Option<String>,
);

fn person() -> impl Strategy<Value = Person> {
    (
        1u64..1_000_000_000,
        text().prop_filter("a name is required", |t| !t.trim().is_empty()),
        ([text(), text(), text()], postcode()),
        proptest::option::of(
            prop_oneof![3 => text(), 1 => proptest::sample::select(EMAILS.to_vec()).prop_map(str::to_owned)],
        ),
        proptest::option::of(
            prop_oneof![3 => "07[0-9]{3} [0-9]{6}", 1 => proptest::sample::select(PHONES.to_vec()).prop_map(str::to_owned)],
        ),
    )
}

/// A UK postcode in every shape the format has (`A9`, `A99`, `A9A`,
/// `AA9`, `AA99`, `AA9A` then `9AA`), in any case, with or without its
/// space; or none.
fn postcode() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[A-Za-z]{1,2}[0-9][0-9A-Za-z]? ?[0-9][A-Za-z]{2}",
        1 => Just(String::new()),
    ]
}

/// A mother's birth date, her children's, a due date and the under-five
/// flag (which need not agree with the dates).
type Family = (Option<NaiveDate>, Vec<NaiveDate>, Option<NaiveDate>, bool);

fn family(as_of: DateTime<Utc>) -> impl Strategy<Value = Family> {
    (
        proptest::option::of(born(as_of, 15..45)),
        vec(born(as_of, 0..12), 0..5),
        // Due dates ahead, on the export day, or already past (stale).
        proptest::option::of(prop_oneof![
            3 => Just(as_of.date_naive() + Duration::days(90)),
            1 => Just(as_of.date_naive()),
            1 => Just(as_of.date_naive() - Duration::days(1)),
        ]),
        any::<bool>(),
    )
}

/// The row of a person, a family and a consent; at a name and postcode
/// on the suppression list where `listed` says so.
fn row_of(
    (id, name, address, email, phone): Person,
    (mother, children, due, under_five): Family,
    consent: [String; 11],
    listed: Option<(&str, &str)>,
) -> CrmRow {
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
    let ([line1, line2, town], postcode) = address;
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
    crm_row(as_of).prop_filter_map("valid rows read", |row| row.to_record_at(1).ok())
}

/// A consent scope.
pub fn scope(as_of: DateTime<Utc>) -> impl Strategy<Value = ConsentScope> {
    record(as_of).prop_filter_map("a consent read", |r| r.consents().get(0).cloned())
}
