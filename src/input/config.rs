//! The broker's configuration file: everything the export job must be
//! told about the broker, in one strictly checked JSON document, read by
//! [`Broker::from_json`] and written by [`Broker::to_json`].
//!
//! ```json
//! {
//!   "controller": "Emma's Diary Ltd",
//!   "organisations": [
//!     {"name": "Acme Baby Products Ltd", "kind": "commercial"},
//!     {"name": "Credit Agency Marketing Services", "kind": "agency",
//!      "acts_for": ["A Political Party"]},
//!     {"name": "A Political Party", "kind": "political_party"}
//!   ],
//!   "notices": [
//!     {"version": 1, "published_at": "2014-01-01T00:00:00Z",
//!      "purposes": ["service_delivery", "marketing_post", "third_party_marketing"],
//!      "recipients": ["Acme Baby Products Ltd"], "recipient_kinds": ["commercial"]}
//!   ],
//!   "rules": {"child_age": 13, "indirect_consent_max_months": 6,
//!             "third_party_consent_max_months": null},
//!   "suppression": {"subject_ids": [104233], "phones": ["07700 900123"],
//!                   "emails": ["jane@example.org"],
//!                   "names_and_postcodes": [{"name": "Jane Doe", "postcode": "LS1 4PL"}]}
//! }
//! ```
//!
//! | key | content | required |
//! |---|---|---|
//! | `controller` | the broker's own name | yes |
//! | `organisations[]` | `name`, `kind` (an [`OrganisationKind`] name), `acts_for` (names, agencies only) | `name`, `kind` |
//! | `notices[]` | `version` (a whole number), `published_at` (RFC 3339), `purposes` (purpose names or `broad`; the marketing channels are the `marketing_*` purposes), `recipients` (names), `recipient_kinds` (kind names) | `version`, `published_at`, `purposes` |
//! | `rules` | `child_age` (0 to 255), `indirect_consent_max_months`, `third_party_consent_max_months` (a number or `null` for no limit), `min_mother_age_at_birth` (12 if left out) | the first two |
//! | `suppression` | `subject_ids`, `phones`, `emails`, `names_and_postcodes` (`name`, `postcode`) | the object; each list may be left out |
//!
//! A key the format does not have, a missing required key, a value of the
//! wrong type or out of range, an unknown purpose or kind, a duplicate
//! organisation or notice, or an agency acting for an organisation not
//! registered: each is a [`ConfigError`] naming the key (such as
//! `notices[2].published_at`), never repeating the value (suppression lists
//! hold personal data).
//!
//! The receipt of every export records [`Broker::config_sha256`]: the
//! SHA-256 of the file as read, so an auditor can hash the file the job ran
//! under and compare.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::broker::Broker;
use crate::notice::{Notice, NoticeVersion, Notices, NoticesError};
use crate::organisation::{OrganisationKind, Organisations, OrganisationsError};
use crate::purpose::Purposes;
use crate::record::SubjectId;
use crate::rules::Rules;
use crate::suppression::SuppressionList;

