//! [`Category`] and [`Sensitivity`]: a data category as the run-time rules
//! see it.

use std::fmt;

use serde::{Serialize, Serializer};

use super::CategoryType;
use super::builtin::{
    AdultBirthDate, ChildBirthDate, ChildrenPresent, EmailAddress, Name, PhoneNumber,
    PostalAddress, Pregnancy,
};
use super::set::Categories;

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
///
/// There is no public constructor: a `Category` is always
/// [`CategoryType::CATEGORY`] of a type-level category, built-in or
/// declared through [`CustomCategory`](super::CustomCategory), so its
/// sensitivity is the type's and its grant bit is one the type may claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Category {
    name: &'static str,
    sensitivity: Sensitivity,
    grant: Categories,
}

impl Category {
    /// Only this module's callers inside the crate build categories.
    pub(crate) const fn new(
        name: &'static str,
        sensitivity: Sensitivity,
        grant: Categories,
    ) -> Self {
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

    /// The grant bit that explicitly covers this category (empty for a
    /// broker's ordinary category, which needs none).
    pub const fn grant(self) -> Categories {
        self.grant
    }

    /// Whether the category leaves only under its own explicit grant.
    pub const fn needs_explicit_grant(self) -> bool {
        !matches!(self.sensitivity, Sensitivity::Ordinary)
    }

    /// The built-in category of that name, if any.
    ///
    /// ```
    /// use consent_gate::category::{Category, Sensitivity};
    /// let child = Category::builtin("child_birth_date").unwrap();
    /// assert_eq!(child.sensitivity(), Sensitivity::Children);
    /// assert_eq!(Category::builtin("shoe_size"), None);
    /// ```
    pub fn builtin(name: &str) -> Option<Self> {
        BUILTIN.into_iter().find(|c| c.name == name)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_names_are_unique_and_found() {
        for c in BUILTIN {
            assert_eq!(Category::builtin(c.name()), Some(c));
            assert_eq!(BUILTIN.iter().filter(|o| o.grant() == c.grant()).count(), 1);
            assert_eq!(c.grant().bits().count_ones(), 1);
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
}
