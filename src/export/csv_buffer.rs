//! [`CsvBuffer`]: CSV rows written straight into the output buffer.

use crate::swar::{equal_bytes, splat, word};

/// The CSV output under construction: values append bytes to the cell being
/// written and close it. Closing a cell quotes it where RFC 4180 needs it
/// (a `"`, `,`, CR or LF inside) and neutralises a cell a spreadsheet would
/// run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) with a
/// leading `'`, as OWASP advises.
///
/// Rows are written into one reused buffer; a row is kept only when the
/// export commits it, so a dropped record leaves no byte behind.
///
/// Internal to the crate: only the crate's own value encodings write cells.
#[derive(Debug, Default, Clone)]
pub struct CsvBuffer {
    /// Committed rows, then the row being written; every closed cell is
    /// followed by `,`, which the commit turns into the row's newline.
    buf: Vec<u8>,
    committed: usize,
    cell_start: usize,
    in_row: usize,
    neutralised_in_row: u64,
    neutralised: u64,
}

impl CsvBuffer {
    /// Appends bytes to the cell being written.
    #[inline]
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Closes the cell being written, quoting or neutralising it if needed.
    #[inline]
    pub fn end(&mut self) {
        let cell = self.buf.get(self.cell_start..).unwrap_or_default();
        let formula = is_formula(cell);
        let quote = needs_quotes(cell);
        if formula || quote {
            self.rewrite(formula, quote);
        }
        self.close();
    }

    /// Writes a whole cell the crate knows needs neither quotes nor a
    /// formula guard (digits, dates, `true`/`false`).
    pub(crate) fn plain_cell(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
        self.end_plain();
    }

    /// Closes a cell the crate wrote only digits, `-` inside dates and `;`
    /// into: no scan needed.
    pub(crate) fn end_plain(&mut self) {
        debug_assert!({
            let cell = self.buf.get(self.cell_start..).unwrap_or_default();
            !needs_quotes(cell) && !is_formula(cell)
        });
        self.close();
    }

    #[inline]
    fn close(&mut self) {
        self.buf.push(b',');
        self.cell_start = self.buf.len();
        self.in_row += 1;
    }

    /// The rare path: the cell needs a `'` in front, quotes around, or both.
    #[cold]
    fn rewrite(&mut self, formula: bool, quote: bool) {
        let cell = self.buf.split_off(self.cell_start.min(self.buf.len()));
        if quote {
            self.buf.push(b'"');
        }
        if formula {
            self.buf.push(b'\'');
            self.neutralised_in_row += 1;
        }
        for &b in &cell {
            if quote && b == b'"' {
                self.buf.push(b'"');
            }
            self.buf.push(b);
        }
        if quote {
            self.buf.push(b'"');
        }
    }

    /// Writes one whole cell.
    pub fn cell(&mut self, bytes: &[u8]) {
        self.push(bytes);
        self.end();
    }

    /// Writes `n` empty cells (a withheld or absent value).
    pub fn empty(&mut self, n: usize) {
        for _ in 0..n {
            self.end();
        }
    }

    /// The row being written, as encoded so far (each closed cell followed
    /// by `,`).
    #[cfg(test)]
    pub(crate) fn row(&self) -> &[u8] {
        self.buf.get(self.committed..).unwrap_or_default()
    }

    /// How many cells of the row being written are closed.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.in_row
    }

    /// Whether no cell of the row being written is closed.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.in_row == 0
    }

    /// Starts a row, forgetting whatever uncommitted row was there.
    pub(crate) fn begin_row(&mut self) {
        self.buf.truncate(self.committed);
        self.cell_start = self.committed;
        self.in_row = 0;
        self.neutralised_in_row = 0;
    }

    /// Keeps the row: its last `,` becomes the newline.
    pub(crate) fn commit_row(&mut self) {
        match self.buf.last_mut() {
            Some(last) if self.in_row > 0 => *last = b'\n',
            _ => self.buf.push(b'\n'),
        }
        self.committed = self.buf.len();
        self.cell_start = self.committed;
        self.in_row = 0;
        self.neutralised += self.neutralised_in_row;
        self.neutralised_in_row = 0;
    }

    /// The committed rows, to write out; call [`CsvBuffer::clear_committed`]
    /// after.
    pub(crate) fn committed(&self) -> &[u8] {
        self.buf.get(..self.committed).unwrap_or_default()
    }

    /// Forgets the committed rows once written (between rows only).
    pub(crate) fn clear_committed(&mut self) {
        debug_assert_eq!(self.buf.len(), self.committed, "between rows only");
        self.buf.drain(..self.committed.min(self.buf.len()));
        self.cell_start = 0;
        self.committed = 0;
    }

    /// Formula cells neutralised in committed rows.
    pub(crate) fn neutralised(&self) -> u64 {
        self.neutralised
    }

    /// Takes the committed rows (between rows).
    pub(crate) fn take_committed(&mut self) -> Vec<u8> {
        self.buf.truncate(self.committed);
        self.cell_start = 0;
        self.committed = 0;
        std::mem::take(&mut self.buf)
    }

    /// Commits rows written by another buffer, with the formula cells
    /// neutralised in them (between rows).
    pub(crate) fn append_committed(&mut self, rows: &[u8], neutralised: u64) {
        self.begin_row();
        self.buf.extend_from_slice(rows);
        self.committed = self.buf.len();
        self.cell_start = self.committed;
        self.neutralised += neutralised;
    }
}

