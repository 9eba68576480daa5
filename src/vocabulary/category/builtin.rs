//! The built-in categories, one zero-sized marker each.

use super::class::{ChildrensData, OrdinaryData, SpecialCategoryData};
use super::runtime::Category;
use super::set::Categories;
use super::typed::{CategoryType, Sealed};

macro_rules! builtin_categories {
    ($($(#[$doc:meta])* $name:ident, $key:literal, $class:ident, $grant:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl Sealed for $name {}
        impl CategoryType for $name {
            type Sensitivity = $class;
            const CATEGORY: Category =
                Category::new($key, <$class as super::SensitivityClass>::SENSITIVITY, Categories::$grant);
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
