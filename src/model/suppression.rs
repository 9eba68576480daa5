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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// Which tails (small numbers read off the end of a text) a list holds;
/// `open` when some entry has none, and then every text may be listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Tails {
    bits: Box<[u64]>,
    open: bool,
}

/// Tails are below this.
const TAILS: usize = 1 << 16;

impl Tails {
    fn insert(&mut self, tail: Option<usize>) {
        let Some(tail) = tail else {
            self.open = true;
            return;
        };
        if self.bits.is_empty() {
            self.bits = vec![0; TAILS / 64].into_boxed_slice();
        }
        if let Some(w) = self.bits.get_mut(tail % TAILS / 64) {
            *w |= 1 << (tail % 64);
        }
    }

    /// Whether a text with this tail may be listed.
    fn may_hold(&self, tail: Option<usize>) -> bool {
        match tail {
            Some(tail) if !self.open => self
                .bits
                .get(tail % TAILS / 64)
                .is_some_and(|w| w & (1 << (tail % 64)) != 0),
            _ => true,
        }
    }
}

/// The tail of a listed key, read off its normalised form.
fn tail_of(key: &impl KeyOf, tail: fn(&str) -> Option<usize>) -> Option<usize> {
    let mut text = String::new();
    key.write(&mut text)?;
    tail(&text)
}

/// The last four digits of a telephone number, if it has at least eight:
/// they are the same in every form of the number (a shorter one could
/// lose digits to the `+44` prefix).
fn phone_tail(number: &str) -> Option<usize> {
    let (mut tail, mut place, mut digits) = (0, 1, 0);
    for b in number.bytes().rev().filter(u8::is_ascii_digit) {
        if digits < 4 {
            tail += usize::from(b - b'0') * place;
            place *= 10;
        }
        digits += 1;
    }
    (digits >= 8).then_some(tail)
}

/// The last three characters of a postcode, white space left out and
/// upper-cased, if they are ASCII.
fn postcode_tail(postcode: &str) -> Option<usize> {
    let mut tail = 0;
    let mut taken = 0;
    for b in postcode.bytes().rev() {
        if !b.is_ascii() {
            return None;
        }
        if b.is_ascii_whitespace() || b == 0x0B {
            continue;
        }
        tail = tail * 256 + usize::from(b.to_ascii_uppercase());
        taken += 1;
        if taken == 3 {
            break;
        }
    }
    // Three bytes into sixteen bits, every byte weighing in.
    Some((tail.wrapping_mul(0x9E37_79B1) >> 8) % TAILS)
}

/// Where a normalised key is written: a `String`, or a [`Key`] in place.
trait Out {
    /// Appends; `None` when it does not fit.
    fn put(&mut self, bytes: &[u8]) -> Option<()>;

    fn put_char(&mut self, c: char) -> Option<()> {
        self.put(c.encode_utf8(&mut [0; 4]).as_bytes())
    }
}

impl Out for String {
    fn put(&mut self, bytes: &[u8]) -> Option<()> {
        self.push_str(std::str::from_utf8(bytes).ok()?);
        Some(())
    }
}

/// A short key built in place, so that checking a record against the
/// lists allocates nothing.
struct Key {
    buf: [u8; 96],
    len: usize,
}

impl Key {
    fn new() -> Self {
        Self {
            buf: [0; 96],
            len: 0,
        }
    }

    fn bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }
}

impl Out for Key {
    fn put(&mut self, bytes: &[u8]) -> Option<()> {
        let end = self.len.checked_add(bytes.len())?;
        self.buf.get_mut(self.len..end)?.copy_from_slice(bytes);
        self.len = end;
        Some(())
    }
}

/// A normalised key, written into any [`Out`]: a hash, a [`Key`] in
/// place, or a `String`.
trait KeyOf {
    fn write<O: Out>(&self, out: &mut O) -> Option<()>;
}

/// A telephone number's digits in national form: `+44` or `0044` becomes
/// `0`, everything but digits goes.
struct Phone<'a>(&'a str);

