//! Export, decision and read throughput on the case's synthetic records,
//! each against a baseline measured in the same run.
//!
//! ```sh
//! cargo bench --bench export
//! python3 scripts/bench_report.py   # records per second and ratios
//! ```

mod common;

use std::hint::black_box;

use common::*;
use consent_gate::export::Format;
use consent_gate::purpose::{PoliticalCampaigning, ThirdPartyMarketing};
use consent_gate::synthetic::{AGENCY, PARTY};
use consent_gate::{Gate, Record};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn csv_export(c: &mut Criterion) {
    let mixed = mixed_rows();
    let covering = covering_rows(&mixed);
    let (mixed_records, covering_records) = (records(&mixed), records(&covering));
    let plain: Vec<_> = covering.iter().map(plain_csv).collect();
    let cells = preformatted(&plain);
    let retailer = retailer();
    let political = gate::<PoliticalCampaigning>(AGENCY, PARTY);
    let mut out = Vec::with_capacity(8 << 20);

    let mut group = c.benchmark_group("csv_export");
    group.throughput(Throughput::Elements(N));
    group.bench_function("baseline_csv_serde", |b| {
        b.iter(|| csv_serde_export(&plain, &mut out))
    });
    group.bench_function("ceiling_write_all", |b| {
        b.iter(|| write_all_export(&cells, &mut out))
    });
    group.bench_function("gated_all_covering", |b| {
        b.iter(|| gated_export(&retailer, Format::Csv, &covering_records, &mut out))
    });
    group.bench_function("gated_mixed_retailer", |b| {
        b.iter(|| gated_export(&retailer, Format::Csv, &mixed_records, &mut out))
    });
    group.bench_function("gated_mixed_political", |b| {
        b.iter(|| gated_export(&political, Format::Csv, &mixed_records, &mut out))
    });
    group.finish();
}

fn jsonl_export(c: &mut Criterion) {
    let mixed = mixed_rows();
    let covering = covering_rows(&mixed);
    let (mixed_records, covering_records) = (records(&mixed), records(&covering));
    let plain: Vec<_> = covering.iter().map(plain_json).collect();
    let retailer = retailer();
    let mut out = Vec::with_capacity(16 << 20);

    let mut group = c.benchmark_group("jsonl_export");
    group.throughput(Throughput::Elements(N));
    group.bench_function("baseline_serde_json", |b| {
        b.iter(|| serde_json_export(&plain, &mut out))
    });
    for (name, records) in [
        ("gated_all_covering", &covering_records),
        ("gated_mixed_retailer", &mixed_records),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| gated_export(&retailer, Format::JsonLines, records, &mut out))
        });
    }
    group.finish();
}

/// How many records of the set fit the second-level cache (about 300 KB
/// of records): the decision on a record just read, as in an export
/// streaming from a reader, without the cost of fetching it from memory.
const IN_CACHE: usize = 1_000;

/// Checks every record of `set` as many times as makes `N` checks, and
/// counts those allowed. Each decision is consumed (counted), not copied
/// out through black_box, which would measure the copy of the refusal
/// instead.
fn verdicts(gate: &Gate<ThirdPartyMarketing>, set: &[Record]) -> usize {
    let mut allowed = 0usize;
    for _ in 0..N as usize / set.len() {
        for r in set {
            allowed += usize::from(gate.check(black_box(r)).is_ok());
        }
    }
    allowed
}

/// `rows` in the ledger form, each subject with `k` withdrawals of
/// research added, read back as records.
fn ledger_records(rows: &[consent_gate::crm::CrmRow], k: usize) -> Vec<Record> {
    use consent_gate::crm::{EventRow, read_events_csv, read_ledger, read_subjects_csv};
    let mut subjects = csv::Writer::from_writer(Vec::new());
    let mut events = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let (subject, history) = row.to_ledger();
        subjects.serialize(&subject).unwrap();
        for event in history {
            events.serialize(&event).unwrap();
        }
        for n in 0..k {
            events
                .serialize(&EventRow {
                    subject_id: row.subject_id.clone(),
                    event: "withdrawn".into(),
                    at: format!("2016-01-{:02}T00:00:00Z", n % 28 + 1),
                    purposes: "research".into(),
                    ..EventRow::default()
                })
                .unwrap();
        }
    }
    let (subjects, events) = (subjects.into_inner().unwrap(), events.into_inner().unwrap());
    read_ledger(
        read_subjects_csv(subjects.as_slice()),
        read_events_csv(events.as_slice()),
    )
    .filter_map(Result::ok)
    .collect()
}

fn decision(c: &mut Criterion) {
    let mixed = records(&mixed_rows());
    let covering = records(&covering_rows(&mixed_rows()));
    let retailer = retailer();
    let mut group = c.benchmark_group("decision");
    group.throughput(Throughput::Elements(N));
    group.bench_function("record_verdict", |b| b.iter(|| verdicts(&retailer, &mixed)));
    group.bench_function("record_verdict_in_cache", |b| {
        b.iter(|| verdicts(&retailer, &mixed[..IN_CACHE]))
    });
    group.bench_function("all_covering_in_cache", |b| {
        b.iter(|| verdicts(&retailer, &covering[..IN_CACHE]))
    });
    // The ledger's general path: each record's consent plus `k` withdrawals
    // of a purpose the retailer's export does not ask about, so that the
    // state is worked out from k + 1 entries (BENCHMARKS.md: cost per
    // entry).
    for k in [1usize, 4, 16] {
        let ledger = ledger_records(&mixed_rows()[..IN_CACHE], k);
        group.bench_function(format!("ledger_{k}_changes_in_cache"), |b| {
            b.iter(|| verdicts(&retailer, &ledger))
        });
    }
    group.bench_function("record_and_8_categories", |b| {
        b.iter(|| gate_rules(&retailer, &mixed))
    });
    group.finish();
}

fn read(c: &mut Criterion) {
    let (csv_bytes, jsonl_bytes) = crm_inputs(&mixed_rows());
    let mut group = c.benchmark_group("read");
    group.throughput(Throughput::Elements(N));
    group.bench_function(BenchmarkId::new("csv", "baseline_serde_rows"), |b| {
        b.iter(|| csv_serde_read(&csv_bytes))
    });
    group.bench_function(BenchmarkId::new("csv", "records"), |b| {
        b.iter(|| csv_records(&csv_bytes, 1))
    });
    group.bench_function(BenchmarkId::new("jsonl", "baseline_serde_rows"), |b| {
        b.iter(|| serde_json_read(&jsonl_bytes))
    });
    group.bench_function(BenchmarkId::new("jsonl", "records"), |b| {
        b.iter(|| json_lines_records(&jsonl_bytes))
    });
    group.finish();
}

/// Building a suppression list of `n` telephone numbers, in no order: the
/// time per number grows slowly with the list's length (a sorted set's
/// depth, and its cache misses); it grew with the length itself while the
/// keys were a sorted vector.
fn suppression(c: &mut Criterion) {
    let mut group = c.benchmark_group("suppression");
    group.sample_size(10);
    for n in [10_000u64, 100_000] {
        let phones: Vec<String> = (0..n)
            .map(|i| format!("07700 {:06}", (i * 7_919) % 1_000_000))
            .collect();
        group.throughput(Throughput::Elements(n));
        group.bench_function(BenchmarkId::new("phones", n), |b| {
            b.iter(|| {
                phones
                    .iter()
                    .fold(consent_gate::SuppressionList::default(), |list, p| {
                        list.phone(p)
                    })
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    csv_export,
    jsonl_export,
    decision,
    read,
    suppression
);
criterion_main!(benches);
