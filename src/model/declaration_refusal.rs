//! [`DeclarationRefusal`]: why a buyer's declaration was refused as a
//! whole, before any record is read.

use serde::Serialize;

use crate::purpose::PurposeKind;
use crate::refusal::Role;

/// Why the broker refused a declaration. What a declaration claims about
/// its organisations is checked against the broker's registry
/// ([`Organisations`](crate::Organisations)); nothing is taken on trust.
///
/// The job still reads the records and writes a receipt that counts each
/// one as dropped for this reason: a refused attempt is part of the record.
///
/// Not `#[non_exhaustive]`, like [`Refusal`](crate::Refusal): a caller
/// that reports refusals should handle every reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum DeclarationRefusal {
    /// A purpose that discloses nothing to a third party (service delivery,
    /// the broker's own marketing, profiling, research) is declared by or
    /// for an organisation other than the broker itself.
    #[error("purpose `{purpose}` is the broker's own: the {role} must be the broker itself")]
    NotTheController {
        /// The declared purpose.
        purpose: PurposeKind,
        /// The role another organisation plays.
        role: Role,
    },
    /// The registry does not know the organisation: a disclosure to it
    /// fails closed.
    #[error("the {role} is not in the broker's registry of organisations")]
    UnknownOrganisation {
        /// Which role.
        role: Role,
    },
    /// The broker itself is named as the third party of a disclosure.
    #[error("the {role} is the broker itself, not a third party")]
    ControllerIsNoThirdParty {
        /// Which role.
        role: Role,
    },
    /// The buyer or the end recipient is political (a party, campaign,
    /// candidate or referendum campaigner, or an agency acting for one),
    /// and the declared purpose is not political campaigning.
    #[error(
        "the {role} is political: purpose `{purpose}` is refused, declare political campaigning"
    )]
    PoliticalRecipient {
        /// The declared purpose.
        purpose: PurposeKind,
        /// Which role is political.
        role: Role,
    },
    /// The buyer acts for an end recipient that the registry does not list
    /// among the organisations it acts for.
    #[error("the buyer is not registered as acting for the end recipient")]
    NotActingFor,
}

impl DeclarationRefusal {
    /// A stable snake_case code, as receipts count it.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::NotTheController { .. } => "not_the_controller",
            Self::UnknownOrganisation { .. } => "unknown_organisation",
            Self::ControllerIsNoThirdParty { .. } => "controller_is_no_third_party",
            Self::PoliticalRecipient { .. } => "political_recipient",
            Self::NotActingFor => "not_acting_for",
        }
    }
}
