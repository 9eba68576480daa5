//! Consent events written in the [importers'](crate::import) formats, and
//! a broker that maps every name these writers use: for round-trip tests
//! of the importers, here and in a downstream pipeline.
//!
//! Each writer refuses an event its format cannot say
//! ([`Unwritable`]) rather than write something else: a Kantara receipt
//! has no withdrawal, Salesforce no refusal, DPV no objection.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use consent_gate::import::read_kantara;
//! use consent_gate::synthetic::import;
//! use consent_gate::{Categories, ConsentEvent, ConsentScope, NoticeVersion, Purposes, SubjectId};
//!
//! let at = |y| Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap();
//! let scope = ConsentScope::builder(Purposes::MARKETING_POST, NoticeVersion(2), at(2016))
//!     .categories(Categories::NAME | Categories::CHILD_BIRTH_DATE)
//!     .expires_at(at(2018))
//!     .build()?;
//! let events = vec![(SubjectId(7), ConsentEvent::Given(scope))];
//! let text = import::write_kantara(&events)?;
//! let back: Vec<_> = read_kantara(&import::broker(), text.as_slice()).collect::<Result<_, _>>()?;
//! assert_eq!(back, events);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, SecondsFormat, Timelike, Utc};
use serde_json::{Map, Value, json};

use crate::broker::Broker;
use crate::category::{BUILTIN, Categories, Category};
use crate::consents::{ChangeKind, ConsentEvent};
use crate::notice::{Notice, NoticeVersion, Notices};
use crate::platforms::{Platform, PlatformPurpose, Platforms};
use crate::purpose::{PurposeKind, Purposes};
use crate::record::SubjectId;
use crate::scope::{ConsentScope, ConsentSource};
use crate::standards::{self, Vocabulary};

use super::{BROKER, RETAILER};

/// Why an event cannot be written in a format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {index}: the format cannot say {what}")]
pub struct Unwritable {
    /// The event's position, from 0.
    pub index: usize,
    /// What it cannot say.
    pub what: &'static str,
}

/// The broker's own IRIs, for the terms DPV has no exact equivalent of.
const OWN: &str = "https://broker.example/";

/// The id of notice `version`, as [`broker`] knows it.
pub fn notice_id(version: NoticeVersion) -> String {
    format!("{OWN}privacy/v{}", version.0)
}

/// The category sets a Salesforce purpose name of [`broker`] grants.
pub const SALESFORCE_GRANTS: [(&str, Categories); 3] = [
    ("none", Categories::empty()),
    (
        "children",
        Categories::CHILDREN_PRESENT.union(Categories::CHILD_BIRTH_DATE),
    ),
    ("all", Categories::from_bits_truncate(0xFF)),
];

/// The recipients a Salesforce purpose name of [`broker`] names.
pub const SALESFORCE_RECIPIENTS: [&str; 2] = ["none", RETAILER];

/// The DPV term the writer uses for a purpose: the exact one, or the
/// broker's own IRI, which [`broker`] maps.
fn dpv_purpose(kind: PurposeKind) -> String {
    match kind.terms().dpv {
        Some(term) if term.exact => standards_iri(term.term),
        _ => format!("{OWN}purposes#{}", kind.name()),
    }
}

fn dpv_category(category: Category) -> String {
    match standards::CATEGORIES
        .iter()
        .find(|c| c.category == category.name())
        .and_then(|c| c.dpv)
    {
        Some(term) if term.exact => standards_iri(term.term),
        _ => format!("{OWN}data#{}", category.name()),
    }
}

/// A DPV table's term as a full IRI.
fn standards_iri(term: &str) -> String {
    crate::platforms::expand_dpv(term).into_owned()
}

/// The Salesforce purpose name [`broker`] maps to one purpose with these
/// grants and recipients.
fn salesforce_name(kind: PurposeKind, grants: &str, recipient: &str) -> String {
    format!("{}/{grants}/{recipient}", kind.name())
}

