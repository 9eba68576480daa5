// A political clearance cannot even ask for health or children's data.
use consent_gate::field::{ChildrenUnderFive, DueDate};
use consent_gate::purpose::PoliticalCampaigning;
include!("../fixture.rs");

fn main() {
    let record = record(1);
    let cleared = gate::<PoliticalCampaigning>().check(&record);
    let _ = cleared.get::<DueDate>();
    let _ = cleared.get::<ChildrenUnderFive>();
}
