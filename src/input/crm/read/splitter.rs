//! [`Splitter`]: CSV records split into fields, as the csv crate's reader
//! splits them (comma, double quotes doubled inside quotes, records ended
//! by `\n` alone, empty lines skipped, lines counted by `\n`), with a fast
//! path for the records without a quote: `memchr` finds the line end and
//! the commas, where the csv crate's parser goes a byte at a time.

use std::io::{self, Read};
use std::ops::Range;

use crate::swar::{equal_bytes, first_marked, splat, word};

/// How many bytes are read at a time.
const BLOCK: usize = 1 << 16;

/// One record: where each field ends, and its bytes: a record without
/// quotes stays where it is in the splitter's buffer, commas and all (no
/// copy); one with quotes is kept here, its fields unquoted, end to end.
/// Read it through [`Splitter::record`].
#[derive(Debug, Default, Clone)]
pub(crate) struct Fields {
    /// A record with quotes: its fields' bytes.
    data: Vec<u8>,
    /// A record without: where its line is in the splitter's buffer.
    in_place: Option<Range<usize>>,
    ends: Vec<usize>,
    /// Bytes between a field's end and the next one's start: the comma of
    /// a record in place, none in `data`.
    gap: usize,
    line: u64,
    /// Whether the record is known to hold no carriage return (the plain
    /// split looks for one as it looks for a quote); `false` where it may.
    no_carriage_return: bool,
}

impl Fields {
    /// How many fields.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The line the record starts on (1 is the first).
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// Whether the record may hold a carriage return: `false` only where
    /// it is known to hold none.
    pub(crate) fn may_hold_carriage_return(&self) -> bool {
        !self.no_carriage_return
    }

    fn clear(&mut self) {
        self.data.clear();
        self.in_place = None;
        self.ends.clear();
        self.gap = 0;
        self.no_carriage_return = false;
    }

    /// Ends the field that started where the last one ended.
    fn end_field(&mut self) {
        self.ends.push(self.data.len());
    }
}

/// A record read, over the bytes it is in.
#[derive(Clone, Copy)]
pub(crate) struct SplitRecord<'a> {
    bytes: &'a [u8],
    fields: &'a Fields,
}

impl<'a> SplitRecord<'a> {
    /// How many fields.
    pub(crate) fn len(&self) -> usize {
        self.fields.len()
    }

    /// The record's bytes: every field's, and between them the commas of
    /// a record without quotes; the last field's last byte is the last.
    pub(crate) fn as_slice(&self) -> &'a [u8] {
        self.bytes
    }

    /// Where field `i` is in [`SplitRecord::as_slice`].
    pub(crate) fn range(&self, i: usize) -> Option<Range<usize>> {
        let Fields { ends, gap, .. } = self.fields;
        let start = match i.checked_sub(1) {
            None => 0,
            Some(before) => ends.get(before)? + gap,
        };
        Some(start..*ends.get(i)?)
    }

    /// Field `i`'s bytes.
    pub(crate) fn get(&self, i: usize) -> Option<&'a [u8]> {
        self.range(i).and_then(|r| self.bytes.get(r))
    }
}

/// Where the byte-at-a-time parser is inside a record.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartField,
    InField,
    InQuoted,
    QuoteInQuoted,
}

/// Splits an input into records.
pub(crate) struct Splitter<R> {
    input: R,
    buf: Vec<u8>,
    /// The unread bytes are `buf[pos..end]`.
    pos: usize,
    end: usize,
    eof: bool,
    /// The line of the next byte.
    line: u64,
    /// The input's last byte, once it has ended.
    last: Option<u8>,
    /// Whether a byte-order mark at the start has been looked for.
    started: bool,
}

impl<R: Read> Splitter<R> {
    pub(crate) fn new(input: R) -> Self {
        Self {
            input,
            buf: vec![0; BLOCK],
            pos: 0,
            end: 0,
            eof: false,
            line: 1,
            last: None,
            started: false,
        }
    }

    /// Skips a UTF-8 byte-order mark at the start of the input, as the csv
    /// crate does.
    fn skip_bom(&mut self) -> io::Result<()> {
        self.started = true;
        while self.end - self.pos < 3 && self.fill()? {}
        if self
            .buf
            .get(self.pos..self.end)
            .is_some_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
        {
            self.pos += 3;
        }
        Ok(())
    }

    /// The lines read so far: every line end passed.
    pub(crate) fn lines_read(&self) -> u64 {
        self.line.saturating_sub(1)
    }

