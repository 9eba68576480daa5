// A record's gated fields have no accessor: neither the field nor the
// sealed value a `Field` locates can be read without a clearance.
use consent_gate::{Field, field::ChildBirthDates};
include!("../fixture.rs");

fn main() {
    let record = record(1);
    let _ = record.child_birth_dates;
    let sealed = <ChildBirthDates as Field>::locate(&record).unwrap();
    let _ = sealed.expose();
}
