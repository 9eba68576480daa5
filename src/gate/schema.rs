//! [`Schema`]: the typed list of fields an export for a purpose carries.
//!
//! A schema is a tuple of [`Field`] types. It is a `Schema<P>` only if
//! purpose `P` may receive every one of its fields, so a political export
//! schema that names children's or health data does not compile. The trait
//! is sealed: no crate can write a schema that names other fields or hands
//! an export other values than the clearance opened.
//!
//! ```compile_fail,E0277
//! use consent_gate::{schema::check_schema, field::{ParentName, ChildBirthDates},
//!                    purpose::PoliticalCampaigning};
//! const _: () = check_schema::<PoliticalCampaigning, (ParentName, ChildBirthDates)>();
//! ```
//!
//! The compiler says ``purpose `PoliticalCampaigning` may never receive
//! children's or special-category data``; `tests/ui` holds that exact
//! output.

use crate::field::derived::{
    ChildBirthYears, MotherAgeBand, PostTown, PostcodeDistrict, YoungestChildAgeBand,
};
use crate::field::{
    ChildBirthDates, ChildrenUnderFive, DueDate, Email, Field, FieldFor, HomeAddress,
    MotherBirthDate, ParentName, Phone,
};
use crate::gate::Clearance;
use crate::name;
use crate::purpose::{self, Purpose};
use crate::refusal::Refusal;
use crate::value::sealed::ValueImpl;

/// Receives the fields of a schema, in order, each with its outcome for
/// one cleared record (see [`Clearance::visit`]).
///
/// The schema layer sits above the gate: it knows a [`Clearance`], and the
/// gate knows nothing of schemas.
pub trait SchemaVisitor<P: Purpose, X> {
    /// One field and its outcome: the value (borrowed for the call: a
    /// derived value lives no longer), no value, or the refusal.
    fn field<F: FieldFor<P, X>>(&mut self, outcome: Result<Option<&F::Value>, Refusal>);
}

pub(crate) mod sealed {
    use super::SchemaVisitor;
    use crate::field::Field;
    use crate::gate::Clearance;
    use crate::purpose::Purpose;

    /// Receives the field types of a schema, in order, without any record:
    /// for headers and receipts.
    pub trait FieldTypeVisitor<X> {
        /// One field type.
        fn field<F: Field<X>>(&mut self);
    }

    /// What a schema does; implemented by the crate alone, for tuples of
    /// fields the purpose may receive.
    pub trait SchemaImpl<P: Purpose, X> {
        /// Evaluating it checks that no two fields write the same column.
        const DISTINCT: ();

        /// The fields' names, in order.
        const NAMES: &'static [&'static str];

        /// Visits each field type, in order.
        fn describe<V: FieldTypeVisitor<X>>(visitor: &mut V);

        /// Opens each field of one cleared record, in order.
        fn visit<V: SchemaVisitor<P, X>>(clearance: &Clearance<'_, P, X>, visitor: &mut V);
    }

    /// What a tuple of fields does; implemented by the crate alone.
    pub trait FieldsImpl<X> {
        /// The fields' names, in order.
        const NAMES: &'static [&'static str];
    }

    /// Evaluating `OK` checks that every field of `R` is in schema `S`.
    #[allow(clippy::type_complexity)] // A marker of four types, never built.
    pub struct RequiredIn<S, R, P, X>(std::marker::PhantomData<fn() -> (S, R, P, X)>);

    impl<P: Purpose, X, S: SchemaImpl<P, X>, R: FieldsImpl<X>> RequiredIn<S, R, P, X> {
        /// A compile error where a required field is not in the schema.
        pub const OK: () = crate::name::contained(R::NAMES, S::NAMES);
    }
}

/// The fields an export for purpose `P` carries: a tuple of up to twelve
/// [`Field`] types, each of which purpose `P` may receive
/// ([`FieldFor<P, X>`](FieldFor)), no two writing the same column.
///
/// Sealed: implemented for those tuples and nothing else, so a schema can
/// name only fields the purpose may receive, and an export writes exactly
/// the values the clearance opened.
pub trait Schema<P: Purpose, X = ()>: sealed::SchemaImpl<P, X> {}

/// A tuple of up to twelve [`Field`] types, or `()` for none: the fields
/// without which an export drops a record whole
/// ([`Export::require`](crate::export::Export::require),
/// [`DefaultSchema::Required`]). Named by type, so a misspelt field does
/// not compile, and one outside the export's schema stops the build too.
///
/// Sealed: implemented for those tuples and nothing else.
pub trait Fields<X = ()>: sealed::FieldsImpl<X> {}

impl<X> Fields<X> for () {}

impl<X> sealed::FieldsImpl<X> for () {
    const NAMES: &'static [&'static str] = &[];
}

impl<'r, P: Purpose, X> Clearance<'r, P, X> {
    /// Visits every field of schema `S` with its outcome, in order.
    pub fn visit<S: Schema<P, X>, V: SchemaVisitor<P, X>>(&self, visitor: &mut V) {
        <S as sealed::SchemaImpl<P, X>>::visit(self, visitor);
    }
}

