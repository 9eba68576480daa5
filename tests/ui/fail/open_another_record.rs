// A clearance opens the record it checked and no other: it cannot be
// pointed at another record.
use consent_gate::{Clearance, Record, purpose::MarketingPost};
include!("../fixture.rs");

fn retarget<'r>(cleared: Clearance<'r, MarketingPost>, other: &'r Record) -> Clearance<'r, MarketingPost> {
    Clearance { record: other, ..cleared }
}

fn main() {
    let gate = gate::<MarketingPost>();
    let (a, b) = (record(1), record(2));
    let _ = retarget(gate.check(&a).unwrap(), &b);
}
