//! The ledger form: a subjects file and a consent-events file, joined by
//! subject id as a stream.

use std::fmt;
use std::io::{BufRead, Read};

use super::column::{Column, EventColumn};
use super::error::ReadError;
use super::memo::Memos;
use super::parse::{self, At, RowText};
use super::read::{CsvTable, Form, JsonTable};
use crate::consents::ConsentEvent;
use crate::record::{Record, SubjectId};

/// The subjects file: the one-row form's columns up to `due_date`.
pub(crate) struct Subjects;

impl Form for Subjects {
    type Column = Column;
    type Item = Record;
    const REQUIRED: &'static [Column] = SUBJECT_COLUMNS;
    fn parse(row: &impl RowText<Column>, at: At, memos: &mut Memos) -> Result<Record, ReadError> {
        parse::person(row, at, crate::consents::Consents::new(), &mut memos.spare)
    }
}

/// The columns of the subjects file.
pub(crate) const SUBJECT_COLUMNS: &[Column] = &[
    Column::SubjectId,
    Column::ParentName,
    Column::AddressLine1,
    Column::AddressLine2,
    Column::Town,
    Column::Postcode,
    Column::Email,
    Column::Phone,
    Column::MotherBirthDate,
    Column::ChildrenUnderFive,
    Column::ChildBirthDates,
    Column::DueDate,
];

/// The events file's columns but the optional ones.
const EVENT_REQUIRED: &[EventColumn] = {
    let all = EventColumn::ALL;
    match all.split_last() {
        Some((EventColumn::CollectedBy, rest)) => rest,
        _ => all,
    }
};

/// The consent-events file.
pub(crate) struct Events;

impl Form for Events {
    type Column = EventColumn;
    type Item = (SubjectId, ConsentEvent);
    const REQUIRED: &'static [EventColumn] = EVENT_REQUIRED;
    fn parse(
        row: &impl RowText<EventColumn>,
        at: At,
        memos: &mut Memos,
    ) -> Result<(SubjectId, ConsentEvent), ReadError> {
        parse::event(row, at, memos)
    }
}

type Boxed<'a, T> = Box<dyn Iterator<Item = Result<T, ReadError>> + Send + 'a>;

/// The rows of a subjects file: one record per subject, with no consent
/// yet ([`read_ledger`] adds the subject's events).
pub struct SubjectRows<'a>(Boxed<'a, Record>);

/// The rows of a consent-events file: each event with its subject.
pub struct EventRows<'a>(Boxed<'a, (SubjectId, ConsentEvent)>);

macro_rules! rows {
    ($ty:ident, $item:ty, $name:literal) => {
        impl Iterator for $ty<'_> {
            type Item = Result<$item, ReadError>;
            fn next(&mut self) -> Option<Self::Item> {
                self.0.next()
            }
        }

        impl fmt::Debug for $ty<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($name)
            }
        }
    };
}

rows!(SubjectRows, Record, "SubjectRows");
rows!(EventRows, (SubjectId, ConsentEvent), "EventRows");

/// Reads a subjects file in CSV.
pub fn read_subjects_csv<'a, R: Read + Send + 'a>(input: R) -> SubjectRows<'a> {
    let mut table = CsvTable::<R, Subjects>::new(input);
    SubjectRows(Box::new(std::iter::from_fn(move || table.next())))
}

/// Reads a subjects file in JSON Lines.
pub fn read_subjects_json_lines<'a, R: BufRead + Send + 'a>(input: R) -> SubjectRows<'a> {
    let mut table = JsonTable::<R, Subjects>::new(input);
    SubjectRows(Box::new(std::iter::from_fn(move || table.next())))
}

/// Reads a consent-events file in CSV.
pub fn read_events_csv<'a, R: Read + Send + 'a>(input: R) -> EventRows<'a> {
    let mut table = CsvTable::<R, Events>::new(input);
    EventRows(Box::new(std::iter::from_fn(move || table.next())))
}

