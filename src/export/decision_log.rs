//! The decision log: one JSON line per input row, saying what the export
//! did with it, field by field, and which consent it relied on.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::hashing::HashingWriter;
use crate::crm::ReadError;
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
struct ConsentRef {
    /// Its position in the subject's ledger.
    index: usize,
    purpose: PurposeKind,
    /// The purpose's W3C DPV term.
    purpose_dpv: &'static str,
    notice: String,
    given_at: String,
    collection: crate::scope::ConsentSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    collected_by: Option<String>,
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
    consent: Option<ConsentRef>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fields: &'a [FieldOutcome],
}

/// The log being written, hashed as it goes.
pub(crate) struct DecisionLog<'g> {
    out: HashingWriter<&'g mut (dyn Write + Send)>,
    /// The fields of the record being decided.
    pub(crate) fields: Vec<FieldOutcome>,
    line: Vec<u8>,
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

impl<'g> DecisionLog<'g> {
    pub(crate) fn new(out: &'g mut (dyn Write + Send)) -> Self {
        Self {
            out: HashingWriter::new(out),
            fields: Vec::new(),
            line: Vec::new(),
        }
    }

    fn write(&mut self, line: &Line<'_>) -> io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, line)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)
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
            notice: consent.1.notice().to_string(),
            given_at: instant(consent.1.given_at()),
            collection: consent.1.source(),
            collected_by: consent.1.collected_by().map(str::to_owned),
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
        consent: Option<ConsentRef>,
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
        let (out, sha256) = self.out.finish()?;
        out.flush()?;
        Ok(sha256)
    }
}
