// Class 2: a custom category can take one of the sixteen broker bits and
// nothing else: not bit 16 and beyond, not a built-in bit, and it cannot
// build its run-time category by hand.
use consent_gate::category::{CustomBit, CustomCategory, SpecialCategoryData};
use consent_gate::{Categories};
use consent_gate::category::Category;
use consent_gate::category::Sensitivity;

struct Feeding;

impl CustomCategory for Feeding {
    type Sensitivity = SpecialCategoryData;
    type Grant = CustomBit<16>;
    const NAME: &'static str = "infant_feeding";
}

const FORGED: Category =
    Category::new("infant_feeding", Sensitivity::Ordinary, Categories::CHILD_BIRTH_DATE);

fn main() {}
