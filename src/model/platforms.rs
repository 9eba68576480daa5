//! [`Platforms`]: how the consent platforms a broker imports from name
//! their purposes, data categories and recipients, in the crate's terms.
//!
//! A consent platform names purposes in its own words (a Salesforce
//! `DataUsePurpose` called "Partner offers", a Kantara receipt's purpose
//! "Offers from our partners by post", a broker's own DPV IRI). What they
//! mean is the broker's to say, once, in its configuration; an importer
//! that meets a name the broker has not mapped refuses the record, never
//! guesses. The broker's configuration is hashed into every receipt, so an
//! auditor sees the mapping an export relied on.
//!
//! A W3C DPV term (a `dpv:` or `pd:` IRI) that has an exact purpose or
//! category in [`standards`](crate::standards) maps by itself and may not
//! be mapped again. Any other DPV term is a broader, narrower or merely
//! near term, and a mapping may not make it what only an exact term may
//! be: sale to third parties, political campaigning, or a children's or
//! special category.

use std::collections::BTreeMap;
use std::fmt;

use crate::category::{BUILTIN, Categories};
use crate::purpose::Purposes;
use crate::standards::{self, Vocabulary};

/// A consent platform whose records the crate imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Platform {
    /// ISO/IEC TS 27560 consent records as W3C DPV writes them in JSON.
    Dpv,
    /// Kantara Consent Receipt v1.1 JSON.
    Kantara,
    /// Salesforce's `ContactPointTypeConsent` objects, as CSV.
    Salesforce,
}

impl Platform {
    /// Every platform.
    pub const ALL: [Self; 3] = [Self::Dpv, Self::Kantara, Self::Salesforce];

    /// Its key in the configuration's `platforms` object.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Dpv => "dpv",
            Self::Kantara => "kantara",
            Self::Salesforce => "salesforce",
        }
    }

    /// The platform of that key.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What one of a platform's purpose names means: the crate's purposes,
/// the categories a consent to it grants explicitly, and the recipients it
/// names (a Salesforce purpose such as "Offers from Acme" names its
/// recipient in its definition; a record cannot add to them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformPurpose {
    purposes: Purposes,
    categories: Categories,
    recipients: Vec<String>,
}

impl PlatformPurpose {
    /// A name for `purposes`, granting no category and naming no
    /// recipient yet.
    pub fn new(purposes: Purposes) -> Self {
        Self {
            purposes,
            categories: Categories::empty(),
            recipients: Vec::new(),
        }
    }

    /// Adds explicit category grants.
    #[must_use]
    pub fn categories(mut self, categories: Categories) -> Self {
        self.categories |= categories;
        self
    }

    /// Names a recipient.
    #[must_use]
    pub fn recipient(mut self, name: &str) -> Self {
        self.recipients.push(name.to_owned());
        self
    }

    /// The crate's purposes.
    pub fn purposes(&self) -> Purposes {
        self.purposes
    }

    /// The explicit category grants.
    pub fn granted(&self) -> Categories {
        self.categories
    }

    /// The recipients named.
    pub fn recipients(&self) -> &[String] {
        &self.recipients
    }
}

/// One platform's names: purposes, data categories, and organisations
/// (a DPV record names recipients by IRI).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlatformNames {
    purposes: BTreeMap<String, PlatformPurpose>,
    categories: BTreeMap<String, Categories>,
    recipients: BTreeMap<String, String>,
}

impl PlatformNames {
    /// What the platform's purpose `name` means, if the broker mapped it.
    pub fn purpose(&self, name: &str) -> Option<&PlatformPurpose> {
        self.purposes.get(name.trim())
    }

    /// The grants the platform's category `name` stands for, if mapped.
    pub fn category(&self, name: &str) -> Option<Categories> {
        self.categories.get(name.trim()).copied()
    }

    /// The organisation the platform's recipient `name` stands for, if
    /// mapped.
    pub fn recipient(&self, name: &str) -> Option<&str> {
        self.recipients.get(name.trim()).map(String::as_str)
    }

    /// The purpose names, in order.
    pub fn purposes(&self) -> impl Iterator<Item = (&str, &PlatformPurpose)> {
        self.purposes.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The category names, in order.
    pub fn categories(&self) -> impl Iterator<Item = (&str, Categories)> {
        self.categories.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The recipient names, in order.
    pub fn recipients(&self) -> impl Iterator<Item = (&str, &str)> {
        self.recipients
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.purposes.is_empty() && self.categories.is_empty() && self.recipients.is_empty()
    }
}

/// Why a platform name cannot be mapped as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlatformError {
    /// The name is blank.
    #[error("a platform's name is blank")]
    BlankName,
    /// The name is mapped twice.
    #[error("the name is mapped twice")]
    Duplicate,
    /// A purpose name standing for no purpose, a category name for no
    /// category, or a blank recipient.
    #[error("a name must stand for at least one purpose or category, and recipients are not blank")]
    Empty,
    /// A DPV term with an exact equivalent in the crate, which maps by
    /// itself.
    #[error("a DPV term with an exact equivalent maps by itself and is not mapped again")]
    ExactTerm,
    /// A DPV term mapped to what only an exact term may be: sale to third
    /// parties, political campaigning, or a children's or special category.
    #[error(
        "a DPV term that is not exact may not stand for sale to third parties, political campaigning, or a children's or special category"
    )]
    BroaderThanExact,
}

