//! [`CategoryType`]: a category at the type level, sealed.

use super::class::SensitivityClass;
use super::custom::{CustomCategory, GrantFor};
use super::runtime::Category;
use crate::name;

/// Implemented by this crate alone: for the built-in markers, and for every
/// [`CustomCategory`] (through a blanket impl, which derives the run-time
/// [`Category`] from the type so the two cannot disagree).
pub trait Sealed {}

/// A category at the type level: a built-in marker of this module, or a
/// broker's own category declared through [`CustomCategory`].
///
/// Sealed: no crate can implement it by hand, so no crate can pair an
/// ordinary type-level sensitivity with a run-time category that is
/// children's or health data, or give a category a built-in grant bit.
/// The run-time [`CATEGORY`](CategoryType::CATEGORY) is always derived from
/// the type: its sensitivity is `Self::Sensitivity`'s.
pub trait CategoryType: Sealed + 'static {
    /// How sensitive the category is, at the type level.
    type Sensitivity: SensitivityClass;
    /// The category at run time.
    const CATEGORY: Category;
}

impl<C: CustomCategory> Sealed for C {}

impl<C: CustomCategory> CategoryType for C {
    type Sensitivity = C::Sensitivity;
    const CATEGORY: Category = Category::new(
        name::category(C::NAME),
        <C::Sensitivity as SensitivityClass>::SENSITIVITY,
        <C::Grant as GrantFor<C::Sensitivity>>::BITS,
    );
}