/// Reads a consent-events file in JSON Lines.
pub fn read_events_json_lines<'a, R: BufRead + Send + 'a>(input: R) -> EventRows<'a> {
    let mut table = JsonTable::<R, Events>::new(input);
    EventRows(Box::new(std::iter::from_fn(move || table.next())))
}

/// Joins a subjects file and a consent-events file, both in ascending order
/// of subject id, into records with their ledgers; see the [module
/// docs](crate::crm) for the form.
///
/// It holds one subject's events at a time. An item is one subject's
/// record, or an error:
///
/// * a subject id out of ascending order in the subjects file, or lower
///   than the one before it in the events file, ends the join
///   ([`ReadError::OutOfOrder`]);
/// * an event that cannot be read, or whose subject the subjects file does
///   not hold, is its subject's error in place of the record
///   ([`ReadError::InEvents`], row-level): a subject whose history cannot
///   all be read is not exported from the part that can;
/// * an event for a subject the subjects file does not have is an item of
///   its own ([`ReadError::UnknownSubject`] in [`ReadError::InEvents`]).
pub fn read_ledger<S, E>(subjects: S, events: E) -> LedgerRecords<S::IntoIter, E::IntoIter>
where
    S: IntoIterator<Item = Result<Record, ReadError>>,
    E: IntoIterator<Item = Result<(SubjectId, ConsentEvent), ReadError>>,
{
    LedgerRecords {
        subjects: subjects.into_iter(),
        events: events.into_iter(),
        next_subject: None,
        subjects_done: false,
        next_event: None,
        events_done: false,
        last_subject: None,
        last_event: None,
        subjects_read: 0,
        events_read: 0,
        done: false,
    }
}

/// The iterator of [`read_ledger`]. Its `Debug` shows counts only.
pub struct LedgerRecords<S, E> {
    subjects: S,
    events: E,
    /// The next subject, read ahead.
    next_subject: Option<Result<Record, ReadError>>,
    subjects_done: bool,
    /// The next event, read ahead.
    next_event: Option<Result<(SubjectId, ConsentEvent), ReadError>>,
    events_done: bool,
    last_subject: Option<u64>,
    last_event: Option<u64>,
    subjects_read: u64,
    events_read: u64,
    done: bool,
}

impl<S, E> fmt::Debug for LedgerRecords<S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LedgerRecords")
            .field("subjects_read", &self.subjects_read)
            .field("events_read", &self.events_read)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

/// An error of the events file, as the join reports it.
fn in_events(e: ReadError) -> ReadError {
    ReadError::InEvents(Box::new(e))
}

/// The subject an item is about, where it is known.
fn subject_of<T>(item: &Result<T, ReadError>, id: impl Fn(&T) -> u64) -> Option<u64> {
    match item {
        Ok(value) => Some(id(value)),
        Err(e) => e.subject(),
    }
}

