//! `arbitrary::Arbitrary` for the crate's inputs (feature `arbitrary`), for
//! cargo-fuzz and libFuzzer users.
//!
//! Most generated fields are well-formed text built from the fuzzer's
//! bytes, so that the gate's decisions, not only the parsers, get explored;
//! one field in sixteen is arbitrary text, to explore the parsers. Names
//! and notice versions are drawn from the synthetic broker's registries
//! ([`synthetic::broker`](crate::synthetic::broker)), and beyond them.
//! [`Record`] and [`ConsentScope`] are read from such a row and refuse
//! ([`arbitrary::Error::IncorrectFormat`]) when it is not valid.

use arbitrary::{Arbitrary, Result, Unstructured};
use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};

use crate::crm::{Column, CrmRow};
use crate::export::{BuyerFile, Format};
use crate::purpose::{Purpose, PurposeKind};
use crate::{ConsentScope, Declaration, Record};

/// The organisations of the synthetic broker's registry, the broker
/// itself, and one it does not know.
const ORGS: [&str; 5] = [
    crate::synthetic::BROKER,
    crate::synthetic::RETAILER,
    crate::synthetic::AGENCY,
    crate::synthetic::PARTY,
    "selected partners",
];
/// The export instant the generated consents cluster around.
fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

fn instant(u: &mut Unstructured<'_>) -> Result<String> {
    let offset =
        i64::from(u.int_in_range(-400i32..=60)?) * 86_400 + i64::from(u.int_in_range(-2i32..=2)?);
    Ok((epoch() + Duration::seconds(offset)).to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn maybe_instant(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 3)? {
        instant(u)
    } else {
        Ok(String::new())
    }
}

fn date(u: &mut Unstructured<'_>, years_back: u32) -> Result<String> {
    let days = u.int_in_range(0..=years_back * 365)?;
    Ok((epoch().date_naive() - Duration::days(i64::from(days)))
        .format("%Y-%m-%d")
        .to_string())
}

fn subset(u: &mut Unstructured<'_>, items: &[&str]) -> Result<String> {
    let mut chosen = Vec::new();
    for item in items {
        if u.arbitrary::<bool>()? {
            chosen.push(*item);
        }
    }
    Ok(chosen.join(";"))
}

fn purposes(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 8)? {
        return Ok("broad".to_owned());
    }
    let names: Vec<&str> = PurposeKind::ALL.iter().map(|k| k.name()).collect();
    subset(u, &names)
}

fn text(u: &mut Unstructured<'_>) -> Result<String> {
    let s: String = u.arbitrary()?;
    Ok(if s.trim().is_empty() {
        "x".to_owned()
    } else {
        s
    })
}

/// One column's well-formed text.
/// A UK postcode: one or two letters, a digit, maybe a digit or a letter,
/// a space or none, a digit and two letters.
fn postcode(u: &mut Unstructured<'_>) -> Result<String> {
    let letter = |u: &mut Unstructured<'_>| -> Result<char> {
        Ok(char::from(b'A' + u.int_in_range(0u8..=25)?))
    };
    let digit = |u: &mut Unstructured<'_>| -> Result<char> {
        Ok(char::from(b'0' + u.int_in_range(0u8..=9)?))
    };
    let mut code = String::new();
    code.push(letter(u)?);
    if u.arbitrary()? {
        code.push(letter(u)?);
    }
    code.push(digit(u)?);
    match u.int_in_range(0u8..=2)? {
        0 => {}
        1 => code.push(digit(u)?),
        _ => code.push(letter(u)?),
    }
    if u.arbitrary()? {
        code.push(' ');
    }
    code.push(digit(u)?);
    code.push(letter(u)?);
    code.push(letter(u)?);
    Ok(code)
}

