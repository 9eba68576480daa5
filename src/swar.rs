//! Bytes found eight at a time in a `u64` ("SIMD within a register"), in
//! safe code: the CSV reader's commas and quotes, the CSV writer's bytes
//! that need quotes, the JSON writers' bytes that need escaping.

/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x7F` in every byte.
const LOWS: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// `byte` in every byte of a word.
pub(crate) const fn splat(byte: u8) -> u64 {
    ONES * byte as u64
}

/// The word of the first eight bytes of `bytes`, the first byte lowest.
#[inline]
pub(crate) fn word(bytes: &[u8; 8]) -> u64 {
    u64::from_le_bytes(*bytes)
}

/// The high bit of each byte of `v` that is zero, and of no other: each
/// byte's low seven bits plus `0x7F` carry into its high bit unless they
/// are all zero, and never into the next byte.
#[inline]
pub(crate) const fn zero_bytes(v: u64) -> u64 {
    !(((v & LOWS).wrapping_add(LOWS)) | v | LOWS)
}

/// The high bit of each byte of `w` equal to `byte` (given as
/// [`splat`]`(byte)`).
#[inline]
pub(crate) const fn equal_bytes(w: u64, splatted: u64) -> u64 {
    zero_bytes(w ^ splatted)
}

/// The high bit of each byte of `w` below `n` (at most `0x80`), and of no
/// other: a byte's low seven bits plus `0x80 - n` reach its high bit
/// exactly when they are `n` or more, without carrying into the next
/// byte; a byte with its high bit set is never below.
#[inline]
pub(crate) const fn bytes_below(w: u64, n: u8) -> u64 {
    !(((w & LOWS).wrapping_add(splat(0x80 - n))) | w) & !LOWS
}

/// The index of the lowest byte a mask of high bits marks.
#[inline]
pub(crate) const fn first_marked(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value, at every place of a word, among every other
    /// value: a byte is marked exactly where it equals the needle.
    #[test]
    fn marks_exactly_the_equal_bytes() {
        for needle in [0u8, b',', b'"', b'\n', 0x80, 0xFF] {
            for value in 0..=255u8 {
                for place in 0..8 {
                    for filler in [0u8, needle, needle.wrapping_add(1), 0x80, 0xFF] {
                        let mut bytes = [filler; 8];
                        bytes[place] = value;
                        let mask = equal_bytes(word(&bytes), splat(needle));
                        for (i, b) in bytes.iter().enumerate() {
                            let marked = mask & (0x80 << (8 * i)) != 0;
                            assert_eq!(marked, *b == needle, "{bytes:?} {needle} at {i}");
                        }
                        assert_eq!(mask & !0x8080_8080_8080_8080, 0);
                    }
                }
            }
        }
        assert_eq!(first_marked(equal_bytes(word(b"ab,c,d,e"), splat(b','))), 2);
    }

    /// Every byte value, at every place of a word, among other values: a
    /// byte is marked exactly where it is below the bound.
    #[test]
    fn marks_exactly_the_bytes_below() {
        for n in [0u8, 1, 0x20, 0x7F, 0x80] {
            for value in 0..=255u8 {
                for place in 0..8 {
                    for filler in [0u8, 0x1F, 0x20, 0x7F, 0x80, 0xFF] {
                        let mut bytes = [filler; 8];
                        bytes[place] = value;
                        let mask = bytes_below(word(&bytes), n);
                        for (i, b) in bytes.iter().enumerate() {
                            let marked = mask & (0x80 << (8 * i)) != 0;
                            assert_eq!(marked, *b < n, "{bytes:?} below {n} at {i}");
                        }
                    }
                }
            }
        }
    }
}
