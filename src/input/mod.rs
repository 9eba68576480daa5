//! Input, beside the export above the gate: the CRM's dumps ([`crm`]),
//! consent platforms' records ([`import`]) and the broker's configuration
//! ([`config`]), read strictly into the model.

pub mod config;
pub mod crm;
pub mod import;