/// A broker like [`super::broker`], whose notices have ids
/// ([`notice_id`]) and whose `platforms` map every name the writers here
/// use.
pub fn broker() -> Broker {
    let synthetic = super::broker();
    let notices = synthetic.notices().iter().map(|n| {
        let mut notice = Notice::new(n.version(), n.published_at(), n.disclosed());
        for r in n.recipients() {
            notice = notice.recipient(r.as_str());
        }
        for k in n.recipient_kinds() {
            notice = notice.recipient_kind(*k);
        }
        notice.id(&notice_id(n.version()))
    });
    let platforms = platforms().unwrap_or_default();
    Broker::builder(
        synthetic.organisations().clone(),
        Notices::new(notices).unwrap_or_default(),
    )
    .platforms(platforms)
    .build()
}

fn platforms() -> Result<Platforms, crate::platforms::PlatformError> {
    let mut p = Platforms::default();
    for kind in PurposeKind::ALL {
        let one = || PlatformPurpose::new(kind.flag());
        let dpv = dpv_purpose(kind);
        if standards::purpose(Vocabulary::Dpv, &dpv).is_err() {
            p = p.purpose(Platform::Dpv, &dpv, one())?;
        }
        p = p.purpose(Platform::Kantara, kind.name(), one())?;
        for (grants, categories) in SALESFORCE_GRANTS {
            for recipient in SALESFORCE_RECIPIENTS {
                let mut meaning = one().categories(categories);
                if recipient != "none" {
                    meaning = meaning.recipient(recipient);
                }
                p = p.purpose(
                    Platform::Salesforce,
                    &salesforce_name(kind, grants, recipient),
                    meaning,
                )?;
            }
        }
    }
    for category in BUILTIN {
        let dpv = dpv_category(category);
        if standards::category(Vocabulary::Dpv, &dpv).is_err() {
            p = p.category(Platform::Dpv, &dpv, category.grant())?;
        }
        p = p.category(Platform::Kantara, category.name(), category.grant())?;
    }
    Ok(p)
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The built-in categories of a grant, or an error for a broker's own.
fn builtin(categories: Categories, index: usize) -> Result<Vec<Category>, Unwritable> {
    let known: Vec<Category> = BUILTIN
        .into_iter()
        .filter(|c| categories.contains(c.grant()))
        .collect();
    let covered = known
        .iter()
        .fold(Categories::empty(), |acc, c| acc | c.grant());
    if covered != categories {
        return Err(Unwritable {
            index,
            what: "a broker's own category",
        });
    }
    Ok(known)
}

/// What no importer reads: these facts of a collection.
fn plain(scope: &ConsentScope, index: usize) -> Result<(), Unwritable> {
    let plain = scope.source() == ConsentSource::Direct
        && scope.collected_by().is_none()
        && !scope.existing_customer()
        && !scope.opt_out_offered()
        && scope.withdrawn_at().is_none();
    if plain {
        Ok(())
    } else {
        Err(Unwritable {
            index,
            what: "a collection through a third party, an existing customer, an opt-out offered, or a withdrawal inside a consent",
        })
    }
}

fn one_purpose(purposes: Purposes, index: usize) -> Result<PurposeKind, Unwritable> {
    let mut kinds = purposes.kinds();
    match (kinds.next(), kinds.next()) {
        (Some(kind), None) => Ok(kind),
        _ => Err(Unwritable {
            index,
            what: "anything but exactly one purpose per consent",
        }),
    }
}

fn lines(values: Vec<Value>) -> Vec<u8> {
    let mut out = Vec::new();
    for value in values {
        out.extend(value.to_string().into_bytes());
        out.push(b'\n');
    }
    out
}

/// Writes events as ISO/IEC TS 27560 records in DPV JSON, one record per
/// event. DPV has no objection, and a record needs personal data: a
/// consent granting no category cannot be written.
pub fn write_dpv(events: &[(SubjectId, ConsentEvent)]) -> Result<Vec<u8>, Unwritable> {
    let mut records = Vec::new();
    for (index, (subject, event)) in events.iter().enumerate() {
        let mut record = Map::new();
        record.insert("@type".into(), "dpv:ConsentRecord".into());
        record.insert("dct:identifier".into(), format!("record-{index}").into());
        record.insert(
            "dct:conformsTo".into(),
            "https://w3id.org/dpv/schema/dpv-27560#record".into(),
        );
        record.insert("dpv:hasDataSubject".into(), subject.to_string().into());
        record.insert("dpv:hasDataController".into(), BROKER.into());
        let mut process = Map::new();
        process.insert("@type".into(), "dpv:Process".into());
        let (purposes, data, status) = match event {
            ConsentEvent::Given(scope) => {
                plain(scope, index)?;
                let data = builtin(scope.categories(), index)?;
                if data.is_empty() {
                    return Err(Unwritable {
                        index,
                        what: "a consent with no personal data",
                    });
                }
                record.insert("dpv:hasNotice".into(), notice_id(scope.notice()).into());
                let duration = match scope.expires_at() {
                    Some(end) => {
                        json!({"@type": "dpv:UntilTimeDuration", "rdf:value": instant(end)})
                    }
                    None => json!({"@type": "dpv:EndlessDuration"}),
                };
                let by = if scope.parental_consent() {
                    "dpv:ParentOfDataSubject"
                } else {
                    "dpv:DataSubject"
                };
                let status = json!({
                    "@type": ["dpv:ConsentGiven", "dpv:ExpressedConsent"],
                    "dpv:isIndicatedAtTime": instant(scope.given_at()),
                    "dpv:hasDuration": duration,
                    "dpv:isIndicatedBy": by,
                });
                let recipients: Vec<&str> = scope.recipients().iter().collect();
                process.insert("dpv:hasRecipient".into(), json!(recipients));
                (scope.purposes(), data, status)
            }
            ConsentEvent::Changed(change) => {
                let status = match change.kind() {
                    ChangeKind::Refused => "dpv:ConsentRefused",
                    ChangeKind::Withdrawn => "dpv:ConsentWithdrawn",
                    _ => {
                        return Err(Unwritable {
                            index,
                            what: "an objection",
                        });
                    }
                };
                let status =
                    json!({"@type": status, "dpv:isIndicatedAtTime": instant(change.at())});
                // A record names some personal data: the name will do.
                let name = BUILTIN.first().copied().into_iter().collect();
                (change.purposes(), name, status)
            }
        };
        let purposes: Vec<String> = purposes.kinds().map(dpv_purpose).collect();
        let data: Vec<String> = data.into_iter().map(dpv_category).collect();
        process.insert("dpv:hasPurpose".into(), json!(purposes));
        process.insert("dpv:hasPersonalData".into(), json!(data));
        record.insert("dpv:hasProcess".into(), Value::Object(process));
        record.insert("dpv:hasConsentStatus".into(), status);
        records.push(Value::Object(record));
    }
    Ok(lines(records))
}

/// Writes consents given as Kantara Consent Receipts v1.1, one receipt per
/// consent: each of one purpose, with at most one recipient, an end, and a
/// time in whole seconds. A receipt has no withdrawal or refusal, and no
/// parent's consent.
pub fn write_kantara(events: &[(SubjectId, ConsentEvent)]) -> Result<Vec<u8>, Unwritable> {
    let mut receipts = Vec::new();
    for (index, (subject, event)) in events.iter().enumerate() {
        let ConsentEvent::Given(scope) = event else {
            return Err(Unwritable {
                index,
                what: "a refusal, withdrawal or objection",
            });
        };
        plain(scope, index)?;
        let kind = one_purpose(scope.purposes(), index)?;
        let categories = builtin(scope.categories(), index)?;
        let recipients: Vec<&str> = scope.recipients().iter().collect();
        let (Some(end), [] | [_], false, 0, false) = (
            scope.expires_at(),
            recipients.as_slice(),
            categories.is_empty(),
            scope.given_at().nanosecond(),
            scope.parental_consent(),
        ) else {
            return Err(Unwritable {
                index,
                what: "no end, two recipients, no category, a fraction of a second, or a parent's consent",
            });
        };
        let sensitive: Vec<&str> = categories
            .iter()
            .filter(|c| c.needs_explicit_grant())
            .map(|c| c.name())
            .collect();
        let mut purpose = Map::new();
        purpose.insert("purpose".into(), kind.name().into());
        purpose.insert("purposeCategory".into(), json!([]));
        purpose.insert("consentType".into(), "EXPLICIT".into());
        let names: Vec<&str> = categories.iter().map(|c| c.name()).collect();
        purpose.insert("piiCategory".into(), json!(names));
        purpose.insert("primaryPurpose".into(), false.into());
        purpose.insert("termination".into(), instant(end).into());
        purpose.insert(
            "thirdPartyDisclosure".into(),
            (!recipients.is_empty()).into(),
        );
        if let Some(name) = recipients.first() {
            purpose.insert("thirdPartyName".into(), (*name).into());
        }
        receipts.push(json!({
            "version": "KI-CR-v1.1.0",
            "jurisdiction": "GB",
            "consentTimestamp": scope.given_at().timestamp(),
            "collectionMethod": "web form",
            "consentReceiptID": format!("receipt-{index}"),
            "language": "en",
            "piiPrincipalId": subject.to_string(),
            "piiControllers": [{"piiController": BROKER}],
            "policyUrl": notice_id(scope.notice()),
            "services": [{"service": "membership", "purposes": [purpose]}],
            "sensitive": !sensitive.is_empty(),
            "spiCat": sensitive,
        }));
    }
    Ok(lines(receipts))
}

/// The contact point type of a purpose's channel.
fn contact_point_type(kind: PurposeKind) -> &'static str {
    match kind {
        PurposeKind::MarketingPost => "MailingAddress",
        PurposeKind::MarketingEmail => "Email",
        PurposeKind::MarketingSms | PurposeKind::MarketingPhone => "Phone",
        _ => "Web",
    }
}

