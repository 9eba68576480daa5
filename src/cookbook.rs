//! # Cookbook
//!
//! Short programs for the shapes a job takes. Each is an example in
//! `examples/` (`cargo run --example NAME`), run by `tests/examples.rs`.
//! The [tutorial](crate::tutorial) is the place to start.
//!
//! ## Records held in memory, with a schema of your own
//!
//! An export reads any iterator of records, borrowed records, or results
//! whose error converts into [`ExportError`](crate::export::ExportError)
//! (see [`Item`](crate::export::Item)): no wrapping in `Ok`. A schema is a
//! tuple of fields the purpose may receive, and the fields a record must
//! carry to be written are named by type
//! ([`Export::require`](crate::export::Export::require)), so a misspelt
//! one does not compile.
//!
#![doc = concat!("```no_run\n", include_str!("../examples/cookbook_in_memory.rs"), "```\n")]
//!
//! ## A field of the broker's own
//!
//! A broker declares categories and fields of its own
//! ([`CustomCategory`](crate::category::CustomCategory),
//! [`CustomField`](crate::field::CustomField)) and seals each value in its
//! records' extension. Health data of its own kind needs its own grant
//! bit, and a political schema that names it does not compile.
//!
#![doc = concat!("```no_run\n", include_str!("../examples/custom_field.rs"), "```\n")]
//!
//! ## Reading a receipt back
//!
//! What an auditor does with a receipt: read it, check that it reconciles,
//! and that the hashes it holds are those of the output, the decision log
//! and the configuration it names.
//!
#![doc = concat!("```no_run\n", include_str!("../examples/cookbook_receipt.rs"), "```\n")]
//!
//! ## Consents from a consent platform
//!
//! A platform's own records (ISO/IEC TS 27560 in W3C DPV, Kantara
//! receipts, Salesforce's consent objects) read into the ledger through the
//! [importers](crate::import), verified against the broker's configuration:
//! its notices by the ids the records name them by, the platform's purpose
//! and category names by the broker's own mapping
//! ([`Platforms`](crate::platforms::Platforms)). What cannot be verified is
//! refused, naming the key.
//!
#![doc = concat!("```no_run\n", include_str!("../examples/cookbook_import.rs"), "```\n")]
//!
//! ## Many exports on threads
//!
//! One export on every core is
//! [`BuyerJob::write_csv`](crate::export::BuyerJob::write_csv) or
//! [`write_json_lines`](crate::export::BuyerJob::write_json_lines) (or
//! [`Export::write_csv`](crate::export::Export::write_csv)) of the dump
//! itself: threads parse, judge, format and log chunks of it, the calling
//! thread among them, which also writes the rows in input order, and the
//! bytes are those of one thread. Several buyers from one pass over the input, each export
//! on its own thread, is [`BuyerJobs`](crate::export::BuyerJobs). Below, by hand:
//! one gate per buyer, each export on its own thread over the same input.
//! A [`Gate`](crate::Gate) is `Send + Sync` and a
//! [`Broker`](crate::Broker) cheap to clone; an export's bytes do not
//! depend on what else runs.
//!
#![doc = concat!("```no_run\n", include_str!("../examples/cookbook_threads.rs"), "```\n")]
