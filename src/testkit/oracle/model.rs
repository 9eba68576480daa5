//! The naive model of the consent rules, on the CRM text of a row.
//!
//! Written apart from the gate, as plainly as possible: strings in,
//! one boolean per category out. It shares no parsing or decision code
//! with the rest of the crate; it reads the broker's configuration as data
//! (its registries, rules and suppression lists), never its decisions.

use chrono::{DateTime, Months, NaiveDate, Utc};

use crate::broker::Broker;
use crate::crm::CrmRow;
use crate::notice::NoticeVersion;
use crate::record::SubjectId;

mod category;

use category::category_allowed;

/// The categories the model knows, by name.
pub const CATEGORIES: [&str; 8] = [
    "name",
    "postal_address",
    "email_address",
    "phone_number",
    "adult_birth_date",
    "children_present",
    "child_birth_date",
    "pregnancy",
];

/// The purposes a broad grant covers.
const BROAD: [&str; 8] = [
    "service_delivery",
    "marketing_post",
    "marketing_email",
    "marketing_sms",
    "marketing_phone",
    "third_party_marketing",
    "profiling",
    "research",
];

/// A declared export, as the model sees it.
#[derive(Debug, Clone)]
pub struct Declared<'a> {
    /// The purpose's name.
    pub purpose: &'a str,
    /// The buying organisation.
    pub buyer: &'a str,
    /// The organisation it acts for.
    pub end_recipient: &'a str,
    /// The export instant.
    pub as_of: DateTime<Utc>,
}

pub(super) fn name_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split(';') {
        let part = part.trim();
        if part == "broad" {
            out.extend(BROAD.iter().map(|s| s.to_string()));
        } else if !part.is_empty() {
            out.push(part.to_string());
        }
    }
    out
}

