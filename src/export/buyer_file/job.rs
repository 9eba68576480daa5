//! Running the export a buyer file declares: to a writer or a path, from an
//! input read once or, for unsorted input, scanned and read again.

use super::*;

impl BuyerFile {
    /// Runs the declared export of an input that can be read more than
    /// once (a file), with the purpose's default schema, to `path`
    /// (atomically: a failed job leaves no file there).
    ///
    /// `open` opens the input afresh. Subject ids in ascending order need
    /// one pass. At the first id out of order, the job starts again: it
    /// scans the input for subjects on two rows ([`Duplicates`]) and
    /// exports it with the scan, opening it twice more. `progress` counts
    /// the rows of each pass from the start.
    ///
    /// With `decision_log`, the job also writes its decision log there
    /// ([`Export::decision_log`]), atomically like the output, and the
    /// receipt carries the log's SHA-256.
    pub fn export_input_to_path<F, I>(
        &self,
        broker: &Broker,
        mut open: F,
        path: &Path,
        decision_log: Option<&Path>,
        on_bad_row: OnBadRow,
        mut progress: impl FnMut(u64),
    ) -> Result<Receipt, ExportError>
    where
        F: FnMut() -> std::io::Result<I>,
        I: IntoIterator<Item = Result<Record, ReadError>>,
    {
        let mut open = || open().map_err(|e| ExportError::Input(ReadError::Io(e)));
        let mut pass = |input: I, duplicates: Option<&Duplicates>| match decision_log {
            Some(log_path) => write_atomically(log_path, |log| {
                write_atomically(path, |out| {
                    let log: &mut (dyn Write + Send) = log;
                    let job = Job::new(on_bad_row, duplicates, Some(log));
                    self.run(broker, input, out, job, &mut progress)
                })
            }),
            None => write_atomically(path, |out| {
                let job = Job::new(on_bad_row, duplicates, None);
                self.run(broker, input, out, job, &mut progress)
            }),
        };
        match pass(open()?, None) {
            Err(ExportError::UnsortedInput { .. }) => {
                let duplicates = Duplicates::scan(open()?)?;
                pass(open()?, Some(&duplicates))
            }
            done => done,
        }
    }

    /// Runs the declared export, with the purpose's default schema, to
    /// `path` (atomically: a failed job leaves no file there). Subject ids
    /// must come in ascending order ([`ExportError::UnsortedInput`]
    /// otherwise); [`export_input_to_path`](Self::export_input_to_path)
    /// takes any order.
    pub fn export_to_path<I>(
        &self,
        broker: &Broker,
        records: I,
        path: &Path,
        on_bad_row: OnBadRow,
        progress: impl FnMut(u64),
    ) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
    {
        write_atomically(path, |out| {
            self.export(broker, records, out, on_bad_row, progress)
        })
    }

    /// Runs the declared export, with the purpose's default schema, to
    /// `out`, verifying the declaration against `broker`. Subject ids must
    /// come in ascending order ([`ExportError::UnsortedInput`] otherwise).
    ///
    /// A declaration the broker refuses ([`Broker::verify`]) is not an
    /// error: the job reads the records all the same, writes none, and
    /// returns the receipt of the refused attempt, which names the reason
    /// ([`Receipt::declaration_refused`]) and counts every record as
    /// dropped for it.
    pub fn export<I, W>(
        &self,
        broker: &Broker,
        records: I,
        out: W,
        on_bad_row: OnBadRow,
        progress: impl FnMut(u64),
    ) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
        W: Write,
    {
        self.run(
            broker,
            records,
            out,
            Job::new(on_bad_row, None, None),
            progress,
        )
    }

    /// Runs the declared export as [`export`](Self::export) does, against a
    /// scan of the same input for subjects on two rows, so that the input
    /// may come in any order.
    pub fn export_scanned<I, W>(
        &self,
        broker: &Broker,
        records: I,
        duplicates: &Duplicates,
        out: W,
        on_bad_row: OnBadRow,
        progress: impl FnMut(u64),
    ) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
        W: Write,
    {
        let job = Job::new(on_bad_row, Some(duplicates), None);
        self.run(broker, records, out, job, progress)
    }

    pub(super) fn run<I, W>(
        &self,
        broker: &Broker,
        records: I,
        out: W,
        job: Job<'_>,
        progress: impl FnMut(u64),
    ) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
        W: Write,
    {
        crate::with_purpose!(self.purpose, |P| {
            let declaration = Declaration::<P>::new(&self.buyer, &self.end_recipient, self.as_of)?;
            let gate;
            let mut export = match broker.verify(&declaration) {
                Ok(()) => {
                    gate = broker.gate(declaration.clone())?;
                    Export::new(&gate)
                }
                Err(refusal) => Export::refused(broker, &declaration, refusal),
            };
            if let Some(duplicates) = job.duplicates {
                export = export.duplicates(duplicates);
            }
            if let Some(log) = job.log {
                export = export.decision_log(log);
            }
            export
                .format(self.format)
                .on_bad_row(job.on_bad_row)
                .progress(100_000, progress)
                .write(records, out)
        })
    }
}

/// How one run of a buyer file's export goes: its rows, its scan, its log.
pub(super) struct Job<'a> {
    pub(super) on_bad_row: OnBadRow,
    pub(super) duplicates: Option<&'a Duplicates>,
    pub(super) log: Option<&'a mut (dyn Write + Send)>,
}

impl<'a> Job<'a> {
    pub(super) fn new(
        on_bad_row: OnBadRow,
        duplicates: Option<&'a Duplicates>,
        log: Option<&'a mut (dyn Write + Send)>,
    ) -> Self {
        Self {
            on_bad_row,
            duplicates,
            log,
        }
    }
}
