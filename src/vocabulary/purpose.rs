//! Purposes of processing: a run-time set ([`Purposes`]), a run-time name
//! ([`PurposeKind`]) and one zero-sized marker type per purpose for the type
//! level ([`Purpose`]).
//!
//! Each purpose's terms in W3C DPV, fideslang and the IAB TCF are in
//! [`standards`](crate::standards), with the rule for reading them back:
//! only an exact term maps into the crate, and no broad marketing term
//! ever becomes political campaigning or sale.

use std::fmt;
use std::str::FromStr;

use bitflags::bitflags;
use serde::{Serialize, Serializer};

bitflags! {
    /// A set of purposes: what a subject granted, or what a privacy notice
    /// disclosed.
    ///
    /// A *broad* grant is [`Purposes::BROAD`]: it never contains the purposes
    /// in [`Purposes::EXACT_ONLY`] (sale to third parties and political
    /// campaigning), which are covered only where they are named one by one.
    ///
    /// ```
    /// use consent_gate::Purposes;
    /// assert!(!Purposes::BROAD.contains(Purposes::POLITICAL_CAMPAIGNING));
    /// assert!(Purposes::BROAD.contains(Purposes::THIRD_PARTY_MARKETING));
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Purposes: u16 {
        /// Delivering the service the subject signed up for.
        const SERVICE_DELIVERY = 1 << 0;
        /// The broker's own direct marketing by post.
        const MARKETING_POST = 1 << 1;
        /// The broker's own direct marketing by e-mail.
        const MARKETING_EMAIL = 1 << 2;
        /// The broker's own direct marketing by SMS.
        const MARKETING_SMS = 1 << 3;
        /// The broker's own direct marketing by telephone call.
        const MARKETING_PHONE = 1 << 4;
        /// Marketing by a named third party.
        const THIRD_PARTY_MARKETING = 1 << 5;
        /// Sale or disclosure of the data to a named third party.
        const SALE_TO_THIRD_PARTIES = 1 << 6;
        /// Profiling the subject.
        const PROFILING = 1 << 7;
        /// Research and statistics.
        const RESEARCH = 1 << 8;
        /// Political campaigning, by a party or on its behalf.
        const POLITICAL_CAMPAIGNING = 1 << 9;
    }
}

impl Purposes {
    /// Purposes that only an exact, named grant covers: never implied by a
    /// broad grant.
    pub const EXACT_ONLY: Self = Self::SALE_TO_THIRD_PARTIES.union(Self::POLITICAL_CAMPAIGNING);

    /// Every purpose that is direct marketing ([`PurposeKind::is_marketing`]):
    /// what an objection to direct marketing (GDPR Art 21(2)) stops.
    pub const DIRECT_MARKETING: Self = Self::MARKETING_POST
        .union(Self::MARKETING_EMAIL)
        .union(Self::MARKETING_SMS)
        .union(Self::MARKETING_PHONE)
        .union(Self::THIRD_PARTY_MARKETING)
        .union(Self::SALE_TO_THIRD_PARTIES)
        .union(Self::POLITICAL_CAMPAIGNING);

    /// What a blanket grant ("all purposes", "marketing and partners") means:
    /// every purpose except [`Purposes::EXACT_ONLY`].
    pub const BROAD: Self = Self::all().difference(Self::EXACT_ONLY);

    /// The purposes a name in a list stands for: one purpose by its
    /// [`PurposeKind::name`], or `broad` for [`Purposes::BROAD`].
    pub(crate) fn named(name: &str) -> Option<Self> {
        if name == "broad" {
            return Some(Self::BROAD);
        }
        PurposeKind::from_name(name).map(PurposeKind::flag)
    }

    /// The purposes in this set, in declaration order.
    pub fn kinds(self) -> impl Iterator<Item = PurposeKind> {
        PurposeKind::ALL
            .into_iter()
            .filter(move |kind| self.contains(kind.flag()))
    }
}

impl Serialize for Purposes {
    /// Serialises as a list of purpose names, e.g. `["marketing_post"]`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.kinds().map(PurposeKind::name))
    }
}

/// `PurposeKind::name` and its inverse from one table: the inverse is a
/// `match`, a switch on the length and a comparison or two, because the
/// readers look up every purpose of every row.
macro_rules! purpose_names {
    ($($kind:ident => $name:literal,)*) => {
        /// The stable snake_case name used in input files and receipts.
        pub const fn name(self) -> &'static str {
            match self {
                $(Self::$kind => $name,)*
            }
        }

        /// The purpose of that exact name.
        pub(crate) fn from_name(name: &str) -> Option<Self> {
            match name {
                $($name => Some(Self::$kind),)*
                _ => None,
            }
        }
    };
}

