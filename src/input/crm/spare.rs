//! [`Spare`]: the memory of a record given back to its reader, to read the
//! next record into.

use std::fmt;

use chrono::NaiveDate;

use crate::record::{Address, Record};

/// The strings and lists of a record its reader was given back, emptied
/// as each is reused: a reader whose every record comes back (the export
/// on every core judges a record and is done with it) allocates nothing
/// for the personal fields of the next rows that fit in them.
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
    pub(crate) fn address(&mut self, [line1, line2, town, postcode]: [&str; 4]) -> Address {
        let Some(mut address) = self.address.take() else {
            return Address {
                line1: line1.to_owned(),
                line2: line2.to_owned(),
                town: town.to_owned(),
                postcode: postcode.to_owned(),
            };
        };
        for (piece, text) in [
            (&mut address.line1, line1),
            (&mut address.line2, line2),
            (&mut address.town, town),
            (&mut address.postcode, postcode),
        ] {
            piece.clear();
            piece.push_str(text);
        }
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
}