/// Compiles only if `S` is a schema purpose `P` may receive, and its
/// fields write distinct columns: a const check a downstream crate can put
/// beside its own schema.
///
/// ```
/// use consent_gate::{schema::check_schema, field::{ParentName, HomeAddress},
///                    purpose::PoliticalCampaigning};
/// const _: () = check_schema::<PoliticalCampaigning, (ParentName, HomeAddress)>();
/// ```
pub const fn check_schema<P: Purpose, S: Schema<P>>() {
    <S as sealed::SchemaImpl<P, ()>>::DISTINCT
}

/// [`check_schema`] for records with an extension `X`, whose schema may
/// name the broker's own fields
/// ([`CustomField`](crate::field::CustomField)); in a `const _` item it
/// also checks their names for `cargo check`.
pub const fn check_extension_schema<P: Purpose, S: Schema<P, X>, X>() {
    <S as sealed::SchemaImpl<P, X>>::DISTINCT
}

/// Opens one field of a cleared record and hands its outcome to `visitor`.
#[inline]
fn visit_one<P: Purpose, X, F: FieldFor<P, X>, V: SchemaVisitor<P, X>>(
    clearance: &Clearance<'_, P, X>,
    visitor: &mut V,
) {
    if !F::DERIVED {
        return visitor.field::<F>(clearance.open_held::<F>());
    }
    match clearance.open::<F>() {
        Ok(value) => visitor.field::<F>(Ok(value.as_deref())),
        Err(refusal) => visitor.field::<F>(Err(refusal)),
    }
}

macro_rules! tuple_schema {
    ($($F:ident),+) => {
        impl<P: Purpose, X, $($F),+> Schema<P, X> for ($($F,)+)
        where
            $($F: FieldFor<P, X>,)+
        {
        }

        impl<P: Purpose, X, $($F),+> sealed::SchemaImpl<P, X> for ($($F,)+)
        where
            $($F: FieldFor<P, X>,)+
        {
            const DISTINCT: () = name::distinct(&[
                $((<$F as Field<X>>::NAME, <<$F as Field<X>>::Value as ValueImpl>::PARTS),)+
            ]);

            const NAMES: &'static [&'static str] = &[$(<$F as Field<X>>::NAME),+];

            fn describe<V: sealed::FieldTypeVisitor<X>>(visitor: &mut V) {
                $(visitor.field::<$F>();)+
            }

            fn visit<V: SchemaVisitor<P, X>>(clearance: &Clearance<'_, P, X>, visitor: &mut V) {
                $(visit_one::<P, X, $F, V>(clearance, visitor);)+
            }
        }

        impl<X, $($F),+> Fields<X> for ($($F,)+) where $($F: Field<X>,)+ {}

        impl<X, $($F),+> sealed::FieldsImpl<X> for ($($F,)+)
        where
            $($F: Field<X>,)+
        {
            const NAMES: &'static [&'static str] = &[$(<$F as Field<X>>::NAME),+];
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
    /// The fields where the broker's rules record a need for exact values
    /// ([`Rules::exact_data_reason`](crate::Rules::exact_data_reason)): for
    /// research and profiling, [`FullSchema`] instead of
    /// [`MinimisedSchema`]; for every other purpose, its `Schema`. A
    /// buyer file's job picks it by the rules.
    type WithExactData: Schema<Self>;
    /// The fields that must be emitted for a record to be useful to this
    /// purpose; a record missing one is dropped, never half-emitted.
    type Required: Fields;
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

/// What research and profiling get unless the broker's rules record a need
/// for exact values ([`PurposeKind::minimises`](crate::PurposeKind::minimises)):
/// the mother's age band, whether children under five live there, their
/// birth years and the youngest's band, the postcode district and the town.
/// No name, no contact detail, no exact date: "a mother aged 25-34 with a
/// child under one in BS12".
pub type MinimisedSchema = (
    MotherAgeBand,
    ChildrenUnderFive,
    ChildBirthYears,
    YoungestChildAgeBand,
    PostcodeDistrict,
    PostTown,
);

/// Name and address: a mailing list.
pub type PostalSchema = (ParentName, HomeAddress);

/// What political campaigning may receive at all: no children's data, no
/// health data.
pub type PoliticalSchema = (ParentName, HomeAddress, MotherBirthDate);

macro_rules! default_schema {
    ($($purpose:ident => $schema:ty $(, exact $exact:ty)?; required $required:ty;)*) => {$(
        impl DefaultSchema for purpose::$purpose {
            type Schema = $schema;
            type WithExactData = default_schema!(@exact $schema $(, $exact)?);
            type Required = $required;
        }
    )*};
    (@exact $schema:ty) => { $schema };
    (@exact $schema:ty, $exact:ty) => { $exact };
}

default_schema! {
    ServiceDelivery => FullSchema; required (ParentName,);
    MarketingPost => PostalSchema; required (ParentName, HomeAddress);
    MarketingEmail => (ParentName, Email); required (Email,);
    MarketingSms => (ParentName, Phone); required (Phone,);
    MarketingPhone => (ParentName, Phone); required (Phone,);
    ThirdPartyMarketing => FullSchema; required (ParentName, HomeAddress);
    SaleToThirdParties => FullSchema; required (ParentName, HomeAddress);
    Profiling => MinimisedSchema, exact FullSchema; required ();
    Research => MinimisedSchema, exact FullSchema; required ();
    PoliticalCampaigning => PoliticalSchema; required (ParentName, HomeAddress);
}
