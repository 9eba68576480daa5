// Class 1: a custom field's category is the one its value was sealed
// under. A value sealed as a child's birth date cannot be handed out by a
// field that declares an ordinary category.
use chrono::NaiveDate;
use consent_gate::category::{ChildBirthDate, Name};
use consent_gate::field::CustomField;
use consent_gate::Gated;

struct Extra {
    kids: Gated<Vec<NaiveDate>, ChildBirthDate>,
}

struct Innocent;

impl CustomField for Innocent {
    type Extension = Extra;
    type Category = Name;
    type Value = Vec<NaiveDate>;
    const NAME: &'static str = "innocent";
    fn locate(extra: &Extra) -> &Gated<Vec<NaiveDate>, Name> {
        &extra.kids
    }
}

fn main() {}
