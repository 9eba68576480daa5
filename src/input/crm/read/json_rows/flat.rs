//! [`flat_row`]: a JSON Lines row in its usual form read without
//! serde_json, which reads every other.
//!
//! A CRM row is one flat object of string values with no escapes. Read
//! with serde_json, each key and each value go through its general string
//! scanner and its visitor; here, one pass checks that the line holds no
//! escape and no control character, then each key is compared with the
//! name of the column after the last key's (rows are written in the form's
//! order) and each other string ends at the next quote. Anything else
//! (an escape, a tab, a number, a nested value, a comma too many) is left
//! to serde_json, which reads it, or refuses it, as before: this path
//! accepts a line only where serde_json reads the same row from it, which
//! the tests check on every line they make.

use std::borrow::Cow;

use super::{ColumnSet, JsonRow, MAX_COLUMNS};
use crate::swar::{equal_bytes, first_marked, splat, word};

/// The row of `text` (one line, its line end included) when it is an
/// object of string values, without escapes or control characters, with
/// nothing but spaces between its tokens; `None` for any other line.
pub(super) fn flat_row<C: ColumnSet>(text: &str) -> Option<JsonRow<'_, C>> {
    let json_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|b| !json_space(b))?;
    let end = bytes.iter().rposition(|b| !json_space(b))? + 1;
    let body = bytes.get(start..end)?;
    // No escape, and no control character (in a string, JSON refuses one;
    // between tokens, a tab is left to serde_json), over the whole line at
    // once, in a loop the compiler runs many bytes at a time.
    if body
        .iter()
        .fold(false, |bad, &b| bad | (b < 0x20) | (b == b'\\'))
    {
        return None;
    }
    let mut slots: [Option<Cow<'_, str>>; MAX_COLUMNS] = Default::default();
    let mut repeated = None;
    let mut at = Cursor { body, at: 0 };
    at.take(b'{')?;
    at.spaces();
    if at.peek() == Some(b'}') {
        at.at += 1;
        return at.done().then_some(JsonRow { slots, repeated });
    }
    // The column whose key is looked for first: the one after the last
    // key's, as the crate and serde write a row's keys in the form's order.
    let mut next = 0;
    loop {
        let column = match at.known_key(C::ALL.get(next).copied()) {
            Some(column) => Some(column),
            None => C::from_name(at.string(text, start)?),
        };
        at.spaces();
        at.take(b':')?;
        at.spaces();
        let value = at.string(text, start)?;
        if let Some(column) = column {
            next = column.index() + 1;
        }
        if let Some(slot) = column.and_then(|c| slots.get_mut(c.index())) {
            // A key given twice: the last value, and the key named, as
            // serde_json's path keeps them.
            if slot.is_some() {
                repeated = repeated.or(column);
            }
            *slot = Some(Cow::Borrowed(value));
        }
        at.spaces();
        match at.peek()? {
            b',' => {
                at.at += 1;
                at.spaces();
            }
            b'}' => {
                at.at += 1;
                return at.done().then_some(JsonRow { slots, repeated });
            }
            _ => return None,
        }
    }
}

/// Where the reading of an object's bytes stands.
struct Cursor<'a> {
    body: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.body.get(self.at).copied()
    }

    /// Steps over `byte` if it is the one here; `None` if it is not.
    fn take(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
    }

    /// Whether the object ended the line.
    fn done(&self) -> bool {
        self.at == self.body.len()
    }

    /// `column`'s key, if it is the string here: a comparison of its name,
    /// where finding the string's end and then its column would cost more.
    fn known_key<C: ColumnSet>(&mut self, column: Option<C>) -> Option<C> {
        let column = column?;
        let name = column.name().as_bytes();
        let rest = self.body.get(self.at..)?;
        let quoted = rest.first() == Some(&b'"')
            && rest.get(1..=name.len()) == Some(name)
            && rest.get(name.len() + 1) == Some(&b'"');
        quoted.then(|| {
            self.at += name.len() + 2;
            column
        })
    }

    /// A string: its text, between its quotes, taken from `text`, where
    /// the body starts at `offset`.
    fn string<'t>(&mut self, text: &'t str, offset: usize) -> Option<&'t str> {
        self.take(b'"')?;
        let rest = self.body.get(self.at..)?;
        let len = quote(rest)?;
        let from = offset + self.at;
        self.at += len + 1;
        // The quotes are ASCII, so the string lies on character bounds.
        text.get(from..from + len)
    }
}

