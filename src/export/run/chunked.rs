//! The export on every core: worker threads parse chunks of a dump (CSV
//! or JSON Lines), judge each record, format its row and write its line of
//! the decision log; the pass places the judged rows in input order, as it
//! places records it judges itself, so that the output, the decision log,
//! the receipt and every count are the same as on one thread.
//!
//! A record never leaves the thread that parsed it: what crosses is its
//! subject, its notice, its counts, its row's bytes and its log line's (a
//! chunk's rows in one buffer, its lines in another). Records made on one
//! thread and freed on another cost more in the allocator than the
//! parsing they would save. Once judged, a record is left where its
//! reader lent it, which writes the next row's values into its strings: a
//! worker allocates next to nothing per record.

use std::io::{BufRead, Read};
use std::ops::Range;
use std::rc::Rc;

use super::*;
use crate::crm::{
    ChunkParser, CsvTable, EachChunk, JsonTable, OneRow, Parallel, ReadError, scoped,
};
use crate::export::tally::{RecordCounts, Spill};

/// One record judged on a worker thread.
pub(super) struct Judgement {
    /// Its number in the input, which its log line holds.
    number: u64,
    subject: u64,
    /// Its counts, its notice among them.
    counts: RecordCounts,
    /// Its row in the chunk's rows, empty unless it was emitted.
    row: Range<usize>,
    neutralised: u64,
    /// Its line in the chunk's decision log lines, where a log is kept.
    line: Range<usize>,
}

/// A chunk's judged records, and the errors among them.
pub(super) struct JudgedChunk {
    shared: Shared,
    errors: Vec<ExportError>,
}

/// What a chunk's judged records share: each record's judgement (`None`
/// for a row that could not be read: the chunk's next error), its rows and
/// its count lists.
struct Shared {
    judgements: Vec<Option<Judgement>>,
    rows: Vec<u8>,
    /// The decision log's lines of the judged records, where one is kept.
    lines: Vec<u8>,
    spill: Spill,
}

/// A record judged on another thread, as the pass places it: small, as
/// the pass moves it.
pub(super) struct Prejudged {
    shared: Rc<Shared>,
    index: usize,
}

impl Prejudged {
    /// The record's judgement. Only the chunk's judged records are made
    /// into a `Prejudged` ([`Placing`]), so there is one.
    fn judgement(&self) -> Option<&Judgement> {
        self.shared.judgements.get(self.index)?.as_ref()
    }
}

impl<P: Purpose, S, X> Placed<P, S, X> for Prejudged {
    fn subject(&self) -> u64 {
        self.judgement().map_or(0, |j| j.subject)
    }

    fn notice(&self) -> Option<NoticeVersion> {
        self.judgement()?.counts.notice
    }

    fn judge<K: Sink>(
        &self,
        _: &Judge<'_, P, S, X>,
        number: u64,
        out: &mut Out<'_, '_, K>,
    ) -> Result<(), ExportError> {
        // Never without one, nor under another number than the pass's;
        // were it, the record would not go uncounted or logged as another.
        let Some(Judgement {
            number: judged,
            counts,
            row,
            neutralised,
            line,
            ..
        }) = self.judgement()
        else {
            return Err(lost());
        };
        if *judged != number {
            return Err(lost());
        }
        out.tally.add_record(counts, &self.shared.spill);
        if counts.emitted {
            let row = self.shared.rows.get(row.clone()).unwrap_or_default();
            out.sink
                .append_rows(row, *neutralised)
                .map_err(ExportError::Output)?;
        }
        if let Some(log) = out.log.as_mut() {
            let line = self.shared.lines.get(line.clone()).unwrap_or_default();
            log.append(line).map_err(ExportError::Output)?;
        }
        Ok(())
    }
}

/// Parses, judges, formats and logs chunks on a worker thread.
struct Judging<'j, 'g, P: Purpose, S, K: Sink, C> {
    rows: C,
    judge: &'j Judge<'g, P, S, ()>,
    sink: K::Rows,
    scratch: Tally,
    fields: usize,
    /// The chunk's decision log lines, where a log is kept.
    log: Option<DecisionLog<'static>>,
}

