// Class 3: an export whose schema names children's data for a political
// buyer does not compile, and the compiler gives the policy as its reason.
use consent_gate::export::Export;
use consent_gate::field::{ChildBirthDates, ParentName};
use consent_gate::purpose::PoliticalCampaigning;
include!("../fixture.rs");

fn main() {
    let gate = gate::<PoliticalCampaigning>();
    let _ = Export::<_, (ParentName, ChildBirthDates)>::with_schema(&gate);
}
