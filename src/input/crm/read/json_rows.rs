//! The JSON Lines reader: one object per line, with the CSV format's keys
//! and string encodings; a key given twice is an error.

use super::parallel::{CHUNK, EachChunk, ParallelItems, default_threads};
use super::*;

mod flat;

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

impl<R> JsonLinesRecords<R> {
    /// Sets how many threads parse the input (the default: the cores
    /// available), as [`CsvRecords::threads`](crate::crm::CsvRecords::threads)
    /// does for CSV: the calling thread frames the input into chunks of
    /// whole lines, that many threads (the calling thread among them)
    /// parse them, and the items come in input order, the same whatever
    /// the number. One starts no thread.
    ///
    /// ```
    /// use consent_gate::crm::read_json_lines;
    /// use consent_gate::synthetic::Synthetic;
    ///
    /// let mut dump = Vec::new();
    /// Synthetic::new(5_000, 7).write_json_lines(&mut dump)?;
    /// // Each row's subject, or its error as shown.
    /// let read = |threads| -> Vec<_> {
    ///     read_json_lines(dump.as_slice())
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
    /// How many threads parse, the bytes a chunk holds, and the lines and
    /// records framed for them so far.
    pub(crate) threads: usize,
    chunk: usize,
    framed: (u64, u64),
    parallel: Option<ParallelItems<JsonChunks<F>>>,
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
            threads: default_threads(),
            chunk: CHUNK,
            framed: (0, 0),
            parallel: None,
            form: PhantomData,
        }
    }

    /// The next line's item or error; after an error that is not a row's,
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

    /// Reads the next record on this thread into `slot`, over the item it
    /// holds, which the caller is done with; the lines read by then, or
    /// `None` after the end or an error that is not a row's.
    fn next_over(&mut self, slot: &mut Option<Result<F::Item, ReadError>>) -> Option<u64> {
        if self.done {
            return None;
        }
        self.next_record(slot);
        self.done = ends(slot);
        slot.as_ref().map(|_| self.line)
    }

    /// The next item, parsed on worker threads (see [`ParallelItems`]).
    fn next_parallel(&mut self) -> Option<Result<F::Item, ReadError>> {
        let threads = self.threads;
        let parallel = self
            .parallel
            .get_or_insert_with(|| ParallelItems::new(threads, JsonChunks::default()));
        let (item, lines) = parallel.next(framer(&mut self.input, &mut self.framed, self.chunk))?;
        if let Some(lines) = lines {
            self.record += 1;
            self.line = lines;
        }
        Some(item)
    }

    /// A parser for the file's chunks.
    pub(crate) fn chunk_parser(&self) -> JsonChunks<F> {
        JsonChunks::default()
    }

    /// What frames the file's chunks: whole lines, at least the chunk's
    /// size of them where the input has that many, each chunk with the
    /// lines and records before it.
    pub(crate) fn framer(
        &mut self,
    ) -> impl FnMut(Vec<u8>) -> io::Result<Option<JsonChunk>> + use<'_, R, F> {
        framer(&mut self.input, &mut self.framed, self.chunk)
    }

    /// Reads the next line that is not blank into the buffer: `None` at
    /// the end of the input.
    fn read_line(&mut self) -> Option<Result<(), ReadError>> {
        loop {
            self.buf.clear();
            match self.input.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(ReadError::Io(e))),
            }
            self.line += 1;
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                return Some(Ok(()));
            }
        }
    }

    /// Reads the next record into `slot`, over the item it holds (see
    /// [`Form::parse_over`]): its item or error, or `None` at the end.
    fn next_record(&mut self, slot: &mut Option<Result<F::Item, ReadError>>) {
        match self.read_line() {
            Some(Ok(())) => {}
            Some(Err(e)) => return F::put(slot, Some(Err(e)), &mut self.memos),
            None => return F::put(slot, None, &mut self.memos),
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
            let e = ReadError::NotUtf8 {
                line: at.line,
                record: at.record,
                field: "line",
                subject: None,
            };
            return F::put(slot, Some(Err(e)), &mut self.memos);
        };
        let parsed =
            flat::flat_row::<F::Column>(text).map_or_else(|| serde_json::from_str(text), Ok);
        let row = match parsed {
            Ok(row) => row,
            Err(e) => return F::put(slot, Some(Err(json_error(&e, ended, at))), &mut self.memos),
        };
        let row = JsonRowAt { row, at };
        match row.row.repeated {
            // A key given twice: which value the reader would use is
            // anybody's guess, as with a CSV column named twice.
            Some(column) => {
                let e = ReadError::DuplicateKey {
                    line: at.line,
                    record: at.record,
                    subject: None,
                    field: column.name(),
                };
                F::put(slot, Some(Err(e)), &mut self.memos);
            }
            None => F::parse_over(&row, at, &mut self.memos, slot),
        }
        name_subject::<_, F::Column>(slot, &row);
    }
}

