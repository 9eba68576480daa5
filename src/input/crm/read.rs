//! The readers: iterators of rows of one file form (the one-row CRM
//! dump, or the two files of the consent-ledger form) from CSV and from
//! JSON Lines. The framing (header, line ends, truncation, byte-order mark,
//! carriage returns, JSON objects) is the same for every form; what a row
//! means is the form's ([`Form`]).

use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, Read};
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, Visitor};

use super::column::{Column, ColumnSet, MAX_COLUMNS};
use super::error::{FieldProblem, ReadError};
use super::memo::Memos;
use super::parse::{self, At, RowText};
use crate::record::Record;
use crate::swar;

/// A file form: its columns, which of them a file must have, and what a
/// row of it reads into.
pub(crate) trait Form {
    /// The form's columns.
    type Column: ColumnSet;
    /// What one row reads into.
    type Item;
    /// The columns a file of this form must have.
    const REQUIRED: &'static [Self::Column];
    /// Reads one row.
    fn parse(
        row: &impl RowText<Self::Column>,
        at: At,
        memos: &mut Memos,
    ) -> Result<Self::Item, ReadError>;
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
}

/// Reads records from CSV with a header row. See the [module
/// docs](crate::crm) for the format.
///
/// The iterator yields one item per data row, in order: the record or the
/// error that names the row's line, record number and field. After an
/// error that is not [row-level](ReadError::is_row_level) it ends.
pub fn read_csv<R: Read>(input: R) -> CsvRecords<R> {
    CsvRecords(CsvTable::new(input))
}

/// The iterator of [`read_csv`].
///
/// Its `Debug` shows where it is (the record count), never the text of a
/// row: the last row read stays in its buffer.
pub struct CsvRecords<R>(CsvTable<R, OneRow>);

impl<R: Read> Iterator for CsvRecords<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

impl<R> fmt::Debug for CsvRecords<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsvRecords")
            .field("records_read", &self.0.record)
            .field("done", &self.0.done)
            .finish_non_exhaustive()
    }
}

/// A CSV file of form `F`, row by row.
pub(crate) struct CsvTable<R, F: Form> {
    reader: csv::Reader<Tail<R>>,
    row: csv::ByteRecord,
    columns: Option<[usize; MAX_COLUMNS]>,
    header_len: usize,
    record: u64,
    done: bool,
    memos: Memos,
    form: PhantomData<fn() -> F>,
}

impl<R: Read, F: Form> CsvTable<R, F> {
    pub(crate) fn new(input: R) -> Self {
        // Records end at `\n` alone, so that a bare `\r` cannot split one
        // record in two; the `\r` of a CRLF line end is taken off below.
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(Tail {
                inner: input,
                last: None,
                ended: false,
            });
        Self {
            reader,
            row: csv::ByteRecord::new(),
            columns: None,
            header_len: 0,
            record: 0,
            done: false,
            memos: Memos::default(),
            form: PhantomData,
        }
    }

    /// The position of every column, or `None` for an empty input.
    fn header(&mut self) -> Result<Option<[usize; MAX_COLUMNS]>, ReadError> {
        let mut header = csv::ByteRecord::new();
        let found = self
            .reader
            .read_byte_record(&mut header)
            .map_err(|e| csv_error(e, 1, 0))?;
        if !found {
            return Ok(None);
        }
        self.header_len = header.len();
        let mut columns = [usize::MAX; MAX_COLUMNS];
        for (i, name) in header.iter().enumerate() {
            let name = name.strip_suffix(b"\r").unwrap_or(name);
            let Some(known) = std::str::from_utf8(name)
                .ok()
                .and_then(F::Column::from_name)
            else {
                continue;
            };
            if let Some(slot) = columns.get_mut(known.index()) {
                if *slot != usize::MAX {
                    return Err(ReadError::DuplicateColumn {
                        line: 1,
                        column: known.name(),
                    });
                }
                *slot = i;
            }
        }
        match F::REQUIRED
            .iter()
            .find(|c| columns.get(c.index()).is_none_or(|i| *i == usize::MAX))
        {
            Some(column) => Err(ReadError::MissingColumn {
                line: 1,
                column: column.name(),
            }),
            None => Ok(Some(columns)),
        }
    }

