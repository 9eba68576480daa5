// An export's required fields are named by type and must be fields of its
// schema: one outside it would drop every record, so it stops the build.
use consent_gate::export::Export;
use consent_gate::field::{Email, ParentName, Phone};
use consent_gate::purpose::MarketingEmail;
include!("../fixture.rs");

fn main() {
    let gate = gate::<MarketingEmail>();
    let _ = Export::<_, (ParentName, Email)>::with_schema(&gate).require::<(Phone,)>();
}