/// Frames chunks of whole lines of about `target` bytes from `input`, each
/// with the lines and records before it, counted in `framed`.
fn framer<'a, R: BufRead>(
    input: &'a mut R,
    framed: &'a mut (u64, u64),
    target: usize,
) -> impl FnMut(Vec<u8>) -> io::Result<Option<JsonChunk>> + 'a {
    move |mut bytes: Vec<u8>| {
        bytes.clear();
        while bytes.len() < target || bytes.last().is_some_and(|b| *b != b'\n') {
            let available = input.fill_buf()?;
            if available.is_empty() {
                break;
            }
            let take = match target.checked_sub(bytes.len()) {
                Some(wanted) if wanted > 0 => wanted.min(available.len()),
                // Enough: up to the end of the line.
                _ => memchr::memchr(b'\n', available).map_or(available.len(), |i| i + 1),
            };
            bytes.extend_from_slice(available.get(..take).unwrap_or_default());
            input.consume(take);
        }
        if bytes.is_empty() {
            return Ok(None);
        }
        let (lines, records) = lines_and_records(&bytes);
        let chunk = JsonChunk {
            bytes,
            lines: framed.0,
            records: framed.1,
            count: records,
        };
        framed.0 += lines;
        framed.1 += records;
        Ok(Some(chunk))
    }
}

/// The lines of `bytes` (a last one without a line end counts) and the
/// records among them (the lines not blank), as the reader counts them.
fn lines_and_records(bytes: &[u8]) -> (u64, u64) {
    let (mut lines, mut records, mut start) = (0, 0, 0);
    for end in memchr::memchr_iter(b'\n', bytes)
        .chain((bytes.last() != Some(&b'\n')).then_some(bytes.len()))
    {
        lines += 1;
        let line = bytes.get(start..end).unwrap_or_default();
        records += u64::from(!line.iter().all(u8::is_ascii_whitespace));
        start = end + 1;
    }
    (lines, records)
}

/// Whole lines of a JSON Lines file, with the lines and records before
/// them.
pub(crate) struct JsonChunk {
    bytes: Vec<u8>,
    lines: u64,
    records: u64,
    /// The records it holds.
    count: u64,
}

/// Parses chunks of a JSON Lines file of form `F`: each as the file's own
/// reader would parse its lines.
pub(crate) struct JsonChunks<F> {
    memos: Memos,
    buf: Vec<u8>,
    form: PhantomData<fn() -> F>,
}

impl<F> Default for JsonChunks<F> {
    fn default() -> Self {
        Self {
            memos: Memos::default(),
            buf: Vec::new(),
            form: PhantomData,
        }
    }
}

impl<F: Form> EachChunk for JsonChunks<F> {
    type Chunk = JsonChunk;
    type Item = F::Item;

    fn fork(&self) -> Self {
        Self::default()
    }

    fn records_before(chunk: &JsonChunk) -> u64 {
        chunk.records
    }

