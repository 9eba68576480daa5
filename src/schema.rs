//! [`Schema`]: the typed list of fields an export for a purpose carries.
//!
//! A schema is a tuple of [`Field`] types. It is a `Schema<P>` only if
//! purpose `P` may receive every one of its fields, so a political export
//! schema that names children's or health data does not compile:
//!
//! ```compile_fail,E0277
//! use consent_gate::{check_schema, field::{ParentName, ChildBirthDates},
//!                    purpose::PoliticalCampaigning};
//! const _: () = check_schema::<PoliticalCampaigning, (ParentName, ChildBirthDates)>();
//! ```
//!
//! The compiler says `purpose `PoliticalCampaigning` may never receive
//! `ChildrensData``; `tests/ui` holds that exact output.

use crate::field::{
    ChildBirthDates, ChildrenUnderFive, DueDate, Email, Field, FieldFor, HomeAddress,
    MotherBirthDate, ParentName, Phone,
};
use crate::gate::Clearance;
use crate::purpose::{self, Purpose};
use crate::refusal::Refusal;

/// Receives the fields of a schema, in order (see [`Schema::visit`]).
pub trait SchemaVisitor<'r, P: Purpose, X> {
    /// One field and its outcome: the value, no value, or the refusal.
    fn field<F: FieldFor<P, X>>(&mut self, outcome: Result<Option<&'r F::Value>, Refusal>);
}

/// Receives the field types of a schema, in order, without any record
/// (see [`Schema::describe`]).
pub trait FieldTypeVisitor<X> {
    /// One field type.
    fn field<F: Field<X>>(&mut self);
}

/// The fields an export for purpose `P` carries, as a tuple of field types.
pub trait Schema<P: Purpose, X = ()> {
    /// Visits each field type, in order: for headers and receipts.
    fn describe<V: FieldTypeVisitor<X>>(visitor: &mut V);

    /// Opens each field of one cleared record, in order.
    fn visit<'r, V: SchemaVisitor<'r, P, X>>(clearance: &Clearance<'r, P, X>, visitor: &mut V);
}

/// Compiles only if `S` is a schema purpose `P` may receive: a const check
/// a downstream crate can put beside its own schema.
///
/// ```
/// use consent_gate::{check_schema, field::{ParentName, HomeAddress},
///                    purpose::PoliticalCampaigning};
/// const _: () = check_schema::<PoliticalCampaigning, (ParentName, HomeAddress)>();
/// ```
pub const fn check_schema<P: Purpose, S: Schema<P>>() {}

macro_rules! tuple_schema {
    ($($F:ident),+) => {
        impl<P: Purpose, X, $($F),+> Schema<P, X> for ($($F,)+)
        where
            $($F: FieldFor<P, X>,)+
        {
            fn describe<V: FieldTypeVisitor<X>>(visitor: &mut V) {
                $(visitor.field::<$F>();)+
            }

            fn visit<'r, V: SchemaVisitor<'r, P, X>>(
                clearance: &Clearance<'r, P, X>,
                visitor: &mut V,
            ) {
                $(visitor.field::<$F>(clearance.get::<$F>());)+
            }
        }
    };
}

tuple_schema!(A);
tuple_schema!(A, B);
tuple_schema!(A, B, C);
tuple_schema!(A, B, C, D);
tuple_schema!(A, B, C, D, E);
tuple_schema!(A, B, C, D, E, F);
tuple_schema!(A, B, C, D, E, F, G);
tuple_schema!(A, B, C, D, E, F, G, H);
tuple_schema!(A, B, C, D, E, F, G, H, I);
tuple_schema!(A, B, C, D, E, F, G, H, I, J);
tuple_schema!(A, B, C, D, E, F, G, H, I, J, K);
tuple_schema!(A, B, C, D, E, F, G, H, I, J, K, L);

/// The schema an export for a purpose carries unless the caller names
/// another, and the fields without which a record is dropped whole.
pub trait DefaultSchema: Purpose {
    /// The fields.
    type Schema: Schema<Self>;
    /// The field names that must be emitted for a record to be useful to
    /// this purpose; a record missing one is dropped, never half-emitted.
    const REQUIRED: &'static [&'static str];
}

/// Everything the broker holds: for its own service and research.
pub type FullSchema = (
    ParentName,
    HomeAddress,
    Email,
    Phone,
    MotherBirthDate,
    ChildrenUnderFive,
    ChildBirthDates,
    DueDate,
);

/// Name and address: a mailing list.
pub type PostalSchema = (ParentName, HomeAddress);

/// What political campaigning may receive at all: no children's data, no
/// health data.
pub type PoliticalSchema = (ParentName, HomeAddress, MotherBirthDate);

const NAME: &str = <ParentName as Field>::NAME;
const ADDRESS: &str = <HomeAddress as Field>::NAME;
const EMAIL: &str = <Email as Field>::NAME;
const PHONE: &str = <Phone as Field>::NAME;

macro_rules! default_schema {
    ($($purpose:ident => $schema:ty, [$($req:ident),*];)*) => {$(
        impl DefaultSchema for purpose::$purpose {
            type Schema = $schema;
            const REQUIRED: &'static [&'static str] = &[$($req),*];
        }
    )*};
}

default_schema! {
    ServiceDelivery => FullSchema, [NAME];
    MarketingPost => PostalSchema, [NAME, ADDRESS];
    MarketingEmail => (ParentName, Email), [EMAIL];
    MarketingSms => (ParentName, Phone), [PHONE];
    MarketingPhone => (ParentName, Phone), [PHONE];
    ThirdPartyMarketing => FullSchema, [NAME, ADDRESS];
    SaleToThirdParties => FullSchema, [NAME, ADDRESS];
    Profiling => FullSchema, [];
    Research => FullSchema, [];
    PoliticalCampaigning => PoliticalSchema, [NAME, ADDRESS];
}
