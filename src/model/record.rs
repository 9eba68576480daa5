//! [`Record`]: one subject's data, every personal field sealed, with the
//! consent that subject gave.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::category::{
    AdultBirthDate, ChildBirthDate, ChildrenPresent, EmailAddress, Name, PhoneNumber,
    PostalAddress, Pregnancy,
};
use crate::consents::Consents;
use crate::gated::Gated;
#[cfg(doc)]
use crate::scope::ConsentScope;

/// The broker's key for a data subject. Not personal data by itself: it is
/// the one value of a record that is never gated.
///
/// ```
/// use consent_gate::SubjectId;
/// assert_eq!("104233".parse(), Ok(SubjectId(104233)));
/// assert!("jane@example.org".parse::<SubjectId>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SubjectId(pub u64);

impl fmt::Display for SubjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Text that is not a subject id: a whole number from 0 to 2^64 - 1.
/// It does not repeat the text, which may be anything.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a subject id: expected a whole number")]
#[non_exhaustive]
pub struct InvalidSubjectId;

impl std::str::FromStr for SubjectId {
    type Err = InvalidSubjectId;

    fn from_str(s: &str) -> Result<Self, InvalidSubjectId> {
        s.parse().map(Self).map_err(|_| InvalidSubjectId)
    }
}

/// A home address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Default)]
pub struct Address {
    /// First line (house and street).
    pub line1: String,
    /// Second line, possibly empty.
    pub line2: String,
    /// Post town.
    pub town: String,
    /// Postcode.
    pub postcode: String,
}

/// One data subject's record, in the shape of the case: the parent's name,
/// home address, contact details, whether children under five live there,
/// the birth dates of the mother and of each child, and a due date.
///
/// Every personal field is [`Gated`] under its category: there is no
/// accessor for it. The only path to a value is a
/// [`Clearance`](crate::Clearance), which the [`Gate`](crate::Gate) gives
/// for this record and one purpose. `Debug` and `Serialize` print
/// `[redacted]` for every gated field, whether or not the record holds a
/// value there: that a record has a due date (a pregnancy) or an e-mail
/// address is itself gated.
///
/// `X` is the broker's own extension: a struct of further [`Gated`] fields
/// that its own fields ([`CustomField`](crate::field::CustomField)) reach.
/// They see the extension, never the crate's fields.
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use consent_gate::{Address, ConsentScope, NoticeVersion, Purposes, Record, SubjectId};
///
/// let scope = ConsentScope::builder(Purposes::MARKETING_POST, NoticeVersion(1),
///     Utc.with_ymd_and_hms(2016, 5, 1, 9, 0, 0).unwrap()).build().unwrap();
/// let record = Record::builder(SubjectId(7), "Jane Doe", Address::default(), scope)
///     .child_birth_dates(vec![NaiveDate::from_ymd_opt(2016, 3, 1).unwrap()])
///     .build();
/// let shown = format!("{record:?}");
/// assert!(!shown.contains("Jane") && !shown.contains("2016-03-01"));
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct Record<X = ()> {
    pub(crate) subject: SubjectId,
    pub(crate) parent_name: Gated<String, Name>,
    pub(crate) address: Gated<Address, PostalAddress>,
    pub(crate) email: Gated<String, EmailAddress>,
    pub(crate) phone: Gated<String, PhoneNumber>,
    pub(crate) mother_birth_date: Gated<NaiveDate, AdultBirthDate>,
    pub(crate) children_under_five: Gated<bool, ChildrenPresent>,
    pub(crate) child_birth_dates: Gated<Vec<NaiveDate>, ChildBirthDate>,
    pub(crate) due_date: Gated<NaiveDate, Pregnancy>,
    pub(crate) consents: Consents,
    pub(crate) extra: X,
}

impl Record<()> {
    /// Starts a record with the fields every record has, and the subject's
    /// consent: one [`ConsentScope`], or a whole ledger ([`Consents`]).
    pub fn builder(
        subject: SubjectId,
        parent_name: impl Into<String>,
        address: Address,
        consents: impl Into<Consents>,
    ) -> RecordBuilder<()> {
        RecordBuilder {
            record: Record {
                subject,
                parent_name: Gated::new(parent_name.into()),
                address: Gated::new(address),
                email: Gated::absent(),
                phone: Gated::absent(),
                mother_birth_date: Gated::absent(),
                children_under_five: Gated::new(false),
                child_birth_dates: Gated::new(Vec::new()),
                due_date: Gated::absent(),
                consents: consents.into(),
                extra: (),
            },
        }
    }
}

impl<X> Record<X> {
    /// The subject's key.
    pub fn subject(&self) -> SubjectId {
        self.subject
    }

    /// The subject's consent ledger: the consents given, and the
    /// refusals, withdrawals and objections since.
    pub fn consents(&self) -> &Consents {
        &self.consents
    }

    /// The broker's extension. Its personal fields are [`Gated`], so reading
    /// it opens nothing; the crate's own fields are not in it.
    pub fn extra(&self) -> &X {
        &self.extra
    }

    /// The subject's birth date, for the gate's rule on child subjects
    /// alone: the subject of a record is the mother.
    pub(crate) fn subject_birth_date(&self) -> Option<NaiveDate> {
        self.mother_birth_date.expose().copied()
    }
}

/// Builds a [`Record`]; see [`Record::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct RecordBuilder<X> {
    record: Record<X>,
}

impl<X> RecordBuilder<X> {
    /// Sets the e-mail address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.record.email = Gated::new(email.into());
        self
    }
    /// Sets the telephone number.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.record.phone = Gated::new(phone.into());
        self
    }
    /// Sets the mother's (the subject's) birth date.
    pub fn mother_birth_date(mut self, date: NaiveDate) -> Self {
        self.record.mother_birth_date = Gated::new(date);
        self
    }
    /// Sets whether children under five live in the household.
    pub fn children_under_five(mut self, present: bool) -> Self {
        self.record.children_under_five = Gated::new(present);
        self
    }
    /// Sets the children's birth dates.
    pub fn child_birth_dates(mut self, dates: Vec<NaiveDate>) -> Self {
        self.record.child_birth_dates = Gated::new(dates);
        self
    }
    /// Sets the due date of a pregnancy.
    pub fn due_date(mut self, date: NaiveDate) -> Self {
        self.record.due_date = Gated::new(date);
        self
    }
    /// Attaches the broker's own extension.
    pub fn extra<Y>(self, extra: Y) -> RecordBuilder<Y> {
        let r = self.record;
        RecordBuilder {
            record: Record {
                subject: r.subject,
                parent_name: r.parent_name,
                address: r.address,
                email: r.email,
                phone: r.phone,
                mother_birth_date: r.mother_birth_date,
                children_under_five: r.children_under_five,
                child_birth_dates: r.child_birth_dates,
                due_date: r.due_date,
                consents: r.consents,
                extra,
            },
        }
    }
    /// Finishes the record.
    pub fn build(self) -> Record<X> {
        self.record
    }
}
