//! `consent-gate export`: any number of buyers' exports from one pass over
//! the input.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use clap::Args;
use consent_gate::Broker;
use consent_gate::export::{
    BuyerFile, BuyerJob, BuyerJobs, Duplicates, ExportError, Format, OnBadRow, Receipt,
    write_atomically,
};

use crate::args::{BadRow, InputArgs};
use crate::failure::{self, Failure};
use crate::input;
use crate::progress::Progress;

/// Exports the input to any number of buyers, reading it once.
///
/// For each
/// buyer `NAME.json`, writes `NAME.csv` (or `.jsonl`, as the buyer file
/// says), `NAME.receipt.json` and, with --decision-log,
/// `NAME.decisions.jsonl` into --out, each atomically.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  consent-gate export --config broker.json --input crm_dump.csv \\
      --buyer retailer.json --buyer research.json --out exports \\
      --on-bad-row set-aside --decision-log

The input is read once for all the buyers if its subject ids ascend; if
not, it is read three times (once to find out, once to scan for subjects
on two rows, once to export), and it must then be a file, not a pipe.")]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// A buyer file (JSON); give one --buyer per buyer.
    #[arg(long = "buyer", required = true, value_name = "BUYER.json")]
    pub buyers: Vec<PathBuf>,
    /// The directory the outputs go to (made if missing).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// What a bad input row does.
    #[arg(long, value_enum, default_value_t = BadRow::Stop)]
    pub on_bad_row: BadRow,
    /// Also write each buyer's decision log.
    #[arg(long)]
    pub decision_log: bool,
    /// Threads each export may use (the receipt's hash goes to its own
    /// thread from two); the cores available unless said. The bytes
    /// written are the same whatever the number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// The threads an export may use: as asked, else the cores available.
pub fn threads(asked: Option<usize>) -> usize {
    asked.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// One buyer's export: its file and where its outputs go.
pub struct Planned {
    /// The buyer file's name without its extension.
    pub name: String,
    /// The buyer file.
    pub buyer: BuyerFile,
    /// The export.
    pub output: PathBuf,
    /// Its receipt.
    pub receipt: PathBuf,
    /// Its decision log, if kept.
    pub log: Option<PathBuf>,
}

impl Planned {
    /// The outputs of buyer `name` in `dir`.
    pub fn new(name: &str, buyer: BuyerFile, dir: &Path, log: bool) -> Self {
        let extension = match buyer.format() {
            consent_gate::export::Format::JsonLines => "jsonl",
            _ => "csv",
        };
        Self {
            name: name.to_owned(),
            output: dir.join(format!("{name}.{extension}")),
            receipt: dir.join(format!("{name}.receipt.json")),
            log: log.then(|| dir.join(format!("{name}.decisions.jsonl"))),
            buyer,
        }
    }
}

pub fn run(args: ExportArgs, quiet: bool) -> Result<(), Failure> {
    let broker = failure::broker(&args.input.config)?;
    let mut planned: Vec<Planned> = Vec::new();
    for path in &args.buyers {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if planned.iter().any(|p| p.name == name) {
            return Err(Failure::input(
                path,
                "another buyer file has the same name: their outputs would collide",
            ));
        }
        let buyer = failure::buyer(path)?;
        planned.push(Planned::new(&name, buyer, &args.out, args.decision_log));
    }
    std::fs::create_dir_all(&args.out).map_err(|e| Failure::io(&args.out, &e))?;
    let receipts = export_all(
        &broker,
        &args.input,
        &planned,
        (args.on_bad_row.into(), threads(args.threads)),
        quiet,
    );
    conclude(&planned, receipts, &args.input.input)
}

/// Runs every planned export over one pass (three if the input is out of
/// order), writes each receipt, and gives each outcome.
pub fn export_all(
    broker: &Broker,
    input: &InputArgs,
    planned: &[Planned],
    options: (OnBadRow, usize),
    quiet: bool,
) -> Result<Vec<Result<Receipt, ExportError>>, Failure> {
    let mut results = pass(broker, input, planned, options, None, quiet)?;
    let unsorted = results
        .iter()
        .any(|r| matches!(r, Err(ExportError::UnsortedInput { .. })));
    if unsorted {
        if !input::rereadable(input) {
            return Err(Failure::input(
                &input.input,
                "subject ids are out of order, and a pipe cannot be read again to scan for subjects on two rows: sort it, or give a file",
            ));
        }
        let scan = Duplicates::scan(input::open(input, broker, options.1)?)
            .map_err(|e| Failure::export(&input.input, &e))?;
        results = pass(broker, input, planned, options, Some(&scan), quiet)?;
    }
    for (plan, result) in planned.iter().zip(&results) {
        if let Ok(receipt) = result {
            receipt
                .write_to_path(&plan.receipt)
                .map_err(|e| Failure::io(&plan.receipt, &e))?;
        }
    }
    Ok(results)
}

fn pass(
    broker: &Broker,
    input: &InputArgs,
    planned: &[Planned],
    (on_bad_row, threads): (OnBadRow, usize),
    duplicates: Option<&Duplicates>,
    quiet: bool,
) -> Result<Vec<Result<Receipt, ExportError>>, Failure> {
    if let [plan] = planned
        && input.events.is_none()
    {
        return one_dump(
            broker,
            input,
            plan,
            (on_bad_row, threads),
            duplicates,
            quiet,
        );
    }
    let records = input::open(input, broker, threads)?;
    let progress = Progress::new(quiet, "reading the input");
    let read = Cell::new(0u64);
    let records = records.inspect(|_| {
        read.set(read.get() + 1);
        progress.at(read.get());
    });
    let mut jobs = BuyerJobs::default();
    for plan in planned {
        jobs = jobs.add(
            job(broker, plan, (on_bad_row, threads), duplicates),
            &plan.output,
        );
    }
    let results = jobs.write(records);
    progress.finish(read.get());
    Ok(results)
}

/// A buyer's job as planned: its options, the scan for subjects on two
/// rows if one was made, its decision log if one is asked for.
fn job<'a>(
    broker: &'a Broker,
    plan: &'a Planned,
    (on_bad_row, threads): (OnBadRow, usize),
    duplicates: Option<&'a Duplicates>,
) -> BuyerJob<'a> {
    let mut job = plan
        .buyer
        .job(broker)
        .on_bad_row(on_bad_row)
        .threads(threads);
    if let Some(scan) = duplicates {
        job = job.duplicates(scan);
    }
    if let Some(log) = &plan.log {
        job = job.decision_log(log);
    }
    job
}

