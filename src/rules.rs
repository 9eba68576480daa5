//! [`Rules`]: the settings of the consent rules that a broker may tune.

use crate::record::SubjectId;

/// Subjects that must never be exported for marketing: the broker's own
/// suppression list, or a preference service's (such as the Mailing or
/// Telephone Preference Service), merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuppressionList {
    sorted: Vec<SubjectId>,
}

impl SuppressionList {
    /// Whether the subject is suppressed.
    #[inline]
    pub fn contains(&self, subject: SubjectId) -> bool {
        !self.sorted.is_empty() && self.sorted.binary_search(&subject).is_ok()
    }

    /// How many subjects are suppressed.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// Whether nobody is suppressed.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }
}

impl FromIterator<SubjectId> for SuppressionList {
    fn from_iter<I: IntoIterator<Item = SubjectId>>(iter: I) -> Self {
        let mut sorted: Vec<_> = iter.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        Self { sorted }
    }
}

/// The tunable settings of the consent rules. [`Rules::default`] is the
/// conservative reading: six months for consent collected through a third
/// party, and a subject under 13 counts as a child.
///
/// ```
/// use consent_gate::{Rules, SubjectId};
/// let rules = Rules::default()
///     .with_child_age(16)
///     .with_suppressed([SubjectId(42)].into_iter().collect());
/// assert_eq!(rules.child_age(), 16);
/// assert!(rules.suppressed().contains(SubjectId(42)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    indirect_consent_max_months: u32,
    child_age: u8,
    suppressed: SuppressionList,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            indirect_consent_max_months: 6,
            child_age: 13,
            suppressed: SuppressionList::default(),
        }
    }
}

impl Rules {
    /// How many months consent collected through a third party is relied on
    /// for disclosure to third parties.
    pub fn indirect_consent_max_months(&self) -> u32 {
        self.indirect_consent_max_months
    }
    /// The age under which a subject counts as a child.
    pub fn child_age(&self) -> u8 {
        self.child_age
    }
    /// The suppression list.
    pub fn suppressed(&self) -> &SuppressionList {
        &self.suppressed
    }
    /// Sets how long indirectly collected consent is relied on.
    #[must_use]
    pub fn with_indirect_consent_max_months(mut self, months: u32) -> Self {
        self.indirect_consent_max_months = months;
        self
    }
    /// Sets the age under which a subject counts as a child.
    #[must_use]
    pub fn with_child_age(mut self, age: u8) -> Self {
        self.child_age = age;
        self
    }
    /// Sets the suppression list.
    #[must_use]
    pub fn with_suppressed(mut self, list: SuppressionList) -> Self {
        self.suppressed = list;
        self
    }
}
