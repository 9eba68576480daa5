//! The gate, above the model: the consent check of one record for one
//! declared purpose ([`Gate`], [`Clearance`]), the rules it applies, the
//! fields a clearance opens ([`field`]) and the schemas an export carries
//! ([`schema`]). It knows a value's type, never how an export writes it.

mod check;
pub(crate) mod decision;
pub mod field;
pub mod schema;
pub(crate) mod value;

pub use check::{Clearance, Gate};
