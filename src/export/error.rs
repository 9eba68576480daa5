//! [`ExportError`]: why an export stopped.

use crate::crm::ReadError;

/// Why an export stopped. Nothing at the destination path looks complete
/// after one (see [`Export::write_to_path`](super::Export::write_to_path)).
#[derive(Debug, thiserror::Error)]
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
    /// The output could not be written.
    #[error("writing the export: {0}")]
    Output(#[source] std::io::Error),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        Self::Output(e)
    }
}
