//! [`Memo`]: the parsed values of texts a column has held before.

use super::error::FieldProblem;
use super::spare::Spare;
use crate::category::Categories;
use crate::purpose::Purposes;

/// How many distinct texts a column remembers.
const ENTRIES: usize = 128;
/// The longest text remembered.
const LONGEST: usize = 256;

/// Texts of one column with their parsed values, a few of them.
///
/// Consent columns repeat: the broker's forms grant a handful of
/// combinations of purposes and of categories, a few of them far more
/// often than the rest. A row whose text is remembered is not parsed
/// again. Each text has one place, chosen from its length and two of its
/// bytes; a text parsed there takes the place of the one before, so the
/// texts that come often stay. Only texts that parsed are kept, at most
/// [`ENTRIES`] of at most [`LONGEST`] bytes, each place's memory reused, so
/// the memory is bounded and a bad text is reported every time.
#[derive(Debug)]
pub(crate) struct Memo<T> {
    places: Vec<Place<T>>,
}

/// One place of a [`Memo`]: a text and its value, or nothing yet.
#[derive(Debug)]
struct Place<T> {
    text: String,
    value: Option<T>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self { places: Vec::new() }
    }
}

/// The place of `text`: its length, its middle byte and its last mixed
/// (texts of one column differ mostly there), within [`ENTRIES`].
fn place_of(text: &str) -> usize {
    let bytes = text.as_bytes();
    let middle = bytes.get(bytes.len() / 2).copied().unwrap_or(0);
    let last = bytes.last().copied().unwrap_or(0);
    let mixed = bytes
        .len()
        .wrapping_mul(31)
        .wrapping_add(usize::from(middle).wrapping_mul(7))
        .wrapping_add(usize::from(last));
    mixed % ENTRIES
}

impl<T: Copy> Memo<T> {
    /// The value of `text`, remembered or parsed with `parse`.
    pub(crate) fn get(
        &mut self,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, FieldProblem>,
    ) -> Result<T, FieldProblem> {
        if self.places.is_empty() {
            self.places.resize_with(ENTRIES, || Place {
                text: String::new(),
                value: None,
            });
        }
        let place = self.places.get_mut(place_of(text));
        if let Some(Place {
            text: seen,
            value: Some(value),
        }) = place.as_deref()
            && seen == text
        {
            return Ok(*value);
        }
        let value = parse(text)?;
        if let Some(place) = place
            && text.len() <= LONGEST
        {
            place.text.clear();
            place.text.push_str(text);
            place.value = Some(value);
        }
        Ok(value)
    }

    /// How many texts are remembered.
    #[cfg(test)]
    fn remembered(&self) -> usize {
        self.places.iter().filter(|p| p.value.is_some()).count()
    }
}

/// One reader's memos of its consent list columns, and the memory of the
/// last record it was given back ([`Spare`]).
#[derive(Debug, Default)]
pub(crate) struct Memos {
    pub(crate) purposes: Memo<Purposes>,
    pub(crate) categories: Memo<Categories>,
    pub(crate) spare: Spare,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_what_parsed_and_nothing_else() {
        let mut memo = Memo::default();
        let parses = std::cell::Cell::new(0);
        let parse = |text: &str| {
            parses.set(parses.get() + 1);
            text.parse::<u32>().map_err(|_| FieldProblem::Number)
        };
        assert_eq!(memo.get("7", parse), Ok(7));
        assert_eq!(memo.get("7", parse), Ok(7));
        assert_eq!(parses.get(), 1);
        // A bad text is parsed, and refused, every time.
        assert_eq!(memo.get("x", parse), Err(FieldProblem::Number));
        assert_eq!(memo.get("x", parse), Err(FieldProblem::Number));
        assert_eq!(parses.get(), 3);
        // However many texts come, no more than ENTRIES are kept, each
        // with its own value.
        for n in 0..200 {
            assert_eq!(memo.get(&n.to_string(), parse), Ok(n));
        }
        assert!(memo.remembered() <= ENTRIES);
        assert!(memo.remembered() > ENTRIES / 2, "{}", memo.remembered());
        for n in 0..200 {
            assert_eq!(memo.get(&n.to_string(), parse), Ok(n));
        }
        // A text that comes again and again stays, whatever comes between.
        let before = parses.get();
        for n in 0..50 {
            assert_eq!(memo.get("12345", parse), Ok(12345));
            assert_eq!(memo.get(&n.to_string(), parse), Ok(n));
        }
        assert!(parses.get() - before < 60, "{}", parses.get() - before);

        // A text longer than LONGEST is parsed but not kept, even with room.
        let mut memo = Memo::default();
        let long = "1".repeat(LONGEST + 1);
        assert_eq!(memo.get(&long, |_| Ok(1)), Ok(1));
        assert_eq!(memo.remembered(), 0);
        let longest = "1".repeat(LONGEST);
        assert_eq!(memo.get(&longest, |_| Ok(2)), Ok(2));
        assert_eq!(memo.remembered(), 1);
        assert_eq!(memo.get(&longest, |_| Err(FieldProblem::Number)), Ok(2));
    }
}
