//! [`Export`]: the export job's loop.

use std::borrow::Borrow;
use std::fmt;
use std::io::Write;
use std::marker::PhantomData;
use std::path::Path;

use super::atomic::write_atomically;
use super::csv_out::CsvSink;
use super::decision_log::{ChannelRef, DecisionLog, FieldOutcome};
use super::duplicates::Duplicates;
use super::error::ExportError;
use super::item::{Item, sealed::ItemImpl};
use super::json_out::JsonSink;
use super::options::{Format, OnBadRow};
use super::receipt::{DUPLICATE_SUBJECT, REQUIRED_FIELD_WITHHELD, Receipt};
use super::sink::Sink;
use super::subjects::{Seen, Subjects};
use super::tally::{ReceiptHead, Tally, notice_of};
use crate::broker::Broker;
use crate::category::{Category, CategoryType};
pub(super) use crate::crm::default_threads;
use crate::declaration::Declaration;
use crate::declaration_refusal::DeclarationRefusal;
use crate::field::FieldFor;
use crate::gate::Gate;
use crate::notice::NoticeVersion;
use crate::purpose::{Purpose, PurposeKind};
use crate::record::Record;
use crate::refusal::Refusal;
use crate::schema::sealed::{FieldsImpl, RequiredIn, SchemaImpl};
use crate::schema::{DefaultSchema, Fields, Schema, SchemaVisitor};

mod chunked;
mod pass;
mod row;

use super::columns::SchemaColumns;
use pass::{Judge, Out, Placed};
use row::Row;

/// An export job for purpose `P` with schema `S`, of records with
/// extension `X`: configure it, then [`write`](Export::write) or
/// [`write_to_path`](Export::write_to_path).
///
/// The records come as an iterator of [`Item`]s: `Result<Record, ReadError>`
/// as the [`crm`](crate::crm) readers give them, `&Record` or `Record` as a
/// program holds them, or results with the program's own error type.
///
/// `F` is the progress callback's type ([`progress`](Export::progress)):
/// an export is `Send` where its callback is, and needs nothing more of it
/// than `FnMut(u64)`.
pub struct Export<'g, P: Purpose, S, X = (), F = fn(u64)> {
    judged: Judged<'g, P>,
    required: &'static [&'static str],
    format: Format,
    on_bad_row: OnBadRow,
    progress_every: u64,
    progress: Option<F>,
    duplicates: Option<&'g Duplicates>,
    log: Option<&'g mut (dyn Write + Send)>,
    threads: usize,
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

impl<P: Purpose> Clone for Judged<'_, P> {
    fn clone(&self) -> Self {
        match self {
            Self::Gate(gate) => Self::Gate(gate),
            Self::Refused {
                broker,
                declaration,
                refusal,
            } => Self::Refused {
                broker,
                declaration,
                refusal: *refusal,
            },
        }
    }
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
    /// An export with the purpose's default schema and required fields
    /// ([`DefaultSchema`]).
    pub fn new(gate: &'g Gate<P>) -> Self {
        Self::with_schema(gate).require::<P::Required>()
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
        Self::judged_by(Judged::Refused {
            broker,
            declaration,
            refusal,
        })
        .require::<P::Required>()
    }
}

impl<'g, P: Purpose, S, X> Export<'g, P, S, X> {
    /// An export with schema `S`, and no required field unless
    /// [`require`](Export::require) names some.
    ///
    /// `S` must be a [`Schema`] purpose `P` may receive: naming a child's
    /// birth date in a political export does not compile, and the compiler
    /// gives the policy as its reason.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use consent_gate::export::Export;
    /// use consent_gate::field::{Email, ParentName};
    /// use consent_gate::purpose::MarketingEmail;
    /// use consent_gate::{Declaration, synthetic};
    ///
    /// let broker = synthetic::broker();
    /// let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    /// let gate = broker.gate(Declaration::<MarketingEmail>::new(synthetic::BROKER, synthetic::BROKER, as_of)?)?;
    /// let export = Export::<_, (ParentName, Email)>::with_schema(&gate).require::<(Email,)>();
    /// let receipt = export.write(synthetic::Synthetic::new(100, 1).records(), Vec::new())?;
    /// assert!(receipt.reconciles());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_schema(gate: &'g Gate<P>) -> Self
    where
        S: Schema<P, X>,
    {
        Self::judged_by(Judged::Gate(gate))
    }

