//! From the text of one row to a [`Record`]: the one place that knows the
//! CRM format's encodings, for CSV and JSON Lines alike.

use chrono::{DateTime, NaiveDate, Utc};

use super::column::{Column, ColumnSet, EventColumn};
use super::error::{FieldProblem, ReadError};
use super::memo::Memos;
use super::spare::Spare;
use crate::category::Categories;
use crate::consents::{ChangeKind, ConsentChange, ConsentEvent, Consents};
use crate::gated::Gated;
use crate::notice::NoticeVersion;
use crate::purpose::Purposes;
use crate::record::{Record, SubjectId};
use crate::scope::{ConsentScope, ConsentSource, ScopeError};

mod text;

pub(crate) use text::*;

/// The text of one row's fields, however it was read.
pub(crate) trait RowText<C = Column> {
    /// The text of a column, or the error naming it.
    fn text(&self, column: C) -> Result<&str, ReadError>;
}

/// Where the row is, for errors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At {
    pub(crate) line: u64,
    pub(crate) record: u64,
}

impl At {
    pub(crate) fn field<C: ColumnSet>(self, column: C, problem: FieldProblem) -> ReadError {
        ReadError::Field {
            line: self.line,
            record: self.record,
            field: column.name(),
            problem,
            subject: None,
        }
    }
}

/// The text of a column a file may leave out: empty where it did.
fn optional_column<C: ColumnSet>(row: &impl RowText<C>, column: C) -> Result<&str, ReadError> {
    match row.text(column) {
        Err(ReadError::Field {
            problem: FieldProblem::Missing,
            ..
        }) => Ok(""),
        text => text,
    }
}

/// Reads one column's text with `f`, naming the column in its error.
#[inline(always)]
fn field<'r, T, C: ColumnSet>(
    row: &'r impl RowText<C>,
    at: At,
    column: C,
    f: impl FnOnce(&'r str) -> Result<T, FieldProblem>,
) -> Result<T, ReadError> {
    f(row.text(column)?).map_err(|p| at.field(column, p))
}

/// Reads a `subject_id` field's text.
pub(crate) fn subject_id(text: &str) -> Option<u64> {
    trim(text).parse::<SubjectId>().ok().map(|id| id.0)
}

/// Reads one row into a record; a row-level error carries the row's
/// subject where its `subject_id` can be read.
pub(crate) fn record(row: &impl RowText, at: At, memos: &mut Memos) -> Result<Record, ReadError> {
    let (consent, person) = read_row(row, at, memos)?;
    Ok(person.into_record(consent.into(), &mut memos.spare))
}

/// Reads one row over `record`, a record its reader's user is done with:
/// each of its values is written over, in the memory it holds, once the
/// whole row is read. On an error, `record` is as it was.
pub(crate) fn record_over(
    row: &impl RowText,
    at: At,
    memos: &mut Memos,
    record: &mut Record,
) -> Result<(), ReadError> {
    let (consent, person) = read_row(row, at, memos)?;
    person.write_over(consent.into(), record, &mut memos.spare);
    Ok(())
}

/// Reads and checks one row's consent and person, writing them nowhere
/// yet; an error carries the row's subject where its `subject_id` can be
/// read.
fn read_row<'r>(
    row: &'r impl RowText,
    at: At,
    memos: &mut Memos,
) -> Result<(ConsentScope, Person<'r>), ReadError> {
    let consent = scope(row, at, memos, &ONE_ROW).map_err(|e| row_error(row, e))?;
    let person = read_person(row, at, &mut memos.spare).map_err(|e| row_error(row, e))?;
    Ok((consent, person))
}

/// A row-level error, with the row's subject where its `subject_id` can
/// be read.
#[cold]
fn row_error(row: &impl RowText, e: ReadError) -> ReadError {
    let subject = row.text(Column::SubjectId).ok().and_then(subject_id);
    e.with_subject(subject)
}

/// Reads the person's columns of a row (the one-row form's, or the ledger
/// form's subjects file) into a record with no consent yet, its strings
/// written into the memory of a record given back where there is one.
///
/// The record is written as one struct expression, not through
/// [`Record::builder`]: each builder call moves the whole record, and a
/// reader builds millions.
pub(crate) fn person(
    row: &impl RowText,
    at: At,
    consents: Consents,
    spare: &mut Spare,
) -> Result<Record, ReadError> {
    Ok(read_person(row, at, spare)?.into_record(consents, spare))
}

