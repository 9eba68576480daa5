// A record's gated fields have no accessor, and a sealed value has none
// either: neither can be read without a clearance.
use consent_gate::Gated;
use consent_gate::category::ChildBirthDate;
include!("../fixture.rs");

fn main() {
    let record = record(1);
    let _ = record.child_birth_dates;
    let sealed: Gated<String, ChildBirthDate> = Gated::new("2016-03-01".into());
    let _ = sealed.expose();
}