/// Whether a spreadsheet could run the cell as a formula, as OWASP
/// describes it: its first character, after any white space, is `=`, `+`,
/// `-`, `@`, a tab or a carriage return, or one of their full-width forms
/// (`＝`, `＋`, `－`, `＠`), which some spreadsheets read alike.
#[inline]
fn is_formula(cell: &[u8]) -> bool {
    match cell.first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => true,
        // A visible ASCII first character settles it: the usual cell.
        Some(b) if b.is_ascii_graphic() => false,
        None => false,
        Some(_) => formula_after_space(cell),
    }
}

/// The rare path of [`is_formula`]: leading white space, or a first
/// character that is not ASCII.
#[cold]
fn formula_after_space(cell: &[u8]) -> bool {
    let text = String::from_utf8_lossy(cell);
    let mut chars = text
        .chars()
        .skip_while(|c| c.is_whitespace() && !matches!(c, '\t' | '\r'));
    matches!(
        chars.next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    )
}

/// Whether a cell holds a byte that RFC 4180 quotes: `"`, `,`, CR or LF.
/// Eight bytes at a time, four needles at once (`memchr` takes three at
/// most; see [`swar`](crate::swar)). Fewer checks a word (CR and LF among
/// the control bytes, then byte by byte) cost more instructions: tried.
#[inline]
fn needs_quotes(cell: &[u8]) -> bool {
    const NEEDLES: [u64; 4] = [splat(b'"'), splat(b','), splat(b'\n'), splat(b'\r')];
    let (words, rest) = cell.as_chunks::<8>();
    words.iter().any(|bytes| {
        let w = word(bytes);
        NEEDLES.iter().fold(0, |m, &n| m | equal_bytes(w, n)) != 0
    }) || rest
        .iter()
        .any(|b| matches!(b, b'"' | b',' | b'\n' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row_of(cells: &[&str]) -> Vec<u8> {
        let mut c = CsvBuffer::default();
        c.begin_row();
        for cell in cells {
            c.cell(cell.as_bytes());
        }
        c.commit_row();
        c.committed().to_vec()
    }

    #[test]
    fn a_row_counts_its_closed_cells() {
        let mut c = CsvBuffer::default();
        c.begin_row();
        assert!(c.is_empty());
        assert_eq!(c.len(), 0, "no cell yet");
        c.cell(b"a");
        assert!(!c.is_empty());
        c.empty(2);
        assert_eq!(c.len(), 3);
        assert_eq!(c.row(), b"a,,,");
    }

    #[test]
    fn a_row_of_no_cells_is_an_empty_line_after_the_row_before() {
        let mut c = CsvBuffer::default();
        c.begin_row();
        c.cell(b"a");
        c.commit_row();
        c.begin_row();
        c.commit_row();
        assert_eq!(c.committed(), b"a\n\n");
    }

    #[test]
    fn the_word_scan_agrees_with_the_byte_scan() {
        let special = |c: &[u8]| c.iter().any(|b| matches!(b, b'"' | b',' | b'\n' | b'\r'));
        for len in 0..40 {
            for pos in 0..=len {
                for byte in 0..=u8::MAX {
                    let mut cell = vec![b'x'; len];
                    if pos < len {
                        cell[pos] = byte;
                    }
                    assert_eq!(needs_quotes(&cell), special(&cell), "{cell:?}");
                }
            }
        }
    }

    #[test]
    fn the_csv_crate_reads_back_what_was_written() {
        let tricky = [
            "plain",
            "",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\rhere",
            "  spaced  ",
            "Zoë",
        ];
        let bytes = row_of(&tricky);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let back = reader.records().next().unwrap().unwrap();
        assert_eq!(back.iter().collect::<Vec<_>>(), tricky);
    }

    #[test]
    fn a_row_quotes_and_neutralises_as_it_goes() {
        let mut cells = CsvBuffer::default();
        cells.cell(b"Jane, \"J\" Doe");
        cells.cell(b"=1+1");
        assert_eq!(cells.row(), b"\"Jane, \"\"J\"\" Doe\",'=1+1,");
        assert_eq!(cells.len(), 2);
        assert!(!cells.is_empty());
    }

    #[test]
    fn owasp_formula_starts_are_neutralised_and_counted() {
        for cell in [
            "=1+1",
            "+44",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            " =1+1",
            "  @x",
            "\u{a0}-2",
            "\u{3000}＝1",
            "＝1+1",
            "＋44",
            "－2",
            "＠x",
            " \t=x",
        ] {
            let bytes = row_of(&[cell]);
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                text.starts_with('\'') || text.starts_with("\"'"),
                "{cell:?} -> {text:?}"
            );
        }
        for cell in [
            "",
            "Jane",
            "1=1",
            "07700 900123",
            " Jane",
            "Zoë",
            "\u{a0}",
            "a＝",
        ] {
            assert_eq!(row_of(&[cell]), format!("{cell}\n").into_bytes());
        }
        let mut c = CsvBuffer::default();
        c.begin_row();
        c.cell(b"=x");
        c.begin_row(); // dropped: not counted
        c.cell(b"=y");
        c.cell(b"@z");
        c.commit_row();
        assert_eq!(c.neutralised(), 2);
        assert_eq!(c.committed(), b"'=y,'@z\n");
    }
}
