//! Names a broker declares (its fields' and categories' names), checked in
//! const evaluation: the crate writes them into CSV headers, JSON keys and
//! receipts verbatim, so only plain identifiers are allowed.
//!
//! Each check panics in const evaluation, which is a compile error where
//! the name is first used.

use crate::category::BUILTIN;

/// The longest name allowed, in bytes.
pub(crate) const MAX_LEN: usize = 64;

/// The column and key names of the crate's own export format, which a
/// broker's field may not take: `subject_id`, every built-in field, and the
/// columns the home address fills.
const RESERVED_FIELDS: [&str; 13] = [
    "subject_id",
    "parent_name",
    "address",
    "address_line1",
    "address_line2",
    "address_town",
    "address_postcode",
    "email",
    "phone",
    "mother_birth_date",
    "children_under_five",
    "child_birth_dates",
    "due_date",
];

/// Whether `s` is 1 to [`MAX_LEN`] bytes of ASCII letters, digits and `_`.
pub(crate) const fn is_identifier(s: &str) -> bool {
    if s.is_empty() || s.len() > MAX_LEN {
        return false;
    }
    let mut rest = s.as_bytes();
    while let [b, tail @ ..] = rest {
        if !(b.is_ascii_alphanumeric() || *b == b'_') {
            return false;
        }
        rest = tail;
    }
    true
}

/// `a == b`, in const evaluation.
pub(crate) const fn same(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a, b) {
            ([x, a_tail @ ..], [y, b_tail @ ..]) if *x == *y => {
                a = a_tail;
                b = b_tail;
            }
            ([], []) => return true,
            _ => return false,
        }
    }
}

/// Whether `whole` is `head`, `_` and `suffix`: the CSV column a field
/// named `head` fills with a value of several columns.
pub(crate) const fn joined(whole: &str, head: &str, suffix: &str) -> bool {
    let (mut w, mut h) = (whole.as_bytes(), head.as_bytes());
    loop {
        match (w, h) {
            ([x, w_tail @ ..], [y, h_tail @ ..]) if *x == *y => {
                w = w_tail;
                h = h_tail;
            }
            ([b'_', rest @ ..], []) => {
                let mut s = suffix.as_bytes();
                let mut rest = rest;
                loop {
                    match (rest, s) {
                        ([x, r_tail @ ..], [y, s_tail @ ..]) if *x == *y => {
                            rest = r_tail;
                            s = s_tail;
                        }
                        ([], []) => return true,
                        _ => return false,
                    }
                }
            }
            _ => return false,
        }
    }
}

const fn reserved_field(name: &str) -> bool {
    let mut rest: &[&str] = &RESERVED_FIELDS;
    while let [first, tail @ ..] = rest {
        if same(first, name) {
            return true;
        }
        rest = tail;
    }
    false
}

const fn builtin_category(name: &str) -> bool {
    let mut rest: &[crate::category::Category] = &BUILTIN;
    while let [first, tail @ ..] = rest {
        if same(first.name(), name) {
            return true;
        }
        rest = tail;
    }
    false
}

/// A broker's field name, checked: an identifier that is not one of the
/// export format's own names.
#[allow(clippy::panic)] // Const evaluation: a compile error.
pub(crate) const fn field(name: &'static str) -> &'static str {
    if !is_identifier(name) {
        panic!("a field name is 1 to 64 ASCII letters, digits and `_`");
    }
    if reserved_field(name) {
        panic!("a broker's field may not take `subject_id` or a built-in field's column name");
    }
    name
}

/// A broker's category name, checked: an identifier that is not a built-in
/// category's name.
#[allow(clippy::panic)] // Const evaluation: a compile error.
pub(crate) const fn category(name: &'static str) -> &'static str {
    if !is_identifier(name) {
        panic!("a category name is 1 to 64 ASCII letters, digits and `_`");
    }
    if builtin_category(name) {
        panic!("a broker's category may not take a built-in category's name");
    }
    name
}

/// Whether `name` is one of the columns a field named `head` fills with a
/// value of several columns (suffixes `""` name no extra column).
const fn fills(name: &str, head: &str, suffixes: &[&str]) -> bool {
    let mut rest = suffixes;
    while let [suffix, tail @ ..] = rest {
        if !suffix.is_empty() && joined(name, head, suffix) {
            return true;
        }
        rest = tail;
    }
    false
}

/// Whether two fields of a schema would write the same column or key:
/// the same name, or one named as a column the other's value fills.
const fn clash(a: (&str, &[&str]), b: (&str, &[&str])) -> bool {
    same(a.0, b.0) || fills(a.0, b.0, b.1) || fills(b.0, a.0, a.1)
}

/// Checks that no two fields of a schema write the same column or key.
#[allow(clippy::panic)] // Const evaluation: a compile error.
pub(crate) const fn distinct(fields: &[(&str, &[&str])]) {
    let mut rest = fields;
    while let [first, tail @ ..] = rest {
        let mut others = tail;
        while let [other, others_tail @ ..] = others {
            if clash(*first, *other) {
                panic!("two fields of the schema write the same column or key");
            }
            others = others_tail;
        }
        rest = tail;
    }
}

/// Checks that every name of `required` is one of `names`.
#[allow(clippy::panic)] // Const evaluation: a compile error.
pub(crate) const fn contained(required: &[&str], names: &[&str]) {
    let mut rest = required;
    while let [first, tail @ ..] = rest {
        let mut found = false;
        let mut others = names;
        while let [other, others_tail @ ..] = others {
            found = found || same(first, other);
            others = others_tail;
        }
        if !found {
            panic!("a required field is not in the export's schema");
        }
        rest = tail;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_plain() {
        for good in ["loyalty_tier", "a", "X9_", &"a".repeat(64)] {
            assert!(is_identifier(good), "{good:?}");
        }
        for bad in [
            "",
            "loyalty tier",
            "tier\"",
            "a,b",
            "naïve",
            "x\n",
            &"a".repeat(65),
        ] {
            assert!(!is_identifier(bad), "{bad:?}");
        }
    }

    #[test]
    fn same_and_joined_agree_with_strings() {
        let words = ["", "a", "ab", "a_b", "address", "address_town", "address_"];
        for a in words {
            for b in words {
                assert_eq!(same(a, b), a == b, "{a:?} {b:?}");
                for suffix in ["", "b", "town"] {
                    assert_eq!(
                        joined(a, b, suffix),
                        a == format!("{b}_{suffix}"),
                        "{a:?} {b:?} {suffix:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn reserved_names_are_the_export_format() {
        assert!(reserved_field("subject_id") && reserved_field("address_postcode"));
        assert!(!reserved_field("loyalty_tier"));
        assert!(builtin_category("child_birth_date") && !builtin_category("loyalty_tier"));
    }

    #[test]
    fn clashes_include_expanded_columns() {
        const ADDRESS: &[&str] = &["line1", "line2", "town", "postcode"];
        const ONE: &[&str] = &[""];
        assert!(clash(("home", ADDRESS), ("home_town", ONE)));
        assert!(clash(("home_town", ONE), ("home", ADDRESS)));
        assert!(clash(("tier", ONE), ("tier", ONE)));
        assert!(!clash(("home", ADDRESS), ("homeland", ONE)));
        assert!(!clash(("tier", ONE), ("tier_", ONE)));
    }
}