/// Writes events as a Salesforce `ContactPointTypeConsent` export: a
/// consent given as `OptIn`, a withdrawal as `OptOut`, each of one
/// purpose. Its categories and recipients are one of the sets [`broker`]
/// maps ([`SALESFORCE_GRANTS`], [`SALESFORCE_RECIPIENTS`]). Salesforce has
/// no refusal or objection, and no parent's consent.
pub fn write_salesforce(events: &[(SubjectId, ConsentEvent)]) -> Result<Vec<u8>, Unwritable> {
    let mut out = String::from(
        "Id,PartyId,DataUsePurpose,ContactPointType,PrivacyConsentStatus,EffectiveFrom,EffectiveTo,CaptureDate,CaptureSource,NoticeVersion__c\n",
    );
    for (index, (subject, event)) in events.iter().enumerate() {
        let row = match event {
            ConsentEvent::Given(scope) => {
                plain(scope, index)?;
                let kind = one_purpose(scope.purposes(), index)?;
                let grants = SALESFORCE_GRANTS
                    .iter()
                    .find(|(_, c)| *c == scope.categories())
                    .map(|(name, _)| *name);
                let recipients: Vec<&str> = scope.recipients().iter().collect();
                let recipient = match recipients.as_slice() {
                    [] => Some("none"),
                    [one] if *one == RETAILER => Some(RETAILER),
                    _ => None,
                };
                let (Some(grants), Some(recipient), false) =
                    (grants, recipient, scope.parental_consent())
                else {
                    return Err(Unwritable {
                        index,
                        what: "categories or recipients the broker maps no purpose name to, or a parent's consent",
                    });
                };
                let from = instant(scope.given_at());
                format!(
                    "{index},{subject},{},{},OptIn,{from},{},{from},Web form,{}",
                    salesforce_name(kind, grants, recipient),
                    contact_point_type(kind),
                    scope.expires_at().map(instant).unwrap_or_default(),
                    scope.notice().0,
                )
            }
            ConsentEvent::Changed(change) if change.kind() == ChangeKind::Withdrawn => {
                let kind = one_purpose(change.purposes(), index)?;
                let at = instant(change.at());
                format!(
                    "{index},{subject},{},{},OptOut,{at},,{at},Unsubscribe link,",
                    salesforce_name(kind, "none", "none"),
                    contact_point_type(kind),
                )
            }
            ConsentEvent::Changed(_) => {
                return Err(Unwritable {
                    index,
                    what: "a refusal or objection",
                });
            }
        };
        out.push_str(&row);
        out.push('\n');
    }
    Ok(out.into_bytes())
}
