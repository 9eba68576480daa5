//! The crate's purposes and data categories in the vocabularies brokers
//! already speak: W3C DPV 2.3 (`dpv:` and `pd:` IRIs), fideslang (data uses
//! and data categories) and the IAB TCF v2.2 purposes.
//!
//! Every purpose and category names its nearest term in each vocabulary
//! (outward: for receipts, decision logs and an auditor's tools). Only an
//! **exact** term maps back into the crate (inward: for importers). A term
//! that is broader, narrower or merely near is refused with an error that
//! names it, never guessed at: a broad marketing or advertising term never
//! becomes political campaigning or sale to third parties, and a birth
//! date never says whose it is. The tables below are generated from
//! [`PURPOSES`] and [`CATEGORIES`] (a test checks that they agree, and
//! that every IRI and key is in the vocabulary's published term list,
//! kept in `tests/data/vocabularies/`).
//!
//! | purpose | DPV | fideslang data use | TCF v2.2 |
//! |---|---|---|---|
//! | `service_delivery` | `dpv:ServiceProvision` (exact) | `essential.service` (exact) | none |
//! | `marketing_post` | `dpv:DirectMarketing` | `marketing.communications` | none |
//! | `marketing_email` | `dpv:DirectMarketing` | `marketing.communications.email` (exact) | none |
//! | `marketing_sms` | `dpv:DirectMarketing` | `marketing.communications.sms` (exact) | none |
//! | `marketing_phone` | `dpv:DirectMarketing` | `marketing.communications` | none |
//! | `third_party_marketing` | `dpv:Marketing` | `marketing.advertising.third_party.targeted` | 4 |
//! | `sale_to_third_parties` | `dpv:SellDataToThirdParties` (exact) | `third_party_sharing` | none |
//! | `profiling` | `dpv:Profiling` (exact) | `marketing.advertising.profiling` | 3 |
//! | `research` | `dpv:ResearchAndDevelopment` (exact) | `analytics` | 10 |
//! | `political_campaigning` | `dpv:PoliticalCampaign` (exact) | none | none |
//!
//! | category | DPV | fideslang data category |
//! |---|---|---|
//! | `name` | `pd:Name` (exact) | `user.name` (exact) |
//! | `postal_address` | `pd:PhysicalAddress` (exact) | `user.contact.address` (exact) |
//! | `email_address` | `pd:EmailAddress` (exact) | `user.contact.email` (exact) |
//! | `phone_number` | `pd:TelephoneNumber` (exact) | `user.contact.phone_number` (exact) |
//! | `adult_birth_date` | `pd:BirthDate` | `user.demographic.date_of_birth` |
//! | `children_present` | `pd:FamilyStructure` | `user.childrens` |
//! | `child_birth_date` | `pd:BirthDate` | `user.childrens` |
//! | `pregnancy` | `pd:Health` | `user.health_and_medical` |
//!
//! ```
//! use consent_gate::standards::{self, Vocabulary};
//! use consent_gate::PurposeKind;
//!
//! assert_eq!(
//!     PurposeKind::PoliticalCampaigning.dpv(),
//!     "https://w3id.org/dpv#PoliticalCampaign"
//! );
//! assert_eq!(
//!     standards::purpose(Vocabulary::Dpv, "https://w3id.org/dpv#SellDataToThirdParties"),
//!     Ok(PurposeKind::SaleToThirdParties)
//! );
//! // A broad term is refused, never read as a narrower purpose.
//! let refused = standards::purpose(Vocabulary::Dpv, "https://w3id.org/dpv#Marketing").unwrap_err();
//! assert!(refused.to_string().contains("dpv#Marketing"));
//! # Ok::<(), standards::UnmappedTerm>(())
//! ```

use std::fmt;

use crate::category::Category;
use crate::purpose::PurposeKind;

/// The DPV namespace.
const DPV: &str = "https://w3id.org/dpv#";

/// A vocabulary a term comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Vocabulary {
    /// W3C Data Privacy Vocabulary 2.3: full IRIs.
    Dpv,
    /// fideslang: dotted keys.
    Fides,
    /// IAB TCF v2.2 purposes: their numbers, as text.
    Tcf,
}

impl fmt::Display for Vocabulary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Dpv => "W3C DPV",
            Self::Fides => "fideslang",
            Self::Tcf => "IAB TCF v2.2",
        })
    }
}

/// A term one of the crate's purposes or categories is given as, and
/// whether it is exact (then it also maps back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The IRI, key or number.
    pub term: &'static str,
    /// Whether the term means exactly the crate's purpose or category.
    pub exact: bool,
}

const fn exact(term: &'static str) -> Option<Term> {
    Some(Term { term, exact: true })
}

const fn near(term: &'static str) -> Option<Term> {
    Some(Term { term, exact: false })
}

