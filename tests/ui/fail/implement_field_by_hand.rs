// Class 1: `Field` is sealed. A downstream field that declares an ordinary
// category and forwards to a built-in field's value cannot be written.
use consent_gate::category::{ChildBirthDate, Name};
use consent_gate::field::ChildBirthDates;
use consent_gate::{Gated, Record};
use consent_gate::field::{Field, StoredField};

struct Innocent;

impl Field for Innocent {
    type Category = Name;
    type Value = Vec<chrono::NaiveDate>;
    const NAME: &'static str = "innocent";
    fn open<'r>(
        record: &'r Record,
        today: chrono::NaiveDate,
        token: _,
    ) -> Option<std::borrow::Cow<'r, Self::Value>> {
        <ChildBirthDates as Field>::open(record, today, token)
    }
}

impl StoredField for Innocent {
    fn locate(record: &Record, token: _) -> &Gated<Self::Value, ChildBirthDate> {
        <ChildBirthDates as StoredField>::locate(record, token)
    }
}

fn main() {}
