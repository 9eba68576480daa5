//! [`Refusal`]: why the gate withheld a field or a record.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::category::Category;
use crate::purpose::PurposeKind;
use crate::scope::NoticeVersion;

/// Which party of a declaration the consent failed to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The buying organisation.
    Buyer,
    /// The organisation the buyer acts for.
    EndRecipient,
}

impl std::fmt::Display for Party {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Buyer => "buyer",
            Self::EndRecipient => "end recipient",
        })
    }
}

/// Why a value was withheld. Every refusal the gate makes carries one; the
/// first rule that fails, in the order of the variants below, is the one
/// reported.
///
/// Not `#[non_exhaustive]`: a caller that reports refusals should handle
/// every reason, and a new one is a breaking change on purpose.
///
/// No variant holds a gated value: dates here are consent dates, never a
/// birth date. Nor does a refusal depend on one, but for
/// [`Refusal::SubjectIsChild`], which is reached only after every rule that
/// needs no gated value has passed; whether a field holds a value never
/// changes its refusal.
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
    /// The subject did not grant the purpose.
    #[error("purpose `{purpose}` not granted")]
    PurposeNotGranted {
        /// The declared purpose.
        purpose: PurposeKind,
    },
    /// A party of the declaration is not named among the consent's
    /// recipients.
    #[error("{party} not named in the consent")]
    RecipientNotNamed {
        /// Which party.
        party: Party,
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
    /// The subject is younger than the configured age of a child. The only
    /// record-level rule that reads a gated value (the subject's birth
    /// date), so it comes after every rule that needs none: it is reported
    /// only for a record whose consent covers the purpose and recipients.
    #[error("subject is under {age_limit}")]
    SubjectIsChild {
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
    /// The category needs its own explicit grant, and has none.
    #[error("category `{category}` not explicitly granted")]
    CategoryNotGranted {
        /// The category.
        category: Category,
    },
    /// The field is a contact channel (e-mail, telephone) that the subject
    /// did not consent to be marketed on.
    #[error("no consent to marketing by `{channel}`")]
    ChannelNotConsented {
        /// The channel's own marketing purpose.
        channel: PurposeKind,
    },
}

impl Refusal {
    /// A stable snake_case code for the reason, as receipts count it.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::GivenAfterExport { .. } => "given_after_export",
            Self::Withdrawn { .. } => "withdrawn",
            Self::Expired { .. } => "expired",
            Self::Suppressed => "suppressed",
            Self::PurposeNotDisclosed { .. } => "purpose_not_disclosed",
            Self::PurposeNotGranted { .. } => "purpose_not_granted",
            Self::RecipientNotNamed { .. } => "recipient_not_named",
            Self::IndirectConsentTooOld { .. } => "indirect_consent_too_old",
            Self::SubjectIsChild { .. } => "subject_is_child",
            Self::NeverForPurpose { .. } => "never_for_purpose",
            Self::CategoryNotGranted { .. } => "category_not_granted",
            Self::ChannelNotConsented { .. } => "channel_not_consented",
        }
    }
}
