//! [`Memo`]: the parsed values of texts a column has held before.

use super::error::FieldProblem;
use super::spare::Spare;
use crate::category::Categories;
use crate::purpose::Purposes;

/// How many distinct texts a column remembers.
const ENTRIES: usize = 8;
/// The longest text remembered.
const LONGEST: usize = 256;

/// The first few distinct texts of one column, with their parsed values.
///
/// Consent columns repeat: every form of the broker's grants the same
/// purposes and the same categories. A row
/// whose text was seen before is not parsed again. Only texts that parsed
/// are kept, at most [`ENTRIES`] of at most [`LONGEST`] bytes, so the
/// memory is bounded and a bad text is reported every time.
#[derive(Debug)]
pub(crate) struct Memo<T> {
    seen: Vec<(Box<str>, T)>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self { seen: Vec::new() }
    }
}

impl<T: Copy> Memo<T> {
    /// The value of `text`, remembered or parsed with `parse`.
    pub(crate) fn get(
        &mut self,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, FieldProblem>,
    ) -> Result<T, FieldProblem> {
        if let Some((_, value)) = self.seen.iter().find(|(seen, _)| **seen == *text) {
            return Ok(*value);
        }
        let value = parse(text)?;
        if self.seen.len() < ENTRIES && text.len() <= LONGEST {
            self.seen.push((text.into(), value));
        }
        Ok(value)
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
        assert_eq!(memo.get("x", parse), Err(FieldProblem::Number));
        assert_eq!(memo.get("x", parse), Err(FieldProblem::Number));
        assert_eq!(memo.get("8", parse), Ok(8));
        assert_eq!(parses.get(), 4);
        for n in 0..20 {
            assert_eq!(memo.get(&n.to_string(), parse), Ok(n));
        }
        assert_eq!(memo.seen.len(), ENTRIES);

        // A text longer than LONGEST is parsed but not kept, even with room.
        let mut memo = Memo::default();
        let long = "1".repeat(LONGEST + 1);
        assert_eq!(memo.get(&long, |_| Ok(1)), Ok(1));
        assert!(memo.seen.is_empty());
        let longest = "1".repeat(LONGEST);
        assert_eq!(memo.get(&longest, |_| Ok(2)), Ok(2));
        assert_eq!(memo.seen.len(), 1);
    }
}
