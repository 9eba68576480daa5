//! The JSON Lines reader: one object per line, with the CSV format's keys
//! and string encodings; a key given twice is an error.

use super::*;

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

    fn next_record(&mut self) -> Option<Result<F::Item, ReadError>> {
        if let Err(e) = self.read_line()? {
            return Some(Err(e));
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
            Err(e) => return Some(Err(json_error(&e, ended, at))),
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
