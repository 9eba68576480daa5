//! [`violations`]: reading an export's bytes back and judging every value.

use std::collections::HashMap;

use super::columns::{column_of, same_value};
use super::ledger_model::allows_ledger;
use super::model::{Declared, allows};
use super::output::{Value, each_csv_value, each_json_value};
use crate::broker::Broker;
use crate::crm::{Column, CrmRow, EventRow, SubjectRow};
use crate::export::{BuyerFile, Format};

/// One emitted value the rules did not allow. It names the subject and the
/// column, never the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The output line (1 is the CSV header).
    pub line: u64,
    /// The subject the row is about, as written.
    pub subject_id: String,
    /// The column or key.
    pub column: String,
    /// Why it should not be there.
    pub why: &'static str,
}

/// An export the oracle could not read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OracleError {
    /// Not CSV with a `subject_id` column.
    #[error("output line {line}: not CSV with a `subject_id` column")]
    Csv {
        /// The line.
        line: u64,
    },
    /// Not one JSON object with a `subject_id` per line.
    #[error("output line {line}: not a JSON object with a `subject_id`")]
    Json {
        /// The line.
        line: u64,
    },
}

/// A subject id as a number where it is one (`007`, `+7` and `7` are the
/// same subject), else as its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum SubjectKey<'a> {
    Number(u64),
    Text(&'a str),
}

impl<'a> SubjectKey<'a> {
    fn of(text: &'a str) -> Self {
        let text = text.trim();
        text.parse().map_or(Self::Text(text), Self::Number)
    }
}

/// Why a row of a subject that the input names twice is a violation: the
/// export cannot know which of its rows is true.
const ON_TWO_ROWS: &str = "a subject on more than one input row";

/// Why a value that is not the input's is a violation.
const NOT_THE_INPUT: &str = "not the input's value for this subject and column";

/// Every emitted value in `output` that is not the input's value for that
/// subject and column, or that the naive model of the rules does not allow
/// for `buyer` with what `broker` knows, given the `input` rows. Empty when the export
/// is clean.
///
/// Values are judged, not only column names: a child's birth date written
/// under `mother_birth_date`, or an address line under `parent_name`, is a
/// violation even where the consent covers the column. In CSV an empty cell is no value; in JSON Lines a
/// key that is present is a value. A row of a subject that the input
/// names on more than one row is a violation in itself (column
/// `subject_id`), as is a row of a subject the input does not hold.
pub fn violations(
    input: &[CrmRow],
    buyer: &BuyerFile,
    broker: &Broker,
    output: &[u8],
) -> Result<Vec<Violation>, OracleError> {
    // A subject on two input rows maps to none: no row of it may go out.
    let mut rows: HashMap<SubjectKey<'_>, Option<&dyn Judged>> =
        HashMap::with_capacity(input.len());
    for row in input {
        rows.entry(SubjectKey::of(&row.subject_id))
            .and_modify(|seen| *seen = None)
            .or_insert(Some(row));
    }
    judge_output(&rows, buyer, broker, output)
}

/// [`violations`] for input in the ledger form: the subjects file's rows
/// and the consent-events file's, judged by the naive model of the ledger
/// ([`allows_ledger`]). A subject on two rows of the subjects file is, as
/// in the one-row form, a violation wherever it goes out.
pub fn ledger_violations(
    subjects: &[SubjectRow],
    events: &[EventRow],
    buyer: &BuyerFile,
    broker: &Broker,
    output: &[u8],
) -> Result<Vec<Violation>, OracleError> {
    let mut histories: HashMap<SubjectKey<'_>, Vec<EventRow>> = HashMap::new();
    for event in events {
        histories
            .entry(SubjectKey::of(&event.subject_id))
            .or_default()
            .push(event.clone());
    }
    let ledgers: Vec<Ledger<'_>> = subjects
        .iter()
        .map(|row| Ledger {
            events: histories
                .get(&SubjectKey::of(&row.subject_id))
                .cloned()
                .unwrap_or_default(),
            row,
        })
        .collect();
    let mut rows: HashMap<SubjectKey<'_>, Option<&dyn Judged>> =
        HashMap::with_capacity(ledgers.len());
    for ledger in &ledgers {
        rows.entry(SubjectKey::of(&ledger.row.subject_id))
            .and_modify(|seen| *seen = None)
            .or_insert(Some(ledger));
    }
    judge_output(&rows, buyer, broker, output)
}

