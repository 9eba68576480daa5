// The result of a check cannot be built by hand: its fields are private
// and it has no public constructor.
use std::marker::PhantomData;
use consent_gate::{Clearance, purpose::ThirdPartyMarketing};
include!("../fixture.rs");

fn main() {
    let record = record(1);
    let _forged: Clearance<'_, ThirdPartyMarketing> =
        Clearance { record: &record, context: todo!(), consent: todo!(), purpose: PhantomData };
}
