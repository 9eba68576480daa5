//! Reading an export's output back, value by value, in either format, for
//! the oracle to judge: apart from the crate's own writers, with the csv
//! crate and serde_json.

use super::check::OracleError;

/// One value of an export: its line, its row's subject, its column, and
/// its text (`None` for a JSON value that is no cell of the format).
pub(super) struct Value<'a> {
    pub(super) line: u64,
    pub(super) subject: &'a str,
    pub(super) column: &'a str,
    pub(super) text: Option<&'a str>,
}

/// Every value of a CSV export: each row's `subject_id`, then each
/// non-empty cell.
pub(super) fn each_csv_value(
    output: &[u8],
    each: &mut dyn FnMut(Value<'_>),
) -> Result<(), OracleError> {
    let mut reader = csv::Reader::from_reader(output);
    let header = reader
        .headers()
        .map_err(|_| OracleError::Csv { line: 1 })?
        .clone();
    let id = header
        .iter()
        .position(|h| h == "subject_id")
        .ok_or(OracleError::Csv { line: 1 })?;
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|_| OracleError::Csv { line })?;
        let subject = record.get(id).ok_or(OracleError::Csv { line })?;
        let text = Some(subject);
        each(Value {
            line,
            subject,
            column: "subject_id",
            text,
        });
        for (column, cell) in header.iter().zip(record.iter()) {
            if column != "subject_id" && !cell.is_empty() {
                each(Value {
                    line,
                    subject,
                    column,
                    text: Some(cell),
                });
            }
        }
    }
    Ok(())
}

/// Every value of a JSON Lines export: each line's `subject_id`, then each
/// non-null key, an address as its four cells.
pub(super) fn each_json_value(
    output: &[u8],
    each: &mut dyn FnMut(Value<'_>),
) -> Result<(), OracleError> {
    for (i, text) in output.split(|b| *b == b'\n').enumerate() {
        let line = i as u64 + 1;
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(text).map_err(|_| OracleError::Json { line })?;
        let subject = match object.get("subject_id") {
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(serde_json::Value::String(s)) => s.clone(),
            _ => return Err(OracleError::Json { line }),
        };
        let subject = subject.as_str();
        each(Value {
            line,
            subject,
            column: "subject_id",
            text: Some(subject),
        });
        for (key, value) in &object {
            if key == "subject_id" || value.is_null() {
                continue;
            }
            match json_cells(key, value) {
                Some(cells) => {
                    for (column, text) in &cells {
                        each(Value {
                            line,
                            subject,
                            column,
                            text: Some(text),
                        });
                    }
                }
                None => each(Value {
                    line,
                    subject,
                    column: key,
                    text: None,
                }),
            }
        }
    }
    Ok(())
}

/// The columns of one emitted JSON value, each with its text: the address
/// object fills four, a list of dates is joined with `;`. A value of the
/// wrong shape is `None`.
fn json_cells(key: &str, value: &serde_json::Value) -> Option<Vec<(String, String)>> {
    use serde_json::Value;
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match value {
        Value::Object(parts) if key == "address" => {
            let mut cells = Vec::new();
            for (part, v) in parts {
                cells.push((format!("address_{part}"), text(v)?));
            }
            Some(cells)
        }
        Value::Array(items) => {
            let items: Option<Vec<String>> = items.iter().map(text).collect();
            Some(vec![(key.to_owned(), items?.join(";"))])
        }
        other => Some(vec![(key.to_owned(), text(other)?)]),
    }
}
