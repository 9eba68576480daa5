// Class 2, two truths about one category: `CategoryType` is sealed, so no
// crate can pair an ordinary type-level sensitivity with a run-time
// category that is children's data.
use consent_gate::category::{ChildBirthDate, OrdinaryData};
use consent_gate::category::Category;
use consent_gate::category::CategoryType;

struct Harmless;

impl CategoryType for Harmless {
    type Sensitivity = OrdinaryData;
    const CATEGORY: Category = <ChildBirthDate as CategoryType>::CATEGORY;
}

fn main() {}
