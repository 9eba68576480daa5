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
//! | `notices[]` | `version` (a whole number), `published_at` (RFC 3339), `purposes` (purpose names or `broad`; the marketing channels are the `marketing_*` purposes), `recipients` (names), `recipient_kinds` (kind names), `ids` (the texts consent platforms name it by: a DPV record's notice IRI, a Kantara receipt's `policyUrl`; each names one notice) | `version`, `published_at`, `purposes` |
//! | `rules` | `child_age` (0 to 255), `indirect_consent_max_months`, `third_party_consent_max_months` (a number or `null` for no limit), `min_mother_age_at_birth` (12 if left out) | the first two |
//! | `suppression` | `subject_ids`, `phones`, `emails`, `names_and_postcodes` (`name`, `postcode`) | the object; each list may be left out |
//! | `platforms` | for the [importers](crate::import): `dpv`, `kantara`, `salesforce`, each with `purposes` (a platform's purpose name → `purposes`, `categories`, `recipients`), `categories` (a name → category names) and `recipients` (a name → an organisation's name); see [`Platforms`](crate::platforms::Platforms) | no |
//!
//! A key the format does not have, a missing required key, a value of the
//! wrong type or out of range, an unknown purpose or kind, a duplicate
//! organisation or notice, or an agency acting for an organisation not
//! registered: each is a [`ConfigError`] naming the key (such as
//! `notices[2].published_at`), never repeating the value (suppression lists
//! hold personal data) nor a platform's name. `ids` and `platforms` are
//! written back only where there are some, so a configuration without them
//! hashes as it always did.
//!
//! The receipt of every export records [`Broker::config_sha256`]: the
//! SHA-256 of the file as read, so an auditor can hash the file the job ran
//! under and compare.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::broker::Broker;
use crate::category::Categories;
use crate::notice::{Notice, NoticeVersion, Notices, NoticesError};
use crate::organisation::{OrganisationKind, Organisations, OrganisationsError};
use crate::platforms::{Platform, PlatformError, PlatformPurpose, Platforms};
use crate::purpose::Purposes;
use crate::record::SubjectId;
use crate::rules::Rules;
use crate::suppression::SuppressionList;

mod object;
mod sections;

use object::Obj;
use sections::{notices, organisations, platforms, rules, suppression};

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
    /// A platform's name cannot be mapped as written.
    #[error(transparent)]
    Platform(#[from] PlatformError),
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
                "platforms",
            ],
        )?;
        let broker = Broker::builder(organisations(&root)?, notices(&root)?)
            .rules(rules(&root)?)
            .suppression(suppression(&root)?)
            .platforms(platforms(&root)?);
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
