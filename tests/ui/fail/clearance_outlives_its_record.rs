// A clearance borrows the record it checked: it cannot outlive it, so it
// cannot be kept and used on whatever later sits in the same place.
use consent_gate::{field::ParentName, purpose::MarketingPost};
include!("../fixture.rs");

fn main() {
    let gate = gate::<MarketingPost>();
    let mut slot = record(1);
    let cleared = gate.check(&slot).unwrap();
    slot = record(2);
    let _ = cleared.get::<ParentName>();
    drop(slot);
}