/// A subject of the input, as the oracle judges it: its values, and what
/// the model allows of it.
trait Judged {
    fn text(&self, column: Column) -> &str;
    fn allows(&self, declared: &Declared<'_>, broker: &Broker, category: &str) -> Option<bool>;
}

impl Judged for CrmRow {
    fn text(&self, column: Column) -> &str {
        self.get(column)
    }
    fn allows(&self, declared: &Declared<'_>, broker: &Broker, category: &str) -> Option<bool> {
        allows(self, declared, broker, category)
    }
}

/// A subject of the ledger form with its events.
struct Ledger<'a> {
    row: &'a SubjectRow,
    events: Vec<EventRow>,
}

impl Judged for Ledger<'_> {
    fn text(&self, column: Column) -> &str {
        self.row.get(column)
    }
    fn allows(&self, declared: &Declared<'_>, broker: &Broker, category: &str) -> Option<bool> {
        allows_ledger(self.row, &self.events, declared, broker, category)
    }
}

/// Judges every value of `output` against the subjects of the input.
fn judge_output(
    rows: &HashMap<SubjectKey<'_>, Option<&dyn Judged>>,
    buyer: &BuyerFile,
    broker: &Broker,
    output: &[u8],
) -> Result<Vec<Violation>, OracleError> {
    let declared = Declared {
        purpose: buyer.purpose().name(),
        buyer: buyer.buyer(),
        end_recipient: buyer.end_recipient(),
        as_of: buyer.as_of(),
    };
    let mut found = Vec::new();
    let mut each = |value: Value<'_>| found.extend(judge_value(rows, &declared, broker, value));
    match buyer.format() {
        Format::Csv => each_csv_value(output, &mut each)?,
        Format::JsonLines => each_json_value(output, &mut each)?,
    }
    Ok(found)
}

/// Whether research or profiling would get this category's exact values
/// with no need for them in the broker's rules: exact dates and contact
/// details, by name.
fn needs_coarsening(declared: &Declared<'_>, broker: &Broker, category: &str) -> bool {
    let purpose = match declared.purpose {
        "research" => crate::purpose::PurposeKind::Research,
        "profiling" => crate::purpose::PurposeKind::Profiling,
        _ => return false,
    };
    let exact = [
        "postal_address",
        "email_address",
        "phone_number",
        "adult_birth_date",
        "child_birth_date",
        "pregnancy",
    ];
    exact.contains(&category) && broker.rules().exact_data_reason(purpose).is_none()
}

/// The violation one emitted value is, if any.
fn judge_value(
    rows: &HashMap<SubjectKey<'_>, Option<&dyn Judged>>,
    declared: &Declared<'_>,
    broker: &Broker,
    value: Value<'_>,
) -> Option<Violation> {
    let violation = |why| {
        Some(Violation {
            line: value.line,
            subject_id: value.subject.to_owned(),
            column: value.column.to_owned(),
            why,
        })
    };
    let Some(emitted) = value.text else {
        return violation(NOT_THE_INPUT);
    };
    // The subject is judged once per row, under `subject_id`; a row whose
    // subject fails has every value judged by column only.
    let row = rows.get(&SubjectKey::of(value.subject));
    if value.column == "subject_id" {
        return match row {
            None => violation("a subject not in the input"),
            Some(None) => violation(ON_TWO_ROWS),
            Some(Some(_)) => None,
        };
    }
    let Some((category, kind, input)) = column_of(value.column) else {
        return violation("a column the export format does not have");
    };
    let Some(Some(row)) = row else {
        return None;
    };
    if !same_value(kind, emitted, row.text(input), declared.as_of.date_naive()) {
        return violation(NOT_THE_INPUT);
    }
    if !kind.is_derived() && needs_coarsening(declared, broker, category) {
        return violation("an exact value for a purpose that gets it coarsened");
    }
    match row.allows(declared, broker, category) {
        Some(true) => None,
        Some(false) => violation("the consent does not cover it"),
        None => violation("the input row is not valid, so nothing of it may go out"),
    }
}
