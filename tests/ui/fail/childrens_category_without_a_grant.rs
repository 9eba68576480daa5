// Class 2: children's data without a grant bit of its own does not
// compile (an empty grant would be contained in every consent).
use consent_gate::category::{ChildrensData, CustomCategory, NoGrant};

struct NurseryPlace;

impl CustomCategory for NurseryPlace {
    type Sensitivity = ChildrensData;
    type Grant = NoGrant;
    const NAME: &'static str = "nursery_place";
}

fn main() {}