impl KeyOf for Phone<'_> {
    fn write<O: Out>(&self, out: &mut O) -> Option<()> {
        let trimmed = self.0.trim();
        let prefix: &[u8] = if trimmed.starts_with('+') {
            b"44"
        } else {
            b"0044"
        };
        let mut digits = trimmed.bytes().filter(u8::is_ascii_digit);
        let mut head = [0u8; 4];
        let mut taken = 0;
        for slot in head.iter_mut().take(prefix.len()) {
            match digits.next() {
                Some(d) => {
                    *slot = d;
                    taken += 1;
                }
                None => break,
            }
        }
        let head = head.get(..taken).unwrap_or_default();
        if head == prefix {
            out.put(b"0")?;
        } else {
            out.put(head)?;
        }
        for d in digits {
            out.put(&[d])?;
        }
        Some(())
    }
}

/// Text lower-cased (or upper-cased) character by character; ASCII
/// without the Unicode tables.
fn cased<O: Out>(text: &str, upper: bool, out: &mut O) -> Option<()> {
    if text.is_ascii() {
        for b in text.bytes() {
            out.put(&[if upper {
                b.to_ascii_uppercase()
            } else {
                b.to_ascii_lowercase()
            }])?;
        }
        return Some(());
    }
    for c in text.chars() {
        if upper {
            for u in c.to_uppercase() {
                out.put_char(u)?;
            }
        } else {
            for l in c.to_lowercase() {
                out.put_char(l)?;
            }
        }
    }
    Some(())
}

/// An e-mail address trimmed and lower-cased.
struct Email<'a>(&'a str);

impl KeyOf for Email<'_> {
    fn write<O: Out>(&self, out: &mut O) -> Option<()> {
        cased(self.0.trim(), false, out)
    }
}

/// A name (white space folded, lower-cased), a NUL, and a postcode (no
/// white space, upper-cased).
struct NameAtPostcode<'a>(&'a str, &'a str);

impl KeyOf for NameAtPostcode<'_> {
    fn write<O: Out>(&self, out: &mut O) -> Option<()> {
        for (i, word) in self.0.split_whitespace().enumerate() {
            if i > 0 {
                out.put(b" ")?;
            }
            cased(word, false, out)?;
        }
        out.put(&[0])?;
        Postcode(self.1).write(out)
    }
}

/// A postcode alone, as [`NameAtPostcode`] writes it.
struct Postcode<'a>(&'a str);

impl KeyOf for Postcode<'_> {
    fn write<O: Out>(&self, out: &mut O) -> Option<()> {
        for part in self.0.split_whitespace() {
            cased(part, true, out)?;
        }
        Some(())
    }
}

/// FNV-1a of the bytes written, for the bitmap.
struct Fnv(u64);

impl Out for Fnv {
    fn put(&mut self, bytes: &[u8]) -> Option<()> {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Some(())
    }
}

/// A bitmap of key hashes: "not listed" for nearly every key that is not,
/// without building it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Bitmap(Box<[u64]>);

impl Bitmap {
    fn set(&mut self, key: &impl KeyOf) {
        let Some((word, bit)) = slot(key) else { return };
        if self.0.is_empty() {
            self.0 = vec![0; (BITS / 64) as usize].into_boxed_slice();
        }
        if let Some(w) = self.0.get_mut(word) {
            *w |= bit;
        }
    }

    fn maybe(&self, key: &impl KeyOf) -> bool {
        slot(key).is_some_and(|(word, bit)| self.0.get(word).is_some_and(|w| w & bit != 0))
    }
}

/// A sorted list of normalised keys, with a bitmap of their hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Keys {
    sorted: Vec<String>,
    seen: Bitmap,
}

/// Bits in a hash bitmap.
const BITS: u64 = 1 << 16;

/// The word and bit of a key's hash in the bitmap.
fn slot(key: &impl KeyOf) -> Option<(usize, u64)> {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    key.write(&mut h)?;
    let bit = (h.0 ^ (h.0 >> 32)) % BITS;
    Some(((bit / 64) as usize, 1 << (bit % 64)))
}

impl Keys {
    fn insert(&mut self, key: &impl KeyOf) {
        let mut text = String::new();
        if key.write(&mut text).is_none() {
            return;
        }
        self.seen.set(key);
        if let Err(at) = self.sorted.binary_search(&text) {
            self.sorted.insert(at, text);
        }
    }