    fn judged_by(judged: Judged<'g, P>) -> Self
    where
        S: Schema<P, X>,
    {
        // Evaluated at compile time: two fields writing one column, or a
        // broker's field with a bad name, stop the build here.
        let () = <S as SchemaImpl<P, X>>::DISTINCT;
        Self {
            judged,
            required: &[],
            format: Format::default(),
            on_bad_row: OnBadRow::default(),
            progress_every: 0,
            progress: None,
            duplicates: None,
            log: None,
            threads: default_threads(),
            schema: PhantomData,
        }
    }
}

impl<'g, P: Purpose, S: Schema<P, X>, X, F: FnMut(u64)> Export<'g, P, S, X, F> {
    /// Drops whole every record that cannot emit all the fields of `R`
    /// (withheld or absent), instead of those [`with_schema`] or
    /// [`new`](Export::new) required. The fields are named by type, so a
    /// misspelt one does not compile, and one that is not in the schema
    /// stops the build:
    ///
    /// ```compile_fail,E0080
    /// # use chrono::{TimeZone, Utc};
    /// # use consent_gate::{Declaration, export::Export, field::{Email, ParentName, Phone}};
    /// # use consent_gate::{purpose::MarketingEmail, synthetic};
    /// # let broker = synthetic::broker();
    /// # let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    /// # let gate = broker.gate(Declaration::<MarketingEmail>::new(synthetic::BROKER, synthetic::BROKER, as_of).unwrap()).unwrap();
    /// let _ = Export::<_, (ParentName, Email)>::with_schema(&gate).require::<(Phone,)>();
    /// ```
    ///
    /// [`with_schema`]: Export::with_schema
    #[must_use]
    pub fn require<R: Fields<X>>(mut self) -> Self {
        let () = RequiredIn::<S, R, P, X>::OK;
        self.required = <R as FieldsImpl<X>>::NAMES;
        self
    }

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
    /// `every` rows, and at the end with the total unless that was just
    /// reported: each count once, the last being the total.
    ///
    /// The callback needs only to be `FnMut(u64)`; it may hold a `Cell` or
    /// an `Rc`. The export is `Send` (to run it on another thread) where the
    /// callback is.
    ///
    /// ```
    /// # use chrono::{TimeZone, Utc};
    /// # use consent_gate::{Declaration, export::{Export, OnBadRow}, purpose::MarketingPost, synthetic};
    /// # let broker = synthetic::broker();
    /// # let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    /// # let gate = broker.gate(Declaration::<MarketingPost>::new(synthetic::BROKER, synthetic::BROKER, as_of)?)?;
    /// let done = std::cell::Cell::new(Vec::new());
    /// Export::new(&gate)
    ///     .on_bad_row(OnBadRow::SetAside)
    ///     .progress(400, |n| done.set([done.take(), vec![n]].concat()))
    ///     .write(synthetic::Synthetic::new(1_000, 1).records(), std::io::sink())?;
    /// assert_eq!(done.take(), [400, 800, 1_000]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn progress<G: FnMut(u64)>(self, every: u64, report: G) -> Export<'g, P, S, X, G> {
        Export {
            judged: self.judged,
            required: self.required,
            format: self.format,
            on_bad_row: self.on_bad_row,
            progress_every: every.max(1),
            progress: Some(report),
            duplicates: self.duplicates,
            log: self.log,
            threads: self.threads,
            schema: PhantomData,
        }
    }

