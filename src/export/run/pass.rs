//! One pass over the input: each row read, held back while its subject may
//! appear again, judged, written or set aside, and the receipt of it all.

use super::*;

impl<'g, P: Purpose, S: Schema<P, X>, X, F: FnMut(u64)> Export<'g, P, S, X, F> {
    pub(super) fn run<I, K>(self, records: I, sink: K) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item: Item<X>>,
        K: Sink,
    {
        let records = records
            .into_iter()
            .map(|item| item.into_record().map(Fresh));
        self.run_placed(records, sink)
    }

    /// What judges each record: the gate, or the declaration's refusal.
    pub(super) fn judge(&self) -> Judge<'g, P, S, X> {
        Judge {
            judged: self.judged.clone(),
            required: self.required,
            schema: PhantomData,
        }
    }

    /// The pass over rows to judge here ([`Fresh`]) or judged on other
    /// threads ([`Prejudged`](super::chunked::Prejudged)).
    pub(super) fn run_placed<T, K>(
        mut self,
        records: impl Iterator<Item = Result<T, ExportError>>,
        mut sink: K,
    ) -> Result<Receipt, ExportError>
    where
        T: Placed<P, S, X>,
        K: Sink,
    {
        let judge = self.judge();
        let mut columns = SchemaColumns::default();
        <S as SchemaImpl<P, X>>::describe(&mut columns);
        sink.header(&columns.names).map_err(ExportError::Output)?;
        let mut tally = Tally::new(columns.names.len());
        let hash_thread = self.hash_thread();
        let mut log = self
            .log
            .take()
            .map(|out| DecisionLog::new(out, hash_thread));
        let mut subjects = match self.judged {
            Judged::Gate(_) => Subjects::new(self.duplicates),
            Judged::Refused { .. } => Subjects::Ignored,
        };
        // Sorted input: the last record read waits, with its number, until
        // the next row shows that its subject does not appear again.
        let mut held: Option<(u64, T)> = None;
        let mut reported = 0;
        for item in records {
            tally.records_in += 1;
            let number = tally.records_in;
            let (subject, record) = match item {
                Ok(record) => (Some(record.subject()), Some((number, record))),
                Err(e) => (self.set_aside(number, e, &mut tally, log.as_mut())?, None),
            };
            let mut out = Out {
                sink: &mut sink,
                tally: &mut tally,
                log: log.as_mut(),
            };
            let seen = subjects.see(subject, number)?;
            place(&judge, seen, record, &mut held, &mut out)?;
            if let Some(report) = self.progress.as_mut()
                && number.is_multiple_of(self.progress_every)
            {
                report(number);
                reported = number;
            }
        }
        if let Some((number, last)) = held {
            let mut out = Out {
                sink: &mut sink,
                tally: &mut tally,
                log: log.as_mut(),
            };
            last.judge(&judge, number, &mut out)?;
        }
        subjects.finish()?;
        if let Some(report) = self.progress.as_mut()
            && (tally.records_in == 0 || reported != tally.records_in)
        {
            report(tally.records_in);
        }
        let (neutralised, sha256) = sink.finish().map_err(ExportError::Output)?;
        let decision_log_sha256 = log
            .map(DecisionLog::finish)
            .transpose()
            .map_err(ExportError::Output)?;
        let head = self.receipt_head(decision_log_sha256);
        Ok(tally.into_receipt(head, &columns, neutralised, sha256))
    }

    /// A row that could not be read: set aside and counted, with the
    /// subject it names, where the job sets bad rows aside and the error is
    /// one row's; otherwise the error that stops the export.
    fn set_aside(
        &self,
        number: u64,
        error: ExportError,
        tally: &mut Tally,
        log: Option<&mut DecisionLog<'_>>,
    ) -> Result<Option<u64>, ExportError> {
        match error {
            ExportError::Input(e) if e.is_row_level() && self.on_bad_row == OnBadRow::SetAside => {
                tally.set_aside(&e);
                if let Some(log) = log {
                    log.set_aside(number, &e).map_err(ExportError::Output)?;
                }
                Ok(e.subject())
            }
            e => Err(e),
        }
    }

    /// Who exported what, when, under which configuration.
    fn receipt_head(&self, decision_log_sha256: Option<String>) -> ReceiptHead {
        let declaration = self.judged.declaration();
        ReceiptHead {
            buyer: declaration.buyer().to_string(),
            end_recipient: declaration.end_recipient().to_string(),
            purpose: declaration.purpose(),
            as_of: declaration.as_of(),
            format: self.format,
            config_sha256: self.judged.broker().config_sha256().to_owned(),
            declaration_refused: match &self.judged {
                Judged::Gate(_) => None,
                Judged::Refused { refusal, .. } => Some(refusal.code()),
            },
            exact_data_reason: self
                .judged
                .broker()
                .rules()
                .exact_data_reason(P::KIND)
                .map(str::to_owned),
            decision_log_sha256,
        }
    }
}

