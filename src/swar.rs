//! Eight bytes at a time ("SIMD within a register"), in safe code: the
//! CSV writer's scan of a cell for the bytes that make it quoted, four
//! needles at once, which `memchr` (three at most) cannot do in one pass.

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
