//! [`Item`]: what an export and a duplicate scan read, one row at a time.

use std::borrow::Borrow;
use std::convert::Infallible;

use super::error::ExportError;
use crate::record::Record;

pub(crate) mod sealed {
    use super::ExportError;

    /// What an [`Item`](super::Item) does; implemented by the crate alone.
    pub trait ItemImpl<X> {
        /// The record, owned or borrowed.
        type Record: std::borrow::Borrow<crate::Record<X>>;

        /// The record, or why the row could not be read.
        fn into_record(self) -> Result<Self::Record, ExportError>;
    }
}

/// One row of an export's input: a [`Record`], a `&Record`, or a
/// `Result` of either whose error converts into [`ExportError`].
///
/// So the [`crm`](crate::crm) readers' `Result<Record, ReadError>` goes in
/// as it is (a row-level [`ReadError`](crate::crm::ReadError) can be set
/// aside, see [`OnBadRow`](super::OnBadRow)), records held in memory go in
/// without a copy or a wrapper, and a pipeline's own reader brings its own
/// error type: give it a `From` impl into [`ExportError`], usually through
/// [`ExportError::Source`], and the export stops with it.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use consent_gate::export::{Export, ExportError};
/// use consent_gate::purpose::MarketingPost;
/// use consent_gate::{Declaration, synthetic};
///
/// let records: Vec<_> = synthetic::Synthetic::new(50, 1).records().filter_map(Result::ok).collect();
/// let broker = synthetic::broker();
/// let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
/// let gate = broker.gate(Declaration::<MarketingPost>::new(synthetic::BROKER, synthetic::BROKER, as_of)?)?;
///
/// // Borrowed records, as they are.
/// let receipt = Export::new(&gate).write(&records, Vec::new())?;
/// assert_eq!(receipt.records_in, records.len() as u64);
///
/// // A pipeline's own error type.
/// #[derive(Debug, thiserror::Error)]
/// #[error("the warehouse query failed")]
/// struct Warehouse;
/// impl From<Warehouse> for ExportError {
///     fn from(e: Warehouse) -> Self {
///         ExportError::Source(Box::new(e))
///     }
/// }
/// let rows = records.iter().map(Ok::<_, Warehouse>).chain([Err(Warehouse)]);
/// let stopped = Export::new(&gate).write(rows, Vec::new());
/// assert!(matches!(stopped, Err(ExportError::Source(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Sealed: implemented for those types and nothing else.
pub trait Item<X = ()>: sealed::ItemImpl<X> {}

impl<X> Item<X> for Record<X> {}

impl<X> sealed::ItemImpl<X> for Record<X> {
    type Record = Self;

    fn into_record(self) -> Result<Self, ExportError> {
        Ok(self)
    }
}

impl<X> Item<X> for &Record<X> {}

impl<X> sealed::ItemImpl<X> for &Record<X> {
    type Record = Self;

    fn into_record(self) -> Result<Self, ExportError> {
        Ok(self)
    }
}

impl<X, R: Borrow<Record<X>>, E: Into<ExportError>> Item<X> for Result<R, E> {}

impl<X, R: Borrow<Record<X>>, E: Into<ExportError>> sealed::ItemImpl<X> for Result<R, E> {
    type Record = R;

    fn into_record(self) -> Result<R, ExportError> {
        self.map_err(Into::into)
    }
}

impl From<Infallible> for ExportError {
    fn from(never: Infallible) -> Self {
        match never {}
    }
}
