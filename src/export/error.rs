//! [`ExportError`]: why an export stopped.

use crate::crm::ReadError;

/// Why an export stopped. Nothing at the destination path looks complete
/// after one (see [`Export::write_to_path`](super::Export::write_to_path)).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// An input row could not be read and the job stops on bad rows, or the
    /// input as a whole is unreadable.
    #[error("input: {0}")]
    Input(#[from] ReadError),
    /// The declaration's names are blank.
    #[error("declaration: {0}")]
    Declaration(#[from] crate::declaration::DeclarationError),
    /// The broker refused the declaration.
    #[error("declaration refused: {0}")]
    Refused(#[from] crate::DeclarationRefusal),
    /// Subject ids came out of ascending order, and the export was given no
    /// scan of the input for subjects on two rows ([`Duplicates`]): it
    /// cannot tell whether a subject it already exported appears again.
    /// Scan the input and export it again with the scan, as
    /// [`BuyerJob::write_input_to_path`] does.
    ///
    /// [`Duplicates`]: super::Duplicates
    /// [`BuyerJob::write_input_to_path`]: super::BuyerJob::write_input_to_path
    #[error(
        "record {record}: subject ids out of ascending order, and no scan for subjects on two rows was given"
    )]
    UnsortedInput {
        /// The record (1 is the first data row) whose id is lower than the
        /// one before it.
        record: u64,
    },
    /// The input the export read is not the one its [`Duplicates`] scan
    /// read: other rows, or other subjects on them.
    ///
    /// [`Duplicates`]: super::Duplicates
    #[error("the input changed between the scan for subjects on two rows and the export")]
    InputChanged,
    /// A scratch file of the scan for subjects on two rows could not be
    /// written or read.
    #[error("scanning for subjects on two rows: {0}")]
    Scratch(#[source] std::io::Error),
    /// The caller's own input failed: the error of a pipeline's reader,
    /// converted by its `From` impl (see [`Item`](super::Item)). The
    /// export stops; nothing is written to a path.
    #[error("input: {0}")]
    Source(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The output could not be written.
    #[error("writing the export: {0}")]
    Output(#[source] std::io::Error),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        Self::Output(e)
    }
}
