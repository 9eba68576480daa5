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
    /// Reads one row into `slot`, over the item it holds, which its
    /// reader's user is done with (by default, that item is given back
    /// and the row read as [`Form::parse`] reads it).
    fn parse_over(
        row: &impl RowText<Self::Column>,
        at: At,
        memos: &mut Memos,
        slot: &mut Option<Result<Self::Item, ReadError>>,
    ) {
        let parsed = Self::parse(row, at, memos);
        Self::put(slot, Some(parsed), memos);
    }
    /// Puts `item` in `slot`, giving back the item the slot held.
    fn put(
        slot: &mut Option<Result<Self::Item, ReadError>>,
        item: Option<Result<Self::Item, ReadError>>,
        memos: &mut Memos,
    ) {
        if let Some(Ok(done)) = std::mem::replace(slot, item) {
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
    /// The row's values written over the record the slot holds, in its
    /// memory: no record is made or moved per row.
    fn parse_over(
        row: &impl RowText<Column>,
        at: At,
        memos: &mut Memos,
        slot: &mut Option<Result<Record, ReadError>>,
    ) {
        match slot {
            Some(Ok(record)) => {
                if let Err(e) = parse::record_over(row, at, memos, record) {
                    Self::put(slot, Some(Err(e)), memos);
                }
            }
            _ => *slot = Some(parse::record(row, at, memos)),
        }
    }
}

/// Names the row's subject in a row-level error in `slot`, where its
/// `subject_id` can be read: a broken row still names its subject, so that
/// the subject is not exported from another row.
fn name_subject<T, C: ColumnSet>(slot: &mut Option<Result<T, ReadError>>, row: &impl RowText<C>) {
    if let Some(Err(e)) = slot {
        e.set_subject(row.text(C::SUBJECT_ID).ok().and_then(parse::subject_id));
    }
}

/// Marks a reader done at the end of input or after an error that is not
/// a row's, and passes the item on.
fn fuse<T>(done: &mut bool, item: Option<Result<T, ReadError>>) -> Option<Result<T, ReadError>> {
    *done = ends(&item);
    item
}

/// Whether a reader is done after `item`: the end of input, or an error
/// that is not a row's.
fn ends<T>(item: &Option<Result<T, ReadError>>) -> bool {
    item.as_ref()
        .is_none_or(|r| r.as_ref().is_err_and(|e| !e.is_row_level()))
}
