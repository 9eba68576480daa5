//! Fields: where a gated value sits in a [`Record`], and its category.
//!
//! Each built-in field is a zero-sized type implementing [`Field`]. A
//! broker declares its own field the same way, locating a [`Gated`] value in
//! its record extension (see the `custom_field` example).

use chrono::NaiveDate;

use crate::category::{self, CategoryType, ReceivableBy};
use crate::gated::Gated;
use crate::purpose::Purpose;
use crate::record::{Address, Record};
use crate::value::ExportValue;

/// A gated field of a `Record<X>`.
///
/// `locate` hands out the sealed [`Gated`] value, never the value itself: a
/// public `Field` implementation is no side door.
pub trait Field<X = ()>: 'static {
    /// The field's data category.
    type Category: CategoryType;
    /// The type of the value.
    type Value: ExportValue;
    /// The column (CSV) or key (JSON) name of the field.
    const NAME: &'static str;
    /// Where the value sits in a record, if the record has one.
    fn locate(record: &Record<X>) -> Option<&Gated<Self::Value>>;
}

/// A field that purpose `P` may receive at all: its category's sensitivity
/// is [`ReceivableBy<P>`](ReceivableBy). Implemented for every such field;
/// a bound on it is where the compiler refuses, say, a child's birth date in
/// a political export.
pub trait FieldFor<P: Purpose, X = ()>: Field<X> {}

impl<P: Purpose, X, F> FieldFor<P, X> for F
where
    F: Field<X>,
    <F::Category as CategoryType>::Sensitivity: ReceivableBy<P>,
{
}

macro_rules! builtin_fields {
    ($($(#[$doc:meta])* $name:ident: $value:ty, $category:ident, $key:literal,
        |$r:ident| $locate:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl<X: 'static> Field<X> for $name {
            type Category = category::$category;
            type Value = $value;
            const NAME: &'static str = $key;
            fn locate($r: &Record<X>) -> Option<&Gated<$value>> {
                $locate
            }
        }
    )*};
}

builtin_fields! {
    /// The parent's name.
    ParentName: String, Name, "parent_name", |r| Some(&r.parent_name);
    /// The home address (four CSV columns).
    HomeAddress: Address, PostalAddress, "address", |r| Some(&r.address);
    /// The e-mail address.
    Email: String, EmailAddress, "email", |r| r.email.as_ref();
    /// The telephone number.
    Phone: String, PhoneNumber, "phone", |r| r.phone.as_ref();
    /// The mother's birth date.
    MotherBirthDate: NaiveDate, AdultBirthDate, "mother_birth_date",
        |r| r.mother_birth_date.as_ref();
    /// Whether children under five live in the household.
    ChildrenUnderFive: bool, ChildrenPresent, "children_under_five",
        |r| Some(&r.children_under_five);
    /// Each child's birth date (one CSV cell, `;`-separated).
    ChildBirthDates: Vec<NaiveDate>, ChildBirthDate, "child_birth_dates",
        |r| Some(&r.child_birth_dates);
    /// The due date of a pregnancy (health data).
    DueDate: NaiveDate, Pregnancy, "due_date", |r| r.due_date.as_ref();
}
