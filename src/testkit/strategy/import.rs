//! Consent events each importer's format can say, for round trips
//! through the writers of [`synthetic::import`](crate::synthetic::import)
//! and the [importers](crate::import).

use super::*;
use crate::consents::{ConsentChange, ConsentEvent};
use crate::platforms::Platform;
use crate::synthetic::NURSERY;
use crate::synthetic::import::{SALESFORCE_GRANTS, SALESFORCE_RECIPIENTS};

/// An instant in whole seconds between the first notice and 2018.
fn second() -> impl Strategy<Value = DateTime<Utc>> {
    (1_370_000_000i64..1_514_764_800)
        .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default())
}

fn purposes() -> impl Strategy<Value = Purposes> {
    (1u16..1 << PurposeKind::ALL.len()).prop_map(Purposes::from_bits_truncate)
}

fn one_purpose() -> impl Strategy<Value = Purposes> {
    proptest::sample::select(PurposeKind::ALL.to_vec()).prop_map(PurposeKind::flag)
}

fn builtin_grants() -> impl Strategy<Value = crate::Categories> {
    (1u32..0x100).prop_map(crate::Categories::from_bits_truncate)
}

fn notice() -> impl Strategy<Value = NoticeVersion> {
    (1u32..=4).prop_map(NoticeVersion)
}

/// An end from none to three years after `start`.
fn end_after(start: DateTime<Utc>) -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..3 * 366 * 86_400).prop_map(move |s| start + Duration::seconds(s))
}

fn scope_of(
    purposes: Purposes,
    categories: crate::Categories,
    notice: NoticeVersion,
    given: DateTime<Utc>,
    recipients: &[&str],
    expires: Option<DateTime<Utc>>,
    parental: bool,
) -> ConsentEvent {
    let mut builder = ConsentScope::builder(purposes, notice, given)
        .categories(categories)
        .parental_consent(parental);
    for name in recipients {
        builder = builder.recipient(name);
    }
    if let Some(end) = expires {
        builder = builder.expires_at(end);
    }
    // Ends are drawn at or after the consent: a scope always builds.
    match builder.build() {
        Ok(scope) => ConsentEvent::Given(scope),
        Err(_) => ConsentEvent::Changed(ConsentChange::withdrawn(purposes, given)),
    }
}

fn dpv_event() -> impl Strategy<Value = ConsentEvent> {
    let given = (
        purposes(),
        builtin_grants(),
        notice(),
        second(),
        subsequence(vec![RETAILER, AGENCY, NURSERY], 0..=3),
        any::<bool>(),
    )
        .prop_flat_map(|(p, c, n, at, recipients, parental)| {
            proptest::option::of(end_after(at))
                .prop_map(move |end| scope_of(p, c, n, at, &recipients, end, parental))
        });
    let changed = (purposes(), second(), any::<bool>()).prop_map(|(p, at, refused)| {
        ConsentEvent::Changed(if refused {
            ConsentChange::refused(p, at)
        } else {
            ConsentChange::withdrawn(p, at)
        })
    });
    prop_oneof![3 => given, 1 => changed]
}

fn kantara_event() -> impl Strategy<Value = ConsentEvent> {
    (
        one_purpose(),
        builtin_grants(),
        notice(),
        second(),
        proptest::option::of(proptest::sample::select(vec![RETAILER, AGENCY, NURSERY])),
    )
        .prop_flat_map(|(p, c, n, at, recipient)| {
            end_after(at).prop_map(move |end| {
                let recipients: Vec<&str> = recipient.into_iter().collect();
                scope_of(p, c, n, at, &recipients, Some(end), false)
            })
        })
}

fn salesforce_event() -> impl Strategy<Value = ConsentEvent> {
    let given = (
        one_purpose(),
        proptest::sample::select(SALESFORCE_GRANTS.map(|(_, c)| c).to_vec()),
        notice(),
        second(),
        proptest::sample::select(SALESFORCE_RECIPIENTS.to_vec()),
    )
        .prop_flat_map(|(p, c, n, at, recipient)| {
            proptest::option::of(end_after(at)).prop_map(move |end| {
                let recipients: Vec<&str> = Some(recipient)
                    .filter(|r| *r != "none")
                    .into_iter()
                    .collect();
                scope_of(p, c, n, at, &recipients, end, false)
            })
        });
    let withdrawn = (one_purpose(), second())
        .prop_map(|(p, at)| ConsentEvent::Changed(ConsentChange::withdrawn(p, at)));
    prop_oneof![3 => given, 1 => withdrawn]
}

/// Consent events, subjects ascending (some with several events), that
/// `platform`'s writer in [`synthetic::import`](crate::synthetic::import)
/// can write and its importer reads back equal.
///
/// ```
/// use consent_gate::import::read_salesforce;
/// use consent_gate::platforms::Platform;
/// use consent_gate::{strategy, synthetic::import};
/// use proptest::prelude::*;
///
/// proptest!(|(events in strategy::importable_events(Platform::Salesforce))| {
///     let text = import::write_salesforce(&events).unwrap();
///     let back: Vec<_> = read_salesforce(&import::broker(), text.as_slice())
///         .collect::<Result<_, _>>().unwrap();
///     prop_assert_eq!(back, events);
/// });
/// ```
pub fn importable_events(
    platform: Platform,
) -> impl Strategy<Value = Vec<(SubjectId, ConsentEvent)>> {
    let event = match platform {
        Platform::Dpv => dpv_event().boxed(),
        Platform::Kantara => kantara_event().boxed(),
        _ => salesforce_event().boxed(),
    };
    vec((0u64..3, event), 0..12).prop_map(|steps| {
        let mut subject = 100_000;
        steps
            .into_iter()
            .map(|(step, event)| {
                subject += step;
                (SubjectId(subject), event)
            })
            .collect()
    })
}
