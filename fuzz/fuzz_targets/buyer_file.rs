//! Any bytes as a buyer file: read or refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = consent_gate::export::BuyerFile::from_json(data);
});
