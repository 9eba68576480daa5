//! The choices of an export job.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// CSV with a header row (the csv crate).
    #[default]
    Csv,
    /// One JSON object per line (serde_json).
    JsonLines,
}

impl Format {
    /// The usual file extension.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::JsonLines => "jsonl",
        }
    }
}

/// A format name that is neither `csv` nor `json_lines`; it does not
/// repeat the text it was given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a format: expected `csv` or `json_lines`")]
#[non_exhaustive]
pub struct UnknownFormat;

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, UnknownFormat> {
        match s {
            "csv" => Ok(Self::Csv),
            "json_lines" | "jsonl" => Ok(Self::JsonLines),
            _ => Err(UnknownFormat),
        }
    }
}

/// What a row that cannot be read does to the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum OnBadRow {
    /// Stop the export with the row's error (the default): nothing is
    /// written to a path.
    #[default]
    Stop,
    /// Set the row aside, count it and list its line in the receipt, and
    /// go on.
    SetAside,
}
