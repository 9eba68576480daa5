//! Arguments several subcommands share: where the input is.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// The input: a one-row CRM dump, or the ledger form's subjects file with
/// its consent events.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// The broker's configuration (JSON).
    #[arg(long, value_name = "BROKER.json")]
    pub config: PathBuf,
    /// The CRM dump (CSV, or JSON Lines if it ends in `.jsonl`); with
    /// --events, the subjects file.
    #[arg(long, value_name = "DUMP")]
    pub input: PathBuf,
    /// The consent events, joined to the subjects in --input by subject id.
    #[arg(long, value_name = "EVENTS")]
    pub events: Option<PathBuf>,
    /// The format of --events.
    #[arg(long, value_enum, default_value_t = EventsFormat::Crate, requires = "events")]
    pub events_format: EventsFormat,
}

/// The formats an events file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventsFormat {
    /// The crate's own events file (CSV, or JSON Lines if it ends in `.jsonl`).
    Crate,
    /// ISO/IEC TS 27560 records in W3C DPV JSON, one per line.
    Dpv,
    /// Kantara Consent Receipts v1.1, one per line.
    Kantara,
    /// A Salesforce `ContactPointTypeConsent` export (CSV).
    Salesforce,
}

/// What a bad input row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BadRow {
    /// The export stops at the first bad row (exit 3), leaving no output.
    Stop,
    /// Bad rows are set aside and counted in the receipt.
    SetAside,
}

impl From<BadRow> for consent_gate::export::OnBadRow {
    fn from(row: BadRow) -> Self {
        match row {
            BadRow::Stop => Self::Stop,
            BadRow::SetAside => Self::SetAside,
        }
    }
}
