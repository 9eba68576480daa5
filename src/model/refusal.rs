//! [`Refusal`]: why the gate withheld a field or a record.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::category::Category;
use crate::notice::NoticeVersion;
use crate::purpose::PurposeKind;

/// Which role in a declaration an organisation plays: the buyer, or the
/// organisation the buyer acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The buying organisation.
    Buyer,
    /// The organisation the buyer acts for.
    EndRecipient,
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Buyer => "buyer",
            Self::EndRecipient => "end recipient",
        })
    }
}

/// Why a value was withheld. Every refusal the gate makes carries one; the
/// first rule that fails, in the order of the variants below, is the one
/// reported. The record-level rules come first (a record that fails one is
/// dropped whole), then the rules of one field.
///
/// Not `#[non_exhaustive]`: a caller that reports refusals should handle
/// every reason, and a new one is a breaking change on purpose.
///
/// No variant holds a gated value: dates here are consent and notice dates,
/// never a birth date. Nor does a refusal depend on one, but for the rules
/// that read one ([`Refusal::SubjectIsChild`] and
/// [`Refusal::ConsentGivenByChild`] read the subject's birth date,
/// [`Refusal::ContactSuppressed`] a contact point), which come after every
/// rule that needs none: they are reached only where the consent already
/// opens the value to this purpose and buyer. Whether a field holds a value
/// never changes its refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    /// The consent was given after the export instant.
    #[error("consent given at `{given_at}`, after the export instant")]
    GivenAfterExport {
        /// When it was given.
        given_at: DateTime<Utc>,
    },
    /// The consent was withdrawn at or before the export instant.
    #[error("consent withdrawn at `{at}`")]
    Withdrawn {
        /// When.
        at: DateTime<Utc>,
    },
    /// The consent expired at or before the export instant.
    #[error("consent expired at `{at}`")]
    Expired {
        /// When.
        at: DateTime<Utc>,
    },
    /// The subject refused the purpose, and gave no consent to it after
    /// ([`ConsentChange::refused`](crate::ConsentChange::refused)). Counted
    /// apart from [`Refusal::PurposeNotGranted`], where nothing is known.
    #[error("the subject refused the purpose at `{at}`")]
    Refused {
        /// When.
        at: DateTime<Utc>,
    },
    /// The subject objected to direct marketing
    /// ([`ConsentChange::objected`](crate::ConsentChange::objected)), and
    /// the purpose is direct marketing.
    #[error("the subject objected to direct marketing at `{at}`")]
    Objected {
        /// When.
        at: DateTime<Utc>,
    },
    /// The consent names a notice version the broker never published.
    #[error("notice {notice} is not in the broker's notice registry")]
    UnknownNotice {
        /// The version the record names.
        notice: NoticeVersion,
    },
    /// The consent was given before the notice it names was published.
    #[error("consent given before notice {notice} was published at `{published_at}`")]
    ConsentBeforeNotice {
        /// The version.
        notice: NoticeVersion,
        /// When it was published.
        published_at: DateTime<Utc>,
    },
    /// The subject is on a suppression list and the purpose is marketing.
    #[error("subject is on a suppression list")]
    Suppressed,
    /// The privacy notice the consent was given under did not disclose the
    /// purpose.
    #[error("purpose `{purpose}` not disclosed in notice {notice}")]
    PurposeNotDisclosed {
        /// The declared purpose.
        purpose: PurposeKind,
        /// The notice's version.
        notice: NoticeVersion,
    },
    /// The subject did not grant the purpose, and no soft opt-in stands in
    /// for the grant.
    #[error("purpose `{purpose}` not granted")]
    PurposeNotGranted {
        /// The declared purpose.
        purpose: PurposeKind,
    },
    /// An organisation of the declaration is not named among the consent's
    /// recipients.
    #[error("{role} not named in the consent")]
    RecipientNotNamed {
        /// Which role.
        role: Role,
    },
    /// An organisation of the declaration is named in the consent, but the
    /// notice it was given under named neither it nor its kind.
    #[error("{role} not named in notice {notice}, by name or kind")]
    RecipientNotInNotice {
        /// Which role.
        role: Role,
        /// The notice's version.
        notice: NoticeVersion,
    },
    /// Consent collected through a third party is older than the configured
    /// limit, and the purpose discloses data to a third party.
    #[error(
        "consent collected through a third party at `{given_at}` is older than {max_months} months"
    )]
    IndirectConsentTooOld {
        /// When it was given.
        given_at: DateTime<Utc>,
        /// The configured limit.
        max_months: u32,
    },
    /// Consent is older than the configured limit for any disclosure to a
    /// third party.
    #[error("consent given at `{given_at}` is older than {max_months} months for disclosure")]
    ConsentTooOldForDisclosure {
        /// When it was given.
        given_at: DateTime<Utc>,
        /// The configured limit.
        max_months: u32,
    },
    /// The subject is younger than the configured age of a child at the
    /// export instant.
    #[error("subject is under {age_limit}")]
    SubjectIsChild {
        /// The configured age.
        age_limit: u8,
    },
    /// The subject was younger than the configured age of a child when the
    /// consent was given, and no parent's or guardian's consent is
    /// recorded.
    #[error("consent given while the subject was under {age_limit}, without a parent's consent")]
    ConsentGivenByChild {
        /// The configured age.
        age_limit: u8,
    },
    /// The purpose may never receive this category, whatever the consent.
    #[error("purpose `{purpose}` may never receive `{category}`")]
    NeverForPurpose {
        /// The declared purpose.
        purpose: PurposeKind,
        /// The category.
        category: Category,
    },
    /// The category needs its own explicit grant, and has none. The
    /// under-five flag is checked against the children's birth dates, so it
    /// also needs their grant (`category` is then the birth dates'): the
    /// check's answer would otherwise tell what they say.
    #[error("category `{category}` not explicitly granted")]
    CategoryNotGranted {
        /// The category.
        category: Category,
    },
    /// The field is a contact channel (e-mail, telephone) whose marketing
    /// the notice did not disclose.
    #[error("marketing by `{channel}` not disclosed in notice {notice}")]
    ChannelNotDisclosed {
        /// The channel's own marketing purpose.
        channel: PurposeKind,
        /// The notice's version.
        notice: NoticeVersion,
    },
    /// The field is a contact channel (e-mail, telephone) that the subject
    /// did not consent to be marketed on.
    #[error("no consent to marketing by `{channel}`")]
    ChannelNotConsented {
        /// The channel's own marketing purpose.
        channel: PurposeKind,
    },
    /// The record's children's data contradicts itself or the export
    /// instant, so none of it is exported (GDPR 5(1)(d), accuracy): a child
    /// born after the export instant, or before its mother, or when she
    /// was younger than [`Rules::min_mother_age_at_birth`](crate::Rules::min_mother_age_at_birth);
    /// or whether children under five live there contradicts the
    /// children's birth dates at the export instant. The row is read (it
    /// may be right on everything else); these values are withheld.
    #[error("children's data contradicts itself or the export instant")]
    ChildrenDataUnreliable,
    /// A value that was true once and no longer is at the export instant:
    /// a due date already past (stale health data).
    #[error("`{category}` is out of date at the export instant")]
    Stale {
        /// The category.
        category: Category,
    },
    /// The contact point (a telephone number, an e-mail address, a name at
    /// a postal address) is on a suppression list and the purpose is
    /// marketing.
    #[error("contact point `{category}` is on a suppression list")]
    ContactSuppressed {
        /// The category of the field.
        category: Category,
    },
    /// An exact value (a date, a contact detail) for a purpose that gets
    /// such values coarsened ([`PurposeKind::minimises`]): the broker's
    /// configuration names no need for the exact value
    /// ([`Rules::with_exact_data_for`](crate::Rules::with_exact_data_for)).
    /// The [derived fields](crate::field::derived) carry what such a
    /// purpose needs (GDPR 5(1)(c)).
    #[error("purpose `{purpose}` gets `{category}` coarsened, not exact")]
    ExactValueNotNeeded {
        /// The declared purpose.
        purpose: PurposeKind,
        /// The category of the field.
        category: Category,
    },
}

