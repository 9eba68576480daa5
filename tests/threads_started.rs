//! One thread means no thread: an export or a reader told to use one
//! thread starts none, and one told to use two does start them (so that
//! the count below is seen to find a thread when there is one); and a
//! reader's threads end, read to the end or dropped part-way. Threads are
//! counted from `/proc/self/status`, so this runs on Linux; this file
//! holds one test, so that no other test's threads come and go meanwhile.

#![cfg(target_os = "linux")]

use std::cell::Cell;

use chrono::{TimeZone, Utc};
use consent_gate::crm::{read_csv, read_json_lines};
use consent_gate::export::{Export, OnBadRow};
use consent_gate::purpose::ThirdPartyMarketing;
use consent_gate::synthetic::{self, RETAILER, Synthetic};
use consent_gate::{Declaration, Gate};

/// The threads of this process now.
fn threads() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// The most threads seen while each way of reading and exporting runs on
/// `count` threads, counted as it reports progress or gives records.
fn most_threads(
    gate: &Gate<ThirdPartyMarketing>,
    csv: &[u8],
    json: &[u8],
    count: usize,
) -> [usize; 5] {
    let seen = Cell::new(0);
    let look = |_| seen.set(seen.get().max(threads()));
    let export = || {
        Export::new(gate)
            .on_bad_row(OnBadRow::SetAside)
            .threads(count)
            .progress(200, look)
    };
    let mut most = [0; 5];
    let mut out = Vec::new();
    export().write_csv(csv, &mut out).unwrap();
    most[0] = seen.replace(0);
    let mut log = Vec::new();
    out.clear();
    export()
        .decision_log(&mut log)
        .write_csv(csv, &mut out)
        .unwrap();
    most[4] = seen.replace(0);
    out.clear();
    export().write_json_lines(json, &mut out).unwrap();
    most[1] = seen.replace(0);
    for record in read_csv(csv).threads(count) {
        look(u64::from(record.is_ok()));
    }
    most[2] = seen.replace(0);
    for record in read_json_lines(json).threads(count) {
        look(u64::from(record.is_ok()));
    }
    most[3] = seen.replace(0);
    most
}

#[test]
fn one_thread_starts_none_and_two_start_some() {
    let (mut csv, mut json) = (Vec::new(), Vec::new());
    Synthetic::new(8_000, 5).write_csv(&mut csv).unwrap();
    Synthetic::new(8_000, 5)
        .write_json_lines(&mut json)
        .unwrap();
    assert!(
        csv.len() > 1 << 20 && json.len() > 1 << 20,
        "several chunks"
    );
    let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    let gate = synthetic::broker()
        .gate(Declaration::<ThirdPartyMarketing>::new(RETAILER, RETAILER, as_of).unwrap())
        .unwrap();
    let before = threads();
    assert_eq!(
        most_threads(&gate, &csv, &json, 1),
        [before; 5],
        "one thread"
    );
    let two = most_threads(&gate, &csv, &json, 2);
    assert!(
        two.iter().all(|&n| n > before),
        "two threads: {two:?}, {before} before"
    );
    // A reader's threads end once it has read everything, and once it is
    // dropped part-way: none is left blocked on the input.
    settles_to(before, "after reading to the end");
    let mut reader = read_csv(csv.as_slice()).threads(2);
    assert!(reader.next().is_some_and(|r| r.is_ok()));
    assert!(threads() > before, "reading on two threads");
    drop(reader);
    settles_to(before, "after a reader was dropped part-way");
}

/// Waits for the threads to come back to `count`, for ten seconds at most:
/// a thread that has been told to stop takes a moment to go.
fn settles_to(count: usize, when: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while threads() != count {
        assert!(
            std::time::Instant::now() < deadline,
            "{when}: {} threads, {count} before",
            threads()
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
