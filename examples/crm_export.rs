//! The broker's nightly CRM export job.
//!
//! With no arguments: generates the case's 1,065,200 synthetic records,
//! writes them as the CRM's CSV dump into `target/crm-export/` with the
//! broker's configuration (`broker.json`: its registry of organisations,
//! its notice versions, rules and suppression lists), then exports from
//! that file as a real job would (setting malformed rows aside) for six
//! buyers, and prints what it wrote and how many records and fields each
//! rule refused:
//!
//! * a data agency buying for a political party, declared as political
//!   campaigning;
//! * the retailer the consents name, for its own marketing;
//! * the party itself declaring service delivery, and the party's agency
//!   declaring third-party marketing: the same sale in disguise, each
//!   refused as a whole, with a receipt all the same;
//! * the broker's own e-mail marketing (consent or the soft opt-in);
//! * the broker's own research, which gets age bands, birth years and
//!   postcode districts, and no name, contact detail or exact date.
//!
//! ```sh
//! cargo run --release --example crm_export
//! cargo run --release --example crm_export -- --records 5000   # smaller
//! cargo run --release --example crm_export -- --records 5000 --shuffled
//! cargo run --release --example crm_export -- INPUT CONFIG.json BUYER.json OUTPUT [--set-aside]
//! ```
//!
//! With arguments it exports a real file: INPUT is CSV, or JSON Lines if it
//! ends in `.jsonl`; CONFIG is the broker's configuration
//! ([`consent_gate::config`]); the receipt is written beside OUTPUT as
//! `OUTPUT.receipt.json`. Bad rows stop the export unless `--set-aside`.
//!
//! The dump's subject ids ascend, so each export reads it once; with
//! `--shuffled` they do not, and each export scans the dump for subjects
//! on two rows before it exports (see `consent_gate::export::Duplicates`).
//! Either way a subject on two rows (the synthetic dump has some: a
//! withdrawal recorded as a new row) is exported from neither.

use std::error::Error;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use consent_gate::Broker;
use consent_gate::crm;
use consent_gate::export::{BuyerFile, Format, OnBadRow, Receipt, write_atomically};
use consent_gate::synthetic::{self, AGENCY, BROKER, CASE_RECORDS, PARTY, RETAILER, Synthetic};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => demo(Synthetic::new(CASE_RECORDS, 2017)),
        [flag, n] if flag == "--records" => demo(Synthetic::new(n.parse()?, 2017)),
        [flag, n, shuffled] if flag == "--records" && shuffled == "--shuffled" => {
            demo(Synthetic::new(n.parse()?, 2017).shuffled())
        }
        [input, config, buyer, output, rest @ ..] => {
            let on_bad_row = if rest.iter().any(|a| a == "--set-aside") {
                OnBadRow::SetAside
            } else {
                OnBadRow::Stop
            };
            let broker = Broker::from_json(&std::fs::read(config)?)?;
            let receipt = export(
                &broker,
                Path::new(input),
                Path::new(buyer),
                Path::new(output),
                on_bad_row,
            )?;
            summary(&receipt);
            Ok(())
        }
        _ => Err(
            "usage: crm_export [--records N [--shuffled]] | INPUT CONFIG.json BUYER.json OUTPUT [--set-aside]"
                .into(),
        ),
    }
}

