// The result of a check can be neither deserialised nor copied.
use consent_gate::{Clearance, purpose::ThirdPartyMarketing};
include!("../fixture.rs");

fn main() {
    let record = record(1);
    let _parsed: Clearance<'_, ThirdPartyMarketing> = serde_json::from_str("{}").unwrap();
    let checker = gate::<ThirdPartyMarketing>();

    let real = checker.check(&record).unwrap();
    let _copy = real.clone();
}
