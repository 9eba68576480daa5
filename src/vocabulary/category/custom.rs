//! A broker's own categories: [`CustomCategory`] and the grants they may
//! carry ([`NoGrant`], [`CustomBit`]).

use super::class::{ChildrensData, OrdinaryData, SensitivityClass, SpecialCategoryData};
use super::set::Categories;

mod sealed {
    pub trait Sealed {}
}

/// Declares a broker's own data category. The crate derives its
/// [`CategoryType`](super::CategoryType) and run-time
/// [`Category`](super::Category) from these three items, so they cannot
/// disagree:
///
/// * `Sensitivity`: [`OrdinaryData`], [`ChildrensData`] or
///   [`SpecialCategoryData`];
/// * `Grant`: the explicit grant bit that covers it. Ordinary data needs
///   none ([`NoGrant`]); children's and special-category data must have one
///   of the sixteen bits reserved for brokers ([`CustomBit<N>`]), never a
///   built-in bit. Any other pairing does not compile;
/// * `NAME`: the name receipts count it under: ASCII letters, digits and
///   `_`, at most 64 bytes, and not a built-in category's name. A bad name
///   is a compile error where the category is first used (a `cargo build`
///   error; put `const _: Category = MyCategory::CATEGORY;` beside the impl
///   to have `cargo check` report it too).
///
/// ```
/// use consent_gate::category::{CategoryType, CustomBit, CustomCategory, SpecialCategoryData};
/// use consent_gate::Categories;
/// use consent_gate::category::Sensitivity;
///
/// /// How a baby is fed: health data, granted by broker bit 1.
/// struct InfantFeeding;
/// impl CustomCategory for InfantFeeding {
///     type Sensitivity = SpecialCategoryData;
///     type Grant = CustomBit<1>;
///     const NAME: &'static str = "infant_feeding";
/// }
/// const FEEDING: consent_gate::category::Category = InfantFeeding::CATEGORY;
/// assert_eq!(FEEDING.sensitivity(), Sensitivity::Special);
/// assert_eq!(FEEDING.grant(), Categories::custom_bit(1));
/// ```
///
/// Health data without its own grant does not compile:
///
/// ```compile_fail,E0277
/// use consent_gate::category::{CustomCategory, NoGrant, SpecialCategoryData};
/// struct InfantFeeding;
/// impl CustomCategory for InfantFeeding {
///     type Sensitivity = SpecialCategoryData;
///     type Grant = NoGrant;
///     const NAME: &'static str = "infant_feeding";
/// }
/// ```
pub trait CustomCategory: 'static {
    /// How sensitive the category is.
    type Sensitivity: SensitivityClass;
    /// The explicit grant that covers it.
    type Grant: GrantFor<Self::Sensitivity>;
    /// The name receipts count it under.
    const NAME: &'static str;
}

/// A grant that a category of sensitivity `S` may carry. Sealed; its
/// implementations are the whole policy: [`NoGrant`] for ordinary data,
/// [`CustomBit<N>`] (N from 0 to 15) for children's and special-category
/// data.
#[diagnostic::on_unimplemented(
    message = "a category of `{S}` cannot be covered by `{Self}`",
    label = "this grant does not fit the category's sensitivity",
    note = "children's and special-category data leave only under their own explicit grant: give the category `type Grant = CustomBit<N>;` with N from 0 to 15 (built-in bits are the crate's alone); ordinary data takes `type Grant = NoGrant;`"
)]
pub trait GrantFor<S: SensitivityClass>: sealed::Sealed {
    /// The grant bits.
    const BITS: Categories;
}

/// No explicit grant: the purpose's grant covers the category. Only for
/// ordinary data.
#[derive(Debug, Clone, Copy)]
pub struct NoGrant;

/// Broker grant bit `N` (0 to 15), [`Categories::custom_bit(N)`]: what a
/// broker's children's or special-category data needs.
///
/// [`Categories::custom_bit(N)`]: Categories::custom_bit
#[derive(Debug, Clone, Copy)]
pub struct CustomBit<const N: u8>;

impl sealed::Sealed for NoGrant {}
impl GrantFor<OrdinaryData> for NoGrant {
    const BITS: Categories = Categories::empty();
}

macro_rules! custom_bits {
    ($($n:literal)*) => {$(
        impl sealed::Sealed for CustomBit<$n> {}
        impl GrantFor<ChildrensData> for CustomBit<$n> {
            const BITS: Categories = Categories::custom_bit($n);
        }
        impl GrantFor<SpecialCategoryData> for CustomBit<$n> {
            const BITS: Categories = Categories::custom_bit($n);
        }
    )*};
}

custom_bits!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
