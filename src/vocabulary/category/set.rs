//! [`Categories`]: a set of explicit category grants.

use bitflags::bitflags;
use serde::{Serialize, Serializer};

use super::runtime::BUILTIN;

bitflags! {
    /// A set of categories: the explicit grants a consent holds.
    ///
    /// The low sixteen bits are the built-in categories; the high sixteen
    /// are free for a broker's own categories ([`Categories::custom`]). A
    /// broker's category can only ever be given one of the high bits (see
    /// [`CustomBit`](super::CustomBit)), so it can never claim a built-in
    /// grant.
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

    /// The grant a name in a list stands for: a built-in category's name,
    /// or `custom_0` to `custom_15`.
    pub(crate) fn named(name: &str) -> Option<Self> {
        let custom = name
            .strip_prefix("custom_")
            .and_then(|n| n.parse::<u8>().ok())
            .and_then(Categories::custom);
        custom.or_else(|| super::Category::builtin(name).map(super::Category::grant))
    }
}

impl Serialize for Categories {
    /// Serialises the built-in grants by name and a broker's own bits as
    /// `custom_N`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let builtin = BUILTIN
            .iter()
            .filter(|c| self.contains(c.grant()))
            .map(|c| c.name().to_owned());
        let custom = (0..16u8)
            .filter(|n| Categories::custom(*n).is_some_and(|bit| self.contains(bit)))
            .map(|n| format!("custom_{n}"));
        serializer.collect_seq(builtin.chain(custom))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn grants_serialise_by_name() {
        let set = Categories::CHILD_BIRTH_DATE | Categories::custom_bit(3);
        assert_eq!(
            serde_json::to_string(&set).unwrap(),
            r#"["child_birth_date","custom_3"]"#
        );
    }
}