fn valid(u: &mut Unstructured<'_>, column: Column) -> Result<String> {
    Ok(match column {
        Column::SubjectId => u.int_in_range(1u64..=1_000_000)?.to_string(),
        Column::ParentName | Column::AddressLine1 | Column::Town => text(u)?,
        Column::Postcode => postcode(u)?,
        Column::AddressLine2 | Column::Email | Column::Phone => {
            if u.arbitrary()? {
                text(u)?
            } else {
                String::new()
            }
        }
        Column::MotherBirthDate => {
            if u.ratio(9, 10)? {
                date(u, 45)?
            } else {
                String::new()
            }
        }
        Column::ChildBirthDates => {
            let n = u.int_in_range(0..=4)?;
            (0..n)
                .map(|_| date(u, 12))
                .collect::<Result<Vec<_>>>()?
                .join(";")
        }
        Column::DueDate => {
            if u.ratio(1, 4)? {
                date(u, 1)?
            } else {
                String::new()
            }
        }
        // Empty: a name is valid only with third-party collection, which
        // another column draws.
        Column::CollectedBy => String::new(),
        Column::ChildrenUnderFive
        | Column::ExistingCustomer
        | Column::OptOutOffered
        | Column::ParentalConsent => u.arbitrary::<bool>()?.to_string(),
        Column::Purposes => purposes(u)?,
        Column::Categories => {
            let names: Vec<&str> = crate::category::BUILTIN.iter().map(|c| c.name()).collect();
            subset(u, &names)?
        }
        Column::NoticeVersion => u.int_in_range(1u32..=5)?.to_string(),
        Column::Recipients => subset(u, &ORGS)?,
        Column::ConsentGivenAt => instant(u)?,
        Column::ConsentExpiresAt | Column::ConsentWithdrawnAt => maybe_instant(u)?,
        Column::Collection => if u.arbitrary()? {
            "direct"
        } else {
            "third_party"
        }
        .to_owned(),
    })
}

/// Well-formed text most of the time, arbitrary text one time in sixteen.
fn field(u: &mut Unstructured<'_>, column: Column) -> Result<String> {
    if u.ratio(1, 16)? {
        u.arbitrary()
    } else {
        valid(u, column)
    }
}

impl<'a> Arbitrary<'a> for CrmRow {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(CrmRow {
            subject_id: field(u, Column::SubjectId)?,
            parent_name: field(u, Column::ParentName)?,
            address_line1: field(u, Column::AddressLine1)?,
            address_line2: field(u, Column::AddressLine2)?,
            town: field(u, Column::Town)?,
            postcode: field(u, Column::Postcode)?,
            email: field(u, Column::Email)?,
            phone: field(u, Column::Phone)?,
            mother_birth_date: field(u, Column::MotherBirthDate)?,
            children_under_five: field(u, Column::ChildrenUnderFive)?,
            child_birth_dates: field(u, Column::ChildBirthDates)?,
            due_date: field(u, Column::DueDate)?,
            purposes: field(u, Column::Purposes)?,
            categories: field(u, Column::Categories)?,
            notice_version: field(u, Column::NoticeVersion)?,
            recipients: field(u, Column::Recipients)?,
            consent_given_at: field(u, Column::ConsentGivenAt)?,
            consent_expires_at: field(u, Column::ConsentExpiresAt)?,
            consent_withdrawn_at: field(u, Column::ConsentWithdrawnAt)?,
            collection: field(u, Column::Collection)?,
            existing_customer: field(u, Column::ExistingCustomer)?,
            opt_out_offered: field(u, Column::OptOutOffered)?,
            parental_consent: field(u, Column::ParentalConsent)?,
            collected_by: field(u, Column::CollectedBy)?,
        })
    }
}

impl<'a> Arbitrary<'a> for Record {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        CrmRow::arbitrary(u)?
            .to_record_at(1)
            .map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

impl<'a> Arbitrary<'a> for ConsentScope {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Record::arbitrary(u)?
            .consents()
            .get(0)
            .cloned()
            .ok_or(arbitrary::Error::IncorrectFormat)
    }
}

impl<'a> Arbitrary<'a> for PurposeKind {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        u.choose(&PurposeKind::ALL).copied()
    }
}

impl<'a> Arbitrary<'a> for BuyerFile {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let (buyer, end_recipient) = (*u.choose(&ORGS)?, *u.choose(&ORGS)?);
        let format = if u.arbitrary()? {
            Format::Csv
        } else {
            Format::JsonLines
        };
        BuyerFile::new(buyer, end_recipient, u.arbitrary()?, epoch())
            .map(|file| file.with_format(format))
            .map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

impl<'a, P: Purpose> Arbitrary<'a> for Declaration<P> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Declaration::new(u.choose(&ORGS)?, u.choose(&ORGS)?, epoch())
            .map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_arbitrary_rows_are_valid_records() {
        let bytes: Vec<u8> = (0..200_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let mut u = Unstructured::new(&bytes);
        let (mut valid, mut total) = (0, 0);
        while let Ok(row) = CrmRow::arbitrary(&mut u) {
            total += 1;
            valid += usize::from(row.to_record_at(1).is_ok());
            if total == 200 {
                break;
            }
        }
        assert!(total == 200 && valid > 20, "{valid} of {total}");
    }
}