/// Where the first quote of `bytes` is, eight bytes at a time (see
/// [`swar`](crate::swar)): a row's strings are short, and a call of
/// `memchr` per string cost more than the string.
fn quote(bytes: &[u8]) -> Option<usize> {
    const QUOTES: u64 = splat(b'"');
    let (words, rest) = bytes.as_chunks::<8>();
    for (i, w) in words.iter().enumerate() {
        let marks = equal_bytes(word(w), QUOTES);
        if marks != 0 {
            return Some(8 * i + first_marked(marks));
        }
    }
    let at = rest.iter().position(|&b| b == b'"')?;
    Some(8 * words.len() + at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::Column;
    use crate::synthetic::Synthetic;

    /// What a row reads as: its slots and the key it repeats.
    type Seen = (Vec<Option<String>>, Option<Column>);

    fn seen(row: JsonRow<'_, Column>) -> Seen {
        let slots = row.slots.iter().map(|s| s.as_deref().map(str::to_owned));
        (slots.collect(), row.repeated)
    }

    /// The fast path's row, if it takes the line; then serde_json must
    /// read the same row from it.
    fn agrees(line: &str) -> Option<Seen> {
        let fast = flat_row::<Column>(line).map(seen);
        if let Some(fast) = &fast {
            let slow = serde_json::from_str::<JsonRow<'_, Column>>(line).map(seen);
            assert_eq!(slow.as_ref().ok(), Some(fast), "{line:?}");
        }
        fast
    }

    fn synthetic_lines() -> Vec<String> {
        let mut dump = Vec::new();
        Synthetic::new(500, 11).write_json_lines(&mut dump).unwrap();
        String::from_utf8(dump)
            .unwrap()
            .split_inclusive('\n')
            .map(str::to_owned)
            .collect()
    }

    /// The usual lines take the fast path, and read as serde_json reads
    /// them.
    #[test]
    fn the_usual_lines_take_the_fast_path() {
        let lines = synthetic_lines();
        let fast = lines.iter().filter(|l| agrees(l).is_some()).count();
        // The synthetic dump's malformed rows hold escapes now and then.
        assert!(fast * 10 >= lines.len() * 9, "{fast} of {}", lines.len());
        for line in [
            "{}",
            " { } \r\n",
            r#"{"town":"Derby"}"#,
            r#"{ "town" : "Derby" , "unknown" : "x" }"#,
            r#"{"town":"Derby","town":"Leeds"}"#,
            r#"{"town":"","postcode":"DE1 1AA","town":"Zoë"}"#,
            // Keys out of the form's order, and keys the expected one is
            // the start of.
            r#"{"town":"Derby","subject_id":"7","parent_name":"A"}"#,
            r#"{"subject_id":"7","parent_namex":"A","parent_name":"B","x":"C"}"#,
            r#"{"subject_id":"7","parent_name":"A","address_line1":"1 High St"}"#,
        ] {
            assert!(agrees(line).is_some(), "{line:?}");
        }
        let (slots, _) =
            agrees(r#"{"subject_id":"7","parent_namex":"A","parent_name":"B"}"#).unwrap();
        assert_eq!(slots[Column::ParentName.index()].as_deref(), Some("B"));
        let twice = agrees(r#"{"town":"Derby","town":"Leeds"}"#).unwrap();
        assert_eq!(twice.1, Some(Column::Town));
        assert!(twice.0.contains(&Some("Leeds".to_owned())));
    }

    /// Lines in any other form are left to serde_json.
    #[test]
    fn other_forms_are_left_to_serde_json() {
        for line in [
            "",
            "{",
            "}",
            r#"{"town":"Der\"by"}"#,
            r#"{"town":"Der\\by"}"#,
            r#"{"town":"Der\u0062y"}"#,
            "{\"town\":\"Der\tby\"}",
            "{\t\"town\":\"Derby\"}",
            r#"{"town":1}"#,
            r#"{"town":null}"#,
            r#"{"town":["Derby"]}"#,
            r#"{"town":{"a":"b"}}"#,
            r#"{"town":"Derby",}"#,
            r#"{"town""Derby"}"#,
            r#"{"town":"Derby""postcode":"x"}"#,
            r#"{"town":"Derby"} x"#,
            r#"{"town":"Derby"}{}"#,
            r#"["town","Derby"]"#,
            r#"{town:"Derby"}"#,
            r#"{"town":"Derby"#,
            r#"{"town":"#,
        ] {
            assert_eq!(flat_row::<Column>(line).map(seen), None, "{line:?}");
        }
    }

    /// Every line made by damaging the usual ones, a byte at a time with
    /// the bytes that matter to JSON: where the fast path takes one,
    /// serde_json reads the same row from it.
    #[test]
    fn damaged_lines_read_as_serde_json_reads_them() {
        let alphabet = [
            b'"', b'\\', b':', b',', b'{', b'}', b' ', b'\t', b'a', b'1', b'\n',
        ];
        let lines = synthetic_lines();
        let mut seed = 0x9e37_79b9_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut taken, mut left) = (0, 0);
        for _ in 0..4_000 {
            let mut bytes = lines[next(lines.len())].clone().into_bytes();
            for _ in 0..=next(3) {
                let at = next(bytes.len() + 1);
                let byte = alphabet[next(alphabet.len())];
                match next(3) {
                    0 => bytes.insert(at, byte),
                    1 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ if at < bytes.len() => bytes[at] = byte,
                    _ => bytes.push(byte),
                }
            }
            let line = String::from_utf8_lossy(&bytes);
            match agrees(&line) {
                Some(_) => taken += 1,
                None => left += 1,
            }
        }
        // Both paths are tried often.
        assert!(taken > 500 && left > 500, "{taken} taken, {left} left");
    }
}
