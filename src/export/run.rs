//! [`Export`]: the export job's loop.

use std::borrow::Borrow;
use std::fmt;
use std::io::Write;
use std::marker::PhantomData;
use std::path::Path;

use super::atomic::write_atomically;
use super::csv_out::CsvSink;
use super::duplicates::Duplicates;
use super::error::ExportError;
use super::json_out::JsonSink;
use super::options::{Format, OnBadRow};
use super::receipt::{DUPLICATE_SUBJECT, REQUIRED_FIELD_WITHHELD, Receipt, ReceiptHead, Tally};
use super::sink::Sink;
use super::subjects::{Seen, Subjects};
use crate::broker::Broker;
use crate::category::CategoryType;
use crate::crm::ReadError;
use crate::declaration::Declaration;
use crate::declaration_refusal::DeclarationRefusal;
use crate::field::{Field, FieldFor};
use crate::gate::Gate;
use crate::purpose::Purpose;
use crate::record::Record;
use crate::refusal::Refusal;
use crate::schema::sealed::{FieldTypeVisitor, SchemaImpl};
use crate::schema::{DefaultSchema, Schema, SchemaVisitor};
use crate::value::sealed::Encode;

/// An export job for purpose `P` with schema `S`: configure it, then
/// [`write`](Export::write) or [`write_to_path`](Export::write_to_path).
///
/// The records come as an iterator of `Result<Record, ReadError>`, as the
/// [`crm`](crate::crm) readers give them, or of `Result<&Record, _>`, so
/// records held in memory are exported without a copy.
pub struct Export<'g, P: Purpose, S, X = ()> {
    judged: Judged<'g, P>,
    required: &'static [&'static str],
    format: Format,
    on_bad_row: OnBadRow,
    progress_every: u64,
    progress: Option<Box<dyn FnMut(u64) + Send + Sync + 'g>>,
    duplicates: Option<&'g Duplicates>,
    schema: PhantomData<fn() -> (S, X)>,
}

/// What an export judges by: a gate, or the refusal of its declaration.
enum Judged<'g, P: Purpose> {
    Gate(&'g Gate<P>),
    Refused {
        broker: &'g Broker,
        declaration: &'g Declaration<P>,
        refusal: DeclarationRefusal,
    },
}

impl<P: Purpose> Judged<'_, P> {
    fn declaration(&self) -> &Declaration<P> {
        match self {
            Self::Gate(gate) => gate.declaration(),
            Self::Refused { declaration, .. } => declaration,
        }
    }

    fn broker(&self) -> &Broker {
        match self {
            Self::Gate(gate) => gate.broker(),
            Self::Refused { broker, .. } => broker,
        }
    }
}

impl<'g, P: DefaultSchema> Export<'g, P, P::Schema> {
    /// An export with the purpose's default schema and required fields.
    pub fn new(gate: &'g Gate<P>) -> Self {
        Self::with_schema(gate, P::REQUIRED)
    }

    /// The export of a declaration the broker refused
    /// ([`Broker::verify`]): it writes no record, and its receipt counts
    /// every record read as dropped for the refusal. A refused attempt is
    /// part of the record.
    pub fn refused(
        broker: &'g Broker,
        declaration: &'g Declaration<P>,
        refusal: DeclarationRefusal,
    ) -> Self {
        Self::judged_by(
            Judged::Refused {
                broker,
                declaration,
                refusal,
            },
            P::REQUIRED,
        )
    }
}

