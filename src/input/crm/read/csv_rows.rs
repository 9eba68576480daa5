//! The CSV reader: a header row, then one row per record, framing checked
//! (line ends, truncation, byte-order mark, bare carriage returns).

use std::io;

use super::parallel::{CHUNK, EachChunk, ParallelItems, default_threads};
use super::splitter::{Chunk, Fields, SplitRecord, Splitter};
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

impl<R> CsvRecords<R> {
    /// Sets how many threads parse the input (the default: the cores
    /// available). With two or more, the calling thread frames the input
    /// into chunks of whole records (a quarter of a megabyte or so) and
    /// that many threads parse them, the calling thread among them; the
    /// items come in input order and are the same, errors and line numbers
    /// included, whatever the number.
    /// With one, the calling thread does it all and no thread is started;
    /// nor is one for an input of a single chunk.
    ///
    /// Several threads read ahead of the items given, a few chunks per
    /// thread: an input that trickles in gives its first record once a
    /// chunk has come, or the input has ended.
    ///
    /// Threads pay where the caller does work of its own with each record,
    /// which the parsing of the next chunks then overlaps. A caller that
    /// only keeps or drops the records gains little: a record made on
    /// one thread and freed on another costs the allocator most of what
    /// the parsing saved (`csv_reading_2_threads` in BENCHMARKS.md). To
    /// export a dump, [`Export::write_csv`] judges the records on the
    /// threads that parse them, and reuses their memory.
    ///
    /// [`Export::write_csv`]: crate::export::Export::write_csv
    ///
    /// ```
    /// use consent_gate::crm::read_csv;
    /// use consent_gate::synthetic::Synthetic;
    ///
    /// let mut dump = Vec::new();
    /// Synthetic::new(5_000, 7).write_csv(&mut dump)?;
    /// // Each row's subject, or its error as shown.
    /// let read = |threads| -> Vec<_> {
    ///     read_csv(dump.as_slice())
    ///         .threads(threads)
    ///         .map(|r| r.map(|record| record.subject()).map_err(|e| e.to_string()))
    ///         .collect()
    /// };
    /// assert_eq!(read(1).len(), 5_000);
    /// assert_eq!(read(1), read(4));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[must_use]
    pub fn threads(mut self, threads: usize) -> Self {
        self.0.threads = threads.max(1);
        self
    }
}

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
    /// How many threads parse, and the records framed for them so far.
    pub(crate) threads: usize,
    chunk: usize,
    framed: u64,
    parallel: Option<ParallelItems<CsvChunks<F>>>,
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
            threads: default_threads(),
            chunk: CHUNK,
            framed: 0,
            parallel: None,
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
        let header = self.reader.record(&header);
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

    /// The position of every column, from the header the first time;
    /// `None` for an empty input.
    fn columns(&mut self) -> Option<Result<[usize; MAX_COLUMNS], ReadError>> {
        match self.columns {
            Some(columns) => Some(Ok(columns)),
            None => self
                .header()
                .transpose()
                .map(|r| r.map(|columns| *self.columns.insert(columns))),
        }
    }

    /// Reads the next row into `slot`, over the item it holds (see
    /// [`Form::parse_over`]): its item or error, or `None` at the end.
    fn next_record(&mut self, slot: &mut Option<Result<F::Item, ReadError>>) {
        let columns = match self.columns() {
            Some(Ok(columns)) => columns,
            Some(Err(e)) => return F::put(slot, Some(Err(e)), &mut self.memos),
            None => return F::put(slot, None, &mut self.memos),
        };
        let record = self.record + 1;
        match self.reader.read_record(&mut self.row) {
            Ok(false) => return F::put(slot, None, &mut self.memos),
            Ok(true) => {}
            Err(e) => {
                self.record = record;
                return F::put(slot, Some(Err(ReadError::Io(e))), &mut self.memos);
            }
        }
        self.record = record;
        let line = self.row.line();
        let at = At { line, record };
        if let Some(e) = self.framing_error(at, &columns) {
            return F::put(slot, Some(Err(e)), &mut self.memos);
        }
        // The record's bytes without the `\r` of a CRLF line end.
        let split = self.reader.record(&self.row);
        let whole = split.as_slice();
        let body = whole.strip_suffix(b"\r").unwrap_or(whole);
        let row = CsvRow {
            row: split,
            body: body.len(),
            // One check of the whole record; per field only if it fails.
            text: std::str::from_utf8(body).ok(),
            columns: &columns,
            at,
        };
        F::parse_over(&row, at, &mut self.memos, slot);
        name_subject::<_, F::Column>(slot, &row);
    }

    /// What is wrong with the framing of the row just read, if anything.
    /// A broken row still names its subject where the column can be read,
    /// so that the subject is not exported from another row.
    fn framing_error(&self, at: At, columns: &[usize; MAX_COLUMNS]) -> Option<ReadError> {
        let At { line, record } = at;
        let split = self.reader.record(&self.row);
        let subject = || row_subject::<F::Column>(split, columns);
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
        let whole = split.as_slice();
        let body = whole.strip_suffix(b"\r").unwrap_or(whole);
        if !self.row.may_hold_carriage_return() {
            return None;
        }
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
        let item = match self.threads {
            0 | 1 => {
                let mut slot = None;
                self.next_record(&mut slot);
                slot
            }
            _ => self.next_parallel(),
        };
        fuse(&mut self.done, item)
    }

    /// Reads the next row on this thread into `slot`, over the item it
    /// holds, which the caller is done with; the lines read by then, or
    /// `None` after the end or an error that is not a row's.
    fn next_over(&mut self, slot: &mut Option<Result<F::Item, ReadError>>) -> Option<u64> {
        if self.done {
            return None;
        }
        self.next_record(slot);
        self.done = ends(slot);
        slot.as_ref().map(|_| self.reader.lines_read())
    }

    /// The next item, parsed on worker threads (see [`ParallelItems`]).
    fn next_parallel(&mut self) -> Option<Result<F::Item, ReadError>> {
        if self.parallel.is_none() {
            let columns = match self.columns()? {
                Ok(columns) => columns,
                Err(e) => return Some(Err(e)),
            };
            let parser = CsvChunks::new(columns, self.header_len);
            self.parallel = Some(ParallelItems::new(self.threads, parser));
        }
        let parallel = self.parallel.as_mut()?;
        let (item, lines) =
            parallel.next(framer(&mut self.reader, &mut self.framed, self.chunk))?;
        self.record += u64::from(lines.is_some());
        Some(item)
    }

    /// A parser for the file's chunks, once its header is read; `None`
    /// for an empty input.
    pub(crate) fn chunk_parser(&mut self) -> Option<Result<CsvChunks<F>, ReadError>> {
        Some(
            self.columns()?
                .map(|columns| CsvChunks::new(columns, self.header_len)),
        )
    }

    /// What frames the file's chunks (see [`Splitter::take_chunk`]), after
    /// [`CsvTable::chunk_parser`].
    pub(crate) fn framer(
        &mut self,
    ) -> impl FnMut(Vec<u8>) -> io::Result<Option<(Chunk, u64)>> + use<'_, R, F> {
        framer(&mut self.reader, &mut self.framed, self.chunk)
    }
}

