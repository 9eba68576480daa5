//! [`Notices`]: the broker's registry of its privacy-notice versions, and
//! what each disclosed.
//!
//! A record names only the version of the notice its consent was given
//! under; what that version disclosed (purposes, marketing channels,
//! recipients) and when it was published come from this registry, never
//! from the row.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::organisation::OrganisationKind;
use crate::purpose::Purposes;
use crate::recipient::{EmptyRecipient, Recipient};

/// A version of the broker's privacy notice.
///
/// It reads from a whole number, with or without a `v` before it, and
/// displays with one:
///
/// ```
/// use consent_gate::NoticeVersion;
/// assert_eq!("v3".parse(), Ok(NoticeVersion(3)));
/// assert_eq!("3".parse::<NoticeVersion>().map(|v| v.to_string()), Ok("v3".to_owned()));
/// assert!("three".parse::<NoticeVersion>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NoticeVersion(pub u32);

impl std::fmt::Display for NoticeVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v{}", self.0)
    }
}

/// Text that is not a notice version: a whole number from 0 to 2^32 - 1,
/// `v` allowed before it. It does not repeat the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a notice version: expected a whole number, `v` allowed before it")]
#[non_exhaustive]
pub struct InvalidNoticeVersion;

impl std::str::FromStr for NoticeVersion {
    type Err = InvalidNoticeVersion;

    fn from_str(s: &str) -> Result<Self, InvalidNoticeVersion> {
        let digits = s.strip_prefix('v').unwrap_or(s);
        digits.parse().map(Self).map_err(|_| InvalidNoticeVersion)
    }
}

/// One published version of the privacy notice: when it was published,
/// the purposes it disclosed, and the recipients it named, by name or by
/// kind.
///
/// The marketing channels are purposes ([`Purposes::MARKETING_POST`],
/// `_EMAIL`, `_SMS`, `_PHONE`): a channel the notice did not disclose is
/// never consented, whatever was ticked. A purpose the notice did not
/// disclose is not consented either: the subject could not have known.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use consent_gate::{Notice, NoticeVersion, OrganisationKind, Purposes};
/// let v2 = Notice::new(NoticeVersion(2), Utc.with_ymd_and_hms(2015, 1, 1, 0, 0, 0).unwrap(),
///                      Purposes::THIRD_PARTY_MARKETING | Purposes::MARKETING_POST)
///     .recipient_kind(OrganisationKind::Commercial)
///     .recipient("Data Agency Ltd");
/// assert!(v2.disclosed().contains(Purposes::MARKETING_POST));
/// assert!(!v2.disclosed().contains(Purposes::MARKETING_EMAIL));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    version: NoticeVersion,
    published_at: DateTime<Utc>,
    disclosed: Purposes,
    recipients: Vec<Recipient>,
    recipient_kinds: Vec<OrganisationKind>,
    /// The texts consent platforms name this notice by (a DPV record's
    /// `dpv:hasNotice`, a Kantara receipt's `policyUrl`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ids: Vec<String>,
    /// A name given to `recipient` that was blank, reported by the
    /// registry's `build`.
    #[serde(skip)]
    blank_recipient: bool,
}

impl Notice {
    /// A notice version, published at `published_at`, disclosing
    /// `disclosed`, naming no recipient yet.
    pub fn new(version: NoticeVersion, published_at: DateTime<Utc>, disclosed: Purposes) -> Self {
        Self {
            version,
            published_at,
            disclosed,
            recipients: Vec::new(),
            recipient_kinds: Vec::new(),
            ids: Vec::new(),
            blank_recipient: false,
        }
    }

    /// Adds a text a consent platform names this notice by: the IRI of a
    /// DPV record's `dpv:hasNotice`, a Kantara receipt's `policyUrl`.
    /// Importers find a record's notice by it, exactly (trimmed); a record
    /// naming a notice by a text no notice has is refused.
    #[must_use]
    pub fn id(mut self, text: &str) -> Self {
        self.ids.push(text.trim().to_owned());
        self
    }

    /// The texts platforms name it by.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Names a recipient organisation.
    #[must_use]
    pub fn recipient(mut self, name: &str) -> Self {
        match Recipient::new(name) {
            Ok(r) => self.recipients.push(r),
            Err(EmptyRecipient) => self.blank_recipient = true,
        }
        self
    }

    /// Names a kind of recipient ("commercial partners", "data
    /// agencies", "political parties").
    #[must_use]
    pub fn recipient_kind(mut self, kind: OrganisationKind) -> Self {
        if !self.recipient_kinds.contains(&kind) {
            self.recipient_kinds.push(kind);
        }
        self
    }

    /// The version.
    pub fn version(&self) -> NoticeVersion {
        self.version
    }
    /// When it was published.
    pub fn published_at(&self) -> DateTime<Utc> {
        self.published_at
    }
    /// The purposes and marketing channels it disclosed.
    pub fn disclosed(&self) -> Purposes {
        self.disclosed
    }
    /// The recipients it named.
    pub fn recipients(&self) -> &[Recipient] {
        &self.recipients
    }
    /// The kinds of recipient it named.
    pub fn recipient_kinds(&self) -> &[OrganisationKind] {
        &self.recipient_kinds
    }