/// A purpose's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurposeTerms {
    /// The purpose.
    pub purpose: PurposeKind,
    /// Its DPV purpose (or processing, for profiling) IRI.
    pub dpv: Option<Term>,
    /// Its fideslang data use.
    pub fides: Option<Term>,
    /// Its IAB TCF v2.2 purpose number: never exact (TCF purposes describe
    /// advertising technology, never a named recipient or a sale).
    pub tcf: Option<Term>,
}

/// A category's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryTerms {
    /// The category's name ([`Category::name`]).
    pub category: &'static str,
    /// Its DPV personal-data IRI.
    pub dpv: Option<Term>,
    /// Its fideslang data category.
    pub fides: Option<Term>,
}

macro_rules! iri {
    (dpv $name:literal) => {
        concat!("https://w3id.org/dpv#", $name)
    };
    (pd $name:literal) => {
        concat!("https://w3id.org/dpv/pd#", $name)
    };
}

const fn p(
    purpose: PurposeKind,
    dpv: Option<Term>,
    fides: Option<Term>,
    tcf: Option<Term>,
) -> PurposeTerms {
    PurposeTerms {
        purpose,
        dpv,
        fides,
        tcf,
    }
}

const fn c(category: &'static str, dpv: Option<Term>, fides: Option<Term>) -> CategoryTerms {
    CategoryTerms {
        category,
        dpv,
        fides,
    }
}

/// Every purpose, in [`PurposeKind::ALL`] order.
pub const PURPOSES: [PurposeTerms; 10] = {
    use PurposeKind as K;
    [
        p(
            K::ServiceDelivery,
            exact(iri!(dpv "ServiceProvision")),
            exact("essential.service"),
            None,
        ),
        p(
            K::MarketingPost,
            near(iri!(dpv "DirectMarketing")),
            near("marketing.communications"),
            None,
        ),
        p(
            K::MarketingEmail,
            near(iri!(dpv "DirectMarketing")),
            exact("marketing.communications.email"),
            None,
        ),
        p(
            K::MarketingSms,
            near(iri!(dpv "DirectMarketing")),
            exact("marketing.communications.sms"),
            None,
        ),
        p(
            K::MarketingPhone,
            near(iri!(dpv "DirectMarketing")),
            near("marketing.communications"),
            None,
        ),
        p(
            K::ThirdPartyMarketing,
            near(iri!(dpv "Marketing")),
            near("marketing.advertising.third_party.targeted"),
            near("4"),
        ),
        p(
            K::SaleToThirdParties,
            exact(iri!(dpv "SellDataToThirdParties")),
            near("third_party_sharing"),
            None,
        ),
        p(
            K::Profiling,
            exact(iri!(dpv "Profiling")),
            near("marketing.advertising.profiling"),
            near("3"),
        ),
        p(
            K::Research,
            exact(iri!(dpv "ResearchAndDevelopment")),
            near("analytics"),
            near("10"),
        ),
        p(
            K::PoliticalCampaigning,
            exact(iri!(dpv "PoliticalCampaign")),
            None,
            None,
        ),
    ]
};

/// Every built-in category, in [`BUILTIN`](crate::category::BUILTIN)
/// order.
pub const CATEGORIES: [CategoryTerms; 8] = {
    [
        c("name", exact(iri!(pd "Name")), exact("user.name")),
        c(
            "postal_address",
            exact(iri!(pd "PhysicalAddress")),
            exact("user.contact.address"),
        ),
        c(
            "email_address",
            exact(iri!(pd "EmailAddress")),
            exact("user.contact.email"),
        ),
        c(
            "phone_number",
            exact(iri!(pd "TelephoneNumber")),
            exact("user.contact.phone_number"),
        ),
        c(
            "adult_birth_date",
            near(iri!(pd "BirthDate")),
            near("user.demographic.date_of_birth"),
        ),
        c(
            "children_present",
            near(iri!(pd "FamilyStructure")),
            near("user.childrens"),
        ),
        c(
            "child_birth_date",
            near(iri!(pd "BirthDate")),
            near("user.childrens"),
        ),
        c(
            "pregnancy",
            near(iri!(pd "Health")),
            near("user.health_and_medical"),
        ),
    ]
};

/// A term the crate cannot take as one of its own purposes or categories.
///
/// It names the term only where the text has the shape of the
/// vocabulary's terms (a DPV IRI, a fideslang key under one of its roots,
/// a TCF number): a vocabulary's public term, which a broker needs to fix
/// its mapping. Any other text is not repeated, since a platform's purpose
/// column may hold whatever a person typed there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{vocabulary} term {} is no exact {what} of this crate ({why})", shown(.term.as_deref()))]
pub struct UnmappedTerm {
    /// The vocabulary.
    pub vocabulary: Vocabulary,
    /// The term, trimmed (at most 200 characters of it), where it has the
    /// shape of the vocabulary's terms; `None` otherwise.
    pub term: Option<String>,
    /// `purpose` or `category`.
    pub what: &'static str,
    /// Why: broader or near (`not exact`), or unknown to the crate.
    pub why: &'static str,
}

