//! [`Column`]: the columns of the CRM format.

macro_rules! columns {
    ($($variant:ident => $name:literal,)*) => {
        /// One column (CSV) or key (JSON Lines) of the CRM format.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum Column {
            $($variant,)*
        }

        impl Column {
            /// Every column, in the order the crate writes them.
            pub const ALL: &'static [Column] = &[$(Column::$variant,)*];

            /// The column's name in the header or as a JSON key.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Column::$variant => $name,)*
                }
            }

            /// The column of that name, if the format has one. A `match`,
            /// which compiles to a switch on the length and few
            /// comparisons: JSON Lines looks up every key of every line.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(Column::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

columns! {
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
}

impl Column {
    /// The column's position in [`Column::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

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
