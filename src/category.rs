//! Data categories: what kind of personal data a field holds, at run time
//! ([`Category`], [`Categories`]) and at the type level ([`CategoryType`],
//! one marker per built-in category).
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

use std::fmt;

use bitflags::bitflags;
use serde::{Serialize, Serializer};

use crate::purpose::{self, Purpose};

bitflags! {
    /// A set of categories: the explicit grants a consent holds.
    ///
    /// The low sixteen bits are the built-in categories; the high sixteen
    /// are free for a broker's own categories ([`Categories::custom`]).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Categories: u32 {
        /// The subject's name.
        const NAME = 1 << 0;
        /// A postal address.
        const POSTAL_ADDRESS = 1 << 1;
        /// An e-mail address.
        const EMAIL_ADDRESS = 1 << 2;
        /// A telephone number.
        const PHONE_NUMBER = 1 << 3;
        /// An adult's date of birth.
        const ADULT_BIRTH_DATE = 1 << 4;
        /// Whether young children live in the household (children's data).
        const CHILDREN_PRESENT = 1 << 5;
        /// A child's date of birth (children's data).
        const CHILD_BIRTH_DATE = 1 << 6;
        /// A pregnancy or a due date (health: a special category).
        const PREGNANCY = 1 << 7;
        // Bits a broker may give to its own categories.
        const _ = 0xFFFF_0000;
    }
}

impl Categories {
    /// The grant bit number `n` (0 to 15) reserved for a broker's own
    /// categories, or `None` past the sixteenth.
    ///
    /// ```
    /// use consent_gate::Categories;
    /// assert!(Categories::custom(0).is_some());
    /// assert!(Categories::custom(16).is_none());
    /// ```
    pub const fn custom(n: u8) -> Option<Self> {
        if n < 16 {
            Some(Self::from_bits_retain(1 << (16 + n as u32)))
        } else {
            None
        }
    }

    /// The grant bit number `n` for a broker's own category, in a const
    /// context: `n` past 15 is a compile error there (a panic at run time).
    ///
    /// ```
    /// use consent_gate::Categories;
    /// const LOYALTY: Categories = Categories::custom_bit(0);
    /// assert_eq!(Some(LOYALTY), Categories::custom(0));
    /// ```
    #[allow(clippy::panic)] // Evaluated at compile time in a const item.
    pub const fn custom_bit(n: u8) -> Self {
        match Self::custom(n) {
            Some(bit) => bit,
            None => panic!("a custom category bit is numbered 0 to 15"),
        }
    }
}

/// How sensitive a category is, at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Ordinary personal data: the purpose's grant covers it.
    Ordinary,
    /// Data about children: needs its own explicit grant, and never goes to
    /// political campaigning.
    Children,
    /// Special-category data (here: health): needs its own explicit grant,
    /// and never goes to political campaigning.
    Special,
}

/// A data category at run time: its name, its sensitivity and the grant bit
/// that covers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Category {
    name: &'static str,
    sensitivity: Sensitivity,
    grant: Categories,
}

impl Category {
    /// Declares a category. Built-in categories are the consts of the
    /// markers in this module ([`CategoryType::CATEGORY`]); a broker's own
    /// category takes a bit from [`Categories::custom`].
    pub const fn new(name: &'static str, sensitivity: Sensitivity, grant: Categories) -> Self {
        Self {
            name,
            sensitivity,
            grant,
        }
    }

    /// The stable snake_case name used in receipts.
    pub const fn name(self) -> &'static str {
        self.name
    }

    /// How sensitive the category is.
    pub const fn sensitivity(self) -> Sensitivity {
        self.sensitivity
    }

    /// The grant bit that explicitly covers this category.
    pub const fn grant(self) -> Categories {
        self.grant
    }

    /// Whether the category leaves only under its own explicit grant.
    pub const fn needs_explicit_grant(self) -> bool {
        !matches!(self.sensitivity, Sensitivity::Ordinary)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

impl Serialize for Categories {
    /// Serialises the built-in grants by name and a broker's own bits as
    /// `custom_N`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let builtin = BUILTIN
            .iter()
            .filter(|c| self.contains(c.grant))
            .map(|c| c.name.to_owned());
        let custom = (0..16u8)
            .filter(|n| Categories::custom(*n).is_some_and(|bit| self.contains(bit)))
            .map(|n| format!("custom_{n}"));
        serializer.collect_seq(builtin.chain(custom))
    }
}

/// The built-in categories, in order.
pub const BUILTIN: [Category; 8] = [
    Name::CATEGORY,
    PostalAddress::CATEGORY,
    EmailAddress::CATEGORY,
    PhoneNumber::CATEGORY,
    AdultBirthDate::CATEGORY,
    ChildrenPresent::CATEGORY,
    ChildBirthDate::CATEGORY,
    Pregnancy::CATEGORY,
];

