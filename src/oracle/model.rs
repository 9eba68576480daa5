//! The naive model of the consent rules, on the CRM text of a row.
//!
//! Written apart from the gate, as plainly as possible: strings in,
//! one boolean per category out. It shares no parsing or decision code
//! with the rest of the crate; it reads only the tunable numbers of
//! [`Rules`].

use chrono::{DateTime, Months, NaiveDate, Utc};

use crate::crm::CrmRow;
use crate::rules::Rules;

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

fn names(text: &str) -> Vec<String> {
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

/// Whether the model allows `category` of `row` to go out under `declared`.
/// `None` when the row is not valid CRM text (the model does not judge it).
pub fn allows(
    row: &CrmRow,
    declared: &Declared<'_>,
    rules: &Rules,
    category: &str,
) -> Option<bool> {
    let purpose = declared.purpose;
    let as_of = declared.as_of;
    let given = time(&row.consent_given_at)?;
    let granted = names(&row.purposes);
    let disclosed = names(&row.notice_disclosed);
    let marketing = !matches!(purpose, "service_delivery" | "profiling" | "research");
    let to_third_party = matches!(
        purpose,
        "third_party_marketing" | "sale_to_third_parties" | "political_campaigning"
    );

    // The whole record.
    if given > as_of {
        return Some(false);
    }
    if time(&row.consent_withdrawn_at).is_some_and(|t| t <= as_of) {
        return Some(false);
    }
    if time(&row.consent_expires_at).is_some_and(|t| t <= as_of) {
        return Some(false);
    }
    let subject: u64 = row.subject_id.trim().parse().ok()?;
    if marketing
        && rules
            .suppressed()
            .contains(crate::record::SubjectId(subject))
    {
        return Some(false);
    }
    if !row.mother_birth_date.trim().is_empty() {
        let born = NaiveDate::parse_from_str(row.mother_birth_date.trim(), "%Y-%m-%d").ok()?;
        let years = u32::from(rules.child_age());
        let adult_from = as_of
            .date_naive()
            .checked_sub_months(Months::new(years * 12))?;
        if born > adult_from {
            return Some(false);
        }
    }
    if !disclosed.iter().any(|p| p == purpose) {
        return Some(false);
    }
    let direct = row.collection.trim() != "third_party";
    let customer = row.existing_customer.trim() == "true";
    let soft_opt_in = matches!(purpose, "marketing_email" | "marketing_sms") && customer && direct;
    if !granted.iter().any(|p| p == purpose) && !soft_opt_in {
        return Some(false);
    }
    if to_third_party {
        let named: Vec<String> = row.recipients.split(';').map(org).collect();
        if !named.contains(&org(declared.buyer)) || !named.contains(&org(declared.end_recipient)) {
            return Some(false);
        }
        let months = rules.indirect_consent_max_months();
        let oldest = as_of
            .checked_sub_months(Months::new(months))
            .unwrap_or(as_of);
        if !direct && given < oldest {
            return Some(false);
        }
    }

    // The category.
    let explicit: Vec<String> = row
        .categories
        .split(';')
        .map(|s| s.trim().to_string())
        .collect();
    let sensitive = matches!(
        category,
        "children_present" | "child_birth_date" | "pregnancy"
    );
    if sensitive && purpose == "political_campaigning" {
        return Some(false);
    }
    if sensitive && !explicit.iter().any(|c| c == category) {
        return Some(false);
    }
    let has = |p: &str| granted.iter().any(|g| g == p);
    if marketing
        && category == "email_address"
        && purpose != "marketing_email"
        && !has("marketing_email")
    {
        return Some(false);
    }
    if marketing
        && category == "phone_number"
        && !matches!(purpose, "marketing_sms" | "marketing_phone")
        && !(has("marketing_sms") && has("marketing_phone"))
    {
        return Some(false);
    }
    Some(true)
}
