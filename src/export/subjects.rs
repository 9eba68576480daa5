//! How an export tells that a subject appears on two rows: by the order of
//! sorted input, or by a scan made before it.

use std::cmp::Ordering;

use super::duplicates::{Duplicates, Sequence};
use super::error::ExportError;
use crate::record::SubjectId;

/// What to do with a row, given its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// Judge the row now.
    Judge,
    /// Judge the record held back, if any, then hold this row's record back
    /// until the next row shows whether its subject appears again.
    Hold,
    /// The subject is on two rows: drop the record held back, if any, and
    /// this row's.
    Duplicate,
}

/// The subjects an export has met.
#[derive(Debug)]
pub(crate) enum Subjects<'g> {
    /// Sorted input, checked as it comes: the last subject met.
    Ascending { last: Option<u64> },
    /// Any order, against a scan of the same input.
    Scanned {
        duplicates: &'g Duplicates,
        rows: Sequence,
    },
    /// Nothing is exported whoever the subjects are (a refused
    /// declaration).
    Ignored,
}

impl<'g> Subjects<'g> {
    pub(crate) fn new(duplicates: Option<&'g Duplicates>) -> Self {
        match duplicates {
            Some(duplicates) => Self::Scanned {
                duplicates,
                rows: Sequence::default(),
            },
            None => Self::Ascending { last: None },
        }
    }

    /// Meets the subject of row `record` (from 1), or `None` for a row set
    /// aside whose subject is unknown.
    pub(crate) fn see(&mut self, subject: Option<u64>, record: u64) -> Result<Seen, ExportError> {
        match self {
            Self::Ignored => Ok(Seen::Judge),
            Self::Scanned { duplicates, rows } => {
                rows.push(subject);
                Ok(match subject {
                    Some(id) if duplicates.contains(SubjectId(id)) => Seen::Duplicate,
                    _ => Seen::Judge,
                })
            }
            Self::Ascending { last } => {
                let Some(id) = subject else {
                    return Ok(Seen::Judge);
                };
                match last.map(|before| id.cmp(&before)) {
                    Some(Ordering::Equal) => Ok(Seen::Duplicate),
                    Some(Ordering::Less) => Err(ExportError::UnsortedInput { record }),
                    None | Some(Ordering::Greater) => {
                        *last = Some(id);
                        Ok(Seen::Hold)
                    }
                }
            }
        }
    }

    /// Checks, at the end of the input, that it was the input scanned.
    pub(crate) fn finish(&self) -> Result<(), ExportError> {
        match self {
            Self::Scanned { duplicates, rows } if duplicates.sequence() != *rows => {
                Err(ExportError::InputChanged)
            }
            _ => Ok(()),
        }
    }
}
