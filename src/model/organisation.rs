//! [`Organisations`]: the broker's registry of the organisations it deals
//! with, and what kind each is.
//!
//! A buyer's declaration names organisations; the gate believes nothing it
//! says about them. What an organisation is (a commercial firm, a data
//! agency and whom it acts for, a political party or campaign) comes from
//! this registry, which the broker keeps.

use std::fmt;

use serde::Serialize;

use crate::recipient::{EmptyRecipient, Recipient};

/// What kind of organisation a registered recipient is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OrganisationKind {
    /// A commercial organisation acting for itself.
    Commercial,
    /// A data agency or list broker, acting for the organisations it is
    /// registered with ([`Organisations::acts_for`]).
    Agency,
    /// A political party.
    PoliticalParty,
    /// A political campaign or campaigning organisation.
    PoliticalCampaign,
    /// A candidate for election.
    Candidate,
    /// A referendum campaigner.
    ReferendumCampaigner,
}

impl OrganisationKind {
    /// Every kind, in order.
    pub const ALL: [Self; 6] = [
        Self::Commercial,
        Self::Agency,
        Self::PoliticalParty,
        Self::PoliticalCampaign,
        Self::Candidate,
        Self::ReferendumCampaigner,
    ];

    /// The stable snake_case name used in configuration files.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Commercial => "commercial",
            Self::Agency => "agency",
            Self::PoliticalParty => "political_party",
            Self::PoliticalCampaign => "political_campaign",
            Self::Candidate => "candidate",
            Self::ReferendumCampaigner => "referendum_campaigner",
        }
    }

    /// The kind of that exact name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether the kind is political by itself (a party, campaign,
    /// candidate or referendum campaigner).
    pub const fn is_political(self) -> bool {
        matches!(
            self,
            Self::PoliticalParty
                | Self::PoliticalCampaign
                | Self::Candidate
                | Self::ReferendumCampaigner
        )
    }
}

impl fmt::Display for OrganisationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a registry could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegistryError {
    /// A name is blank.
    #[error("organisation {index}: the name is blank")]
    BlankName {
        /// Its position in the registry, from 0.
        index: usize,
        /// Why.
        #[source]
        source: EmptyRecipient,
    },
    /// Two entries name the same organisation (after folding).
    #[error("organisation {index}: registered twice")]
    Duplicate {
        /// The position of the second entry, from 0.
        index: usize,
    },
    /// The controller is registered as another organisation.
    #[error("organisation {index}: the controller is registered as an organisation")]
    ControllerListed {
        /// Its position, from 0.
        index: usize,
    },
    /// An agency acts for an organisation the registry does not hold.
    #[error("organisation {index}: acts for an organisation that is not registered")]
    UnknownPrincipal {
        /// The agency's position, from 0.
        index: usize,
    },
    /// Only an agency acts for others.
    #[error("organisation {index}: only an agency acts for other organisations")]
    NotAnAgency {
        /// Its position, from 0.
        index: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    name: Recipient,
    kind: OrganisationKind,
    /// Positions of the organisations it acts for.
    acts_for: Vec<usize>,
    /// Political itself, or an agency acting (at any remove) for a
    /// political organisation.
    political: bool,
}

/// What the registry knows of one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Known {
    /// The broker itself.
    Controller,
    /// A registered organisation of this kind; `political` when it is
    /// political itself or an agency acting, directly or through other
    /// agencies, for a political organisation.
    Registered {
        /// Its kind.
        kind: OrganisationKind,
        /// Whether exports to it are political campaigning.
        political: bool,
    },
}

/// The broker's registry: the controller (the broker itself) and every
/// organisation it deals with, each with its kind; agencies with the
/// organisations they act for.
///
/// An agency that acts for any political organisation is itself treated
/// as political, whatever it declares: data it receives can reach its
/// political principals.
///
/// ```
/// use consent_gate::{OrganisationKind, Organisations, Recipient, organisation::Known};
/// let registry = Organisations::builder("Emma's Diary Ltd")
///     .organisation("Acme Baby Products Ltd", OrganisationKind::Commercial)
///     .organisation("A Political Party", OrganisationKind::PoliticalParty)
///     .agency("Data Agency Ltd", ["A Political Party"])
///     .build()
///     .unwrap();
/// let agency = Recipient::new("data agency ltd").unwrap();
/// assert_eq!(
///     registry.find(&agency),
///     Some(Known::Registered { kind: OrganisationKind::Agency, political: true })
/// );
/// assert_eq!(registry.find(&Recipient::new("Someone Else").unwrap()), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisations {
    controller: Recipient,
    entries: Vec<Entry>,
}

impl Organisations {
    /// Starts a registry for the broker named `controller`.
    pub fn builder(controller: &str) -> OrganisationsBuilder {
        OrganisationsBuilder {
            controller: controller.to_owned(),
            entries: Vec::new(),
        }
    }

    /// A registry that knows nobody, not even a controller: every
    /// declaration checked against it is refused.
    #[cfg(feature = "testkit")]
    pub(crate) fn nobody() -> Self {
        Self {
            controller: Recipient::nobody(),
            entries: Vec::new(),
        }
    }

