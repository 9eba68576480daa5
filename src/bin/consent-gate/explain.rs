//! `consent-gate explain`: why each field of one subject was emitted or
//! withheld for one buyer.

use std::path::PathBuf;

use clap::Args;
use consent_gate::SubjectId;
use consent_gate::export::OnBadRow;
use serde_json::Value;

use crate::args::InputArgs;
use crate::failure::{self, Failure};
use crate::input;

/// Explains why each field of one subject went to one buyer, or did not.
///
/// It says whether the subject's record was
/// emitted, dropped (and why) or set aside, each field's outcome and
/// reason, and the consent in the subject's ledger it relied on. It runs
/// the export itself on the subject's rows alone, with a decision log, and
/// prints the log: nothing but the subject id of personal data.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  consent-gate explain --config broker.json --input crm_dump.csv --buyer retailer.json 104233")]
pub struct Explain {
    #[command(flatten)]
    pub input: InputArgs,
    /// The buyer file.
    #[arg(long, value_name = "BUYER.json")]
    pub buyer: PathBuf,
    /// The subject.
    #[arg(value_name = "SUBJECT_ID")]
    pub subject: SubjectId,
}

pub fn run(args: Explain) -> Result<(), Failure> {
    let broker = failure::broker(&args.input.config)?;
    let buyer = failure::buyer(&args.buyer)?;
    let id = args.subject.0;
    // The subject's rows, and its rows that cannot be read: the export
    // judges them as it would in the whole input.
    let rows = input::open(&args.input, &broker, cores())?.filter(|item| match item {
        Ok(record) => record.subject().0 == id,
        Err(e) => e.subject() == Some(id) || !e.is_row_level(),
    });
    let dir = tempfile::tempdir().map_err(|e| Failure::Io(format!("a scratch directory: {e}")))?;
    let log = dir.path().join("decisions.jsonl");
    let receipt = buyer
        .job(&broker)
        .on_bad_row(OnBadRow::SetAside)
        .decision_log(&log)
        .write(rows, std::io::sink())
        .map_err(|e| Failure::export(&args.input.input, &e))?;
    if receipt.records_in == 0 {
        return Err(Failure::input(
            &args.input.input,
            format!("no row of subject {id}"),
        ));
    }
    say!(
        "subject {id}, for {} ({} for {}, as of {}):",
        receipt.buyer,
        receipt.purpose,
        receipt.end_recipient,
        receipt.as_of.to_rfc3339()
    );
    if let Some(reason) = &receipt.declaration_refused {
        say!("  the declaration itself is refused: {reason}");
    }
    let text = failure::read(&log)?;
    for line in text.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let entry: Value = serde_json::from_slice(line)
            .map_err(|e| Failure::Io(format!("reading the decision log back: {e}")))?;
        describe(&entry);
    }
    Ok(())
}

fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "-".into(),
        Some(other) => other.to_string(),
    }
}

/// One decision log line, for people.
fn describe(entry: &Value) {
    let outcome = text(entry, "outcome");
    say!("  row {}: {outcome}", text(entry, "record"));
    match outcome.as_str() {
        "emitted" => {
            if let Some(consent) = entry.get("consent") {
                say!(
                    "    relying on consent {} of its ledger: {} under notice {}, given {}",
                    text(consent, "index"),
                    text(consent, "purpose"),
                    text(consent, "notice"),
                    text(consent, "given_at"),
                );
            }
        }
        "set_aside" => say!(
            "    line {}: {} (field {})",
            text(entry, "line"),
            text(entry, "reason"),
            text(entry, "field")
        ),
        _ => say!("    reason: {}", text(entry, "reason")),
    }
    if let Some(Value::Array(fields)) = entry.get("fields") {
        for field in fields {
            let name = text(field, "field");
            let outcome = text(field, "outcome");
            match field.get("reason").and_then(Value::as_str) {
                Some(reason) => say!("    {name}: {outcome} ({reason})"),
                None => say!("    {name}: {outcome}"),
            }
        }
    }
}

/// The cores available, to read the input on.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}
