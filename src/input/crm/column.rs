//! [`Column`]: the columns of the CRM format.

/// The most columns a file form has.
pub(crate) const MAX_COLUMNS: usize = 32;

/// The columns of one file form, as the readers need them.
pub(crate) trait ColumnSet: Copy + 'static {
    /// The column that holds the subject's key.
    const SUBJECT_ID: Self;
    /// Every column, in the order the crate writes them.
    const ALL: &'static [Self];
    /// The column's name in the header or as a JSON key.
    fn name(self) -> &'static str;
    /// The column of that name, if the form has one.
    fn from_name(name: &str) -> Option<Self>;
    /// The column's position among the form's columns, below
    /// [`MAX_COLUMNS`].
    fn index(self) -> usize;
}

macro_rules! columns {
    ($(#[$doc:meta])* $ty:ident { $($variant:ident => $name:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum $ty {
            $($variant,)*
        }

        impl $ty {
            /// Every column, in the order the crate writes them.
            pub const ALL: &'static [$ty] = &[$($ty::$variant,)*];

            /// The column's name in the header or as a JSON key.
            pub const fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)*
                }
            }

            /// The column of that name, if the format has one. A `match`,
            /// which compiles to a switch on the length and few
            /// comparisons: JSON Lines looks up every key of every line.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some($ty::$variant),)*
                    _ => None,
                }
            }

            /// The column's position in [`Self::ALL`].
            pub const fn index(self) -> usize {
                self as usize
            }
        }

        impl ColumnSet for $ty {
            const SUBJECT_ID: Self = $ty::SubjectId;
            const ALL: &'static [Self] = $ty::ALL;
            fn name(self) -> &'static str {
                $ty::name(self)
            }
            fn from_name(name: &str) -> Option<Self> {
                $ty::from_name(name)
            }
            fn index(self) -> usize {
                $ty::index(self)
            }
        }

        const _: () = assert!($ty::ALL.len() <= MAX_COLUMNS);
    };
}

columns! {
    /// One column (CSV) or key (JSON Lines) of the one-row CRM format, or
    /// of the ledger form's subjects file (the columns up to `due_date`).
    Column {
    SubjectId => "subject_id",
    ParentName => "parent_name",
    AddressLine1 => "address_line1",
    AddressLine2 => "address_line2",
    Town => "town",
    Postcode => "postcode",
    Email => "email",
    Phone => "phone",
    MotherBirthDate => "mother_birth_date",
    ChildrenUnderFive => "children_under_five",
    ChildBirthDates => "child_birth_dates",
    DueDate => "due_date",
    Purposes => "purposes",
    Categories => "categories",
    NoticeVersion => "notice_version",
    Recipients => "recipients",
    ConsentGivenAt => "consent_given_at",
    ConsentExpiresAt => "consent_expires_at",
    ConsentWithdrawnAt => "consent_withdrawn_at",
    Collection => "collection",
    ExistingCustomer => "existing_customer",
    OptOutOffered => "opt_out_offered",
    ParentalConsent => "parental_consent",
    CollectedBy => "collected_by",
}}

columns! {
    /// One column (CSV) or key (JSON Lines) of the ledger form's consent
    /// events file.
    EventColumn {
    SubjectId => "subject_id",
    Event => "event",
    At => "at",
    Purposes => "purposes",
    NoticeVersion => "notice_version",
    Categories => "categories",
    Recipients => "recipients",
    ExpiresAt => "expires_at",
    Collection => "collection",
    ExistingCustomer => "existing_customer",
    OptOutOffered => "opt_out_offered",
    ParentalConsent => "parental_consent",
    CollectedBy => "collected_by",
}}

columns! {
    /// One column of a Salesforce `ContactPointTypeConsent` export: the
    /// object's API field names, `DataUsePurpose` holding the purpose's
    /// name, and the broker's custom field `NoticeVersion__c`.
    SalesforceColumn {
    SubjectId => "PartyId",
    DataUsePurpose => "DataUsePurpose",
    ContactPointType => "ContactPointType",
    PrivacyConsentStatus => "PrivacyConsentStatus",
    EffectiveFrom => "EffectiveFrom",
    EffectiveTo => "EffectiveTo",
    CaptureDate => "CaptureDate",
    CaptureSource => "CaptureSource",
    NoticeVersion => "NoticeVersion__c",
}}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_found_by_its_name_and_nothing_else_is() {
        for (i, column) in Column::ALL.iter().enumerate() {
            assert_eq!(Column::from_name(column.name()), Some(*column));
            assert_eq!(column.index(), i);
        }
        for other in ["", "Subject_id", "subject_id ", "email2", "town\0"] {
            assert_eq!(Column::from_name(other), None, "{other:?}");
        }
    }
}