impl Refusal {
    /// A stable snake_case code for the reason, as receipts count it.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::GivenAfterExport { .. } => "given_after_export",
            Self::Withdrawn { .. } => "withdrawn",
            Self::Expired { .. } => "expired",
            Self::Refused { .. } => "refused",
            Self::Objected { .. } => "objected",
            Self::UnknownNotice { .. } => "unknown_notice",
            Self::ConsentBeforeNotice { .. } => "consent_before_notice",
            Self::Suppressed => "suppressed",
            Self::PurposeNotDisclosed { .. } => "purpose_not_disclosed",
            Self::PurposeNotGranted { .. } => "purpose_not_granted",
            Self::RecipientNotNamed { .. } => "recipient_not_named",
            Self::RecipientNotInNotice { .. } => "recipient_not_in_notice",
            Self::IndirectConsentTooOld { .. } => "indirect_consent_too_old",
            Self::ConsentTooOldForDisclosure { .. } => "consent_too_old_for_disclosure",
            Self::SubjectIsChild { .. } => "subject_is_child",
            Self::ConsentGivenByChild { .. } => "consent_given_by_child",
            Self::NeverForPurpose { .. } => "never_for_purpose",
            Self::CategoryNotGranted { .. } => "category_not_granted",
            Self::ChannelNotDisclosed { .. } => "channel_not_disclosed",
            Self::ChannelNotConsented { .. } => "channel_not_consented",
            Self::ChildrenDataUnreliable => "children_data_unreliable",
            Self::Stale { .. } => "stale",
            Self::ContactSuppressed { .. } => "contact_suppressed",
            Self::ExactValueNotNeeded { .. } => "exact_value_not_needed",
        }
    }
}
