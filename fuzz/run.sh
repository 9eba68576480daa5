#!/usr/bin/env bash
# Builds and runs every fuzz target for SECONDS each (60 unless said) with
# the stable toolchain: RUSTC_BOOTSTRAP lets cargo-fuzz pass the sanitizer
# flags it needs to stable rustc.
#
#   fuzz/run.sh            # 60 s per target
#   fuzz/run.sh 600        # 10 minutes per target
#   fuzz/run.sh 30 export  # one target
#
# Inputs may be up to 64 KiB from the start (-max_len, -len_control=0), so
# the export target reaches datasets of hundreds of rows; libFuzzer's final
# statistics are printed.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv_records json_lines_records buyer_file config export ledger import_dpv import_kantara import_salesforce)
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  echo "== $target: ${seconds}s"
  cargo fuzz run "$target" --release -- -max_total_time="$seconds" -rss_limit_mb=4096 \
    -max_len=65536 -len_control=0 -print_final_stats=1
done
