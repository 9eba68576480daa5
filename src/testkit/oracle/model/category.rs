//! The model's rules of one category of a record that passed, written apart
//! from the gate's: the policy, the explicit grants, the channels, accuracy
//! and suppressed contact points.

use super::*;

/// The rules of one category of a record that passed: the policy, the
/// explicit grants, the channels, accuracy, and suppressed contact points.
pub(super) fn category_allowed(
    row: &CrmRow,
    purpose: &str,
    broker: &Broker,
    category: &str,
    channel: &dyn Fn(&str) -> bool,
    as_of: DateTime<Utc>,
) -> Option<bool> {
    let marketing = is_marketing(purpose);
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
    if marketing
        && category == "email_address"
        && purpose != "marketing_email"
        && !channel("marketing_email")
    {
        return Some(false);
    }
    if marketing
        && category == "phone_number"
        && !matches!(purpose, "marketing_sms" | "marketing_phone")
        && !(channel("marketing_sms") && channel("marketing_phone"))
    {
        return Some(false);
    }
    // Accuracy at the export instant.
    let today = as_of.date_naive();
    if category == "pregnancy" && !row.due_date.trim().is_empty() && date(&row.due_date)? < today {
        return Some(false);
    }
    // The under-five flag is judged against the birth dates, so it goes
    // only where their own grant does.
    if category == "children_present" && !explicit.iter().any(|c| c == "child_birth_date") {
        return Some(false);
    }
    if matches!(category, "child_birth_date" | "children_present")
        && !children_accurate(row, broker, category, today)?
    {
        return Some(false);
    }
    Some(!(marketing && contact_suppressed(row, broker, category)))
}

/// Whether the children's data holds together at the export instant: no
/// child born after it, or before its mother, or to a mother too young;
/// the under-five flag as the birth dates say.
pub(super) fn children_accurate(
    row: &CrmRow,
    broker: &Broker,
    category: &str,
    today: NaiveDate,
) -> Option<bool> {
    let rules = broker.rules();
    let children: Vec<NaiveDate> = row
        .child_birth_dates
        .split(';')
        .filter(|d| !d.trim().is_empty())
        .map(date)
        .collect::<Option<_>>()?;
    let mother = if row.mother_birth_date.trim().is_empty() {
        None
    } else {
        Some(date(&row.mother_birth_date)?)
    };
    for child in &children {
        if *child > today {
            return Some(false);
        }
        if let Some(mother) = mother
            && (*child < mother || under(rules.min_mother_age_at_birth(), mother, *child)?)
        {
            return Some(false);
        }
    }
    if category == "children_present" && !children.is_empty() {
        let mut any_under_five = false;
        for child in &children {
            any_under_five |= under(5, *child, today)?;
        }
        if yes(&row.children_under_five) != any_under_five {
            return Some(false);
        }
    }
    Some(true)
}

/// Whether a marketing export's contact point of this category is on the
/// broker's suppression list.
pub(super) fn contact_suppressed(row: &CrmRow, broker: &Broker, category: &str) -> bool {
    let list = broker.suppression();
    match category {
        "phone_number" => !row.phone.trim().is_empty() && list.has_phone(&row.phone),
        "email_address" => !row.email.trim().is_empty() && list.has_email(&row.email),
        "postal_address" => list.has_name_and_postcode(&row.parent_name, &row.postcode),
        _ => false,
    }
}