/// Every platform's names; see the [module docs](self).
///
/// ```
/// use consent_gate::platforms::{Platform, PlatformPurpose, Platforms};
/// use consent_gate::{Categories, Purposes};
///
/// let platforms = Platforms::default()
///     .purpose(Platform::Salesforce, "Partner offers",
///              PlatformPurpose::new(Purposes::THIRD_PARTY_MARKETING).recipient("Acme Baby Products Ltd"))?
///     .category(Platform::Kantara, "2 - Contact", Categories::NAME | Categories::POSTAL_ADDRESS)?;
/// assert!(platforms.names(Platform::Salesforce).purpose("Partner offers").is_some());
///
/// // A broad DPV term never becomes political campaigning.
/// let broad = Platforms::default().purpose(
///     Platform::Dpv, "dpv:Marketing", PlatformPurpose::new(Purposes::POLITICAL_CAMPAIGNING));
/// assert!(broad.is_err());
/// # Ok::<(), consent_gate::platforms::PlatformError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Platforms {
    dpv: PlatformNames,
    kantara: PlatformNames,
    salesforce: PlatformNames,
}

/// A DPV compact IRI (`dpv:X`, `pd:X`) written out in full; any other
/// text as it is.
pub(crate) fn expand_dpv(term: &str) -> std::borrow::Cow<'_, str> {
    let term = term.trim();
    for (prefix, namespace) in [
        ("dpv:", "https://w3id.org/dpv#"),
        ("pd:", "https://w3id.org/dpv/pd#"),
    ] {
        if let Some(rest) = term.strip_prefix(prefix) {
            return format!("{namespace}{rest}").into();
        }
    }
    term.into()
}

/// Whether a term is in the DPV's own namespaces.
fn in_dpv(term: &str) -> bool {
    term.starts_with("https://w3id.org/dpv#") || term.starts_with("https://w3id.org/dpv/pd#")
}

/// Grants only an exact term may give.
fn sensitive_grants() -> Categories {
    BUILTIN
        .into_iter()
        .filter(|c| c.needs_explicit_grant())
        .fold(Categories::empty(), |acc, c| acc | c.grant())
}

impl Platforms {
    /// The names of one platform.
    pub fn names(&self, platform: Platform) -> &PlatformNames {
        match platform {
            Platform::Dpv => &self.dpv,
            Platform::Kantara => &self.kantara,
            Platform::Salesforce => &self.salesforce,
        }
    }

    fn names_mut(&mut self, platform: Platform) -> &mut PlatformNames {
        match platform {
            Platform::Dpv => &mut self.dpv,
            Platform::Kantara => &mut self.kantara,
            Platform::Salesforce => &mut self.salesforce,
        }
    }

    /// Whether no platform maps anything.
    pub fn is_empty(&self) -> bool {
        Platform::ALL.iter().all(|p| self.names(*p).is_empty())
    }

