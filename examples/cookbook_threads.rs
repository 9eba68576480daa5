//! Cookbook: many exports at once, one per buyer, each on its own thread
//! over the same records (see `consent_gate::cookbook`).
//!
//! A `Broker` is cheap to clone and a `Gate` is `Send + Sync`; records are
//! shared by reference. Each export's bytes and receipt are the same
//! whatever the threads do: nothing reads the clock.
//!
//! Run with `cargo run --example cookbook_threads`.

use std::error::Error;

use consent_gate::export::{BuyerFile, OnBadRow, Receipt};
use consent_gate::synthetic::{self, AGENCY, BROKER, PARTY, RETAILER, Synthetic};
use consent_gate::{PurposeKind, crm};

fn main() -> Result<(), Box<dyn Error>> {
    let broker = synthetic::broker();
    let mut dump = Vec::new();
    Synthetic::new(20_000, 7).write_csv(&mut dump)?;
    let as_of = chrono::DateTime::parse_from_rfc3339("2017-05-01T00:00:00Z")?.to_utc();
    let buyers = [
        BuyerFile::new(AGENCY, PARTY, PurposeKind::PoliticalCampaigning, as_of)?,
        BuyerFile::new(RETAILER, RETAILER, PurposeKind::ThirdPartyMarketing, as_of)?,
        BuyerFile::new(BROKER, BROKER, PurposeKind::MarketingPost, as_of)?,
    ];

    let run = |buyer: &BuyerFile| -> Result<(Receipt, Vec<u8>), String> {
        let mut out = Vec::new();
        let records = crm::read_csv(dump.as_slice());
        let receipt = buyer
            .job(&broker)
            .on_bad_row(OnBadRow::SetAside)
            .write(records, &mut out)
            .map_err(|e| e.to_string())?;
        Ok((receipt, out))
    };
    let on_threads: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = buyers.iter().map(|b| s.spawn(|| run(b))).collect();
        handles.into_iter().map(|h| h.join()).collect()
    });

    for (buyer, result) in buyers.iter().zip(on_threads) {
        let (receipt, bytes) = result.map_err(|_| "an export thread panicked")??;
        // The same export run alone gives the same bytes.
        assert_eq!(run(buyer)?.1, bytes);
        println!(
            "{} ({}): {} emitted of {}",
            receipt.buyer, receipt.purpose, receipt.records_emitted, receipt.records_in
        );
    }
    Ok(())
}
