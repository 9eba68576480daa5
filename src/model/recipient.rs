//! [`Recipient`]: a named organisation that may receive data, and
//! [`RecipientList`]: the names one consent gives.

use std::fmt;

use serde::{Serialize, Serializer};

/// An organisation's name, as consent names it or a buyer declares it.
///
/// Two names match when they are equal after trimming, folding runs of
/// white space to one space and lower-casing: `"Labour  Party"` matches
/// `"labour party"`. Nothing else matches: a category of recipients
/// ("political parties", "selected partners") is just another name, and
/// covers nobody but an organisation of exactly that name.
///
/// ```
/// use consent_gate::Recipient;
/// let named = Recipient::new("Acme Baby Products Ltd").unwrap();
/// assert!(named.matches(&Recipient::new(" acme baby   products ltd").unwrap()));
/// assert!(!named.matches(&Recipient::new("Acme").unwrap()));
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Recipient {
    display: Box<str>,
    key: Box<str>,
}

/// A recipient name with no visible character.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a recipient name must not be empty")]
pub struct EmptyRecipient;

/// Whether a name is already folded and ASCII, the usual case: then its
/// display text is the name itself and its key the name lower-cased, with
/// no allocation to find them.
fn is_tidy(name: &str) -> bool {
    // One pass: visible ASCII, single spaces, none at either end.
    let mut after_space = true;
    for b in name.bytes() {
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if b.is_ascii_graphic() {
            after_space = false;
        } else {
            return false;
        }
    }
    !after_space
}

/// A name's display text (white space folded) and its key, for a name
/// that is not [tidy](is_tidy); `None` for a blank name.
fn fold(name: &str) -> Option<(String, String)> {
    let display = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = display.to_lowercase();
    (!display.is_empty()).then_some((display, key))
}

/// [`Recipient::new`]: `"Acme Ltd".parse::<Recipient>()`.
impl std::str::FromStr for Recipient {
    type Err = EmptyRecipient;

    fn from_str(name: &str) -> Result<Self, EmptyRecipient> {
        Self::new(name)
    }
}

impl Recipient {
    /// Parses a name; an empty or all-blank one is an error.
    pub fn new(name: &str) -> Result<Self, EmptyRecipient> {
        if is_tidy(name) {
            return Ok(Self {
                display: name.into(),
                key: name.to_ascii_lowercase().into_boxed_str(),
            });
        }
        let (display, key) = fold(name).ok_or(EmptyRecipient)?;
        Ok(Self {
            display: display.into_boxed_str(),
            key: key.into_boxed_str(),
        })
    }

    /// A name no declaration or consent can give (they are never blank):
    /// it matches nobody, for a registry that must refuse everything.
    #[cfg(feature = "testkit")]
    pub(crate) fn nobody() -> Self {
        Self {
            display: "".into(),
            key: "".into(),
        }
    }

    /// The name as written, white space folded.
    pub fn as_str(&self) -> &str {
        &self.display
    }

    /// Whether both name the same organisation.
    #[inline]
    pub fn matches(&self, other: &Recipient) -> bool {
        self.key == other.key
    }
}

/// The organisations one consent names, in order.
///
/// Every name's key and display text are kept end to end in one
/// allocation, so a scope with any number of names costs one allocation to
/// read and one block of memory to check. Built by
/// [`ConsentScopeBuilder::recipient`](crate::ConsentScopeBuilder::recipient);
/// reached through [`ConsentScope::recipients`](crate::ConsentScope::recipients).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use consent_gate::{ConsentScope, NoticeVersion, Purposes, Recipient};
///
/// let given = Utc.with_ymd_and_hms(2016, 5, 1, 9, 0, 0).unwrap();
/// let scope = ConsentScope::builder(Purposes::THIRD_PARTY_MARKETING, NoticeVersion(3), given)
///     .recipient("Acme  Baby Products Ltd")
///     .recipient("Zed Prams")
///     .build()
///     .unwrap();
/// let names: Vec<&str> = scope.recipients().iter().collect();
/// assert_eq!(names, ["Acme Baby Products Ltd", "Zed Prams"]);
/// assert!(scope.recipients().contains(&Recipient::new("zed prams").unwrap()));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct RecipientList {
    /// `key TAB display`, one per name, separated by LF. Neither separator
    /// survives folding, so neither can occur inside a name.
    text: Box<str>,
    /// The first name's key, kept inside the scope when it is short.
    first: FirstKey,
}

/// The longest first key kept inside the scope.
const INLINE_KEY: usize = 23;

