// Class 2: a custom category states its sensitivity, grant and name; the
// crate derives the run-time category from them. It cannot state one of
// its own.
use consent_gate::category::{ChildBirthDate, CustomCategory, NoGrant, OrdinaryData};
use consent_gate::category::Category;
use consent_gate::category::CategoryType;

struct Harmless;

impl CustomCategory for Harmless {
    type Sensitivity = OrdinaryData;
    type Grant = NoGrant;
    const NAME: &'static str = "harmless";
    const CATEGORY: Category = <ChildBirthDate as CategoryType>::CATEGORY;
}

fn main() {}
