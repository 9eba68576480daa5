//! [`Consents`]: a subject's consent ledger, and its state for one purpose
//! at one instant.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::purpose::{PurposeKind, Purposes};
use crate::scope::ConsentScope;

/// What a subject did about some purposes at an instant, other than give
/// consent (a given consent is a [`ConsentScope`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ConsentChange {
    at: DateTime<Utc>,
    kind: ChangeKind,
    purposes: Purposes,
}

/// The kind of a [`ConsentChange`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// Asked, the subject said no.
    Refused,
    /// The subject withdrew a consent given before (GDPR Art 7(3)), or
    /// unsubscribed.
    Withdrawn,
    /// The subject objected to direct marketing (GDPR Art 21(2)): every
    /// marketing purpose stops, with no balancing of interests.
    Objected,
}

impl ChangeKind {
    /// The kind's name, as the two-file input and the receipts write it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Refused => "refused",
            Self::Withdrawn => "withdrawn",
            Self::Objected => "objected",
        }
    }
}

impl ConsentChange {
    /// A refusal of `purposes` at `at`.
    pub fn refused(purposes: Purposes, at: DateTime<Utc>) -> Self {
        Self {
            at,
            kind: ChangeKind::Refused,
            purposes,
        }
    }

    /// A withdrawal of `purposes` at `at`: of these purposes only, whatever
    /// consent covered them.
    pub fn withdrawn(purposes: Purposes, at: DateTime<Utc>) -> Self {
        Self {
            at,
            kind: ChangeKind::Withdrawn,
            purposes,
        }
    }

    /// An objection to direct marketing at `at`: it covers every marketing
    /// purpose ([`Purposes::DIRECT_MARKETING`]), whichever were named.
    pub fn objected(at: DateTime<Utc>) -> Self {
        Self {
            at,
            kind: ChangeKind::Objected,
            purposes: Purposes::DIRECT_MARKETING,
        }
    }

    /// When.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// What the subject did.
    pub fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// The purposes it covers.
    pub fn purposes(&self) -> Purposes {
        self.purposes
    }
}

/// One event of a subject's consent history: a consent given, or a
/// refusal, withdrawal or objection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum ConsentEvent {
    /// A consent given.
    Given(ConsentScope),
    /// A refusal, withdrawal or objection.
    Changed(ConsentChange),
}

/// A subject's consent ledger: the consents given (each a [`ConsentScope`]
/// for some purposes, under one notice version, with its recipients,
/// categories and lifetime) and what the subject did since, per purpose
/// ([`ConsentChange`]s: refusals, withdrawals, an objection).
///
/// The one-row CRM format holds one consent and no change; a ledger read
/// from a consent platform's events may hold many of both.
///
/// # The state of a purpose at an instant
///
/// [`Consents::state`] decides, for one purpose at one instant, from these
/// events: each consent covering the purpose is *given* at its `given_at`
/// and, if it has a `withdrawn_at`, *withdrawn* then; each change covering
/// the purpose happens at its instant. Events after the instant do not
/// count.
///
/// * **The latest event wins.** A withdrawal of e-mail marketing ends that
///   purpose and no other; a consent given after it under a newer notice
///   covers its purposes from its instant, and not before.
/// * **At equal instants the event that refuses wins**: objected, then
///   withdrawn, then refused, then given. A consent and a refusal at one
///   instant cannot both be true, and the export fails closed. Between two
///   consents given at one instant, the one added later wins.
/// * **A winning consent whose expiry is at or before the instant has
///   expired**: an older consent does not come back in its place.
/// * **No event at all is [`ConsentState::Unknown`]**, which the receipt
///   counts apart from a refusal.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use consent_gate::{ConsentChange, ConsentScope, ConsentState, Consents, NoticeVersion,
///                    PurposeKind, Purposes};
///
/// let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
/// let given = ConsentScope::builder(
///     Purposes::MARKETING_POST | Purposes::MARKETING_EMAIL, NoticeVersion(1), at(2016, 1, 1),
/// ).build()?;
/// let consents = Consents::from(given)
///     .change(ConsentChange::withdrawn(Purposes::MARKETING_EMAIL, at(2016, 6, 1)));
/// let state = |purpose, when| consents.state(purpose, when);
/// assert!(matches!(state(PurposeKind::MarketingPost, at(2017, 1, 1)), ConsentState::Given { .. }));
/// assert!(matches!(state(PurposeKind::MarketingEmail, at(2017, 1, 1)), ConsentState::Withdrawn { .. }));
/// assert!(matches!(state(PurposeKind::MarketingEmail, at(2016, 3, 1)), ConsentState::Given { .. }));
/// assert!(matches!(state(PurposeKind::Research, at(2017, 1, 1)), ConsentState::Unknown));
/// # Ok::<(), consent_gate::ScopeError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Consents {
    /// The first consent, held inline: the one-row form needs no
    /// allocation, and a record stays small.
    first: Option<ConsentScope>,
    /// Everything after it, where there is anything.
    history: Option<Box<History>>,
}

/// The consents after the first, and the changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
struct History {
    more: Vec<ConsentScope>,
    changes: Vec<ConsentChange>,
}

