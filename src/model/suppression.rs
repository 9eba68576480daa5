//! [`SuppressionList`]: who must never be marketed to, by subject and by
//! contact point, as the real preference lists give them.

use std::collections::BTreeSet;

use crate::record::SubjectId;

mod keys;
mod sets;

use keys::*;
use sets::*;

/// Subjects and contact points that must never be used for marketing: the
/// broker's own suppression list and the preference services' (a telephone
/// preference list gives numbers, a mailing preference list names and
/// postcodes, an e-mail list addresses), merged.
///
/// * A suppressed **subject** is never exported for a marketing purpose.
/// * A suppressed **telephone number** is withheld from every marketing
///   export, and so is a suppressed **e-mail address**.
/// * A suppressed **name and postcode** withholds the postal address from
///   every marketing export (and so drops a record a mailing needs).
///
/// Contact points are compared normalised: a telephone number by its digits
/// in national form (`+44 7700 900123`, `07700-900123` and `07700900123`
/// are one number), an e-mail address trimmed and lower-cased, a name with
/// its white space folded and lower-cased, a postcode without white space
/// and upper-cased (case is changed character by character).
///
/// ```
/// use consent_gate::{SubjectId, SuppressionList};
/// let list = SuppressionList::default()
///     .subject(SubjectId(42))
///     .phone("+44 7700 900123")
///     .email("Jane@Example.org")
///     .name_and_postcode("Jane  Doe", "ls1 4pl");
/// assert!(list.has_subject(SubjectId(42)));
/// assert!(list.has_phone("07700-900123"));
/// assert!(list.has_email(" jane@example.ORG "));
/// assert!(list.has_name_and_postcode("jane doe", "LS14PL"));
/// assert!(!list.has_phone("07700 900124"));
/// ```
///
/// Its `Debug` counts the entries of each kind and shows none of them:
/// the contact points of people who asked not to be marketed to are
/// personal data too.
///
/// ```
/// # use consent_gate::SuppressionList;
/// let list = SuppressionList::default().email("jane@example.org");
/// let shown = format!("{list:?}");
/// assert!(shown.contains("emails: 1") && !shown.contains("jane"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SuppressionList {
    subjects: Vec<SubjectId>,
    phones: Keys,
    emails: Keys,
    names_and_postcodes: Keys,
    /// The last digits of every number, and the last characters of every
    /// postcode: read from the end of a record's text, they rule out
    /// nearly every contact point before anything is normalised.
    phone_tails: Tails,
    postcode_tails: Tails,
}

impl std::fmt::Debug for SuppressionList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SuppressionList")
            .field("subjects", &self.subjects.len())
            .field("phones", &self.phones.len())
            .field("emails", &self.emails.len())
            .field("names_and_postcodes", &self.names_and_postcodes.len())
            .finish()
    }
}

impl SuppressionList {
    /// Adds a subject.
    ///
    /// Subjects added in ascending order are appended; a long list in any
    /// other order is better collected ([`FromIterator`]), which sorts it
    /// once.
    #[must_use]
    pub fn subject(mut self, subject: SubjectId) -> Self {
        if self.subjects.last().is_none_or(|last| *last < subject) {
            self.subjects.push(subject);
        } else if let Err(at) = self.subjects.binary_search(&subject) {
            self.subjects.insert(at, subject);
        }
        self
    }
    /// Adds a telephone number.
    #[must_use]
    pub fn phone(mut self, number: &str) -> Self {
        self.phones.insert(&Phone(number));
        self.phone_tails.insert(tail_of(&Phone(number), phone_tail));
        self
    }
    /// Adds an e-mail address.
    #[must_use]
    pub fn email(mut self, address: &str) -> Self {
        self.emails.insert(&Email(address));
        self
    }
    /// Adds a name at a postcode.
    #[must_use]
    pub fn name_and_postcode(mut self, name: &str, postcode: &str) -> Self {
        self.names_and_postcodes
            .insert(&NameAtPostcode(name, postcode));
        self.postcode_tails
            .insert(tail_of(&Postcode(postcode), postcode_tail));
        self
    }

    /// Whether the subject is suppressed.
    #[inline]
    pub fn has_subject(&self, subject: SubjectId) -> bool {
        !self.subjects.is_empty() && self.subjects.binary_search(&subject).is_ok()
    }
    /// Whether the telephone number is suppressed.
    pub fn has_phone(&self, number: &str) -> bool {
        self.phone_tails.may_hold(phone_tail(number)) && self.phones.holds(&Phone(number))
    }
    /// Whether the e-mail address is suppressed.
    pub fn has_email(&self, address: &str) -> bool {
        self.emails.holds(&Email(address))
    }
    /// Whether the name at the postcode is suppressed.
    pub fn has_name_and_postcode(&self, name: &str, postcode: &str) -> bool {
        self.postcode_tails.may_hold(postcode_tail(postcode))
            && self
                .names_and_postcodes
                .holds(&NameAtPostcode(name, postcode))
    }

    /// The suppressed subjects, in order.
    pub fn subjects(&self) -> &[SubjectId] {
        &self.subjects
    }
    /// How many entries, of every kind.
    pub fn len(&self) -> usize {
        self.subjects.len() + self.phones.len() + self.emails.len() + self.names_and_postcodes.len()
    }
    /// Whether nothing is suppressed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The telephone numbers, e-mail addresses and names at postcodes, in
    /// their normalised forms, for writing the configuration.
    pub(crate) fn contact_points(&self) -> (Vec<&str>, Vec<&str>, Vec<(&str, &str)>) {
        let names = self
            .names_and_postcodes
            .sorted
            .iter()
            .map(|key| key.split_once('\u{0}').unwrap_or((key.as_str(), "")))
            .collect();
        (
            texts(&self.phones.sorted),
            texts(&self.emails.sorted),
            names,
        )
    }

    /// Whether any contact point (not only subjects) is listed.
    pub(crate) fn has_contact_points(&self) -> bool {
        self.phones.len() + self.emails.len() + self.names_and_postcodes.len() > 0
    }
}

/// The keys of a set, in order.
fn texts(keys: &BTreeSet<String>) -> Vec<&str> {
    keys.iter().map(String::as_str).collect()
}

impl FromIterator<SubjectId> for SuppressionList {
    /// The subjects, sorted once (each added alone would move the list).
    fn from_iter<I: IntoIterator<Item = SubjectId>>(iter: I) -> Self {
        let mut subjects: Vec<SubjectId> = iter.into_iter().collect();
        subjects.sort_unstable();
        subjects.dedup();
        Self {
            subjects,
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests;
