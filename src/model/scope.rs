//! [`ConsentScope`]: what one subject actually consented to.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::category::Categories;
use crate::notice::NoticeVersion;
use crate::purpose::Purposes;
use crate::recipient::{Recipient, RecipientList};

/// Where the consent came from: the subject, to the broker directly, or
/// another organisation that collected it and passed it on (the CRM's
/// `collection` column; W3C DPV's data-source concepts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConsentSource {
    /// Collected by the broker from the subject.
    Direct,
    /// Collected by another organisation and passed on.
    ThirdParty,
}

impl ConsentSource {
    /// Its name, as the CRM's `collection` column and serde write it.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::ThirdParty => "third_party",
        }
    }
}

/// The consent one subject gave: purposes, explicit category grants, the
/// version of the privacy notice it was given under (what that version
/// disclosed is the broker's [`Notices`](crate::Notices) registry's to
/// say), named recipients, its lifetime, and the facts of its collection.
///
/// Built with [`ConsentScope::builder`], which refuses a scope whose dates
/// contradict each other.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use consent_gate::{ConsentScope, NoticeVersion, Purposes, Recipient};
///
/// let given = Utc.with_ymd_and_hms(2016, 5, 1, 9, 0, 0).unwrap();
/// let scope = ConsentScope::builder(Purposes::THIRD_PARTY_MARKETING, NoticeVersion(3), given)
///     .recipient("Acme Baby Products Ltd")
///     .build()
///     .unwrap();
/// assert_eq!(scope.recipients().len(), 1);
/// assert!(scope.is_named(&Recipient::new("acme baby products ltd").unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentScope {
    purposes: Purposes,
    categories: Categories,
    notice: NoticeVersion,
    recipients: RecipientList,
    given_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    withdrawn_at: Option<DateTime<Utc>>,
    source: ConsentSource,
    /// The organisation that collected it, for a consent collected through
    /// a third party.
    collected_by: Option<Box<str>>,
    existing_customer: bool,
    opt_out_offered: bool,
    parental_consent: bool,
}

/// Why a consent scope could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScopeError {
    /// The withdrawal predates the consent.
    #[error("consent withdrawn at `{withdrawn_at}`, before it was given at `{given_at}`")]
    WithdrawnBeforeGiven {
        /// When it was given.
        given_at: DateTime<Utc>,
        /// When it was withdrawn.
        withdrawn_at: DateTime<Utc>,
    },
    /// The expiry predates the consent.
    #[error("consent expires at `{expires_at}`, before it was given at `{given_at}`")]
    ExpiresBeforeGiven {
        /// When it was given.
        given_at: DateTime<Utc>,
        /// When it expires.
        expires_at: DateTime<Utc>,
    },
    /// A consent collected by the broker itself names another organisation
    /// as its collector: one of the two claims is false.
    #[error("a consent collected directly names a third party as its collector")]
    CollectorOfDirectConsent,
    /// A named recipient was blank.
    #[error("recipient {index} is blank")]
    BlankRecipient {
        /// Its position among the recipients, from 0.
        index: usize,
    },
}

impl ConsentScope {
    /// Starts a scope: the purposes granted, the version of the notice they
    /// were granted under, and when.
    #[inline]
    pub fn builder(
        purposes: Purposes,
        notice: NoticeVersion,
        given_at: DateTime<Utc>,
    ) -> ConsentScopeBuilder {
        ConsentScopeBuilder {
            scope: ConsentScope {
                purposes,
                categories: Categories::empty(),
                notice,
                recipients: RecipientList::from_text(String::new()),
                given_at,
                expires_at: None,
                withdrawn_at: None,
                source: ConsentSource::Direct,
                collected_by: None,
                existing_customer: false,
                opt_out_offered: false,
                parental_consent: false,
            },
            recipients: String::new(),
            named: 0,
            blank_recipient: None,
        }
    }

    /// The purposes granted.
    pub fn purposes(&self) -> Purposes {
        self.purposes
    }
    /// The categories explicitly granted.
    pub fn categories(&self) -> Categories {
        self.categories
    }
    /// The version of the notice the consent was given under.
    pub fn notice(&self) -> NoticeVersion {
        self.notice
    }
    /// The organisations named as recipients.
    pub fn recipients(&self) -> &RecipientList {
        &self.recipients
    }
    /// Whether `who` is named among the recipients.
    #[inline]
    pub fn is_named(&self, who: &Recipient) -> bool {
        self.recipients.contains(who)
    }
    /// When the consent was given.
    pub fn given_at(&self) -> DateTime<Utc> {
        self.given_at
    }
    /// When the consent expires, if ever.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }
    /// When the consent was withdrawn, if it was.
    pub fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.withdrawn_at
    }
    /// Where the consent came from.
    pub fn source(&self) -> ConsentSource {
        self.source
    }
    /// The organisation that collected the consent and passed it on, where
    /// the consent was collected through a third party and the record
    /// names it.
    pub fn collected_by(&self) -> Option<&str> {
        self.collected_by.as_deref()
    }
    /// Whether the subject is an existing customer of the broker (one of
    /// the conditions of the soft opt-in, PECR reg 22(3)).
    pub fn existing_customer(&self) -> bool {
        self.existing_customer
    }
    /// Whether the subject was offered a simple way to refuse marketing when
    /// the details were collected (another condition of the soft opt-in).
    pub fn opt_out_offered(&self) -> bool {
        self.opt_out_offered
    }
    /// Whether a parent or guardian gave or authorised the consent (what
    /// makes a consent given by a child valid, GDPR Art 8).
    pub fn parental_consent(&self) -> bool {
        self.parental_consent
    }
}