impl<P, S, K, C> ChunkParser for Judging<'_, '_, P, S, K, C>
where
    P: Purpose,
    S: Schema<P, ()>,
    K: Sink,
    C: EachChunk<Item = Record>,
{
    type Chunk = C::Chunk;
    type Output = JudgedChunk;

    fn fork(&self) -> Self {
        Self {
            rows: self.rows.fork(),
            judge: self.judge,
            sink: K::rows(),
            scratch: Tally::new(self.fields),
            fields: self.fields,
            log: self.log.as_ref().map(|_| DecisionLog::chunk()),
        }
    }

    fn parse(&mut self, chunk: C::Chunk) -> (JudgedChunk, Vec<u8>) {
        let mut spill = Spill::default();
        let mut judgements = Vec::with_capacity(C::records_in(&chunk));
        let mut errors = Vec::new();
        let (judge, sink, scratch) = (self.judge, &mut self.sink, &mut self.scratch);
        let log = &mut self.log;
        let mut number = C::records_before(&chunk);
        let mut failed = false;
        let bytes = self.rows.for_each(chunk, |slot, _| {
            number += 1;
            if failed {
                // After an error writing (which memory cannot give),
                // nothing more.
                return;
            }
            if let Some(parsed) = slot.take_if(|parsed| parsed.is_err()) {
                judgements.push(None);
                errors.push(parsed.err().map_or_else(lost, ExportError::Input));
                return;
            }
            let Some(Ok(record)) = slot.as_ref() else {
                // The reader fills every slot; were one empty, its row
                // would still be counted, as an error.
                judgements.push(None);
                errors.push(lost());
                return;
            };
            let (start, before) = sink.committed();
            let line_start = log.as_ref().map_or(0, DecisionLog::written);
            let mut out = Out {
                sink: &mut *sink,
                tally: &mut *scratch,
                log: log.as_mut(),
            };
            if let Err(e) = judge.one(number, record, &mut out) {
                failed = true;
                judgements.push(None);
                errors.push(e);
                return;
            }
            let (end, after) = sink.committed();
            let counts = scratch.take_record(&mut spill);
            judgements.push(Some(Judgement {
                number,
                subject: record.subject().0,
                row: if counts.emitted { start..end } else { end..end },
                neutralised: after.saturating_sub(before),
                line: line_start..log.as_ref().map_or(0, DecisionLog::written),
                counts,
            }));
            // Left in its slot, done with: its memory reads the next
            // record.
        });
        let shared = Shared {
            judgements,
            rows: self.sink.take_rows(),
            lines: self
                .log
                .as_mut()
                .map(DecisionLog::take_lines)
                .unwrap_or_default(),
            spill,
        };
        (JudgedChunk { shared, errors }, bytes)
    }
}

/// The judged records of the chunks, in input order.
struct Placing<'a, P: ChunkParser<Output = JudgedChunk>, Fr> {
    parallel: Parallel<'a, P>,
    frame: Fr,
    shared: Rc<Shared>,
    /// The next record's place in `shared`.
    next: usize,
    errors: std::vec::IntoIter<ExportError>,
}

impl<'a, P, Fr> Iterator for Placing<'a, P, Fr>
where
    P: ChunkParser<Output = JudgedChunk> + 'a,
    Fr: FnMut(Vec<u8>) -> std::io::Result<Option<P::Chunk>>,
{
    type Item = Result<Prejudged, ExportError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(judgement) = self.shared.judgements.get(self.next) {
                let index = self.next;
                self.next += 1;
                return Some(match judgement {
                    Some(_) => Ok(Prejudged {
                        shared: Rc::clone(&self.shared),
                        index,
                    }),
                    None => Err(self.errors.next().unwrap_or_else(lost)),
                });
            }
            match self.parallel.next(&mut self.frame)? {
                Ok(JudgedChunk { shared, errors }) => {
                    self.shared = Rc::new(shared);
                    self.next = 0;
                    self.errors = errors.into_iter();
                }
                Err(e) => return Some(Err(ExportError::Input(e))),
            }
        }
    }
}

/// The error of a row whose judgement or error a chunk did not keep (it
/// always does).
fn lost() -> ExportError {
    ExportError::Input(ReadError::Io(std::io::Error::other(
        "a row's judgement or error was lost",
    )))
}

