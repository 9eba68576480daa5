#!/usr/bin/env bash
# Where the end-to-end job's time goes: perf's sampling profile of the
# consent-gate command exporting one buyer (the retailer, bad rows set
# aside) from a synthetic dump on one thread, the path the end-to-end pair
# of `cargo bench --bench paired` times. Prints the share of samples of
# each stage (functions grouped by the module they belong to), then the
# functions with at least 1 % of them. Shares, not times: they hold on a
# busy machine as long as the sample count is large.
#
#   scripts/profile.sh              # 500,000 records
#   scripts/profile.sh 1065200      # another size
#   THREADS=2 scripts/profile.sh    # on two threads (all threads counted)
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-500000}
threads=${THREADS:-1}
command -v perf >/dev/null || { echo "profile.sh needs perf (linux-perf)" >&2; exit 1; }
cargo build --release --features cli
bin=./target/release/consent-gate
dir=target/profile
rm -rf "$dir"
"$bin" demo --records "$records" --out "$dir/demo" -q >/dev/null
# The dump is read once before, so that it is in the page cache.
cat "$dir/demo/crm_dump.csv" >/dev/null
perf record -q -F 4000 -o "$dir/perf.data" "$bin" export \
  --config "$dir/demo/broker.json" --input "$dir/demo/crm_dump.csv" \
  --buyer "$dir/demo/retailer.json" --out "$dir/out" \
  --on-bad-row set-aside --threads "$threads" -q 2>/dev/null
perf report -i "$dir/perf.data" --no-children --sort symbol --stdio 2>/dev/null |
  awk -v records="$records" -v threads="$threads" '
    /^#/ || !/%/ { next }
    {
      share = $1; sub("%", "", share)
      kernel = ($2 == "[k]")
      sym = $0; sub(/^ *[0-9.]+% +\[[.k]\] +/, "", sym); sub(/ +- +- *$/, "", sym)
      # The stage a function belongs to, by its path.
      if (kernel) stage = "the kernel: reading the file, page faults"
      else if (sym ~ /sha2::/) stage = "hashing the output (SHA-256)"
      else if (sym ~ /consent_gate::gate::|consent_gate::model::suppression|consent_gate::model::consents/) stage = "the gate'"'"'s rules"
      else if (sym ~ /consent_gate::export::|itoa::/) stage = "the export: placing, counting, formatting"
      else if (sym ~ /consent_gate::|chrono::|core::str::|memchr::/) stage = "reading: splitting, parsing, validating"
      else if (sym ~ /^__mem|^_int_|malloc|free|realloc|__rust_|__rdl_|RawVec/) stage = "memory: copies, allocation"
      else stage = "other"
      stages[stage] += share
      if (share >= 1) top[++n] = sprintf("| `%s` | %.1f %% |", sym, share)
    }
    END {
      printf "records=%d threads=%d\n\n| stage | share of samples |\n|---|---:|\n", records, threads
      for (s in stages) printf "| %s | %.1f %% |\n", s, stages[s] | "sort -t\\| -k3 -rn"
      close("sort -t\\| -k3 -rn")
      printf "\n| function | share of samples |\n|---|---:|\n"
      for (i = 1; i <= n; i++) print top[i]
    }'
