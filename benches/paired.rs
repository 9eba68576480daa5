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

/// Times `f` once, in nanoseconds per record; its result goes through
/// `black_box`, so the work cannot be optimised away.
fn time<T>(f: &mut impl FnMut() -> T) -> f64 {
    let start = Instant::now();
    black_box(f());
    start.elapsed().as_nanos() as f64 / N as f64
}

/// Whether the pair is asked for: every pair, or those whose name holds
/// one of the command line's words (`--bench`, which cargo passes, aside).
fn selected(name: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    words.is_empty() || words.iter().any(|w| name.contains(w.as_str()))
}

/// Times `baseline` and `ours` in turn, alternating which goes first, and
/// prints the quartiles of `baseline / ours` and the median times.
fn pair<B, O>(name: &str, mut baseline: impl FnMut() -> B, mut ours: impl FnMut() -> O) {
    if !selected(name) {
        return;
    }
    let (baseline, ours) = (&mut baseline, &mut ours);
    black_box(baseline());
    black_box(ours());
    let mut ratios = Vec::with_capacity(REPS);
    let (mut base_ns, mut ours_ns) = (Vec::new(), Vec::new());
    for rep in 0..REPS {
        let (b, o) = if rep % 2 == 0 {
            let b = time(baseline);
            (b, time(ours))
        } else {
            let o = time(ours);
            (time(baseline), o)
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
    pair(
        "CSV export, all covering / csv serde writer",
        || csv_serde_export(&plain_csv_rows, &mut a),
        || gated_export(&retailer, Format::Csv, &covering_records, &mut b),
    );
    pair(
        "JSON Lines export, all covering / serde_json writer",
        || serde_json_export(&plain_json_rows, &mut a),
        || gated_export(&retailer, Format::JsonLines, &covering_records, &mut b),
    );
    pair(
        "CSV reading to records / csv serde rows",
        || csv_serde_read(&csv_bytes),
        || csv_records(&csv_bytes),
    );
    pair(
        "JSON Lines reading to records / serde_json rows",
        || serde_json_read(&jsonl_bytes),
        || json_lines_records(&jsonl_bytes),
    );
}
