//! Eight bytes at a time ("SIMD within a register", in safe code): the
//! word scans of the CSV reader and writer.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// `byte` in every byte of a word.
pub(crate) const fn splat(byte: u8) -> u64 {
    ONES * byte as u64
}

/// The high bit of each zero byte of `v`: the classic has-zero-byte test.
/// A borrow can mark a byte above a true zero byte too, never below, so
/// the lowest mark is always exact, and a word has a mark if and only if
/// it has a zero byte.
pub(crate) const fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(ONES) & !v & HIGHS
}

/// The high bit of each zero byte of `v`, and of no other: no borrow
/// crosses from one byte to the next.
pub(crate) const fn zero_bytes_exact(v: u64) -> u64 {
    let low_bits_set = (v & !HIGHS).wrapping_add(!HIGHS);
    !(low_bits_set | v | !HIGHS)
}

/// The word of eight bytes, the first the lowest.
pub(crate) fn word(bytes: &[u8; 8]) -> u64 {
    u64::from_le_bytes(*bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value in every position, beside every other: the exact
    /// marks are the zero bytes, and the classic test marks a word with a
    /// zero byte, its lowest mark exact.
    #[test]
    fn marks_are_the_zero_bytes() {
        for a in 0..=255u8 {
            for b in [0u8, 1, 0x7F, 0x80, 0x81, 0xFF, a] {
                for at in 0..8 {
                    let mut bytes = [b; 8];
                    bytes[at] = a;
                    let v = word(&bytes);
                    let expected: u64 = (0..8)
                        .filter(|&i| bytes[i] == 0)
                        .map(|i| 0x80u64 << (8 * i))
                        .sum();
                    assert_eq!(zero_bytes_exact(v), expected, "{bytes:?}");
                    assert_eq!(zero_bytes(v) != 0, expected != 0, "{bytes:?}");
                    assert_eq!(
                        zero_bytes(v).trailing_zeros(),
                        expected.trailing_zeros(),
                        "{bytes:?}"
                    );
                }
            }
        }
    }
}
