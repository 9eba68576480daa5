//! Byte searches and comparisons eight bytes at a time ("SIMD within a
//! register"), in safe code: for the short fields, cells and names the
//! crate scans, cheaper than a call to a general search.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// `byte` in every byte of a word.
pub(crate) const fn splat(byte: u8) -> u64 {
    ONES * byte as u64
}

/// The high bit of each zero byte of `v`: the classic has-zero-byte test.
/// A borrow can mark a byte above a true zero byte too, never below, so
/// the lowest mark is always exact.
pub(crate) const fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(ONES) & !v & HIGHS
}

/// The position of the first `byte` in `haystack`.
pub(crate) fn find(haystack: &[u8], byte: u8) -> Option<usize> {
    let (words, rest) = haystack.as_chunks::<8>();
    for (i, word) in words.iter().enumerate() {
        let marks = zero_bytes(u64::from_le_bytes(*word) ^ splat(byte));
        if marks != 0 {
            return Some(i * 8 + (marks.trailing_zeros() / 8) as usize);
        }
    }
    rest.iter()
        .position(|b| *b == byte)
        .map(|at| words.len() * 8 + at)
}

/// Byte equality, eight bytes at a time, inlined: recipient names are
/// short, and a call to `memcmp` for each was half of the consent check's
/// time.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (a_words, a_rest) = a.as_chunks::<8>();
    let (b_words, b_rest) = b.as_chunks::<8>();
    let differ = a_words.iter().zip(b_words).fold(0, |acc, (x, y)| {
        acc | (u64::from_ne_bytes(*x) ^ u64::from_ne_bytes(*y))
    });
    // The last up to seven bytes: as the word that ends the name when
    // there is one (overlapping the last whole word), else byte by byte.
    let last_word = |s: &[u8]| s.last_chunk::<8>().map(|w| u64::from_ne_bytes(*w));
    let tail = match (last_word(a), last_word(b)) {
        (Some(x), Some(y)) => x ^ y,
        _ => a_rest
            .iter()
            .zip(b_rest)
            .fold(0, |acc, (x, y)| acc | u64::from(x ^ y)),
    };
    (differ | tail) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_agrees_with_a_byte_scan() {
        let text = b";a;;\x00\xff;b\x3a\x3c;;\x01;xxxxxxxxxxxxxxx;\x3b".to_vec();
        for start in 0..text.len() {
            for end in start..=text.len() {
                let hay = &text[start..end];
                for byte in [b';', 0, 0xff, b'x', b'q', 0x3a] {
                    assert_eq!(
                        find(hay, byte),
                        hay.iter().position(|b| *b == byte),
                        "{hay:?} {byte}"
                    );
                }
            }
        }
    }

    #[test]
    fn bytes_compare_whole_words_and_tails() {
        for len in 0..20 {
            let a: Vec<u8> = (0..len).map(|i| b'a' + i as u8).collect();
            assert!(same_bytes(&a, &a.clone()));
            for i in 0..len {
                let mut b = a.clone();
                b[i as usize] ^= 1;
                assert!(!same_bytes(&a, &b), "{len} {i}");
            }
            assert!(!same_bytes(&a, &a[..a.len().saturating_sub(1)]) || len == 0);
            // Two equal differences must not cancel out.
            for i in 0..len {
                for j in i + 1..len {
                    let mut b = a.clone();
                    b[i as usize] ^= 1;
                    b[j as usize] ^= 1;
                    assert!(!same_bytes(&a, &b), "{len} {i} {j}");
                }
            }
        }
    }
}
