//! Any bytes as the broker's configuration: never a panic; an error always
//! names a key (or the whole file) and never repeats the input's text; and
//! what reads back from a configuration the crate wrote is the same broker.
#![no_main]

use consent_gate::Broker;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match Broker::from_json(data) {
        Ok(broker) => {
            let written = broker.to_json();
            let back = Broker::from_json(&written).unwrap();
            assert_eq!(back.to_json(), written);
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(shown.starts_with("configuration, `"), "{shown}");
        }
    }
});