    /// Whether the input has ended on a byte other than `\n` (or on
    /// none): a record it closed was cut.
    pub(crate) fn ended_without_line_end(&self) -> bool {
        self.eof && self.pos >= self.end && self.last != Some(b'\n')
    }

    /// Reads more input after the unread bytes, keeping them; `false` at
    /// the end of input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        // A block at a time, however much room there is: what is read past
        // a chunk's last record is copied to the next chunk's buffer, so
        // reading far ahead would copy the input twice.
        let room_end = self.end.saturating_add(BLOCK).min(self.buf.len());
        loop {
            let room = self.buf.get_mut(self.end..room_end).unwrap_or_default();
            match self.input.read(room) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    self.last = self.buf.get(self.end - 1).copied();
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The record `fields` holds, as [`Splitter::read_record`] last read
    /// it.
    pub(crate) fn record<'a>(&'a self, fields: &'a Fields) -> SplitRecord<'a> {
        let bytes = match &fields.in_place {
            Some(line) => self.buf.get(line.clone()).unwrap_or_default(),
            None => &fields.data,
        };
        SplitRecord { bytes, fields }
    }

    /// Reads the next record into `out`; `false` at the end of input.
    /// A record without quotes stays in the splitter's buffer until the
    /// next is read.
    pub(crate) fn read_record(&mut self, out: &mut Fields) -> io::Result<bool> {
        out.clear();
        if !self.started {
            self.skip_bom()?;
        }
        // The record's line is where the reader stood, before the empty
        // lines it skips (as the csv crate counts it).
        out.line = self.line;
        loop {
            if self.pos >= self.end && !self.fill()? {
                return Ok(false);
            }
            match self.buf.get(self.pos) {
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                }
                Some(_) => break,
                None => return Ok(false),
            }
        }
        loop {
            let unread = self.buf.get(self.pos..self.end).unwrap_or_default();
            match memchr::memchr(b'\n', unread) {
                Some(at) => {
                    let line = unread.get(..at).unwrap_or_default();
                    if !split_plain(line, out) {
                        return self.slow(out);
                    }
                    out.in_place = Some(self.pos..self.pos + at);
                    self.pos += at + 1;
                    self.line += 1;
                    return Ok(true);
                }
                None if self.eof => {
                    if !split_plain(unread, out) {
                        return self.slow(out);
                    }
                    out.in_place = Some(self.pos..self.end);
                    self.pos = self.end;
                    return Ok(true);
                }
                None => {
                    if !self.fill()? {
                        // The end of input: loop once more as above.
                    }
                }
            }
        }
    }

    /// The byte-at-a-time parser, for a record with a quote in it.
    fn slow(&mut self, out: &mut Fields) -> io::Result<bool> {
        let mut state = State::StartField;
        loop {
            if self.pos >= self.end && !self.fill()? {
                // The end of input closes the record.
                out.end_field();
                return Ok(true);
            }
            let Some(&byte) = self.buf.get(self.pos) else {
                out.end_field();
                return Ok(true);
            };
            self.pos += 1;
            if byte == b'\n' {
                self.line += 1;
            }
            let (next, step) = state.step(byte);
            state = next;
            match step {
                Step::Skip => {}
                Step::Keep => out.data.push(byte),
                Step::EndField => out.end_field(),
                Step::EndRecord => {
                    out.end_field();
                    return Ok(true);
                }
            }
        }
    }

