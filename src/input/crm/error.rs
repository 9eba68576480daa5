//! Errors of reading the CRM format.

use super::key_path::KeyPath;
use crate::scope::ScopeError;
use crate::standards::UnmappedTerm;

/// What is wrong with one field's text. Messages never repeat the text:
/// a value typed into the wrong column (an e-mail address in `purposes`,
/// say) must not come back in a log. They name the field and, in a list,
/// the item's position, and quote only names from the crate's own lists.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FieldProblem {
    /// A required field is empty.
    #[error("is empty")]
    Empty,
    /// A JSON object lacks the key.
    #[error("is missing")]
    Missing,
    /// Not a `YYYY-MM-DD` date.
    #[error("is not a date (YYYY-MM-DD)")]
    Date,
    /// Not an RFC 3339 instant.
    #[error("is not an RFC 3339 instant")]
    Instant,
    /// Not a whole number.
    #[error("is not a whole number")]
    Number,
    /// Not `true` or `false`.
    #[error("is not `true` or `false`")]
    Bool,
    /// Not a UK postcode (`LS1 4PL`, with or without its space, in any
    /// case), where there is one.
    #[error("is not a UK postcode")]
    Postcode,
    /// An item of a purpose list that is not a purpose name. The item is
    /// counted, not quoted: whatever was typed there is not repeated.
    #[error(
        "item {item} is not a purpose name (expected {})",
        crate::purpose::expected_names()
    )]
    UnknownPurpose {
        /// Its position among the list's non-empty items, from 1.
        item: usize,
    },
    /// An item of a category list that is not a category name.
    #[error(
        "item {item} is not a category name (expected a built-in category's name or `custom_0` to `custom_15`)"
    )]
    UnknownCategory {
        /// Its position among the list's non-empty items, from 1.
        item: usize,
    },
    /// Not `given`, `refused`, `withdrawn` or `objected`.
    #[error("is not an event: expected `given`, `refused`, `withdrawn` or `objected`")]
    UnknownEvent,
    /// Neither `direct` nor `third_party`.
    #[error("is not a collection: expected `direct` or `third_party`")]
    UnknownCollection,
    /// The consent's dates or names contradict each other.
    #[error(transparent)]
    Scope(#[from] ScopeError),
    /// A value of the wrong JSON type.
    #[error("is not {expected}")]
    WrongType {
        /// What it should be.
        expected: &'static str,
    },
    /// A consent platform's name (a purpose, a data category) that the
    /// broker's configuration does not map for that platform
    /// ([`Platforms`](crate::platforms::Platforms)). Not repeated: it is
    /// the platform's text.
    #[error("is a {what} name the configuration's `platforms` does not map")]
    UnmappedName {
        /// What kind of name: `purpose`, `category`.
        what: &'static str,
    },
    /// A vocabulary's term with no exact equivalent in the crate and no
    /// mapping in the configuration.
    #[error(transparent)]
    UnmappedTerm(#[from] UnmappedTerm),
    /// A notice named by a text none of the broker's notices has among
    /// its `ids`, or no notice at all.
    #[error("names no notice of the broker's (see `notices[].ids` in the configuration)")]
    UnknownNotice,
    /// A consent status or event the crate does not know.
    #[error("is not a consent status the crate knows")]
    UnknownStatus,
    /// A record naming controllers among which the broker is not: it is
    /// not a consent given to the broker.
    #[error("does not name the broker as a controller")]
    OtherController,
    /// A record of a format or schema version the crate does not read.
    #[error("is not a version of the format the crate reads")]
    UnknownVersion,
    /// A duration or end the crate cannot compute (an event, a count of
    /// uses, a time of day): a consent whose end cannot be known is not
    /// relied on.
    #[error("is not an end or duration the crate can compute")]
    Duration,
    /// The record contradicts itself.
    #[error("contradicts the record: {why}")]
    Contradiction {
        /// What contradicts what.
        why: &'static str,
    },
}

/// Why a record could not be read. Each row-level variant names the line
/// (1 is the CSV header), the record (1 is the first data row) and, where
/// there is one, the field.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The CSV header lacks a column: the input as a whole is unreadable.
    #[error("line {line}: missing column `{column}`")]
    MissingColumn {
        /// The line.
        line: u64,
        /// The column's name.
        column: &'static str,
    },
    /// The CSV header names a column twice: which one the reader would use
    /// is anybody's guess, so the input as a whole is unreadable.
    #[error("line {line}: column `{column}` appears twice in the header")]
    DuplicateColumn {
        /// The line.
        line: u64,
        /// The column's name.
        column: &'static str,
    },
    /// One field's text is wrong.
    #[error("line {line} (record {record}), field `{field}`: {problem}")]
    Field {
        /// The line.
        line: u64,
        /// The record number.
        record: u64,
        /// The row's `subject_id`, where it could be read: a row set aside
        /// still marks its subject as seen (see [`Duplicates`](crate::export::Duplicates)).
        subject: Option<u64>,
        /// The field's name.
        field: &'static str,
        /// What is wrong.
        problem: FieldProblem,
    },
    /// One value of a nested JSON record (a consent platform's) is wrong.
    #[error("line {line} (record {record}), key `{key}`: {problem}")]
    Key {
        /// The line.
        line: u64,
        /// The record number.
        record: u64,
        /// The record's subject, where it could be read.
        subject: Option<u64>,
        /// Where in the record.
        key: KeyPath,
        /// What is wrong.
        problem: FieldProblem,
    },
    /// A field (CSV) or a line (JSON Lines) is not UTF-8.
    #[error("line {line} (record {record}), field `{field}`: not valid UTF-8")]
    NotUtf8 {
        /// The line.
        line: u64,
        /// The record number.
        record: u64,
        /// The row's `subject_id`, where it could be read: a row set aside
        /// still marks its subject as seen (see [`Duplicates`](crate::export::Duplicates)).
        subject: Option<u64>,
        /// The field's name, or `line` for a whole JSON line.
        field: &'static str,
    },
    /// A CSV row has another number of fields than the header: a truncated
    /// or ragged row.
    #[error(
        "line {line} (record {record}): truncated or ragged row: {found} fields, the header has {expected}"
    )]
    Ragged {
        /// The line.
        line: u64,
        /// The record number.
        record: u64,
        /// The row's `subject_id`, where it could be read: a row set aside
        /// still marks its subject as seen (see [`Duplicates`](crate::export::Duplicates)).
        subject: Option<u64>,
        /// Fields in the header.
        expected: u64,
        /// Fields in the row.
        found: u64,
    },
    /// A JSON line gives one key twice: which value the reader would use
    /// is anybody's guess, as with a CSV column named twice.
    #[error("line {line} (record {record}): key `{field}` appears twice")]
    DuplicateKey {
        /// The line.
        line: u64,
        /// The record number.
        record: u64,
        /// The row's `subject_id`, where it could be read.
        subject: Option<u64>,
        /// The key.
        field: &'static str,
    },
    /// A carriage return inside a CSV record, not part of a CRLF line end:
    /// a line end mistaken for one, or text that cannot be told from it.
    #[error("line {line} (record {record}): a carriage return inside the record")]
    BareCarriageReturn {
        /// The line.
        line: u64,
        /// The record number.
        record: u64,
        /// The row's `subject_id`, where it could be read: a row set aside
        /// still marks its subject as seen (see [`Duplicates`](crate::export::Duplicates)).
        subject: Option<u64>,
    },
    /// The input ends in the middle of its last record: a JSON line cut
    /// in its object, or a CSV record with no line end.
    #[error("line {line} (record {record}): truncated last line")]
    Truncated {
        /// The line.
        line: u64,
        /// The record number.
        record: u64,
        /// The row's `subject_id`, where it could be read: a row set aside
        /// still marks its subject as seen (see [`Duplicates`](crate::export::Duplicates)).
        subject: Option<u64>,
    },
    /// A JSON line is not a JSON object of strings.
    #[error("line {line} (record {record}): malformed JSON at column {column}")]
    Json {
        /// The line.
        line: u64,
        /// The record number.
        record: u64,
        /// The row's `subject_id`, where it could be read: a row set aside
        /// still marks its subject as seen (see [`Duplicates`](crate::export::Duplicates)).
        subject: Option<u64>,
        /// The column (character position) of the fault.
        column: u64,
    },
    /// A subject id lower than the one before it (in the ledger form's
    /// subjects file, or no higher): the two files are joined as streams,
    /// sorted by subject id, and cannot be joined out of order.
    #[error("record {record}: subject ids out of ascending order")]
    OutOfOrder {
        /// The row (1 is the first data row) of its file.
        record: u64,
        /// The subject id.
        subject: Option<u64>,
    },
    /// An event for a subject the subjects file does not hold.
    #[error("record {record}: an event for a subject the subjects file does not hold")]
    UnknownSubject {
        /// The row (1 is the first data row) of the events file.
        record: u64,
        /// The subject id.
        subject: Option<u64>,
    },
    /// An error of the ledger form's consent-events file, reported by the
    /// join in its place: the subject whose event it is, or the event
    /// alone.
    #[error("events file: {0}")]
    InEvents(Box<ReadError>),
    /// The input could not be read at all; not a row's fault.
    #[error("reading the input: {0}")]
    Io(#[from] std::io::Error),
}

