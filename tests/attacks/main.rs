//! A hostile downstream crate, through the public API only: every attempt
//! to obtain, relabel, relocate or infer a gated value that the consent
//! does not open. Each attempt that the crate defeats stays here as a test.
//!
//! The attempts the compiler defeats are in `tests/ui/fail` (classes 1 to 3:
//! relabelling by forwarding, two truths about one category, hand-written
//! schemas, generic code without the policy bound); these are the ones
//! only a run can show.

#[path = "../common/mod.rs"]
mod common;

mod errors;
mod laundering;
mod presence;
mod readers;
mod refusals;
mod tricks;
