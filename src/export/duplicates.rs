//! [`Duplicates`]: the subjects an input names on more than one row.

use std::borrow::Borrow;
use std::fmt;

use super::error::ExportError;
use super::item::{Item, sealed::ItemImpl};
use super::repeats::{RUN, Repeats};
use crate::record::SubjectId;

/// The subject ids that appear on more than one row of one input, found by
/// a pass over it before its export ([`Export::duplicates`]).
///
/// Two rows for one subject are two claims about one person's consent, and
/// the export cannot tell which is true: the newer may withdraw what the
/// older gave. So **no row of such a subject is exported**, and the receipt
/// counts each under `duplicate_subject`. A row set aside as unreadable
/// still counts for its subject where its `subject_id` could be read
/// ([`ReadError::subject`](crate::crm::ReadError::subject)): an unreadable withdrawal is no reason to
/// export the consent it withdrew.
///
/// # Memory
///
/// The scan holds at most 1,048,576 ids (8 MiB) in memory; past that it
/// sorts them into runs written to scratch files (8 bytes per row, removed
/// when the scan ends) and merges the runs. What it keeps is 8 bytes per
/// *duplicated* subject, and nothing per other subject.
///
/// # Sorted input needs no scan
///
/// An export given no scan reads the input in one pass and needs none if
/// subject ids come in ascending order (as a dump ordered by its key does):
/// it holds back each record until the next row's id differs. At the first
/// id lower than the one before it stops with
/// [`ExportError::UnsortedInput`]; [`BuyerJob::write_input_to_path`]
/// then scans the input and exports it again with the scan.
///
/// [`Export::duplicates`]: super::Export::duplicates
/// [`BuyerJob::write_input_to_path`]: super::BuyerJob::write_input_to_path
///
/// ```
/// use consent_gate::crm;
/// use consent_gate::SubjectId;
/// use consent_gate::export::Duplicates;
///
/// let header = "subject_id,parent_name,address_line1,address_line2,town,postcode,email,phone,\
/// mother_birth_date,children_under_five,child_birth_dates,due_date,purposes,categories,\
/// notice_version,recipients,consent_given_at,consent_expires_at,consent_withdrawn_at,\
/// collection,existing_customer,opt_out_offered,parental_consent\n";
/// let row = |id: u64, withdrawn: &str| format!(
///     "{id},Jane Doe,1 High St,,Leeds,LS1 1AA,,,,false,,,marketing_post,,1,,\
///      2016-09-01T00:00:00Z,,{withdrawn},direct,false,false,false\n");
/// let csv = format!("{header}{}{}{}", row(7, ""), row(3, ""), row(7, "2017-01-01T00:00:00Z"));
/// let scan = Duplicates::scan(crm::read_csv(csv.as_bytes()))?;
/// assert_eq!((scan.rows(), scan.len()), (3, 1));
/// assert!(scan.contains(SubjectId(7)) && !scan.contains(SubjectId(3)));
/// # Ok::<(), consent_gate::export::ExportError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Duplicates {
    ids: Vec<u64>,
    rows: Sequence,
}

impl Duplicates {
    /// Scans an input's rows for subject ids that appear more than once.
    ///
    /// An error that makes the whole input unreadable stops the scan; a
    /// row-level error counts the row under its subject where one was read.
    pub fn scan<I, X>(records: I) -> Result<Self, ExportError>
    where
        I: IntoIterator<Item: Item<X>>,
    {
        let mut repeats = Repeats::new(RUN);
        let mut rows = Sequence::default();
        for item in records {
            let subject = match item.into_record() {
                Ok(record) => Some(record.borrow().subject().0),
                Err(ExportError::Input(e)) if e.is_row_level() => e.subject(),
                Err(e) => return Err(e),
            };
            rows.push(subject);
            if let Some(id) = subject {
                repeats.push(id).map_err(ExportError::Scratch)?;
            }
        }
        let ids = repeats.finish().map_err(ExportError::Scratch)?;
        Ok(Self { ids, rows })
    }

    /// Whether `subject` appears on more than one row.
    pub fn contains(&self, subject: SubjectId) -> bool {
        self.ids.binary_search(&subject.0).is_ok()
    }

    /// How many subjects appear on more than one row.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether every subject appears once.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The subjects that appear on more than one row, ascending.
    pub fn subjects(&self) -> impl Iterator<Item = SubjectId> + '_ {
        self.ids.iter().copied().map(SubjectId)
    }

    /// How many rows the scan read.
    pub fn rows(&self) -> u64 {
        self.rows.rows
    }

    pub(crate) fn sequence(&self) -> Sequence {
        self.rows
    }
}

impl fmt::Debug for Duplicates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Duplicates")
            .field("rows", &self.rows.rows)
            .field("duplicated_subjects", &self.ids.len())
            .finish()
    }
}

/// A fingerprint of an input's rows by subject, in order, so that an export
/// can tell that it read the input its scan read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sequence {
    rows: u64,
    hash: u64,
}

impl Sequence {
    /// Adds one row: its subject, or `None` where none was read.
    pub(crate) fn push(&mut self, subject: Option<u64>) {
        // FNV-1a over the row's tag and id, eight bytes at a time: not a
        // defence against a forger (who could forge the input itself), a
        // check that the input did not change between the two passes.
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
        let (tag, id) = subject.map_or((0, 0), |id| (1, id));
        if self.rows == 0 {
            self.hash = BASIS;
        }
        self.rows += 1;
        self.hash = (self.hash ^ tag).wrapping_mul(PRIME);
        self.hash = (self.hash ^ id).wrapping_mul(PRIME);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint(rows: &[Option<u64>]) -> Sequence {
        let mut sequence = Sequence::default();
        for row in rows {
            sequence.push(*row);
        }
        sequence
    }

    /// Inputs of the same length but other subjects, or a subject where
    /// none was read, have other fingerprints: the export notices an input
    /// changed between the scan and the export.
    #[test]
    fn other_rows_have_other_fingerprints() {
        assert_ne!(fingerprint(&[None]), fingerprint(&[Some(0)]));
        assert_ne!(fingerprint(&[Some(1), None]), fingerprint(&[None, Some(1)]));
        let mut seen = std::collections::HashSet::new();
        for id in 0..4_096 {
            assert!(seen.insert(fingerprint(&[Some(7), Some(id)]).hash), "{id}");
        }
        // [7, 7] is already in.
        for id in (0..4_096).filter(|id| *id != 7) {
            assert!(seen.insert(fingerprint(&[Some(id), Some(7)]).hash), "{id}");
        }
        assert_eq!(fingerprint(&[Some(1), Some(2)]).rows, 2);
    }
}
