//! Any bytes as a Salesforce ContactPointTypeConsent export, read with the broker of the
//! test kit's writers (which maps every name they use): the importer never
//! panics, yields at most one error per line, and every error has a code a
//! receipt can list.
#![no_main]

use consent_gate::import::read_salesforce;
use std::sync::OnceLock;

use consent_gate::Broker;
use consent_gate::synthetic::import::broker;
use libfuzzer_sys::fuzz_target;

/// Built once: building it is most of a run's time.
static BROKER: OnceLock<Broker> = OnceLock::new();

fuzz_target!(|input: &[u8]| {
    let lines = input.iter().filter(|b| **b == b'\n').count() + 1;
    let mut errors = 0;
    for item in read_salesforce(BROKER.get_or_init(broker), input) {
        if let Err(e) = item {
            errors += 1;
            assert!(!e.code().is_empty());
        }
    }
    assert!(errors <= lines);
});
