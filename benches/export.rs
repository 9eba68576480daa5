//! Export, decision and read throughput on the case's synthetic records,
//! each against a baseline measured in the same run.
//!
//! ```sh
//! cargo bench --bench export
//! python3 scripts/bench_report.py   # records per second and ratios
//! ```

use std::hint::black_box;
use std::io::Write;

use chrono::NaiveDate;
use consent_gate::category::BUILTIN;
use consent_gate::crm::{CrmRow, ReadError, read_csv, read_json_lines};
use consent_gate::export::{Export, Format};
use consent_gate::purpose::{PoliticalCampaigning, ThirdPartyMarketing};
use consent_gate::synthetic::{AGENCY, PARTY, RETAILER, Synthetic};
use consent_gate::{Declaration, Gate, Purpose, Record, Rules};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde::Serialize;

const N: u64 = 20_000;

/// The valid rows of the main job's synthetic mix.
fn mixed_rows() -> Vec<CrmRow> {
    Synthetic::new(N + 10, 2017)
        .rows()
        .filter(|r| r.to_record(1).is_ok())
        .take(N as usize)
        .collect()
}

/// The same rows with every consent covering third-party marketing by the
/// retailer, every category granted.
fn covering_rows(rows: &[CrmRow]) -> Vec<CrmRow> {
    rows.iter()
        .map(|r| CrmRow {
            purposes: "broad;sale_to_third_parties".into(),
            notice_disclosed: "broad;sale_to_third_parties;political_campaigning".into(),
            categories: "child_birth_date;children_present;pregnancy".into(),
            recipients: RETAILER.into(),
            consent_expires_at: String::new(),
            consent_withdrawn_at: String::new(),
            collection: "direct".into(),
            ..r.clone()
        })
        .collect()
}

fn records(rows: &[CrmRow]) -> Vec<Record> {
    rows.iter().map(|r| r.to_record(1).unwrap()).collect()
}

fn gate<P: Purpose>(buyer: &str, end_recipient: &str) -> Gate<P> {
    let as_of = chrono::DateTime::parse_from_rfc3339("2017-05-01T00:00:00Z")
        .unwrap()
        .into();
    Gate::new(
        Declaration::new(buyer, end_recipient, as_of).unwrap(),
        Rules::default(),
    )
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// What a developer would hold and serialise by hand: the same fields,
/// no gate.
#[derive(Serialize)]
struct PlainCsv<'a> {
    subject_id: u64,
    parent_name: &'a str,
    address_line1: &'a str,
    address_line2: &'a str,
    address_town: &'a str,
    address_postcode: &'a str,
    email: &'a str,
    phone: &'a str,
    mother_birth_date: Option<NaiveDate>,
    children_under_five: bool,
    child_birth_dates: &'a str,
    due_date: Option<NaiveDate>,
}

#[derive(Serialize)]
struct PlainAddress<'a> {
    line1: &'a str,
    line2: &'a str,
    town: &'a str,
    postcode: &'a str,
}

#[derive(Serialize)]
struct PlainJson<'a> {
    subject_id: u64,
    parent_name: &'a str,
    address: PlainAddress<'a>,
    email: &'a str,
    phone: &'a str,
    mother_birth_date: Option<NaiveDate>,
    children_under_five: bool,
    child_birth_dates: Vec<NaiveDate>,
    due_date: Option<NaiveDate>,
}

fn plain_csv(r: &CrmRow) -> PlainCsv<'_> {
    PlainCsv {
        subject_id: r.subject_id.parse().unwrap(),
        parent_name: &r.parent_name,
        address_line1: &r.address_line1,
        address_line2: &r.address_line2,
        address_town: &r.town,
        address_postcode: &r.postcode,
        email: &r.email,
        phone: &r.phone,
        mother_birth_date: date(&r.mother_birth_date),
        children_under_five: r.children_under_five == "true",
        child_birth_dates: &r.child_birth_dates,
        due_date: date(&r.due_date),
    }
}

fn plain_json(r: &CrmRow) -> PlainJson<'_> {
    PlainJson {
        subject_id: r.subject_id.parse().unwrap(),
        parent_name: &r.parent_name,
        address: PlainAddress {
            line1: &r.address_line1,
            line2: &r.address_line2,
            town: &r.town,
            postcode: &r.postcode,
        },
        email: &r.email,
        phone: &r.phone,
        mother_birth_date: date(&r.mother_birth_date),
        children_under_five: r.children_under_five == "true",
        child_birth_dates: r.child_birth_dates.split(';').filter_map(date).collect(),
        due_date: date(&r.due_date),
    }
}

/// The cells of the CSV output, formatted once, for the ceiling.
fn preformatted(rows: &[PlainCsv<'_>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|p| {
            let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            vec![
                p.subject_id.to_string(),
                p.parent_name.to_owned(),
                p.address_line1.to_owned(),
                p.address_line2.to_owned(),
                p.address_town.to_owned(),
                p.address_postcode.to_owned(),
                p.email.to_owned(),
                p.phone.to_owned(),
                d(p.mother_birth_date),
                p.children_under_five.to_string(),
                p.child_birth_dates.to_owned(),
                d(p.due_date),
            ]
        })
        .collect()
}

fn ok(r: &Record) -> Result<&Record, ReadError> {
    Ok(r)
}

