#!/usr/bin/env bash
# Instructions executed (valgrind's callgrind: a count, not a time, so the
# same for the same binary and input whatever else the machine runs) by the
# consent-gate command's one-buyer export (the retailer, bad rows set
# aside) of a synthetic dump, on one thread and on two. The count on two
# threads less the count on one is what running in parallel costs.
#
#   scripts/instructions.sh            # 50,000 records
#   scripts/instructions.sh 20000      # another size
#   BIN=/path/to/consent-gate scripts/instructions.sh   # another build
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-50000}
if [ -z "${BIN:-}" ]; then
  cargo build --release --features cli
  BIN=./target/release/consent-gate
fi
dir=target/instructions
rm -rf "$dir"
"$BIN" demo --records "$records" --out "$dir/demo" -q >/dev/null
for threads in 1 2; do
  out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" export \
    --config "$dir/demo/broker.json" --input "$dir/demo/crm_dump.csv" \
    --buyer "$dir/demo/retailer.json" --out "$dir/out$threads" \
    --on-bad-row set-aside --threads "$threads" -q 2>&1)
  refs=$(echo "$out" | awk '/I +refs:/ {gsub(",", "", $4); print $4}')
  echo "records=$records threads=$threads instructions=$refs"
done
cmp "$dir/out1/retailer.csv" "$dir/out2/retailer.csv"
