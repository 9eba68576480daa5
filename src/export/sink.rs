//! The output side of an export: a row under construction and where
//! finished rows go.

use std::io;

use crate::record::SubjectId;
use crate::value::FieldValue;

/// The name of the column every export starts with.
pub(crate) const SUBJECT_ID: &str = "subject_id";

/// A format's writer: builds one row at a time and writes it only when the
/// record is emitted.
pub(crate) trait Sink {
    /// Writes the header, if the format has one; `columns` are the fields'
    /// names with their value's column suffixes.
    fn header(&mut self, columns: &[(&'static str, &'static [&'static str])]) -> io::Result<()>;
    /// Starts a row.
    fn begin(&mut self, subject: SubjectId);
    /// Adds an opened value.
    fn value<V: FieldValue>(&mut self, name: &'static str, value: &V) -> io::Result<()>;
    /// Adds a withheld or absent value.
    fn absent<V: FieldValue>(&mut self, name: &'static str);
    /// Writes the row.
    fn commit(&mut self) -> io::Result<()>;
    /// Flushes, and gives the formula cells neutralised and the SHA-256 of
    /// every byte written.
    fn finish(self) -> io::Result<(u64, String)>;

    /// A sink of the same kind that keeps its rows in memory.
    type Rows: Sink + Send;
    /// A sink of the same kind that keeps its rows in memory, never
    /// writing them out: rows formatted on another thread, taken with
    /// [`Sink::take_rows`] and written by [`Sink::append_rows`].
    fn rows() -> Self::Rows;
    /// The bytes of the rows committed and not written out, and the
    /// formula cells neutralised in committed rows, so far.
    fn committed(&self) -> (usize, u64);
    /// Takes the committed rows of a sink made by [`Sink::rows`]
    /// (between rows).
    fn take_rows(&mut self) -> Vec<u8>;
    /// Writes rows another sink of the same kind committed, with the
    /// formula cells it neutralised in them (between rows).
    fn append_rows(&mut self, rows: &[u8], neutralised: u64) -> io::Result<()>;
}
