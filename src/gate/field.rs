//! Fields: where a gated value sits in a [`Record`], what it is called in
//! an export, and the category it was sealed under.
//!
//! Each built-in field is a zero-sized type implementing [`Field`]. A
//! broker declares a field of its own with [`CustomField`]: it names a
//! [`Gated`] value in the record's extension, and its category is the one
//! that value was sealed under.
//!
//! [`Field`] is sealed, and where a field's value sits is known to the
//! crate alone: no code outside the crate can locate a built-in field's
//! sealed value, call a field's locator, or present a value under another
//! category than the one it was sealed with.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::category::{self, CategoryType, ReceivableBy};
use crate::gated::Gated;
use crate::name;
use crate::purpose::Purpose;
use crate::record::{Address, Record};
pub use crate::value::FieldValue;

pub mod derived;

pub(crate) mod sealed {
    /// Implemented by the crate alone: for the built-in fields, and for
    /// every [`CustomField`](super::CustomField).
    pub trait Sealed<X> {}

    /// Proof that the caller is the crate: only the crate makes one, so
    /// only the crate can call [`Field::locate`](super::Field::locate).
    #[derive(Debug)]
    pub struct Token(());

    impl Token {
        pub(crate) const fn new() -> Self {
            Self(())
        }
    }
}

/// A gated field of a `Record<X>`: its category, its value's type and its
/// column (CSV) or key (JSON) name.
///
/// A field is either held in the record ([`StoredField`]: the built-in
/// fields of this module and a broker's [`CustomField`]s) or computed from
/// one at the export date ([`derived`]: an age band from a birth date, a
/// postcode district from an address), keeping its source's category.
///
/// Sealed: implemented for those and nothing else.
pub trait Field<X = ()>: sealed::Sealed<X> + 'static {
    /// The field's data category: the one its value was sealed under (for
    /// a derived field, its source's).
    type Category: CategoryType;
    /// The type of the value.
    type Value: FieldValue;
    /// The column (CSV) or key (JSON) name of the field.
    const NAME: &'static str;
    /// The name of the stored field the value comes from: the field's own
    /// for a stored field, the source's for a derived one (receipts count
    /// each source's values emitted exact and coarsened).
    const SOURCE: &'static str = Self::NAME;
    /// Whether the value is computed from [`SOURCE`](Self::SOURCE) (a
    /// [derived] field) rather than held in the record.
    const DERIVED: bool = false;

    /// The value at the export date `today`, if the record has one: for
    /// the gate alone, which alone holds a [`sealed::Token`], once the
    /// consent covers the field.
    #[doc(hidden)]
    fn open<'r>(
        record: &'r Record<X>,
        today: NaiveDate,
        token: sealed::Token,
    ) -> Option<Cow<'r, Self::Value>>;

    /// The value held in the record, borrowed, for a field that is not
    /// derived (none for a derived one): the export's path, which moves
    /// no `Cow` around.
    #[doc(hidden)]
    fn held(_record: &Record<X>, _token: sealed::Token) -> Option<&Self::Value> {
        None
    }
}

