#!/usr/bin/env bash
# Peak memory (maximum resident set size) of the main job at a tenth of the
# case's size and at the full size, measured with /usr/bin/time -v.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --example crm_export
for n in 106520 1065200; do
  report=$(mktemp)
  /usr/bin/time -v -o "$report" ./target/release/examples/crm_export --records "$n" >/dev/null 2>&1
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")
  rm -f "$report"
  echo "records=$n peak_rss_kb=$kb"
done
