//! Cookbook: an auditor reads a receipt back and checks it against the
//! files it names (see `consent_gate::cookbook`).
//!
//! Run with `cargo run --example cookbook_receipt`.

use std::error::Error;

use consent_gate::export::{Export, OnBadRow, Receipt};
use consent_gate::purpose::PoliticalCampaigning;
use consent_gate::synthetic::{self, AGENCY, PARTY, Synthetic};
use consent_gate::{Declaration, crm};
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn main() -> Result<(), Box<dyn Error>> {
    // The job: a political export with its decision log.
    let broker = synthetic::broker();
    let mut dump = Vec::new();
    Synthetic::new(5_000, 3).write_csv(&mut dump)?;
    let as_of = chrono::DateTime::parse_from_rfc3339("2017-05-01T00:00:00Z")?.to_utc();
    let gate = broker.gate(Declaration::<PoliticalCampaigning>::new(
        AGENCY, PARTY, as_of,
    )?)?;
    let (mut output, mut log) = (Vec::new(), Vec::new());
    let written = Export::new(&gate)
        .on_bad_row(OnBadRow::SetAside)
        .decision_log(&mut log)
        .write(crm::read_csv(dump.as_slice()), &mut output)?
        .to_json();

    // The audit, from the receipt's bytes alone and the files it names.
    let receipt = Receipt::from_json(&written)?;
    assert!(receipt.reconciles(), "every row is accounted for");
    assert_eq!(receipt.output_sha256, hex(&output));
    assert_eq!(receipt.decision_log_sha256, Some(hex(&log)));
    assert_eq!(receipt.config_sha256, broker.config_sha256());
    println!(
        "{} for {}, {}:",
        receipt.buyer, receipt.end_recipient, receipt.purpose
    );
    println!(
        "  {} records read, {} emitted",
        receipt.records_in, receipt.records_emitted
    );
    for (reason, count) in receipt.top_reasons(3) {
        println!("  dropped {count}: {reason}");
    }
    // Nothing political ever carries a child's birth date.
    assert!(!receipt.withheld.is_empty());
    assert!(!String::from_utf8(output)?.contains("child_birth_dates"));
    Ok(())
}
