//! The export's columns as the oracle reads them: which input column each
//! comes from, and how to tell that an emitted value is that input's value,
//! or, for a derived column, what the input's value gives (computed here
//! apart from the crate's own derivations, with chrono's year count and
//! tables written out).

use chrono::{Datelike, NaiveDate};

use crate::crm::Column;

/// How the export writes a column's value, for comparing it with the
/// input's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Text as it was, or with one leading `'` (a neutralised formula).
    Text,
    /// A `YYYY-MM-DD` date.
    Date,
    /// `true` or `false` (empty input text is `false`).
    Bool,
    /// Dates separated by `;`.
    Dates,
    /// Derived from a date: the age in whole years on 1 January of the
    /// export's year.
    Age,
    /// Derived from a date: the age's band among the adult bands.
    AdultBand,
    /// Derived from dates: each one's year, separated by `;`.
    Years,
    /// Derived from dates: the youngest's band among the child bands.
    YoungestChildBand,
    /// Derived from a postcode: its outward code.
    District,
    /// Derived from a town: the town, trimmed.
    Town,
}

/// An output column by the export's naming: its category, how its value is
/// written, and the input column it comes from.
pub(super) fn column_of(column: &str) -> Option<(&'static str, Kind, Column)> {
    Some(match column {
        "parent_name" => ("name", Kind::Text, Column::ParentName),
        "address_line1" => ("postal_address", Kind::Text, Column::AddressLine1),
        "address_line2" => ("postal_address", Kind::Text, Column::AddressLine2),
        "address_town" => ("postal_address", Kind::Text, Column::Town),
        "address_postcode" => ("postal_address", Kind::Text, Column::Postcode),
        "email" => ("email_address", Kind::Text, Column::Email),
        "phone" => ("phone_number", Kind::Text, Column::Phone),
        "mother_birth_date" => ("adult_birth_date", Kind::Date, Column::MotherBirthDate),
        "children_under_five" => ("children_present", Kind::Bool, Column::ChildrenUnderFive),
        "child_birth_dates" => ("child_birth_date", Kind::Dates, Column::ChildBirthDates),
        "due_date" => ("pregnancy", Kind::Date, Column::DueDate),
        "mother_age" => ("adult_birth_date", Kind::Age, Column::MotherBirthDate),
        "mother_age_band" => ("adult_birth_date", Kind::AdultBand, Column::MotherBirthDate),
        "child_birth_years" => ("child_birth_date", Kind::Years, Column::ChildBirthDates),
        "youngest_child_age_band" => (
            "child_birth_date",
            Kind::YoungestChildBand,
            Column::ChildBirthDates,
        ),
        "postcode_district" => ("postal_address", Kind::District, Column::Postcode),
        "post_town" => ("postal_address", Kind::Town, Column::Town),
        _ => return None,
    })
}

fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    (text.len() == 10)
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
}

fn dates(text: &str) -> Option<Vec<NaiveDate>> {
    text.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(date)
        .collect()
}

fn boolean(text: &str) -> Option<bool> {
    match text.trim() {
        "true" => Some(true),
        "false" | "" => Some(false),
        _ => None,
    }
}

/// Whether an emitted value is the input's value, or what the input's
/// value gives for a derived column on the export day `today`, as the
/// export writes it.
pub(super) fn same_value(kind: Kind, emitted: &str, input: &str, today: NaiveDate) -> bool {
    match kind {
        Kind::Text => emitted == input || emitted.strip_prefix('\'') == Some(input),
        Kind::Date => date(emitted).is_some() && date(emitted) == date(input),
        Kind::Bool => boolean(emitted).is_some() && boolean(emitted) == boolean(input),
        Kind::Dates => dates(emitted).is_some() && dates(emitted) == dates(input),
        Kind::Age => date(input)
            .and_then(|born| age(born, today))
            .is_some_and(|a| emitted == a.to_string()),
        Kind::AdultBand => date(input)
            .and_then(|born| age(born, today))
            .is_some_and(|a| emitted == adult_band(a)),
        Kind::Years => dates(input).is_some_and(|all| {
            let years: Vec<String> = all.iter().map(|d| d.format("%Y").to_string()).collect();
            emitted == years.join(";")
        }),
        Kind::YoungestChildBand => dates(input)
            .and_then(|all| all.into_iter().filter(|d| *d <= today).max())
            .and_then(|youngest| age(youngest, today))
            .is_some_and(|a| emitted == child_band(a)),
        Kind::District => district(input).is_some_and(|d| emitted == d),
        Kind::Town => {
            let town = input.trim();
            !town.is_empty() && (emitted == town || emitted.strip_prefix('\'') == Some(town))
        }
    }
}

/// The age in whole years on 1 January of `today`'s year, by chrono's own
/// count; a birth later in that year, up to `today`, is 0.
fn age(born: NaiveDate, today: NaiveDate) -> Option<u32> {
    let new_year = NaiveDate::from_ymd_opt(today.year(), 1, 1)?;
    (born <= today).then(|| new_year.years_since(born).unwrap_or(0))
}

impl Kind {
    /// Whether the column is computed from its input, not a copy of it.
    pub(super) fn is_derived(self) -> bool {
        !matches!(self, Self::Text | Self::Date | Self::Bool | Self::Dates)
    }
}

/// The adult bands, written out.
fn adult_band(age: u32) -> &'static str {
    match age {
        0..=17 => "0-17",
        18..=24 => "18-24",
        25..=34 => "25-34",
        35..=44 => "35-44",
        45..=54 => "45-54",
        55..=64 => "55-64",
        _ => "65+",
    }
}

/// The child bands, written out.
fn child_band(age: u32) -> &'static str {
    match age {
        0 => "0",
        1..=4 => "1-4",
        _ => "5+",
    }
}

/// The outward code of a UK postcode: the text before the inward code (a
/// digit and two letters at the end), if the whole is a postcode.
fn district(postcode: &str) -> Option<String> {
    let code: String = postcode
        .split_whitespace()
        .collect::<String>()
        .to_uppercase();
    if code == "GIR0AA" {
        return Some("GIR".into());
    }
    let chars: Vec<char> = code.chars().collect();
    if chars.len() < 5 || chars.len() > 7 || !chars.iter().all(char::is_ascii_alphanumeric) {
        return None;
    }
    let (outward, inward) = chars.split_at(chars.len().saturating_sub(3));
    let inward_ok = matches!(inward, [d, a, b]
        if d.is_ascii_digit() && a.is_ascii_alphabetic() && b.is_ascii_alphabetic());
    // Outward: one or two letters, a digit, then at most one digit or
    // letter (a letter only after a digit).
    let letters = outward
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let rest = outward.get(letters..).unwrap_or_default();
    let outward_ok = (1..=2).contains(&letters)
        && rest.first().is_some_and(char::is_ascii_digit)
        && rest.len() <= 2;
    (inward_ok && outward_ok).then(|| outward.iter().collect())
}
