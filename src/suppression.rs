//! [`SuppressionList`]: who must never be marketed to, by subject and by
//! contact point, as the real preference lists give them.

use crate::record::SubjectId;

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
/// its white space folded and lower-cased, a postcode without spaces and
/// upper-cased.
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuppressionList {
    subjects: Vec<SubjectId>,
    phones: Vec<String>,
    emails: Vec<String>,
    names_and_postcodes: Vec<String>,
}

fn insert<T: Ord>(list: &mut Vec<T>, item: T) {
    if let Err(at) = list.binary_search(&item) {
        list.insert(at, item);
    }
}

fn holds<T: Ord>(list: &[T], item: &T) -> bool {
    !list.is_empty() && list.binary_search(item).is_ok()
}

/// A telephone number's digits in national form: `+44` or `0044` becomes
/// `0`, everything but digits goes.
pub(crate) fn phone_key(number: &str) -> String {
    let trimmed = number.trim();
    let international = trimmed.starts_with('+');
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let national = if international {
        digits.strip_prefix("44").map(|rest| format!("0{rest}"))
    } else {
        digits.strip_prefix("0044").map(|rest| format!("0{rest}"))
    };
    national.unwrap_or(digits)
}

/// An e-mail address trimmed and lower-cased.
pub(crate) fn email_key(address: &str) -> String {
    address.trim().to_lowercase()
}

/// A name (white space folded, lower-cased) and a postcode (no spaces,
/// upper-cased), as one key.
pub(crate) fn name_postcode_key(name: &str, postcode: &str) -> String {
    let name = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let postcode: String = postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    format!("{name}\u{0}{postcode}")
}

impl SuppressionList {
    /// Adds a subject.
    #[must_use]
    pub fn subject(mut self, subject: SubjectId) -> Self {
        insert(&mut self.subjects, subject);
        self
    }
    /// Adds a telephone number.
    #[must_use]
    pub fn phone(mut self, number: &str) -> Self {
        insert(&mut self.phones, phone_key(number));
        self
    }
    /// Adds an e-mail address.
    #[must_use]
    pub fn email(mut self, address: &str) -> Self {
        insert(&mut self.emails, email_key(address));
        self
    }
    /// Adds a name at a postcode.
    #[must_use]
    pub fn name_and_postcode(mut self, name: &str, postcode: &str) -> Self {
        insert(
            &mut self.names_and_postcodes,
            name_postcode_key(name, postcode),
        );
        self
    }

    /// Whether the subject is suppressed.
    #[inline]
    pub fn has_subject(&self, subject: SubjectId) -> bool {
        holds(&self.subjects, &subject)
    }
    /// Whether the telephone number is suppressed.
    pub fn has_phone(&self, number: &str) -> bool {
        !self.phones.is_empty() && holds(&self.phones, &phone_key(number))
    }
    /// Whether the e-mail address is suppressed.
    pub fn has_email(&self, address: &str) -> bool {
        !self.emails.is_empty() && holds(&self.emails, &email_key(address))
    }
    /// Whether the name at the postcode is suppressed.
    pub fn has_name_and_postcode(&self, name: &str, postcode: &str) -> bool {
        !self.names_and_postcodes.is_empty()
            && holds(
                &self.names_and_postcodes,
                &name_postcode_key(name, postcode),
            )
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
    pub(crate) fn contact_points(&self) -> (&[String], &[String], Vec<(&str, &str)>) {
        let names = self
            .names_and_postcodes
            .iter()
            .map(|key| key.split_once('\u{0}').unwrap_or((key.as_str(), "")))
            .collect();
        (&self.phones, &self.emails, names)
    }

    /// Whether any contact point (not only subjects) is listed.
    pub(crate) fn has_contact_points(&self) -> bool {
        !(self.phones.is_empty() && self.emails.is_empty() && self.names_and_postcodes.is_empty())
    }
}

impl FromIterator<SubjectId> for SuppressionList {
    fn from_iter<I: IntoIterator<Item = SubjectId>>(iter: I) -> Self {
        iter.into_iter().fold(Self::default(), Self::subject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_compare_in_national_form() {
        for same in [
            "07700 900123",
            "+44 7700 900123",
            "0044 7700 900123",
            "(07700) 900-123",
            "+447700900123",
        ] {
            assert_eq!(phone_key(same), "07700900123", "{same}");
        }
        assert_eq!(phone_key("+33 1 23 45 67 89"), "33123456789");
        assert_eq!(phone_key(""), "");
    }

    #[test]
    fn names_and_postcodes_fold() {
        assert_eq!(
            name_postcode_key(" Jane   DOE ", "ls1 4pl"),
            name_postcode_key("jane doe", "LS14PL")
        );
        assert_ne!(
            name_postcode_key("jane doe", "LS14PL"),
            name_postcode_key("jane doe", "LS14PM")
        );
    }

    #[test]
    fn an_empty_list_holds_nothing() {
        let list = SuppressionList::default();
        assert!(list.is_empty() && !list.has_contact_points());
        assert!(!list.has_phone("") && !list.has_email("") && !list.has_subject(SubjectId(0)));
        let list: SuppressionList = [SubjectId(3), SubjectId(1), SubjectId(3)]
            .into_iter()
            .collect();
        assert_eq!(list.subjects(), [SubjectId(1), SubjectId(3)]);
        assert_eq!(list.len(), 2);
    }
}
