//! [`SubjectRow`] and [`EventRow`]: the ledger form's two files as plain
//! text, for writing them.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::column::{Column, EventColumn};
use super::row::CrmRow;
use crate::gated::REDACTED;

super::row::text_row! {
    /// One row of the ledger form's subjects file, every field as text. Field
    /// order is the file's column order.
    #[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[allow(missing_docs)]
    pub struct SubjectRow { person }
}

super::row::text_row! {
    /// One row of the ledger form's consent-events file, every field as
    /// text. Field order is the file's column order
    /// ([`EventColumn::ALL`](super::EventColumn::ALL)).
    #[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[allow(missing_docs)]
    pub struct EventRow {
        subject_id, event, at, purposes, notice_version, categories, recipients, expires_at,
        source,
    }
    optional collected_by
}

/// `Debug` as [`CrmRow`]'s: the subject id where it is a number, and
/// `[redacted]` for every other field.
fn redacted(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    subject_id: &str,
    others: &[&str],
) -> fmt::Result {
    let mut shown = f.debug_struct(name);
    if subject_id.trim().parse::<u64>().is_ok() {
        shown.field("subject_id", &subject_id);
    } else {
        shown.field("subject_id", &format_args!("{REDACTED}"));
    }
    for other in others {
        shown.field(other, &format_args!("{REDACTED}"));
    }
    shown.finish()
}

impl fmt::Debug for SubjectRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let others: Vec<_> = super::ledger::SUBJECT_COLUMNS
            .iter()
            .skip(1)
            .map(|c| c.name())
            .collect();
        redacted(f, "SubjectRow", &self.subject_id, &others)
    }
}

impl fmt::Debug for EventRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let others = EventColumn::ALL
            .iter()
            .skip(1)
            .map(|c| c.name())
            .collect::<Vec<_>>();
        redacted(f, "EventRow", &self.subject_id, &others)
    }
}

impl SubjectRow {
    /// The text of a column of the subjects file; empty for a column it
    /// does not have.
    pub fn get(&self, column: Column) -> &str {
        super::row::person_column! { self, column, _ => "" }
    }
}

impl CrmRow {
    /// The same subject in the ledger form: its subjects-file row, and its
    /// events (the consent given, and its withdrawal of every purpose it
    /// gave, if the row records one). Read back through
    /// [`read_ledger`](super::read_ledger), the subject's record decides as
    /// this row's does.
    pub fn to_ledger(&self) -> (SubjectRow, Vec<EventRow>) {
        let subject = SubjectRow {
            subject_id: self.subject_id.clone(),
            parent_name: self.parent_name.clone(),
            address_line1: self.address_line1.clone(),
            address_line2: self.address_line2.clone(),
            town: self.town.clone(),
            postcode: self.postcode.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            mother_birth_date: self.mother_birth_date.clone(),
            children_under_five: self.children_under_five.clone(),
            child_birth_dates: self.child_birth_dates.clone(),
            due_date: self.due_date.clone(),
        };
        let given = EventRow {
            subject_id: self.subject_id.clone(),
            event: "given".to_owned(),
            at: self.consent_given_at.clone(),
            purposes: self.purposes.clone(),
            notice_version: self.notice_version.clone(),
            categories: self.categories.clone(),
            recipients: self.recipients.clone(),
            expires_at: self.consent_expires_at.clone(),
            collection: self.collection.clone(),
            existing_customer: self.existing_customer.clone(),
            opt_out_offered: self.opt_out_offered.clone(),
            parental_consent: self.parental_consent.clone(),
            collected_by: self.collected_by.clone(),
        };
        let mut events = vec![given];
        if !self.consent_withdrawn_at.trim().is_empty() {
            events.push(EventRow {
                subject_id: self.subject_id.clone(),
                event: "withdrawn".to_owned(),
                at: self.consent_withdrawn_at.clone(),
                purposes: self.purposes.clone(),
                ..EventRow::default()
            });
        }
        (subject, events)
    }
}
