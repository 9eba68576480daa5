//! The names of the guided tour, for a glob import:
//! `use consent_gate::prelude::*;`.
//!
//! It brings the model a broker builds (its registries, records and their
//! consents), the declaration and gate, the refusal, and the export with
//! its receipt, and chrono's names for instants and dates: no trait of
//! this crate, and none of its more common words
//! (`Field`, `Schema`, `Category`, `Rules`), which stay in their modules.
//!
//! ```
//! use consent_gate::prelude::*;
//! use consent_gate::purpose::MarketingPost;
//!
//! let broker = Broker::builder(Organisations::builder("Broker").build()?, Notices::default()).build();
//! let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
//! let gate: Gate<MarketingPost> = broker.gate(Declaration::new("Broker", "Broker", as_of)?)?;
//! let given = Utc.with_ymd_and_hms(2016, 9, 1, 0, 0, 0).unwrap();
//! let scope = ConsentScope::builder(Purposes::MARKETING_POST, NoticeVersion(1), given).build()?;
//! let record = Record::builder(SubjectId(1), "Jane Doe", Address::default(), scope).build();
//! // Notice v1 is not in the (empty) registry: refused, with the reason.
//! assert_eq!(gate.check(&record).err(), Some(Refusal::UnknownNotice { notice: NoticeVersion(1) }));
//! let receipt = Export::new(&gate).write([&record], Vec::new())?;
//! assert_eq!(receipt.records_emitted, 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use crate::chrono::{DateTime, NaiveDate, TimeZone, Utc};
pub use crate::export::{Export, Receipt};
pub use crate::{
    Address, Broker, Categories, ConsentScope, Declaration, Gate, Notice, NoticeVersion, Notices,
    OrganisationKind, Organisations, Purposes, Record, Refusal, SubjectId,
};
