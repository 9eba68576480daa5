//! The CSV reader: a header row, then one row per record, framing checked
//! (line ends, truncation, byte-order mark, bare carriage returns).

use super::splitter::{Fields, Splitter};
use super::*;

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
    reader: Splitter<R>,
    row: Fields,
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
        Self {
            reader: Splitter::new(input),
            row: Fields::default(),
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
        let mut header = Fields::default();
        let found = self
            .reader
            .read_record(&mut header)
            .map_err(ReadError::Io)?;
        if !found {
            return Ok(None);
        }
        self.header_len = header.len();
        let mut columns = [usize::MAX; MAX_COLUMNS];
        for (i, name) in (0..header.len()).filter_map(|i| header.get(i).map(|n| (i, n))) {
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
        match self.reader.read_record(&mut self.row) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => {
                self.record = record;
                return Some(Err(ReadError::Io(e)));
            }
        }
        self.record = record;
        let line = self.row.line();
        let at = At { line, record };
        if let Some(e) = self.framing_error(at, &columns) {
            return Some(Err(e));
        }
        // The record's bytes without the `\r` of a CRLF line end.
        let whole = self.row.as_slice();
        let body = whole.strip_suffix(b"\r").unwrap_or(whole);
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

    /// What is wrong with the framing of the row just read, if anything.
    /// A broken row still names its subject where the column can be read,
    /// so that the subject is not exported from another row.
    fn framing_error(&self, at: At, columns: &[usize; MAX_COLUMNS]) -> Option<ReadError> {
        let At { line, record } = at;
        let subject = || row_subject::<F::Column>(&self.row, columns);
        // A record the end of input closed, not a line end: the dump was
        // cut, perhaps at a field boundary, and what is missing may be a
        // withdrawal.
        if self.reader.ended_without_line_end() {
            return Some(ReadError::Truncated {
                line,
                record,
                subject: subject(),
            });
        }
        if self.row.len() != self.header_len {
            return Some(ReadError::Ragged {
                line,
                record,
                subject: subject(),
                expected: self.header_len as u64,
                found: self.row.len() as u64,
            });
        }
        // Without the `\r` of a CRLF line end, any carriage return is one a
        // line end was mistaken for.
        let whole = self.row.as_slice();
        let body = whole.strip_suffix(b"\r").unwrap_or(whole);
        memchr::memchr(b'\r', body).map(|_| ReadError::BareCarriageReturn {
            line,
            record,
            subject: subject(),
        })
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

/// The `subject_id` of a CSV row, where the column holds one.
fn row_subject<C: ColumnSet>(row: &Fields, columns: &[usize; MAX_COLUMNS]) -> Option<u64> {
    let index = columns.get(C::SUBJECT_ID.index())?;
    let bytes = row.get(*index)?;
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    std::str::from_utf8(bytes).ok().and_then(parse::subject_id)
}

struct CsvRow<'a> {
    row: &'a Fields,
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
