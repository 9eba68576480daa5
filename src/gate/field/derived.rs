//! Derived fields: coarser values the crate computes from a stored field,
//! so that an export carries what its purpose needs and not what the
//! broker holds (GDPR Art 5(1)(c), data minimisation).
//!
//! | field | from | value |
//! |---|---|---|
//! | [`MotherAge`] | [`MotherBirthDate`] | age in whole years |
//! | [`MotherAgeBand`] | [`MotherBirthDate`] | age band, `25-34` ([`AgeBands`]) |
//! | [`ChildBirthYears`] | [`ChildBirthDates`] | each child's birth year |
//! | [`YoungestChildAgeBand`] | [`ChildBirthDates`] | the youngest child's band: `0` (under one), `1-4`, `5+` |
//! | [`PostcodeDistrict`] | [`HomeAddress`] | the postcode's outward code, `BS12` |
//! | [`PostTown`] | [`HomeAddress`] | the address's town |
//!
//! A derived field keeps its source's category, so everything that decides
//! the source decides it: the consent's grant, the rules, and the policy
//! no consent overrides. A derived value of children's data is children's
//! data: a political schema that names [`ChildBirthYears`] does not
//! compile, as one naming [`ChildBirthDates`] does not. It is opened only
//! through the source's decision ([`Clearance::open`](crate::Clearance::open)).
//!
//! # Ages are taken on the first day of the export's year
//!
//! An age is a birth date seen at a date; a buyer who could pick that date
//! could pin the birth date by buying twice (an age of 34 on one day and
//! 35 the next names the birthday). So ages are taken on 1 January of the
//! year of the export's instant (UTC), whatever its day: two exports in one
//! year give the same ages, and exports in different years the same
//! one-year window of birth dates (age 34 on 1 January 2017 and 35 on 1
//! January 2018 both say "born in 1982, or on 1 January 1983"). A buyer who
//! buys as often as it likes learns a birth date to within a year and no
//! closer; with bands, to within the band until the subject crosses a band's
//! edge between two purchases, and then to within that year.
//! (`tests/derived.rs` checks this by brute force.) A child born in the
//! export's year is 0, as one born in the year before it; a birth after the
//! export's day has no age (no value).
//!
//! ```
//! use consent_gate::field::derived::{MotherAgeBand, PostcodeDistrict, YoungestChildAgeBand};
//! use consent_gate::{field::ChildBirthDates, purpose::{PoliticalCampaigning, Research}};
//! use consent_gate::schema::check_schema;
//!
//! // What a research buyer needs to know of "new mums": bands and districts.
//! const _: () = check_schema::<Research, (MotherAgeBand, YoungestChildAgeBand, PostcodeDistrict)>();
//! ```
//!
//! ```compile_fail,E0277
//! use consent_gate::field::derived::YoungestChildAgeBand;
//! use consent_gate::{purpose::PoliticalCampaigning, schema::check_schema};
//!
//! // Children's data, coarsened or not, never goes to a political party.
//! const _: () = check_schema::<PoliticalCampaigning, (YoungestChildAgeBand,)>();
//! ```

use std::borrow::Cow;
use std::marker::PhantomData;

use chrono::{Datelike, NaiveDate};

use super::{ChildBirthDates, Field, HomeAddress, MotherBirthDate, sealed};
use crate::postcode;
use crate::record::Record;

/// The bands an age is given in: the lower bound of each band after the
/// first (which starts at 0), in ascending order. An age is shown as its
/// band, `lo-hi`, or `lo` for a band of one year, or `lo+` for the last.
///
/// A broker may define its own; bounds that do not ascend, or a first
/// bound of 0, are a compile error where the field is used.
///
/// ```
/// use consent_gate::field::derived::{AgeBands, MotherAgeBand};
/// use consent_gate::{purpose::Research, schema::check_schema};
///
/// struct Decades;
/// impl AgeBands for Decades {
///     const LOWER_BOUNDS: &'static [u32] = &[20, 30, 40, 50];
/// }
/// const _: () = check_schema::<Research, (MotherAgeBand<Decades>,)>();
/// ```
pub trait AgeBands: 'static {
    /// The lower bound of each band after the first.
    const LOWER_BOUNDS: &'static [u32];
}

/// Adult age bands: `0-17`, `18-24`, `25-34`, `35-44`, `45-54`, `55-64`,
/// `65+`.
#[derive(Debug, Clone, Copy)]
pub struct AdultBands;

impl AgeBands for AdultBands {
    const LOWER_BOUNDS: &'static [u32] = &[18, 25, 35, 45, 55, 65];
}

/// A young child's bands: `0` (under one), `1-4` (under five), `5+`.
#[derive(Debug, Clone, Copy)]
pub struct ChildBands;

