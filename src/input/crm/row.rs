//! [`CrmRow`]: one row of the CRM format as plain text, for writing dumps.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::column::Column;
use super::error::ReadError;
use super::parse::RowText;
use crate::gated::REDACTED;

/// A struct of text fields, one per column, in the file's order: a group
/// name stands for its columns (`person`: `subject_id` to `due_date`;
/// `source`: how the consent came, `collection` to `parental_consent`),
/// and `optional` names a last column that older files do not have. One
/// list of each group for the one-row dump and the ledger form's files.
macro_rules! text_row {
    (
        $(#[$attr:meta])*
        pub struct $name:ident { $($column:ident),* $(,)? }
        $(optional $optional:ident)?
    ) => {
        $crate::input::crm::row::text_row!(@expand [$(#[$attr])*] $name [] [$($column)*] [$($optional)?]);
    };
    (@expand $attrs:tt $name:ident [$($field:ident)*] [person $($rest:ident)*] $optional:tt) => {
        $crate::input::crm::row::text_row!(@expand $attrs $name [$($field)*
            subject_id parent_name address_line1 address_line2 town postcode email phone
            mother_birth_date children_under_five child_birth_dates due_date
        ] [$($rest)*] $optional);
    };
    (@expand $attrs:tt $name:ident [$($field:ident)*] [source $($rest:ident)*] $optional:tt) => {
        $crate::input::crm::row::text_row!(@expand $attrs $name [$($field)*
            collection existing_customer opt_out_offered parental_consent
        ] [$($rest)*] $optional);
    };
    (@expand $attrs:tt $name:ident [$($field:ident)*] [$next:ident $($rest:ident)*] $optional:tt) => {
        $crate::input::crm::row::text_row!(@expand $attrs $name [$($field)* $next] [$($rest)*] $optional);
    };
    (@expand [$(#[$attr:meta])*] $name:ident [$($field:ident)*] [] [$($optional:ident)?]) => {
        $(#[$attr])*
        pub struct $name {
            $(pub $field: String,)*
            $(
                /// Optional: older files do not have the column.
                #[serde(default)]
                pub $optional: String,
            )?
        }
    };
}
pub(super) use text_row;

text_row! {
    /// One row of the CRM format, every field as the text the format stores.
    ///
    /// This is the broker's own raw data on its way into or out of its CRM,
    /// before it becomes a gated [`Record`](crate::Record); it is what the
    /// synthetic generator writes. Serialising it with the csv crate or
    /// serde_json writes the documented format (field order is
    /// [`Column::ALL`]).
    ///
    /// Its fields are public, for the broker's own code; its `Debug` (what a
    /// failing test or a log prints) shows the subject id when it is a number
    /// and `[redacted]` for every other column.
    ///
    /// ```
    /// use consent_gate::crm::CrmRow;
    /// let row = CrmRow { subject_id: "7".into(), parent_name: "Jane Doe".into(), ..CrmRow::default() };
    /// let shown = format!("{row:?}");
    /// assert!(shown.contains("\"7\"") && !shown.contains("Jane"));
    /// ```
    #[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[allow(missing_docs)]
    pub struct CrmRow {
        person, purposes, categories, notice_version, recipients,
        consent_given_at, consent_expires_at, consent_withdrawn_at, source,
    }
    optional collected_by
}

/// The text of a person's column (`subject_id` to `due_date`) of a row
/// that has those fields, and the arms given for the other columns: one
/// list for the one-row dump and the ledger form's subjects file.
macro_rules! person_column {
    ($row:ident, $column:ident, $($other:pat => $text:expr),+ $(,)?) => {
        match $column {
            Column::SubjectId => &$row.subject_id,
            Column::ParentName => &$row.parent_name,
            Column::AddressLine1 => &$row.address_line1,
            Column::AddressLine2 => &$row.address_line2,
            Column::Town => &$row.town,
            Column::Postcode => &$row.postcode,
            Column::Email => &$row.email,
            Column::Phone => &$row.phone,
            Column::MotherBirthDate => &$row.mother_birth_date,
            Column::ChildrenUnderFive => &$row.children_under_five,
            Column::ChildBirthDates => &$row.child_birth_dates,
            Column::DueDate => &$row.due_date,
            $($other => $text),+
        }
    };
}
pub(super) use person_column;

impl CrmRow {
    /// The text of a column.
    pub fn get(&self, column: Column) -> &str {
        person_column! { self, column,
            Column::Purposes => &self.purposes,
            Column::Categories => &self.categories,
            Column::NoticeVersion => &self.notice_version,
            Column::Recipients => &self.recipients,
            Column::ConsentGivenAt => &self.consent_given_at,
            Column::ConsentExpiresAt => &self.consent_expires_at,
            Column::ConsentWithdrawnAt => &self.consent_withdrawn_at,
            Column::Collection => &self.collection,
            Column::ExistingCustomer => &self.existing_customer,
            Column::OptOutOffered => &self.opt_out_offered,
            Column::ParentalConsent => &self.parental_consent,
            Column::CollectedBy => &self.collected_by,
        }
    }

    /// Reads the row into a record, as the readers read data row `number`
    /// of a file (1 is the first): errors name that record number, and line
    /// `number + 1`, as in a CSV file under its header.
    pub fn to_record_at(&self, number: u64) -> Result<crate::Record, ReadError> {
        let at = super::parse::At {
            line: number + 1,
            record: number,
        };
        super::parse::record(self, at, &mut super::memo::Memos::default())
    }
}

impl fmt::Debug for CrmRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = f.debug_struct("CrmRow");
        for column in Column::ALL {
            let text = self.get(*column);
            match column {
                Column::SubjectId if text.trim().parse::<u64>().is_ok() => {
                    shown.field(column.name(), &text)
                }
                _ => shown.field(column.name(), &format_args!("{REDACTED}")),
            };
        }
        shown.finish()
    }
}

impl RowText for CrmRow {
    fn text(&self, column: Column) -> Result<&str, ReadError> {
        Ok(self.get(column))
    }
}