/// One purpose, named at run time.
///
/// Not `#[non_exhaustive]`: each kind is a type with its own policy
/// ([`with_purpose!`](crate::with_purpose) maps one to the other in the
/// caller's code), so a new purpose is a breaking change on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PurposeKind {
    /// See [`Purposes::SERVICE_DELIVERY`].
    ServiceDelivery,
    /// See [`Purposes::MARKETING_POST`].
    MarketingPost,
    /// See [`Purposes::MARKETING_EMAIL`].
    MarketingEmail,
    /// See [`Purposes::MARKETING_SMS`].
    MarketingSms,
    /// See [`Purposes::MARKETING_PHONE`].
    MarketingPhone,
    /// See [`Purposes::THIRD_PARTY_MARKETING`].
    ThirdPartyMarketing,
    /// See [`Purposes::SALE_TO_THIRD_PARTIES`].
    SaleToThirdParties,
    /// See [`Purposes::PROFILING`].
    Profiling,
    /// See [`Purposes::RESEARCH`].
    Research,
    /// See [`Purposes::POLITICAL_CAMPAIGNING`].
    PoliticalCampaigning,
}

impl PurposeKind {
    /// Every purpose, in declaration order.
    pub const ALL: [Self; 10] = [
        Self::ServiceDelivery,
        Self::MarketingPost,
        Self::MarketingEmail,
        Self::MarketingSms,
        Self::MarketingPhone,
        Self::ThirdPartyMarketing,
        Self::SaleToThirdParties,
        Self::Profiling,
        Self::Research,
        Self::PoliticalCampaigning,
    ];

    /// This purpose as a one-element [`Purposes`] set.
    pub const fn flag(self) -> Purposes {
        match self {
            Self::ServiceDelivery => Purposes::SERVICE_DELIVERY,
            Self::MarketingPost => Purposes::MARKETING_POST,
            Self::MarketingEmail => Purposes::MARKETING_EMAIL,
            Self::MarketingSms => Purposes::MARKETING_SMS,
            Self::MarketingPhone => Purposes::MARKETING_PHONE,
            Self::ThirdPartyMarketing => Purposes::THIRD_PARTY_MARKETING,
            Self::SaleToThirdParties => Purposes::SALE_TO_THIRD_PARTIES,
            Self::Profiling => Purposes::PROFILING,
            Self::Research => Purposes::RESEARCH,
            Self::PoliticalCampaigning => Purposes::POLITICAL_CAMPAIGNING,
        }
    }

    purpose_names! {
        ServiceDelivery => "service_delivery",
        MarketingPost => "marketing_post",
        MarketingEmail => "marketing_email",
        MarketingSms => "marketing_sms",
        MarketingPhone => "marketing_phone",
        ThirdPartyMarketing => "third_party_marketing",
        SaleToThirdParties => "sale_to_third_parties",
        Profiling => "profiling",
        Research => "research",
        PoliticalCampaigning => "political_campaigning",
    }

    /// Whether the data leaves the broker for another organisation under this
    /// purpose: then every recipient must be named in the consent.
    pub const fn discloses_to_third_party(self) -> bool {
        matches!(
            self,
            Self::ThirdPartyMarketing | Self::SaleToThirdParties | Self::PoliticalCampaigning
        )
    }

    /// Whether this purpose gets exact dates and contact details coarsened
    /// (GDPR 5(1)(c), data minimisation): research and profiling, which
    /// need to know "a mother aged 25-34 with a child under one in BS12",
    /// not who she is reached at or the day she was born. Their exports
    /// carry [derived fields](crate::field::derived) unless the broker's
    /// rules name a need for the exact values
    /// ([`Rules::with_exact_data_for`](crate::Rules::with_exact_data_for)).
    pub const fn minimises(self) -> bool {
        matches!(self, Self::Research | Self::Profiling)
    }

    /// Whether this purpose is marketing in the sense of the suppression
    /// lists (the broker's own, or a preference service's). Political
    /// campaigning by mail is direct marketing; so is a sale for it.
    pub const fn is_marketing(self) -> bool {
        !matches!(
            self,
            Self::ServiceDelivery | Self::Profiling | Self::Research
        )
    }
}

impl fmt::Display for PurposeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for PurposeKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// From its [name](PurposeKind::name); an unknown name is an error that
/// does not repeat it.
impl<'de> serde::Deserialize<'de> for PurposeKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// A purpose name that is not one of [`PurposeKind::ALL`]. It does not
/// repeat the text it was given, which may be anything a caller or a file
/// held.
///
/// ```
/// use consent_gate::PurposeKind;
/// let err = "jane@example.org".parse::<PurposeKind>().unwrap_err();
/// assert!(!err.to_string().contains("jane"));
/// assert!(err.to_string().contains("political_campaigning"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a purpose name (expected {})", expected_names())]
#[non_exhaustive]
pub struct UnknownPurpose;

