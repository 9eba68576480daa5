//! [`Rules`]: the settings of the consent rules that a broker may tune.

use std::collections::BTreeMap;

use crate::purpose::PurposeKind;

/// The tunable settings of the consent rules. [`Rules::default`] is the
/// conservative reading: six months for consent collected through a third
/// party, a subject under 13 counts as a child (the age of digital consent
/// in the UK, DPA 2018 s.9), and no further limit on the age of consent
/// used to disclose to a third party.
///
/// ```
/// use consent_gate::Rules;
/// let rules = Rules::default()
///     .with_child_age(16)
///     .with_third_party_consent_max_months(Some(24));
/// assert_eq!(rules.child_age(), 16);
/// assert_eq!(rules.third_party_consent_max_months(), Some(24));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    indirect_consent_max_months: u32,
    child_age: u8,
    third_party_consent_max_months: Option<u32>,
    min_mother_age_at_birth: u8,
    /// The purposes that minimise but for which the broker has recorded a
    /// need for exact values, each with its reason.
    exact_data: BTreeMap<PurposeKind, String>,
}

/// Why [`Rules::with_exact_data_for`] refused a need for exact values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExactDataError {
    /// The purpose gets exact values anyway: it does not minimise.
    #[error("purpose `{0}` does not get its values coarsened")]
    NotMinimised(PurposeKind),
    /// The reason is blank: a need nobody states is no need.
    #[error("the reason for exact data for `{0}` is blank")]
    BlankReason(PurposeKind),
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            indirect_consent_max_months: 6,
            child_age: 13,
            third_party_consent_max_months: None,
            min_mother_age_at_birth: 12,
            exact_data: BTreeMap::new(),
        }
    }
}

impl Rules {
    /// How many months consent collected through a third party is relied on
    /// for disclosure to third parties.
    pub fn indirect_consent_max_months(&self) -> u32 {
        self.indirect_consent_max_months
    }
    /// The age under which a subject counts as a child, both at the export
    /// instant ([`Refusal::SubjectIsChild`](crate::Refusal::SubjectIsChild))
    /// and when the consent was given
    /// ([`Refusal::ConsentGivenByChild`](crate::Refusal::ConsentGivenByChild),
    /// unless a parent's consent is recorded).
    ///
    /// The age is judged from the subject's birth date (the record's
    /// mother's birth date: the mother is the subject) against the UTC date
    /// of the instant: a subject is under 13 until the day of her
    /// thirteenth birthday, and someone born on 29 February turns 13 on 1
    /// March of a common year. A record with no birth date is not judged a
    /// child: the broker's collection form is what asks for the age.
    pub fn child_age(&self) -> u8 {
        self.child_age
    }
    /// How many months any consent is relied on to disclose data to a third
    /// party, however it was collected; `None` for no limit beyond the
    /// consent's own expiry.
    pub fn third_party_consent_max_months(&self) -> Option<u32> {
        self.third_party_consent_max_months
    }
    /// The youngest a mother can plausibly have been at a child's birth:
    /// a record whose dates say otherwise has its children's data withheld
    /// as unreliable ([`Refusal::ChildrenDataUnreliable`](crate::Refusal::ChildrenDataUnreliable)).
    /// 12 unless said.
    pub fn min_mother_age_at_birth(&self) -> u8 {
        self.min_mother_age_at_birth
    }
    /// Sets the youngest plausible age of a mother at a child's birth.
    #[must_use]
    pub fn with_min_mother_age_at_birth(mut self, age: u8) -> Self {
        self.min_mother_age_at_birth = age;
        self
    }
    /// Sets how long indirectly collected consent is relied on.
    #[must_use]
    pub fn with_indirect_consent_max_months(mut self, months: u32) -> Self {
        self.indirect_consent_max_months = months;
        self
    }
    /// The broker's recorded reason for giving a purpose that minimises
    /// ([`PurposeKind::minimises`]) exact dates and contact details; `None`
    /// (the default) gives it coarsened values only. Receipts record it.
    pub fn exact_data_reason(&self, purpose: PurposeKind) -> Option<&str> {
        self.exact_data.get(&purpose).map(String::as_str)
    }
    /// The purposes with a recorded need for exact values, and the reasons.
    pub fn exact_data(&self) -> impl Iterator<Item = (PurposeKind, &str)> {
        self.exact_data.iter().map(|(p, r)| (*p, r.as_str()))
    }
    /// Records why `purpose` needs exact dates and contact details (a
    /// cohort study that must link to hospital records, say): its exports
    /// may then carry them, and every receipt of one says why.
    ///
    /// ```
    /// use consent_gate::{PurposeKind, Rules};
    /// let rules = Rules::default()
    ///     .with_exact_data_for(PurposeKind::Research, "linkage to maternity records, ethics ref 17/YH/0001")?;
    /// assert!(rules.exact_data_reason(PurposeKind::Research).is_some());
    /// assert!(rules.clone().with_exact_data_for(PurposeKind::MarketingPost, "because").is_err());
    /// assert!(rules.with_exact_data_for(PurposeKind::Profiling, "  ").is_err());
    /// # Ok::<(), consent_gate::ExactDataError>(())
    /// ```
    pub fn with_exact_data_for(
        mut self,
        purpose: PurposeKind,
        reason: impl Into<String>,
    ) -> Result<Self, ExactDataError> {
        let reason = reason.into();
        if !purpose.minimises() {
            return Err(ExactDataError::NotMinimised(purpose));
        }
        if reason.trim().is_empty() {
            return Err(ExactDataError::BlankReason(purpose));
        }
        self.exact_data.insert(purpose, reason.trim().to_owned());
        Ok(self)
    }
    /// Sets the age under which a subject counts as a child.
    #[must_use]
    pub fn with_child_age(mut self, age: u8) -> Self {
        self.child_age = age;
        self
    }
    /// Sets how long any consent is relied on to disclose to a third party.
    #[must_use]
    pub fn with_third_party_consent_max_months(mut self, months: Option<u32>) -> Self {
        self.third_party_consent_max_months = months;
        self
    }
}