/// Builds a [`ConsentScope`]; see [`ConsentScope::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ConsentScopeBuilder {
    /// The scope so far, its recipients aside.
    scope: ConsentScope,
    /// The names so far, as [`RecipientList`] keeps them.
    recipients: String,
    /// How many names so far.
    named: usize,
    /// The position of the first blank name, reported by `build`.
    blank_recipient: Option<usize>,
}

impl ConsentScopeBuilder {
    /// Grants categories explicitly (children's and health data need it).
    #[inline]
    pub fn categories(mut self, categories: Categories) -> Self {
        self.scope.categories |= categories;
        self
    }
    /// Names a recipient.
    #[inline]
    pub fn recipient(mut self, name: impl AsRef<str>) -> Self {
        if !RecipientList::push(&mut self.recipients, name.as_ref()) {
            self.blank_recipient.get_or_insert(self.named);
        }
        self.named += 1;
        self
    }
    /// Sets the expiry.
    #[inline]
    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.scope.expires_at = Some(at);
        self
    }
    /// Records a withdrawal.
    #[inline]
    pub fn withdrawn_at(mut self, at: DateTime<Utc>) -> Self {
        self.scope.withdrawn_at = Some(at);
        self
    }
    /// Sets where the consent came from ([`ConsentSource::Direct`] unless
    /// said).
    #[inline]
    pub fn source(mut self, source: ConsentSource) -> Self {
        self.scope.source = source;
        self
    }
    /// Names the organisation that collected the consent and passed it on;
    /// a blank name names nobody. Only a consent collected through a third
    /// party can have one ([`ScopeError::CollectorOfDirectConsent`]).
    #[inline]
    pub fn collected_by(mut self, name: impl AsRef<str>) -> Self {
        let name = name.as_ref().trim();
        self.scope.collected_by = (!name.is_empty()).then(|| name.into());
        self
    }
    /// Marks the subject as an existing customer (soft opt-in).
    #[inline]
    pub fn existing_customer(mut self, yes: bool) -> Self {
        self.scope.existing_customer = yes;
        self
    }
    /// Records that an opt-out was offered at collection (soft opt-in).
    #[inline]
    pub fn opt_out_offered(mut self, yes: bool) -> Self {
        self.scope.opt_out_offered = yes;
        self
    }
    /// Records a parent's or guardian's consent.
    #[inline]
    pub fn parental_consent(mut self, yes: bool) -> Self {
        self.scope.parental_consent = yes;
        self
    }

    /// Checks the dates and names and builds the scope.
    #[inline]
    pub fn build(self) -> Result<ConsentScope, ScopeError> {
        let mut scope = self.scope;
        let given_at = scope.given_at;
        if let Some(withdrawn_at) = scope.withdrawn_at.filter(|w| *w < given_at) {
            return Err(ScopeError::WithdrawnBeforeGiven {
                given_at,
                withdrawn_at,
            });
        }
        if let Some(expires_at) = scope.expires_at.filter(|e| *e < given_at) {
            return Err(ScopeError::ExpiresBeforeGiven {
                given_at,
                expires_at,
            });
        }
        if let Some(index) = self.blank_recipient {
            return Err(ScopeError::BlankRecipient { index });
        }
        if scope.source == ConsentSource::Direct && scope.collected_by.is_some() {
            return Err(ScopeError::CollectorOfDirectConsent);
        }
        scope.recipients = RecipientList::from_text(self.recipients);
        Ok(scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    fn notice() -> NoticeVersion {
        NoticeVersion(1)
    }

    #[test]
    fn withdrawal_before_consent_is_refused() {
        let err = ConsentScope::builder(Purposes::BROAD, notice(), at(2017, 1, 1))
            .withdrawn_at(at(2016, 1, 1))
            .build()
            .unwrap_err();
        assert!(matches!(err, ScopeError::WithdrawnBeforeGiven { .. }));
        assert!(err.to_string().contains("2016-01-01"));
    }

    #[test]
    fn expiry_before_consent_is_refused() {
        let err = ConsentScope::builder(Purposes::BROAD, notice(), at(2017, 1, 1))
            .expires_at(at(2016, 12, 31))
            .build()
            .unwrap_err();
        assert!(matches!(err, ScopeError::ExpiresBeforeGiven { .. }));
    }

    #[test]
    fn blank_recipient_is_refused_with_its_index() {
        let err = ConsentScope::builder(Purposes::BROAD, notice(), at(2017, 1, 1))
            .recipient("Acme")
            .recipient(" ")
            .build()
            .unwrap_err();
        assert_eq!(err, ScopeError::BlankRecipient { index: 1 });
    }

    #[test]
    fn names_matches_folded_names_only() {
        let scope = ConsentScope::builder(Purposes::BROAD, notice(), at(2017, 1, 1))
            .recipient("Acme Baby Products Ltd")
            .build()
            .unwrap();
        assert!(scope.is_named(&Recipient::new("ACME baby products ltd").unwrap()));
        assert!(!scope.is_named(&Recipient::new("selected partners").unwrap()));
    }
}
