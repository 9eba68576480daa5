//! [`read`]: a dump in the format named at run time.

use std::fmt;
use std::io::BufRead;

use super::error::ReadError;
use super::read::{CsvRecords, JsonLinesRecords, read_csv, read_json_lines};
use crate::export::Format;
use crate::record::Record;

/// Reads a one-row dump in `format`: [`read_csv`] or [`read_json_lines`],
/// chosen at run time, as one iterator type.
///
/// ```
/// use consent_gate::crm;
/// use consent_gate::export::Format;
///
/// for format in [Format::Csv, Format::JsonLines] {
///     assert_eq!(crm::read(format, &b""[..]).count(), 0);
/// }
/// ```
pub fn read<R: BufRead>(format: Format, input: R) -> Records<R> {
    match format {
        Format::Csv => Records::Csv(read_csv(input)),
        Format::JsonLines => Records::JsonLines(read_json_lines(input)),
    }
}

/// The records of a one-row dump in either format ([`read`]).
#[allow(clippy::large_enum_variant)] // One per dump, never in a collection.
pub enum Records<R> {
    /// CSV.
    Csv(CsvRecords<R>),
    /// JSON Lines.
    JsonLines(JsonLinesRecords<R>),
}

impl<R> Records<R> {
    /// Sets how many threads parse the dump ([`CsvRecords::threads`],
    /// [`JsonLinesRecords::threads`]).
    #[must_use]
    pub fn threads(self, threads: usize) -> Self {
        match self {
            Self::Csv(records) => Self::Csv(records.threads(threads)),
            Self::JsonLines(records) => Self::JsonLines(records.threads(threads)),
        }
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Self::Csv(records) => records.next(),
            Self::JsonLines(records) => records.next(),
        }
    }
}

impl<R> fmt::Debug for Records<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Csv(records) => records.fmt(f),
            Self::JsonLines(records) => records.fmt(f),
        }
    }
}
