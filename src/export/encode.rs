//! How the export writes a field's value: CSV cells and JSON, for every
//! [`FieldValue`] type, through its [`View`].

use chrono::{Datelike, NaiveDate};

use super::csv_buffer::CsvBuffer;
use crate::record::Address;
use crate::value::FieldValue;
use crate::value::sealed::View;

/// How the export writes a value.
pub(crate) trait Encode {
    /// The suffixes of the CSV columns this value fills: `""` for one
    /// column named after the field, or several (`"line1"`, …) for
    /// `field_line1`, ….
    const COLUMNS: &'static [&'static str];

    /// Writes exactly `COLUMNS.len()` cells.
    fn write_cells(&self, cells: &mut CsvBuffer);

    /// Appends the value as JSON.
    fn write_json(&self, out: &mut Vec<u8>) -> std::io::Result<()>;
}

impl<V: FieldValue> Encode for V {
    const COLUMNS: &'static [&'static str] = V::PARTS;

    #[inline]
    fn write_cells(&self, cells: &mut CsvBuffer) {
        match self.view() {
            View::Text(text) => cells.cell(text.as_bytes()),
            View::Bool(b) => cells.plain_cell(if b { b"true" } else { b"false" }),
            View::Date(date) => date_cell(date, cells),
            View::Dates(dates) => dates_cell(dates, cells),
            View::Address(address) => address_cells(address, cells),
            View::Number(n) => cells.plain_cell(itoa::Buffer::new().format(n).as_bytes()),
            View::Years(years) => years_cell(years, cells),
        }
    }

    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        match self.view() {
            View::Text(text) => json_string(text, out),
            View::Bool(b) => {
                out.extend_from_slice(if b { b"true" } else { b"false" });
                Ok(())
            }
            View::Date(date) => {
                date_json(date, out);
                Ok(())
            }
            View::Dates(dates) => {
                dates_json(dates, out);
                Ok(())
            }
            View::Address(address) => address_json(address, out),
            View::Number(n) => {
                out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
                Ok(())
            }
            View::Years(years) => {
                years_json(years, out);
                Ok(())
            }
        }
    }
}

/// A JSON string exactly as serde_json writes it: text with nothing to
/// escape (the usual case) is copied between quotes; anything else goes
/// through serde_json, which escapes it.
pub(crate) fn json_string(text: &str, out: &mut Vec<u8>) -> std::io::Result<()> {
    if is_plain(text.as_bytes()) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        escaped(text, out)
    }
}

/// Whether JSON writes these bytes as they are: no quote, backslash or
/// control character, eight bytes at a time (see [`swar`](crate::swar)).
#[inline]
fn is_plain(bytes: &[u8]) -> bool {
    use crate::swar::{bytes_below, equal_bytes, splat, word};
    const QUOTES: u64 = splat(b'"');
    const BACKSLASHES: u64 = splat(b'\\');
    let (words, rest) = bytes.as_chunks::<8>();
    words.iter().all(|bytes| {
        let w = word(bytes);
        equal_bytes(w, QUOTES) | equal_bytes(w, BACKSLASHES) | bytes_below(w, 0x20) == 0
    }) && rest.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\')
}

#[cold]
fn escaped(text: &str, out: &mut Vec<u8>) -> std::io::Result<()> {
    serde_json::to_writer(out, text).map_err(std::io::Error::from)
}

/// An address as serde_json writes it: an object of its four lines.
fn address_json(address: &Address, out: &mut Vec<u8>) -> std::io::Result<()> {
    let parts = [
        ("line1", &address.line1),
        ("line2", &address.line2),
        ("town", &address.town),
        ("postcode", &address.postcode),
    ];
    for (i, (key, text)) in parts.into_iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"{\"" } else { b",\"" });
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
        json_string(text, out)?;
    }
    out.push(b'}');
    Ok(())
}

fn date_cell(date: NaiveDate, cells: &mut CsvBuffer) {
    match iso_date(date) {
        Some(text) => cells.plain_cell(&text),
        // A year before 0 starts with `-`, which the formula guard sees.
        None => cells.cell(wide_date(date).as_bytes()),
    }
}

/// Child birth dates: one cell, ISO dates separated by `;`.
fn dates_cell(dates: &[NaiveDate], cells: &mut CsvBuffer) {
    let mut plain = true;
    for (i, date) in dates.iter().enumerate() {
        if i > 0 {
            cells.push(b";");
        }
        match iso_date(*date) {
            Some(text) => cells.push(&text),
            None => {
                plain = false;
                cells.push(wide_date(*date).as_bytes());
            }
        }
    }
    if plain {
        cells.end_plain();
    } else {
        cells.end();
    }
}

/// Years: one cell, separated by `;`. A year before 0 starts with `-`,
/// which the formula guard sees.
fn years_cell(years: &[i32], cells: &mut CsvBuffer) {
    let mut buffer = itoa::Buffer::new();
    for (i, year) in years.iter().enumerate() {
        if i > 0 {
            cells.push(b";");
        }
        cells.push(buffer.format(*year).as_bytes());
    }
    if years.iter().all(|y| *y >= 0) {
        cells.end_plain();
    } else {
        cells.end();
    }
}

fn years_json(years: &[i32], out: &mut Vec<u8>) {
    let mut buffer = itoa::Buffer::new();
    out.push(b'[');
    for (i, year) in years.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(buffer.format(*year).as_bytes());
    }
    out.push(b']');
}