impl<'g, P: Purpose, S, X> Export<'g, P, S, X> {
    /// An export with schema `S`; a record missing any of the `required`
    /// field names (withheld or absent) is dropped whole.
    ///
    /// `S` must be a [`Schema`] purpose `P` may receive: naming a child's
    /// birth date in a political export does not compile, and the compiler
    /// gives the policy as its reason.
    pub fn with_schema(gate: &'g Gate<P>, required: &'static [&'static str]) -> Self
    where
        S: Schema<P, X>,
    {
        Self::judged_by(Judged::Gate(gate), required)
    }

    fn judged_by(judged: Judged<'g, P>, required: &'static [&'static str]) -> Self
    where
        S: Schema<P, X>,
    {
        // Evaluated at compile time: two fields writing one column, or a
        // broker's field with a bad name, stop the build here.
        let () = <S as SchemaImpl<P, X>>::DISTINCT;
        Self {
            judged,
            required,
            format: Format::default(),
            on_bad_row: OnBadRow::default(),
            progress_every: 0,
            progress: None,
            duplicates: None,
            schema: PhantomData,
        }
    }
}

impl<'g, P: Purpose, S: Schema<P, X>, X> Export<'g, P, S, X> {
    /// Sets the output format (CSV unless said).
    #[must_use]
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Sets what an unreadable row does ([`OnBadRow::Stop`] unless said).
    #[must_use]
    pub fn on_bad_row(mut self, on_bad_row: OnBadRow) -> Self {
        self.on_bad_row = on_bad_row;
        self
    }

    /// Calls `report` with the number of input rows done so far, every
    /// `every` rows and once at the end.
    #[must_use]
    pub fn progress(mut self, every: u64, report: impl FnMut(u64) + Send + Sync + 'g) -> Self {
        self.progress_every = every.max(1);
        self.progress = Some(Box::new(report));
        self
    }

    /// Exports against a scan of the same input for subjects on two rows,
    /// so that the input may come in any order. Without one, subject ids
    /// must come in ascending order; see [`Duplicates`].
    #[must_use]
    pub fn duplicates(mut self, scan: &'g Duplicates) -> Self {
        self.duplicates = Some(scan);
        self
    }

    /// Writes the export to `path` through a temporary file renamed into
    /// place on success: a job that fails leaves no file at `path`.
    pub fn write_to_path<I, R>(self, records: I, path: &Path) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<R, ReadError>>,
        R: Borrow<Record<X>>,
    {
        write_atomically(path, |out| self.write(records, out))
    }

    /// Writes the export to `out` and returns its receipt.
    pub fn write<I, R, W>(self, records: I, out: W) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<R, ReadError>>,
        R: Borrow<Record<X>>,
        W: Write,
    {
        match self.format {
            Format::Csv => self.run(records, CsvSink::new(out)),
            Format::JsonLines => self.run(records, JsonSink::new(out)),
        }
    }

    fn run<I, R, K>(mut self, records: I, mut sink: K) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<R, ReadError>>,
        R: Borrow<Record<X>>,
        K: Sink,
    {
        let mut columns = Columns::default();
        <S as SchemaImpl<P, X>>::describe(&mut columns);
        sink.header(&columns.names).map_err(ExportError::Output)?;
        let mut tally = Tally::default();
        let mut subjects = match self.judged {
            Judged::Gate(_) => Subjects::new(self.duplicates),
            Judged::Refused { .. } => Subjects::Ignored,
        };
        // Sorted input: the last record read waits until the next row shows
        // that its subject does not appear again.
        let mut held: Option<R> = None;
        for item in records {
            tally.records_in += 1;
            let (subject, record) = match item {
                Ok(record) => (Some(record.borrow().subject().0), Some(record)),
                Err(e) if e.is_row_level() && self.on_bad_row == OnBadRow::SetAside => {
                    tally.set_aside(&e);
                    (e.subject(), None)
                }
                Err(e) => return Err(ExportError::Input(e)),
            };
            match subjects.see(subject, tally.records_in)? {
                Seen::Judge => {
                    if let Some(record) = record {
                        self.one(record.borrow(), &mut sink, &mut tally)?;
                    }
                }
                Seen::Hold => {
                    if let Some(earlier) = std::mem::replace(&mut held, record) {
                        self.one(earlier.borrow(), &mut sink, &mut tally)?;
                    }
                }
                Seen::Duplicate => {
                    for record in held.take().into_iter().chain(record) {
                        tally.notice_of(record.borrow());
                        tally.dropped(DUPLICATE_SUBJECT);
                    }
                }
            }
            if let Some(report) = self.progress.as_mut()
                && tally.records_in % self.progress_every == 0
            {
                report(tally.records_in);
            }
        }
        if let Some(last) = held {
            self.one(last.borrow(), &mut sink, &mut tally)?;
        }
        subjects.finish()?;
        if let Some(report) = self.progress.as_mut() {
            report(tally.records_in);
        }
        let (neutralised, sha256) = sink.finish().map_err(ExportError::Output)?;
        let declaration = self.judged.declaration();
        let head = ReceiptHead {
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
        };
        Ok(tally.into_receipt(head, &columns.categories, neutralised, sha256))
    }

    fn one<K: Sink>(
        &self,
        record: &Record<X>,
        sink: &mut K,
        tally: &mut Tally,
    ) -> Result<(), ExportError> {
        tally.notice_of(record);
        let gate = match &self.judged {
            Judged::Gate(gate) => gate,
            Judged::Refused { refusal, .. } => {
                tally.dropped(refusal.code());
                return Ok(());
            }
        };
        let clearance = gate.check(record);
        if let Err(refusal) = clearance.verdict() {
            // Every field is withheld for this reason; the receipt counts
            // them from the drop, and no row is built.
            tally.dropped(refusal.code());
            return Ok(());
        }
        sink.begin(record.subject());
        let mut row = Row {
            sink,
            tally,
            required: self.required,
            missing_required: false,
            error: None,
        };
        clearance.visit::<S, _>(&mut row);
        let (missing_required, error) = (row.missing_required, row.error);
        if let Some(e) = error {
            return Err(ExportError::Output(e));
        }
        if missing_required {
            tally.dropped(REQUIRED_FIELD_WITHHELD);
        } else {
            sink.commit().map_err(ExportError::Output)?;
            tally.emitted += 1;
        }
        Ok(())
    }
}

impl<P: Purpose, S, X> fmt::Debug for Export<'_, P, S, X> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Export")
            .field("declaration", self.judged.declaration())
            .field("required", &self.required)
            .field("format", &self.format)
            .field("on_bad_row", &self.on_bad_row)
            .finish_non_exhaustive()
    }
}

/// Collects a schema's field names, column suffixes and categories.
#[derive(Default)]
struct Columns {
    names: Vec<(&'static str, &'static [&'static str])>,
    categories: Vec<&'static str>,
}

impl<X> FieldTypeVisitor<X> for Columns {
    fn field<F: Field<X>>(&mut self) {
        self.names.push((F::NAME, <F::Value as Encode>::COLUMNS));
        self.categories
            .push(<F::Category as CategoryType>::CATEGORY.name());
    }
}

/// Builds one output row from a clearance's outcomes.
struct Row<'a, K> {
    sink: &'a mut K,
    tally: &'a mut Tally,
    required: &'static [&'static str],
    missing_required: bool,
    error: Option<std::io::Error>,
}

impl<'r, P: Purpose, X, K: Sink> SchemaVisitor<'r, P, X> for Row<'_, K> {
    fn field<F: FieldFor<P, X>>(&mut self, outcome: Result<Option<&'r F::Value>, Refusal>) {
        match outcome {
            Ok(Some(value)) => {
                if let Err(e) = self.sink.value(F::NAME, value) {
                    self.error.get_or_insert(e);
                }
                return;
            }
            Ok(None) => {}
            Err(refusal) => {
                let category = <F::Category as CategoryType>::CATEGORY;
                self.tally.withheld(category.name(), refusal);
            }
        }
        self.sink.absent::<F::Value>(F::NAME);
        if self.required.contains(&F::NAME) {
            self.missing_required = true;
        }
    }
}
