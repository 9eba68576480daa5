//! The decision log: one JSON line per input row, saying what the export
//! did with it, field by field, and which consent it relied on.
//!
//! A line is written by hand, member by member, as serde_json writes the
//! same structs (compact, in declaration order, `None` left out where the
//! derive says so): the test below holds every shape of line to
//! serde_json's bytes. A log is as long as its input (about 1.4 GB for six
//! buyers of the case's dump); serde_json's escaping of every byte of every
//! name and IRI was most of the time it took to write.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::encode::json_string;
use super::hashing::HashingWriter;
use crate::crm::ReadError;
use crate::notice::NoticeVersion;
use crate::purpose::PurposeKind;
use crate::scope::ConsentScope;

/// One field's outcome in an emitted record (or one dropped for a required
/// field withheld).
#[derive(Debug, Serialize)]
pub(crate) struct FieldOutcome {
    pub(crate) field: &'static str,
    /// The W3C DPV term of the field's category, where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) category_dpv: Option<&'static str>,
    pub(crate) outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<&'static str>,
    /// For a contact field emitted for marketing other than its own
    /// channel's: the consents to the channels it relied on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) channels: Vec<ChannelRef>,
}

/// A channel's consent a field relied on.
#[derive(Debug, Serialize)]
pub(crate) struct ChannelRef {
    pub(crate) channel: PurposeKind,
    /// The consent's position in the subject's ledger.
    pub(crate) consent: usize,
}

/// The consent an emitted record's fields relied on.
#[derive(Debug, Serialize)]
struct ConsentRef<'a> {
    /// Its position in the subject's ledger.
    index: usize,
    purpose: PurposeKind,
    /// The purpose's W3C DPV term.
    purpose_dpv: &'static str,
    /// Written as it is shown (`v2`).
    #[serde(serialize_with = "shown")]
    notice: NoticeVersion,
    given_at: String,
    collection: crate::scope::ConsentSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    collected_by: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct Line<'a> {
    record: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    subject_id: Option<u64>,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    consent: Option<ConsentRef<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fields: &'a [FieldOutcome],
}

/// A JSON object written member by member, as serde_json writes one.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    members: usize,
}

impl<'o> Object<'o> {
    fn new(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        Self { out, members: 0 }
    }

    /// A member's key (the crate's own, which need no escaping).
    fn key(&mut self, key: &'static str) -> &mut Vec<u8> {
        let open: &[u8] = if self.members == 0 { b"\"" } else { b",\"" };
        self.out.extend_from_slice(open);
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.members += 1;
        self.out
    }

    fn text(&mut self, key: &'static str, value: &str) -> io::Result<()> {
        json_string(value, self.key(key))
    }

    fn number(&mut self, key: &'static str, value: u64) {
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(value);
        self.key(key).extend_from_slice(digits.as_bytes());
    }

    /// An array of the items `each` writes, as objects.
    fn objects<T>(
        &mut self,
        key: &'static str,
        items: &[T],
        mut each: impl FnMut(&T, &mut Object<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        let out = self.key(key);
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let mut object = Object::new(out);
            each(item, &mut object)?;
            object.end();
        }
        out.push(b']');
        Ok(())
    }

    fn end(self) {
        self.out.push(b'}');
    }
}

impl FieldOutcome {
    fn write_json(&self, o: &mut Object<'_>) -> io::Result<()> {
        o.text("field", self.field)?;
        if let Some(dpv) = self.category_dpv {
            o.text("category_dpv", dpv)?;
        }
        o.text("outcome", self.outcome)?;
        if let Some(reason) = self.reason {
            o.text("reason", reason)?;
        }
        if !self.channels.is_empty() {
            o.objects("channels", &self.channels, |c, o| {
                o.text("channel", c.channel.name())?;
                o.number("consent", c.consent as u64);
                Ok(())
            })?;
        }
        Ok(())
    }
}

/// A value as its `Display` shows it, as a JSON string.
fn shown<T: std::fmt::Display, S: serde::Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

impl ConsentRef<'_> {
    fn write_json(&self, o: &mut Object<'_>) -> io::Result<()> {
        o.number("index", self.index as u64);
        o.text("purpose", self.purpose.name())?;
        o.text("purpose_dpv", self.purpose_dpv)?;
        let mut digits = itoa::Buffer::new();
        let out = o.key("notice");
        out.extend_from_slice(b"\"v");
        out.extend_from_slice(digits.format(self.notice.0).as_bytes());
        out.push(b'"');
        o.text("given_at", &self.given_at)?;
        o.text("collection", self.collection.name())?;
        if let Some(by) = &self.collected_by {
            o.text("collected_by", by)?;
        }
        Ok(())
    }
}

impl Line<'_> {
    /// The line as serde_json writes it.
    fn write_json(&self, out: &mut Vec<u8>) -> io::Result<()> {
        let mut o = Object::new(out);
        o.number("record", self.record);
        if let Some(line) = self.line {
            o.number("line", line);
        }
        match self.subject_id {
            Some(id) => o.number("subject_id", id),
            None => o.key("subject_id").extend_from_slice(b"null"),
        }
        o.text("outcome", self.outcome)?;
        if let Some(reason) = self.reason {
            o.text("reason", reason)?;
        }
        if let Some(field) = self.field {
            o.text("field", field)?;
        }
        if let Some(consent) = &self.consent {
            let mut inner = Object::new(o.key("consent"));
            consent.write_json(&mut inner)?;
            inner.end();
        }
        if !self.fields.is_empty() {
            o.objects("fields", self.fields, FieldOutcome::write_json)?;
        }
        o.end();
        Ok(())
    }
}

