//! The compile-time half of the gate: each refusal is a compile error whose
//! expected compiler output is checked in (`tests/ui/fail/*.stderr`), beside
//! the allowed paths that must compile.
//!
//! The `.stderr` files were made with the toolchain pinned in
//! `rust-toolchain.toml`; regenerate them with `TRYBUILD=overwrite` after
//! changing it.

#[test]
fn refusals_do_not_compile_and_allowed_paths_do() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
