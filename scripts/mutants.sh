#!/usr/bin/env bash
# Mutation testing of the gate, its decision code, the readers and writers
# and the byte scans and memo they rely on, with cargo-mutants.
# Every mutant of these files must be caught (killed) by the tests, or be
# listed in .cargo/mutants.toml with the reason it is equivalent; the
# summary is in mutants.out/ (ignored by git).
#
#   scripts/mutants.sh                          # every file below
#   scripts/mutants.sh --file src/export/csv_buffer.rs      # extra arguments go to cargo mutants
#
# PROPTEST_CASES=64 keeps each mutant's property tests short (the suite
# runs once per mutant); debug info is off to shorten each build's link.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
files=()
if [[ " $* " != *" --file "* ]]; then
  for f in src/input/crm/parse.rs src/export/run.rs src/export/receipt.rs src/export/csv_buffer.rs \
      src/input/crm/read.rs src/input/crm/error.rs src/export/duplicates.rs src/export/repeats.rs \
      src/export/subjects.rs src/export/atomic.rs src/export/buyer_file.rs \
      src/export/csv_out.rs src/export/encode.rs src/gate/value.rs src/gate/decision.rs \
      src/input/config.rs src/gate/check.rs src/vocabulary/purpose.rs \
      'src/vocabulary/category/*.rs' src/model/recipient.rs src/swar.rs \
      src/input/crm/memo.rs src/model/broker.rs src/model/organisation.rs src/model/notice.rs \
      src/model/suppression.rs src/vocabulary/name.rs; do
    files+=(--file "$f")
  done
fi
export PROPTEST_CASES=${PROPTEST_CASES:-64} CARGO_PROFILE_DEV_DEBUG=0
exec cargo mutants "${files[@]}" --features proptest "$@" \
  -- --lib --test decisions --test case_emmas_diary --test redaction \
     --test properties --test export_job --test attacks --test read_errors \
     --test bad_inputs --test config --test duplicates --test oracle \
     --test ledger --test ledger_input --test decision_log --test atomic_cwd