/// The person's columns of a row, read and checked, written nowhere yet.
struct Person<'r> {
    subject: SubjectId,
    parent_name: &'r str,
    address: [&'r str; 4],
    email: Option<&'r str>,
    phone: Option<&'r str>,
    mother_birth_date: Option<NaiveDate>,
    children_under_five: bool,
    child_birth_dates: Vec<NaiveDate>,
    due_date: Option<NaiveDate>,
}

/// Reads and checks the person's columns of a row; the birth dates of
/// children go into a list from `spare`.
fn read_person<'r>(
    row: &'r impl RowText,
    at: At,
    spare: &mut Spare,
) -> Result<Person<'r>, ReadError> {
    let get = |column| row.text(column);

    let subject = field(row, at, Column::SubjectId, |s| {
        subject_id(s).map(SubjectId).ok_or(FieldProblem::Number)
    })?;
    let parent_name = field(row, at, Column::ParentName, required)?;
    let address = [
        get(Column::AddressLine1)?,
        get(Column::AddressLine2)?,
        get(Column::Town)?,
        field(row, at, Column::Postcode, postcode)?,
    ];
    let (email, phone) = (optional(get(Column::Email)?), optional(get(Column::Phone)?));
    let mother_birth_date = field(row, at, Column::MotherBirthDate, optional_date)?;
    let children_under_five = field(row, at, Column::ChildrenUnderFive, boolean)?;
    let mut child_birth_dates = spare.child_birth_dates();
    field(row, at, Column::ChildBirthDates, |s| {
        dates(s, &mut child_birth_dates)
    })?;
    let due_date = field(row, at, Column::DueDate, optional_date)?;
    Ok(Person {
        subject,
        parent_name,
        address,
        email,
        phone,
        mother_birth_date,
        children_under_five,
        child_birth_dates,
        due_date,
    })
}

impl Person<'_> {
    /// A new record of these values, its strings written into the memory
    /// of a record given back where there is one.
    fn into_record(self, consents: Consents, spare: &mut Spare) -> Record {
        Record {
            subject: self.subject,
            parent_name: Gated::new(spare.parent_name(self.parent_name)),
            address: Gated::new(spare.address(self.address)),
            email: Gated::from_option(self.email.map(|e| spare.email(e))),
            phone: Gated::from_option(self.phone.map(|p| spare.phone(p))),
            mother_birth_date: Gated::from_option(self.mother_birth_date),
            children_under_five: Gated::new(self.children_under_five),
            child_birth_dates: Gated::new(self.child_birth_dates),
            due_date: Gated::from_option(self.due_date),
            consents,
            extra: (),
        }
    }

    /// These values written over `record`'s, every one of them, each
    /// string cleared before it is written (or its memory kept in `spare`
    /// where the value is absent): nothing of the record before is left.
    /// The pattern names every field, so that a field added to [`Record`]
    /// cannot be left out.
    fn write_over(self, consents: Consents, record: &mut Record, spare: &mut Spare) {
        let Record {
            subject,
            parent_name,
            address,
            email,
            phone,
            mother_birth_date,
            children_under_five,
            child_birth_dates,
            due_date,
            consents: held_consents,
            extra: (),
        } = record;
        *subject = self.subject;
        spare.parent_name_over(parent_name.storage_mut(), self.parent_name);
        spare.address_over(address.storage_mut(), self.address);
        spare.email_over(email.storage_mut(), self.email);
        spare.phone_over(phone.storage_mut(), self.phone);
        *mother_birth_date = Gated::from_option(self.mother_birth_date);
        *children_under_five = Gated::new(self.children_under_five);
        spare.child_birth_dates_over(child_birth_dates.storage_mut(), self.child_birth_dates);
        *due_date = Gated::from_option(self.due_date);
        *held_consents = consents;
    }
}

/// Where a form keeps the parts of a consent given.
struct ScopeColumns<C> {
    purposes: C,
    notice: C,
    given_at: C,
    categories: C,
    collection: C,
    collected_by: C,
    existing_customer: C,
    opt_out_offered: C,
    parental_consent: C,
    recipients: C,
    expires_at: C,
    /// The one-row form's withdrawal of the whole consent; the events file
    /// records withdrawals as events of their own.
    withdrawn_at: Option<C>,
}

const ONE_ROW: ScopeColumns<Column> = ScopeColumns {
    purposes: Column::Purposes,
    notice: Column::NoticeVersion,
    given_at: Column::ConsentGivenAt,
    categories: Column::Categories,
    collection: Column::Collection,
    collected_by: Column::CollectedBy,
    existing_customer: Column::ExistingCustomer,
    opt_out_offered: Column::OptOutOffered,
    parental_consent: Column::ParentalConsent,
    recipients: Column::Recipients,
    expires_at: Column::ConsentExpiresAt,
    withdrawn_at: Some(Column::ConsentWithdrawnAt),
};