/// What is wrong with one key of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigProblem {
    /// The file is not JSON.
    #[error("not valid JSON (line {line}, column {column})")]
    NotJson {
        /// The line.
        line: usize,
        /// The column.
        column: usize,
    },
    /// A required key is missing.
    #[error("is missing")]
    Missing,
    /// A key the format does not have.
    #[error("is not a key of the format")]
    Unknown,
    /// A value of the wrong type or out of range.
    #[error("is not {expected}")]
    Invalid {
        /// What it should be.
        expected: &'static str,
    },
    /// The organisations do not make a registry.
    #[error(transparent)]
    Organisations(#[from] OrganisationsError),
    /// The notices do not make a registry.
    #[error(transparent)]
    Notices(#[from] NoticesError),
}

/// Why a configuration could not be read: the key and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration, `{key}`: {problem}")]
pub struct ConfigError {
    /// The key's path, such as `notices[2].published_at` (empty for the
    /// whole file).
    pub key: String,
    /// What is wrong.
    pub problem: ConfigProblem,
}

type Result<T> = std::result::Result<T, ConfigError>;

fn err(key: impl Into<String>, problem: ConfigProblem) -> ConfigError {
    ConfigError {
        key: key.into(),
        problem,
    }
}

fn invalid(key: &str, expected: &'static str) -> ConfigError {
    err(key, ConfigProblem::Invalid { expected })
}

/// One JSON object of the configuration, at a path, with the keys it may
/// hold.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Obj<'a> {
    fn new(value: &'a Value, path: String, keys: &[&str]) -> Result<Self> {
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

    fn prefix(&self) -> String {
        if self.path.is_empty() {
            String::new()
        } else {
            format!("{}.", self.path)
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix())
    }

    fn optional(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn required(&self, key: &str) -> Result<&'a Value> {
        self.optional(key)
            .ok_or_else(|| err(self.key(key), ConfigProblem::Missing))
    }

    fn text(&self, key: &str) -> Result<&'a str> {
        self.required(key)?
            .as_str()
            .ok_or_else(|| invalid(&self.key(key), "a string"))
    }

    fn number(&self, key: &str, max: u64) -> Result<u64> {
        self.optional_number(key, max)?
            .ok_or_else(|| err(self.key(key), ConfigProblem::Missing))
    }

    fn optional_number(&self, key: &str, max: u64) -> Result<Option<u64>> {
        self.optional(key)
            .map(|v| {
                v.as_u64()
                    .filter(|n| *n <= max)
                    .ok_or_else(|| invalid(&self.key(key), "a whole number in range"))
            })
            .transpose()
    }

    /// An optional array, as (path of each item, item).
    fn items(&self, key: &str) -> Result<Vec<(String, &'a Value)>> {
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

    fn texts(&self, key: &str) -> Result<Vec<(String, &'a str)>> {
        self.items(key)?
            .into_iter()
            .map(|(path, v)| match v.as_str() {
                Some(s) => Ok((path, s)),
                None => Err(invalid(&path, "a string")),
            })
            .collect()
    }
}

fn instant(key: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| invalid(key, "an RFC 3339 instant with a time zone"))
}

fn kind(key: &str, text: &str) -> Result<OrganisationKind> {
    OrganisationKind::from_name(text).ok_or_else(|| invalid(key, "an organisation kind"))
}

fn purposes(obj: &Obj<'_>, key: &str) -> Result<Purposes> {
    if obj.optional(key).is_none() {
        return Err(err(obj.key(key), ConfigProblem::Missing));
    }
    obj.texts(key)?
        .into_iter()
        .try_fold(Purposes::empty(), |acc, (path, name)| {
            let one = Purposes::named(name).ok_or_else(|| invalid(&path, "a purpose name"))?;
            Ok(acc | one)
        })
}

fn organisations(root: &Obj<'_>) -> Result<Organisations> {
    let mut builder = Organisations::builder(root.text("controller")?);
    if root.optional("organisations").is_none() {
        return Err(err("organisations", ConfigProblem::Missing));
    }
    for (path, value) in root.items("organisations")? {
        let obj = Obj::new(value, path, &["name", "kind", "acts_for"])?;
        let kind = kind(&obj.key("kind"), obj.text("kind")?)?;
        let acts_for = obj.texts("acts_for")?;
        builder = builder.acting_for(obj.text("name")?, kind, acts_for.iter().map(|(_, n)| *n));
    }
    builder
        .build()
        .map_err(|e| err("organisations", ConfigProblem::Organisations(e)))
}

fn notices(root: &Obj<'_>) -> Result<Notices> {
    if root.optional("notices").is_none() {
        return Err(err("notices", ConfigProblem::Missing));
    }
    let mut list = Vec::new();
    for (path, value) in root.items("notices")? {
        let obj = Obj::new(
            value,
            path,
            &[
                "version",
                "published_at",
                "purposes",
                "recipients",
                "recipient_kinds",
            ],
        )?;
        let version = NoticeVersion(obj.number("version", u64::from(u32::MAX))? as u32);
        let published_at = instant(&obj.key("published_at"), obj.text("published_at")?)?;
        let mut notice = Notice::new(version, published_at, purposes(&obj, "purposes")?);
        for (_, name) in obj.texts("recipients")? {
            notice = notice.recipient(name);
        }
        for (path, name) in obj.texts("recipient_kinds")? {
            notice = notice.recipient_kind(kind(&path, name)?);
        }
        list.push(notice);
    }
    Notices::new(list).map_err(|e| err("notices", ConfigProblem::Notices(e)))
}