fn address_cells(address: &Address, cells: &mut CsvBuffer) {
    cells.cell(address.line1.as_bytes());
    cells.cell(address.line2.as_bytes());
    cells.cell(address.town.as_bytes());
    cells.cell(address.postcode.as_bytes());
}

fn date_json(date: NaiveDate, out: &mut Vec<u8>) {
    out.push(b'"');
    match iso_date(date) {
        Some(text) => out.extend_from_slice(&text),
        None => out.extend_from_slice(wide_date(date).as_bytes()),
    }
    out.push(b'"');
}

fn dates_json(dates: &[NaiveDate], out: &mut Vec<u8>) {
    out.push(b'[');
    for (i, date) in dates.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        date_json(*date, out);
    }
    out.push(b']');
}

/// `YYYY-MM-DD` without allocating, for the years 0 to 9999 (every year a
/// CRM date can have: the readers refuse others); `None` outside them.
pub(crate) fn iso_date(date: NaiveDate) -> Option<[u8; 10]> {
    let y = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let m = date.month();
    let d = date.day();
    let digit = |v: u32| b'0' + (v % 10) as u8;
    Some([
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
    ])
}

/// A date outside the years 0 to 9999, exactly as ISO 8601 extends the
/// format: a sign and at least four digits (`-0005-03-01`,
/// `+10000-01-01`).
fn wide_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
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
    fn iso_date_matches_chrono_in_range_and_refuses_outside_it() {
        for (y, m, d) in [
            (2016, 3, 1),
            (0, 1, 1),
            (1, 1, 1),
            (9999, 12, 31),
            (2000, 2, 29),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(
                std::str::from_utf8(&iso_date(date).unwrap()).unwrap(),
                date.format("%Y-%m-%d").to_string()
            );
        }
        for y in [-1, -5, 10_000, 262_000] {
            assert_eq!(
                iso_date(NaiveDate::from_ymd_opt(y, 3, 1).unwrap()),
                None,
                "{y}"
            );
        }
    }

    #[test]
    fn numbers_and_years_match_serde_json_and_guard_a_minus_in_csv() {
        for n in [0u32, 7, 34, u32::MAX] {
            let mut json = Vec::new();
            n.write_json(&mut json).unwrap();
            assert_eq!(json, serde_json::to_vec(&n).unwrap());
        }
        for years in [vec![], vec![2015], vec![2015, 2017], vec![-5, 2016]] {
            let mut json = Vec::new();
            years.write_json(&mut json).unwrap();
            assert_eq!(json, serde_json::to_vec(&years).unwrap());
        }
        let mut cells = CsvBuffer::default();
        34u32.write_cells(&mut cells);
        vec![2015, 2017].write_cells(&mut cells);
        vec![-5, 2016].write_cells(&mut cells);
        Vec::<i32>::new().write_cells(&mut cells);
        assert_eq!(cells.row(), b"34,2015;2017,'-5;2016,,");
    }

    #[test]
    fn dates_outside_the_four_digit_years_are_written_exactly() {
        let early = NaiveDate::from_ymd_opt(-5, 3, 1).unwrap();
        let late = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        let mut json = Vec::new();
        vec![early, late].write_json(&mut json).unwrap();
        assert_eq!(json, br#"["-0005-03-01","+10000-01-01"]"#);
        let mut cells = CsvBuffer::default();
        early.write_cells(&mut cells);
        vec![late, early].write_cells(&mut cells);
        vec![NaiveDate::from_ymd_opt(0, 1, 1).unwrap()].write_cells(&mut cells);
        // In CSV the leading `-` is guarded like any formula trigger.
        assert_eq!(
            cells.row(),
            b"'-0005-03-01,'+10000-01-01;-0005-03-01,0000-01-01,"
        );
    }

    #[test]
    fn text_addresses_and_booleans_match_serde_json() {
        // Every ASCII character alone and inside text, short and long (the
        // check goes eight bytes at a time), and text beyond it.
        let mut texts: Vec<String> = (0u8..0x80)
            .flat_map(|b| {
                let c = char::from(b);
                [
                    c.to_string(),
                    format!("a{c}b"),
                    format!("abcdefghij{c}klmnopqrstu"),
                    format!("abcdefg{c}"),
                ]
            })
            .collect();
        texts.extend(
            [
                "",
                "plain",
                "say \"hi\"",
                "line\nbreak",
                "Zoë",
                "\u{7f}\u{2028}",
            ]
            .map(String::from),
        );
        for text in &texts {
            let mut fast = Vec::new();
            text.write_json(&mut fast).unwrap();
            assert_eq!(fast, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
        for pair in texts.chunks(4) {
            let line = |i: usize| pair.get(i).cloned().unwrap_or_default();
            let address = Address {
                line1: line(0),
                line2: line(1),
                town: line(2),
                postcode: line(3),
            };
            let mut fast = Vec::new();
            address.write_json(&mut fast).unwrap();
            assert_eq!(fast, serde_json::to_vec(&address).unwrap(), "{address:?}");
        }
        for b in [true, false] {
            let mut fast = Vec::new();
            b.write_json(&mut fast).unwrap();
            assert_eq!(fast, serde_json::to_vec(&b).unwrap());
        }
    }

    #[test]
    fn values_write_as_many_cells_as_columns() {
        let mut cells = CsvBuffer::default();
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
