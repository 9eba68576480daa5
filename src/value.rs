//! [`ExportValue`]: the types a field's value can have, and how the crate
//! writes them to CSV cells and JSON.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::cells::Cells;
use crate::record::Address;

pub(crate) mod sealed {
    use crate::cells::Cells;

    /// How the crate writes a value. Not nameable outside the crate, so
    /// only the crate's own encodings reach an export.
    pub trait Encode {
        /// The suffixes of the CSV columns this value fills: `""` for one
        /// column named after the field, or several (`"line1"`, …) for
        /// `field_line1`, ….
        const COLUMNS: &'static [&'static str] = &[""];

        /// Writes exactly `COLUMNS.len()` cells.
        fn write_cells(&self, cells: &mut Cells);

        /// Appends the value as JSON.
        fn write_json(&self, out: &mut Vec<u8>) -> std::io::Result<()>;
    }
}

use sealed::Encode;

/// A type a field's value can have: [`String`], [`bool`], [`NaiveDate`],
/// `Vec<NaiveDate>` (one CSV cell, dates separated by `;`) and [`Address`]
/// (four CSV columns, one JSON object).
///
/// Sealed: the crate alone writes the bytes of an export, so no impl
/// elsewhere can write extra cells, extra JSON keys or anything but the
/// value the clearance opened. A broker's own field holds one of these
/// types (text for anything else).
pub trait ExportValue: Serialize + Encode + 'static {}

impl ExportValue for String {}
impl ExportValue for bool {}
impl ExportValue for NaiveDate {}
impl ExportValue for Vec<NaiveDate> {}
impl ExportValue for Address {}

/// Text and booleans go through serde_json, which escapes them.
fn json_via_serde<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> std::io::Result<()> {
    serde_json::to_writer(out, value).map_err(std::io::Error::from)
}

impl Encode for String {
    fn write_cells(&self, cells: &mut Cells) {
        cells.cell(self.as_bytes());
    }

    fn write_json(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        json_via_serde(self, out)
    }
}

impl Encode for bool {
    fn write_cells(&self, cells: &mut Cells) {
        cells.plain_cell(if *self { b"true" } else { b"false" });
    }

    fn write_json(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
        Ok(())
    }
}

impl Encode for NaiveDate {
    fn write_cells(&self, cells: &mut Cells) {
        cells.plain_cell(&iso_date(*self));
    }

    fn write_json(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        out.push(b'"');
        out.extend_from_slice(&iso_date(*self));
        out.push(b'"');
        Ok(())
    }
}

/// Child birth dates: one cell, ISO dates separated by `;`.
impl Encode for Vec<NaiveDate> {
    fn write_cells(&self, cells: &mut Cells) {
        for (i, date) in self.iter().enumerate() {
            if i > 0 {
                cells.push(b";");
            }
            cells.push(&iso_date(*date));
        }
        cells.end_plain();
    }

    fn write_json(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        out.push(b'[');
        for (i, date) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            date.write_json(out)?;
        }
        out.push(b']');
        Ok(())
    }
}

impl Encode for Address {
    const COLUMNS: &'static [&'static str] = &["line1", "line2", "town", "postcode"];

    fn write_cells(&self, cells: &mut Cells) {
        cells.cell(self.line1.as_bytes());
        cells.cell(self.line2.as_bytes());
        cells.cell(self.town.as_bytes());
        cells.cell(self.postcode.as_bytes());
    }

    fn write_json(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        json_via_serde(self, out)
    }
}

/// The decimal digits of `n`, written into `buf` without allocating.
pub(crate) fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut start = buf.len();
    loop {
        start -= 1;
        if let Some(slot) = buf.get_mut(start) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    buf.get(start..).unwrap_or_default()
}

/// `YYYY-MM-DD` without allocating. Years outside 0..=9999 are clamped to
/// four digits' worth of their value modulo 10,000 only in the CSV cell;
/// CRM dates never come near that range and the readers refuse them.
pub(crate) fn iso_date(date: NaiveDate) -> [u8; 10] {
    let y = date.year().rem_euclid(10_000) as u32;
    let m = date.month();
    let d = date.day();
    let digit = |v: u32| b'0' + (v % 10) as u8;
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_json_matches_serde_json() {
        let dates = vec![
            NaiveDate::from_ymd_opt(2016, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2018, 7, 9).unwrap(),
        ];
        for value in [vec![], dates] {
            let mut fast = Vec::new();
            value.write_json(&mut fast).unwrap();
            assert_eq!(fast, serde_json::to_vec(&value).unwrap());
            for date in &value {
                let mut fast = Vec::new();
                date.write_json(&mut fast).unwrap();
                assert_eq!(fast, serde_json::to_vec(date).unwrap());
            }
        }
    }

    #[test]
    fn decimal_matches_to_string() {
        for n in [0, 7, 10, 99, 100_123, u64::MAX] {
            assert_eq!(decimal(n, &mut [0; 20]), n.to_string().as_bytes());
        }
    }

    #[test]
    fn iso_date_matches_chrono() {
        for (y, m, d) in [(2016, 3, 1), (1, 1, 1), (9999, 12, 31), (2000, 2, 29)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(
                std::str::from_utf8(&iso_date(date)).unwrap(),
                date.format("%Y-%m-%d").to_string()
            );
        }
    }

    #[test]
    fn text_and_booleans_match_serde_json() {
        for text in ["plain", "say \"hi\"", "line\nbreak", "Zoë"] {
            let mut fast = Vec::new();
            text.to_string().write_json(&mut fast).unwrap();
            assert_eq!(fast, serde_json::to_vec(text).unwrap());
        }
        for b in [true, false] {
            let mut fast = Vec::new();
            b.write_json(&mut fast).unwrap();
            assert_eq!(fast, serde_json::to_vec(&b).unwrap());
        }
    }

    #[test]
    fn values_write_as_many_cells_as_columns() {
        let mut cells = Cells::default();
        let address = Address {
            line1: "1 High St".into(),
            line2: String::new(),
            town: "Leeds".into(),
            postcode: "LS1 1AA".into(),
        };
        address.write_cells(&mut cells);
        assert_eq!(cells.len(), Address::COLUMNS.len());
        let dates = vec![
            NaiveDate::from_ymd_opt(2016, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2018, 7, 9).unwrap(),
        ];
        dates.write_cells(&mut cells);
        assert_eq!(
            cells.row(),
            b"1 High St,,Leeds,LS1 1AA,2016-03-01;2018-07-09,"
        );
    }
}