impl AgeBands for ChildBands {
    const LOWER_BOUNDS: &'static [u32] = &[1, 5];
}

/// A compile error for bounds that do not ascend from above 0.
#[allow(clippy::panic)] // Const evaluation: a compile error.
const fn checked_bounds(bounds: &'static [u32]) -> &'static [u32] {
    let mut rest = bounds;
    let mut last = 0;
    while let [bound, tail @ ..] = rest {
        if *bound <= last {
            panic!("age band bounds must ascend, from above 0");
        }
        last = *bound;
        rest = tail;
    }
    bounds
}

/// The first day of the year of `today`: the day every age is taken on.
fn start_of_year(today: NaiveDate) -> NaiveDate {
    today.with_ordinal(1).unwrap_or(today)
}

/// The age in whole years on 1 January of `today`'s year of someone born
/// on `born`: 0 for a birth later that year up to `today`, and none for a
/// birth after `today`. Someone born on 29 February is a year older on 1
/// March in other years (as UK law has it), which 1 January never reaches.
pub(crate) fn age(born: NaiveDate, today: NaiveDate) -> Option<u32> {
    if born > today {
        return None;
    }
    let on = start_of_year(today);
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    Some(u32::try_from(years).unwrap_or(0))
}

/// The label of the band `age` falls in.
pub(crate) fn band(age: u32, lower_bounds: &[u32]) -> String {
    let next = lower_bounds.partition_point(|b| *b <= age);
    let low = next
        .checked_sub(1)
        .and_then(|i| lower_bounds.get(i))
        .copied()
        .unwrap_or(0);
    match lower_bounds.get(next) {
        Some(high) if *high == low + 1 => low.to_string(),
        Some(high) => format!("{low}-{}", high - 1),
        None => format!("{low}+"),
    }
}

macro_rules! derived_field {
    (
        $(#[$doc:meta])*
        $name:ident$(<$B:ident: $bound:ident = $default:ty>)?:
        $value:ty, from $source:ident, $key:literal,
        |$held:ident, $today:ident| $derive:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name$(<$B: $bound = $default>(PhantomData<fn() -> $B>))?;

        impl<X: 'static $(, $B: $bound)?> sealed::Sealed<X> for $name$(<$B>)? {}

        impl<X: 'static $(, $B: $bound)?> Field<X> for $name$(<$B>)? {
            type Category = <$source as Field<X>>::Category;
            type Value = $value;
            const NAME: &'static str = {
                $(checked_bounds($B::LOWER_BOUNDS);)?
                $key
            };
            const SOURCE: &'static str = <$source as Field<X>>::NAME;
            const DERIVED: bool = true;

            fn open<'r>(
                record: &'r Record<X>,
                $today: NaiveDate,
                token: sealed::Token,
            ) -> Option<Cow<'r, $value>> {
                let $held = <$source as Field<X>>::open(record, $today, token)?;
                let $held = &*$held;
                $derive.map(Cow::Owned)
            }
        }
    };
}

derived_field! {
    /// The mother's age in whole years, on 1 January of the export's year.
    MotherAge: u32, from MotherBirthDate, "mother_age",
    |born, today| age(*born, today)
}

derived_field! {
    /// The mother's age band ([`AdultBands`] unless said), on 1 January of
    /// the export's year.
    MotherAgeBand<B: AgeBands = AdultBands>: String, from MotherBirthDate, "mother_age_band",
    |born, today| age(*born, today).map(|a| band(a, B::LOWER_BOUNDS))
}

derived_field! {
    /// Each child's birth year, in the record's order (one CSV cell,
    /// `;`-separated).
    ChildBirthYears: Vec<i32>, from ChildBirthDates, "child_birth_years",
    |dates, _today| Some(dates.iter().map(|d| d.year()).collect::<Vec<_>>())
}

derived_field! {
    /// The youngest child's age band ([`ChildBands`] unless said: `0` under
    /// one, `1-4` under five, `5+`), on 1 January of the export's year; no
    /// value without a child.
    YoungestChildAgeBand<B: AgeBands = ChildBands>: String, from ChildBirthDates,
    "youngest_child_age_band",
    |dates, today| dates
        .iter()
        .filter(|d| **d <= today)
        .max()
        .and_then(|youngest| age(*youngest, today))
        .map(|a| band(a, B::LOWER_BOUNDS))
}

derived_field! {
    /// The postcode's outward code (its district, `BS12` of `BS12 3QX`); no
    /// value for a postcode that is not one.
    PostcodeDistrict: String, from HomeAddress, "postcode_district",
    |address, _today| postcode::outward_code(&address.postcode)
}

derived_field! {
    /// The address's post town; no value where it is blank.
    PostTown: String, from HomeAddress, "post_town",
    |address, _today| Some(address.town.trim()).filter(|t| !t.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests;