impl FieldProblem {
    /// A stable snake_case code for the kind of problem, as receipts list
    /// it.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Missing => "missing",
            Self::Date => "not_a_date",
            Self::Instant => "not_an_instant",
            Self::Number => "not_a_number",
            Self::Bool => "not_a_boolean",
            Self::Postcode => "not_a_postcode",
            Self::UnknownPurpose { .. } => "unknown_purpose",
            Self::UnknownCategory { .. } => "unknown_category",
            Self::UnknownCollection => "unknown_collection",
            Self::UnknownEvent => "unknown_event",
            Self::Scope(_) => "contradictory_consent",
            Self::WrongType { .. } => "wrong_type",
            Self::UnmappedName { .. } => "unmapped_name",
            Self::UnmappedTerm(_) => "unmapped_term",
            Self::UnknownNotice => "unknown_notice",
            Self::UnknownStatus => "unknown_status",
            Self::OtherController => "other_controller",
            Self::UnknownVersion => "unknown_format_version",
            Self::Duration => "not_a_duration",
            Self::Contradiction { .. } => "contradictory_record",
        }
    }
}

/// The pattern of every row-level error, binding its `subject` to the
/// name given: one list, so that reading and setting a row's subject can
/// never disagree on which errors have one.
macro_rules! row_error {
    ($subject:ident) => {
        Self::Field { $subject, .. }
            | Self::Key { $subject, .. }
            | Self::NotUtf8 { $subject, .. }
            | Self::Ragged { $subject, .. }
            | Self::Truncated { $subject, .. }
            | Self::BareCarriageReturn { $subject, .. }
            | Self::DuplicateKey { $subject, .. }
            | Self::OutOfOrder { $subject, .. }
            | Self::UnknownSubject { $subject, .. }
            | Self::Json { $subject, .. }
    };
}

