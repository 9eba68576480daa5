// Class 1: a record kept inside another record's extension stays sealed.
// A custom field sees the extension only, and nothing in it reaches the
// inner record's values, so the outer record's consent cannot open them.
use chrono::NaiveDate;
use consent_gate::category::ChildBirthDate;
use consent_gate::field::{ChildBirthDates, CustomField};
use consent_gate::{Gated, Record};
use consent_gate::field::StoredField;

struct Smuggled;

impl CustomField for Smuggled {
    type Extension = Record;
    type Category = ChildBirthDate;
    type Value = Vec<NaiveDate>;
    const NAME: &'static str = "smuggled";
    fn locate(inner: &Record) -> &Gated<Vec<NaiveDate>, ChildBirthDate> {
        &inner.child_birth_dates
    }
}

struct Forwarded;

impl CustomField for Forwarded {
    type Extension = Record;
    type Category = ChildBirthDate;
    type Value = Vec<NaiveDate>;
    const NAME: &'static str = "forwarded";
    fn locate(inner: &Record) -> &Gated<Vec<NaiveDate>, ChildBirthDate> {
        <ChildBirthDates as StoredField>::locate(inner)
    }
}

fn main() {}