    /// The key a name is kept under: trimmed, a DPV term written out.
    fn key(platform: Platform, name: &str) -> Result<String, PlatformError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(PlatformError::BlankName);
        }
        Ok(match platform {
            Platform::Dpv => expand_dpv(name).into_owned(),
            _ => name.to_owned(),
        })
    }

    /// Maps a platform's purpose name.
    pub fn purpose(
        mut self,
        platform: Platform,
        name: &str,
        meaning: PlatformPurpose,
    ) -> Result<Self, PlatformError> {
        let key = Self::key(platform, name)?;
        if meaning.purposes.is_empty() || meaning.recipients.iter().any(|r| r.trim().is_empty()) {
            return Err(PlatformError::Empty);
        }
        if platform == Platform::Dpv && in_dpv(&key) {
            if standards::purpose(Vocabulary::Dpv, &key).is_ok() {
                return Err(PlatformError::ExactTerm);
            }
            if meaning.purposes.intersects(Purposes::EXACT_ONLY)
                || meaning.categories.intersects(sensitive_grants())
            {
                return Err(PlatformError::BroaderThanExact);
            }
        }
        let names = self.names_mut(platform);
        if names.purposes.insert(key, meaning).is_some() {
            return Err(PlatformError::Duplicate);
        }
        Ok(self)
    }

    /// Maps a platform's data category name to explicit grants.
    pub fn category(
        mut self,
        platform: Platform,
        name: &str,
        grants: Categories,
    ) -> Result<Self, PlatformError> {
        let key = Self::key(platform, name)?;
        if grants.is_empty() {
            return Err(PlatformError::Empty);
        }
        if platform == Platform::Dpv && in_dpv(&key) {
            if standards::category(Vocabulary::Dpv, &key).is_ok() {
                return Err(PlatformError::ExactTerm);
            }
            if grants.intersects(sensitive_grants()) {
                return Err(PlatformError::BroaderThanExact);
            }
        }
        if self
            .names_mut(platform)
            .categories
            .insert(key, grants)
            .is_some()
        {
            return Err(PlatformError::Duplicate);
        }
        Ok(self)
    }

    /// Maps a platform's name for an organisation (a DPV IRI) to the name
    /// the broker's registry knows it by.
    pub fn recipient(
        mut self,
        platform: Platform,
        name: &str,
        organisation: &str,
    ) -> Result<Self, PlatformError> {
        let key = Self::key(platform, name)?;
        if organisation.trim().is_empty() {
            return Err(PlatformError::Empty);
        }
        if self
            .names_mut(platform)
            .recipients
            .insert(key, organisation.trim().to_owned())
            .is_some()
        {
            return Err(PlatformError::Duplicate);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_dpv_terms_map_by_themselves() {
        let p = Platforms::default().purpose(
            Platform::Dpv,
            "dpv:PoliticalCampaign",
            PlatformPurpose::new(Purposes::MARKETING_POST),
        );
        assert_eq!(p, Err(PlatformError::ExactTerm));
        let c = Platforms::default().category(Platform::Dpv, "pd:Name", Categories::NAME);
        assert_eq!(c, Err(PlatformError::ExactTerm));
    }

    #[test]
    fn a_near_dpv_term_never_grants_what_only_an_exact_term_may() {
        for purposes in [
            Purposes::SALE_TO_THIRD_PARTIES,
            Purposes::POLITICAL_CAMPAIGNING,
        ] {
            let p = Platforms::default().purpose(
                Platform::Dpv,
                "https://w3id.org/dpv#Marketing",
                PlatformPurpose::new(purposes),
            );
            assert_eq!(p, Err(PlatformError::BroaderThanExact));
        }
        for grant in [
            Categories::CHILD_BIRTH_DATE,
            Categories::CHILDREN_PRESENT,
            Categories::PREGNANCY,
        ] {
            let c = Platforms::default().category(Platform::Dpv, "pd:BirthDate", grant);
            assert_eq!(c, Err(PlatformError::BroaderThanExact));
            let p = Platforms::default().purpose(
                Platform::Dpv,
                "dpv:DirectMarketing",
                PlatformPurpose::new(Purposes::MARKETING_POST).categories(grant),
            );
            assert_eq!(p, Err(PlatformError::BroaderThanExact));
        }
        // The broker's own IRIs, and other platforms' names, say what the
        // broker defined them to mean.
        let own = Platforms::default()
            .category(
                Platform::Dpv,
                "https://broker.example/data#ChildBirthDate",
                Categories::CHILD_BIRTH_DATE,
            )
            .and_then(|p| {
                p.purpose(
                    Platform::Kantara,
                    "Sale of your details",
                    PlatformPurpose::new(Purposes::SALE_TO_THIRD_PARTIES),
                )
            });
        assert!(own.is_ok());
    }

    #[test]
    fn names_are_trimmed_blank_and_duplicate_names_refused() {
        let one = || PlatformPurpose::new(Purposes::MARKETING_POST);
        let p = Platforms::default()
            .purpose(Platform::Kantara, " Post ", one())
            .unwrap();
        assert!(p.names(Platform::Kantara).purpose("Post").is_some());
        assert!(p.names(Platform::Salesforce).purpose("Post").is_none());
        assert_eq!(
            p.clone().purpose(Platform::Kantara, "Post", one()),
            Err(PlatformError::Duplicate)
        );
        assert_eq!(
            Platforms::default().purpose(Platform::Kantara, " ", one()),
            Err(PlatformError::BlankName)
        );
        assert_eq!(
            Platforms::default().purpose(
                Platform::Kantara,
                "Nothing",
                PlatformPurpose::new(Purposes::empty())
            ),
            Err(PlatformError::Empty)
        );
        // A compact DPV IRI and the full one are one key.
        let d = Platforms::default()
            .recipient(Platform::Dpv, "dpv:X", "Acme")
            .unwrap();
        assert_eq!(
            d.names(Platform::Dpv).recipient("https://w3id.org/dpv#X"),
            Some("Acme")
        );
    }
}