fn terms_of(terms: &PurposeTerms, vocabulary: Vocabulary) -> Option<Term> {
    match vocabulary {
        Vocabulary::Dpv => terms.dpv,
        Vocabulary::Fides => terms.fides,
        Vocabulary::Tcf => terms.tcf,
    }
}

/// The term as an error shows it.
fn shown(term: Option<&str>) -> String {
    term.map_or_else(
        || "(a text of no term's shape, not repeated)".to_owned(),
        |t| format!("`{t}`"),
    )
}

/// The roots of fideslang's data uses and data categories.
const FIDES_ROOTS: [&str; 14] = [
    "analytics",
    "collect",
    "employment",
    "essential",
    "finance",
    "functional",
    "marketing",
    "operations",
    "personalize",
    "sales",
    "system",
    "third_party_sharing",
    "train_ai_system",
    "user",
];

/// Whether `term` has the shape of a term of `vocabulary`.
fn term_shaped(vocabulary: Vocabulary, term: &str) -> bool {
    match vocabulary {
        Vocabulary::Dpv => {
            term.starts_with("https://w3id.org/dpv")
                && term
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"/:#._-".contains(&b))
        }
        Vocabulary::Fides => {
            let root = term.split('.').next().unwrap_or_default();
            FIDES_ROOTS.contains(&root)
                && term
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._".contains(&b))
        }
        Vocabulary::Tcf => {
            (1..=3).contains(&term.len()) && term.bytes().all(|b| b.is_ascii_digit())
        }
    }
}

fn unmapped(vocabulary: Vocabulary, term: &str, what: &'static str, near: bool) -> UnmappedTerm {
    UnmappedTerm {
        vocabulary,
        term: term_shaped(vocabulary, term).then(|| term.chars().take(200).collect()),
        what,
        why: if near {
            "not exact: a broader or nearby term is never read as a narrower one"
        } else {
            "not a term the crate maps"
        },
    }
}

/// The crate's purpose for `term` of `vocabulary`, where the term means
/// exactly that purpose; an error naming the term otherwise.
pub fn purpose(vocabulary: Vocabulary, term: &str) -> Result<PurposeKind, UnmappedTerm> {
    let rows = PURPOSES
        .iter()
        .map(|t| (terms_of(t, vocabulary), Some(t.purpose)));
    exact_match(rows, vocabulary, term, "purpose")
}

/// The crate's built-in category for `term` of `vocabulary` (DPV or
/// fideslang), where the term means exactly that category; an error
/// naming the term otherwise.
pub fn category(vocabulary: Vocabulary, term: &str) -> Result<Category, UnmappedTerm> {
    let rows = CATEGORIES.iter().map(|t| {
        let term = match vocabulary {
            Vocabulary::Dpv => t.dpv,
            Vocabulary::Fides => t.fides,
            _ => None,
        };
        (term, Category::builtin(t.category))
    });
    exact_match(rows, vocabulary, term, "category")
}

/// The target of the row whose term is `term` and exact; an error that
/// says whether a row had it but not exactly.
fn exact_match<T>(
    rows: impl Iterator<Item = (Option<Term>, Option<T>)>,
    vocabulary: Vocabulary,
    term: &str,
    what: &'static str,
) -> Result<T, UnmappedTerm> {
    let term = term.trim();
    let mut near = false;
    for (t, target) in rows {
        if let Some(t) = t.filter(|t| t.term == term) {
            match target {
                Some(target) if t.exact => return Ok(target),
                _ => near = true,
            }
        }
    }
    Err(unmapped(vocabulary, term, what, near))
}

impl PurposeKind {
    /// The purpose's terms in the public vocabularies.
    pub fn terms(self) -> &'static PurposeTerms {
        // PURPOSES is in PurposeKind::ALL order; a test checks it.
        PURPOSES
            .iter()
            .find(|t| t.purpose == self)
            .unwrap_or(&PURPOSES[0])
    }

    /// The purpose's nearest W3C DPV term, as an IRI (every purpose has
    /// one; [`terms`](Self::terms) says whether it is exact).
    pub fn dpv(self) -> &'static str {
        self.terms().dpv.map_or(DPV, |t| t.term)
    }
}

impl Category {
    /// The built-in category's nearest W3C DPV personal-data term, as an
    /// IRI; none for a broker's own category.
    pub fn dpv(self) -> Option<&'static str> {
        CATEGORIES
            .iter()
            .find(|t| t.category == self.name())
            .and_then(|t| t.dpv)
            .map(|t| t.term)
    }
}

#[cfg(test)]
mod tests;
