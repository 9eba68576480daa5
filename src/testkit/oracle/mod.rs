//! An oracle for export pipelines: given the input rows, the buyer's
//! declaration, the broker's configuration and the bytes of a CSV or JSON Lines export, it
//! reports every emitted value the consent rules did not allow.
//!
//! It judges with [`model`], a naive, separately written model of the
//! rules that works on the CRM text itself and shares no code with the
//! gate, so a bug in one is caught by the other. A downstream crate calls
//! [`violations`] on its own pipeline's output, typically from a property
//! test fed by the `proptest` feature's strategies.
//!
//! ```
//! use consent_gate::crm::{self, CrmRow};
//! use consent_gate::export::{BuyerFile, Format};
//! use consent_gate::oracle;
//! use consent_gate::synthetic::{Synthetic, RETAILER};
//!
//! let rows: Vec<CrmRow> = Synthetic::new(50, 1).rows().collect();
//! let broker = consent_gate::synthetic::broker();
//! let buyer = BuyerFile::from_json(br#"{"buyer":"Acme Baby Products Ltd",
//!     "end_recipient":"Acme Baby Products Ltd","purpose":"third_party_marketing",
//!     "as_of":"2017-05-01T00:00:00Z"}"#)?;
//! // A careless pipeline that exports every e-mail address:
//! let mut leaky = String::from("subject_id,email\n");
//! for row in &rows {
//!     leaky += &format!("{},{}\n", row.subject_id, row.email);
//! }
//! let found = oracle::violations(&rows, &buyer, &broker, leaky.as_bytes())?;
//! assert!(!found.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod ledger_model;
pub mod model;

mod check;
mod columns;
mod output;

pub use check::{OracleError, Violation, ledger_violations, violations};
