//! [`BuyerFile`]: a buyer's declaration as a small JSON file, and running
//! the export it declares.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::atomic::write_atomically;
use super::error::ExportError;
use super::options::{Format, OnBadRow};
use super::receipt::Receipt;
use super::run::Export;
use crate::crm::ReadError;
use crate::declaration::{Declaration, DeclarationError};
use crate::gate::Gate;
use crate::purpose::{self, PurposeKind};
use crate::record::Record;
use crate::rules::Rules;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyerFile {
    /// The buying organisation.
    pub buyer: String,
    /// The organisation it acts for.
    pub end_recipient: String,
    /// The declared purpose.
    pub purpose: PurposeKind,
    /// The export instant.
    pub as_of: DateTime<Utc>,
    /// The output format.
    pub format: Format,
}

/// Why a buyer file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BuyerFileError {
    /// Not JSON of the documented shape.
    #[error("buyer file, line {line}, column {column}: {message}")]
    Json {
        /// The line.
        line: usize,
        /// The column.
        column: usize,
        /// What serde_json says (a buyer file holds no personal data).
        message: String,
    },
    /// The field `purpose` names no purpose.
    #[error("buyer file, field `purpose`: {0}")]
    Purpose(#[from] crate::purpose::UnknownPurpose),
    /// A name is blank.
    #[error("buyer file: {0}")]
    Declaration(#[from] DeclarationError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    buyer: String,
    end_recipient: String,
    purpose: String,
    as_of: DateTime<Utc>,
    #[serde(default)]
    format: Format,
}

impl BuyerFile {
    /// Reads and checks a buyer file.
    pub fn from_json(bytes: &[u8]) -> Result<Self, BuyerFileError> {
        let raw: Raw = serde_json::from_slice(bytes).map_err(|e| BuyerFileError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let file = Self {
            purpose: raw.purpose.parse()?,
            buyer: raw.buyer,
            end_recipient: raw.end_recipient,
            as_of: raw.as_of,
            format: raw.format,
        };
        // Check the names now, not at export time.
        Declaration::<purpose::Research>::new(&file.buyer, &file.end_recipient, file.as_of)?;
        Ok(file)
    }

    /// Runs the declared export, with the purpose's default schema, to
    /// `path` (atomically: a failed job leaves no file there).
    pub fn export_to_path<I>(
        &self,
        rules: Rules,
        records: I,
        path: &Path,
        on_bad_row: OnBadRow,
        progress: impl FnMut(u64) + Send + Sync,
    ) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
    {
        write_atomically(path, |out| {
            self.export(rules, records, out, on_bad_row, progress)
        })
    }

    /// Runs the declared export, with the purpose's default schema, to
    /// `out`.
    pub fn export<I, W>(
        &self,
        rules: Rules,
        records: I,
        out: W,
        on_bad_row: OnBadRow,
        progress: impl FnMut(u64) + Send + Sync,
    ) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
        W: Write,
    {
        crate::with_purpose!(self.purpose, |P| {
            let declaration = Declaration::<P>::new(&self.buyer, &self.end_recipient, self.as_of)?;
            Export::new(&Gate::new(declaration, rules))
                .format(self.format)
                .on_bad_row(on_bad_row)
                .progress(100_000, progress)
                .write(records, out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_buyer_file() {
        let file = BuyerFile::from_json(
            br#"{"buyer":"A","end_recipient":"B","purpose":"political_campaigning","as_of":"2017-05-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(file.purpose, PurposeKind::PoliticalCampaigning);
        assert_eq!(file.format, Format::Csv);
    }

    #[test]
    fn errors_name_the_field() {
        let unknown = BuyerFile::from_json(
            br#"{"buyer":"A","end_recipient":"B","purpose":"politics","as_of":"2017-05-01T00:00:00Z"}"#,
        )
        .unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "buyer file, field `purpose`: unknown purpose `politics`"
        );
        let blank = BuyerFile::from_json(
            br#"{"buyer":" ","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z"}"#,
        )
        .unwrap_err();
        assert!(blank.to_string().contains("buyer's name is blank"));
        let bad_date = BuyerFile::from_json(
            br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"May 2017"}"#,
        )
        .unwrap_err();
        assert!(matches!(bad_date, BuyerFileError::Json { line: 1, .. }));
    }
}