impl<'g, P: Purpose, S: Schema<P, ()>, F: FnMut(u64)> Export<'g, P, S, (), F> {
    /// Writes the export of a CSV dump in the CRM's one-row form (see
    /// [`crm`](crate::crm)) to `out`, and returns its receipt: what
    /// [`write`](Export::write) of [`read_csv`](crate::crm::read_csv) gives, byte for byte, on
    /// as many threads as [`threads`](Export::threads) allows. Threads
    /// parse, judge, format and log chunks of the input, a quarter of a
    /// megabyte or so each; the calling thread frames the chunks, writes
    /// the rows in input order, and parses chunks too while it waits. With
    /// one thread, the calling thread does it all, and no thread is
    /// started.
    ///
    /// Each record is dropped as soon as its row is written, its memory
    /// reused for the next: the export of a dump allocates next to nothing
    /// per record, where [`write`](Export::write) takes records the
    /// caller made.
    ///
    /// A decision log ([`decision_log`](Export::decision_log)) is written
    /// as on one thread, byte for byte: each record's line is written on
    /// the thread that judged it, and the calling thread writes the lines
    /// in the order one thread writes them.
    ///
    /// ```
    /// # use chrono::{TimeZone, Utc};
    /// # use consent_gate::{Declaration, export::{Export, OnBadRow}, purpose::MarketingPost, synthetic};
    /// # let broker = synthetic::broker();
    /// # let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    /// # let gate = broker.gate(Declaration::<MarketingPost>::new(synthetic::BROKER, synthetic::BROKER, as_of)?)?;
    /// use consent_gate::crm::read_csv;
    ///
    /// let mut dump = Vec::new();
    /// synthetic::Synthetic::new(3_000, 1).write_csv(&mut dump)?;
    /// let export = || Export::new(&gate).on_bad_row(OnBadRow::SetAside);
    /// let (mut one, mut two) = (Vec::new(), Vec::new());
    /// let a = export().threads(1).write(read_csv(dump.as_slice()), &mut one)?;
    /// let b = export().threads(2).write_csv(dump.as_slice(), &mut two)?;
    /// assert_eq!((one, a.output_sha256), (two, b.output_sha256));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv<R: Read, W: Write>(self, input: R, out: W) -> Result<Receipt, ExportError> {
        let mut table = CsvTable::<R, OneRow>::new(input);
        let rows = match table.chunk_parser() {
            Some(Ok(rows)) => rows,
            // An empty input, or one whose header is wrong: as on one
            // thread.
            None => return self.write(std::iter::empty::<Record>(), out),
            Some(Err(e)) => return self.write([Err::<Record, _>(e)], out),
        };
        self.write_chunked(rows, table.framer(), out)
    }

    /// Writes the export of a JSON Lines dump in the CRM's one-row form
    /// to `out`, and returns its receipt: what [`write`](Export::write) of
    /// [`read_json_lines`](crate::crm::read_json_lines) gives, byte for byte, on as many threads as
    /// [`threads`](Export::threads) allows, as
    /// [`write_csv`](Export::write_csv) does for CSV.
    ///
    /// ```
    /// # use chrono::{TimeZone, Utc};
    /// # use consent_gate::{Declaration, export::{Export, OnBadRow}, purpose::MarketingPost, synthetic};
    /// # let broker = synthetic::broker();
    /// # let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    /// # let gate = broker.gate(Declaration::<MarketingPost>::new(synthetic::BROKER, synthetic::BROKER, as_of)?)?;
    /// use consent_gate::crm::read_json_lines;
    ///
    /// let mut dump = Vec::new();
    /// synthetic::Synthetic::new(3_000, 1).write_json_lines(&mut dump)?;
    /// let export = || Export::new(&gate).on_bad_row(OnBadRow::SetAside);
    /// let (mut one, mut two) = (Vec::new(), Vec::new());
    /// let a = export().threads(1).write(read_json_lines(dump.as_slice()), &mut one)?;
    /// let b = export().threads(2).write_json_lines(dump.as_slice(), &mut two)?;
    /// assert_eq!((one, a.output_sha256), (two, b.output_sha256));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json_lines<R: BufRead, W: Write>(
        self,
        input: R,
        out: W,
    ) -> Result<Receipt, ExportError> {
        let mut table = JsonTable::<R, OneRow>::new(input);
        let rows = table.chunk_parser();
        self.write_chunked(rows, table.framer(), out)
    }

    /// The export of chunks that `rows` parses and `frame` frames, in the
    /// export's format.
    fn write_chunked<C, Fr, W>(self, rows: C, frame: Fr, out: W) -> Result<Receipt, ExportError>
    where
        C: EachChunk<Item = Record>,
        Fr: FnMut(Vec<u8>) -> std::io::Result<Option<C::Chunk>>,
        W: Write,
    {
        let hash_thread = self.hash_thread();
        match self.format {
            Format::Csv => self.run_chunked(rows, frame, CsvSink::new(out, hash_thread)),
            Format::JsonLines => self.run_chunked(rows, frame, JsonSink::new(out, hash_thread)),
        }
    }

    fn run_chunked<C, Fr, K>(self, rows: C, frame: Fr, sink: K) -> Result<Receipt, ExportError>
    where
        C: EachChunk<Item = Record>,
        Fr: FnMut(Vec<u8>) -> std::io::Result<Option<C::Chunk>>,
        K: Sink,
    {
        let threads = self.threads;
        let judge = self.judge();
        let mut columns = SchemaColumns::default();
        <S as SchemaImpl<P, ()>>::describe(&mut columns);
        let fields = columns.names.len();
        std::thread::scope(|scope| {
            let judging = Judging::<P, S, K, C> {
                rows,
                judge: &judge,
                sink: K::rows(),
                scratch: Tally::new(fields),
                fields,
                log: self.log.as_ref().map(|_| DecisionLog::chunk()),
            };
            let placing = Placing {
                parallel: Parallel::new(threads, judging, scoped(scope)),
                frame,
                shared: Rc::new(Shared {
                    judgements: Vec::new(),
                    rows: Vec::new(),
                    lines: Vec::new(),
                    spill: Spill::default(),
                }),
                next: 0,
                errors: Vec::new().into_iter(),
            };
            self.run_placed(placing, sink)
        })
    }
}
