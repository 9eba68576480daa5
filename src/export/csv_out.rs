//! CSV output, written straight into a reused buffer by [`CsvBuffer`].

use std::io::{self, Write};

use super::csv_buffer::CsvBuffer;
use super::encode::Encode;
use super::hashing::HashingWriter;
use super::sink::{SUBJECT_ID, Sink};
use crate::record::SubjectId;
use crate::value::FieldValue;

/// How many committed bytes are gathered before they are written out.
const CHUNK: usize = 1 << 16;

pub(crate) struct CsvSink<W: Write> {
    out: HashingWriter<W>,
    cells: CsvBuffer,
    /// Committed bytes that make a write: [`CHUNK`], or never for a sink
    /// that keeps its rows ([`Sink::rows`]).
    write_at: usize,
}

impl<W: Write> CsvSink<W> {
    /// A sink writing to `out`, hashing on a thread of its own where
    /// `hash_thread`.
    pub(crate) fn new(out: W, hash_thread: bool) -> Self {
        Self {
            out: HashingWriter::with_thread(out, hash_thread),
            cells: CsvBuffer::default(),
            write_at: CHUNK,
        }
    }

    fn write_out(&mut self) -> io::Result<()> {
        self.out.write_all(self.cells.committed())?;
        self.cells.clear_committed();
        Ok(())
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn header(&mut self, columns: &[(&'static str, &'static [&'static str])]) -> io::Result<()> {
        self.cells.begin_row();
        self.cells.cell(SUBJECT_ID.as_bytes());
        for (name, suffixes) in columns {
            for suffix in *suffixes {
                self.cells.push(name.as_bytes());
                if !suffix.is_empty() {
                    self.cells.push(b"_");
                    self.cells.push(suffix.as_bytes());
                }
                self.cells.end();
            }
        }
        self.cells.commit_row();
        Ok(())
    }

    fn begin(&mut self, subject: SubjectId) {
        self.cells.begin_row();
        self.cells
            .plain_cell(itoa::Buffer::new().format(subject.0).as_bytes());
    }

    fn value<V: FieldValue>(&mut self, _: &'static str, value: &V) -> io::Result<()> {
        value.write_cells(&mut self.cells);
        Ok(())
    }

    fn absent<V: FieldValue>(&mut self, _: &'static str) {
        self.cells.empty(V::COLUMNS.len());
    }

    fn commit(&mut self) -> io::Result<()> {
        self.cells.commit_row();
        if self.cells.committed().len() >= self.write_at {
            self.write_out()?;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<(u64, String)> {
        self.cells.begin_row();
        self.write_out()?;
        let neutralised = self.cells.neutralised();
        let (mut inner, sha) = self.out.finish()?;
        inner.flush()?;
        Ok((neutralised, sha))
    }

    type Rows = CsvSink<io::Sink>;

    fn rows() -> CsvSink<io::Sink> {
        CsvSink {
            out: HashingWriter::new(io::sink()),
            cells: CsvBuffer::default(),
            write_at: usize::MAX,
        }
    }

    fn committed(&self) -> (usize, u64) {
        (self.cells.committed().len(), self.cells.neutralised())
    }

    fn take_rows(&mut self) -> Vec<u8> {
        self.cells.take_committed()
    }

    fn append_rows(&mut self, rows: &[u8], neutralised: u64) -> io::Result<()> {
        self.cells.append_committed(rows, neutralised);
        if self.cells.committed().len() >= self.write_at {
            self.write_out()?;
        }
        Ok(())
    }
}
