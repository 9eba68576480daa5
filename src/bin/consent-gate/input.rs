//! Opening the input as records, counting how often it is read.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use consent_gate::crm::{self, ReadError};
use consent_gate::export::Format;
use consent_gate::{Broker, Record, import};

use crate::args::{EventsFormat, InputArgs};
use crate::failure::Failure;

/// How many times the input has been opened: an export reads it once
/// whatever the number of buyers (three times if its subject ids are out
/// of order: once to find that out, once to scan, once to export).
pub static READS: AtomicU64 = AtomicU64::new(0);

/// The records of an input.
pub type Records = Box<dyn Iterator<Item = Result<Record, ReadError>> + Send>;

const BUFFER: usize = 1 << 16;

/// CSV, or JSON Lines for a name ending in `.jsonl`.
pub fn format_of(path: &Path) -> Format {
    if path.extension().is_some_and(|e| e == "jsonl") {
        Format::JsonLines
    } else {
        Format::Csv
    }
}

fn open_file(path: &Path) -> Result<BufReader<File>, Failure> {
    let file = File::open(path).map_err(|e| Failure::io(path, &e))?;
    Ok(BufReader::with_capacity(BUFFER, file))
}

/// Opens the input's one-row dump afresh, to be read by the export itself.
pub fn open_dump(input: &InputArgs) -> Result<BufReader<File>, Failure> {
    READS.fetch_add(1, Ordering::Relaxed);
    open_file(&input.input)
}

/// Opens the input afresh, a one-row CSV dump to be parsed on `threads`
/// threads.
pub fn open(input: &InputArgs, broker: &Broker, threads: usize) -> Result<Records, Failure> {
    READS.fetch_add(1, Ordering::Relaxed);
    let main = open_file(&input.input)?;
    let Some(events_path) = &input.events else {
        return Ok(Box::new(
            crm::read(format_of(&input.input), main).threads(threads),
        ));
    };
    let subjects = match format_of(&input.input) {
        Format::JsonLines => crm::read_subjects_json_lines(main),
        _ => crm::read_subjects_csv(main),
    };
    let events = open_file(events_path)?;
    let records: Records = match input.events_format {
        EventsFormat::Crate => match format_of(events_path) {
            Format::JsonLines => Box::new(crm::read_ledger(
                subjects,
                crm::read_events_json_lines(events),
            )),
            _ => Box::new(crm::read_ledger(subjects, crm::read_events_csv(events))),
        },
        EventsFormat::Dpv => Box::new(crm::read_ledger(subjects, import::read_dpv(broker, events))),
        EventsFormat::Kantara => Box::new(crm::read_ledger(
            subjects,
            import::read_kantara(broker, events),
        )),
        EventsFormat::Salesforce => Box::new(crm::read_ledger(
            subjects,
            import::read_salesforce(broker, events),
        )),
    };
    Ok(records)
}

/// Whether the input is a file that can be read again (not a pipe).
pub fn rereadable(input: &InputArgs) -> bool {
    let file = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.is_file());
    file(&input.input) && input.events.as_deref().is_none_or(file)
}
