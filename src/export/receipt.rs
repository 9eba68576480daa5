//! [`Receipt`]: what an export emitted, withheld and dropped, and why.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use chrono::{DateTime, Utc};
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomically;
use super::options::Format;
use crate::purpose::PurposeKind;

/// The receipt of one export, as a deterministic JSON document (same input,
/// same bytes): maps are sorted, nothing depends on the clock or the
/// machine.
///
/// It always holds that `records_in = records_emitted + records_dropped +
/// records_set_aside` ([`Receipt::reconciles`]).
///
/// An auditor reads one back with [`Receipt::from_json`] (or serde), and
/// checks it: that it reconciles, and that its hashes match the output,
/// the decision log and the configuration it names.
///
/// `withheld` counts fields refused, per category and reason, whether or
/// not the record held a value for them (no refusal depends on that, so
/// no count does either):
///
/// * every field of the schema in a record dropped whole, under the
///   record's reason (a record-level refusal, `duplicate_subject`, or the
///   declaration's refusal);
/// * each field a field-level rule refused in a record that passed, under
///   that rule's reason; a record then dropped as `required_field_withheld`
///   adds nothing more.
///
/// A field the consent opened but the record has no value for is not
/// counted: nothing was withheld.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Receipt {
    /// The buying organisation.
    pub buyer: String,
    /// The organisation the buyer acts for.
    pub end_recipient: String,
    /// The declared purpose.
    pub purpose: PurposeKind,
    /// The declared purpose's nearest W3C DPV term
    /// ([`PurposeKind::dpv`]), for an auditor's tools;
    /// [`standards`](crate::standards) says whether it is exact.
    #[serde(default)]
    pub purpose_dpv: String,
    /// The export instant.
    pub as_of: DateTime<Utc>,
    /// The output format.
    pub format: Format,
    /// The version of this crate that made the export.
    pub crate_version: String,
    /// The SHA-256 of the broker's configuration the export ran under
    /// ([`Broker::config_sha256`](crate::Broker::config_sha256)).
    pub config_sha256: String,
    /// Why the declaration was refused as a whole
    /// ([`DeclarationRefusal::code`](crate::DeclarationRefusal::code)), or
    /// `null`: then no record was emitted and every one read is counted as
    /// dropped for that reason.
    pub declaration_refused: Option<String>,
    /// For a purpose that gets exact dates and contact details coarsened
    /// ([`PurposeKind::minimises`]), the broker's recorded reason for giving
    /// it exact values after all
    /// ([`Rules::exact_data_reason`](crate::Rules::exact_data_reason)), or
    /// `null`: then no exact date or contact detail was emitted.
    #[serde(default)]
    pub exact_data_reason: Option<String>,
    /// Every input row: read, dropped or set aside.
    pub records_in: u64,
    /// Records written to the output.
    pub records_emitted: u64,
    /// Records read but not written, whole.
    pub records_dropped: u64,
    /// Rows that could not be read and were set aside.
    pub records_set_aside: u64,
    /// The rows set aside, in order: line, field and kind of problem,
    /// never the text; at most [`SET_ASIDE_LISTED`] of them.
    pub set_aside: Vec<SetAside>,
    /// Rows set aside past the first [`SET_ASIDE_LISTED`], counted only, so
    /// that a file of bad rows cannot make the receipt huge.
    pub set_aside_unlisted: u64,
    /// Why records were dropped: a refusal code for a record-level rule,
    /// `duplicate_subject` for a subject on more than one input row, or
    /// `required_field_withheld`; a count each.
    pub dropped: BTreeMap<String, u64>,
    /// Field values withheld, per category and per refusal code, over every
    /// record read (emitted or dropped).
    pub withheld: BTreeMap<String, BTreeMap<String, u64>>,
    /// The W3C DPV term of every built-in category `withheld` names
    /// ([`Category::dpv`](crate::category::Category::dpv)); a broker's own
    /// categories have none.
    #[serde(default)]
    pub categories_dpv: BTreeMap<String, String>,
    /// Values emitted, by the stored field they come from (`mother_birth_date`,
    /// `address`, ...): how many exactly as held, and how many coarsened
    /// into a [derived field](crate::field::derived) (an age band, a
    /// postcode district). Each value counts once: two derived fields of
    /// one address in one row count two.
    #[serde(default)]
    pub values_emitted: BTreeMap<String, ValuesEmitted>,
    /// CSV cells given a leading `'` so a spreadsheet does not run them.
    pub formula_cells_neutralised: u64,
    /// The privacy-notice versions of the records read, with counts: each
    /// record under the notice of its latest consent given (the one-row
    /// form's only one); a record with no consent given is not counted.
    pub notice_versions: BTreeMap<String, u64>,
    /// SHA-256 of the exact bytes written, lowercase hex.
    pub output_sha256: String,
    /// SHA-256 of the decision log's bytes
    /// ([`Export::decision_log`](super::Export::decision_log)), or `null`
    /// where none was kept.
    pub decision_log_sha256: Option<String>,
}

