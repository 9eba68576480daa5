//! Cookbook: consents as a consent platform keeps them (here Kantara
//! consent receipts), read into the ledger and exported, verified against
//! the broker's own configuration (see `consent_gate::cookbook`).
//!
//! The configuration names the notices by the URLs the receipts give
//! (`notices[].ids`) and says what each of the platform's purpose and
//! category names means (`platforms.kantara`); a receipt naming anything
//! else is refused, never guessed at.
//!
//! Run with `cargo run --example cookbook_import`.

use std::error::Error;

use consent_gate::crm::{read_ledger, read_subjects_csv};
use consent_gate::export::{BuyerFile, OnBadRow};
use consent_gate::import::read_kantara;
use consent_gate::{Broker, PurposeKind};

fn main() -> Result<(), Box<dyn Error>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/import");
    let broker = Broker::from_json(&std::fs::read(format!("{dir}/broker.json"))?)?;
    let subjects = std::fs::read(format!("{dir}/subjects.csv"))?;
    let receipts = std::fs::read(format!("{dir}/kantara/receipts.jsonl"))?;

    let records = read_ledger(
        read_subjects_csv(subjects.as_slice()),
        read_kantara(&broker, receipts.as_slice()),
    );
    let as_of = chrono::DateTime::parse_from_rfc3339("2017-05-01T00:00:00Z")?.to_utc();
    let retailer = "Acme Baby Products Ltd";
    let buyer = BuyerFile::new(retailer, retailer, PurposeKind::ThirdPartyMarketing, as_of)?;
    let mut out = Vec::new();
    let receipt = buyer
        .job(&broker)
        .on_bad_row(OnBadRow::Stop)
        .write(records, &mut out)?;
    assert!(receipt.reconciles());

    // The export names subjects, never prints their values here.
    let subjects: Vec<&str> = std::str::from_utf8(&out)?
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .collect();
    println!(
        "{} subjects read, {} exported to {retailer}: {}",
        receipt.records_in,
        receipt.records_emitted,
        subjects.join(" ")
    );

    // A receipt naming a purpose the broker never mapped is refused,
    // naming its key and never its text.
    let unmapped =
        String::from_utf8(receipts)?.replacen("Offers from our partners", "Political outreach", 1);
    let refused = read_kantara(&broker, unmapped.as_bytes())
        .find_map(Result::err)
        .ok_or("the unmapped purpose was read")?;
    println!("refused: {refused}");
    Ok(())
}
