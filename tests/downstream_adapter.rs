//! How a downstream crate fuzzes its own export adapter with this crate's
//! strategies and oracle, using only the public API: a hand-written adapter
//! passes, and the same adapter with a planted leak is caught.

use chrono::{DateTime, TimeZone, Utc};
use consent_gate::crm::CrmRow;
use consent_gate::export::BuyerFile;
use consent_gate::field::{Email, ParentName};
use consent_gate::purpose::ThirdPartyMarketing;
use consent_gate::{Declaration, oracle, strategy, synthetic};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestError, TestRunner};

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap()
}

/// The downstream crate's adapter: a mailing list of names and e-mail
/// addresses for a third-party marketer. With `leak`, it takes the e-mail
/// address from the raw row whenever the record as a whole is cleared,
/// forgetting that e-mail needs consent to that channel.
fn mailing_list(rows: &[CrmRow], buyer: &BuyerFile, leak: bool) -> Vec<u8> {
    let declaration = Declaration::<ThirdPartyMarketing>::new(
        buyer.buyer(),
        buyer.end_recipient(),
        buyer.as_of(),
    )
    .unwrap();
    let gate = synthetic::broker().gate(declaration).unwrap();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["subject_id", "parent_name", "email"])
        .unwrap();
    for row in rows {
        let Ok(record) = row.to_record_at(1) else {
            continue;
        };
        let Ok(cleared) = gate.check(&record) else {
            continue;
        };
        let Ok(Some(name)) = cleared.get::<ParentName>() else {
            continue;
        };
        let email = if leak {
            row.email.clone()
        } else {
            cleared
                .get::<Email>()
                .ok()
                .flatten()
                .cloned()
                .unwrap_or_default()
        };
        out.write_record([row.subject_id.as_str(), name.as_str(), email.as_str()])
            .unwrap();
    }
    out.into_inner().unwrap()
}

fn buyer() -> impl Strategy<Value = BuyerFile> {
    // The retailers the synthetic broker registers, buying for themselves.
    proptest::sample::select(vec![synthetic::RETAILER, synthetic::NURSERY]).prop_map(|org| {
        BuyerFile::new(
            org,
            org,
            consent_gate::PurposeKind::ThirdPartyMarketing,
            as_of(),
        )
        .unwrap()
    })
}

fn fuzz(leak: bool) -> Result<(), TestError<(Vec<CrmRow>, BuyerFile)>> {
    // PROPTEST_CASES governs this test as every other; 512 unless said.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(512);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner.run(
        &(strategy::dataset(as_of(), 24), buyer()),
        |(rows, buyer)| {
            let output = mailing_list(&rows, &buyer, leak);
            let found = oracle::violations(&rows, &buyer, &synthetic::broker(), &output).unwrap();
            prop_assert!(found.is_empty(), "{:?}", found);
            Ok(())
        },
    )
}

#[test]
fn the_careful_adapter_passes_the_oracle() {
    fuzz(false).unwrap();
}

#[test]
fn the_planted_leak_is_caught() {
    match fuzz(true) {
        Err(TestError::Fail(reason, (rows, _))) => {
            assert!(reason.message().contains("email"), "{reason}");
            assert!(!rows.is_empty());
        }
        other => panic!("the leak went unnoticed: {other:?}"),
    }
}
