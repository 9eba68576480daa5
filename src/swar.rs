//! Byte searches eight bytes at a time ("SIMD within a register"), in
//! safe code: for the short fields and cells the readers and writers
//! scan, cheaper than a call to a general search.

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
}