fn org(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn time(text: &str) -> Option<DateTime<Utc>> {
    if text.trim().is_empty() {
        return None;
    }
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The organisation kinds that are political by themselves.
const POLITICAL_KINDS: [&str; 4] = [
    "political_party",
    "political_campaign",
    "candidate",
    "referendum_campaigner",
];

/// Whether the broker would accept the declaration at all, judged from its
/// registry's data: the broker's own purposes only for itself; a
/// disclosure only to known organisations, never the broker, a buyer acting
/// for another only as its registered agency, and anyone political (or an
/// agency acting for someone political, at any remove) only for political
/// campaigning.
pub fn declaration_allowed(declared: &Declared<'_>, broker: &Broker) -> bool {
    let purpose = declared.purpose;
    let controller = org(broker.controller().as_str());
    let buyer = org(declared.buyer);
    let end = org(declared.end_recipient);
    let to_third_party = matches!(
        purpose,
        "third_party_marketing" | "sale_to_third_parties" | "political_campaigning"
    );
    if !to_third_party {
        return buyer == controller && end == controller;
    }
    let entries: Vec<(String, &str, Vec<String>)> = broker
        .organisations()
        .iter()
        .map(|(name, kind, acts_for)| {
            let acts_for = acts_for.iter().map(|r| org(r.as_str())).collect();
            (org(name.as_str()), kind.name(), acts_for)
        })
        .collect();
    let find = |key: &str| entries.iter().find(|(name, _, _)| name == key);
    let political = |start: &str| {
        let mut stack = vec![start.to_string()];
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = stack.pop() {
            if seen.contains(&key) {
                continue;
            }
            if let Some((_, kind, acts_for)) = find(&key) {
                if POLITICAL_KINDS.contains(kind) {
                    return true;
                }
                stack.extend(acts_for.iter().cloned());
            }
            seen.push(key);
        }
        false
    };
    let (Some(buyer_entry), Some(_)) = (find(&buyer), find(&end)) else {
        return false;
    };
    if purpose != "political_campaigning" && (political(&buyer) || political(&end)) {
        return false;
    }
    buyer == end || buyer_entry.2.contains(&end)
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn under(age: u8, born: NaiveDate, on: NaiveDate) -> Option<bool> {
    let adult_from = on.checked_sub_months(Months::new(u32::from(age) * 12))?;
    Some(born > adult_from)
}

/// Whether the model allows `category` of `row` to go out under `declared`,
/// with what `broker` knows. `None` when the row is not valid CRM text (the
/// model does not judge it).
pub fn allows(
    row: &CrmRow,
    declared: &Declared<'_>,
    broker: &Broker,
    category: &str,
) -> Option<bool> {
    let granted = name_list(&row.purposes);
    let notice = notice_of(row, broker);
    let disclosed: Vec<&str> = notice
        .iter()
        .flat_map(|n| n.disclosed().kinds().map(|k| k.name()))
        .collect();
    // A channel counts where the row's notice disclosed it and the subject
    // granted it.
    let channel = |p: &str| granted.iter().any(|g| g == p) && disclosed.contains(&p);
    allows_with(row, declared, broker, category, &channel)
}

/// The notice a row names, if the broker published it.
fn notice_of<'b>(row: &CrmRow, broker: &'b Broker) -> Option<&'b crate::notice::Notice> {
    let version = row.notice_version.trim();
    let version: u32 = version.strip_prefix('v').unwrap_or(version).parse().ok()?;
    broker.notices().get(NoticeVersion(version))
}

/// [`allows`], with the marketing channels judged by `channel`.
pub(crate) fn allows_with(
    row: &CrmRow,
    declared: &Declared<'_>,
    broker: &Broker,
    category: &str,
    channel: &dyn Fn(&str) -> bool,
) -> Option<bool> {
    if !declaration_allowed(declared, broker) {
        return Some(false);
    }
    let given = time(&row.consent_given_at)?;
    if !record_allowed(row, declared, broker, given)? {
        return Some(false);
    }
    category_allowed(
        row,
        declared.purpose,
        broker,
        category,
        channel,
        declared.as_of,
    )
}

/// Whether a declared purpose is marketing (the suppression list and the
/// channels apply).
fn is_marketing(purpose: &str) -> bool {
    !matches!(purpose, "service_delivery" | "profiling" | "research")
}

/// A `true` or `false` column.
fn yes(text: &str) -> bool {
    text.trim() == "true"
}

/// The rules of the whole record, in the gate's order.
fn record_allowed(
    row: &CrmRow,
    declared: &Declared<'_>,
    broker: &Broker,
    given: DateTime<Utc>,
) -> Option<bool> {
    let rules = broker.rules();
    let (purpose, as_of) = (declared.purpose, declared.as_of);
    if given > as_of {
        return Some(false);
    }
    if time(&row.consent_withdrawn_at).is_some_and(|t| t <= as_of) {
        return Some(false);
    }
    if time(&row.consent_expires_at).is_some_and(|t| t <= as_of) {
        return Some(false);
    }
    let version = row.notice_version.trim();
    let version: u32 = version.strip_prefix('v').unwrap_or(version).parse().ok()?;
    let Some(notice) = broker.notices().get(NoticeVersion(version)) else {
        return Some(false);
    };
    if given < notice.published_at() {
        return Some(false);
    }
    let disclosed: Vec<&str> = notice.disclosed().kinds().map(|k| k.name()).collect();
    let subject: u64 = row.subject_id.trim().parse().ok()?;
    if is_marketing(purpose)
        && broker
            .suppression()
            .subjects()
            .contains(&SubjectId(subject))
    {
        return Some(false);
    }
    if !disclosed.contains(&purpose) {
        return Some(false);
    }
    let direct = match row.collection.trim() {
        "direct" => true,
        "third_party" => false,
        _ => return None,
    };
    let soft_opt_in = matches!(purpose, "marketing_email" | "marketing_sms")
        && yes(&row.existing_customer)
        && yes(&row.opt_out_offered)
        && direct;
    if !name_list(&row.purposes).iter().any(|p| p == purpose) && !soft_opt_in {
        return Some(false);
    }
    let to_third_party = matches!(
        purpose,
        "third_party_marketing" | "sale_to_third_parties" | "political_campaigning"
    );
    if to_third_party && !disclosure_allowed(row, declared, broker, notice, given, direct) {
        return Some(false);
    }
    if !row.mother_birth_date.trim().is_empty() {
        let born = date(&row.mother_birth_date)?;
        if under(rules.child_age(), born, as_of.date_naive())? {
            return Some(false);
        }
        if !yes(&row.parental_consent) && under(rules.child_age(), born, given.date_naive())? {
            return Some(false);
        }
    }
    Some(true)
}

/// The rules of a disclosure to another organisation: both named in the
/// consent and, by name or kind, in the notice; consent through a third
/// party, or any consent where the broker limits it, not too old.
fn disclosure_allowed(
    row: &CrmRow,
    declared: &Declared<'_>,
    broker: &Broker,
    notice: &crate::notice::Notice,
    given: DateTime<Utc>,
    direct: bool,
) -> bool {
    let (rules, as_of) = (broker.rules(), declared.as_of);
    let named: Vec<String> = row.recipients.split(';').map(org).collect();
    if !named.contains(&org(declared.buyer)) || !named.contains(&org(declared.end_recipient)) {
        return false;
    }
    let kind_of = |who: &str| {
        broker
            .organisations()
            .iter()
            .find(|(name, _, _)| org(name.as_str()) == org(who))
            .map(|(_, kind, _)| kind)
    };
    for who in [declared.buyer, declared.end_recipient] {
        let by_name = notice
            .recipients()
            .iter()
            .any(|r| org(r.as_str()) == org(who));
        let by_kind = kind_of(who).is_some_and(|k| notice.recipient_kinds().contains(&k));
        if !by_name && !by_kind {
            return false;
        }
    }
    let months_before = |months| {
        as_of
            .checked_sub_months(Months::new(months))
            .unwrap_or(as_of)
    };
    if !direct && given < months_before(rules.indirect_consent_max_months()) {
        return false;
    }
    rules
        .third_party_consent_max_months()
        .is_none_or(|months| given >= months_before(months))
}
