// A required field is a type, not a string: a misspelt name does not
// compile (it was accepted and never checked when fields were strings).
use consent_gate::export::Export;
use consent_gate::field::{Email, ParentName};
use consent_gate::purpose::MarketingEmail;
include!("../fixture.rs");

fn main() {
    let gate = gate::<MarketingEmail>();
    let _ = Export::<_, (ParentName, Email)>::with_schema(&gate).require::<(ParentNme,)>();
}
