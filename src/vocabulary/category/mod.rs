//! Data categories: what kind of personal data a field holds, at run time
//! ([`Category`], [`Categories`]) and at the type level ([`CategoryType`],
//! one marker per built-in category, and [`CustomCategory`] for a broker's
//! own).
//!
//! A category's [`Sensitivity`] decides two rules. Children's data and
//! special-category data (health, such as a pregnancy or a due date) leave
//! only under an *explicit* grant of that category, on top of the purpose;
//! and political campaigning never receives them at all, which the compiler
//! enforces through [`ReceivableBy`].
//!
//! | category | sensitivity | explicit grant |
//! |---|---|---|
//! | [`Name`] | ordinary | no |
//! | [`PostalAddress`] | ordinary | no |
//! | [`EmailAddress`] | ordinary | no |
//! | [`PhoneNumber`] | ordinary | no |
//! | [`AdultBirthDate`] | ordinary | no |
//! | [`ChildrenPresent`] | children | [`Categories::CHILDREN_PRESENT`] |
//! | [`ChildBirthDate`] | children | [`Categories::CHILD_BIRTH_DATE`] |
//! | [`Pregnancy`] | special (health) | [`Categories::PREGNANCY`] |
//!
//! # One truth per category
//!
//! A sealed value carries its category in its type
//! ([`Gated<T, C>`](crate::Gated)), and [`CategoryType`] is sealed: the
//! run-time [`Category`] is derived from the type-level one, so the
//! compile-time check ([`ReceivableBy`]) and the run-time rules judge the
//! same thing. A broker declares its own category through
//! [`CustomCategory`], which can take only the sixteen broker bits and
//! must take one for children's or health data.

mod builtin;
mod class;
mod custom;
mod runtime;
mod set;
mod typed;

pub use builtin::{
    AdultBirthDate, ChildBirthDate, ChildrenPresent, EmailAddress, Name, PhoneNumber,
    PostalAddress, Pregnancy,
};
pub use class::{ChildrensData, OrdinaryData, ReceivableBy, SensitivityClass, SpecialCategoryData};
pub use custom::{CustomBit, CustomCategory, GrantFor, NoGrant};
pub use runtime::{BUILTIN, Category, Sensitivity};
pub use set::Categories;
pub use typed::CategoryType;
