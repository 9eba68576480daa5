//! The JSON side of the importers: one record per line, parsed strictly (a
//! key given twice is an error, as in the crate's own JSON Lines), and
//! read through [`Node`]s that know their [`KeyPath`].

use std::collections::VecDeque;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::consents::ConsentEvent;
use crate::crm::{At, FieldProblem, KeyPath, ReadError, json_error};
use crate::record::SubjectId;

/// What is wrong, and where, inside one record.
#[derive(Debug)]
pub(super) struct Fault {
    pub(super) key: KeyPath,
    pub(super) problem: FieldProblem,
}

pub(super) type Result<T> = std::result::Result<T, Fault>;

/// A JSON value parsed strictly: an object giving one key twice is an
/// error, never the last value silently.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(value) = map.next_value()?;
            if object.insert(key, value).is_some() {
                return Err(de::Error::custom("a key appears twice"));
            }
        }
        Ok(Value::Object(object))
    }
}

/// One value of a record, with its path.
#[derive(Debug, Clone)]
pub(super) struct Node<'a> {
    pub(super) value: &'a Value,
    pub(super) path: KeyPath,
}

impl<'a> Node<'a> {
    pub(super) fn fault(&self, problem: FieldProblem) -> Fault {
        Fault {
            key: self.path.clone(),
            problem,
        }
    }

    /// The value at `key` of this object, if there is one (a `null` is
    /// none).
    pub(super) fn get(&self, key: &'static str) -> Result<Option<Node<'a>>> {
        let Value::Object(map) = self.value else {
            return Err(self.fault(FieldProblem::WrongType {
                expected: "an object",
            }));
        };
        Ok(map.get(key).filter(|v| !v.is_null()).map(|value| Node {
            value,
            path: self.path.key(key),
        }))
    }

    /// The value at `key`, which must be there.
    pub(super) fn required(&self, key: &'static str) -> Result<Node<'a>> {
        self.get(key)?.ok_or_else(|| Fault {
            key: self.path.key(key),
            problem: FieldProblem::Missing,
        })
    }

    /// The values at `key`: one value, or each item of an array (JSON-LD
    /// writes a property with one value or many alike). None where the key
    /// is absent.
    pub(super) fn many(&self, key: &'static str) -> Result<Vec<Node<'a>>> {
        let Some(found) = self.get(key)? else {
            return Ok(Vec::new());
        };
        Ok(match found.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, value)| Node {
                    value,
                    path: found.path.index(i),
                })
                .collect(),
            _ => vec![found],
        })
    }

    /// The values at `key`, at least one.
    pub(super) fn some(&self, key: &'static str) -> Result<Vec<Node<'a>>> {
        let all = self.many(key)?;
        if all.is_empty() {
            return Err(Fault {
                key: self.path.key(key),
                problem: FieldProblem::Missing,
            });
        }
        Ok(all)
    }

    /// This value as text.
    pub(super) fn text(&self) -> Result<&'a str> {
        self.value.as_str().ok_or_else(|| {
            self.fault(FieldProblem::WrongType {
                expected: "a string",
            })
        })
    }

    /// This value as text that is not blank.
    pub(super) fn filled(&self) -> Result<&'a str> {
        let text = self.text()?.trim();
        if text.is_empty() {
            return Err(self.fault(FieldProblem::Empty));
        }
        Ok(text)
    }

    /// This value as `true` or `false`.
    pub(super) fn boolean(&self) -> Result<bool> {
        self.value
            .as_bool()
            .ok_or_else(|| self.fault(FieldProblem::Bool))
    }

    /// A JSON-LD reference: a string, or an object's `@id`.
    pub(super) fn reference(&self) -> Result<&'a str> {
        match self.value {
            Value::Object(_) => self.required("@id")?.filled(),
            _ => self.filled(),
        }
    }
}

/// What a record of one format reads into: its subject, then its events.
pub(super) trait RecordFormat {
    /// Reads the record's subject (errors then carry it) and its events,
    /// in the order the ledger takes them.
    fn subject(&self, record: &Node<'_>) -> Result<SubjectId>;
    /// Reads the record's events into `out`.
    fn events(&self, record: &Node<'_>, out: &mut Vec<ConsentEvent>) -> Result<()>;
}

/// A JSON Lines file of consent records of one format: each event with its
/// subject, record by record.
pub(super) struct Lines<R, F> {
    input: R,
    format: F,
    buf: Vec<u8>,
    line: u64,
    record: u64,
    pending: VecDeque<(SubjectId, ConsentEvent)>,
    done: bool,
}

impl<R: BufRead, F: RecordFormat> Lines<R, F> {
    pub(super) fn new(input: R, format: F) -> Self {
        Self {
            input,
            format,
            buf: Vec::new(),
            line: 0,
            record: 0,
            pending: VecDeque::new(),
            done: false,
        }
    }

    /// Reads the next line that is not blank: `None` at the end.
    fn read_line(&mut self) -> Option<std::result::Result<(), ReadError>> {
        loop {
            self.buf.clear();
            match self.input.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(ReadError::Io(e))),
            }
            self.line += 1;
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                return Some(Ok(()));
            }
        }
    }

    /// Reads one record into `pending`, or its error.
    fn read_record(&mut self) -> Option<std::result::Result<(), ReadError>> {
        if let Err(e) = self.read_line()? {
            return Some(Err(e));
        }
        self.record += 1;
        let (line, record) = (self.line, self.record);
        let ended = self.buf.last() == Some(&b'\n');
        let bytes = match self.buf.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) if line == 1 => rest,
            _ => &self.buf,
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Some(Err(ReadError::NotUtf8 {
                line,
                record,
                subject: None,
                field: "line",
            }));
        };
        let value = match serde_json::from_str::<Strict>(text) {
            Ok(Strict(value)) => value,
            Err(e) => return Some(Err(json_error(&e, ended, At { line, record }))),
        };
        let node = Node {
            value: &value,
            path: KeyPath::root(),
        };
        let key_error = |subject, fault: Fault| ReadError::Key {
            line,
            record,
            subject,
            key: fault.key,
            problem: fault.problem,
        };
        let subject = match self.format.subject(&node) {
            Ok(subject) => subject,
            Err(fault) => return Some(Err(key_error(None, fault))),
        };
        let mut events = Vec::new();
        if let Err(fault) = self.format.events(&node, &mut events) {
            return Some(Err(key_error(Some(subject.0), fault)));
        }
        self.pending
            .extend(events.into_iter().map(|event| (subject, event)));
        Some(Ok(()))
    }

    pub(super) fn next_event(
        &mut self,
    ) -> Option<std::result::Result<(SubjectId, ConsentEvent), ReadError>> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(Ok(event));
            }
            if self.done {
                return None;
            }
            match self.read_record() {
                None => {
                    self.done = true;
                    return None;
                }
                Some(Ok(())) => {}
                Some(Err(e)) => {
                    self.done = !e.is_row_level();
                    return Some(Err(e));
                }
            }
        }
    }
}