    /// The broker itself.
    pub fn controller(&self) -> &Recipient {
        &self.controller
    }

    fn position(&self, who: &Recipient) -> Option<usize> {
        self.entries.iter().position(|e| e.name.matches(who))
    }

    /// What the registry knows of `who`, or `None` when it does not know
    /// the organisation.
    pub fn find(&self, who: &Recipient) -> Option<Known> {
        if self.controller.matches(who) {
            return Some(Known::Controller);
        }
        let entry = self.entries.get(self.position(who)?)?;
        Some(Known::Registered {
            kind: entry.kind,
            political: entry.political,
        })
    }

    /// Whether `agency` is registered as acting for `principal`.
    pub fn acts_for(&self, agency: &Recipient, principal: &Recipient) -> bool {
        let (Some(a), Some(p)) = (self.position(agency), self.position(principal)) else {
            return false;
        };
        self.entries.get(a).is_some_and(|e| e.acts_for.contains(&p))
    }

    /// Every registered organisation: its name, kind and the names it acts
    /// for, in the order registered.
    pub fn iter(&self) -> impl Iterator<Item = (&Recipient, OrganisationKind, Vec<&Recipient>)> {
        self.entries.iter().map(|e| {
            let acts_for = e
                .acts_for
                .iter()
                .filter_map(|i| self.entries.get(*i).map(|p| &p.name))
                .collect();
            (&e.name, e.kind, acts_for)
        })
    }
}

/// Builds [`Organisations`]; see [`Organisations::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct OrganisationsBuilder {
    controller: String,
    entries: Vec<(String, OrganisationKind, Vec<String>)>,
}

impl OrganisationsBuilder {
    /// Registers an organisation of a kind.
    pub fn organisation(mut self, name: &str, kind: OrganisationKind) -> Self {
        self.entries.push((name.to_owned(), kind, Vec::new()));
        self
    }

    /// Registers a data agency or list broker and the organisations it acts
    /// for (each registered too, before or after it).
    pub fn agency<'a>(mut self, name: &str, acts_for: impl IntoIterator<Item = &'a str>) -> Self {
        let principals = acts_for.into_iter().map(str::to_owned).collect();
        self.entries
            .push((name.to_owned(), OrganisationKind::Agency, principals));
        self
    }

    /// Registers an organisation that acts for others; only an agency may.
    pub fn acting_for<'a>(
        mut self,
        name: &str,
        kind: OrganisationKind,
        acts_for: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let principals = acts_for.into_iter().map(str::to_owned).collect();
        self.entries.push((name.to_owned(), kind, principals));
        self
    }

    /// Checks the names and links and builds the registry.
    pub fn build(self) -> Result<Organisations, OrganisationsError> {
        let controller =
            Recipient::new(&self.controller).map_err(OrganisationsError::Controller)?;
        let mut entries: Vec<Entry> = Vec::with_capacity(self.entries.len());
        for (index, (name, kind, _)) in self.entries.iter().enumerate() {
            let name = Recipient::new(name)
                .map_err(|source| RegistryError::BlankName { index, source })?;
            if name.matches(&controller) {
                return Err(RegistryError::ControllerListed { index }.into());
            }
            if entries.iter().any(|e| e.name.matches(&name)) {
                return Err(RegistryError::Duplicate { index }.into());
            }
            entries.push(Entry {
                name,
                kind: *kind,
                acts_for: Vec::new(),
                political: kind.is_political(),
            });
        }
        for (index, (_, kind, principals)) in self.entries.iter().enumerate() {
            if !principals.is_empty() && *kind != OrganisationKind::Agency {
                return Err(RegistryError::NotAnAgency { index }.into());
            }
            let mut links = Vec::with_capacity(principals.len());
            for principal in principals {
                let found = Recipient::new(principal)
                    .ok()
                    .and_then(|p| entries.iter().position(|e| e.name.matches(&p)))
                    .ok_or(RegistryError::UnknownPrincipal { index })?;
                links.push(found);
            }
            if let Some(entry) = entries.get_mut(index) {
                entry.acts_for = links;
            }
        }
        mark_political_at_any_remove(&mut entries);
        Ok(Organisations {
            controller,
            entries,
        })
    }
}

/// Marks every agency acting, directly or through other agencies, for a
/// political organisation as political: repeated until nothing changes (at
/// most one round per organisation).
fn mark_political_at_any_remove(entries: &mut [Entry]) {
    for _ in 0..entries.len() {
        let political: Vec<bool> = entries
            .iter()
            .map(|e| {
                e.political
                    || e.acts_for
                        .iter()
                        .any(|i| entries.get(*i).is_some_and(|p| p.political))
            })
            .collect();
        let changed = entries
            .iter()
            .zip(&political)
            .any(|(e, p)| e.political != *p);
        for (entry, p) in entries.iter_mut().zip(political) {
            entry.political = p;
        }
        if !changed {
            break;
        }
    }
}

/// Why [`Organisations`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrganisationsError {
    /// The controller's name is blank.
    #[error("the controller's name is blank")]
    Controller(#[source] EmptyRecipient),
    /// An entry is wrong.
    #[error(transparent)]
    Entry(#[from] RegistryError),
}

#[cfg(test)]
mod tests;