fn rules(root: &Obj<'_>) -> Result<Rules> {
    let obj = Obj::new(
        root.required("rules")?,
        "rules".into(),
        &[
            "child_age",
            "indirect_consent_max_months",
            "third_party_consent_max_months",
            "min_mother_age_at_birth",
        ],
    )?;
    let months = u64::from(u32::MAX);
    Ok(Rules::default()
        .with_child_age(obj.number("child_age", 255)? as u8)
        .with_indirect_consent_max_months(obj.number("indirect_consent_max_months", months)? as u32)
        .with_third_party_consent_max_months(
            obj.optional_number("third_party_consent_max_months", months)?
                .map(|m| m as u32),
        )
        .with_min_mother_age_at_birth(
            obj.optional_number("min_mother_age_at_birth", 255)?
                .map_or(Rules::default().min_mother_age_at_birth(), |a| a as u8),
        ))
}

fn suppression(root: &Obj<'_>) -> Result<SuppressionList> {
    let obj = Obj::new(
        root.required("suppression")?,
        "suppression".into(),
        &["subject_ids", "phones", "emails", "names_and_postcodes"],
    )?;
    let mut list = SuppressionList::default();
    for (path, value) in obj.items("subject_ids")? {
        let id = value
            .as_u64()
            .ok_or_else(|| invalid(&path, "a whole number"))?;
        list = list.subject(SubjectId(id));
    }
    for (_, phone) in obj.texts("phones")? {
        list = list.phone(phone);
    }
    for (_, email) in obj.texts("emails")? {
        list = list.email(email);
    }
    for (path, value) in obj.items("names_and_postcodes")? {
        let entry = Obj::new(value, path, &["name", "postcode"])?;
        list = list.name_and_postcode(entry.text("name")?, entry.text("postcode")?);
    }
    Ok(list)
}

impl Broker {
    /// Reads and checks a configuration file (see the [module
    /// docs](crate::config)). Its SHA-256 becomes
    /// [`Broker::config_sha256`].
    ///
    /// ```
    /// use consent_gate::Broker;
    /// let err = Broker::from_json(br#"{"controller": "B", "organisations": [],
    ///     "notices": [{"version": 1, "published_at": "2014-01-01", "purposes": []}],
    ///     "rules": {"child_age": 13, "indirect_consent_max_months": 6},
    ///     "suppression": {}}"#).unwrap_err();
    /// assert_eq!(err.key, "notices[0].published_at");
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| {
            err(
                "",
                ConfigProblem::NotJson {
                    line: e.line(),
                    column: e.column(),
                },
            )
        })?;
        Self::from_value(&value, Some(crate::digest::sha256_hex(bytes)))
    }

    /// Checks a configuration read as a JSON value; `sha256` is that of
    /// the file it was read from, if any (else of its canonical form).
    fn from_value(value: &Value, sha256: Option<String>) -> Result<Self> {
        let root = Obj::new(
            value,
            String::new(),
            &[
                "controller",
                "organisations",
                "notices",
                "rules",
                "suppression",
            ],
        )?;
        let broker = Broker::builder(organisations(&root)?, notices(&root)?)
            .rules(rules(&root)?)
            .suppression(suppression(&root)?);
        Ok(broker.build_with_hash(sha256))
    }
}

/// A configuration inside another document (a job's own file, in any
/// self-describing format) deserializes through the same checks as
/// [`Broker::from_json`]; an error names the key. There is no file of its
/// own to hash, so its [`Broker::config_sha256`] is that of its canonical
/// form ([`Broker::to_json`]), which an auditor can recompute.
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// struct Job {
///     broker: consent_gate::Broker,
/// }
/// let broker = consent_gate::synthetic::broker();
/// let text = format!(r#"{{"broker": {}}}"#, String::from_utf8(broker.to_json())?);
/// let job: Job = serde_json::from_str(&text)?;
/// assert_eq!(job.broker, broker);
/// assert_eq!(job.broker.config_sha256(), broker.config_sha256());
///
/// let bad = serde_json::from_str::<Job>(r#"{"broker": {"controller": "B"}}"#);
/// assert!(bad.unwrap_err().to_string().contains("organisations"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<'de> serde::Deserialize<'de> for Broker {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Self::from_value(&value, None).map_err(serde::de::Error::custom)
    }
}
