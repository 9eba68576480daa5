//! [`Broker`]: what the broker knows and the gate verifies declarations
//! and records against: itself (the controller), the organisations it deals
//! with, its notices, its rules and its suppression lists.

use std::sync::Arc;

use crate::declaration::Declaration;
use crate::declaration_refusal::DeclarationRefusal;
use crate::notice::Notices;
use crate::organisation::{Known, Organisations};
use crate::platforms::Platforms;
use crate::purpose::{Purpose, PurposeKind};
use crate::recipient::Recipient;
use crate::refusal::Role;
use crate::rules::Rules;
use crate::suppression::SuppressionList;

#[derive(Debug, PartialEq, Eq)]
struct Inner {
    organisations: Organisations,
    notices: Notices,
    rules: Rules,
    suppression: SuppressionList,
    platforms: Platforms,
    sha256: String,
}

/// The broker's own knowledge, which every declaration and every record is
/// verified against: the controller and its registry of organisations
/// ([`Organisations`]), its notice versions ([`Notices`]), its [`Rules`]
/// and its [`SuppressionList`]. Cheap to clone (shared).
///
/// A [`Gate`](crate::Gate) comes only from [`Broker::gate`], which refuses a
/// declaration whose organisations the registry does not bear out:
///
/// * a purpose that discloses nothing to a third party (service delivery,
///   the broker's own marketing, profiling, research) is declared only by
///   the broker for itself;
/// * a purpose that discloses to a third party needs a buyer and an end
///   recipient the registry knows; a buyer acting for another organisation
///   must be an agency registered as acting for it;
/// * **an export whose buyer or end recipient is political** (a party,
///   campaign, candidate or referendum campaigner, or an agency acting for
///   one at any remove) **is refused unless it declares political
///   campaigning.** A refusal rather than a forced political policy keeps
///   the type honest: the only gate a political buyer can get is a
///   `Gate<PoliticalCampaigning>`, whose schemas cannot name children's or
///   health data at compile time. A `Gate<ServiceDelivery>` judged as
///   political at run time would let the compiler accept schemas the
///   policy forbids.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use consent_gate::purpose::{PoliticalCampaigning, ServiceDelivery};
/// use consent_gate::*;
///
/// let organisations = Organisations::builder("Emma's Diary Ltd")
///     .organisation("A Political Party", OrganisationKind::PoliticalParty)
///     .build()?;
/// let published = Utc.with_ymd_and_hms(2014, 1, 1, 0, 0, 0).unwrap();
/// let notices = Notices::new([Notice::new(NoticeVersion(1), published, Purposes::BROAD)])?;
/// let broker = Broker::builder(organisations, notices).build();
///
/// let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
/// let disguised = Declaration::<ServiceDelivery>::new("A Political Party", "A Political Party", as_of)?;
/// assert!(broker.gate(disguised).is_err());
/// let honest = Declaration::<PoliticalCampaigning>::new("A Political Party", "A Political Party", as_of)?;
/// assert!(broker.gate(honest).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broker(Arc<Inner>);

impl Broker {
    /// Starts a broker from its registries; rules are [`Rules::default`]
    /// and nobody is suppressed unless said.
    pub fn builder(organisations: Organisations, notices: Notices) -> BrokerBuilder {
        BrokerBuilder {
            organisations,
            notices,
            rules: Rules::default(),
            suppression: SuppressionList::default(),
            platforms: Platforms::default(),
        }
    }

    /// The broker itself.
    pub fn controller(&self) -> &Recipient {
        self.0.organisations.controller()
    }
    /// The registry of organisations.
    pub fn organisations(&self) -> &Organisations {
        &self.0.organisations
    }
    /// The notice versions.
    pub fn notices(&self) -> &Notices {
        &self.0.notices
    }
    /// The rules' settings.
    pub fn rules(&self) -> &Rules {
        &self.0.rules
    }
    /// The suppression list.
    pub fn suppression(&self) -> &SuppressionList {
        &self.0.suppression
    }
    /// How consent platforms' names map to the crate's, for the
    /// [importers](crate::import).
    pub fn platforms(&self) -> &Platforms {
        &self.0.platforms
    }
    /// The SHA-256 (lowercase hex) of the configuration, as
    /// [`Broker::to_json`] writes it or as it was read by
    /// [`Broker::from_json`]: receipts record it.
    pub fn config_sha256(&self) -> &str {
        &self.0.sha256
    }

    /// Verifies a declaration against the registry; see the type's docs.
    pub fn verify<P: Purpose>(
        &self,
        declaration: &Declaration<P>,
    ) -> Result<(), DeclarationRefusal> {
        let purpose = P::KIND;
        let organisations = self.organisations();
        let roles = [
            (Role::Buyer, declaration.buyer()),
            (Role::EndRecipient, declaration.end_recipient()),
        ];
        if !purpose.discloses_to_third_party() {
            for (role, who) in roles {
                if organisations.find(who) != Some(Known::Controller) {
                    return Err(DeclarationRefusal::NotTheController { purpose, role });
                }
            }
            return Ok(());
        }
        for (role, who) in roles {
            match organisations.find(who) {
                None => return Err(DeclarationRefusal::UnknownOrganisation { role }),
                Some(Known::Controller) => {
                    return Err(DeclarationRefusal::ControllerIsNoThirdParty { role });
                }
                Some(Known::Registered { political, .. }) => {
                    if political && purpose != PurposeKind::PoliticalCampaigning {
                        return Err(DeclarationRefusal::PoliticalRecipient { purpose, role });
                    }
                }
            }
        }
        let (buyer, end) = (declaration.buyer(), declaration.end_recipient());
        if !buyer.matches(end) && !organisations.acts_for(buyer, end) {
            return Err(DeclarationRefusal::NotActingFor);
        }
        Ok(())
    }
}

/// Builds a [`Broker`]; see [`Broker::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct BrokerBuilder {
    organisations: Organisations,
    notices: Notices,
    rules: Rules,
    suppression: SuppressionList,
    platforms: Platforms,
}

impl BrokerBuilder {
    /// Sets the rules.
    pub fn rules(mut self, rules: Rules) -> Self {
        self.rules = rules;
        self
    }
    /// Sets the suppression list.
    pub fn suppression(mut self, suppression: SuppressionList) -> Self {
        self.suppression = suppression;
        self
    }
    /// Sets how consent platforms' names map to the crate's
    /// ([`Platforms`]).
    pub fn platforms(mut self, platforms: Platforms) -> Self {
        self.platforms = platforms;
        self
    }
    /// Builds the broker; its configuration hash is that of
    /// [`Broker::to_json`].
    pub fn build(self) -> Broker {
        self.build_with_hash(None)
    }

    pub(crate) fn build_with_hash(self, sha256: Option<String>) -> Broker {
        let mut inner = Inner {
            organisations: self.organisations,
            notices: self.notices,
            rules: self.rules,
            suppression: self.suppression,
            platforms: self.platforms,
            sha256: String::new(),
        };
        inner.sha256 = sha256.unwrap_or_else(|| {
            crate::digest::sha256_hex(&crate::canonical::write(
                &inner.organisations,
                &inner.notices,
                &inner.rules,
                &inner.suppression,
                &inner.platforms,
            ))
        });
        Broker(Arc::new(inner))
    }
}
