//! Fast membership: which tails of phone numbers and postcodes a list holds,
//! and sorted keys behind a bitmap of their hashes, so that nearly every
//! contact point that is not listed is answered without being normalised.

use std::collections::BTreeSet;

use super::*;

/// Which tails (small numbers read off the end of a text) a list holds;
/// `open` when some entry has none, and then every text may be listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Tails {
    pub(super) bits: Box<[u64]>,
    pub(super) open: bool,
}

/// Tails are below this.
pub(super) const TAILS: usize = 1 << 16;

impl Tails {
    pub(super) fn insert(&mut self, tail: Option<usize>) {
        let Some(tail) = tail else {
            self.open = true;
            return;
        };
        if self.bits.is_empty() {
            self.bits = vec![0; TAILS / 64].into_boxed_slice();
        }
        if let Some(w) = self.bits.get_mut(tail % TAILS / 64) {
            *w |= 1 << (tail % 64);
        }
    }

    /// Whether a text with this tail may be listed.
    pub(super) fn may_hold(&self, tail: Option<usize>) -> bool {
        match tail {
            Some(tail) if !self.open => self
                .bits
                .get(tail % TAILS / 64)
                .is_some_and(|w| w & (1 << (tail % 64)) != 0),
            _ => true,
        }
    }
}

/// The tail of a listed key, read off its normalised form.
pub(super) fn tail_of(key: &impl KeyOf, tail: fn(&str) -> Option<usize>) -> Option<usize> {
    let mut text = String::new();
    key.write(&mut text)?;
    tail(&text)
}

/// The last four digits of a telephone number, if it has at least eight:
/// they are the same in every form of the number (a shorter one could
/// lose digits to the `+44` prefix).
pub(super) fn phone_tail(number: &str) -> Option<usize> {
    let (mut tail, mut place, mut digits) = (0, 1, 0);
    for b in number.bytes().rev().filter(u8::is_ascii_digit) {
        if digits < 4 {
            tail += usize::from(b - b'0') * place;
            place *= 10;
        }
        digits += 1;
    }
    (digits >= 8).then_some(tail)
}

/// The last three characters of a postcode, white space left out and
/// upper-cased, if they are ASCII.
pub(super) fn postcode_tail(postcode: &str) -> Option<usize> {
    let mut tail = 0;
    let mut taken = 0;
    for b in postcode.bytes().rev() {
        if !b.is_ascii() {
            return None;
        }
        if b.is_ascii_whitespace() || b == 0x0B {
            continue;
        }
        tail = tail * 256 + usize::from(b.to_ascii_uppercase());
        taken += 1;
        if taken == 3 {
            break;
        }
    }
    // Three bytes into sixteen bits, every byte weighing in.
    Some((tail.wrapping_mul(0x9E37_79B1) >> 8) % TAILS)
}

/// A bitmap of key hashes: "not listed" for nearly every key that is not,
/// without building it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Bitmap(pub(super) Box<[u64]>);

impl Bitmap {
    pub(super) fn set(&mut self, key: &impl KeyOf) {
        let Some((word, bit)) = slot(key) else { return };
        if self.0.is_empty() {
            self.0 = vec![0; (BITS / 64) as usize].into_boxed_slice();
        }
        if let Some(w) = self.0.get_mut(word) {
            *w |= bit;
        }
    }

    pub(super) fn maybe(&self, key: &impl KeyOf) -> bool {
        slot(key).is_some_and(|(word, bit)| self.0.get(word).is_some_and(|w| w & bit != 0))
    }
}

/// A sorted set of normalised keys, with a bitmap of their hashes. A set,
/// not a sorted vector, so that adding a key costs the logarithm of the
/// list's length, not its length, and a list of millions of numbers (a
/// preference service's) builds in time close to its length, not its
/// square (`cargo bench --bench export -- suppression`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Keys {
    pub(super) sorted: BTreeSet<String>,
    pub(super) seen: Bitmap,
}

/// Bits in a hash bitmap.
pub(super) const BITS: u64 = 1 << 16;

/// The word and bit of a key's hash in the bitmap.
pub(super) fn slot(key: &impl KeyOf) -> Option<(usize, u64)> {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    key.write(&mut h)?;
    let bit = (h.0 ^ (h.0 >> 32)) % BITS;
    Some(((bit / 64) as usize, 1 << (bit % 64)))
}

impl Keys {
    pub(super) fn insert(&mut self, key: &impl KeyOf) {
        let mut text = String::new();
        if key.write(&mut text).is_none() {
            return;
        }
        self.seen.set(key);
        self.sorted.insert(text);
    }

    /// Whether the key is listed: its hash first, which settles nearly
    /// every unlisted key; then the key, built in place (or as a `String`
    /// when it does not fit) and searched.
    pub(super) fn holds(&self, key: &impl KeyOf) -> bool {
        if self.sorted.is_empty() || !self.seen.maybe(key) {
            return false;
        }
        let mut short = Key::new();
        let long;
        let bytes: &[u8] = if key.write(&mut short).is_some() {
            short.bytes()
        } else {
            let mut text = String::new();
            let _ = key.write(&mut text);
            long = text;
            long.as_bytes()
        };
        // A key is written from text, so it is text; were it not, it would
        // be no listed key.
        std::str::from_utf8(bytes).is_ok_and(|key| self.sorted.contains(key))
    }

    pub(super) fn len(&self) -> usize {
        self.sorted.len()
    }
}
