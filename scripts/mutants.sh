#!/usr/bin/env bash
# Mutation testing of the gate, its decision code, and the byte scans and
# memo the readers and writers rely on, with cargo-mutants.
# Every mutant of these files must be caught (killed) by the tests; the
# summary is in mutants.out/ (ignored by git).
#
#   scripts/mutants.sh            # install cargo-mutants if needed, then run
#   scripts/mutants.sh -j 2       # extra arguments go to cargo mutants
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
exec cargo mutants \
  --file src/decision.rs --file src/gate.rs --file src/purpose.rs \
  --file 'src/category/*.rs' --file src/recipient.rs --file src/swar.rs \
  --file src/crm/memo.rs --file src/broker.rs --file src/organisation.rs \
  --file src/notice.rs --file src/suppression.rs --file src/name.rs \
  --file src/crm/parse.rs --file src/crm/read.rs --file src/export/run.rs \
  --file src/export/receipt.rs --file src/cells.rs --file src/value.rs \
  --features proptest "$@" \
  -- --lib --test decisions --test case_emmas_diary --test redaction \
     --test properties --test export_job --test attacks --test read_errors \
     --test bad_inputs --test config
