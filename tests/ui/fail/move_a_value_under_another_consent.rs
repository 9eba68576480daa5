// A value the crate sealed stays under the consent of the record it was
// read with: a record's consent cannot be replaced.
include!("../fixture.rs");

fn main() {
    let refused = record(1);
    let mut consenting = record(2);
    consenting.consents = refused.consents().clone();
}