/// The state of one purpose at one instant; see [`Consents::state`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsentState<'a> {
    /// A consent covers the purpose.
    Given {
        /// The consent, whose notice, recipients, categories and collection
        /// the rules judge.
        consent: &'a ConsentScope,
        /// Its position among [`Consents::given`].
        index: usize,
    },
    /// The consent that covered it has expired.
    Expired {
        /// When.
        at: DateTime<Utc>,
    },
    /// Withdrawn.
    Withdrawn {
        /// When.
        at: DateTime<Utc>,
    },
    /// Refused.
    Refused {
        /// When.
        at: DateTime<Utc>,
    },
    /// The subject objected to direct marketing.
    Objected {
        /// When.
        at: DateTime<Utc>,
    },
    /// Nothing is known of it: no consent, no change.
    Unknown,
}

impl From<ConsentScope> for Consents {
    fn from(consent: ConsentScope) -> Self {
        Self {
            first: Some(consent),
            history: None,
        }
    }
}

/// What happened, ranked: at equal instants the higher rank wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    Given(usize),
    Changed(ChangeKind),
    /// A consent's own withdrawal, ranked as a withdrawal.
    Ended,
}

impl Event {
    fn rank(self) -> u8 {
        match self {
            Self::Given(_) => 0,
            Self::Changed(ChangeKind::Refused) => 1,
            Self::Changed(ChangeKind::Withdrawn) | Self::Ended => 2,
            Self::Changed(ChangeKind::Objected) => 3,
        }
    }
}

impl Consents {
    /// A ledger with nothing in it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a consent given.
    #[must_use]
    pub fn give(mut self, consent: ConsentScope) -> Self {
        self.record(ConsentEvent::Given(consent));
        self
    }

    /// Adds a refusal, withdrawal or objection.
    #[must_use]
    pub fn change(mut self, change: ConsentChange) -> Self {
        self.record(ConsentEvent::Changed(change));
        self
    }

    /// Adds an event, in place.
    pub fn record(&mut self, event: ConsentEvent) {
        match event {
            ConsentEvent::Given(consent) if self.first.is_none() => self.first = Some(consent),
            ConsentEvent::Given(consent) => self.history_mut().more.push(consent),
            ConsentEvent::Changed(change) => self.history_mut().changes.push(change),
        }
    }

    fn history_mut(&mut self) -> &mut History {
        self.history.get_or_insert_with(Box::default)
    }

    /// The consents given, in the order added.
    pub fn given(&self) -> impl Iterator<Item = &ConsentScope> + '_ {
        self.first.iter().chain(self.more())
    }

    /// The consent given at `index` of [`Consents::given`].
    #[inline]
    pub fn get(&self, index: usize) -> Option<&ConsentScope> {
        match index {
            0 => self.first.as_ref(),
            i => self.more().get(i - 1),
        }
    }

    /// The consent given last (by `given_at`; of two at one instant, the
    /// one added later), if any.
    pub fn latest(&self) -> Option<&ConsentScope> {
        if self.more().is_empty() {
            return self.first.as_ref();
        }
        self.given()
            .enumerate()
            .max_by_key(|(index, c)| (c.given_at(), *index))
            .map(|(_, c)| c)
    }

    /// The refusals, withdrawals and objections, in the order added.
    pub fn changes(&self) -> &[ConsentChange] {
        self.history.as_ref().map_or(&[], |h| &h.changes)
    }

    fn more(&self) -> &[ConsentScope] {
        self.history.as_ref().map_or(&[], |h| &h.more)
    }

    /// The one consent, where the ledger holds one and no change: the
    /// one-row form, judged without building any state.
    #[inline]
    pub(crate) fn single(&self) -> Option<&ConsentScope> {
        match (&self.first, &self.history) {
            (Some(consent), None) => Some(consent),
            _ => None,
        }
    }

    /// The state of `purpose` at `at`: see the [type's docs](Consents).
    pub fn state(&self, purpose: PurposeKind, at: DateTime<Utc>) -> ConsentState<'_> {
        let flag = purpose.flag();
        let mut latest: Option<(DateTime<Utc>, u8, Event)> = None;
        let mut see = |when: DateTime<Utc>, event: Event| {
            if when > at {
                return;
            }
            let key = (when, event.rank());
            if latest.is_none_or(|(w, r, _)| key >= (w, r)) {
                latest = Some((when, event.rank(), event));
            }
        };
        for (index, consent) in self.given().enumerate() {
            if consent.purposes().contains(flag) {
                see(consent.given_at(), Event::Given(index));
                if let Some(withdrawn) = consent.withdrawn_at() {
                    see(withdrawn, Event::Ended);
                }
            }
        }
        for change in self.changes() {
            if change.purposes.contains(flag) {
                see(change.at, Event::Changed(change.kind));
            }
        }
        match latest {
            None => ConsentState::Unknown,
            Some((when, _, event)) => match event {
                Event::Given(index) => match self.get(index) {
                    Some(consent) => match consent.expires_at().filter(|e| *e <= at) {
                        Some(expired) => ConsentState::Expired { at: expired },
                        None => ConsentState::Given { consent, index },
                    },
                    None => ConsentState::Unknown,
                },
                Event::Ended | Event::Changed(ChangeKind::Withdrawn) => {
                    ConsentState::Withdrawn { at: when }
                }
                Event::Changed(ChangeKind::Refused) => ConsentState::Refused { at: when },
                Event::Changed(ChangeKind::Objected) => ConsentState::Objected { at: when },
            },
        }
    }
}