    fn next_record(&mut self) -> Option<Result<F::Item, ReadError>> {
        let columns = match self.columns {
            Some(columns) => columns,
            None => match self.header() {
                Ok(Some(columns)) => *self.columns.insert(columns),
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            },
        };
        let record = self.record + 1;
        match self.reader.read_byte_record(&mut self.row) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => {
                self.record = record;
                return Some(Err(csv_error(e, 0, record)));
            }
        }
        self.record = record;
        let line = self.row.position().map_or(0, csv::Position::line);
        let at = At { line, record };
        // A record the end of input closed, not a line end: the dump was
        // cut, perhaps at a field boundary, and what is missing may be a
        // withdrawal.
        let tail = self.reader.get_ref();
        // A broken row still names its subject where the column can be
        // read, so that the subject is not exported from another row.
        let subject = || row_subject::<F::Column>(&self.row, &columns);
        if tail.ended && tail.last != Some(b'\n') {
            return Some(Err(ReadError::Truncated {
                line,
                record,
                subject: subject(),
            }));
        }
        if self.row.len() != self.header_len {
            return Some(Err(ReadError::Ragged {
                line,
                record,
                subject: subject(),
                expected: self.header_len as u64,
                found: self.row.len() as u64,
            }));
        }
        // The record's bytes without the `\r` of a CRLF line end; any other
        // carriage return is one a line end was mistaken for.
        let whole = self.row.as_slice();
        let body = whole.strip_suffix(b"\r").unwrap_or(whole);
        if swar::find(body, b'\r').is_some() {
            return Some(Err(ReadError::BareCarriageReturn {
                line,
                record,
                subject: subject(),
            }));
        }
        let row = CsvRow {
            row: &self.row,
            body: body.len(),
            // One check of the whole record; per field only if it fails.
            text: std::str::from_utf8(body).ok(),
            columns: &columns,
            at,
        };
        Some(with_subject::<_, F::Column>(
            F::parse(&row, at, &mut self.memos),
            &row,
        ))
    }

    /// The next row's item or error; after an error that is not a row's,
    /// nothing more.
    pub(crate) fn next(&mut self) -> Option<Result<F::Item, ReadError>> {
        if self.done {
            return None;
        }
        let item = self.next_record();
        fuse(&mut self.done, item)
    }
}

/// The input, watched: whether it has ended and its last byte, so that a
/// record closed by the end of input rather than a line end is known.
struct Tail<R> {
    inner: R,
    last: Option<u8>,
    ended: bool,
}

impl<R: Read> Read for Tail<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match buf.get(..n).and_then(<[u8]>::last) {
            Some(&b) => self.last = Some(b),
            None => self.ended = true,
        }
        Ok(n)
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

fn csv_error(e: csv::Error, line: u64, record: u64) -> ReadError {
    let line = e.position().map_or(line, csv::Position::line);
    match e.into_kind() {
        csv::ErrorKind::Io(io) => ReadError::Io(io),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => ReadError::Ragged {
            line,
            record,
            subject: None,
            expected: expected_len,
            found: len,
        },
        // The reader is flexible and works on bytes, so no other kind
        // arises; should one, it is reported as unreadable input, without
        // the error's own text, which could quote the row.
        _ => ReadError::Io(std::io::Error::other("the CSV reader failed")),
    }
}

/// The `subject_id` of a CSV row, where the column holds one.
fn row_subject<C: ColumnSet>(row: &csv::ByteRecord, columns: &[usize; MAX_COLUMNS]) -> Option<u64> {
    let index = columns.get(C::SUBJECT_ID.index())?;
    let bytes = row.get(*index)?;
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    std::str::from_utf8(bytes).ok().and_then(parse::subject_id)
}

struct CsvRow<'a> {
    row: &'a csv::ByteRecord,
    /// How many bytes of the record are fields: all but a CRLF's `\r`.
    body: usize,
    /// The record's fields end to end, if they are UTF-8 as a whole.
    text: Option<&'a str>,
    columns: &'a [usize; MAX_COLUMNS],
    at: At,
}

impl<C: ColumnSet> RowText<C> for CsvRow<'_> {
    fn text(&self, column: C) -> Result<&str, ReadError> {
        let index = self.columns.get(column.index()).copied();
        let range = index
            .and_then(|i| self.row.range(i))
            .map(|r| r.start.min(self.body)..r.end.min(self.body));
        if let Some(text) = self.text.zip(range.clone()).and_then(|(t, r)| t.get(r)) {
            return Ok(text);
        }
        let bytes = range
            .and_then(|r| self.row.as_slice().get(r))
            .unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|_| ReadError::NotUtf8 {
            line: self.at.line,
            record: self.at.record,
            field: column.name(),
            subject: None,
        })
    }
}

/// Reads records from JSON Lines: one object per line, with the keys and
/// string encodings of the CSV format. Blank lines are skipped.
///
/// Yields as [`read_csv`] does; a last line cut off mid-object is
/// [`ReadError::Truncated`].
pub fn read_json_lines<R: BufRead>(input: R) -> JsonLinesRecords<R> {
    JsonLinesRecords(JsonTable::new(input))
}

/// The iterator of [`read_json_lines`].
///
/// Its `Debug` shows where it is (line and record counts), never the text
/// of a line: the last line read stays in its buffer.
pub struct JsonLinesRecords<R>(JsonTable<R, OneRow>);

