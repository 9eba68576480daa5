//! Bad input gets a typed error naming the line and the field, never a
//! panic, and never a personal value in the message.

mod common;

use common::crm::*;
use consent_gate::Rules;
use consent_gate::crm::{Column, FieldProblem, ReadError, read_csv, read_json_lines};
use consent_gate::export::{Export, OnBadRow};
use consent_gate::purpose::MarketingPost;

fn csv_errors(text: &[u8]) -> Vec<ReadError> {
    read_csv(text).filter_map(Result::err).collect()
}

fn jsonl_errors(text: &[u8]) -> Vec<ReadError> {
    read_json_lines(text).filter_map(Result::err).collect()
}

/// Both formats, the second of three rows spoiled by `spoil`.
fn with_bad_second_row(spoil: impl Fn(&mut consent_gate::crm::CrmRow)) -> (String, String) {
    let mut bad = good_row(2);
    spoil(&mut bad);
    let rows = [good_row(1), bad, good_row(3)];
    (csv_of(&rows), jsonl_of(&rows))
}

fn assert_field_error(e: &ReadError, line: u64, record: u64, field: &str) {
    match e {
        ReadError::Field {
            line: l,
            record: r,
            field: f,
            ..
        } => {
            assert_eq!((*l, *r, *f), (line, record, field), "{e}");
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    let message = e.to_string();
    assert!(message.contains(&format!("line {line}")), "{message}");
    assert!(message.contains(&format!("`{field}`")), "{message}");
    for planted in [
        "Jane",
        "1987-06-14",
        "2015-11-23",
        "jane@planted",
        "1987-02-30",
    ] {
        assert!(!message.contains(planted), "leaks `{planted}`: {message}");
    }
}

#[test]
fn a_wrong_date_names_line_and_field() {
    let (csv, jsonl) = with_bad_second_row(|r| r.mother_birth_date = "1987-02-30".into());
    let errors = csv_errors(csv.as_bytes());
    assert_eq!(errors.len(), 1);
    // Line 1 is the header: the second record is on line 3.
    assert_field_error(&errors[0], 3, 2, "mother_birth_date");
    let errors = jsonl_errors(jsonl.as_bytes());
    assert_field_error(&errors[0], 2, 2, "mother_birth_date");
}

#[test]
fn an_unknown_purpose_is_counted_not_quoted() {
    let (csv, _) = with_bad_second_row(|r| r.purposes = "marketing_post;politics".into());
    let errors = csv_errors(csv.as_bytes());
    assert_field_error(&errors[0], 3, 2, "purposes");
    assert!(matches!(
        &errors[0],
        ReadError::Field {
            problem: FieldProblem::UnknownPurpose { item: 2 },
            ..
        }
    ));
    assert!(!errors[0].to_string().contains("politics"), "{}", errors[0]);
}

#[test]
fn a_withdrawal_before_the_consent_is_refused() {
    let (csv, jsonl) =
        with_bad_second_row(|r| r.consent_withdrawn_at = "2015-01-01T00:00:00Z".into());
    assert_field_error(&csv_errors(csv.as_bytes())[0], 3, 2, "consent_withdrawn_at");
    assert_field_error(
        &jsonl_errors(jsonl.as_bytes())[0],
        2,
        2,
        "consent_withdrawn_at",
    );
}

#[test]
fn a_missing_column_stops_the_input() {
    let csv = csv_of(&[good_row(1)]).replacen("due_date,", "", 1);
    let errors = csv_errors(csv.as_bytes());
    assert_eq!(errors.len(), 1, "the reader stops after the header");
    assert!(matches!(
        errors[0],
        ReadError::MissingColumn {
            line: 1,
            column: "due_date"
        }
    ));
    assert!(!errors[0].is_row_level());

    let jsonl = jsonl_of(&[good_row(1)]).replacen(r#""due_date":"","#, "", 1);
    let errors = jsonl_errors(jsonl.as_bytes());
    assert!(matches!(
        errors[0],
        ReadError::Field {
            line: 1,
            field: "due_date",
            problem: FieldProblem::Missing,
            ..
        }
    ));
}

#[test]
fn a_truncated_last_line_is_an_error_not_a_short_record() {
    let csv = csv_of(&[good_row(1), good_row(2)]);
    let cut = &csv[..csv.len() - 40];
    let errors = csv_errors(cut.as_bytes());
    assert!(
        matches!(
            errors[..],
            [ReadError::Truncated {
                line: 3,
                record: 2,
                subject: Some(2)
            }]
        ),
        "{errors:?}"
    );
    // A short row inside the file is ragged, not truncated.
    let short = format!("{}{}", &csv[..csv.len() - 40], "\n");
    let errors = csv_errors(short.as_bytes());
    assert!(
        matches!(
            errors[..],
            [ReadError::Ragged {
                line: 3,
                record: 2,
                expected,
                ..
            }] if expected == Column::ALL.len() as u64
        ),
        "{errors:?}"
    );
    let jsonl = jsonl_of(&[good_row(1), good_row(2)]);
    let cut = &jsonl[..jsonl.len() - 40];
    let errors = jsonl_errors(cut.as_bytes());
    assert!(
        matches!(
            errors[..],
            [ReadError::Truncated {
                line: 2,
                record: 2,
                subject: None
            }]
        ),
        "{errors:?}"
    );
}

#[test]
fn a_file_that_is_not_utf8_names_the_field() {
    let csv = csv_of(&[good_row(1), good_row(2)]).replacen("Planted Street", "Pl\u{e9}", 2);
    let latin1: Vec<u8> = csv
        .chars()
        .map(|c| if c == '\u{e9}' { 0xE9 } else { c as u8 })
        .collect();
    let errors = csv_errors(&latin1);
    assert_eq!(errors.len(), 2);
    assert!(matches!(
        errors[0],
        ReadError::NotUtf8 {
            line: 2,
            record: 1,
            field: "address_line1",
            subject: Some(1)
        }
    ));
    let jsonl = jsonl_of(&[good_row(1)]).replacen("Planted Street", "Pl\u{e9}", 1);
    let latin1: Vec<u8> = jsonl
        .chars()
        .map(|c| if c == '\u{e9}' { 0xE9 } else { c as u8 })
        .collect();
    assert!(matches!(
        jsonl_errors(&latin1)[..],
        [ReadError::NotUtf8 {
            line: 1,
            record: 1,
            ..
        }]
    ));
}

#[test]
fn malformed_json_keeps_the_value_out_of_the_message() {
    let jsonl = jsonl_of(&[good_row(1)]).replacen(r#""phone":"""#, r#""phone":7700900123"#, 1);
    let errors = jsonl_errors(jsonl.as_bytes());
    assert!(matches!(
        errors[..],
        [ReadError::Json {
            line: 1,
            record: 1,
            ..
        }]
    ));
    assert!(!errors[0].to_string().contains("7700900123"));
}

#[test]
fn the_job_chooses_stop_or_set_aside_and_loses_nothing() {
    let (csv, _) = with_bad_second_row(|r| r.mother_birth_date = "yesterday".into());
    let gate = common::gate::<MarketingPost>("Broker", "Broker", Rules::default());
    let stopped = Export::new(&gate).write(read_csv(csv.as_bytes()), Vec::new());
    assert!(matches!(
        stopped,
        Err(consent_gate::export::ExportError::Input(ReadError::Field {
            line: 3,
            ..
        }))
    ));

    let receipt = Export::new(&gate)
        .on_bad_row(OnBadRow::SetAside)
        .write(read_csv(csv.as_bytes()), Vec::new())
        .unwrap();
    assert_eq!(receipt.records_in, 3);
    assert_eq!(receipt.records_set_aside, 1);
    assert_eq!(
        receipt.set_aside,
        [consent_gate::export::SetAside {
            line: 3,
            field: Some("mother_birth_date".into()),
            problem: "not_a_date".into(),
            events: false,
        }]
    );
    assert_eq!(receipt.set_aside_unlisted, 0);
    assert_eq!(receipt.records_emitted, 2);
    assert!(receipt.reconciles());
}

#[test]
fn an_empty_input_holds_no_records_and_no_error() {
    assert_eq!(read_csv(&b""[..]).count(), 0);
    assert_eq!(read_json_lines(&b"\n  \n"[..]).count(), 0);
}

#[test]
fn a_csv_dump_cut_at_a_field_boundary_is_truncated_not_a_short_record() {
    let csv = csv_of(&[good_row(1), good_row(2)]);
    // Cut after the last record's fields, before its line end: every field
    // is there, or looks it, and the withdrawal may be what was lost.
    let cut = csv.trim_end_matches('\n');
    let errors = csv_errors(cut.as_bytes());
    assert!(
        matches!(
            errors[..],
            [ReadError::Truncated {
                line: 3,
                record: 2,
                subject: Some(2)
            }]
        ),
        "{errors:?}"
    );
    // With its line end, or a CRLF, the same dump is whole.
    assert!(csv_errors(csv.as_bytes()).is_empty());
    assert!(csv_errors(csv.replace('\n', "\r\n").as_bytes()).is_empty());
}

#[test]
fn a_column_named_twice_is_refused() {
    let csv = csv_of(&[good_row(1)]).replacen("purposes,", "purposes,purposes,", 1);
    let errors = csv_errors(csv.as_bytes());
    assert!(
        matches!(
            errors[..],
            [ReadError::DuplicateColumn {
                line: 1,
                column: "purposes"
            }]
        ),
        "{errors:?}"
    );
    assert!(!errors[0].is_row_level());
}

#[test]
fn a_byte_order_mark_is_read_alike_in_both_formats() {
    let rows = [good_row(1), good_row(2)];
    let bom = "\u{feff}";
    let csv = format!("{bom}{}", csv_of(&rows));
    let jsonl = format!("{bom}{}", jsonl_of(&rows));
    assert!(csv_errors(csv.as_bytes()).is_empty());
    assert!(jsonl_errors(jsonl.as_bytes()).is_empty());
    assert_eq!(read_csv(csv.as_bytes()).count(), 2);
    assert_eq!(read_json_lines(jsonl.as_bytes()).count(), 2);
    // Only at the start: anywhere else it is text, and not a column name.
    let late = format!("{}{bom}", jsonl_of(&rows[..1]));
    assert!(!jsonl_errors(late.as_bytes()).is_empty());
}

#[test]
fn a_file_of_bad_rows_cannot_make_the_receipt_huge() {
    let mut rows = vec![good_row(1)];
    for i in 0..1_200 {
        let mut bad = good_row(i + 2);
        bad.due_date = "soon".into();
        rows.push(bad);
    }
    let gate = common::gate::<MarketingPost>("Broker", "Broker", Rules::default());
    let receipt = Export::new(&gate)
        .on_bad_row(OnBadRow::SetAside)
        .write(read_csv(csv_of(&rows).as_bytes()), Vec::new())
        .unwrap();
    assert_eq!(receipt.records_set_aside, 1_200);
    assert_eq!(
        receipt.set_aside.len(),
        consent_gate::export::SET_ASIDE_LISTED
    );
    assert_eq!(receipt.set_aside_unlisted, 200);
    assert!(receipt.reconciles());
    assert_eq!(receipt.set_aside[0].line, 3);
    assert_eq!(receipt.set_aside[0].field.as_deref(), Some("due_date"));
    assert!(
        !String::from_utf8(receipt.to_json())
            .unwrap()
            .contains("soon")
    );
}

#[test]
fn a_bare_carriage_return_is_an_error_not_a_new_record() {
    let rows = [good_row(1), good_row(2), good_row(3)];
    let csv = csv_of(&rows).replacen("Planted Street", "Planted\rStreet", 2);
    let items: Vec<_> = read_csv(csv.as_bytes()).collect();
    // Three records, as there are three lines; the two with a bare CR are
    // errors naming their lines, counted by line ends.
    assert_eq!(items.len(), 3);
    assert!(items[2].is_ok());
    for (item, line) in items[..2].iter().zip([2, 3]) {
        match item {
            Err(ReadError::BareCarriageReturn { line: l, .. }) => assert_eq!(*l, line),
            other => panic!("{other:?}"),
        }
    }
    // CRLF line ends are line ends, header included.
    let crlf = csv_of(&rows).replace('\n', "\r\n");
    assert!(read_csv(crlf.as_bytes()).all(|r| r.is_ok()));
    let lines: Vec<u64> = read_csv(crlf.replacen("1987-06-14", "x", 1).as_bytes())
        .filter_map(|r| r.err().and_then(|e| e.line()))
        .collect();
    assert_eq!(lines, [2]);
}

/// A reader that gives `head`, then fails: the input as a whole cannot be
/// read past it.
struct Failing {
    head: Vec<u8>,
}

impl std::io::Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.head.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "denied",
            ));
        }
        let n = self.head.len().min(buf.len());
        buf[..n].copy_from_slice(&self.head[..n]);
        self.head.drain(..n);
        Ok(n)
    }
}

