//! [`Recipient`]: a named organisation that may receive data.

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

impl Recipient {
    /// Parses a name; an empty or all-blank one is an error.
    pub fn new(name: &str) -> Result<Self, EmptyRecipient> {
        // The usual name is ASCII with single spaces: fold it in one pass.
        let tidy = !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
            && !name.starts_with(' ')
            && !name.ends_with(' ')
            && !name.contains("  ");
        if tidy {
            return Ok(Self {
                display: name.into(),
                key: name.to_ascii_lowercase().into_boxed_str(),
            });
        }
        let display = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if display.is_empty() {
            return Err(EmptyRecipient);
        }
        let key = display.to_lowercase().into_boxed_str();
        Ok(Self {
            display: display.into_boxed_str(),
            key,
        })
    }

    /// The name as written, white space folded.
    pub fn as_str(&self) -> &str {
        &self.display
    }

    /// Whether both name the same organisation.
    pub fn matches(&self, other: &Recipient) -> bool {
        self.key == other.key
    }
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
mod tests {
    use super::*;

    #[test]
    fn blank_names_are_refused() {
        assert_eq!(Recipient::new("  \t").unwrap_err(), EmptyRecipient);
    }

    #[test]
    fn shows_the_folded_name_as_written() {
        let r = Recipient::new("  Acme   Baby Ltd ").unwrap();
        assert_eq!(r.as_str(), "Acme Baby Ltd");
        assert_eq!(r.to_string(), "Acme Baby Ltd");
        assert_eq!(format!("{r:?}"), "\"Acme Baby Ltd\"");
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"Acme Baby Ltd\"");
    }

    #[test]
    fn a_category_is_not_a_name() {
        let party = Recipient::new("Labour Party").unwrap();
        let category = Recipient::new("political parties").unwrap();
        assert!(!party.matches(&category));
    }
}