/// A field held in the record itself, sealed under its category: its value
/// can be lent for as long as the record lives
/// ([`Clearance::get`](crate::Clearance::get)).
pub trait StoredField<X = ()>: Field<X> {
    /// Where the value sits in a record: for the gate alone.
    #[doc(hidden)]
    fn locate(record: &Record<X>, token: sealed::Token) -> &Gated<Self::Value, Self::Category>;
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

/// Declares a broker's own field, held [`Gated`] in the record's extension
/// (`Record<Self::Extension>`).
///
/// * The field's category is the one its value was sealed under:
///   [`locate`](CustomField::locate) returns a `&Gated<Value, Category>`,
///   so it can only hand out a value sealed under the category it declares.
/// * It sees the extension alone, never the record: the values the crate
///   sealed (name, address, dates of birth, ...) are out of its reach, and
///   so are other records.
/// * `NAME` is written into CSV headers and JSON keys: 1 to 64 ASCII
///   letters, digits and `_`, and not `subject_id` or a built-in field's
///   column. A bad name is a compile error where the field is first used
///   (a `cargo build` error; [`check_extension_schema`](crate::schema::check_extension_schema) in a
///   `const _` item reports it to `cargo check` too).
///
/// ```
/// use consent_gate::category::{CustomCategory, NoGrant, OrdinaryData};
/// use consent_gate::field::CustomField;
/// use consent_gate::{Gated, field::ParentName, purpose::PoliticalCampaigning};
/// use consent_gate::schema::check_extension_schema;
///
/// struct Loyalty;
/// impl CustomCategory for Loyalty {
///     type Sensitivity = OrdinaryData;
///     type Grant = NoGrant;
///     const NAME: &'static str = "loyalty";
/// }
///
/// struct Extra {
///     tier: Gated<String, Loyalty>,
/// }
///
/// struct LoyaltyTier;
/// impl CustomField for LoyaltyTier {
///     type Extension = Extra;
///     type Category = Loyalty;
///     type Value = String;
///     const NAME: &'static str = "loyalty_tier";
///     fn locate(extra: &Extra) -> &Gated<String, Loyalty> {
///         &extra.tier
///     }
/// }
///
/// const _: () = check_extension_schema::<PoliticalCampaigning, (ParentName, LoyaltyTier), Extra>();
/// ```
pub trait CustomField: 'static {
    /// The record extension the field lives in.
    type Extension: 'static;
    /// The category its value is sealed under.
    type Category: CategoryType;
    /// The type of the value.
    type Value: FieldValue;
    /// The column (CSV) or key (JSON) name.
    const NAME: &'static str;
    /// Where the sealed value sits in the extension.
    fn locate(extension: &Self::Extension) -> &Gated<Self::Value, Self::Category>;
}

impl<F: CustomField> sealed::Sealed<F::Extension> for F {}

impl<F: CustomField> Field<F::Extension> for F {
    type Category = F::Category;
    type Value = F::Value;
    const NAME: &'static str = name::field(F::NAME);

    fn open<'r>(
        record: &'r Record<F::Extension>,
        _: NaiveDate,
        token: sealed::Token,
    ) -> Option<Cow<'r, F::Value>> {
        <F as StoredField<F::Extension>>::locate(record, token)
            .expose()
            .map(Cow::Borrowed)
    }

    fn held(record: &Record<F::Extension>, token: sealed::Token) -> Option<&F::Value> {
        <F as StoredField<F::Extension>>::locate(record, token).expose()
    }
}

impl<F: CustomField> StoredField<F::Extension> for F {
    fn locate(
        record: &Record<F::Extension>,
        _: sealed::Token,
    ) -> &Gated<Self::Value, Self::Category> {
        F::locate(record.extra())
    }
}

macro_rules! builtin_fields {
    ($($(#[$doc:meta])* $name:ident: $value:ty, $category:ident, $key:literal, $slot:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl<X: 'static> sealed::Sealed<X> for $name {}
        impl<X: 'static> Field<X> for $name {
            type Category = category::$category;
            type Value = $value;
            const NAME: &'static str = $key;
            fn open<'r>(
                record: &'r Record<X>,
                _: NaiveDate,
                _: sealed::Token,
            ) -> Option<Cow<'r, $value>> {
                record.$slot.expose().map(Cow::Borrowed)
            }
            fn held(record: &Record<X>, _: sealed::Token) -> Option<&$value> {
                record.$slot.expose()
            }
        }
        impl<X: 'static> StoredField<X> for $name {
            fn locate(record: &Record<X>, _: sealed::Token) -> &Gated<$value, category::$category> {
                &record.$slot
            }
        }
    )*};
}

builtin_fields! {
    /// The parent's name.
    ParentName: String, Name, "parent_name", parent_name;
    /// The home address (four CSV columns).
    HomeAddress: Address, PostalAddress, "address", address;
    /// The e-mail address.
    Email: String, EmailAddress, "email", email;
    /// The telephone number.
    Phone: String, PhoneNumber, "phone", phone;
    /// The mother's birth date.
    MotherBirthDate: NaiveDate, AdultBirthDate, "mother_birth_date", mother_birth_date;
    /// Whether children under five live in the household.
    ChildrenUnderFive: bool, ChildrenPresent, "children_under_five", children_under_five;
    /// Each child's birth date (one CSV cell, `;`-separated).
    ChildBirthDates: Vec<NaiveDate>, ChildBirthDate, "child_birth_dates", child_birth_dates;
    /// The due date of a pregnancy (health data).
    DueDate: NaiveDate, Pregnancy, "due_date", due_date;
}
