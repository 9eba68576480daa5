//! [`Spare`]: the memory of a record given back to its reader, to read the
//! next record into.

use std::fmt;

use chrono::NaiveDate;

use crate::record::{Address, Record};

/// The strings and lists of a record its reader was given back, and of
/// the values a record read over no longer holds (an e-mail address the
/// next row leaves out), emptied as each is reused: a reader whose every
/// record comes back (the export on every core judges a record and is
/// done with it) allocates nothing for the personal fields of the next
/// rows that fit in them.
///
/// Every piece is cleared before a value is written into it, so nothing
/// of one record's values can reach the next; and nothing of them is ever
/// read from here (its `Debug` shows no value).
#[derive(Default)]
pub(crate) struct Spare {
    parent_name: Option<String>,
    address: Option<Address>,
    email: Option<String>,
    phone: Option<String>,
    child_birth_dates: Option<Vec<NaiveDate>>,
}

impl Spare {
    /// Keeps the memory of `record`, dropping what a piece already holds.
    pub(crate) fn keep(&mut self, record: Record) {
        let Record {
            parent_name,
            address,
            email,
            phone,
            child_birth_dates,
            ..
        } = record;
        keep(&mut self.parent_name, parent_name.into_storage());
        keep(&mut self.address, address.into_storage());
        keep(&mut self.email, email.into_storage());
        keep(&mut self.phone, phone.into_storage());
        keep(
            &mut self.child_birth_dates,
            child_birth_dates.into_storage(),
        );
    }

    /// The parent's name, as `text`.
    pub(crate) fn parent_name(&mut self, text: &str) -> String {
        refill(&mut self.parent_name, text)
    }

    /// The address of these lines, town and postcode.
    pub(crate) fn address(&mut self, lines: [&str; 4]) -> Address {
        let Some(mut address) = self.address.take() else {
            let [line1, line2, town, postcode] = lines;
            return Address {
                line1: line1.to_owned(),
                line2: line2.to_owned(),
                town: town.to_owned(),
                postcode: postcode.to_owned(),
            };
        };
        write_address(&mut address, lines);
        address
    }

    /// The e-mail address, as `text`.
    pub(crate) fn email(&mut self, text: &str) -> String {
        refill(&mut self.email, text)
    }

    /// The telephone number, as `text`.
    pub(crate) fn phone(&mut self, text: &str) -> String {
        refill(&mut self.phone, text)
    }

    /// An empty list for children's birth dates.
    pub(crate) fn child_birth_dates(&mut self) -> Vec<NaiveDate> {
        let mut dates = self.child_birth_dates.take().unwrap_or_default();
        dates.clear();
        dates
    }

    /// Writes the parent's name over the one a record holds.
    pub(crate) fn parent_name_over(&mut self, held: &mut Option<String>, text: &str) {
        overwrite(held, Some(text), &mut self.parent_name);
    }

    /// Writes an e-mail address, or its absence, over the one a record
    /// holds.
    pub(crate) fn email_over(&mut self, held: &mut Option<String>, text: Option<&str>) {
        overwrite(held, text, &mut self.email);
    }

    /// Writes a telephone number, or its absence, over the one a record
    /// holds.
    pub(crate) fn phone_over(&mut self, held: &mut Option<String>, text: Option<&str>) {
        overwrite(held, text, &mut self.phone);
    }

    /// Writes an address over the one a record holds, line by line.
    pub(crate) fn address_over(&mut self, held: &mut Option<Address>, lines: [&str; 4]) {
        match held {
            Some(address) => write_address(address, lines),
            None => *held = Some(self.address(lines)),
        }
    }

    /// Puts a list of children's birth dates (from
    /// [`Spare::child_birth_dates`]) in place of the one a record holds,
    /// keeping that one's memory for the next.
    pub(crate) fn child_birth_dates_over(
        &mut self,
        held: &mut Option<Vec<NaiveDate>>,
        dates: Vec<NaiveDate>,
    ) {
        keep(&mut self.child_birth_dates, held.replace(dates));
    }
}

/// Writes `text` over the string `held` holds, clearing it first; into
/// the spare piece where it holds none; and where there is no text, keeps
/// its memory in `spare` and holds none.
fn overwrite(held: &mut Option<String>, text: Option<&str>, spare: &mut Option<String>) {
    match (held.as_mut(), text) {
        (Some(piece), Some(text)) => {
            piece.clear();
            piece.push_str(text);
        }
        (None, Some(text)) => *held = Some(refill(spare, text)),
        (_, None) => keep(spare, held.take()),
    }
}

