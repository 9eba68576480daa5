//! # Tutorial: from a CRM dump to an export and its receipt
//!
//! This walks through the whole job once, the way a broker backend runs it
//! for one buyer. The program at the end is `examples/tutorial.rs`
//! (`cargo run --example tutorial`); `tests/examples.rs` runs it.
//!
//! ## 1. What the broker knows
//!
//! The gate trusts nothing a buyer or a row merely claims: it checks each
//! against what the broker knows, which comes from one configuration file
//! ([`config`](crate::config)): the broker itself (the *controller*), the
//! organisations it deals with and their kinds (commercial, agency and whom
//! it acts for, political), every version of its privacy notice with what
//! that version disclosed, its rules, and its suppression lists.
//! [`Broker::from_json`](crate::Broker::from_json) reads it strictly: an
//! unknown key, a missing one or a bad value is an error that names the key
//! and never repeats the value. The broker keeps the file's SHA-256, and
//! every receipt records it.
//!
//! ## 2. What the buyer declares
//!
//! A buyer declares its purpose (a type: [`ThirdPartyMarketing`],
//! [`PoliticalCampaigning`], …), itself and the organisation it acts for,
//! and the export instant: a [`Declaration`](crate::Declaration).
//! [`Broker::gate`](crate::Broker::gate) verifies it against the registry
//! and gives a [`Gate`](crate::Gate), or refuses it
//! ([`DeclarationRefusal`](crate::DeclarationRefusal)) before any record is
//! read: a political buyer that calls its purpose marketing gets no gate.
//! The instant is always the declaration's, never the clock's, so an
//! export can be run again and give the same bytes.
//!
//! [`ThirdPartyMarketing`]: crate::purpose::ThirdPartyMarketing
//! [`PoliticalCampaigning`]: crate::purpose::PoliticalCampaigning
//!
//! ## 3. Reading the dump
//!
//! [`crm::read_csv`](crate::crm::read_csv) and
//! [`crm::read_json_lines`](crate::crm::read_json_lines) read the CRM's
//! dump row by row into [`Record`](crate::Record)s, each with the consent
//! its subject gave: purposes, explicit grants for children's and health
//! data, the notice version, the named recipients, when, until when,
//! withdrawn or not. The [format](crate::crm) is documented column by
//! column. A row that cannot be read is an error naming its line and
//! field, never its text.
//!
//! ## 4. The export
//!
//! [`Export::new`](crate::export::Export::new) takes the gate and writes
//! the purpose's default schema: each record is judged whole (is the
//! consent given, standing, under a notice that disclosed this purpose to
//! this recipient?), then field by field (is a child's birth date granted
//! explicitly?). A withheld field is an empty cell; a record that fails a
//! record-level rule, or lacks a required field, is not written at all.
//! [`write_to_path`](crate::export::Export::write_to_path) writes the file
//! atomically: a failed job leaves nothing behind.
//!
//! ## 5. The receipt
//!
//! Every export returns a [`Receipt`](crate::export::Receipt): records in,
//! emitted, dropped and set aside, which always add up; why each record
//! was dropped and each field withheld, by reason; the hashes of the
//! output, the configuration and (if kept) the decision log. Written
//! next to the output, it is what an auditor reads back
//! ([`Receipt::from_json`](crate::export::Receipt::from_json)) to check
//! that the file it is shown is the file that was made, under the
//! configuration it names.
//!
//! ## The program
//!
//! Three mothers: one consented to the retailer and granted her child's
//! birth date, one named nobody, one withdrew. The retailer gets one row.
//!
#![doc = concat!("```no_run\n", include_str!("../examples/tutorial.rs"), "```\n")]
//!
//! From here: the [cookbook](crate::cookbook) for the other shapes of the
//! job, and `examples/crm_export.rs` for the whole job on the case's
//! 1,065,200 synthetic records.
