// Nor can a record's sealed fields be moved into a record, or a builder,
// made around another consent.
use consent_gate::{Record, RecordBuilder};
include!("../fixture.rs");

fn main() {
    let refused = record(1);
    let consenting = record(2);
    let _moved = Record { consents: consenting.consents().clone(), ..refused };
    let _rebuilt = RecordBuilder { record: record(3) };
}
