//! [`FieldValue`]: the types a field's value can have.
//!
//! This is all the gate knows of a value: its type, and whether it is one
//! part or several named ones. How a value is written (CSV cells, JSON) is
//! the export's business ([`crate::export`]).

use chrono::NaiveDate;
use serde::Serialize;

use crate::record::Address;

pub(crate) mod sealed {
    use chrono::NaiveDate;

    use crate::record::Address;

    /// A value seen as one of the types a field can have.
    #[derive(Debug, Clone, Copy)]
    pub enum View<'a> {
        /// Text.
        Text(&'a str),
        /// A yes or no.
        Bool(bool),
        /// A date.
        Date(NaiveDate),
        /// A list of dates.
        Dates(&'a [NaiveDate]),
        /// A postal address.
        Address(&'a Address),
        /// A whole number (an age in years).
        Number(u32),
        /// A list of years.
        Years(&'a [i32]),
    }

    /// What a field's value is; implemented by the crate alone.
    pub trait ValueImpl {
        /// The names of the value's parts: `""` for a value of one part, or
        /// several (an address's `line1`, `line2`, `town`, `postcode`).
        const PARTS: &'static [&'static str] = &[""];

        /// The value, as one of the types a field can have.
        fn view(&self) -> View<'_>;
    }
}

use sealed::{ValueImpl, View};

/// A type a field's value can have: [`String`], [`bool`], [`NaiveDate`],
/// `Vec<NaiveDate>` and [`Address`] (the one value of several parts), and
/// for [derived](crate::field::derived) values [`u32`] (an age in years)
/// and `Vec<i32>` (years, one CSV cell, `;`-separated).
///
/// Sealed: the crate alone writes the bytes of an export, so no impl
/// elsewhere can write extra cells, extra JSON keys or anything but the
/// value the clearance opened. A broker's own field holds one of these
/// types (text for anything else).
pub trait FieldValue: Serialize + ValueImpl + Clone + 'static {}

impl FieldValue for String {}
impl FieldValue for bool {}
impl FieldValue for NaiveDate {}
impl FieldValue for Vec<NaiveDate> {}
impl FieldValue for Address {}
impl FieldValue for u32 {}
impl FieldValue for Vec<i32> {}

impl ValueImpl for String {
    #[inline]
    fn view(&self) -> View<'_> {
        View::Text(self)
    }
}

impl ValueImpl for bool {
    #[inline]
    fn view(&self) -> View<'_> {
        View::Bool(*self)
    }
}

impl ValueImpl for NaiveDate {
    #[inline]
    fn view(&self) -> View<'_> {
        View::Date(*self)
    }
}

impl ValueImpl for Vec<NaiveDate> {
    #[inline]
    fn view(&self) -> View<'_> {
        View::Dates(self)
    }
}

impl ValueImpl for Address {
    const PARTS: &'static [&'static str] = &["line1", "line2", "town", "postcode"];

    #[inline]
    fn view(&self) -> View<'_> {
        View::Address(self)
    }
}

impl ValueImpl for u32 {
    #[inline]
    fn view(&self) -> View<'_> {
        View::Number(*self)
    }
}

impl ValueImpl for Vec<i32> {
    #[inline]
    fn view(&self) -> View<'_> {
        View::Years(self)
    }
}
