#!/usr/bin/env python3
"""Reads the estimates of the last `cargo bench --bench export` run and
prints records per second and each bench's ratio to the baseline of its
group, measured in the same run, as a Markdown table.

    cargo bench --bench export && python3 scripts/bench_report.py
"""
import json
import pathlib
import sys

RECORDS = 20_000
ROOT = pathlib.Path("target/criterion")
BASELINES = {
    "csv_export": "baseline_csv_serde",
    "jsonl_export": "baseline_serde_json",
    "decision": None,
    "read": "baseline_serde_rows",
}


def mean_ns(bench_dir):
    estimates = bench_dir / "new" / "estimates.json"
    return json.loads(estimates.read_text())["mean"]["point_estimate"]


def main():
    if not ROOT.exists():
        sys.exit("no criterion results: run `cargo bench --bench export` first")
    print("| group | bench | ns per record | records/s | ratio to baseline |")
    print("|---|---|---:|---:|---:|")
    for group, baseline in BASELINES.items():
        group_dir = ROOT / group
        if not group_dir.exists():
            continue
        # A bench is a folder with new/estimates.json, one or two levels down.
        benches = sorted(p.parent.parent for p in group_dir.glob("**/new/estimates.json"))
        by_name = {str(b.relative_to(group_dir)): mean_ns(b) for b in benches
                   if b.name != "report"}
        for name, ns in by_name.items():
            base = None
            if baseline is not None:
                prefix = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
                base = by_name.get(prefix + baseline)
            ratio = f"{base / ns:.2f}x" if base else "-"
            per_record = ns / RECORDS
            print(f"| {group} | {name} | {per_record:.1f} | {1e9 / per_record:,.0f} | {ratio} |")


main()
