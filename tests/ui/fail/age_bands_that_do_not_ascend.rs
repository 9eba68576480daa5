// A broker's own age bands must ascend from above 0: others stop the build
// where the field is used.
use consent_gate::field::derived::{AgeBands, MotherAgeBand};
use consent_gate::purpose::Research;
use consent_gate::schema::check_schema;

struct Backwards;
impl AgeBands for Backwards {
    const LOWER_BOUNDS: &'static [u32] = &[30, 20];
}

const _: () = check_schema::<Research, (MotherAgeBand<Backwards>,)>();

fn main() {}