fn csv_export(c: &mut Criterion) {
    let mixed = mixed_rows();
    let covering = covering_rows(&mixed);
    let (mixed_records, covering_records) = (records(&mixed), records(&covering));
    let plain: Vec<_> = covering.iter().map(plain_csv).collect();
    let cells = preformatted(&plain);
    let retailer = gate::<ThirdPartyMarketing>(RETAILER, RETAILER);
    let political = gate::<PoliticalCampaigning>(AGENCY, PARTY);
    let mut out = Vec::with_capacity(8 << 20);

    let mut group = c.benchmark_group("csv_export");
    group.throughput(Throughput::Elements(N));
    group.bench_function("baseline_csv_serde", |b| {
        b.iter(|| {
            out.clear();
            let mut w = csv::Writer::from_writer(&mut out);
            for p in &plain {
                w.serialize(p).unwrap();
            }
            w.flush().unwrap();
        })
    });
    group.bench_function("ceiling_write_all", |b| {
        b.iter(|| {
            out.clear();
            for row in &cells {
                for (i, cell) in row.iter().enumerate() {
                    if i > 0 {
                        out.write_all(b",").unwrap();
                    }
                    out.write_all(cell.as_bytes()).unwrap();
                }
                out.write_all(b"\n").unwrap();
            }
        })
    });
    group.bench_function("gated_all_covering", |b| {
        b.iter(|| {
            out.clear();
            Export::new(&retailer)
                .write(covering_records.iter().map(ok), &mut out)
                .unwrap()
        })
    });
    group.bench_function("gated_mixed_retailer", |b| {
        b.iter(|| {
            out.clear();
            Export::new(&retailer)
                .write(mixed_records.iter().map(ok), &mut out)
                .unwrap()
        })
    });
    group.bench_function("gated_mixed_political", |b| {
        b.iter(|| {
            out.clear();
            Export::new(&political)
                .write(mixed_records.iter().map(ok), &mut out)
                .unwrap()
        })
    });
    group.finish();
}

fn jsonl_export(c: &mut Criterion) {
    let mixed = mixed_rows();
    let covering = covering_rows(&mixed);
    let (mixed_records, covering_records) = (records(&mixed), records(&covering));
    let plain: Vec<_> = covering.iter().map(plain_json).collect();
    let retailer = gate::<ThirdPartyMarketing>(RETAILER, RETAILER);
    let mut out = Vec::with_capacity(16 << 20);

    let mut group = c.benchmark_group("jsonl_export");
    group.throughput(Throughput::Elements(N));
    group.bench_function("baseline_serde_json", |b| {
        b.iter(|| {
            out.clear();
            for p in &plain {
                serde_json::to_writer(&mut out, p).unwrap();
                out.push(b'\n');
            }
        })
    });
    for (name, records) in [
        ("gated_all_covering", &covering_records),
        ("gated_mixed_retailer", &mixed_records),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                Export::new(&retailer)
                    .format(Format::JsonLines)
                    .write(records.iter().map(ok), &mut out)
                    .unwrap()
            })
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
            allowed += usize::from(gate.check(black_box(r)).verdict().is_ok());
        }
    }
    allowed
}

fn decision(c: &mut Criterion) {
    let mixed = records(&mixed_rows());
    let covering = records(&covering_rows(&mixed_rows()));
    let retailer = gate::<ThirdPartyMarketing>(RETAILER, RETAILER);
    let mut group = c.benchmark_group("decision");
    group.throughput(Throughput::Elements(N));
    group.bench_function("record_verdict", |b| b.iter(|| verdicts(&retailer, &mixed)));
    group.bench_function("record_verdict_in_cache", |b| {
        b.iter(|| verdicts(&retailer, &mixed[..IN_CACHE]))
    });
    group.bench_function("all_covering_in_cache", |b| {
        b.iter(|| verdicts(&retailer, &covering[..IN_CACHE]))
    });
    group.bench_function("record_and_8_categories", |b| {
        b.iter(|| {
            let mut allowed = 0usize;
            for r in &mixed {
                let cleared = retailer.check(black_box(r));
                for category in BUILTIN {
                    allowed += usize::from(cleared.decide(category).is_ok());
                }
            }
            black_box(allowed)
        })
    });
    group.finish();
}

fn read(c: &mut Criterion) {
    let rows = mixed_rows();
    let mut csv_bytes = Vec::new();
    let mut jsonl_bytes = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut csv_bytes);
        for r in &rows {
            w.serialize(r).unwrap();
            serde_json::to_writer(&mut jsonl_bytes, r).unwrap();
            jsonl_bytes.push(b'\n');
        }
    }
    let mut group = c.benchmark_group("read");
    group.throughput(Throughput::Elements(N));
    group.bench_function(BenchmarkId::new("csv", "baseline_serde_rows"), |b| {
        b.iter(|| {
            csv::Reader::from_reader(csv_bytes.as_slice())
                .deserialize::<CrmRow>()
                .filter(Result::is_ok)
                .count()
        })
    });
    group.bench_function(BenchmarkId::new("csv", "records"), |b| {
        b.iter(|| read_csv(csv_bytes.as_slice()).filter(Result::is_ok).count())
    });
    group.bench_function(BenchmarkId::new("jsonl", "baseline_serde_rows"), |b| {
        b.iter(|| {
            jsonl_bytes
                .split(|b| *b == b'\n')
                .filter(|l| !l.is_empty())
                .filter(|l| serde_json::from_slice::<CrmRow>(l).is_ok())
                .count()
        })
    });
    group.bench_function(BenchmarkId::new("jsonl", "records"), |b| {
        b.iter(|| {
            read_json_lines(jsonl_bytes.as_slice())
                .filter(Result::is_ok)
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, csv_export, jsonl_export, decision, read);
criterion_main!(benches);