/// The log being written, hashed as it goes, or a chunk's lines of it.
pub(crate) struct DecisionLog<'g> {
    out: Lines<'g>,
    /// The fields of the record being decided.
    pub(crate) fields: Vec<FieldOutcome>,
    line: Vec<u8>,
}

/// Where a log's lines go.
enum Lines<'g> {
    /// The log itself, hashed as it goes.
    Log(HashingWriter<&'g mut (dyn Write + Send)>),
    /// The lines of a chunk's records judged on a worker thread, which the
    /// log takes in input order ([`DecisionLog::append`]).
    Chunk(Vec<u8>),
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

impl<'g> DecisionLog<'g> {
    /// A log written to `out`, hashed on a thread of its own where
    /// `hash_thread`.
    pub(crate) fn new(out: &'g mut (dyn Write + Send), hash_thread: bool) -> Self {
        Self {
            out: Lines::Log(HashingWriter::with_thread(out, hash_thread)),
            fields: Vec::new(),
            line: Vec::new(),
        }
    }

    /// The lines of a chunk's records, written as the log writes them.
    pub(crate) fn chunk() -> Self {
        Self {
            out: Lines::Chunk(Vec::new()),
            fields: Vec::new(),
            line: Vec::new(),
        }
    }

    fn write(&mut self, line: &Line<'_>) -> io::Result<()> {
        match &mut self.out {
            Lines::Log(out) => {
                self.line.clear();
                line.write_json(&mut self.line)?;
                self.line.push(b'\n');
                out.write_all(&self.line)
            }
            Lines::Chunk(lines) => {
                line.write_json(lines)?;
                lines.push(b'\n');
                Ok(())
            }
        }
    }

    /// Lines written elsewhere ([`DecisionLog::chunk`]), as they are.
    pub(crate) fn append(&mut self, lines: &[u8]) -> io::Result<()> {
        match &mut self.out {
            Lines::Log(out) => out.write_all(lines),
            Lines::Chunk(chunk) => {
                chunk.extend_from_slice(lines);
                Ok(())
            }
        }
    }

    /// How many bytes of a chunk's lines are written (none for the log).
    pub(crate) fn written(&self) -> usize {
        match &self.out {
            Lines::Log(_) => 0,
            Lines::Chunk(lines) => lines.len(),
        }
    }

    /// A chunk's lines, taken (none for the log).
    pub(crate) fn take_lines(&mut self) -> Vec<u8> {
        match &mut self.out {
            Lines::Log(_) => Vec::new(),
            Lines::Chunk(lines) => std::mem::take(lines),
        }
    }

    /// A row that could not be read, set aside.
    pub(crate) fn set_aside(&mut self, record: u64, error: &ReadError) -> io::Result<()> {
        self.write(&Line {
            record,
            line: error.line(),
            subject_id: error.subject(),
            outcome: "set_aside",
            reason: Some(error.code()),
            field: error.field(),
            consent: None,
            fields: &[],
        })
    }

    /// A record dropped whole for `reason`, with the fields' outcomes if
    /// they were decided (a required field withheld).
    pub(crate) fn dropped(
        &mut self,
        record: u64,
        subject: u64,
        reason: &'static str,
    ) -> io::Result<()> {
        self.record_line(record, subject, "dropped", Some(reason), None)
    }

    /// A record emitted, its fields relying on `consent`, the consent at
    /// `index` of its ledger.
    pub(crate) fn emitted(
        &mut self,
        record: u64,
        subject: u64,
        purpose: PurposeKind,
        consent: (usize, &ConsentScope),
    ) -> io::Result<()> {
        let consent = ConsentRef {
            index: consent.0,
            purpose,
            purpose_dpv: purpose.dpv(),
            notice: consent.1.notice(),
            given_at: instant(consent.1.given_at()),
            collection: consent.1.source(),
            collected_by: consent.1.collected_by(),
        };
        self.record_line(record, subject, "emitted", None, Some(consent))
    }

    /// The line of a record that was read, with the outcomes of its fields
    /// gathered so far, which it clears for the next record (keeping their
    /// room).
    fn record_line(
        &mut self,
        record: u64,
        subject: u64,
        outcome: &'static str,
        reason: Option<&'static str>,
        consent: Option<ConsentRef<'_>>,
    ) -> io::Result<()> {
        let fields = std::mem::take(&mut self.fields);
        let result = self.write(&Line {
            record,
            line: None,
            subject_id: Some(subject),
            outcome,
            reason,
            field: None,
            consent,
            fields: &fields,
        });
        self.fields = fields;
        self.fields.clear();
        result
    }

    /// Flushes, and gives the log's SHA-256.
    pub(crate) fn finish(self) -> io::Result<String> {
        match self.out {
            Lines::Log(out) => {
                let (out, sha256) = out.finish()?;
                out.flush()?;
                Ok(sha256)
            }
            // A chunk's lines are taken, never finished; should they be,
            // no hash is made up.
            Lines::Chunk(_) => Err(io::Error::other("a chunk of a decision log has no hash")),
        }
    }
}

#[cfg(test)]
mod tests;