    fn records_in(chunk: &JsonChunk) -> usize {
        usize::try_from(chunk.count).unwrap_or(0)
    }

    fn for_each(
        &mut self,
        chunk: JsonChunk,
        mut each: impl FnMut(&mut Option<Result<F::Item, ReadError>>, u64),
    ) -> Vec<u8> {
        let mut table = JsonTable::<&[u8], F> {
            input: &chunk.bytes,
            buf: std::mem::take(&mut self.buf),
            line: chunk.lines,
            record: chunk.records,
            done: false,
            memos: std::mem::take(&mut self.memos),
            threads: 1,
            chunk: CHUNK,
            framed: (0, 0),
            parallel: None,
            form: PhantomData,
        };
        let mut slot = None;
        while let Some(lines) = table.next_over(&mut slot) {
            each(&mut slot, lines);
        }
        F::put(&mut slot, None, &mut table.memos);
        self.buf = table.buf;
        self.memos = table.memos;
        chunk.bytes
    }
}

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
    /// Inlined where a column is read, as the CSV row's is.
    #[inline(always)]
    fn text(&self, column: C) -> Result<&str, ReadError> {
        match self.row.slots.get(column.index()) {
            Some(Some(text)) => Ok(text),
            _ => Err(self.at.field(column, FieldProblem::Missing)),
        }
    }
}

/// A line that is not a row: cut short at the end of input (the dump was
/// truncated), or not JSON. The message of a serde_json error can quote
/// the input: only the position is kept.
pub(crate) fn json_error(e: &serde_json::Error, ended: bool, at: At) -> ReadError {
    if e.is_eof() && !ended {
        ReadError::Truncated {
            line: at.line,
            record: at.record,
            subject: None,
        }
    } else {
        ReadError::Json {
            line: at.line,
            record: at.record,
            subject: None,
            column: e.column() as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{damage_reads_the_same, seen};
    use super::*;

    const LINE: &str = r#"{"subject_id":"{id}","parent_name":"Jane Doe","address_line1":"1 High St","address_line2":"","town":"Derby","postcode":"DE1 1AA","email":"j{id}@example.org","phone":"","mother_birth_date":"1985-01-02","children_under_five":"false","child_birth_dates":"","due_date":"","purposes":"marketing_post","categories":"","notice_version":"2","recipients":"","consent_given_at":"2016-01-01T00:00:00Z","consent_expires_at":"","consent_withdrawn_at":"","collection":"direct","existing_customer":"false","opt_out_offered":"false","parental_consent":"false"}"#;

    fn read(input: &[u8], threads: usize, chunk: usize) -> Vec<String> {
        let mut table = JsonTable::<_, OneRow>::new(input);
        (table.threads, table.chunk) = (threads, chunk);
        std::iter::from_fn(|| table.next()).map(seen).collect()
    }

    /// Small chunks, so that chunks end everywhere, on lines, blank lines
    /// and damage: the same items, lines and records as one thread.
    #[test]
    fn small_chunks_on_many_threads_read_as_one_thread() {
        let mut clean = Vec::from(&b"\xEF\xBB\xBF"[..]);
        for i in 0..200 {
            clean.extend_from_slice(LINE.replace("{id}", &(100_000 + i).to_string()).as_bytes());
            clean.extend_from_slice(if i % 7 == 0 { b"\n \n\n" } else { b"\n" });
        }
        let one = read(&clean, 1, CHUNK);
        assert_eq!(one.len(), 200);
        assert!(
            one.iter().all(|item| item.starts_with("Record {")),
            "{:?}",
            one.first()
        );
        damage_reads_the_same(&clean, &[b'"', b'\n', b'\r', b',', 0xFF, b' '], 30, read);
        let cut = &clean[..clean.len() - 40];
        assert_eq!(read(cut, 2, 1), read(cut, 1, CHUNK));
    }
}
