// Class 1: a built-in field cannot be redeclared as a custom field with
// another category or locator.
use consent_gate::category::Name;
use consent_gate::field::{ChildBirthDates, CustomField};
use consent_gate::Gated;

impl CustomField for ChildBirthDates {
    type Extension = ();
    type Category = Name;
    type Value = String;
    const NAME: &'static str = "innocent";
    fn locate(_: &()) -> &Gated<String, Name> {
        unimplemented!()
    }
}

fn main() {}