impl Category {
    /// The built-in category of that name, if any.
    pub fn builtin(name: &str) -> Option<Self> {
        BUILTIN.into_iter().find(|c| c.name == name)
    }
}

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
/// data to every purpose but political campaigning. Sealed, so no crate can
/// add the missing pairs.
#[diagnostic::on_unimplemented(
    message = "purpose `{P}` may never receive `{Self}`",
    label = "this names a field of a kind that purpose `{P}` may never receive",
    note = "political campaigning never receives children's data or special-category (health) data, whatever the consent says"
)]
pub trait ReceivableBy<P: Purpose>: SensitivityClass {}

impl<P: Purpose> ReceivableBy<P> for OrdinaryData {}

macro_rules! receivable_by_all_but_political {
    ($($purpose:ident),*) => {$(
        impl ReceivableBy<purpose::$purpose> for ChildrensData {}
        impl ReceivableBy<purpose::$purpose> for SpecialCategoryData {}
    )*};
}

receivable_by_all_but_political!(
    ServiceDelivery,
    MarketingPost,
    MarketingEmail,
    MarketingSms,
    MarketingPhone,
    ThirdPartyMarketing,
    SaleToThirdParties,
    Profiling,
    Research
);

/// A category at the type level. Implement it for a zero-sized type to
/// declare a broker's own category (see the `custom_field` example).
pub trait CategoryType: 'static {
    /// How sensitive the category is, at the type level.
    type Sensitivity: SensitivityClass;
    /// The category at run time. Its sensitivity must be
    /// `Self::Sensitivity::SENSITIVITY`; [`category_of`] builds it so.
    const CATEGORY: Category;
}

/// The run-time category of a type-level one, its sensitivity taken from
/// the type so the two cannot disagree.
pub const fn category_of<C: CategoryType>(name: &'static str, grant: Categories) -> Category {
    Category::new(
        name,
        <C::Sensitivity as SensitivityClass>::SENSITIVITY,
        grant,
    )
}

macro_rules! builtin_categories {
    ($($(#[$doc:meta])* $name:ident, $key:literal, $class:ident, $grant:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl CategoryType for $name {
            type Sensitivity = $class;
            const CATEGORY: Category = category_of::<$name>($key, Categories::$grant);
        }
    )*};
}

builtin_categories! {
    /// A person's name.
    Name, "name", OrdinaryData, NAME;
    /// A postal address.
    PostalAddress, "postal_address", OrdinaryData, POSTAL_ADDRESS;
    /// An e-mail address.
    EmailAddress, "email_address", OrdinaryData, EMAIL_ADDRESS;
    /// A telephone number.
    PhoneNumber, "phone_number", OrdinaryData, PHONE_NUMBER;
    /// An adult's date of birth.
    AdultBirthDate, "adult_birth_date", OrdinaryData, ADULT_BIRTH_DATE;
    /// Whether young children live in the household.
    ChildrenPresent, "children_present", ChildrensData, CHILDREN_PRESENT;
    /// A child's date of birth.
    ChildBirthDate, "child_birth_date", ChildrensData, CHILD_BIRTH_DATE;
    /// A pregnancy or a due date (health).
    Pregnancy, "pregnancy", SpecialCategoryData, PREGNANCY;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_names_are_unique_and_found() {
        for c in BUILTIN {
            assert_eq!(Category::builtin(c.name()), Some(c));
            assert_eq!(BUILTIN.iter().filter(|o| o.grant() == c.grant()).count(), 1);
        }
        assert_eq!(Category::builtin("shoe_size"), None);
    }

    #[test]
    fn a_category_displays_as_its_name() {
        assert_eq!(ChildBirthDate::CATEGORY.to_string(), "child_birth_date");
        assert_eq!(
            serde_json::to_string(&Pregnancy::CATEGORY).unwrap(),
            "\"pregnancy\""
        );
    }

    #[test]
    fn children_and_health_need_explicit_grants() {
        assert!(ChildBirthDate::CATEGORY.needs_explicit_grant());
        assert!(ChildrenPresent::CATEGORY.needs_explicit_grant());
        assert!(Pregnancy::CATEGORY.needs_explicit_grant());
        assert!(!AdultBirthDate::CATEGORY.needs_explicit_grant());
    }

    #[test]
    fn custom_bits_do_not_collide_with_builtins() {
        let all_builtin = BUILTIN
            .iter()
            .fold(Categories::empty(), |acc, c| acc | c.grant());
        let mut seen = Categories::empty();
        for n in 0..16 {
            let bit = Categories::custom(n).unwrap();
            assert_eq!(bit.bits().count_ones(), 1, "custom({n}) is one bit");
            assert!(!bit.intersects(all_builtin | seen));
            seen |= bit;
        }
    }
}