/// The first name's key, inside the scope, so that checking the usual
/// consent (one name, the buyer's or not) reads no other memory: byte 0
/// holds the key's length (0 when the key is longer than [`INLINE_KEY`]
/// or there is no name) and, in its high bit, whether more names follow;
/// the key's bytes follow.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
struct FirstKey([u8; 1 + INLINE_KEY]);

impl FirstKey {
    const MORE: u8 = 0x80;

    fn of(text: &str) -> Self {
        let mut first = [0u8; 1 + INLINE_KEY];
        // Bytes, not `char`s: both ends are ASCII, and a `char` pattern's
        // searcher cost more than the short text it searched.
        let text = text.as_bytes();
        let key = text.get(..memchr::memchr(KEY_END, text).unwrap_or(text.len()));
        let key = key.unwrap_or_default();
        let [head, bytes @ ..] = &mut first;
        if let (Some(slot), Ok(len)) = (bytes.get_mut(..key.len()), u8::try_from(key.len())) {
            slot.copy_from_slice(key);
            *head = len;
        }
        if memchr::memchr(NAME_END, text).is_some() {
            *head |= Self::MORE;
        }
        Self(first)
    }

    /// `Some(answer)` when this key settles whether `key` is named: it
    /// matches, or it is the only name. `None` when the list must be read.
    #[inline]
    fn settles(&self, key: &[u8]) -> Option<bool> {
        let [head, bytes @ ..] = &self.0;
        let len = usize::from(head & !Self::MORE);
        if len == 0 {
            return None;
        }
        let first = bytes.get(..len).unwrap_or_default();
        if first == key {
            Some(true)
        } else if head & Self::MORE == 0 {
            Some(false)
        } else {
            None
        }
    }
}

/// Between a name's key and its display text.
const KEY_END: u8 = b'\t';
/// Between names.
const NAME_END: u8 = b'\n';

impl RecipientList {
    /// Appends a name to the text of a list being built; `false`, with
    /// nothing appended, for a blank name.
    pub(crate) fn push(text: &mut String, name: &str) -> bool {
        let folded = if is_tidy(name) {
            None
        } else {
            match fold(name) {
                Some(folded) => Some(folded),
                None => return false,
            }
        };
        let separator = !text.is_empty();
        // Exactly: the list is boxed once built, which would give back any
        // room to spare with a copy.
        text.reserve_exact(entry_room(separator, name, folded.as_ref()));
        if separator {
            text.push(char::from(NAME_END));
        }
        match folded {
            None => {
                let start = text.len();
                text.push_str(name);
                if let Some(key) = text.get_mut(start..) {
                    key.make_ascii_lowercase();
                }
                text.push(char::from(KEY_END));
                text.push_str(name);
            }
            Some((display, key)) => {
                text.push_str(&key);
                text.push(char::from(KEY_END));
                text.push_str(&display);
            }
        }
        true
    }

    /// The list whose text [`push`](Self::push) built.
    pub(crate) fn from_text(text: String) -> Self {
        Self {
            first: FirstKey::of(&text),
            text: text.into_boxed_str(),
        }
    }

    /// Whether `who` is among the names, compared by their keys' bytes:
    /// first the first name's key kept inside the scope, then, if that
    /// does not settle it, every name where it starts.
    #[inline]
    pub fn contains(&self, who: &Recipient) -> bool {
        let key = who.key.as_bytes();
        if let Some(answer) = self.first.settles(key) {
            return answer;
        }
        let mut rest = self.text.as_bytes();
        loop {
            if rest.get(key.len()) == Some(&KEY_END) && rest.get(..key.len()) == Some(key) {
                return true;
            }
            match memchr::memchr(NAME_END, rest) {
                Some(end) => rest = rest.get(end + 1..).unwrap_or_default(),
                None => return false,
            }
        }
    }

    /// The names as written, white space folded, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.text
            .split(char::from(NAME_END))
            .filter_map(|name| name.split_once(char::from(KEY_END)))
            .map(|(_, display)| display)
    }

    /// How many names there are.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether no organisation is named.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

impl fmt::Debug for RecipientList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for RecipientList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The bytes a name's entry takes: room reserved at once, for a first name
/// exactly, so a list is allocated once and never shrunk.
fn entry_room(separator: bool, name: &str, folded: Option<&(String, String)>) -> usize {
    let entry = match folded {
        None => 2 * name.len() + 1,
        Some((display, key)) => key.len() + 1 + display.len(),
    };
    usize::from(separator) + entry
}

impl fmt::Debug for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.display, f)
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

impl Serialize for Recipient {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.display)
    }
}

#[cfg(test)]
mod tests;
