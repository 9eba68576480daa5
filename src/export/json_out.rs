//! JSON Lines output: one object per record, withheld keys absent, written
//! straight into a reused buffer.

use std::io::{self, Write};

use super::encode::Encode;
use super::hashing::HashingWriter;
use super::sink::{SUBJECT_ID, Sink};
use crate::record::SubjectId;
use crate::value::FieldValue;

/// How many committed bytes are gathered before they are written out.
const CHUNK: usize = 1 << 16;

pub(crate) struct JsonSink<W: Write> {
    out: HashingWriter<W>,
    /// Committed lines, then the line being written.
    buf: Vec<u8>,
    committed: usize,
    /// Committed bytes that make a write: [`CHUNK`], or never for a sink
    /// that keeps its rows ([`Sink::rows`]).
    write_at: usize,
}

impl<W: Write> JsonSink<W> {
    /// A sink writing to `out`, hashing on a thread of its own where
    /// `hash_thread`.
    pub(crate) fn new(out: W, hash_thread: bool) -> Self {
        Self {
            out: HashingWriter::with_thread(out, hash_thread),
            buf: Vec::with_capacity(CHUNK + 4096),
            committed: 0,
            write_at: CHUNK,
        }
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn header(&mut self, _: &[(&'static str, &'static [&'static str])]) -> io::Result<()> {
        Ok(())
    }

    fn begin(&mut self, subject: SubjectId) {
        self.buf.truncate(self.committed);
        self.buf.extend_from_slice(b"{\"");
        self.buf.extend_from_slice(SUBJECT_ID.as_bytes());
        self.buf.extend_from_slice(b"\":");
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(subject.0).as_bytes());
    }

    fn value<V: FieldValue>(&mut self, name: &'static str, value: &V) -> io::Result<()> {
        self.buf.extend_from_slice(b",\"");
        // Field names are plain identifiers (checked where a broker's
        // field is declared): nothing to escape.
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"\":");
        value.write_json(&mut self.buf)
    }

    fn absent<V: FieldValue>(&mut self, _: &'static str) {}

    fn commit(&mut self) -> io::Result<()> {
        self.buf.extend_from_slice(b"}\n");
        self.committed = self.buf.len();
        self.write_out()
    }

    fn finish(mut self) -> io::Result<(u64, String)> {
        self.out
            .write_all(self.buf.get(..self.committed).unwrap_or_default())?;
        let (mut inner, sha) = self.out.finish()?;
        inner.flush()?;
        Ok((0, sha))
    }

    type Rows = JsonSink<io::Sink>;

    fn rows() -> JsonSink<io::Sink> {
        JsonSink {
            out: HashingWriter::new(io::sink()),
            buf: Vec::new(),
            committed: 0,
            write_at: usize::MAX,
        }
    }

    fn committed(&self) -> (usize, u64) {
        (self.committed, 0)
    }

    fn take_rows(&mut self) -> Vec<u8> {
        self.buf.truncate(self.committed);
        self.committed = 0;
        std::mem::take(&mut self.buf)
    }

    fn append_rows(&mut self, rows: &[u8], _: u64) -> io::Result<()> {
        self.buf.truncate(self.committed);
        self.buf.extend_from_slice(rows);
        self.committed = self.buf.len();
        self.write_out()
    }
}

impl<W: Write> JsonSink<W> {
    /// Writes the committed rows out once they make a write.
    fn write_out(&mut self) -> io::Result<()> {
        if self.committed >= self.write_at {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
            self.committed = 0;
        }
        Ok(())
    }
}
