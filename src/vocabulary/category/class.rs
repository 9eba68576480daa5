//! Sensitivity at the type level, and the policy no consent overrides
//! ([`ReceivableBy`]).

use super::runtime::Sensitivity;
use crate::purpose::{Purpose, ReceivesSensitiveData};

mod sealed {
    pub trait Sealed {}
}

/// A sensitivity at the type level: [`OrdinaryData`], [`ChildrensData`] or
/// [`SpecialCategoryData`]. Sealed: there are exactly three.
pub trait SensitivityClass: sealed::Sealed + 'static {
    /// The run-time sensitivity.
    const SENSITIVITY: Sensitivity;
}

/// Ordinary personal data, at the type level.
#[derive(Debug, Clone, Copy)]
pub struct OrdinaryData;
/// Children's data, at the type level.
#[derive(Debug, Clone, Copy)]
pub struct ChildrensData;
/// Special-category (health) data, at the type level.
#[derive(Debug, Clone, Copy)]
pub struct SpecialCategoryData;

impl sealed::Sealed for OrdinaryData {}
impl sealed::Sealed for ChildrensData {}
impl sealed::Sealed for SpecialCategoryData {}
impl SensitivityClass for OrdinaryData {
    const SENSITIVITY: Sensitivity = Sensitivity::Ordinary;
}
impl SensitivityClass for ChildrensData {
    const SENSITIVITY: Sensitivity = Sensitivity::Children;
}
impl SensitivityClass for SpecialCategoryData {
    const SENSITIVITY: Sensitivity = Sensitivity::Special;
}

/// The policy no consent can override, as a trait: a sensitivity class that
/// purpose `P` may receive at all.
///
/// Ordinary data may go to every purpose; children's and special-category
/// data to every purpose that [`ReceivesSensitiveData`]: every purpose but
/// political campaigning. Sealed (its supertrait is, and so is
/// [`ReceivesSensitiveData`]'s), so no crate can add the missing pairs.
#[diagnostic::on_unimplemented(
    message = "purpose `{P}` may never receive `{Self}`",
    label = "this names a field of a kind that purpose `{P}` may never receive",
    note = "political campaigning never receives children's data or special-category (health) data, whatever the consent says"
)]
pub trait ReceivableBy<P: Purpose>: SensitivityClass {}

impl<P: Purpose> ReceivableBy<P> for OrdinaryData {}

impl<P: ReceivesSensitiveData> ReceivableBy<P> for ChildrensData {}
impl<P: ReceivesSensitiveData> ReceivableBy<P> for SpecialCategoryData {}