    /// Takes the next run of whole records, at least `target` bytes of
    /// them where the input has that many (more where one record is
    /// longer), as a [`Chunk`] to split apart from this splitter; `None`
    /// at the end of input. A chunk ends where a record ends, as
    /// [`Splitter::read_record`] would end it, or at the end of input.
    pub(crate) fn take_chunk(
        &mut self,
        target: usize,
        mut bytes: Vec<u8>,
    ) -> io::Result<Option<Chunk>> {
        if !self.started {
            self.skip_bom()?;
        }
        // Empty lines count towards the record after them (its line is
        // where the reader stood before them), so a chunk ends after a
        // record, never after empty lines.
        let (mut taken, mut empty) = (Taken::default(), Taken::default());
        loop {
            let scanned = self.pos + taken.bytes + empty.bytes;
            let unread = self.buf.get(scanned..self.end).unwrap_or_default();
            // The records before the next quote, a line end each, counted
            // at once; then the quoted record, byte by byte.
            let want = target.saturating_sub(taken.bytes + empty.bytes);
            let (plain, reached) = plain_records(unread, want);
            if plain.records > 0 {
                taken.add(std::mem::take(&mut empty));
                taken.add(plain);
                if reached {
                    break;
                }
                continue;
            }
            match next_record_end(unread) {
                Some(more) if more.records == 0 => empty.add(more),
                Some(more) => {
                    taken.add(std::mem::take(&mut empty));
                    taken.add(more);
                    if taken.bytes >= target {
                        break;
                    }
                }
                None if self.eof => {
                    // The end of input closes the record it is in.
                    if !unread.is_empty() {
                        let lines = memchr::memchr_iter(b'\n', unread).count() as u64;
                        taken.add(empty);
                        taken.add(Taken {
                            bytes: unread.len(),
                            lines,
                            records: 1,
                        });
                    }
                    break;
                }
                None => {
                    // Read until the unread bytes double at least, so that
                    // a long record is not scanned again for every read.
                    let want = (2 * unread.len()).max(BLOCK);
                    while self.end - self.pos - taken.bytes - empty.bytes < want && self.fill()? {}
                }
            }
        }
        if taken.bytes == 0 {
            return Ok(None);
        }
        // The chunk takes the buffer as it is; what follows the chunk
        // moves to the front of `bytes` (a chunk's buffer given back, or a
        // new one), which becomes the buffer.
        let (start, end) = (self.pos, self.pos + taken.bytes);
        let rest = self.end - end;
        let size = rest.max(BLOCK.min(self.buf.len()));
        if bytes.len() < size {
            bytes.resize(size, 0);
        }
        if let (Some(to), Some(from)) = (bytes.get_mut(..rest), self.buf.get(end..self.end)) {
            to.copy_from_slice(from);
        }
        let taken_buf = std::mem::replace(&mut self.buf, bytes);
        (self.pos, self.end) = (0, rest);
        let chunk = Chunk {
            splitter: Splitter {
                input: io::empty(),
                last: end.checked_sub(1).and_then(|i| taken_buf.get(i)).copied(),
                buf: taken_buf,
                pos: start,
                end,
                eof: true,
                line: self.line,
                started: true,
            },
            records: taken.records,
        };
        self.line += taken.lines;
        Ok(Some(chunk))
    }
}

/// Whole records taken from the input, split apart from the thread that
/// framed them: a splitter over their bytes alone, which counts lines from
/// the line they started on.
pub(crate) struct Chunk {
    /// The chunk's records, split as the input's splitter would.
    pub(crate) splitter: Splitter<io::Empty>,
    /// How many records it holds.
    pub(crate) records: u64,
}

impl Splitter<io::Empty> {
    /// A chunk's bytes, to be reused for another.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

/// A count of what framing has taken.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Taken {
    bytes: usize,
    lines: u64,
    records: u64,
}

impl Taken {
    fn add(&mut self, more: Taken) {
        self.bytes += more.bytes;
        self.lines += more.lines;
        self.records += more.records;
    }
}

/// The whole records at the start of `unread` (which starts where a
/// record may) that lie before its first quote, where each line end ends a
/// record: as far as the first whose end is `want` bytes or more from the
/// start (and `true`), or else as far as the last; empty lines after it
/// are left, as they count towards the record after them. Counted from
/// the line ends alone, without a call per record.
fn plain_records(unread: &[u8], want: usize) -> (Taken, bool) {
    let quote = memchr::memchr(b'"', unread).unwrap_or(unread.len());
    let plain = unread.get(..quote).unwrap_or_default();
    let (mut lines, mut records, mut after) = (0, 0, 0);
    let mut last = Taken::default();
    for end in memchr::memchr_iter(b'\n', plain) {
        lines += 1;
        // A line end first, or right after a line end, closes an empty
        // line.
        if end > after {
            records += 1;
            last = Taken {
                bytes: end + 1,
                lines,
                records,
            };
            if end + 1 >= want {
                return (last, true);
            }
        }
        after = end + 1;
    }
    (last, false)
}

/// Where the first record of `unread` (which starts where a record may)
/// ends, as [`Splitter::read_record`] ends it: an empty line alone, or a
/// record and its line end. `None` if no line end closes it in `unread`.
fn next_record_end(unread: &[u8]) -> Option<Taken> {
    if unread.first() == Some(&b'\n') {
        return Some(Taken {
            bytes: 1,
            lines: 1,
            records: 0,
        });
    }
    let at = memchr::memchr(b'\n', unread)?;
    if memchr::memchr(b'"', unread.get(..at)?).is_none() {
        return Some(Taken {
            bytes: at + 1,
            lines: 1,
            records: 1,
        });
    }
    let mut state = State::StartField;
    let mut lines = 0;
    for (i, &byte) in unread.iter().enumerate() {
        if byte == b'\n' {
            lines += 1;
        }
        let (next, step) = state.step(byte);
        if step == Step::EndRecord {
            return Some(Taken {
                bytes: i + 1,
                lines,
                records: 1,
            });
        }
        state = next;
    }
    None
}

