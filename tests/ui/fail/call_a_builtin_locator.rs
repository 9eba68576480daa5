// Class 1, relabelling by forwarding: where a built-in field's value sits
// is the crate's to know. Its locator, and the opener of any field (a
// derived one too), need a token only the crate makes, so no downstream
// code can call them.
use consent_gate::field::derived::ChildBirthYears;
use consent_gate::field::{ChildBirthDates, Field, StoredField};
include!("../fixture.rs");

fn main() {
    let record = record(1);
    let _ = <ChildBirthDates as StoredField>::locate(&record, Default::default());
    let today = chrono::NaiveDate::from_ymd_opt(2017, 5, 1).unwrap();
    let _ = <ChildBirthYears as Field>::open(&record, today, Default::default());
}