/// Frames chunks of about `target` bytes from `reader`, each with the
/// number of records before it, counted in `framed`.
fn framer<'a, R: Read>(
    reader: &'a mut Splitter<R>,
    framed: &'a mut u64,
    target: usize,
) -> impl FnMut(Vec<u8>) -> io::Result<Option<(Chunk, u64)>> + 'a {
    move |bytes| {
        let chunk = reader.take_chunk(target, bytes)?;
        Ok(chunk.map(|chunk| {
            let first = *framed;
            *framed += chunk.records;
            (chunk, first)
        }))
    }
}

/// Parses chunks of a CSV file of form `F`, its header read: each as the
/// file's own reader would parse its records.
pub(crate) struct CsvChunks<F> {
    columns: [usize; MAX_COLUMNS],
    header_len: usize,
    memos: Memos,
    row: Fields,
    form: PhantomData<fn() -> F>,
}

impl<F: Form> CsvChunks<F> {
    fn new(columns: [usize; MAX_COLUMNS], header_len: usize) -> Self {
        Self {
            columns,
            header_len,
            memos: Memos::default(),
            row: Fields::default(),
            form: PhantomData,
        }
    }
}

impl<F: Form> EachChunk for CsvChunks<F> {
    /// The chunk, and how many records came before it.
    type Chunk = (Chunk, u64);
    type Item = F::Item;

    fn fork(&self) -> Self {
        Self::new(self.columns, self.header_len)
    }

    fn records_before((_, before): &(Chunk, u64)) -> u64 {
        *before
    }

    fn records_in((chunk, _): &(Chunk, u64)) -> usize {
        usize::try_from(chunk.records).unwrap_or(0)
    }

    fn for_each(
        &mut self,
        (chunk, before): (Chunk, u64),
        mut each: impl FnMut(&mut Option<Result<F::Item, ReadError>>, u64),
    ) -> Vec<u8> {
        let mut table = CsvTable::<io::Empty, F> {
            reader: chunk.splitter,
            row: std::mem::take(&mut self.row),
            columns: Some(self.columns),
            header_len: self.header_len,
            record: before,
            done: false,
            memos: std::mem::take(&mut self.memos),
            threads: 1,
            chunk: CHUNK,
            framed: 0,
            parallel: None,
            form: PhantomData,
        };
        let mut slot = None;
        while let Some(lines) = table.next_over(&mut slot) {
            each(&mut slot, lines);
        }
        F::put(&mut slot, None, &mut table.memos);
        self.row = table.row;
        self.memos = table.memos;
        table.reader.into_bytes()
    }
}