impl<S, E> LedgerRecords<S, E>
where
    S: Iterator<Item = Result<Record, ReadError>>,
    E: Iterator<Item = Result<(SubjectId, ConsentEvent), ReadError>>,
{
    /// Reads the next subject ahead, checking the order.
    fn fill_subject(&mut self) {
        if self.next_subject.is_some() || self.subjects_done {
            return;
        }
        let Some(item) = self.subjects.next() else {
            self.subjects_done = true;
            return;
        };
        self.subjects_read += 1;
        let id = subject_of(&item, |r| r.subject().0);
        let item = match (item, id) {
            (Ok(_), Some(id)) if self.last_subject.is_some_and(|last| id <= last) => {
                Err(ReadError::OutOfOrder {
                    record: self.subjects_read,
                    subject: Some(id),
                })
            }
            (item, _) => item,
        };
        if let Some(id) = id {
            self.last_subject = Some(self.last_subject.map_or(id, |l| l.max(id)));
        }
        self.next_subject = Some(item);
    }

    /// Reads the next event ahead, checking the order.
    fn fill_event(&mut self) {
        if self.next_event.is_some() || self.events_done {
            return;
        }
        let Some(item) = self.events.next() else {
            self.events_done = true;
            return;
        };
        self.events_read += 1;
        let id = subject_of(&item, |(s, _)| s.0);
        let item = match (item, id) {
            (Ok(_), Some(id)) if self.last_event.is_some_and(|last| id < last) => {
                Err(in_events(ReadError::OutOfOrder {
                    record: self.events_read,
                    subject: Some(id),
                }))
            }
            (Err(e), _) => Err(in_events(e)),
            (item, _) => item,
        };
        if let Some(id) = id {
            self.last_event = Some(self.last_event.map_or(id, |l| l.max(id)));
        }
        self.next_event = Some(item);
    }

    fn next_item(&mut self) -> Option<Result<Record, ReadError>> {
        self.fill_subject();
        self.fill_event();
        // The events file as a whole unreadable ends the join.
        if let Some(Err(e)) = &self.next_event
            && !e.is_row_level()
        {
            return self.next_event.take().and_then(Result::err).map(Err);
        }
        if let Some(orphan) = self.take_orphan_event() {
            return Some(orphan);
        }
        let (id, mut record, mut broken) = match self.next_subject.take()? {
            Ok(record) => (Some(record.subject().0), Some(record), None),
            Err(e) if !e.is_row_level() => return Some(Err(e)),
            // The subject's own row is unreadable: its events go with it.
            Err(e) => (e.subject(), None, Some(e)),
        };
        if let Some(id) = id {
            self.gather_events(id, &mut record, &mut broken);
        }
        Some(match (record, broken) {
            (Some(record), None) => Ok(record),
            (_, Some(e)) => Err(e.with_subject(id)),
            // A subject is read as a record or as an error; never neither.
            (None, None) => Err(ReadError::OutOfOrder {
                record: self.subjects_read,
                subject: id,
            }),
        })
    }

    /// An event row whose subject cannot be read, or an event before the
    /// next subject (or after the last): no subject of the file takes it,
    /// and it is reported on its own.
    fn take_orphan_event(&mut self) -> Option<Result<Record, ReadError>> {
        let upcoming = self
            .next_subject
            .as_ref()
            .map(|item| subject_of(item, |r| r.subject().0));
        let event = self
            .next_event
            .as_ref()
            .map(|item| subject_of(item, |(s, _)| s.0));
        let orphan = match (event, upcoming) {
            (Some(None), _) | (Some(Some(_)), None) => true,
            (Some(Some(id)), Some(Some(next))) => id < next,
            _ => false,
        };
        if !orphan {
            return None;
        }
        let record = self.events_read;
        self.next_event.take().map(|item| {
            Err(match item {
                Ok((subject, _)) => in_events(ReadError::UnknownSubject {
                    record,
                    subject: Some(subject.0),
                }),
                Err(e) => e,
            })
        })
    }

    /// Gives subject `id`'s events to its record, in file order; an event
    /// that cannot be read spoils the record (`broken`): a history read in
    /// part may have lost its withdrawal.
    fn gather_events(
        &mut self,
        id: u64,
        record: &mut Option<Record>,
        broken: &mut Option<ReadError>,
    ) {
        loop {
            self.fill_event();
            let next = self
                .next_event
                .as_ref()
                .map(|item| subject_of(item, |(s, _)| s.0));
            if next != Some(Some(id)) {
                return;
            }
            match self.next_event.take() {
                Some(Ok((_, event))) => {
                    if let Some(record) = record.as_mut() {
                        record.consents.record(event);
                    }
                }
                Some(Err(e)) if e.is_row_level() => {
                    broken.get_or_insert(e);
                }
                other => {
                    self.next_event = other;
                    return;
                }
            }
        }
    }
}

impl<S, E> Iterator for LedgerRecords<S, E>
where
    S: Iterator<Item = Result<Record, ReadError>>,
    E: Iterator<Item = Result<(SubjectId, ConsentEvent), ReadError>>,
{
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.next_item();
        self.done = item
            .as_ref()
            .is_none_or(|r| r.as_ref().is_err_and(|e| !e.is_row_level()));
        item
    }
}