impl<R: BufRead> Iterator for JsonLinesRecords<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

impl<R> fmt::Debug for JsonLinesRecords<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLinesRecords")
            .field("lines_read", &self.0.line)
            .field("records_read", &self.0.record)
            .field("done", &self.0.done)
            .finish_non_exhaustive()
    }
}

/// A JSON Lines file of form `F`, line by line.
pub(crate) struct JsonTable<R, F: Form> {
    input: R,
    buf: Vec<u8>,
    line: u64,
    record: u64,
    done: bool,
    memos: Memos,
    form: PhantomData<fn() -> F>,
}

impl<R: BufRead, F: Form> JsonTable<R, F> {
    pub(crate) fn new(input: R) -> Self {
        Self {
            input,
            buf: Vec::new(),
            line: 0,
            record: 0,
            done: false,
            memos: Memos::default(),
            form: PhantomData,
        }
    }

    /// The next line's item or error; after an error that is not a row's,
    /// nothing more.
    pub(crate) fn next(&mut self) -> Option<Result<F::Item, ReadError>> {
        if self.done {
            return None;
        }
        let item = self.next_record();
        fuse(&mut self.done, item)
    }

    fn next_record(&mut self) -> Option<Result<F::Item, ReadError>> {
        loop {
            self.buf.clear();
            match self.input.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(ReadError::Io(e))),
            }
            self.line += 1;
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        self.record += 1;
        let at = At {
            line: self.line,
            record: self.record,
        };
        let ended = self.buf.last() == Some(&b'\n');
        // A byte-order mark opens the input as in CSV: skipped, once.
        let bytes = match self.buf.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) if self.line == 1 => rest,
            _ => &self.buf,
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Some(Err(ReadError::NotUtf8 {
                line: at.line,
                record: at.record,
                field: "line",
                subject: None,
            }));
        };
        let row = match serde_json::from_str::<JsonRow<'_, F::Column>>(text) {
            Ok(row) => row,
            Err(e) if e.is_eof() && !ended => {
                return Some(Err(ReadError::Truncated {
                    line: at.line,
                    record: at.record,
                    subject: None,
                }));
            }
            // The message of a serde_json error can quote the input: only
            // the position is kept.
            Err(e) => {
                return Some(Err(ReadError::Json {
                    line: at.line,
                    record: at.record,
                    subject: None,
                    column: e.column() as u64,
                }));
            }
        };
        let row = JsonRowAt { row, at };
        if let Some(column) = row.row.repeated {
            // A key given twice: which value the reader would use is
            // anybody's guess, as with a CSV column named twice.
            return Some(with_subject(
                Err(ReadError::DuplicateKey {
                    line: at.line,
                    record: at.record,
                    subject: None,
                    field: column.name(),
                }),
                &row,
            ));
        }
        Some(with_subject::<_, F::Column>(
            F::parse(&row, at, &mut self.memos),
            &row,
        ))
    }
}

/// One JSON object's string values, by column; other keys are ignored.
struct JsonRow<'a, C> {
    slots: [Option<Cow<'a, str>>; MAX_COLUMNS],
    /// The first column whose key came twice.
    repeated: Option<C>,
}

impl<'de, C: ColumnSet> Deserialize<'de> for JsonRow<'de, C> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RowVisitor<C>(PhantomData<C>);
        impl<'de, C: ColumnSet> Visitor<'de> for RowVisitor<C> {
            type Value = JsonRow<'de, C>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut slots: [Option<Cow<'de, str>>; MAX_COLUMNS] = Default::default();
                let mut repeated = None;
                // Keys as `BorrowedText`: serde's `Cow<str>` always
                // copies, which was an allocation per key per line.
                while let Some(BorrowedText(key)) = map.next_key()? {
                    let column = C::from_name(&key);
                    match column.and_then(|c| slots.get_mut(c.index())) {
                        Some(slot) => {
                            if slot.is_some() {
                                repeated = repeated.or(column);
                            }
                            *slot = Some(map.next_value::<BorrowedText<'de>>()?.0);
                        }
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(JsonRow { slots, repeated })
            }
        }
        deserializer.deserialize_map(RowVisitor(PhantomData))
    }
}

/// A JSON string, borrowed where it has no escapes.
struct BorrowedText<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for BorrowedText<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = BorrowedText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(BorrowedText(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(BorrowedText(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

struct JsonRowAt<'a, C> {
    row: JsonRow<'a, C>,
    at: At,
}

impl<C: ColumnSet> RowText<C> for JsonRowAt<'_, C> {
    fn text(&self, column: C) -> Result<&str, ReadError> {
        match self.row.slots.get(column.index()) {
            Some(Some(text)) => Ok(text),
            _ => Err(self.at.field(column, FieldProblem::Missing)),
        }
    }
}