/// One buyer's export of a one-row dump, with its decision log if one is
/// asked for: the export reads the dump itself, on every core it may use
/// ([`BuyerJob::write_csv`], [`BuyerJob::write_json_lines`]).
///
/// [`BuyerJob::write_csv`]: consent_gate::export::BuyerJob::write_csv
/// [`BuyerJob::write_json_lines`]: consent_gate::export::BuyerJob::write_json_lines
fn one_dump(
    broker: &Broker,
    input: &InputArgs,
    plan: &Planned,
    (on_bad_row, threads): (OnBadRow, usize),
    duplicates: Option<&Duplicates>,
    quiet: bool,
) -> Result<Vec<Result<Receipt, ExportError>>, Failure> {
    let dump = input::open_dump(input)?;
    let progress = Progress::new(quiet, "reading the input");
    let read = Cell::new(0u64);
    let job = job(broker, plan, (on_bad_row, threads), duplicates).progress(|done| {
        read.set(done);
        progress.at(done);
    });
    let result = write_atomically(&plan.output, |out| match input::format_of(&input.input) {
        Format::JsonLines => job.write_json_lines(dump, out),
        _ => job.write_csv(dump, out),
    });
    progress.finish(read.get());
    Ok(vec![result])
}

/// Prints what each export did, and gives the exit's failure: the first
/// export that failed (3 or 6), else a declaration refused (4).
pub fn conclude(
    planned: &[Planned],
    results: Result<Vec<Result<Receipt, ExportError>>, Failure>,
    input: &Path,
) -> Result<(), Failure> {
    let results = results?;
    let mut failure = None;
    let mut refused = Vec::new();
    for (plan, result) in planned.iter().zip(results) {
        match result {
            Ok(receipt) => {
                summary(plan, &receipt);
                if let Some(reason) = &receipt.declaration_refused {
                    refused.push(format!("{}: declaration refused ({reason})", plan.name));
                }
            }
            Err(e) => {
                say!("{}: failed: {e}", plan.name);
                failure.get_or_insert(Failure::export(input, &e));
            }
        }
    }
    say!(
        "read the input {} time(s) for {} buyer(s)",
        input::READS.load(std::sync::atomic::Ordering::Relaxed),
        planned.len()
    );
    match failure {
        Some(failure) => Err(failure),
        None if !refused.is_empty() => Err(Failure::Refused(refused.join("; "))),
        None => Ok(()),
    }
}

fn summary(plan: &Planned, receipt: &Receipt) {
    say!(
        "{}: {} in, {} emitted, {} dropped, {} set aside -> {}",
        plan.name,
        receipt.records_in,
        receipt.records_emitted,
        receipt.records_dropped,
        receipt.records_set_aside,
        plan.output.display()
    );
    for (reason, count) in receipt.top_reasons(5) {
        say!("  {count:>9}  dropped: {reason}");
    }
}