    /// Sets how many threads the export may use (the default: the cores
    /// available): with two or more, the SHA-256 of the output (and of the
    /// decision log, where one is kept) is computed on a thread of its
    /// own, and [`write_csv`](Export::write_csv) and
    /// [`write_json_lines`](Export::write_json_lines) parse, judge,
    /// format and log on that many threads, the caller's among them. One
    /// (or zero) uses none but the caller's. The output, the receipt and
    /// the decision log are the same whatever the number. No global state is kept: exports on many
    /// threads at once each keep their own.
    ///
    /// ```
    /// # use chrono::{TimeZone, Utc};
    /// # use consent_gate::{Declaration, export::{Export, OnBadRow}, purpose::MarketingPost, synthetic};
    /// # let broker = synthetic::broker();
    /// # let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    /// # let gate = broker.gate(Declaration::<MarketingPost>::new(synthetic::BROKER, synthetic::BROKER, as_of)?)?;
    /// let records = || synthetic::Synthetic::new(2_000, 1).records();
    /// let one = Export::new(&gate).on_bad_row(OnBadRow::SetAside).threads(1).write(records(), Vec::new())?;
    /// let two = Export::new(&gate).on_bad_row(OnBadRow::SetAside).threads(2).write(records(), Vec::new())?;
    /// assert_eq!(one.output_sha256, two.output_sha256);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
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

    /// Keeps a decision log in `log`: one JSON line per input row, in the
    /// order the export decided them, and the receipt carries its SHA-256
    /// ([`Receipt::decision_log_sha256`]). This is what a broker shows a
    /// regulator who asks why one person's data went to one buyer (GDPR
    /// 5(2), 7(1)). It holds no personal value but the subject id: codes,
    /// field names, and the consent each emitted record relied on (its
    /// position in the subject's ledger, the purpose, its notice version
    /// and when it was given).
    ///
    /// A line has `record` (1 is the first data row), `subject_id` (or
    /// `null` where a row set aside had none that could be read),
    /// `outcome` (`emitted`, `dropped` or `set_aside`) and:
    ///
    /// * for `emitted`: `consent` (with the purpose also as its W3C DPV
    ///   term, `purpose_dpv`) and `fields`, each field with its
    ///   `outcome` (`emitted`, `withheld` with its `reason`, or `absent`:
    ///   the record holds no value) and its category's DPV term
    ///   (`category_dpv`, for the built-in categories; see
    ///   [`standards`](crate::standards)); a contact field emitted for marketing
    ///   on another channel than its own also lists `channels`, the
    ///   consent to each channel it relied on (`channel`, and `consent`,
    ///   its position in the ledger);
    /// * for `dropped`: `reason`, the record-level refusal (every field
    ///   withheld for it), `duplicate_subject`, or `required_field_withheld`
    ///   with the `fields`;
    /// * for `set_aside`: `line`, `reason` (the problem's code) and `field`
    ///   where the problem is one field's.
    ///
    /// A record whose subject might appear again on the next row (sorted
    /// input) is decided when that row is read, so a row set aside there
    /// is logged before the record above it; `record` orders them.
    #[must_use]
    pub fn decision_log(mut self, log: &'g mut (dyn Write + Send)) -> Self {
        self.log = Some(log);
        self
    }

    /// Writes the export to `path` through a temporary file renamed into
    /// place on success: a job that fails leaves no file at `path`.
    pub fn write_to_path<I>(self, records: I, path: &Path) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item: Item<X>>,
    {
        write_atomically(path, |out| self.write(records, out))
    }

    /// Writes the export to `out` and returns its receipt.
    pub fn write<I, W>(self, records: I, out: W) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item: Item<X>>,
        W: Write,
    {
        let hash_thread = self.hash_thread();
        match self.format {
            Format::Csv => self.run(records, CsvSink::new(out, hash_thread)),
            Format::JsonLines => self.run(records, JsonSink::new(out, hash_thread)),
        }
    }

    /// Whether the output's SHA-256 (and the decision log's) runs on a
    /// thread of its own: only where more than one thread is allowed, so
    /// that one thread starts none.
    pub(super) fn hash_thread(&self) -> bool {
        self.threads > 1
    }
}

impl<P: Purpose, S, X, F> fmt::Debug for Export<'_, P, S, X, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Export")
            .field("declaration", self.judged.declaration())
            .field("required", &self.required)
            .field("format", &self.format)
            .field("on_bad_row", &self.on_bad_row)
            .finish_non_exhaustive()
    }
}
