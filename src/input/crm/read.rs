//! The readers: iterators of rows of one file form (the one-row CRM
//! dump, or the two files of the consent-ledger form) from CSV and from
//! JSON Lines. The framing (header, line ends, truncation, byte-order mark,
//! carriage returns, JSON objects) is the same for every form; what a row
//! means is the form's ([`Form`]).

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, Read};
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, Visitor};

use super::column::{Column, ColumnSet, MAX_COLUMNS};
use super::error::{FieldProblem, ReadError};
use super::memo::Memos;
use super::parse::{self, At, RowText};
use crate::record::Record;

mod csv_rows;
mod json_rows;
mod parallel;
mod splitter;
#[cfg(test)]
mod test_support;

pub(crate) use csv_rows::CsvTable;
pub use csv_rows::{CsvRecords, read_csv};
pub use json_rows::{JsonLinesRecords, read_json_lines};
pub(crate) use json_rows::{JsonTable, json_error};
pub(crate) use parallel::{ChunkParser, EachChunk, Parallel, default_threads, scoped};

/// A file form: its columns, which of them a file must have, and what a
/// row of it reads into.
pub(crate) trait Form: 'static {
    /// The form's columns.
    type Column: ColumnSet;
    /// What one row reads into.
    type Item: Send + 'static;
    /// The columns a file of this form must have.
    const REQUIRED: &'static [Self::Column];
    /// Reads one row.
    fn parse(
        row: &impl RowText<Self::Column>,
        at: At,
        memos: &mut Memos,
    ) -> Result<Self::Item, ReadError>;
    /// Takes back an item its reader's user is done with, to lend its
    /// memory to the next (by default, drops it).
    fn give_back(item: Self::Item, memos: &mut Memos) {
        let _ = (item, memos);
    }
    /// Lends `item` to `each` in a slot, with the lines read once it was
    /// read: what `each` takes is its own; what it leaves there it is done
    /// with, and it is given back ([`Form::give_back`]). Inlined, so that
    /// the record is not copied into it.
    #[inline(always)]
    fn lend(
        item: Result<Self::Item, ReadError>,
        lines: u64,
        memos: &mut Memos,
        each: &mut impl FnMut(&mut Option<Result<Self::Item, ReadError>>, u64),
    ) {
        let mut slot = Some(item);
        each(&mut slot, lines);
        if let Some(Ok(done)) = slot {
            Self::give_back(done, memos);
        }
    }
}

/// The one-row form's columns but the optional ones.
const ONE_ROW_REQUIRED: &[Column] = {
    let all = Column::ALL;
    match all.split_last() {
        Some((Column::CollectedBy, rest)) => rest,
        _ => all,
    }
};

/// The one-row CRM dump: a record with its one consent per row.
pub(crate) struct OneRow;

impl Form for OneRow {
    type Column = Column;
    type Item = Record;
    const REQUIRED: &'static [Column] = ONE_ROW_REQUIRED;
    fn parse(row: &impl RowText<Column>, at: At, memos: &mut Memos) -> Result<Record, ReadError> {
        parse::record(row, at, memos)
    }
    fn give_back(record: Record, memos: &mut Memos) {
        memos.spare.keep(record);
    }
}

/// A row-level error with the row's subject, where its `subject_id` can be
/// read: a broken row still names its subject, so that the subject is not
/// exported from another row.
fn with_subject<T, C: ColumnSet>(
    item: Result<T, ReadError>,
    row: &impl RowText<C>,
) -> Result<T, ReadError> {
    item.map_err(|e| {
        let subject = row.text(C::SUBJECT_ID).ok().and_then(parse::subject_id);
        e.with_subject(subject)
    })
}

/// Marks a reader done at the end of input or after an error that is not
/// a row's, and passes the item on.
fn fuse<T>(done: &mut bool, item: Option<Result<T, ReadError>>) -> Option<Result<T, ReadError>> {
    *done = item
        .as_ref()
        .is_none_or(|r| r.as_ref().is_err_and(|e| !e.is_row_level()));
    item
}