/// An input that fails part way is an I/O error, the input's own (its kind
/// kept for the caller), that ends the reading: never a row, never the end.
#[test]
fn an_input_failing_part_way_is_its_own_io_error() {
    let csv = csv_of(&[good_row(1)]);
    let header = csv.lines().next().unwrap().to_owned() + "\n";
    let head = Failing {
        head: header.into_bytes(),
    };
    for items in [
        read_csv(head).collect::<Vec<_>>(),
        read_json_lines(std::io::BufReader::new(Failing { head: Vec::new() })).collect(),
    ] {
        assert_eq!(items.len(), 1, "{items:?}");
        match &items[0] {
            Err(ReadError::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied),
            other => panic!("{other:?}"),
        }
    }
}

/// A byte-order mark opens an input, nowhere else: on a later line it is
/// a line that is not JSON. A last line cut short is `Truncated`; one that
/// is whole but wrong is a JSON error, whether or not it ends the input.
#[test]
fn json_lines_tell_a_cut_line_from_a_bad_one() {
    let jsonl = jsonl_of(&[good_row(1), good_row(2)]);
    let mut lines = jsonl.lines();
    let (first, second) = (lines.next().unwrap(), lines.next().unwrap());
    let codes = |text: String| -> Vec<&'static str> {
        read_json_lines(text.as_bytes())
            .map(|item| item.map_or_else(|e| e.code(), |_| "ok"))
            .collect()
    };
    assert_eq!(codes(format!("\u{feff}{first}\n{second}\n")), ["ok", "ok"]);
    assert_eq!(
        codes(format!("{first}\n\u{feff}{second}\n")),
        ["ok", "malformed_json"]
    );
    let cut = &second[..second.len() / 2];
    assert_eq!(codes(format!("{first}\n{cut}")), ["ok", "truncated"]);
    assert_eq!(codes(format!("{first}\n{cut}\n")), ["ok", "malformed_json"]);
    let wrong = second.replacen(',', ",,", 1);
    assert_eq!(codes(format!("{first}\n{wrong}")), ["ok", "malformed_json"]);
}