impl State {
    /// The byte-at-a-time parser's rules: the state after `byte`, and
    /// what becomes of the byte.
    fn step(self, byte: u8) -> (Self, Step) {
        match (self, byte) {
            (Self::StartField, b'"') => (Self::InQuoted, Step::Skip),
            (Self::StartField | Self::InField | Self::QuoteInQuoted, b',') => {
                (Self::StartField, Step::EndField)
            }
            (Self::StartField | Self::InField | Self::QuoteInQuoted, b'\n') => {
                (Self::StartField, Step::EndRecord)
            }
            (Self::InQuoted, b'"') => (Self::QuoteInQuoted, Step::Skip),
            (Self::QuoteInQuoted, b'"') | (Self::InQuoted, _) => (Self::InQuoted, Step::Keep),
            (_, _) => (Self::InField, Step::Keep),
        }
    }
}

/// What the byte-at-a-time parser does with a byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Nothing: a quote that opens, closes or escapes.
    Skip,
    /// Keeps it in the field.
    Keep,
    /// Ends the field.
    EndField,
    /// Ends the field and the record.
    EndRecord,
}

/// Splits a line with no quote into `out` (empty): its fields are what
/// lies between the commas, left in place. `false`, and `out` cleared, for
/// a line with a quote, which the byte-at-a-time parser takes.
///
/// A quote (and a carriage return, which the reader refuses unless it
/// ends the line) is looked for first, over the whole line, in a loop with
/// no early exit that the compiler runs sixteen bytes at a time; then the
/// commas, eight bytes at a time (see [`swar`](crate::swar)): the fields
/// of a CRM row are short, and a call of `memchr` per comma costs more
/// than the comma.
fn split_plain(line: &[u8], out: &mut Fields) -> bool {
    const COMMAS: u64 = splat(b',');
    let (quote, carriage_return) = line.iter().fold((false, false), |(quote, cr), &b| {
        (quote | (b == b'"'), cr | (b == b'\r'))
    });
    if quote {
        out.clear();
        return false;
    }
    out.no_carriage_return = !carriage_return;
    let (words, rest) = line.as_chunks::<8>();
    for (i, bytes) in words.iter().enumerate() {
        let mut commas = equal_bytes(word(bytes), COMMAS);
        while commas != 0 {
            out.ends.push(8 * i + first_marked(commas));
            commas &= commas - 1;
        }
    }
    let base = 8 * words.len();
    for (i, &b) in rest.iter().enumerate() {
        if b == b',' {
            out.ends.push(base + i);
        }
    }
    out.ends.push(line.len());
    out.gap = 1;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record, as the csv crate's reader (configured as the crate's
    /// readers were) and the splitter see it: fields and line.
    /// Each record's fields and line.
    type Split = Vec<(Vec<Vec<u8>>, u64)>;

    fn both(input: &[u8]) -> (Split, Split) {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(input);
        let mut theirs = Vec::new();
        let mut record = csv::ByteRecord::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let line = record.position().unwrap().line();
            theirs.push((record.iter().map(<[u8]>::to_vec).collect(), line));
        }
        let mut splitter = Splitter::new(input);
        // A small buffer, so that records cross refills.
        splitter.buf = vec![0; 7];
        let mut ours = Vec::new();
        records_of(&mut splitter, &mut ours);
        let ours = ours.into_iter().map(|(row, line, _)| (row, line)).collect();
        (theirs, ours)
    }

    #[test]
    fn splits_as_the_csv_crate_does() {
        for input in [
            &b""[..],
            b"a,b\nc,d\n",
            b"a,b\nc,d",
            b"\n\na\n\n\nb\n",
            b"a,\"b,c\",d\n",
            b"\"a\nb\",c\nd\n",
            b"\"a\"\"b\",c\n",
            b"\"ab\"cd,e\n",
            b"a\"b,c\n",
            b",,\n,\n",
            b"a,\"b\n",
            b"a,\"b\"",
            b"\r\n\r\na\r\n",
            b"\"\"\n",
            b"x,\"\"\"\",y\n",
            b"\xEF\xBB\xBFa,b\nc\n",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB",
            b"\xEF\xBB\xBF\"a\"\n",
            b"a\xEF\xBB\xBF\n",
        ] {
            let (theirs, ours) = both(input);
            assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(input));
            chunks_agree(input);
        }
        // More commas than the plain split keeps in registers at once,
        // and a quote after them.
        for fields in [31, 32, 33, 64, 65, 100] {
            let line: Vec<String> = (0..fields).map(|i| "x".repeat(i % 11)).collect();
            let mut input = line.join(",").into_bytes();
            input.extend_from_slice(b"\nz\n");
            let (theirs, ours) = both(&input);
            assert_eq!(ours, theirs, "{fields} fields");
            assert_eq!(ours.first().map(|(row, _)| row.len()), Some(fields));
            input.extend_from_slice(&input.clone());
            input.insert(input.len() - 3, b'"');
            let (theirs, ours) = both(&input);
            assert_eq!(ours, theirs, "{fields} fields, a quote");
        }
    }

    /// Each record's fields and line, and whether the input ended without
    /// a line end after it (the reader's sign of a cut record).
    type Cut = Vec<(Vec<Vec<u8>>, u64, bool)>;

    fn records_of(splitter: &mut Splitter<impl Read>, out: &mut Cut) {
        let mut fields = Fields::default();
        while splitter.read_record(&mut fields).unwrap() {
            let record = splitter.record(&fields);
            let row = (0..record.len())
                .map(|i| record.get(i).unwrap().to_vec())
                .collect();
            out.push((row, fields.line(), splitter.ended_without_line_end()));
        }
    }

    /// Chunks of about `target` bytes end where records end: split apart,
    /// they give the records, lines and cuts the whole input gives, and
    /// say how many records they hold.
    fn chunks_agree(input: &[u8]) {
        let mut whole = Vec::new();
        records_of(&mut Splitter::new(input), &mut whole);
        for target in [1, 2, 5, 64] {
            let mut splitter = Splitter::new(input);
            splitter.buf = vec![0; 7];
            let (mut split, mut counted) = (Vec::new(), 0);
            let mut spare = Vec::new();
            while let Some(chunk) = splitter.take_chunk(target, spare).unwrap() {
                counted += chunk.records;
                let mut part = chunk.splitter;
                records_of(&mut part, &mut split);
                spare = part.into_bytes();
            }
            let shown = String::from_utf8_lossy(input);
            assert_eq!(split, whole, "{shown:?} by {target}");
            assert_eq!(counted, whole.len() as u64, "{shown:?} by {target}");
        }
    }

    /// The records before a quote are counted at once, as far as the
    /// first that reaches the bytes wanted, or the last.
    #[test]
    fn plain_records_are_counted_at_once() {
        let input = b"a,b\n\nc\nd,e\nf\n";
        let taken = |bytes, lines, records| Taken {
            bytes,
            lines,
            records,
        };
        assert_eq!(plain_records(input, 0), (taken(4, 1, 1), true));
        assert_eq!(plain_records(input, 4), (taken(4, 1, 1), true));
        // The empty line is taken with the record after it.
        assert_eq!(plain_records(input, 5), (taken(7, 3, 2), true));
        assert_eq!(plain_records(input, 13), (taken(13, 5, 4), true));
        assert_eq!(plain_records(input, 14), (taken(13, 5, 4), false));
        // Up to the quote's record; empty lines after the last are left.
        assert_eq!(
            plain_records(b"a\n\n\"b\"\nc\n", 99),
            (taken(2, 1, 1), false)
        );
        assert_eq!(plain_records(b"\"a\"\nc\n", 1), (taken(0, 0, 0), false));
        assert_eq!(plain_records(b"\n\na\n", 1), (taken(4, 3, 1), true));
        assert_eq!(plain_records(b"a,b", 1), (taken(0, 0, 0), false));
    }

    /// Every string of up to six bytes over the bytes that matter, and
    /// longer pseudo-random ones, split whole and in chunks.
    #[test]
    fn splits_every_short_input_as_the_csv_crate_does() {
        let alphabet = [b'a', b',', b'"', b'\n', b'\r'];
        let mut input = Vec::new();
        for len in 0..=6u32 {
            for n in 0..alphabet.len().pow(len) {
                input.clear();
                let mut k = n;
                for _ in 0..len {
                    input.push(alphabet[k % alphabet.len()]);
                    k /= alphabet.len();
                }
                let (theirs, ours) = both(&input);
                assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(&input));
                chunks_agree(&input);
            }
        }
        let mut seed = 0x2545_f491_u64;
        for _ in 0..300 {
            input.clear();
            for _ in 0..(seed % 200) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                input.push(alphabet[(seed % 5) as usize]);
            }
            let (theirs, ours) = both(&input);
            assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(&input));
            chunks_agree(&input);
        }
    }
}