/// Judges a record as the subjects seen so far allow: now, after the one
/// held back (which it replaces), or not at all (its subject is on two
/// rows: it and the one held back are dropped).
fn place<P: Purpose, S: Schema<P, X>, X, T: Placed<P, S, X>, K: Sink>(
    judge: &Judge<'_, P, S, X>,
    seen: Seen,
    record: Option<(u64, T)>,
    held: &mut Option<(u64, T)>,
    out: &mut Out<'_, '_, K>,
) -> Result<(), ExportError> {
    match seen {
        Seen::Judge => {
            if let Some((number, record)) = record {
                record.judge(judge, number, out)?;
            }
        }
        Seen::Hold => {
            if let Some((number, earlier)) = std::mem::replace(held, record) {
                earlier.judge(judge, number, out)?;
            }
        }
        Seen::Duplicate => {
            for (number, record) in held.take().into_iter().chain(record) {
                out.tally.notice(record.notice());
                out.drop(number, record.subject(), DUPLICATE_SUBJECT)?;
            }
        }
    }
    Ok(())
}

/// A row the pass places: its subject and notice, and how it is judged.
pub(super) trait Placed<P: Purpose, S, X> {
    /// The record's subject id.
    fn subject(&self) -> u64;
    /// The notice the receipt counts it under.
    fn notice(&self) -> Option<NoticeVersion>;
    /// Judges it: counted, written, logged.
    fn judge<K: Sink>(
        &self,
        judge: &Judge<'_, P, S, X>,
        number: u64,
        out: &mut Out<'_, '_, K>,
    ) -> Result<(), ExportError>;
}

/// A record to judge on the pass's own thread.
pub(super) struct Fresh<R>(pub(super) R);

impl<P: Purpose, S: Schema<P, X>, X, R: Borrow<Record<X>>> Placed<P, S, X> for Fresh<R> {
    fn subject(&self) -> u64 {
        self.0.borrow().subject().0
    }

    fn notice(&self) -> Option<NoticeVersion> {
        notice_of(self.0.borrow())
    }

    fn judge<K: Sink>(
        &self,
        judge: &Judge<'_, P, S, X>,
        number: u64,
        out: &mut Out<'_, '_, K>,
    ) -> Result<(), ExportError> {
        judge.one(number, self.0.borrow(), out)
    }
}

/// What judges records: the gate or the declaration's refusal, and the
/// fields the schema requires. Shared with the threads that judge
/// chunks of records ([`chunked`](super::chunked)).
pub(super) struct Judge<'g, P: Purpose, S, X> {
    judged: Judged<'g, P>,
    required: &'static [&'static str],
    schema: PhantomData<fn() -> (S, X)>,
}

impl<P: Purpose, S: Schema<P, X>, X> Judge<'_, P, S, X> {
    /// Judges one record: counted under its notice, dropped whole or
    /// written with each field's outcome.
    pub(super) fn one<K: Sink>(
        &self,
        number: u64,
        record: &Record<X>,
        out: &mut Out<'_, '_, K>,
    ) -> Result<(), ExportError> {
        out.tally.notice_of(record);
        let subject = record.subject();
        let gate = match &self.judged {
            Judged::Gate(gate) => gate,
            Judged::Refused { refusal, .. } => {
                return out.drop(number, subject.0, refusal.code());
            }
        };
        let clearance = match gate.check(record) {
            Ok(clearance) => clearance,
            // Every field is withheld for this reason; the receipt counts
            // them from the drop, and no row is built.
            Err(refusal) => return out.drop(number, subject.0, refusal.code()),
        };
        out.sink.begin(subject);
        // Where a log is kept, each emitted contact field also names the
        // consents to its channels that it relied on.
        let channels = |category| clearance.channel_consents(category);
        let mut row = Row {
            sink: &mut *out.sink,
            tally: &mut *out.tally,
            fields: out.log.as_mut().map(|log| &mut log.fields),
            channels: &channels,
            required: self.required,
            position: 0,
            missing_required: false,
            error: None,
        };
        clearance.visit::<S, _>(&mut row);
        let (missing_required, error) = (row.missing_required, row.error);
        if let Some(e) = error {
            return Err(ExportError::Output(e));
        }
        if missing_required {
            return out.drop(number, subject.0, REQUIRED_FIELD_WITHHELD);
        }
        out.sink.commit().map_err(ExportError::Output)?;
        out.tally.emitted += 1;
        if let Some(log) = out.log.as_mut() {
            log.emitted(number, subject.0, P::KIND, clearance.consent())
                .map_err(ExportError::Output)?;
        }
        Ok(())
    }
}

/// Where a record's outcome goes: the output, the counts, and the decision
/// log if one is kept.
pub(super) struct Out<'a, 'g, K> {
    pub(super) sink: &'a mut K,
    pub(super) tally: &'a mut Tally,
    pub(super) log: Option<&'a mut DecisionLog<'g>>,
}

impl<K> Out<'_, '_, K> {
    /// A record dropped whole for `reason`.
    pub(super) fn drop(
        &mut self,
        number: u64,
        subject: u64,
        reason: &'static str,
    ) -> Result<(), ExportError> {
        self.tally.dropped(reason);
        match self.log.as_mut() {
            Some(log) => log
                .dropped(number, subject, reason)
                .map_err(ExportError::Output),
            None => Ok(()),
        }
    }
}
