//! [`BuyerJob`]: running the export a buyer file declares, to a writer or
//! a path, from an input read once or, for unsorted input, scanned and
//! read again.

use std::borrow::Borrow;
use std::io::{BufRead, Read};

use super::*;
use crate::purpose::Purpose;
use crate::schema::{DefaultSchema, Schema};

impl BuyerFile {
    /// The declared export, with the purpose's default schema, verified
    /// against `broker` when it runs: set its options, then run it with
    /// one of [`BuyerJob`]'s `write` methods.
    ///
    /// A declaration the broker refuses ([`Broker::verify`]) is not an
    /// error: the job reads the records all the same, writes none, and
    /// returns the receipt of the refused attempt, which names the reason
    /// ([`Receipt::declaration_refused`]) and counts every record as
    /// dropped for it.
    pub fn job<'a>(&'a self, broker: &'a Broker) -> BuyerJob<'a> {
        BuyerJob {
            buyer: self,
            broker,
            on_bad_row: OnBadRow::default(),
            duplicates: None,
            decision_log: None,
            threads: super::super::run::default_threads(),
            progress: |_| {},
        }
    }
}

/// A buyer file's export, ready to run: made by [`BuyerFile::job`].
///
/// ```
/// use consent_gate::crm::read_csv;
/// use consent_gate::export::{BuyerFile, OnBadRow};
/// use consent_gate::synthetic::{self, Synthetic};
///
/// let broker = synthetic::broker();
/// let buyer = BuyerFile::from_json(br#"{"buyer": "Acme Retail Ltd",
///     "end_recipient": "Acme Retail Ltd", "purpose": "third_party_marketing",
///     "as_of": "2017-05-01T00:00:00Z"}"#)?;
/// let mut dump = Vec::new();
/// Synthetic::new(50, 7).write_csv(&mut dump)?;
/// let mut out = Vec::new();
/// let receipt = buyer
///     .job(&broker)
///     .on_bad_row(OnBadRow::SetAside)
///     .write(read_csv(dump.as_slice()), &mut out)?;
/// assert_eq!(receipt.records_in, 50);
/// assert!(receipt.reconciles());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "a job does nothing until one of its write methods runs it"]
pub struct BuyerJob<'a, F = fn(u64)> {
    buyer: &'a BuyerFile,
    broker: &'a Broker,
    on_bad_row: OnBadRow,
    duplicates: Option<&'a Duplicates>,
    decision_log: Option<&'a Path>,
    threads: usize,
    progress: F,
}

impl<F> std::fmt::Debug for BuyerJob<'_, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuyerJob")
            .field("buyer", self.buyer)
            .field("on_bad_row", &self.on_bad_row)
            .field("scanned", &self.duplicates.is_some())
            .field("decision_log", &self.decision_log)
            .finish_non_exhaustive()
    }
}

impl<'a, F: FnMut(u64)> BuyerJob<'a, F> {
    /// What a bad input row does ([`OnBadRow::Stop`] unless said).
    pub fn on_bad_row(mut self, on_bad_row: OnBadRow) -> Self {
        self.on_bad_row = on_bad_row;
        self
    }

    /// Exports against a scan of the same input for subjects on two rows
    /// ([`Duplicates`]), so that the input may come in any order; without
    /// it subject ids must ascend ([`ExportError::UnsortedInput`]).
    pub fn duplicates(mut self, duplicates: &'a Duplicates) -> Self {
        self.duplicates = Some(duplicates);
        self
    }

    /// Also writes the decision log ([`Export::decision_log`]) to `path`,
    /// atomically (a failed job leaves no file there); the receipt carries
    /// the log's SHA-256.
    pub fn decision_log(mut self, path: &'a Path) -> Self {
        self.decision_log = Some(path);
        self
    }

