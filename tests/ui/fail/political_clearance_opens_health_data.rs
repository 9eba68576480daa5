// A political clearance cannot even ask for health or children's data.
use consent_gate::field::{ChildrenUnderFive, DueDate};
use consent_gate::purpose::PoliticalCampaigning;
include!("../fixture.rs");

fn main() {
    let record = record(1);
    let checker = gate::<PoliticalCampaigning>();

    let cleared = checker.check(&record).unwrap();
    let _ = cleared.get::<DueDate>();
    let _ = cleared.get::<ChildrenUnderFive>();
}
