//! `consent-gate verify`: the auditor's check of an export, independent of
//! the export's own code path.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use clap::Args;
use consent_gate::crm::{CrmRow, EventRow, SubjectRow};
use consent_gate::export::{BuyerFile, Format, Receipt};
use consent_gate::{Recipient, oracle};
use serde::de::DeserializeOwned;

use crate::args::{EventsFormat, InputArgs};
use crate::failure::{self, Failure};
use crate::input::format_of;

/// Checks an export after the fact: the auditor's check.
///
/// It takes another path than the export's own: the output's SHA-256 is the receipt's; the receipt is this buyer's
/// and this configuration's, and its counts reconcile and match the
/// output's rows; and every emitted value is the input's value for that
/// subject and column and is allowed for that buyer by the oracle's naive
/// model of the rules, value by value. Exit 0 when all holds; 5 and a
/// report naming each violation (subject id, column, rule; never the
/// value) otherwise. The input is held in memory as text.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  consent-gate verify --config broker.json --input crm_dump.csv \\
      --buyer retailer.json --output retailer.csv --receipt retailer.receipt.json")]
pub struct Verify {
    #[command(flatten)]
    pub input: InputArgs,
    /// The buyer file the export was made for.
    #[arg(long, value_name = "BUYER.json")]
    pub buyer: PathBuf,
    /// The export.
    #[arg(long, value_name = "EXPORT")]
    pub output: PathBuf,
    /// Its receipt.
    #[arg(long, value_name = "RECEIPT.json")]
    pub receipt: PathBuf,
}

pub fn run(args: Verify) -> Result<(), Failure> {
    let broker = failure::broker(&args.input.config)?;
    let buyer = failure::buyer(&args.buyer)?;
    let receipt = Receipt::from_json(&failure::read(&args.receipt)?)
        .map_err(|e| Failure::input(&args.receipt, e))?;
    let output = failure::read(&args.output)?;
    let mut problems = header(&receipt, &buyer, &broker, &output);
    // Only the input rows of subjects the output names can bear on it (a
    // subject on two rows, or on none, is found all the same): the rest
    // are not held.
    let named = subjects_in(&output, receipt.format);
    let keep = |id: &str| named.contains(&key(id));
    let violations = match (&args.input.events, args.input.events_format) {
        (None, _) => {
            let rows: Vec<CrmRow> = rows(&args.input.input, |r: &CrmRow| keep(&r.subject_id))?;
            oracle::violations(&rows, &buyer, &broker, &output)
        }
        (Some(events), EventsFormat::Crate) => {
            let subjects: Vec<SubjectRow> =
                rows(&args.input.input, |r: &SubjectRow| keep(&r.subject_id))?;
            let events: Vec<EventRow> = rows(events, |r: &EventRow| keep(&r.subject_id))?;
            oracle::ledger_violations(&subjects, &events, &buyer, &broker, &output)
        }
        (Some(events), _) => {
            return Err(Failure::input(
                events,
                "the oracle reads the crate's own events file only",
            ));
        }
    }
    .map_err(|e| Failure::input(&args.output, e))?;
    for v in &violations {
        problems.push(format!(
            "output line {}, subject {}, column `{}`: {}",
            v.line, v.subject_id, v.column, v.why
        ));
    }
    if problems.is_empty() {
        say!(
            "verified: {} ({} records emitted to {} for {}): hash, counts and every value hold",
            args.output.display(),
            receipt.records_emitted,
            receipt.buyer,
            receipt.purpose
        );
        return Ok(());
    }
    for problem in &problems {
        say!("violation: {problem}");
    }
    Err(Failure::Verification(format!(
        "{}: {} violation(s)",
        args.output.display(),
        problems.len()
    )))
}

/// The checks of the receipt against the buyer, the configuration and the
/// output's bytes.
fn header(
    receipt: &Receipt,
    buyer: &BuyerFile,
    broker: &consent_gate::Broker,
    output: &[u8],
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |holds: bool, what: &str| {
        if !holds {
            problems.push(what.to_owned());
        }
    };
    let sha256: String = <sha2::Sha256 as sha2::Digest>::digest(output)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    check(
        sha256 == receipt.output_sha256,
        "the output's SHA-256 is not the receipt's",
    );
    check(
        receipt.reconciles(),
        "the receipt's counts do not reconcile",
    );
    check(
        receipt.config_sha256 == broker.config_sha256(),
        "the receipt was made under another configuration",
    );
    let same = |a: &str, b: &str| {
        Recipient::new(a)
            .ok()
            .zip(Recipient::new(b).ok())
            .is_some_and(|(a, b)| a.matches(&b))
    };
    check(
        receipt.purpose == buyer.purpose()
            && receipt.as_of == buyer.as_of()
            && same(&receipt.buyer, buyer.buyer())
            && same(&receipt.end_recipient, buyer.end_recipient()),
        "the receipt is not this buyer file's",
    );
    let rows = match receipt.format {
        Format::JsonLines => output.iter().filter(|b| **b == b'\n').count(),
        _ => csv::ReaderBuilder::new()
            .from_reader(output)
            .byte_records()
            .count(),
    };
    check(
        rows as u64 == receipt.records_emitted,
        "the output's rows are not the receipt's records emitted",
    );
    problems
}

/// A subject id as the oracle keys it: the number where it is one.
fn key(id: &str) -> String {
    let id = id.trim();
    id.parse::<u64>()
        .map_or_else(|_| id.to_owned(), |n| n.to_string())
}

/// The subject ids an output names (its `subject_id` column or key),
/// keyed as [`key`] does; whatever cannot be read is left to the oracle.
fn subjects_in(output: &[u8], format: Format) -> HashSet<String> {
    match format {
        Format::JsonLines => output
            .split(|b| *b == b'\n')
            .filter_map(|line| serde_json::from_slice::<serde_json::Value>(line).ok())
            .filter_map(|v| match v.get("subject_id") {
                Some(serde_json::Value::String(s)) => Some(key(s)),
                Some(other) => Some(key(&other.to_string())),
                None => None,
            })
            .collect(),
        _ => {
            let mut reader = csv::Reader::from_reader(output);
            let at = reader
                .headers()
                .ok()
                .and_then(|h| h.iter().position(|c| c == "subject_id"));
            reader
                .records()
                .filter_map(Result::ok)
                .filter_map(|r| at.and_then(|i| r.get(i)).map(key))
                .collect()
        }
    }
}

/// The rows of a CSV or JSON Lines file that `keep` keeps, as text, read
/// as a stream.
fn rows<T: DeserializeOwned>(path: &Path, keep: impl Fn(&T) -> bool) -> Result<Vec<T>, Failure> {
    let file = File::open(path).map_err(|e| Failure::io(path, &e))?;
    let reader = BufReader::with_capacity(1 << 16, file);
    let mut kept = Vec::new();
    match format_of(path) {
        Format::JsonLines => {
            for (i, line) in reader.lines().enumerate() {
                let line = line.map_err(|e| Failure::io(path, &e))?;
                if line.trim().is_empty() {
                    continue;
                }
                let row: T = serde_json::from_str(&line)
                    .map_err(|_| Failure::input(path, format!("line {}: not a row", i + 1)))?;
                if keep(&row) {
                    kept.push(row);
                }
            }
        }
        _ => {
            for (i, row) in csv::Reader::from_reader(reader).deserialize().enumerate() {
                let row: T =
                    row.map_err(|_| Failure::input(path, format!("line {}: not a row", i + 2)))?;
                if keep(&row) {
                    kept.push(row);
                }
            }
        }
    }
    Ok(kept)
}
