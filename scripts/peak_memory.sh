#!/usr/bin/env bash
# Peak memory (maximum resident set size) of the main job at the case's size
# and at ten times it, with subject ids in order (one pass per export) and
# shuffled (each export scans the dump for subjects on two rows, then
# exports it), measured with /usr/bin/time -v. The largest dump takes about
# 2.8 GB of disk in target/crm-export/.
#
#   scripts/peak_memory.sh                  # 1,065,200 and 10,652,000 rows
#   scripts/peak_memory.sh 106520 1065200   # other sizes
#   scripts/peak_memory.sh cli [SIZES...]   # the consent-gate command's demo
#                                           # (six buyers in one pass), then
#                                           # its export of one buyer, without
#                                           # and with a decision log, only
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = cli ]; then
  shift
  cargo build --release --features cli
  sizes=("$@")
  [ ${#sizes[@]} -gt 0 ] || sizes=(1065200 10652000)
  for n in "${sizes[@]}"; do
    report=$(mktemp)
    /usr/bin/time -v -o "$report" ./target/release/consent-gate demo --records "$n" \
      --out target/peak-memory-demo -q >/dev/null 2>&1
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$report")
    rm -f "$report"
    echo "command=demo records=$n buyers=6 peak_rss_kb=$kb wall=$wall"
    # One buyer of the same dump: the export reads it itself, on every
    # core (BuyerJob::write_csv).
    report=$(mktemp)
    /usr/bin/time -v -o "$report" ./target/release/consent-gate export \
      --config target/peak-memory-demo/broker.json \
      --input target/peak-memory-demo/crm_dump.csv \
      --buyer target/peak-memory-demo/retailer.json \
      --out target/peak-memory-one --on-bad-row set-aside -q >/dev/null 2>&1
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$report")
    rm -f "$report"
    echo "command=export records=$n buyers=1 peak_rss_kb=$kb wall=$wall"
    # The same with its decision log, written on the same threads.
    report=$(mktemp)
    /usr/bin/time -v -o "$report" ./target/release/consent-gate export \
      --config target/peak-memory-demo/broker.json \
      --input target/peak-memory-demo/crm_dump.csv \
      --buyer target/peak-memory-demo/retailer.json \
      --out target/peak-memory-one --on-bad-row set-aside --decision-log -q >/dev/null 2>&1
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$report")
    rm -f "$report"
    echo "command=export records=$n buyers=1 decision_log=yes peak_rss_kb=$kb wall=$wall"
  done
  exit 0
fi
cargo build --release --example crm_export
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1065200 10652000)
for n in "${sizes[@]}"; do
  for order in sorted shuffled; do
    flag=()
    [ "$order" = shuffled ] && flag=(--shuffled)
    report=$(mktemp)
    /usr/bin/time -v -o "$report" ./target/release/examples/crm_export --records "$n" "${flag[@]}" >/dev/null 2>&1
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$report")
    rm -f "$report"
    echo "records=$n order=$order peak_rss_kb=$kb wall=$wall"
  done
done
