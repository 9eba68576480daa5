//! Any bytes as the ledger form's two files, in CSV: the join never
//! panics, and yields at most one item per line of the two files.
#![no_main]

use consent_gate::crm::{read_events_csv, read_ledger, read_subjects_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&[u8], &[u8])| {
    let (subjects, events) = input;
    let lines = |d: &[u8]| d.iter().filter(|b| **b == b'\n').count() + 1;
    let mut items = 0;
    for item in read_ledger(read_subjects_csv(subjects), read_events_csv(events)) {
        items += 1;
        if let Err(e) = item {
            // Every error can be listed in a receipt without its text.
            assert!(!e.code().is_empty());
        }
    }
    assert!(items <= lines(subjects) + lines(events));
});
