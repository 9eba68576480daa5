//! Any bytes as a JSON Lines dump: the reader never panics, yields at most
//! one item per line, and its errors name a line.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
    let mut items = 0;
    for item in consent_gate::crm::read_json_lines(data) {
        items += 1;
        if let Err(e) = item {
            assert!(e.line().is_some() || !e.is_row_level(), "{e}");
        }
    }
    assert!(items <= lines);
});