/// The main job on synthetic data.
fn demo(data: Synthetic) -> Result<()> {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let dir = target.join("crm-export");
    std::fs::create_dir_all(&dir)?;

    let dump = dir.join("crm_dump.csv");
    let written = write_atomically(&dump, |out| data.write_csv(out))?;
    println!(
        "wrote {} ({} rows, {} malformed, {} a second row for a subject)",
        dump.display(),
        written.rows,
        written.malformed,
        written.repeated
    );

    // The same consents in the ledger form (a subjects file and a
    // consent-events file), which is joined as sorted streams: written only
    // when the ids are in order.
    // Their histories, which the one-row form cannot hold, go into a
    // second events file for the same subjects.
    let ledger = (
        dir.join("crm_subjects.csv"),
        dir.join("crm_events.csv"),
        dir.join("crm_events_history.csv"),
    );
    let ledger = match data.write_ledger_csv(
        std::io::BufWriter::new(File::create(&ledger.0)?),
        std::io::BufWriter::new(File::create(&ledger.1)?),
    ) {
        Ok(_) => {
            data.write_history_csv(std::io::BufWriter::new(File::create(&ledger.2)?))?;
            println!(
                "wrote {}, {} and {}",
                ledger.0.display(),
                ledger.1.display(),
                ledger.2.display()
            );
            Some(ledger)
        }
        Err(_) => None,
    };

    let config = dir.join("broker.json");
    let broker = synthetic::broker();
    write_atomically(&config, |out| {
        std::io::Write::write_all(out, &broker.to_json())
    })?;
    println!(
        "wrote {} (sha256 {})",
        config.display(),
        broker.config_sha256()
    );
    // Read back as a real job reads it: the receipts carry its hash.
    let broker = Broker::from_json(&std::fs::read(&config)?)?;

    let buyers = [
        ("political", AGENCY, PARTY, "political_campaigning"),
        ("retailer", RETAILER, RETAILER, "third_party_marketing"),
        ("party_service", PARTY, PARTY, "service_delivery"),
        ("agency_marketing", AGENCY, AGENCY, "third_party_marketing"),
        ("own_email", BROKER, BROKER, "marketing_email"),
        ("research", BROKER, BROKER, "research"),
    ];
    for (name, buyer, end_recipient, purpose) in buyers {
        let buyer_file = dir.join(format!("buyer_{name}.json"));
        let declaration = serde_json::json!({
            "buyer": buyer,
            "end_recipient": end_recipient,
            "purpose": purpose,
            "as_of": "2017-05-01T00:00:00Z",
            "format": "csv",
        });
        write_atomically(&buyer_file, |out| {
            serde_json::to_writer_pretty(out, &declaration).map_err(std::io::Error::from)
        })?;
        println!("wrote {}", buyer_file.display());
        let output = dir.join(format!("export_{name}.csv"));
        let receipt = export(&broker, &dump, &buyer_file, &output, OnBadRow::SetAside)?;
        summary(&receipt);
        if let Some((subjects, events, history)) = &ledger {
            let buyer = BuyerFile::from_json(&std::fs::read(&buyer_file)?)?;
            let from = |events: &Path, output: &str| -> Result<Receipt> {
                let records = crm::read_ledger(
                    crm::read_subjects_csv(BufReader::new(File::open(subjects)?)),
                    crm::read_events_csv(BufReader::new(File::open(events)?)),
                );
                let output = dir.join(output);
                let receipt = buyer
                    .job(&broker)
                    .on_bad_row(OnBadRow::SetAside)
                    .write_to_path(records, &output)?;
                receipt
                    .write_to_path(&PathBuf::from(format!("{}.receipt.json", output.display())))?;
                Ok(receipt)
            };
            let from_ledger = from(events, &format!("export_{name}.from_ledger.csv"))?;
            let with_history = from(history, &format!("export_{name}.with_history.csv"))?;
            let count = |reason: &str| with_history.dropped.get(reason).copied().unwrap_or(0);
            println!(
                "  with histories: {} emitted; dropped {} refused, {} objected, {} withdrawn, {} purpose_not_granted",
                with_history.records_emitted,
                count("refused"),
                count("objected"),
                count("withdrawn"),
                count("purpose_not_granted"),
            );
            println!(
                "  output sha256 {} (one-row dump), {} (ledger form): {}",
                receipt.output_sha256,
                from_ledger.output_sha256,
                if receipt.output_sha256 == from_ledger.output_sha256 {
                    "the same"
                } else {
                    "DIFFERENT"
                }
            );
            if receipt.output_sha256 != from_ledger.output_sha256 {
                return Err("the two forms of the same consents exported differently".into());
            }
        }
    }
    Ok(())
}

/// One export as a real job runs it: read the buyer file, stream the
/// input, write the output and its receipt.
fn export(
    broker: &Broker,
    input: &Path,
    buyer: &Path,
    output: &Path,
    on_bad_row: OnBadRow,
) -> Result<Receipt> {
    let buyer = BuyerFile::from_json(&std::fs::read(buyer)?)?;
    // The input is opened once if its subject ids are in order, and again
    // to scan for subjects on two rows if not.
    let format = if input.extension().is_some_and(|e| e == "jsonl") {
        Format::JsonLines
    } else {
        Format::Csv
    };
    let open = || {
        let file = BufReader::with_capacity(1 << 16, File::open(input)?);
        Ok(crm::read(format, file))
    };
    let progress = |done: u64| eprintln!("  {done} records done");
    let log = PathBuf::from(format!("{}.decisions.jsonl", output.display()));
    let receipt = buyer
        .job(broker)
        .on_bad_row(on_bad_row)
        .decision_log(&log)
        .progress(progress)
        .write_input_to_path(open, output)?;
    println!("wrote {} and {}", output.display(), log.display());
    let receipt_path = PathBuf::from(format!("{}.receipt.json", output.display()));
    receipt.write_to_path(&receipt_path)?;
    println!("wrote {}", receipt_path.display());
    Ok(receipt)
}

fn summary(receipt: &Receipt) {
    println!(
        "{} for {} ({}): {} in, {} emitted, {} dropped, {} set aside",
        receipt.buyer,
        receipt.end_recipient,
        receipt.purpose,
        receipt.records_in,
        receipt.records_emitted,
        receipt.records_dropped,
        receipt.records_set_aside
    );
    if let Some(reason) = &receipt.declaration_refused {
        println!("  declaration refused: {reason}");
    }
    println!("  records dropped, by reason:");
    for (reason, count) in receipt.top_reasons(usize::MAX) {
        println!("  {count:>9}  {reason}");
    }
    println!("  fields withheld from records not dropped, by reason:");
    let mut withheld: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
    for (category, reasons) in &receipt.withheld {
        for (reason, count) in reasons {
            if !receipt.dropped.contains_key(reason) {
                *withheld.entry(reason).or_default() += count;
                println!("  {count:>9}  {category}: {reason}");
            }
        }
    }
    if withheld.is_empty() {
        println!("  {:>9}", "none");
    }
}
