//! A buyer file as JSON: read key by key through the checks, never echoing
//! a value, and written back with every key.

use super::*;

impl TryFrom<serde_json::Value> for BuyerFile {
    type Error = BuyerFileError;

    /// Checks a buyer file read as JSON: every key known, the required
    /// ones there, each value of its type, the names not blank.
    fn try_from(value: serde_json::Value) -> Result<Self, BuyerFileError> {
        let serde_json::Value::Object(object) = value else {
            return Err(BuyerFileError::NotAnObject);
        };
        if let Some(key) = object.keys().find(|k| !KEYS.contains(&k.as_str())) {
            let key = if crate::name::is_identifier(key) {
                key.clone()
            } else {
                "(a key that is not a plain name)".to_owned()
            };
            return Err(BuyerFileError::UnknownField { key });
        }
        let text = |field: &'static str| -> Result<Option<&str>, BuyerFileError> {
            match object.get(field) {
                None => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s)),
                Some(_) => Err(BuyerFileError::NotText { field }),
            }
        };
        let required = |field: &'static str| text(field)?.ok_or(BuyerFileError::Missing { field });
        let as_of = DateTime::parse_from_rfc3339(required("as_of")?.trim())
            .map_err(|_| BuyerFileError::AsOf)?
            .with_timezone(&Utc);
        let format = match text("format")? {
            None => Format::default(),
            Some(name) => name.parse().map_err(|_| BuyerFileError::Format)?,
        };
        let purpose = required("purpose")?.parse()?;
        Ok(Self::new(
            required("buyer")?,
            required("end_recipient")?,
            purpose,
            as_of,
        )?
        .with_format(format))
    }
}

impl serde::Serialize for BuyerFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(KEYS.len()))?;
        map.serialize_entry("buyer", &self.buyer)?;
        map.serialize_entry("end_recipient", &self.end_recipient)?;
        map.serialize_entry("purpose", self.purpose.name())?;
        let as_of = self
            .as_of
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        map.serialize_entry("as_of", &as_of)?;
        map.serialize_entry("format", &self.format)?;
        map.end()
    }
}
