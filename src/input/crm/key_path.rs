//! [`KeyPath`]: where in a nested JSON record a value is, by the format's
//! own key names and the positions in its arrays.

use std::fmt;

/// One step of a [`KeyPath`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Key(&'static str),
    Index(usize),
}

/// A path into a nested JSON record, such as
/// `services[0].purposes[1].purpose`. Its keys are the format's own names
/// (never text from the record) and its indices count from 0, so it can be
/// shown in any log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(Vec<Step>);

impl KeyPath {
    /// The path of the record as a whole.
    pub fn root() -> Self {
        Self::default()
    }

    /// The path of `key` inside this one.
    #[must_use]
    pub fn key(&self, key: &'static str) -> Self {
        let mut path = self.clone();
        path.0.push(Step::Key(key));
        path
    }

    /// The path of item `index` of the array at this one.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.0.push(Step::Index(index));
        path
    }

    /// The last key of the path: the field's own name.
    pub fn leaf(&self) -> Option<&'static str> {
        self.0.iter().rev().find_map(|step| match step {
            Step::Key(key) => Some(*key),
            Step::Index(_) => None,
        })
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(the record)");
        }
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if i == 0 => f.write_str(key)?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_shows_keys_and_positions() {
        let path = KeyPath::root()
            .key("services")
            .index(0)
            .key("purposes")
            .index(1)
            .key("purpose");
        assert_eq!(path.to_string(), "services[0].purposes[1].purpose");
        assert_eq!(path.leaf(), Some("purpose"));
        assert_eq!(KeyPath::root().to_string(), "(the record)");
        assert_eq!(KeyPath::root().leaf(), None);
    }
}
