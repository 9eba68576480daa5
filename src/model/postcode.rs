//! UK postcodes: whether a text is one, and its outward code (the
//! district), as Royal Mail's format gives them.
//!
//! A postcode is an outward code (an area of one or two letters, then a
//! district: a digit, then a digit or a letter or nothing) and an inward
//! code (a digit and two letters), usually written with a space between
//! them: `LS1 4PL`, `SW1A 1AA`, `M1 1AE`, `B33 8TH`, `CR2 6XH`, `DN55 1PT`.
//! `GIR 0AA` is the one postcode outside that pattern. Case and white space
//! do not matter.

/// The longest postcode, without white space.
const LONGEST: usize = 7;

/// `postcode` upper-cased and without white space, on the stack (the
/// readers check every row's), if it is no longer than a postcode.
fn compact(postcode: &str) -> Option<([u8; LONGEST], usize)> {
    let mut code = [0u8; LONGEST];
    let mut len = 0;
    for b in postcode.bytes().filter(|b| !b.is_ascii_whitespace()) {
        *code.get_mut(len)? = b.to_ascii_uppercase();
        len += 1;
    }
    Some((code, len))
}

/// The outward code of `postcode`, upper-cased and without white space, if
/// it is a UK postcode: `ls1 4pl` and `LS14PL` are both in `LS1`.
pub(crate) fn outward_code(postcode: &str) -> Option<String> {
    let (code, len) = compact(postcode)?;
    let code = code.get(..len)?;
    if !is_compact_postcode(code) {
        return None;
    }
    let outward = code.get(..len.checked_sub(3)?)?;
    String::from_utf8(outward.to_vec()).ok()
}

/// Whether `postcode` is a UK postcode (case and white space aside).
pub(crate) fn is_postcode(postcode: &str) -> bool {
    compact(postcode).is_some_and(|(code, len)| code.get(..len).is_some_and(is_compact_postcode))
}

/// The upper-case, space-free form, checked against the format.
fn is_compact_postcode(code: &[u8]) -> bool {
    if code == b"GIR0AA" {
        return true;
    }
    let Some((outward, inward)) = code.len().checked_sub(3).map(|at| code.split_at(at)) else {
        return false;
    };
    let inward_ok = matches!(inward, [d, a, b] if d.is_ascii_digit()
        && a.is_ascii_alphabetic() && b.is_ascii_alphabetic());
    let letter = |b: &u8| b.is_ascii_alphabetic();
    let digit = |b: &u8| b.is_ascii_digit();
    let outward_ok = match outward {
        // A9, A99, A9A
        [a, d] => letter(a) && digit(d),
        [a, d, x] if digit(d) => letter(a) && (digit(x) || letter(x)),
        // AA9
        [a, b, d] => letter(a) && letter(b) && digit(d),
        // AA99, AA9A
        [a, b, d, x] => letter(a) && letter(b) && digit(d) && (digit(x) || letter(x)),
        _ => false,
    };
    inward_ok && outward_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outward_codes_with_and_without_a_space_in_any_case() {
        for (postcode, outward) in [
            ("LS1 4PL", "LS1"),
            ("LS14PL", "LS1"),
            (" ls1  4pl ", "LS1"),
            ("SW1A 1AA", "SW1A"),
            ("M1 1AE", "M1"),
            ("B33 8TH", "B33"),
            ("CR2 6XH", "CR2"),
            ("DN55 1PT", "DN55"),
            ("W1A 0AX", "W1A"),
            ("EC1A 1BB", "EC1A"),
            ("GIR 0AA", "GIR"),
            ("BS12 3QX", "BS12"),
        ] {
            assert_eq!(
                outward_code(postcode).as_deref(),
                Some(outward),
                "{postcode}"
            );
            assert!(is_postcode(postcode));
        }
    }

    #[test]
    fn malformed_postcodes_have_no_outward_code() {
        for postcode in [
            "",
            " ",
            "LS1",
            "4PL",
            "LS1 4P",
            "LS1 44L",
            "LS1 PL4",
            "1LS 4PL",
            "LSS1 4PL",
            "LS123 4PL",
            "L 4PL",
            "LS1-4PL",
            "LS1 4PL X",
            "LŠ1 4PL",
            "12345",
            "SW1A1AAA",
        ] {
            assert_eq!(outward_code(postcode), None, "{postcode:?}");
            assert!(!is_postcode(postcode));
        }
    }
}
