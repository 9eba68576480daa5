//! [`BuyerFile`]: a buyer's declaration as a small JSON file, and running
//! the export it declares.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::atomic::write_atomically;
use super::duplicates::Duplicates;
use super::error::ExportError;
use super::options::{Format, OnBadRow};
use super::receipt::Receipt;
use super::run::Export;
use crate::broker::Broker;
use crate::crm::ReadError;
use crate::declaration::{Declaration, DeclarationError};
use crate::purpose::{self, PurposeKind};
use crate::record::Record;

mod job;
mod many;
pub use job::BuyerJob;
pub use many::BuyerJobs;
mod json;

/// A buyer's declaration read from JSON:
///
/// ```json
/// {
///   "buyer": "Credit Agency Marketing Services",
///   "end_recipient": "A Political Party",
///   "purpose": "political_campaigning",
///   "as_of": "2017-05-01T00:00:00Z",
///   "format": "csv"
/// }
/// ```
///
/// `purpose` is a [`PurposeKind::name`]; `as_of` an RFC 3339 instant;
/// `format` is `csv` or `json_lines` (`csv` if left out).
///
/// A `BuyerFile` is valid by construction: its fields are private, and it
/// is made only through the checks of [`from_json`](BuyerFile::from_json)
/// or [`new`](BuyerFile::new). It deserializes through the same checks
/// (from any self-describing format), so it can sit inside a job's own
/// configuration, and serializes to the same keys.
///
/// ```
/// use consent_gate::export::{BuyerFile, Format};
/// use consent_gate::PurposeKind;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Job {
///     input: String,
///     buyer: BuyerFile,
/// }
/// let job: Job = serde_json::from_str(r#"{"input": "dump.csv", "buyer": {
///     "buyer": "Acme", "end_recipient": "Acme", "purpose": "third_party_marketing",
///     "as_of": "2017-05-01T00:00:00Z"}}"#)?;
/// assert_eq!(job.buyer.purpose(), PurposeKind::ThirdPartyMarketing);
/// assert_eq!(job.buyer.format(), Format::Csv);
///
/// // A bad buyer inside the job's file is refused, naming the key.
/// let bad = serde_json::from_str::<Job>(r#"{"input": "dump.csv", "buyer": {
///     "buyer": "Acme", "end_recipient": "Acme", "purpose": "third_party_marketing",
///     "as_of": "2017-05-01"}}"#);
/// assert!(bad.unwrap_err().to_string().contains("`as_of`"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct BuyerFile {
    buyer: String,
    end_recipient: String,
    purpose: PurposeKind,
    as_of: DateTime<Utc>,
    format: Format,
}

/// Why a buyer file could not be read. Each error names the field; none
/// repeats what the file held there.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuyerFileError {
    /// Not JSON at all.
    #[error("buyer file, line {line}, column {column}: not valid JSON")]
    Json {
        /// The line.
        line: usize,
        /// The column.
        column: usize,
    },
    /// Valid JSON, but not one object.
    #[error("buyer file: not a JSON object")]
    NotAnObject,
    /// A field the file must have is missing.
    #[error("buyer file: missing field `{field}`")]
    Missing {
        /// The field.
        field: &'static str,
    },
    /// A key the format does not have (a misspelling, say). It is named
    /// when it is a plain name (ASCII letters, digits and `_`, at most 64
    /// bytes); anything else is not repeated, since it may be personal
    /// data typed in the wrong place.
    #[error(
        "buyer file, field `{key}`: not a field of the format (expected `buyer`, `end_recipient`, `purpose`, `as_of` and `format`)"
    )]
    UnknownField {
        /// The key, or `(a key that is not a plain name)`.
        key: String,
    },
    /// A field that must be a JSON string is not one.
    #[error("buyer file, field `{field}`: not a string")]
    NotText {
        /// The field.
        field: &'static str,
    },
    /// `as_of` is not an RFC 3339 instant with its offset.
    #[error(
        "buyer file, field `as_of`: not an RFC 3339 instant with a time zone (such as `2017-05-01T00:00:00Z`)"
    )]
    AsOf,
    /// `format` names no format.
    #[error("buyer file, field `format`: not `csv` or `json_lines`")]
    Format,
    /// `purpose` names no purpose.
    #[error("buyer file, field `purpose`: {0}")]
    Purpose(#[from] crate::purpose::UnknownPurpose),
    /// A name is blank.
    #[error("buyer file: {0}")]
    Declaration(#[from] DeclarationError),
}

/// The keys of a buyer file.
const KEYS: [&str; 5] = ["buyer", "end_recipient", "purpose", "as_of", "format"];

impl BuyerFile {
    /// A buyer file of these names, purpose and instant, in CSV; the names
    /// are checked as [`from_json`](BuyerFile::from_json) checks them.
    pub fn new(
        buyer: &str,
        end_recipient: &str,
        purpose: PurposeKind,
        as_of: DateTime<Utc>,
    ) -> Result<Self, BuyerFileError> {
        // Check the names now, not at export time.
        Declaration::<purpose::Research>::new(buyer, end_recipient, as_of)?;
        Ok(Self {
            buyer: buyer.to_owned(),
            end_recipient: end_recipient.to_owned(),
            purpose,
            as_of,
            format: Format::default(),
        })
    }

    /// The same file with another output format.
    #[must_use]
    pub fn with_format(self, format: Format) -> Self {
        Self { format, ..self }
    }

    /// The buying organisation.
    pub fn buyer(&self) -> &str {
        &self.buyer
    }

    /// The organisation the buyer acts for.
    pub fn end_recipient(&self) -> &str {
        &self.end_recipient
    }

    /// The declared purpose.
    pub fn purpose(&self) -> PurposeKind {
        self.purpose
    }

    /// The export instant.
    pub fn as_of(&self) -> DateTime<Utc> {
        self.as_of
    }

    /// The output format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Reads and checks a buyer file.
    ///
    /// ```
    /// use consent_gate::export::{BuyerFile, BuyerFileError};
    /// let err = BuyerFile::from_json(br#"{"buyer":"A","end_recipient":"B",
    ///     "purpose":"research","as_of":"2017-05-01T00:00:00"}"#).unwrap_err();
    /// assert!(matches!(err, BuyerFileError::AsOf));
    /// assert!(err.to_string().contains("`as_of`"));
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Self, BuyerFileError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| BuyerFileError::Json {
                line: e.line(),
                column: e.column(),
            })?;
        Self::try_from(value)
    }

    /// The file as JSON, with every key, which
    /// [`from_json`](BuyerFile::from_json) reads back to an equal file.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising strings cannot fail.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