    /// Whether it named `who`, by name or, where the registry knows its
    /// kind, by kind.
    pub fn discloses_to(&self, who: &Recipient, kind: Option<OrganisationKind>) -> bool {
        self.recipients.iter().any(|r| r.matches(who))
            || kind.is_some_and(|k| self.recipient_kinds.contains(&k))
    }
}

/// Why a notice registry could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NoticesError {
    /// Two entries for one version.
    #[error("notice {version}: registered twice")]
    Duplicate {
        /// The version.
        version: NoticeVersion,
    },
    /// A recipient name is blank.
    #[error("notice {version}: a recipient name is blank")]
    BlankRecipient {
        /// The version.
        version: NoticeVersion,
    },
    /// A platform's name for a notice is blank, or names two notices (or
    /// one twice): a record naming it would have no one notice.
    #[error("notice {version}: a platform's name for it is blank or names another notice too")]
    AmbiguousId {
        /// The version.
        version: NoticeVersion,
    },
}

/// The broker's notice versions, each with what it disclosed.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use consent_gate::{Notice, NoticeVersion, Notices, Purposes};
/// let at = Utc.with_ymd_and_hms(2015, 1, 1, 0, 0, 0).unwrap();
/// let notices = Notices::new([Notice::new(NoticeVersion(1), at, Purposes::BROAD)]).unwrap();
/// assert!(notices.get(NoticeVersion(1)).is_some());
/// assert!(notices.get(NoticeVersion(2)).is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Notices {
    /// Sorted by version.
    sorted: Vec<Notice>,
}

impl Notices {
    /// A registry of these versions.
    pub fn new(notices: impl IntoIterator<Item = Notice>) -> Result<Self, NoticesError> {
        let mut sorted: Vec<Notice> = notices.into_iter().collect();
        if let Some(n) = sorted.iter().find(|n| n.blank_recipient) {
            return Err(NoticesError::BlankRecipient { version: n.version });
        }
        sorted.sort_by_key(|n| n.version);
        let versions: Vec<NoticeVersion> = sorted.iter().map(|n| n.version).collect();
        if let Some(&[version, _]) = versions.windows(2).find(|w| matches!(w, [a, b] if a == b)) {
            return Err(NoticesError::Duplicate { version });
        }
        let mut ids: Vec<(&str, NoticeVersion)> = sorted
            .iter()
            .flat_map(|n| n.ids.iter().map(|id| (id.as_str(), n.version)))
            .collect();
        if let Some((_, version)) = ids.iter().find(|(id, _)| id.is_empty()) {
            return Err(NoticesError::AmbiguousId { version: *version });
        }
        ids.sort_unstable();
        if let Some(&[(_, version), _]) = ids.windows(2).find(|w| matches!(w, [a, b] if a.0 == b.0))
        {
            return Err(NoticesError::AmbiguousId { version });
        }
        Ok(Self { sorted })
    }

    /// The notice a consent platform names by `id` (see [`Notice::id`]).
    pub fn by_id(&self, id: &str) -> Option<&Notice> {
        let id = id.trim();
        self.sorted.iter().find(|n| n.ids.iter().any(|i| i == id))
    }

    /// The notice of that version, if the broker published one.
    pub fn get(&self, version: NoticeVersion) -> Option<&Notice> {
        self.sorted
            .binary_search_by_key(&version, |n| n.version)
            .ok()
            .and_then(|i| self.sorted.get(i))
    }

    /// Every version, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Notice> {
        self.sorted.iter()
    }

    /// How many versions.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2015, 1, 1, 0, 0, 0).unwrap()
    }

    #[test]
    fn a_registry_refuses_duplicates_and_blank_names() {
        let v = |n| Notice::new(NoticeVersion(n), at(), Purposes::BROAD);
        assert_eq!(
            Notices::new([v(2), v(1), v(2)]),
            Err(NoticesError::Duplicate {
                version: NoticeVersion(2)
            })
        );
        assert_eq!(
            Notices::new([v(1).recipient("  ")]),
            Err(NoticesError::BlankRecipient {
                version: NoticeVersion(1)
            })
        );
        assert_eq!(
            Notices::new([
                v(1).id("https://b.example/privacy"),
                v(2).id(" https://b.example/privacy")
            ]),
            Err(NoticesError::AmbiguousId {
                version: NoticeVersion(1)
            })
        );
        assert!(matches!(
            Notices::new([v(1).id(" ")]),
            Err(NoticesError::AmbiguousId { .. })
        ));
        let ok = Notices::new([v(3).id("https://b.example/v3"), v(1)]).unwrap();
        assert_eq!(
            ok.by_id(" https://b.example/v3").map(Notice::version),
            Some(NoticeVersion(3))
        );
        assert!(ok.by_id("https://b.example/v1").is_none());
        let versions: Vec<u32> = ok.iter().map(|n| n.version().0).collect();
        assert_eq!(versions, [1, 3]);
    }

    #[test]
    fn a_notice_names_by_name_or_kind() {
        let n = Notice::new(NoticeVersion(1), at(), Purposes::BROAD)
            .recipient("Acme")
            .recipient_kind(OrganisationKind::Agency);
        let acme = Recipient::new("ACME").unwrap();
        let other = Recipient::new("Other").unwrap();
        assert!(n.discloses_to(&acme, None));
        assert!(n.discloses_to(&other, Some(OrganisationKind::Agency)));
        assert!(!n.discloses_to(&other, Some(OrganisationKind::PoliticalParty)));
        assert!(!n.discloses_to(&other, None));
    }
}