/// The purpose names, for error messages: `` `a`, `b`, ... ``.
pub(crate) fn expected_names() -> String {
    let names: Vec<String> = PurposeKind::ALL
        .iter()
        .map(|k| format!("`{}`", k.name()))
        .collect();
    names.join(", ")
}

impl FromStr for PurposeKind {
    type Err = UnknownPurpose;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_name(s).ok_or(UnknownPurpose)
    }
}

mod sealed {
    pub trait Sealed {}
}

/// A purpose at the type level: implemented only by this module's zero-sized
/// markers, so an export's declared purpose is part of its type.
pub trait Purpose: sealed::Sealed + Sized + Send + Sync + 'static {
    /// The run-time name of this purpose.
    const KIND: PurposeKind;
}

/// A purpose that may receive children's and special-category (health)
/// data at all, where a consent covers it: every purpose but political
/// campaigning. The policy no consent overrides, stated once here and
/// enforced at compile time through
/// [`ReceivableBy`](crate::category::ReceivableBy). Sealed (its supertrait
/// is).
#[diagnostic::on_unimplemented(
    message = "purpose `{Self}` may never receive children's or special-category data",
    label = "this names a field of a kind that purpose `{Self}` may never receive",
    note = "political campaigning never receives children's data or special-category (health) data, whatever the consent says"
)]
pub trait ReceivesSensitiveData: Purpose {}

/// Each marker type, and whether it may receive sensitive data.
macro_rules! markers {
    ($($(#[$doc:meta])* $name:ident => $kind:ident $(+ $policy:ident)?;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl Purpose for $name {
            const KIND: PurposeKind = PurposeKind::$kind;
        }
        $(impl $policy for $name {})?
    )*};
}

markers! {
    /// Marker for [`PurposeKind::ServiceDelivery`].
    ServiceDelivery => ServiceDelivery + ReceivesSensitiveData;
    /// Marker for [`PurposeKind::MarketingPost`].
    MarketingPost => MarketingPost + ReceivesSensitiveData;
    /// Marker for [`PurposeKind::MarketingEmail`].
    MarketingEmail => MarketingEmail + ReceivesSensitiveData;
    /// Marker for [`PurposeKind::MarketingSms`].
    MarketingSms => MarketingSms + ReceivesSensitiveData;
    /// Marker for [`PurposeKind::MarketingPhone`].
    MarketingPhone => MarketingPhone + ReceivesSensitiveData;
    /// Marker for [`PurposeKind::ThirdPartyMarketing`].
    ThirdPartyMarketing => ThirdPartyMarketing + ReceivesSensitiveData;
    /// Marker for [`PurposeKind::SaleToThirdParties`].
    SaleToThirdParties => SaleToThirdParties + ReceivesSensitiveData;
    /// Marker for [`PurposeKind::Profiling`].
    Profiling => Profiling + ReceivesSensitiveData;
    /// Marker for [`PurposeKind::Research`].
    Research => Research + ReceivesSensitiveData;
    /// Marker for [`PurposeKind::PoliticalCampaigning`]: it receives
    /// ordinary data only.
    PoliticalCampaigning => PoliticalCampaigning;
}

/// Runs `$body` with `$P` standing for the marker type of the run-time
/// purpose `$kind`: the bridge from a purpose read from a file to the
/// type-level purpose of a [`Gate`](crate::Gate).
///
/// ```
/// use consent_gate::{PurposeKind, purpose::Purpose, with_purpose};
///
/// fn name_of<P: Purpose>() -> &'static str {
///     P::KIND.name()
/// }
/// let kind: PurposeKind = "research".parse().unwrap();
/// assert_eq!(with_purpose!(kind, |P| name_of::<P>()), "research");
/// ```
#[macro_export]
macro_rules! with_purpose {
    ($kind:expr, |$P:ident| $body:expr) => {
        $crate::with_purpose!(@arms $kind, $P, $body;
            ServiceDelivery, MarketingPost, MarketingEmail, MarketingSms, MarketingPhone,
            ThirdPartyMarketing, SaleToThirdParties, Profiling, Research, PoliticalCampaigning)
    };
    (@arms $kind:expr, $P:ident, $body:expr; $($name:ident),*) => {
        match $kind {
            $($crate::PurposeKind::$name => {
                type $P = $crate::purpose::$name;
                $body
            })*
        }
    };
}

#[cfg(test)]
mod tests;
