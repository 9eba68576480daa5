// Class 1, relabelling by forwarding: where a built-in field's value sits
// is the crate's to know. Its locator needs a token only the crate makes,
// so no downstream field can forward to it.
use consent_gate::field::Field;
use consent_gate::field::ChildBirthDates;
include!("../fixture.rs");

fn main() {
    let record = record(1);
    let _ = <ChildBirthDates as Field>::locate(&record, Default::default());
}
