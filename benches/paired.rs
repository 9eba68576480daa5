//! Paired ratios: each crate path and its serde baseline timed in turn,
//! repetition after repetition, in one process; the median of the
//! per-repetition ratios is reported.
//!
//! ```sh
//! cargo bench --bench paired
//! cargo bench --bench paired -- "CSV export"   # the pairs whose name holds it
//! ```
//!
//! On a shared machine whose speed drifts over minutes, criterion's
//! benches (one after another, seconds apart) can land in different
//! phases of the drift; a ratio of two timings taken back to back, in
//! alternating order, does not. This harness reports ratios only, the
//! figures the targets are stated in; `benches/export.rs` gives the
//! absolute times.

mod common;

use std::hint::black_box;
use std::time::Instant;

use common::*;
use consent_gate::export::Format;

/// Repetitions per pair; each times both sides once.
const REPS: usize = 41;
/// Repetitions of the whole-job pairs, whose sides take a tenth of a
/// second or more each: 21, so that the median holds when the other
/// tenant of the machine takes a core for a few of them.
const E2E_REPS: usize = 21;

/// Times `f` once, in nanoseconds per record; its result goes through
/// `black_box`, so the work cannot be optimised away.
fn time<T>(f: &mut impl FnMut() -> T, records: u64) -> f64 {
    let start = Instant::now();
    black_box(f());
    start.elapsed().as_nanos() as f64 / records as f64
}

/// The median and middle half of each pair's ratios, by key, written to
/// `target/paired-ratios.json` at the end.
type Results = Vec<(&'static str, f64, f64, f64)>;

/// Whether the pair is asked for: every pair, or those whose name holds
/// one of the command line's words (`--bench`, which cargo passes, aside).
fn selected(name: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    words.is_empty() || words.iter().any(|w| name.contains(w.as_str()))
}

/// A pair: its key in the JSON, its name in the table, its repetitions
/// and its records per run.
struct Pair {
    key: &'static str,
    name: &'static str,
    reps: usize,
    records: u64,
}

/// Times `baseline` and `ours` in turn, alternating which goes first, and
/// prints the quartiles of `baseline / ours` and the median times.
fn pair<B, O>(
    results: &mut Results,
    p: Pair,
    mut baseline: impl FnMut() -> B,
    mut ours: impl FnMut() -> O,
) {
    let Pair {
        key,
        name,
        reps,
        records,
    } = p;
    if !selected(name) && !selected(key) {
        return;
    }
    let (baseline, ours) = (&mut baseline, &mut ours);
    black_box(baseline());
    black_box(ours());
    let mut ratios = Vec::with_capacity(reps);
    let (mut base_ns, mut ours_ns) = (Vec::new(), Vec::new());
    for rep in 0..reps {
        let (b, o) = if rep % 2 == 0 {
            let b = time(baseline, records);
            (b, time(ours, records))
        } else {
            let o = time(ours, records);
            (time(baseline, records), o)
        };
        ratios.push(b / o);
        base_ns.push(b);
        ours_ns.push(o);
    }
    let quartiles = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 4], v[v.len() / 2], v[3 * v.len() / 4])
    };
    let (low, median, high) = quartiles(&mut ratios);
    let (_, base, _) = quartiles(&mut base_ns);
    let (_, ours, _) = quartiles(&mut ours_ns);
    println!("| {name} | {median:.2}x | {low:.2}x to {high:.2}x | {base:.0} | {ours:.0} |");
    results.push((key, median, low, high));
}

/// Writes the results as JSON: `{"key": {"median": .., "low": .., "high": ..}}`.
fn write_json(results: &Results) {
    let object: serde_json::Map<String, serde_json::Value> = results
        .iter()
        .map(|(key, median, low, high)| {
            let entry = serde_json::json!({"median": median, "low": low, "high": high});
            ((*key).to_owned(), entry)
        })
        .collect();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| std::path::PathBuf::from("target"), Into::into);
    let path = target.join("paired-ratios.json");
    let text = serde_json::to_string_pretty(&object).unwrap();
    std::fs::write(&path, text + "\n").unwrap();
    println!("wrote {}", path.display());
}