impl ReadError {
    /// A stable snake_case code for the kind of error, as receipts list
    /// it: the field problem's for a field, else the error's own.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingColumn { .. } => "missing_column",
            Self::DuplicateColumn { .. } => "duplicate_column",
            Self::Field { problem, .. } | Self::Key { problem, .. } => problem.code(),
            Self::NotUtf8 { .. } => "not_utf8",
            Self::Ragged { .. } => "ragged",
            Self::Truncated { .. } => "truncated",
            Self::BareCarriageReturn { .. } => "bare_carriage_return",
            Self::Json { .. } => "malformed_json",
            Self::DuplicateKey { .. } => "duplicate_key",
            Self::OutOfOrder { .. } => "out_of_order",
            Self::UnknownSubject { .. } => "unknown_subject",
            Self::InEvents(e) => e.code(),
            Self::Io(_) => "io",
        }
    }

    /// The field the error is in, where it is one field's.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Field { field, .. }
            | Self::NotUtf8 { field, .. }
            | Self::DuplicateKey { field, .. } => Some(field),
            Self::Key { key, .. } => key.leaf(),
            Self::InEvents(e) => e.field(),
            _ => None,
        }
    }

    /// Whether the error belongs to one row, which an export may set aside
    /// and go on; otherwise the input as a whole is unreadable.
    pub fn is_row_level(&self) -> bool {
        match self {
            Self::InEvents(e) => e.is_row_level(),
            _ => !matches!(
                self,
                Self::Io(_)
                    | Self::MissingColumn { .. }
                    | Self::DuplicateColumn { .. }
                    | Self::OutOfOrder { .. }
            ),
        }
    }

    /// Whether the error is one of the ledger form's consent-events file.
    pub fn in_events(&self) -> bool {
        matches!(self, Self::InEvents(_))
    }

    /// The `subject_id` of the row the error is in, where the reader could
    /// read it. An export counts a row set aside under its subject, so that
    /// a subject's unreadable row (its withdrawal, perhaps) is never
    /// forgotten while another of its rows is exported.
    pub fn subject(&self) -> Option<u64> {
        match self {
            row_error!(subject) => *subject,
            Self::InEvents(e) => e.subject(),
            _ => None,
        }
    }

    /// Sets the subject of a row-level error whose row's `subject_id` was
    /// read after the error was made.
    pub(crate) fn with_subject(mut self, id: Option<u64>) -> Self {
        self.set_subject(id);
        self
    }

    pub(crate) fn set_subject(&mut self, id: Option<u64>) {
        match self {
            row_error!(subject) => *subject = subject.or(id),
            Self::InEvents(e) => e.set_subject(id),
            _ => {}
        }
    }

    /// The same error again, for each of several exports that read one
    /// input ([`BuyerJobs`](crate::export::BuyerJobs)). An I/O error keeps
    /// its kind and message.
    pub(crate) fn duplicate(&self) -> Self {
        match self {
            Self::MissingColumn { line, column } => Self::MissingColumn {
                line: *line,
                column,
            },
            Self::DuplicateColumn { line, column } => Self::DuplicateColumn {
                line: *line,
                column,
            },
            Self::Field {
                line,
                record,
                subject,
                field,
                problem,
            } => Self::Field {
                line: *line,
                record: *record,
                subject: *subject,
                field,
                problem: problem.clone(),
            },
            Self::Key {
                line,
                record,
                subject,
                key,
                problem,
            } => Self::Key {
                line: *line,
                record: *record,
                subject: *subject,
                key: key.clone(),
                problem: problem.clone(),
            },
            Self::NotUtf8 {
                line,
                record,
                subject,
                field,
            } => Self::NotUtf8 {
                line: *line,
                record: *record,
                subject: *subject,
                field,
            },
            Self::Ragged {
                line,
                record,
                subject,
                expected,
                found,
            } => Self::Ragged {
                line: *line,
                record: *record,
                subject: *subject,
                expected: *expected,
                found: *found,
            },
            Self::DuplicateKey {
                line,
                record,
                subject,
                field,
            } => Self::DuplicateKey {
                line: *line,
                record: *record,
                subject: *subject,
                field,
            },
            Self::BareCarriageReturn {
                line,
                record,
                subject,
            } => Self::BareCarriageReturn {
                line: *line,
                record: *record,
                subject: *subject,
            },
            Self::Truncated {
                line,
                record,
                subject,
            } => Self::Truncated {
                line: *line,
                record: *record,
                subject: *subject,
            },
            Self::Json {
                line,
                record,
                subject,
                column,
            } => Self::Json {
                line: *line,
                record: *record,
                subject: *subject,
                column: *column,
            },
            Self::OutOfOrder { record, subject } => Self::OutOfOrder {
                record: *record,
                subject: *subject,
            },
            Self::UnknownSubject { record, subject } => Self::UnknownSubject {
                record: *record,
                subject: *subject,
            },
            Self::InEvents(e) => Self::InEvents(Box::new(e.duplicate())),
            Self::Io(e) => Self::Io(std::io::Error::new(e.kind(), e.to_string())),
        }
    }

    /// The line the error is on, where it has one.
    pub fn line(&self) -> Option<u64> {
        match self {
            Self::MissingColumn { line, .. }
            | Self::DuplicateColumn { line, .. }
            | Self::Field { line, .. }
            | Self::Key { line, .. }
            | Self::NotUtf8 { line, .. }
            | Self::Ragged { line, .. }
            | Self::Truncated { line, .. }
            | Self::BareCarriageReturn { line, .. }
            | Self::DuplicateKey { line, .. }
            | Self::Json { line, .. } => Some(*line),
            Self::InEvents(e) => e.line(),
            Self::OutOfOrder { .. } | Self::UnknownSubject { .. } | Self::Io(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A subject read after the error was made reaches the error inside an
    /// events-file error too, and never replaces one already known.
    #[test]
    fn a_subject_set_later_reaches_an_events_files_error() {
        let truncated = |subject| ReadError::Truncated {
            line: 3,
            record: 2,
            subject,
        };
        let inner = ReadError::InEvents(Box::new(truncated(None)));
        let set = inner.with_subject(Some(7));
        assert_eq!(set.subject(), Some(7));
        assert!(set.in_events());
        let known = ReadError::InEvents(Box::new(truncated(Some(5))));
        assert_eq!(known.with_subject(Some(7)).subject(), Some(5));
        // Errors of the whole input have no subject to set.
        let whole = ReadError::Io(std::io::Error::other("gone")).with_subject(Some(7));
        assert_eq!(whole.subject(), None);
    }
}
