//! CSV output, with formula cells neutralised.

use std::borrow::Cow;
use std::io::{self, Write};

use super::hashing::HashingWriter;
use super::sink::{SUBJECT_ID, Sink};
use crate::record::SubjectId;
use crate::value::{Cells, ExportValue, decimal};

pub(crate) struct CsvSink<W: Write> {
    out: csv::Writer<HashingWriter<W>>,
    cells: Cells,
    neutralised: u64,
}

impl<W: Write> CsvSink<W> {
    pub(crate) fn new(out: W) -> Self {
        Self {
            out: csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(HashingWriter::new(out)),
            cells: Cells::default(),
            neutralised: 0,
        }
    }
}

/// Whether a spreadsheet would run the cell as a formula (OWASP's list).
fn is_formula(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn header(&mut self, columns: &[(&'static str, &'static [&'static str])]) -> io::Result<()> {
        let mut names = vec![SUBJECT_ID.to_owned()];
        for (name, suffixes) in columns {
            for suffix in *suffixes {
                names.push(if suffix.is_empty() {
                    (*name).to_owned()
                } else {
                    format!("{name}_{suffix}")
                });
            }
        }
        self.out.write_record(&names).map_err(io_error)
    }

    fn begin(&mut self, subject: SubjectId) {
        self.cells.clear();
        self.cells.cell(decimal(subject.0, &mut [0; 20]));
    }

    fn value<V: ExportValue + ?Sized>(&mut self, _: &'static str, value: &V) -> io::Result<()> {
        value.write_cells(&mut self.cells);
        Ok(())
    }

    fn absent<V: ExportValue + ?Sized>(&mut self, _: &'static str) {
        self.cells.empty(V::COLUMNS.len());
    }

    fn commit(&mut self) -> io::Result<()> {
        let neutralised = &mut self.neutralised;
        let cells = self.cells.iter().map(|cell| {
            if is_formula(cell) {
                *neutralised += 1;
                let mut safe = Vec::with_capacity(cell.len() + 1);
                safe.push(b'\'');
                safe.extend_from_slice(cell);
                Cow::Owned(safe)
            } else {
                Cow::Borrowed(cell)
            }
        });
        self.out.write_record(cells).map_err(io_error)
    }

    fn finish(self) -> io::Result<(u64, String)> {
        let hashing = self.out.into_inner().map_err(|e| e.into_error())?;
        let (mut inner, sha) = hashing.finish();
        inner.flush()?;
        Ok((self.neutralised, sha))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owasp_formula_starts_are_recognised() {
        for cell in ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(is_formula(cell.as_bytes()), "{cell:?}");
        }
        for cell in ["", "Jane", "1=1", "07700 900123"] {
            assert!(!is_formula(cell.as_bytes()), "{cell:?}");
        }
    }
}
