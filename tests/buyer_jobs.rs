//! Several buyers' exports from one pass over the input
//! ([`BuyerJobs`]): each output, receipt and decision log is what the
//! buyer's job alone writes from the same input.

use std::path::{Path, PathBuf};

use consent_gate::crm::{ReadError, read_csv};
use consent_gate::export::{BuyerFile, BuyerJobs, ExportError, OnBadRow};
use consent_gate::synthetic::{self, AGENCY, BROKER, PARTY, RETAILER, Synthetic};

fn buyer(buyer: &str, end: &str, purpose: &str) -> BuyerFile {
    BuyerFile::from_json(
        format!(
            r#"{{"buyer":"{buyer}","end_recipient":"{end}","purpose":"{purpose}","as_of":"2017-05-01T00:00:00Z"}}"#
        )
        .as_bytes(),
    )
    .unwrap()
}

fn buyers() -> Vec<BuyerFile> {
    vec![
        buyer(RETAILER, RETAILER, "third_party_marketing"),
        buyer(BROKER, BROKER, "marketing_email"),
        buyer(BROKER, BROKER, "research"),
        buyer(AGENCY, PARTY, "political_campaigning"),
        buyer(AGENCY, AGENCY, "third_party_marketing"),
    ]
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn one_pass_for_many_buyers_writes_what_each_writes_alone() {
    let broker = synthetic::broker();
    let mut dump = Vec::new();
    Synthetic::new(6_000, 5).write_csv(&mut dump).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let buyers = buyers();
    let path = |name: &str, i: usize| dir.path().join(format!("{name}-{i}"));
    let together: Vec<(PathBuf, PathBuf)> = (0..buyers.len())
        .map(|i| (path("many.out", i), path("many.log", i)))
        .collect();
    let mut jobs = BuyerJobs::default();
    for (buyer, (out, log)) in buyers.iter().zip(&together) {
        jobs = jobs.add(
            buyer
                .job(&broker)
                .on_bad_row(OnBadRow::SetAside)
                .decision_log(log),
            out,
        );
    }
    assert_eq!(jobs.len(), buyers.len());
    let receipts = jobs.write(read_csv(dump.as_slice()));
    let mut emitted = 0;
    for (i, (buyer, receipt)) in buyers.iter().zip(receipts).enumerate() {
        let receipt = receipt.unwrap();
        let (out, log) = (path("one.out", i), path("one.log", i));
        let alone = buyer
            .job(&broker)
            .on_bad_row(OnBadRow::SetAside)
            .decision_log(&log)
            .write_to_path(read_csv(dump.as_slice()), &out)
            .unwrap();
        assert_eq!(
            serde_json::to_value(&receipt).unwrap(),
            serde_json::to_value(&alone).unwrap(),
            "{}",
            buyer.purpose()
        );
        assert_eq!(read(&together[i].0), read(&out), "{}", buyer.purpose());
        assert_eq!(read(&together[i].1), read(&log), "{}", buyer.purpose());
        assert_eq!(receipt.records_in, 6_000);
        assert!(receipt.reconciles());
        emitted += receipt.records_emitted;
    }
    assert!(emitted > 1_000);
}

/// A job that stops (here at the first bad row) stops alone: it leaves no
/// file, and the others read on to the end.
#[test]
fn a_job_that_stops_stops_alone() {
    let broker = synthetic::broker();
    let mut dump = Vec::new();
    let written = Synthetic::new(3_000, 5).write_csv(&mut dump).unwrap();
    assert!(written.malformed > 0);
    let dir = tempfile::tempdir().unwrap();
    let (strict, lenient) = (dir.path().join("strict"), dir.path().join("lenient"));
    let email = buyer(BROKER, BROKER, "marketing_email");
    let receipts = BuyerJobs::default()
        .add(email.job(&broker), &strict)
        .add(email.job(&broker).on_bad_row(OnBadRow::SetAside), &lenient)
        .write(read_csv(dump.as_slice()));
    assert!(matches!(
        receipts[0],
        Err(ExportError::Input(
            ReadError::Field { .. } | ReadError::Key { .. }
        ))
    ));
    assert!(!strict.exists());
    let receipt = receipts[1].as_ref().unwrap();
    assert_eq!(receipt.records_in, 3_000);
    assert_eq!(receipt.records_set_aside, written.malformed);
}

/// The output, the receipt and the decision log are the same bytes
/// whatever the number of threads an export may use.
#[test]
fn the_same_bytes_on_one_two_and_eight_threads() {
    let broker = synthetic::broker();
    let mut dump = Vec::new();
    Synthetic::new(5_000, 9).write_csv(&mut dump).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for buyer in buyers() {
        let mut seen: Option<(Vec<u8>, Vec<u8>, serde_json::Value)> = None;
        for threads in [1, 2, 8] {
            let (out, log) = (
                dir.path().join(format!("out-{threads}")),
                dir.path().join(format!("log-{threads}")),
            );
            let receipt = buyer
                .job(&broker)
                .threads(threads)
                .on_bad_row(OnBadRow::SetAside)
                .decision_log(&log)
                .write_to_path(read_csv(dump.as_slice()), &out)
                .unwrap();
            let now = (
                read(&out),
                read(&log),
                serde_json::to_value(&receipt).unwrap(),
            );
            if let Some(first) = &seen {
                assert!(first.0 == now.0, "{threads} threads: output differs");
                assert!(first.1 == now.1, "{threads} threads: decision log differs");
                assert_eq!(first.2, now.2, "{threads} threads");
            }
            seen = Some(now);
        }
    }
}
