//! The broker's canonical form: its configuration as JSON with sorted
//! keys, which [`Broker::config_sha256`] hashes when the broker was not
//! read from a file, and which [`Broker::from_json`] reads back.

use crate::purpose::PurposeKind;
use serde_json::{Map, Value, json};

use crate::broker::Broker;
use crate::notice::Notices;
use crate::organisation::Organisations;
use crate::platforms::{Platform, Platforms};
use crate::rules::Rules;
use crate::suppression::SuppressionList;

impl Broker {
    /// The configuration as canonical JSON (sorted keys, two-space
    /// indents), which [`Broker::from_json`] reads back to an equal broker
    /// with the same [`Broker::config_sha256`]. Contact points are written
    /// in their normalised forms.
    pub fn to_json(&self) -> Vec<u8> {
        write(
            self.organisations(),
            self.notices(),
            self.rules(),
            self.suppression(),
            self.platforms(),
        )
    }
}

/// The configuration's canonical form, as [`Broker::to_json`] writes it.
impl serde::Serialize for Broker {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let document = canonical(
            self.organisations(),
            self.notices(),
            self.rules(),
            self.suppression(),
            self.platforms(),
        );
        document.serialize(serializer)
    }
}

/// The canonical JSON of a configuration.
pub(crate) fn write(
    organisations: &Organisations,
    notices: &Notices,
    rules: &Rules,
    suppression: &SuppressionList,
    platforms: &Platforms,
) -> Vec<u8> {
    let document = canonical(organisations, notices, rules, suppression, platforms);
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The configuration as a JSON value, keys sorted.
fn canonical(
    organisations: &Organisations,
    notices: &Notices,
    rules: &Rules,
    suppression: &SuppressionList,
    platforms: &Platforms,
) -> Value {
    let controller = organisations.controller().as_str().to_owned();
    let organisations: Vec<Value> = organisations
        .iter()
        .map(|(name, kind, acts_for)| {
            let mut entry = Map::new();
            entry.insert("name".into(), name.as_str().into());
            entry.insert("kind".into(), kind.name().into());
            if !acts_for.is_empty() {
                let names: Vec<Value> = acts_for.iter().map(|r| r.as_str().into()).collect();
                entry.insert("acts_for".into(), names.into());
            }
            Value::Object(entry)
        })
        .collect();
    let notices: Vec<Value> = notices
        .iter()
        .map(|n| {
            let mut notice = json!({
                "version": n.version().0,
                "published_at": n.published_at().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                "purposes": n.disclosed().kinds().map(PurposeKind::name).collect::<Vec<_>>(),
                "recipients": n.recipients().iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                "recipient_kinds": n.recipient_kinds().iter().map(|k| k.name()).collect::<Vec<_>>(),
            });
            // Written only where there are some, as `platforms` below.
            if let (false, Some(obj)) = (n.ids().is_empty(), notice.as_object_mut()) {
                obj.insert("ids".into(), json!(n.ids()));
            }
            notice
        })
        .collect();
    let (phones, emails, names) = suppression.contact_points();
    let mut rules_json = json!({
        "child_age": rules.child_age(),
        "indirect_consent_max_months": rules.indirect_consent_max_months(),
        "third_party_consent_max_months": rules.third_party_consent_max_months(),
        "min_mother_age_at_birth": rules.min_mother_age_at_birth(),
    });
    // Written only where there is one, so that the hash of a configuration
    // without it is what it always was.
    let exact: serde_json::Map<String, serde_json::Value> = rules
        .exact_data()
        .map(|(purpose, reason)| (purpose.name().to_owned(), json!(reason)))
        .collect();
    if let (false, Some(obj)) = (exact.is_empty(), rules_json.as_object_mut()) {
        obj.insert("exact_data".into(), serde_json::Value::Object(exact));
    }
    let mut document = json!({
        "controller": controller,
        "organisations": organisations,
        "notices": notices,
        "rules": rules_json,
        "suppression": {
            "subject_ids": suppression.subjects().iter().map(|s| s.0).collect::<Vec<_>>(),
            "phones": phones,
            "emails": emails,
            "names_and_postcodes": names.iter().map(|(name, postcode)| json!({"name": name, "postcode": postcode})).collect::<Vec<_>>(),
        },
    });
    if let (false, Some(obj)) = (platforms.is_empty(), document.as_object_mut()) {
        obj.insert("platforms".into(), platforms_json(platforms));
    }
    document
}

/// The `platforms` object: each platform that maps anything, with its
/// purposes, categories and recipients.
fn platforms_json(platforms: &Platforms) -> Value {
    let grants = |c: crate::Categories| serde_json::to_value(c).unwrap_or(Value::Null);
    let mut all = Map::new();
    for platform in Platform::ALL {
        let names = platforms.names(platform);
        if names.is_empty() {
            continue;
        }
        let purposes: Map<String, Value> = names
            .purposes()
            .map(|(name, meaning)| {
                let value = json!({
                    "purposes": meaning.purposes().kinds().map(PurposeKind::name).collect::<Vec<_>>(),
                    "categories": grants(meaning.granted()),
                    "recipients": meaning.recipients(),
                });
                (name.to_owned(), value)
            })
            .collect();
        let categories: Map<String, Value> = names
            .categories()
            .map(|(name, c)| (name.to_owned(), grants(c)))
            .collect();
        let recipients: Map<String, Value> = names
            .recipients()
            .map(|(name, org)| (name.to_owned(), json!(org)))
            .collect();
        all.insert(
            platform.name().into(),
            json!({"purposes": purposes, "categories": categories, "recipients": recipients}),
        );
    }
    Value::Object(all)
}