const EVENT: ScopeColumns<EventColumn> = ScopeColumns {
    purposes: EventColumn::Purposes,
    notice: EventColumn::NoticeVersion,
    given_at: EventColumn::At,
    categories: EventColumn::Categories,
    collection: EventColumn::Collection,
    collected_by: EventColumn::CollectedBy,
    existing_customer: EventColumn::ExistingCustomer,
    opt_out_offered: EventColumn::OptOutOffered,
    parental_consent: EventColumn::ParentalConsent,
    recipients: EventColumn::Recipients,
    expires_at: EventColumn::ExpiresAt,
    withdrawn_at: None,
};

fn scope<C: ColumnSet>(
    row: &impl RowText<C>,
    at: At,
    memos: &mut Memos,
    c: &ScopeColumns<C>,
) -> Result<ConsentScope, ReadError> {
    let notice = field(row, at, c.notice, notice_version)?;
    let mut builder = ConsentScope::builder(
        field(row, at, c.purposes, |s| memos.purposes.get(s, purposes))?,
        notice,
        field(row, at, c.given_at, instant)?,
    )
    .categories(field(row, at, c.categories, |s| {
        memos.categories.get(s, categories)
    })?)
    .source(field(row, at, c.collection, collection)?)
    .collected_by(optional_column(row, c.collected_by)?)
    .existing_customer(field(row, at, c.existing_customer, boolean)?)
    .opt_out_offered(field(row, at, c.opt_out_offered, boolean)?)
    .parental_consent(field(row, at, c.parental_consent, boolean)?);
    for name in list(row.text(c.recipients)?) {
        builder = builder.recipient(name);
    }
    if let Some(at) = field(row, at, c.expires_at, optional_instant)? {
        builder = builder.expires_at(at);
    }
    if let Some(column) = c.withdrawn_at
        && let Some(at) = field(row, at, column, optional_instant)?
    {
        builder = builder.withdrawn_at(at);
    }
    builder.build().map_err(|e| {
        let column = match e {
            ScopeError::WithdrawnBeforeGiven { .. } => c.withdrawn_at.unwrap_or(c.given_at),
            ScopeError::ExpiresBeforeGiven { .. } => c.expires_at,
            ScopeError::BlankRecipient { .. } => c.recipients,
            ScopeError::CollectorOfDirectConsent => c.collected_by,
        };
        at.field(column, e.into())
    })
}

/// Reads one row of the consent-events file.
pub(crate) fn event(
    row: &impl RowText<EventColumn>,
    at: At,
    memos: &mut Memos,
) -> Result<(SubjectId, ConsentEvent), ReadError> {
    let subject = field(row, at, EventColumn::SubjectId, |s| {
        subject_id(s).map(SubjectId).ok_or(FieldProblem::Number)
    })?;
    let kind = field(row, at, EventColumn::Event, |s| match trim(s) {
        "given" => Ok(None),
        "refused" => Ok(Some(ChangeKind::Refused)),
        "withdrawn" => Ok(Some(ChangeKind::Withdrawn)),
        "objected" => Ok(Some(ChangeKind::Objected)),
        _ => Err(FieldProblem::UnknownEvent),
    })?;
    let when = field(row, at, EventColumn::At, instant)?;
    // A refusal or withdrawal of nothing would change nothing: a list left
    // empty is an error, not a no-op. An objection covers every marketing
    // purpose, whatever the list says.
    let named = |memos: &mut Memos| {
        field(row, at, EventColumn::Purposes, |s| {
            let p = memos.purposes.get(s, purposes)?;
            if p.is_empty() {
                Err(FieldProblem::Empty)
            } else {
                Ok(p)
            }
        })
    };
    let event = match kind {
        None => {
            named(memos)?;
            ConsentEvent::Given(scope(row, at, memos, &EVENT)?)
        }
        Some(ChangeKind::Refused) => {
            ConsentEvent::Changed(ConsentChange::refused(named(memos)?, when))
        }
        Some(ChangeKind::Withdrawn) => {
            ConsentEvent::Changed(ConsentChange::withdrawn(named(memos)?, when))
        }
        Some(ChangeKind::Objected) => ConsentEvent::Changed(ConsentChange::objected(when)),
    };
    Ok((subject, event))
}

#[cfg(test)]
mod tests;