    /// Sets how many threads the export may use ([`Export::threads`]; the
    /// cores available unless said).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// Calls `progress` with the rows read so far, every 100,000 rows and
    /// once at the end (of each pass, counted from the start of the pass).
    pub fn progress<G: FnMut(u64)>(self, progress: G) -> BuyerJob<'a, G> {
        BuyerJob {
            buyer: self.buyer,
            broker: self.broker,
            on_bad_row: self.on_bad_row,
            duplicates: self.duplicates,
            decision_log: self.decision_log,
            threads: self.threads,
            progress,
        }
    }

    /// Runs the export of `records` (owned, or shared: anything that
    /// borrows as a [`Record`]) to `out`.
    pub fn write<I, R, W>(mut self, records: I, out: W) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<R, ReadError>>,
        R: Borrow<Record>,
        W: Write,
    {
        self.pass(Records(records), out, self.duplicates)
    }

    /// Runs the export of a CSV dump in the CRM's one-row form to `out`,
    /// on as many threads as [`threads`](BuyerJob::threads) allows
    /// ([`Export::write_csv`]): what [`write`](BuyerJob::write) of
    /// [`read_csv`](crate::crm::read_csv) writes, byte for byte.
    pub fn write_csv<R: Read, W: Write>(
        mut self,
        input: R,
        out: W,
    ) -> Result<Receipt, ExportError> {
        self.pass(CsvInput(input), out, self.duplicates)
    }

    /// Runs the export of a JSON Lines dump in the CRM's one-row form to
    /// `out`, on as many threads as [`threads`](BuyerJob::threads) allows
    /// ([`Export::write_json_lines`]): what [`write`](BuyerJob::write) of
    /// [`read_json_lines`](crate::crm::read_json_lines) writes, byte for
    /// byte.
    pub fn write_json_lines<R: BufRead, W: Write>(
        mut self,
        input: R,
        out: W,
    ) -> Result<Receipt, ExportError> {
        self.pass(JsonLinesInput(input), out, self.duplicates)
    }

    /// Runs the export of `records` to `path`, atomically: a failed job
    /// leaves no file there.
    pub fn write_to_path<I, R>(mut self, records: I, path: &Path) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<R, ReadError>>,
        R: Borrow<Record>,
    {
        write_atomically(path, |out| {
            self.pass(Records(records), out, self.duplicates)
        })
    }

    /// Runs the export of an input that can be read more than once (a
    /// file) to `path`, atomically, in any order of subject ids.
    ///
    /// `open` opens the input afresh. Subject ids in ascending order need
    /// one pass. At the first id out of order, the job starts again: it
    /// scans the input for subjects on two rows ([`Duplicates`]) and
    /// exports it with the scan, opening it twice more.
    pub fn write_input_to_path<O, I>(
        mut self,
        mut open: O,
        path: &Path,
    ) -> Result<Receipt, ExportError>
    where
        O: FnMut() -> std::io::Result<I>,
        I: IntoIterator<Item = Result<Record, ReadError>>,
    {
        let mut open = || open().map_err(|e| ExportError::Input(ReadError::Io(e)));
        match write_atomically(path, |out| {
            self.pass(Records(open()?), out, self.duplicates)
        }) {
            Err(ExportError::UnsortedInput { .. }) if self.duplicates.is_none() => {
                let duplicates = Duplicates::scan(open()?)?;
                let input = Records(open()?);
                write_atomically(path, |out| self.pass(input, out, Some(&duplicates)))
            }
            done => done,
        }
    }

    /// One pass over `records`, with the decision log if one is asked for.
    fn pass<I: Feed, W: Write>(
        &mut self,
        records: I,
        out: W,
        duplicates: Option<&Duplicates>,
    ) -> Result<Receipt, ExportError> {
        match self.decision_log {
            Some(log_path) => write_atomically(log_path, |log| {
                let log: &mut (dyn Write + Send) = log;
                self.run(records, out, duplicates, Some(log))
            }),
            None => self.run(records, out, duplicates, None),
        }
    }

    fn run<I: Feed, W: Write>(
        &mut self,
        records: I,
        out: W,
        duplicates: Option<&Duplicates>,
        log: Option<&mut (dyn Write + Send)>,
    ) -> Result<Receipt, ExportError> {
        let buyer = self.buyer;
        let broker = self.broker;
        crate::with_purpose!(buyer.purpose, |P| {
            let declaration =
                Declaration::<P>::new(&buyer.buyer, &buyer.end_recipient, buyer.as_of)?;
            let run = Run {
                records,
                out,
                duplicates,
                log: log.map(|log| log as &mut (dyn Write + Send)),
            };
            let gate;
            match broker.verify(&declaration) {
                // Exact values where the broker's rules record the need.
                Ok(()) if broker.rules().exact_data_reason(buyer.purpose).is_some() => {
                    gate = broker.gate(declaration.clone())?;
                    let export =
                        Export::<P, <P as DefaultSchema>::WithExactData>::with_schema(&gate)
                            .require::<<P as DefaultSchema>::Required>();
                    self.finish(export, run)
                }
                Ok(()) => {
                    gate = broker.gate(declaration.clone())?;
                    self.finish(Export::new(&gate), run)
                }
                Err(refusal) => self.finish(Export::refused(broker, &declaration, refusal), run),
            }
        })
    }

    /// Sets the job's options on `export` and runs it.
    fn finish<'g, P, S, I, W>(
        &mut self,
        mut export: Export<'g, P, S>,
        run: Run<'g, 'g, I, W>,
    ) -> Result<Receipt, ExportError>
    where
        P: DefaultSchema,
        S: Schema<P>,
        I: Feed,
        W: Write,
    {
        if let Some(duplicates) = run.duplicates {
            export = export.duplicates(duplicates);
        }
        if let Some(log) = run.log {
            export = export.decision_log(log);
        }
        let export = export
            .threads(self.threads)
            .format(self.buyer.format)
            .on_bad_row(self.on_bad_row)
            .progress(100_000, &mut self.progress);
        run.records.export(export, run.out)
    }
}

