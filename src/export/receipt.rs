//! [`Receipt`]: what an export emitted, withheld and dropped, and why.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::atomic::write_atomically;
use super::options::Format;
use crate::purpose::PurposeKind;
use crate::refusal::Refusal;
use crate::scope::NoticeVersion;

/// The receipt of one export, as a deterministic JSON document (same input,
/// same bytes): maps are sorted, nothing depends on the clock or the
/// machine.
///
/// It always holds that `records_in = records_emitted + records_dropped +
/// records_set_aside` ([`Receipt::reconciles`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Receipt {
    /// The buying organisation.
    pub buyer: String,
    /// The organisation the buyer acts for.
    pub end_recipient: String,
    /// The declared purpose.
    pub purpose: PurposeKind,
    /// The export instant.
    pub as_of: DateTime<Utc>,
    /// The output format.
    pub format: Format,
    /// The version of this crate that made the export.
    pub crate_version: String,
    /// Every input row: read, dropped or set aside.
    pub records_in: u64,
    /// Records written to the output.
    pub records_emitted: u64,
    /// Records read but not written, whole.
    pub records_dropped: u64,
    /// Rows that could not be read and were set aside.
    pub records_set_aside: u64,
    /// The lines of the rows set aside.
    pub set_aside_lines: Vec<u64>,
    /// Why records were dropped: a refusal code for a record-level rule,
    /// or `required_field_withheld`; a count each.
    pub dropped: BTreeMap<String, u64>,
    /// Field values withheld, per category and per refusal code, over every
    /// record read (emitted or dropped).
    pub withheld: BTreeMap<String, BTreeMap<String, u64>>,
    /// CSV cells given a leading `'` so a spreadsheet does not run them.
    pub formula_cells_neutralised: u64,
    /// The privacy-notice versions of the records read, with counts.
    pub notice_versions: BTreeMap<String, u64>,
    /// SHA-256 of the exact bytes written, lowercase hex.
    pub output_sha256: String,
}

/// Why a record was dropped when every record-level rule passed.
pub(crate) const REQUIRED_FIELD_WITHHELD: &str = "required_field_withheld";

impl Receipt {
    /// Whether the counts add up. An export never returns a receipt that
    /// does not.
    pub fn reconciles(&self) -> bool {
        let dropped: u64 = self.dropped.values().sum();
        self.records_in == self.records_emitted + self.records_dropped + self.records_set_aside
            && dropped == self.records_dropped
            && self.set_aside_lines.len() as u64 == self.records_set_aside
    }

    /// The receipt as pretty JSON, ending in a newline.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising plain maps, strings and numbers cannot fail.
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Writes the receipt to `path`, atomically.
    pub fn write_to_path(&self, path: &Path) -> io::Result<()> {
        write_atomically(path, |w| io::Write::write_all(w, &self.to_json()))
    }

    /// The most frequent reasons records were dropped, with their counts,
    /// most frequent first, ties by name.
    pub fn top_reasons(&self, n: usize) -> Vec<(String, u64)> {
        let mut list: Vec<_> = self.dropped.iter().map(|(c, n)| (c.clone(), *n)).collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list.truncate(n);
        list
    }
}

/// The running counts of an export, cheap to update per record.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) records_in: u64,
    pub(crate) emitted: u64,
    pub(crate) set_aside_lines: Vec<u64>,
    pub(crate) dropped: BTreeMap<&'static str, u64>,
    pub(crate) withheld: BTreeMap<(&'static str, &'static str), u64>,
    pub(crate) notices: BTreeMap<NoticeVersion, u64>,
}

impl Tally {
    pub(crate) fn withheld(&mut self, category: &'static str, refusal: Refusal) {
        *self.withheld.entry((category, refusal.code())).or_default() += 1;
    }

    pub(crate) fn dropped(&mut self, code: &'static str) {
        *self.dropped.entry(code).or_default() += 1;
    }

    /// The receipt of the finished export.
    pub(crate) fn into_receipt(
        self,
        head: ReceiptHead,
        neutralised: u64,
        sha256: String,
    ) -> Receipt {
        let mut withheld: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for ((category, code), count) in self.withheld {
            withheld
                .entry(category.to_owned())
                .or_default()
                .insert(code.to_owned(), count);
        }
        let records_dropped = self.dropped.values().sum();
        Receipt {
            buyer: head.buyer,
            end_recipient: head.end_recipient,
            purpose: head.purpose,
            as_of: head.as_of,
            format: head.format,
            crate_version: env!("CARGO_PKG_VERSION").to_owned(),
            records_in: self.records_in,
            records_emitted: self.emitted,
            records_dropped,
            records_set_aside: self.set_aside_lines.len() as u64,
            set_aside_lines: self.set_aside_lines,
            dropped: self
                .dropped
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            withheld,
            formula_cells_neutralised: neutralised,
            notice_versions: self
                .notices
                .into_iter()
                .map(|(v, n)| (v.to_string(), n))
                .collect(),
            output_sha256: sha256,
        }
    }
}

/// The declaration's part of a receipt.
pub(crate) struct ReceiptHead {
    pub(crate) buyer: String,
    pub(crate) end_recipient: String,
    pub(crate) purpose: PurposeKind,
    pub(crate) as_of: DateTime<Utc>,
    pub(crate) format: Format,
}
