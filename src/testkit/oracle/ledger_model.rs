//! The naive model of the consent ledger, on the text of the ledger form's
//! two files: which event decides a purpose at the export instant, and
//! then the one-row model ([`super::model`]) on the consent it leaves.
//!
//! Written apart from [`Consents::state`](crate::Consents::state) and the
//! gate: it shares no code with them, only the documented rules.

use chrono::{DateTime, Utc};

use super::model::{Declared, allows_with, name_list};
use crate::broker::Broker;
use crate::crm::{CrmRow, EventRow, SubjectRow};
use crate::notice::NoticeVersion;

const MARKETING: [&str; 7] = [
    "marketing_post",
    "marketing_email",
    "marketing_sms",
    "marketing_phone",
    "third_party_marketing",
    "sale_to_third_parties",
    "political_campaigning",
];

fn time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// An event read: its instant, its rank at equal instants, its position.
struct Seen<'a> {
    at: DateTime<Utc>,
    rank: u8,
    index: usize,
    event: &'a EventRow,
}

/// Whether `event` speaks of `purpose`.
fn covers(event: &EventRow, purpose: &str) -> bool {
    match event.event.trim() {
        "objected" => MARKETING.contains(&purpose),
        _ => name_list(&event.purposes).iter().any(|p| p == purpose),
    }
}

/// The event that decides `purpose` at `as_of`: the latest, the one that
/// refuses most at equal instants, the later listed of equals. `Err` when
/// an event cannot be read.
fn deciding<'a>(
    events: &'a [EventRow],
    purpose: &str,
    as_of: DateTime<Utc>,
) -> Result<Option<Seen<'a>>, ()> {
    let mut best: Option<Seen<'a>> = None;
    for (index, event) in events.iter().enumerate() {
        let rank = match event.event.trim() {
            "given" => 0,
            "refused" => 1,
            "withdrawn" => 2,
            "objected" => 3,
            _ => return Err(()),
        };
        let at = time(&event.at).ok_or(())?;
        if at > as_of || !covers(event, purpose) {
            continue;
        }
        let later = best
            .as_ref()
            .is_none_or(|b| (at, rank, index) > (b.at, b.rank, b.index));
        if later {
            best = Some(Seen {
                at,
                rank,
                index,
                event,
            });
        }
    }
    Ok(best)
}

fn expired(event: &EventRow, as_of: DateTime<Utc>) -> bool {
    time(&event.expires_at).is_some_and(|t| t <= as_of)
}

/// The subject as the one-row form would hold it with `consent`.
fn as_row(subject: &SubjectRow, consent: &EventRow) -> CrmRow {
    CrmRow {
        subject_id: subject.subject_id.clone(),
        parent_name: subject.parent_name.clone(),
        address_line1: subject.address_line1.clone(),
        address_line2: subject.address_line2.clone(),
        town: subject.town.clone(),
        postcode: subject.postcode.clone(),
        email: subject.email.clone(),
        phone: subject.phone.clone(),
        mother_birth_date: subject.mother_birth_date.clone(),
        children_under_five: subject.children_under_five.clone(),
        child_birth_dates: subject.child_birth_dates.clone(),
        due_date: subject.due_date.clone(),
        purposes: consent.purposes.clone(),
        categories: consent.categories.clone(),
        notice_version: consent.notice_version.clone(),
        recipients: consent.recipients.clone(),
        consent_given_at: consent.at.clone(),
        consent_expires_at: consent.expires_at.clone(),
        consent_withdrawn_at: String::new(),
        collection: consent.collection.clone(),
        existing_customer: consent.existing_customer.clone(),
        opt_out_offered: consent.opt_out_offered.clone(),
        parental_consent: consent.parental_consent.clone(),
        collected_by: consent.collected_by.clone(),
    }
}

/// Whether the model allows `category` of a subject of the ledger form,
/// with its `events`, to go out under `declared`. `None` when an event is
/// not valid text (the model does not judge it).
pub fn allows_ledger(
    subject: &SubjectRow,
    events: &[EventRow],
    declared: &Declared<'_>,
    broker: &Broker,
    category: &str,
) -> Option<bool> {
    let as_of = declared.as_of;
    let consent = match deciding(events, declared.purpose, as_of).ok()? {
        Some(seen) if seen.rank == 0 => {
            if expired(seen.event, as_of) {
                return Some(false);
            }
            seen.event
        }
        Some(_) => return Some(false),
        None => match latest_standing(events, as_of)? {
            Some(consent) => consent,
            None => return Some(false),
        },
    };
    let channel = |p: &str| channel_stands(events, broker, p, as_of);
    allows_with(
        &as_row(subject, consent),
        declared,
        broker,
        category,
        &channel,
    )
}

/// Where nothing decides the purpose: the latest consent given by the
/// instant, judged as a one-row consent, unless every purpose it gave has
/// been refused, withdrawn or objected to since (`Some(None)`).
fn latest_standing(events: &[EventRow], as_of: DateTime<Utc>) -> Option<Option<&EventRow>> {
    let mut latest: Option<(DateTime<Utc>, usize, &EventRow)> = None;
    for (index, event) in events.iter().enumerate() {
        let at = time(&event.at)?;
        if event.event.trim() == "given"
            && at <= as_of
            && latest.is_none_or(|(l, i, _)| (at, index) > (l, i))
        {
            latest = Some((at, index, event));
        }
    }
    let Some((_, _, consent)) = latest else {
        return Some(None);
    };
    let gave = name_list(&consent.purposes);
    let mut all_ended = !gave.is_empty();
    for purpose in &gave {
        if deciding(events, purpose.as_str(), as_of)
            .ok()?
            .is_none_or(|s| s.rank == 0)
        {
            all_ended = false;
        }
    }
    Some((!all_ended).then_some(consent))
}

/// A channel counts where its own deciding consent stands, under a notice
/// published before it that disclosed the channel.
fn channel_stands(
    events: &[EventRow],
    broker: &Broker,
    channel: &str,
    as_of: DateTime<Utc>,
) -> bool {
    let Ok(Some(seen)) = deciding(events, channel, as_of) else {
        return false;
    };
    if seen.rank != 0 || expired(seen.event, as_of) {
        return false;
    }
    let version = seen.event.notice_version.trim();
    let Ok(version) = version.strip_prefix('v').unwrap_or(version).parse::<u32>() else {
        return false;
    };
    broker
        .notices()
        .get(NoticeVersion(version))
        .is_some_and(|n| {
            seen.at >= n.published_at() && n.disclosed().kinds().any(|k| k.name() == channel)
        })
}
