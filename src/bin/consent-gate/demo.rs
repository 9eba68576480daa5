//! `consent-gate demo`: the case on synthetic data.

use std::path::PathBuf;

use clap::Args;
use consent_gate::export::{BuyerFile, OnBadRow, write_atomically};
use consent_gate::synthetic::{self, AGENCY, BROKER, CASE_RECORDS, PARTY, RETAILER, Synthetic};

use crate::args::{EventsFormat, InputArgs};
use crate::export::{Planned, conclude, export_all};
use crate::failure::{self, Failure};

/// Runs the case on synthetic data.
///
/// Writes a CRM dump in the case's shape (by
/// default the 1,065,200 records Emma's Diary sold), the broker's
/// configuration and six buyer files, then exports to all six in one pass
/// over the dump, with receipts and decision logs: the political party's
/// agency declaring political campaigning; the retailer the consents
/// name; the party declaring service delivery and its agency declaring
/// third-party marketing, each refused as a whole; the broker's own
/// e-mail marketing; and its research, which gets age bands and no name.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  consent-gate demo
  consent-gate demo --records 5000 --out /tmp/demo
  consent-gate verify --config /tmp/demo/broker.json --input /tmp/demo/crm_dump.csv \\
      --buyer /tmp/demo/retailer.json --output /tmp/demo/retailer.csv \\
      --receipt /tmp/demo/retailer.receipt.json")]
pub struct Demo {
    /// How many records to generate.
    #[arg(long, default_value_t = CASE_RECORDS)]
    pub records: u64,
    /// The directory the files go to (made if missing).
    #[arg(long, value_name = "DIR", default_value = "target/consent-gate-demo")]
    pub out: PathBuf,
    /// Threads each export may use; the cores available unless said.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// The demo's buyers: file name, buyer, end recipient, purpose.
pub const BUYERS: [(&str, &str, &str, &str); 6] = [
    ("political", AGENCY, PARTY, "political_campaigning"),
    ("retailer", RETAILER, RETAILER, "third_party_marketing"),
    ("party_service", PARTY, PARTY, "service_delivery"),
    ("agency_marketing", AGENCY, AGENCY, "third_party_marketing"),
    ("own_email", BROKER, BROKER, "marketing_email"),
    ("research", BROKER, BROKER, "research"),
];

pub fn run(args: Demo, quiet: bool) -> Result<(), Failure> {
    let dir = &args.out;
    std::fs::create_dir_all(dir).map_err(|e| Failure::io(dir, &e))?;
    let dump = dir.join("crm_dump.csv");
    let written = write_atomically(&dump, |out| {
        Synthetic::new(args.records, 2017).write_csv(out)
    })
    .map_err(|e| Failure::io(&dump, &e))?;
    say!(
        "wrote {} ({} rows, {} malformed, {} a second row for a subject)",
        dump.display(),
        written.rows,
        written.malformed,
        written.repeated
    );
    let config = dir.join("broker.json");
    let json = synthetic::broker().to_json();
    write_atomically(&config, |out| std::io::Write::write_all(out, &json))
        .map_err(|e| Failure::io(&config, &e))?;
    // Read back as a job reads it: the receipts carry the file's hash.
    let broker = failure::broker(&config)?;
    say!(
        "wrote {} (sha256 {})",
        config.display(),
        broker.config_sha256()
    );
    let mut planned = Vec::new();
    for (name, buyer, end_recipient, purpose) in BUYERS {
        let path = dir.join(format!("{name}.json"));
        let declaration = serde_json::json!({
            "buyer": buyer,
            "end_recipient": end_recipient,
            "purpose": purpose,
            "as_of": "2017-05-01T00:00:00Z",
            "format": "csv",
        });
        let text = serde_json::to_vec_pretty(&declaration).unwrap_or_default();
        write_atomically(&path, |out| std::io::Write::write_all(out, &text))
            .map_err(|e| Failure::io(&path, &e))?;
        let buyer: BuyerFile = failure::buyer(&path)?;
        planned.push(Planned::new(name, buyer, dir, true));
    }
    let input = InputArgs {
        config,
        input: dump.clone(),
        events: None,
        events_format: EventsFormat::Crate,
    };
    let options = (OnBadRow::SetAside, crate::export::threads(args.threads));
    let results = export_all(&broker, &input, &planned, options, quiet);
    match conclude(&planned, results, &dump) {
        // Two of the six declarations are refused: that is the case.
        Err(Failure::Refused(_)) | Ok(()) => {}
        Err(failure) => return Err(failure),
    }
    for plan in &planned {
        say!(
            "wrote {} and {}",
            plan.output.display(),
            plan.receipt.display()
        );
    }
    Ok(())
}
