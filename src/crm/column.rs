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
    NoticeDisclosed => "notice_disclosed",
    Recipients => "recipients",
    ConsentGivenAt => "consent_given_at",
    ConsentExpiresAt => "consent_expires_at",
    ConsentWithdrawnAt => "consent_withdrawn_at",
    Collection => "collection",
    ExistingCustomer => "existing_customer",
}

impl Column {
    /// The column of that name, if the format has one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The column's position in [`Column::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}