/// The values of one stored field an export emitted
/// ([`Receipt::values_emitted`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ValuesEmitted {
    /// Exactly as the record holds them.
    pub exact: u64,
    /// Coarsened into a derived field.
    pub coarsened: u64,
}

/// How many set-aside rows a receipt lists one by one.
pub const SET_ASIDE_LISTED: usize = 1_000;

/// One row set aside: where, and what kind of problem; never the text.
///
/// The names are the crate's own (borrowed where an export made the
/// receipt, owned where it was read back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetAside {
    /// The line (1 is the CSV header), or 0 where none is known.
    pub line: u64,
    /// The field, where the problem is one field's.
    pub field: Option<Cow<'static, str>>,
    /// The kind of problem ([`ReadError::code`](crate::crm::ReadError::code)).
    pub problem: Cow<'static, str>,
    /// Whether the row is one of the ledger form's consent-events file
    /// ([`ReadError::in_events`](crate::crm::ReadError::in_events)); not
    /// written when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub events: bool,
}

/// Why a record was dropped when its subject appears on another row of the
/// input ([`Duplicates`](super::Duplicates)).
pub(crate) const DUPLICATE_SUBJECT: &str = "duplicate_subject";

/// Why a record was dropped when every record-level rule passed.
pub(crate) const REQUIRED_FIELD_WITHHELD: &str = "required_field_withheld";

impl Receipt {
    /// Whether the counts add up. An export never returns a receipt that
    /// does not.
    pub fn reconciles(&self) -> bool {
        let dropped: u64 = self.dropped.values().sum();
        self.records_in == self.records_emitted + self.records_dropped + self.records_set_aside
            && dropped == self.records_dropped
            && self.set_aside.len() as u64 + self.set_aside_unlisted == self.records_set_aside
    }

    /// The receipt as pretty JSON, ending in a newline.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising plain maps, strings and numbers cannot fail.
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Reads a receipt back from its JSON ([`to_json`](Receipt::to_json)).
    /// It is not checked: call [`reconciles`](Receipt::reconciles), and
    /// compare its hashes with the files it names.
    ///
    /// ```
    /// use consent_gate::export::Receipt;
    /// # use consent_gate::{Declaration, export::Export, purpose::MarketingPost, synthetic};
    /// # use chrono::{TimeZone, Utc};
    /// # let broker = synthetic::broker();
    /// # let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    /// # let gate = broker.gate(Declaration::<MarketingPost>::new(synthetic::BROKER, synthetic::BROKER, as_of)?)?;
    /// # let receipt = Export::new(&gate).write(synthetic::Synthetic::new(100, 1).records(), Vec::new())?;
    /// let read_back = Receipt::from_json(&receipt.to_json())?;
    /// assert_eq!(read_back, receipt);
    /// assert!(read_back.reconciles());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(bytes)
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