/// Writes an address's lines, town and postcode over `address`'s.
fn write_address(address: &mut Address, [line1, line2, town, postcode]: [&str; 4]) {
    for (piece, text) in [
        (&mut address.line1, line1),
        (&mut address.line2, line2),
        (&mut address.town, town),
        (&mut address.postcode, postcode),
    ] {
        piece.clear();
        piece.push_str(text);
    }
}

/// Keeps `piece` in `slot` where it has memory to give.
fn keep<T: Capacity>(slot: &mut Option<T>, piece: Option<T>) {
    if let Some(piece) = piece.filter(Capacity::has_memory) {
        *slot = Some(piece);
    }
}

/// `text`, written into the string `slot` holds, or a new one.
fn refill(slot: &mut Option<String>, text: &str) -> String {
    match slot.take() {
        Some(mut piece) => {
            piece.clear();
            piece.push_str(text);
            piece
        }
        None => text.to_owned(),
    }
}

/// Whether a piece holds memory worth keeping.
trait Capacity {
    fn has_memory(&self) -> bool;
}

impl Capacity for String {
    fn has_memory(&self) -> bool {
        self.capacity() > 0
    }
}

impl<T> Capacity for Vec<T> {
    fn has_memory(&self) -> bool {
        self.capacity() > 0
    }
}

impl Capacity for Address {
    fn has_memory(&self) -> bool {
        true
    }
}

impl fmt::Debug for Spare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Spare").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A piece given back is reused, cleared: the next value is written
    /// alone, whether it is longer or shorter.
    #[test]
    fn pieces_are_reused_and_cleared() {
        let mut spare = Spare::default();
        let first = spare.parent_name("Rhiannon Pritchard-Evans");
        let address = spare.address(["1 Long Street", "Flat 12", "Swindon", "SN1 1AA"]);
        let mut dates = spare.child_birth_dates();
        dates.push(NaiveDate::from_ymd_opt(2016, 1, 2).unwrap_or_default());
        spare.parent_name = Some(first);
        spare.address = Some(address);
        spare.child_birth_dates = Some(dates);
        let name = spare.parent_name("Jo Li");
        assert_eq!(name, "Jo Li");
        assert!(name.capacity() >= "Rhiannon Pritchard-Evans".len());
        let address = spare.address(["2 Lane", "", "Bath", "BA1 1AA"]);
        assert_eq!(
            (address.line1.as_str(), address.line2.as_str()),
            ("2 Lane", "")
        );
        assert_eq!(
            (address.town.as_str(), address.postcode.as_str()),
            ("Bath", "BA1 1AA")
        );
        assert!(spare.child_birth_dates().is_empty());
        // Taken, so none is left: the next is new.
        assert_eq!(spare.parent_name("Al").capacity(), 2);
        assert_eq!(format!("{spare:?}"), "Spare { .. }");
    }

    /// A record's values written over leave nothing of the values before:
    /// a shorter value is written alone, an absent one holds nothing (its
    /// memory kept, cleared, for the next), a list is replaced whole.
    #[test]
    fn values_written_over_leave_nothing_behind() {
        let mut spare = Spare::default();
        let mut email = Some(String::from("rhiannon.pritchard@example.org"));
        spare.email_over(&mut email, Some("a@b.c"));
        assert_eq!(email.as_deref(), Some("a@b.c"));
        spare.email_over(&mut email, None);
        assert_eq!(email, None);
        let reused = spare.email("x@y.z");
        assert_eq!(reused, "x@y.z");
        assert!(reused.capacity() >= "rhiannon.pritchard@example.org".len());
        let mut name = None;
        spare.parent_name_over(&mut name, "Jo Li");
        assert_eq!(name.as_deref(), Some("Jo Li"));
        let mut address = Some(spare.address(["1 Long Street", "Flat 12", "Swindon", "SN1 1AA"]));
        spare.address_over(&mut address, ["2 Lane", "", "Bath", "BA1 1AA"]);
        let lines = address
            .as_ref()
            .map(|a| [&a.line1, &a.line2, &a.town, &a.postcode].map(String::as_str));
        assert_eq!(lines, Some(["2 Lane", "", "Bath", "BA1 1AA"]));
        let day = NaiveDate::from_ymd_opt(2016, 1, 2).unwrap_or_default();
        let mut dates = Some(vec![day, day]);
        let fresh = spare.child_birth_dates();
        spare.child_birth_dates_over(&mut dates, fresh);
        assert_eq!(dates, Some(Vec::new()));
        let kept = spare.child_birth_dates();
        assert!(kept.is_empty() && kept.capacity() >= 2);
    }
}
