//! One JSON object of the configuration at its key path: the keys it may
//! hold, and typed reads that name the key on every error.

use super::*;

/// One JSON object of the configuration, at a path, with the keys it may
/// hold.
pub(super) struct Obj<'a> {
    pub(super) map: &'a Map<String, Value>,
    pub(super) path: String,
}

impl<'a> Obj<'a> {
    pub(super) fn new(value: &'a Value, path: String, keys: &[&str]) -> Result<Self> {
        let Value::Object(map) = value else {
            return Err(invalid(&path, "an object"));
        };
        let obj = Self { map, path };
        if let Some(unknown) = map.keys().find(|k| !keys.contains(&k.as_str())) {
            // A misspelt key is named; anything but a plain name is not
            // repeated (a misplaced value may be personal data).
            let shown = if crate::name::is_identifier(unknown) {
                unknown.as_str()
            } else {
                "(a key that is not a plain name)"
            };
            return Err(err(
                format!("{}{shown}", obj.prefix()),
                ConfigProblem::Unknown,
            ));
        }
        Ok(obj)
    }

    pub(super) fn prefix(&self) -> String {
        if self.path.is_empty() {
            String::new()
        } else {
            format!("{}.", self.path)
        }
    }

    pub(super) fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix())
    }

    pub(super) fn optional(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub(super) fn required(&self, key: &str) -> Result<&'a Value> {
        self.optional(key)
            .ok_or_else(|| err(self.key(key), ConfigProblem::Missing))
    }

    pub(super) fn text(&self, key: &str) -> Result<&'a str> {
        self.required(key)?
            .as_str()
            .ok_or_else(|| invalid(&self.key(key), "a string"))
    }

    pub(super) fn number(&self, key: &str, max: u64) -> Result<u64> {
        self.optional_number(key, max)?
            .ok_or_else(|| err(self.key(key), ConfigProblem::Missing))
    }

    pub(super) fn optional_number(&self, key: &str, max: u64) -> Result<Option<u64>> {
        self.optional(key)
            .map(|v| {
                v.as_u64()
                    .filter(|n| *n <= max)
                    .ok_or_else(|| invalid(&self.key(key), "a whole number in range"))
            })
            .transpose()
    }

    /// An optional array, as (path of each item, item).
    pub(super) fn items(&self, key: &str) -> Result<Vec<(String, &'a Value)>> {
        match self.optional(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{}[{i}]", self.key(key)), v))
                .collect()),
            Some(_) => Err(invalid(&self.key(key), "an array")),
        }
    }

    pub(super) fn texts(&self, key: &str) -> Result<Vec<(String, &'a str)>> {
        self.items(key)?
            .into_iter()
            .map(|(path, v)| match v.as_str() {
                Some(s) => Ok((path, s)),
                None => Err(invalid(&path, "a string")),
            })
            .collect()
    }

    /// An optional object, as (key, value) pairs in key order.
    pub(super) fn entries(&self, key: &str) -> Result<Vec<(&'a str, &'a Value)>> {
        match self.optional(key) {
            None => Ok(Vec::new()),
            Some(Value::Object(map)) => Ok(map.iter().map(|(k, v)| (k.as_str(), v)).collect()),
            Some(_) => Err(invalid(&self.key(key), "an object")),
        }
    }

    /// A value that must be an array of strings, as (path of each item,
    /// item).
    pub(super) fn list_texts(value: &'a Value, path: &str) -> Result<Vec<(String, &'a str)>> {
        let Value::Array(items) = value else {
            return Err(invalid(path, "an array of names"));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let item = format!("{path}[{i}]");
                v.as_str()
                    .map(|s| (item.clone(), s))
                    .ok_or_else(|| invalid(&item, "a string"))
            })
            .collect()
    }
}
