//! JSON Lines output: one object per record, withheld keys absent.

use std::io::{self, Write};

use super::hashing::HashingWriter;
use super::sink::{SUBJECT_ID, Sink};
use crate::record::SubjectId;
use crate::value::{ExportValue, decimal};

pub(crate) struct JsonSink<W: Write> {
    out: io::BufWriter<HashingWriter<W>>,
    line: Vec<u8>,
}

impl<W: Write> JsonSink<W> {
    pub(crate) fn new(out: W) -> Self {
        Self {
            out: io::BufWriter::with_capacity(1 << 16, HashingWriter::new(out)),
            line: Vec::with_capacity(512),
        }
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn header(&mut self, _: &[(&'static str, &'static [&'static str])]) -> io::Result<()> {
        Ok(())
    }

    fn begin(&mut self, subject: SubjectId) {
        self.line.clear();
        self.line.extend_from_slice(b"{\"");
        self.line.extend_from_slice(SUBJECT_ID.as_bytes());
        self.line.extend_from_slice(b"\":");
        self.line
            .extend_from_slice(decimal(subject.0, &mut [0; 20]));
    }

    fn value<V: ExportValue + ?Sized>(&mut self, name: &'static str, value: &V) -> io::Result<()> {
        self.line.push(b',');
        serde_json::to_writer(&mut self.line, name)?;
        self.line.push(b':');
        serde_json::to_writer(&mut self.line, value)?;
        Ok(())
    }

    fn absent<V: ExportValue + ?Sized>(&mut self, _: &'static str) {}

    fn commit(&mut self) -> io::Result<()> {
        self.line.extend_from_slice(b"}\n");
        self.out.write_all(&self.line)
    }

    fn finish(self) -> io::Result<(u64, String)> {
        let hashing = self.out.into_inner().map_err(|e| e.into_error())?;
        let (mut inner, sha) = hashing.finish();
        inner.flush()?;
        Ok((0, sha))
    }
}