/// What a job exports: records, or a CSV or JSON Lines dump the export
/// reads itself.
trait Feed {
    fn export<P: Purpose, S: Schema<P>, F: FnMut(u64), W: Write>(
        self,
        export: Export<'_, P, S, (), F>,
        out: W,
    ) -> Result<Receipt, ExportError>;
}

/// Records read elsewhere.
struct Records<I>(I);

impl<I, R> Feed for Records<I>
where
    I: IntoIterator<Item = Result<R, ReadError>>,
    R: Borrow<Record>,
{
    fn export<P: Purpose, S: Schema<P>, F: FnMut(u64), W: Write>(
        self,
        export: Export<'_, P, S, (), F>,
        out: W,
    ) -> Result<Receipt, ExportError> {
        export.write(self.0, out)
    }
}

/// A JSON Lines dump in the one-row form ([`Export::write_json_lines`]).
struct JsonLinesInput<R>(R);

impl<R: BufRead> Feed for JsonLinesInput<R> {
    fn export<P: Purpose, S: Schema<P>, F: FnMut(u64), W: Write>(
        self,
        export: Export<'_, P, S, (), F>,
        out: W,
    ) -> Result<Receipt, ExportError> {
        export.write_json_lines(self.0, out)
    }
}

/// A CSV dump in the one-row form ([`Export::write_csv`]).
struct CsvInput<R>(R);

impl<R: Read> Feed for CsvInput<R> {
    fn export<P: Purpose, S: Schema<P>, F: FnMut(u64), W: Write>(
        self,
        export: Export<'_, P, S, (), F>,
        out: W,
    ) -> Result<Receipt, ExportError> {
        export.write_csv(self.0, out)
    }
}

/// One run's input, output, scan and log.
struct Run<'d, 'l, I, W> {
    records: I,
    out: W,
    duplicates: Option<&'d Duplicates>,
    log: Option<&'l mut (dyn Write + Send)>,
}