fn main() {
    let mixed = mixed_rows();
    let covering = covering_rows(&mixed);
    let covering_records = records(&covering);
    let plain_csv_rows: Vec<_> = covering.iter().map(plain_csv).collect();
    let plain_json_rows: Vec<_> = covering.iter().map(plain_json).collect();
    let (csv_bytes, jsonl_bytes) = crm_inputs(&mixed);
    let retailer = retailer();
    let (mut a, mut b) = (Vec::with_capacity(16 << 20), Vec::with_capacity(16 << 20));

    println!(
        "| crate path against its baseline | median ratio | middle half | baseline ns/record | crate ns/record |"
    );
    println!("|---|---:|---:|---:|---:|");
    let mut results = Results::new();
    let each = |key, name| Pair {
        key,
        name,
        reps: REPS,
        records: N,
    };
    let cells = preformatted(&plain_csv_rows);
    let dump = e2e_dump();
    let buyer = consent_gate::export::BuyerFile::from_json(
        format!(
            r#"{{"buyer":"{0}","end_recipient":"{0}","purpose":"third_party_marketing","as_of":"2017-05-01T00:00:00Z"}}"#,
            consent_gate::synthetic::RETAILER
        )
        .as_bytes(),
    )
    .unwrap();
    pair(
        &mut results,
        Pair {
            key: "end_to_end",
            name: "End to end, the retailer's job / hand-written serde pipeline",
            reps: E2E_REPS,
            records: E2E_ROWS,
        },
        || hand_written_pipeline(&dump, &mut a),
        || crate_job(&buyer, &dump, &mut b, 2),
    );
    pair(
        &mut results,
        Pair {
            key: "scaling_2_threads",
            name: "Whole job, two threads / one thread",
            reps: E2E_REPS,
            records: E2E_ROWS,
        },
        || crate_job(&buyer, &dump, &mut a, 1),
        || crate_job(&buyer, &dump, &mut b, 2),
    );
    let (mut log_a, mut log_b) = (Vec::new(), Vec::new());
    pair(
        &mut results,
        Pair {
            key: "scaling_2_threads_logged",
            name: "Whole job with a decision log, two threads / one thread",
            reps: E2E_REPS,
            records: E2E_ROWS,
        },
        || logged_job(&retailer, &dump, &mut a, &mut log_a, 1),
        || logged_job(&retailer, &dump, &mut b, &mut log_b, 2),
    );
    pair(
        &mut results,
        Pair {
            key: "decision_log",
            name: "Whole job on one thread, without a decision log / with one",
            reps: E2E_REPS,
            records: E2E_ROWS,
        },
        || crate_job(&buyer, &dump, &mut a, 1),
        || logged_job(&retailer, &dump, &mut b, &mut log_b, 1),
    );
    // What two cores give this job here at best: two one-thread jobs at
    // once against one after the other. On a shared machine whose second
    // core is partly another's, the scaling above cannot pass it.
    let (mut c, mut d) = (Vec::new(), Vec::new());
    pair(
        &mut results,
        Pair {
            key: "scaling_ceiling",
            name: "Two one-thread jobs at once / one after the other",
            reps: E2E_REPS,
            records: 2 * E2E_ROWS,
        },
        || {
            crate_job(&buyer, &dump, &mut a, 1);
            crate_job(&buyer, &dump, &mut b, 1)
        },
        || {
            std::thread::scope(|s| {
                let other = s.spawn(|| crate_job(&buyer, &dump, &mut c, 1));
                crate_job(&buyer, &dump, &mut d, 1) + other.join().unwrap()
            })
        },
    );
    pair(
        &mut results,
        each("csv_export", "CSV export, all covering / csv serde writer"),
        || csv_serde_export(&plain_csv_rows, &mut a),
        || gated_export(&retailer, Format::Csv, &covering_records, &mut b),
    );
    pair(
        &mut results,
        each(
            "csv_export_hash_thread",
            "CSV export, SHA-256 on its own thread / on the writing thread",
        ),
        || gated_export_on(&retailer, Format::Csv, &covering_records, &mut a, 1),
        || gated_export_on(&retailer, Format::Csv, &covering_records, &mut b, 2),
    );
    pair(
        &mut results,
        each(
            "csv_export_write_record",
            "CSV export, all covering / csv write_record of byte slices",
        ),
        || csv_write_record_export(&cells, &mut a),
        || gated_export(&retailer, Format::Csv, &covering_records, &mut b),
    );
    // What the CSV export's time is made of, against the same baseline:
    // the gate's rules alone (no value formatted, nothing written), and
    // the cells formatted beforehand and copied out (no rule, no hash).
    pair(
        &mut results,
        each(
            "gate_rules",
            "Gate rules alone, all covering (check and 8 categories) / csv serde writer",
        ),
        || csv_serde_export(&plain_csv_rows, &mut a),
        || gate_rules(&retailer, &covering_records),
    );
    pair(
        &mut results,
        each(
            "csv_export_ceiling",
            "Cells formatted beforehand, write_all / csv serde writer",
        ),
        || csv_serde_export(&plain_csv_rows, &mut a),
        || write_all_export(&cells, &mut b),
    );
    // The receipt's hash alone over the CSV export's bytes, against the
    // same baseline: the export cannot be faster than this ratio, on any
    // number of threads (the output is hashed in order).
    let mut export_bytes = Vec::new();
    gated_export(&retailer, Format::Csv, &covering_records, &mut export_bytes);
    pair(
        &mut results,
        each(
            "csv_export_sha256_floor",
            "SHA-256 alone of the CSV export's bytes / csv serde writer",
        ),
        || csv_serde_export(&plain_csv_rows, &mut a),
        || sha256_alone(&export_bytes),
    );
    pair(
        &mut results,
        each(
            "json_lines_export",
            "JSON Lines export, all covering / serde_json writer",
        ),
        || serde_json_export(&plain_json_rows, &mut a),
        || gated_export(&retailer, Format::JsonLines, &covering_records, &mut b),
    );
    pair(
        &mut results,
        each("csv_reading", "CSV reading to records / csv serde rows"),
        || csv_serde_read(&csv_bytes),
        || csv_records(&csv_bytes, 1),
    );
    pair(
        &mut results,
        each(
            "csv_reading_2_threads",
            "CSV reading, two threads / one thread",
        ),
        || csv_records(&csv_bytes, 1),
        || csv_records(&csv_bytes, 2),
    );
    // The same with every record kept until the reading ends: records
    // made on the reading threads and freed one by one on the caller's
    // cost the allocator more than the second thread saves.
    pair(
        &mut results,
        each(
            "csv_reading_2_threads_kept",
            "CSV reading, two threads / one thread, records kept to the end",
        ),
        || csv_records_kept(&csv_bytes, 1),
        || csv_records_kept(&csv_bytes, 2),
    );
    pair(
        &mut results,
        each(
            "json_lines_reading",
            "JSON Lines reading to records / serde_json rows",
        ),
        || serde_json_read(&jsonl_bytes),
        || json_lines_records(&jsonl_bytes),
    );
    write_json(&results);
}
