//! Reading CSV on several threads gives what one thread gives: the same
//! items in the same order, with the same line and record numbers, errors
//! and subjects, and the same exports, whatever the input's damage.

mod common;

use common::damaged;
use consent_gate::crm::{ReadError, read_csv};
use consent_gate::export::{BuyerFile, OnBadRow};
use consent_gate::synthetic::{self, BROKER, RETAILER, Synthetic};
use consent_gate::{Consents, Record, SubjectId};

/// An item as the comparison sees it: the record's subject and ledger, or
/// the error's every detail.
#[derive(Debug, PartialEq)]
enum Seen {
    Record(SubjectId, Consents),
    Error {
        shown: String,
        code: &'static str,
        line: Option<u64>,
        subject: Option<u64>,
        row_level: bool,
    },
}

fn seen(item: Result<Record, ReadError>) -> Seen {
    match item {
        Ok(r) => Seen::Record(r.subject(), r.consents().clone()),
        Err(e) => Seen::Error {
            shown: e.to_string(),
            code: e.code(),
            line: e.line(),
            subject: e.subject(),
            row_level: e.is_row_level(),
        },
    }
}

fn same_on_every_thread_count(input: &[u8], what: &str) {
    let one: Vec<Seen> = read_csv(input).threads(1).map(seen).collect();
    for threads in [2, 3, 8] {
        let many: Vec<Seen> = read_csv(input).threads(threads).map(seen).collect();
        assert_eq!(one.len(), many.len(), "{what}, {threads} threads");
        for (i, (a, b)) in one.iter().zip(&many).enumerate() {
            assert_eq!(a, b, "{what}, {threads} threads, item {i}");
        }
    }
}

fn dump(rows: u64, seed: u64) -> Vec<u8> {
    let mut dump = Vec::new();
    Synthetic::new(rows, seed).write_csv(&mut dump).unwrap();
    dump
}

#[test]
fn the_same_items_on_any_number_of_threads() {
    let clean = dump(6_000, 3);
    same_on_every_thread_count(&clean, "the synthetic dump");
    same_on_every_thread_count(b"", "an empty input");
    same_on_every_thread_count(&clean[..clean.len() - 7], "a truncated last line");
    let crlf = String::from_utf8(clean.clone())
        .unwrap()
        .replace('\n', "\r\n");
    same_on_every_thread_count(crlf.as_bytes(), "CRLF line ends");
    let bom = [b"\xEF\xBB\xBF".as_slice(), &clean].concat();
    same_on_every_thread_count(&bom, "a byte-order mark");
    let no_column =
        String::from_utf8(clean.clone())
            .unwrap()
            .replacen("subject_id,", "subject,", 1);
    same_on_every_thread_count(no_column.as_bytes(), "a missing column");
}

/// Bytes changed at many places (quotes, line ends, carriage returns,
/// commas, bytes that are not UTF-8): the items still agree.
#[test]
fn damage_anywhere_reads_the_same_on_any_number_of_threads() {
    let clean = dump(1_500, 5);
    let damage = [b'"', b'\n', b'\r', b',', 0xFF, b'x'];
    for (input, what) in damaged(&clean, &damage, 60, 7_919) {
        same_on_every_thread_count(&input, &what);
    }
}

#[test]
fn exports_from_either_reader_are_the_same_bytes() {
    let input = dump(8_000, 11);
    let broker = synthetic::broker();
    for (buyer, purpose) in [(RETAILER, "third_party_marketing"), (BROKER, "research")] {
        let file = BuyerFile::from_json(
            format!(
                r#"{{"buyer":"{buyer}","end_recipient":"{buyer}","purpose":"{purpose}","as_of":"2017-05-01T00:00:00Z"}}"#
            )
            .as_bytes(),
        )
        .unwrap();
        let (mut one, mut two) = (Vec::new(), Vec::new());
        let a = file
            .job(&broker)
            .on_bad_row(OnBadRow::SetAside)
            .write(read_csv(input.as_slice()).threads(1), &mut one)
            .unwrap();
        let b = file
            .job(&broker)
            .on_bad_row(OnBadRow::SetAside)
            .write(read_csv(input.as_slice()).threads(4), &mut two)
            .unwrap();
        assert!(one == two, "{purpose}");
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
        assert!(a.records_emitted > 100);
    }
}