/// The `subject_id` of a CSV row, where the column holds one.
fn row_subject<C: ColumnSet>(row: SplitRecord<'_>, columns: &[usize; MAX_COLUMNS]) -> Option<u64> {
    let index = columns.get(C::SUBJECT_ID.index())?;
    let bytes = row.get(*index)?;
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    std::str::from_utf8(bytes).ok().and_then(parse::subject_id)
}

struct CsvRow<'a> {
    row: SplitRecord<'a>,
    /// How many bytes of the record are fields: all but a CRLF's `\r`.
    body: usize,
    /// The record's fields end to end, if they are UTF-8 as a whole.
    text: Option<&'a str>,
    columns: &'a [usize; MAX_COLUMNS],
    at: At,
}

impl CsvRow<'_> {
    /// Where a column's text is in the record: within its body (a CRLF's
    /// `\r` is not text).
    #[inline(always)]
    fn range<C: ColumnSet>(&self, column: C) -> Option<std::ops::Range<usize>> {
        let index = self.columns.get(column.index()).copied();
        index
            .and_then(|i| self.row.range(i))
            .map(|r| r.start.min(self.body)..r.end.min(self.body))
    }

    /// A column's text where the record is UTF-8 as a whole, or else
    /// where the column alone is: the rare path, with its error.
    #[cold]
    fn text_alone<C: ColumnSet>(&self, column: C) -> Result<&str, ReadError> {
        let bytes = self
            .range(column)
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

impl<C: ColumnSet> RowText<C> for CsvRow<'_> {
    /// Inlined where a column is read: the usual answer is a slice of the
    /// record's text, passed in registers.
    #[inline(always)]
    fn text(&self, column: C) -> Result<&str, ReadError> {
        match self
            .text
            .zip(self.range(column))
            .and_then(|(t, r)| t.get(r))
        {
            Some(text) => Ok(text),
            None => self.text_alone(column),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{damage_reads_the_same, seen};
    use super::*;

    const HEADER: &[u8] =
        b"subject_id,parent_name,address_line1,address_line2,town,postcode,email,phone,\
        mother_birth_date,children_under_five,child_birth_dates,due_date,purposes,categories,\
        notice_version,recipients,consent_given_at,consent_expires_at,consent_withdrawn_at,\
        collection,existing_customer,opt_out_offered,parental_consent,collected_by\n";

    /// Rows of the synthetic dump's shapes: plain, quoted with a quote and
    /// a comma, quoted across two lines, collected by a third party.
    const ROWS: [&str; 4] = [
        "{id},Si\u{e2}n Davies,81 Church Lane,Flat 5,Swindon,LS7 0YI,a{id}@example.org,07700 992922,\
         1984-03-16,true,2016-11-29;2010-09-07,,broad,,1,,2013-12-22T03:03:35Z,,,direct,false,false,false,\n",
        "{id},Emily Khan,25 Mill Close,\"=HYPERLINK(\"\"http://example.invalid\"\")\",Bristol,BS13 5XS,\
         e{id}@example.org,07700 964528,1975-08-22,false,2011-09-26,,service_delivery;marketing_email,\
         children_present;child_birth_date,2,Acme Baby Products Ltd,2017-01-03T13:27:02Z,,,direct,true,true,false,\n",
        "{id},Zo\u{eb} Khan,\"26 Park\nAvenue, North\",,Derby,DE8 3HF,z{id}@example.org,07700 924709,1989-10-10,\
         false,,,service_delivery;marketing_post,,2,,2014-11-14T15:13:17Z,2016-11-14T00:00:00Z,,direct,false,false,false,\n",
        "{id},Zo\u{eb} Jones,26 Park Avenue,,Derby,DE8 3HF,,07700 924709,1989-10-10,false,,,\
         service_delivery;marketing_post;third_party_marketing,,2,Acme Baby Products Ltd;Bright Nursery Supplies,\
         2014-11-14T15:13:17Z,,,third_party,false,false,false,Bright Nursery Supplies\n",
    ];

    fn read(input: &[u8], threads: usize, chunk: usize) -> Vec<String> {
        let mut table = CsvTable::<_, OneRow>::new(input);
        (table.threads, table.chunk) = (threads, chunk);
        std::iter::from_fn(|| table.next()).map(seen).collect()
    }

    /// Small chunks, so that chunks end everywhere: damage (a quote, a
    /// line end, a carriage return, a comma, a byte that is not UTF-8)
    /// reads the same on one thread and on several.
    #[test]
    fn small_chunks_on_many_threads_read_as_one_thread() {
        let mut clean = Vec::from(HEADER);
        for i in 0..300 {
            let row = ROWS[i % ROWS.len()].replace("{id}", &(100_000 + i).to_string());
            clean.extend_from_slice(row.as_bytes());
        }
        let one = read(&clean, 1, CHUNK);
        assert_eq!(one.len(), 300);
        assert!(
            one.iter().all(|item| item.starts_with("Record {")),
            "{:?}",
            one.first()
        );
        damage_reads_the_same(&clean, &[b'"', b'\n', b'\r', b',', 0xFF], 40, read);
    }
}
