//! The model, above the vocabulary: what a record holds (its subject, its
//! values, sealed in [`Gated`](gated::Gated), and its ledger of consents),
//! and what the broker knows (its registry of organisations, its notices,
//! its rules and suppression list), with the declarations and refusals
//! they are judged by. Nothing here decides anything.

pub(crate) mod broker;
pub(crate) mod canonical;
pub(crate) mod consents;
pub(crate) mod declaration;
pub(crate) mod declaration_refusal;
pub(crate) mod gated;
pub(crate) mod notice;
pub mod organisation;
pub mod platforms;
pub(crate) mod postcode;
pub(crate) mod recipient;
pub(crate) mod record;
pub(crate) mod refusal;
pub(crate) mod rules;
pub(crate) mod scope;
pub(crate) mod suppression;