    /// Whether the key is listed: its hash first, which settles nearly
    /// every unlisted key; then the key, built in place (or as a `String`
    /// when it does not fit) and searched.
    fn holds(&self, key: &impl KeyOf) -> bool {
        if self.sorted.is_empty() || !self.seen.maybe(key) {
            return false;
        }
        let mut short = Key::new();
        let long;
        let bytes: &[u8] = if key.write(&mut short).is_some() {
            short.bytes()
        } else {
            let mut text = String::new();
            let _ = key.write(&mut text);
            long = text;
            long.as_bytes()
        };
        self.sorted
            .binary_search_by(|k| k.as_bytes().cmp(bytes))
            .is_ok()
    }

    fn len(&self) -> usize {
        self.sorted.len()
    }
}

impl SuppressionList {
    /// Adds a subject.
    #[must_use]
    pub fn subject(mut self, subject: SubjectId) -> Self {
        if let Err(at) = self.subjects.binary_search(&subject) {
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
    pub(crate) fn contact_points(&self) -> (&[String], &[String], Vec<(&str, &str)>) {
        let names = self
            .names_and_postcodes
            .sorted
            .iter()
            .map(|key| key.split_once('\u{0}').unwrap_or((key.as_str(), "")))
            .collect();
        (&self.phones.sorted, &self.emails.sorted, names)
    }

    /// Whether any contact point (not only subjects) is listed.
    pub(crate) fn has_contact_points(&self) -> bool {
        self.phones.len() + self.emails.len() + self.names_and_postcodes.len() > 0
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

    fn key(k: impl KeyOf) -> String {
        let mut s = String::new();
        k.write(&mut s).unwrap();
        s
    }

    #[test]
    fn phone_numbers_compare_in_national_form() {
        for same in [
            "07700 900123",
            "+44 7700 900123",
            "0044 7700 900123",
            "(07700) 900-123",
            "+447700900123",
        ] {
            assert_eq!(key(Phone(same)), "07700900123", "{same}");
        }
        assert_eq!(key(Phone("+33 1 23 45 67 89")), "33123456789");
        for short in ["", "+", "0", "004", "+4"] {
            let digits: String = short.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(key(Phone(short)), digits, "{short:?}");
        }
    }

    #[test]
    fn names_and_postcodes_fold() {
        let k = |n, p| key(NameAtPostcode(n, p));
        assert_eq!(k(" Jane   DOE ", "ls1 4pl"), k("jane doe", "LS14PL"));
        assert_eq!(k("Jane\u{b}Doe\t", "LS1\u{b}4PL"), k("jane doe", "LS14PL"));
        assert_eq!(k("ZOË  Khan", "cf10 1aa"), k("zoë khan", "CF101AA"));
        assert_ne!(k("jane doe", "LS14PL"), k("jane doe", "LS14PM"));
    }

    #[test]
    fn long_keys_are_checked_too() {
        let long = "9".repeat(200);
        let name = "Ä".repeat(80);
        let list = SuppressionList::default()
            .phone(&long)
            .name_and_postcode(&name, "X1")
            .email(&format!("{}@example.org", "a".repeat(120)));
        assert!(list.has_phone(&long));
        assert!(!list.has_phone(&"9".repeat(199)));
        assert!(list.has_name_and_postcode(&name.to_lowercase(), "x 1"));
        assert!(list.has_email(&format!("{}@EXAMPLE.org", "A".repeat(120))));
    }

    #[test]
    fn tails_are_the_same_in_every_form() {
        for number in ["07700 900123", "+44 7700 900123", "0044 (7700) 900-123"] {
            assert_eq!(phone_tail(number), Some(123), "{number}");
        }
        assert_eq!(phone_tail("+44 12"), None);
        assert_eq!(postcode_tail("ls1 4pl "), postcode_tail("LS14PL"));
        assert_eq!(postcode_tail("Zoë"), None);
        // Short numbers and non-ASCII postcodes open the filter, never close it.
        let list = SuppressionList::default()
            .phone("+44 12")
            .name_and_postcode("Zoë", "ÅB1");
        assert!(list.has_phone("012") && list.has_phone("+4412"));
        assert!(list.has_name_and_postcode("zoë", "åb 1"));
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

    #[test]
    fn a_listed_key_is_found_and_its_neighbours_are_not() {
        let mut list = SuppressionList::default();
        for n in 0..500 {
            list = list.phone(&format!("07700 9{n:05}"));
        }
        for n in 0..1000 {
            assert_eq!(list.has_phone(&format!("+44 7700 9{n:05}")), n < 500, "{n}");
        }
    }
}
