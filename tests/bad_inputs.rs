//! A table of bad inputs as real dumps hold them, each with what it gets:
//! a typed error naming its line and field (the row set aside), a value
//! withheld for a documented reason, or the whole input refused. And for
//! every one, nothing is lost: `records_in = emitted + dropped + set
//! aside`, and no row set aside reaches the output.

mod common;

use common::crm::*;
use consent_gate::Rules;
use consent_gate::crm::{CrmRow, ReadError};
use consent_gate::export::{Export, ExportError, Format, OnBadRow, Receipt, SetAside};
use consent_gate::purpose::ThirdPartyMarketing;

const RETAILER: &str = "Acme Baby Products Ltd";

/// What a bad input gets.
#[derive(Debug, Clone, Copy)]
enum Gets {
    /// The row is set aside: this field (if one) and problem code.
    SetAside(Option<&'static str>, &'static str),
    /// The row is read; this category's value is withheld for this reason.
    Withheld(&'static str, &'static str),
    /// The input as a whole is refused with this code.
    Refused(&'static str),
}

/// How the second of three rows is spoilt.
enum Spoil {
    /// A column's text, in both formats.
    Field(fn(&mut CrmRow)),
    /// The CSV text, which JSON Lines cannot express the same way.
    Csv(fn(String) -> String),
    /// The JSON Lines text.
    Json(fn(String) -> String),
}

fn cases() -> Vec<(&'static str, Spoil, Gets)> {
    use Gets::*;
    use Spoil::*;
    let field = |f: &'static str, p: &'static str| SetAside(Some(f), p);
    vec![
        (
            "a subject id that is not a number",
            Field(|r| r.subject_id = "abc".into()),
            field("subject_id", "not_a_number"),
        ),
        (
            "an empty subject id",
            Field(|r| r.subject_id = String::new()),
            field("subject_id", "not_a_number"),
        ),
        (
            "a negative subject id",
            Field(|r| r.subject_id = "-1".into()),
            field("subject_id", "not_a_number"),
        ),
        (
            "an empty name",
            Field(|r| r.parent_name = String::new()),
            field("parent_name", "empty"),
        ),
        (
            "a blank name",
            Field(|r| r.parent_name = "   ".into()),
            field("parent_name", "empty"),
        ),
        (
            "an impossible date",
            Field(|r| r.mother_birth_date = "1987-02-30".into()),
            field("mother_birth_date", "not_a_date"),
        ),
        (
            "a date in another form",
            Field(|r| r.mother_birth_date = "14/06/1987".into()),
            field("mother_birth_date", "not_a_date"),
        ),
        (
            "a date with trailing text",
            Field(|r| r.mother_birth_date = "1987-06-14x".into()),
            field("mother_birth_date", "not_a_date"),
        ),
        (
            "a year of five digits",
            Field(|r| r.mother_birth_date = "19870-06-14".into()),
            field("mother_birth_date", "not_a_date"),
        ),
        (
            "a flag that is not a boolean",
            Field(|r| r.children_under_five = "yes".into()),
            field("children_under_five", "not_a_boolean"),
        ),
        (
            "a bad date in a list",
            Field(|r| r.child_birth_dates = "2015-11-23;soon".into()),
            field("child_birth_dates", "not_a_date"),
        ),
        (
            "a due date in month 13",
            Field(|r| r.due_date = "2017-13-01".into()),
            field("due_date", "not_a_date"),
        ),
        (
            "an unknown purpose",
            Field(|r| r.purposes = "politics".into()),
            field("purposes", "unknown_purpose"),
        ),
        (
            "an e-mail address as a purpose",
            Field(|r| r.purposes = "marketing_post;jane@example.org".into()),
            field("purposes", "unknown_purpose"),
        ),
        (
            "an unknown category",
            Field(|r| r.categories = "kids".into()),
            field("categories", "unknown_category"),
        ),
        (
            "a broker bit past the sixteenth",
            Field(|r| r.categories = "custom_16".into()),
            field("categories", "unknown_category"),
        ),
        (
            "a notice version that is not a number",
            Field(|r| r.notice_version = "v".into()),
            field("notice_version", "not_a_number"),
        ),
        (
            "a negative notice version",
            Field(|r| r.notice_version = "-2".into()),
            field("notice_version", "not_a_number"),
        ),
        (
            "no consent instant",
            Field(|r| r.consent_given_at = String::new()),
            field("consent_given_at", "not_an_instant"),
        ),
        (
            "a consent date without a time",
            Field(|r| r.consent_given_at = "2016-09-01".into()),
            field("consent_given_at", "not_an_instant"),
        ),
        (
            "a consent instant without a zone",
            Field(|r| r.consent_given_at = "2016-09-01T10:00:00".into()),
            field("consent_given_at", "not_an_instant"),
        ),
        (
            "a consent instant with a wrong zone letter",
            Field(|r| r.consent_given_at = "2016-09-01T10:00:00X".into()),
            field("consent_given_at", "not_an_instant"),
        ),
        (
            "an expiry in words",
            Field(|r| r.consent_expires_at = "tomorrow".into()),
            field("consent_expires_at", "not_an_instant"),
        ),
        (
            "a withdrawal before the consent",
            Field(|r| r.consent_withdrawn_at = "2015-01-01T00:00:00Z".into()),
            field("consent_withdrawn_at", "contradictory_consent"),
        ),
        (
            "an expiry before the consent",
            Field(|r| r.consent_expires_at = "2015-01-01T00:00:00Z".into()),
            field("consent_expires_at", "contradictory_consent"),
        ),
        (
            "a notice version past the largest",
            Field(|r| r.notice_version = "99999999999".into()),
            field("notice_version", "not_a_number"),
        ),
        (
            "an empty collection",
            Field(|r| r.collection = String::new()),
            field("collection", "empty"),
        ),
        (
            "an unknown collection",
            Field(|r| r.collection = "partner".into()),
            field("collection", "unknown_collection"),
        ),
        (
            "a customer flag that is not a boolean",
            Field(|r| r.existing_customer = "y".into()),
            field("existing_customer", "not_a_boolean"),
        ),
        (
            "an opt-out flag that is not a boolean",
            Field(|r| r.opt_out_offered = "maybe".into()),
            field("opt_out_offered", "not_a_boolean"),
        ),
        (
            "a parental flag that is not a boolean",
            Field(|r| r.parental_consent = "1".into()),
            field("parental_consent", "not_a_boolean"),
        ),
        (
            "a carriage return inside a CSV record",
            Csv(|t| {
                t.replacen("Street,", "St\rreet,", 2)
                    .replacen("St\rreet,", "Street,", 1)
            }),
            SetAside(None, "bare_carriage_return"),
        ),
        (
            "a CSV row a field short",
            Csv(|t| spoil_line(&t, 2, |l| l.rsplit_once(',').unwrap().0.to_owned())),
            SetAside(None, "ragged"),
        ),
        (
            "a CSV row a field long",
            Csv(|t| spoil_line(&t, 2, |l| format!("{l},extra"))),
            SetAside(None, "ragged"),
        ),
        (
            "a CSV field that is not UTF-8",
            Csv(|t| t),
            field("parent_name", "not_utf8"),
        ),
        (
            "a JSON line that is not JSON",
            Json(|t| spoil_line(&t, 1, |l| l.replacen('{', "[", 1))),
            SetAside(None, "malformed_json"),
        ),
        (
            "an instant in the common form with text after its zone letter",
            Field(|r| r.consent_given_at = "2016-09-01T10:00:00Zx".into()),
            field("consent_given_at", "not_an_instant"),
        ),
        (
            "a consent collected directly that names a third party as its collector",
            Field(|r| r.collected_by = "Bright Nursery Supplies".into()),
            field("collected_by", "contradictory_consent"),
        ),
        (
            "a JSON line giving a key twice, the second adding politics",
            Json(|t| {
                spoil_line(&t, 1, |l| {
                    l.replacen('}', r#","purposes":"political_campaigning"}"#, 1)
                })
            }),
            field("purposes", "duplicate_key"),
        ),
        (
            "a JSON line without a key",
            Json(|t| spoil_line(&t, 1, |l| l.replacen(r#""due_date":"2017-08-30","#, "", 1))),
            field("due_date", "missing"),
        ),
        (
            "a JSON number for a string",
            Json(|t| {
                spoil_line(&t, 1, |l| {
                    l.replacen(r#""subject_id":"2""#, r#""subject_id":2"#, 1)
                })
            }),
            SetAside(None, "malformed_json"),
        ),
        (
            "a due date already past",
            Field(|r| r.due_date = "2017-04-30".into()),
            Withheld("pregnancy", "stale"),
        ),
        (
            "a child born after the export",
            Field(|r| r.child_birth_dates = "2017-05-02".into()),
            Withheld("child_birth_date", "children_data_unreliable"),
        ),
        (
            "a child born before its mother",
            Field(|r| r.child_birth_dates = "1980-01-01".into()),
            Withheld("child_birth_date", "children_data_unreliable"),
        ),
        (
            "a mother of eight at the birth",
            Field(|r| r.child_birth_dates = "1995-06-14".into()),
            Withheld("child_birth_date", "children_data_unreliable"),
        ),
        (
            "an under-five flag the dates contradict",
            Field(|r| r.children_under_five = "false".into()),
            Withheld("children_present", "children_data_unreliable"),
        ),
        (
            "a column named twice",
            Csv(|t| t.replacen("purposes,", "purposes,purposes,", 1)),
            Refused("duplicate_column"),
        ),
        (
            "a column missing",
            Csv(|t| t.replacen("due_date,", "due_dates,", 1)),
            Refused("missing_column"),
        ),
    ]
}

/// Line `n` (0 is the first) of `text`, changed by `f`.
fn spoil_line(text: &str, n: usize, f: impl Fn(&str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| if i == n { f(l) } else { l.to_owned() } + "\n")
        .collect()
}

/// Three rows that the retailer may receive whole, health data included.
fn rows() -> Vec<CrmRow> {
    (1..=3)
        .map(|i| {
            let mut row = good_row(i);
            row.categories = "child_birth_date;children_present;pregnancy".into();
            row.due_date = "2017-08-30".into();
            row
        })
        .collect()
}

fn export(format: Format, input: &[u8]) -> Result<(Receipt, Vec<u8>), ExportError> {
    let gate = common::gate::<ThirdPartyMarketing>(RETAILER, RETAILER, Rules::default());
    let mut out = Vec::new();
    let export = Export::new(&gate).on_bad_row(OnBadRow::SetAside);
    let receipt = export.write(consent_gate::crm::read(format, input), &mut out)?;
    Ok((receipt, out))
}

/// The subject ids the output (CSV) holds.
fn subjects(out: &[u8]) -> Vec<String> {
    csv::Reader::from_reader(out)
        .records()
        .map(|r| r.unwrap()[0].to_owned())
        .collect()
}

#[test]
fn every_bad_input_gets_what_the_table_says_and_nothing_is_lost() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut tried = 0;
    for (what, spoil, gets) in &cases {
        let mut inputs: Vec<(Format, Vec<u8>)> = Vec::new();
        let mut rows = rows();
        match spoil {
            Spoil::Field(f) => {
                f(&mut rows[1]);
                inputs.push((Format::Csv, csv_of(&rows).into_bytes()));
                inputs.push((Format::JsonLines, jsonl_of(&rows).into_bytes()));
            }
            Spoil::Csv(_) if what.contains("UTF-8") => {
                // The second row's name with a byte that is not UTF-8.
                let mut bytes = csv_of(&rows).into_bytes();
                let second = bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .nth(1)
                    .unwrap()
                    .0;
                let at = second
                    + bytes[second..]
                        .windows(8)
                        .position(|w| w == b"Planted-")
                        .unwrap();
                bytes[at] = 0xFF;
                inputs.push((Format::Csv, bytes));
            }
            Spoil::Csv(f) => inputs.push((Format::Csv, f(csv_of(&rows)).into_bytes())),
            Spoil::Json(f) => inputs.push((Format::JsonLines, f(jsonl_of(&rows)).into_bytes())),
        }
        for (format, input) in inputs {
            tried += 1;
            let line = if format == Format::Csv { 3 } else { 2 };
            match (*gets, export(format, &input)) {
                (Gets::Refused(code), Err(ExportError::Input(e))) => {
                    assert_eq!(e.code(), code, "{what}");
                    assert!(matches!(
                        e,
                        ReadError::MissingColumn { .. } | ReadError::DuplicateColumn { .. }
                    ));
                }
                (Gets::SetAside(field, problem), Ok((receipt, out))) => {
                    assert!(receipt.reconciles(), "{what} {format:?}");
                    assert_eq!(receipt.records_in, 3, "{what} {format:?}");
                    assert_eq!(
                        receipt.set_aside,
                        [SetAside {
                            line,
                            field: field.map(Into::into),
                            problem: problem.into(),
                            events: false,
                        }],
                        "{what} {format:?}"
                    );
                    let emitted = subjects(&out);
                    assert_eq!(emitted.len() as u64, receipt.records_emitted);
                    assert!(
                        !emitted.iter().any(|s| s == "2"),
                        "{what} {format:?}: {emitted:?}"
                    );
                }
                (Gets::Withheld(category, reason), Ok((receipt, out))) => {
                    assert!(receipt.reconciles(), "{what} {format:?}");
                    assert!(
                        receipt.set_aside.is_empty(),
                        "{what} {format:?}: {:?}",
                        receipt.set_aside
                    );
                    assert_eq!(receipt.records_emitted, 3, "{what} {format:?}");
                    assert_eq!(receipt.withheld[category][reason], 1, "{what} {format:?}");
                    assert_eq!(subjects(&out).len(), 3);
                }
                (gets, got) => panic!("{what} {format:?}: expected {gets:?}, got {got:?}"),
            }
        }
    }
    assert!(tried >= 60, "{tried} inputs tried");
}
