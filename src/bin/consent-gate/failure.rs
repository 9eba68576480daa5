//! [`Failure`]: why the command stopped, and its exit code.

use std::fmt;
use std::path::Path;

use consent_gate::export::ExportError;

/// Why the command stopped. Each message names a file, and the error's
/// own message names the line and field: neither ever holds a personal
/// value (the crate's errors never quote what they read).
#[derive(Debug)]
pub enum Failure {
    /// Bad input: exit 3.
    BadInput(String),
    /// A declaration refused: exit 4.
    Refused(String),
    /// Verification failed: exit 5.
    Verification(String),
    /// A file that cannot be read or written: exit 6.
    Io(String),
}

impl Failure {
    /// The exit code.
    pub fn code(&self) -> u8 {
        match self {
            Self::BadInput(_) => 3,
            Self::Refused(_) => 4,
            Self::Verification(_) => 5,
            Self::Io(_) => 6,
        }
    }

    /// A file that could not be read or written.
    pub fn io(path: &Path, e: &std::io::Error) -> Self {
        Self::Io(format!("{}: {e}", path.display()))
    }

    /// Bad input in `path`.
    pub fn input(path: &Path, e: impl fmt::Display) -> Self {
        Self::BadInput(format!("{}: {e}", path.display()))
    }

    /// An export's error, about `path` (its input).
    pub fn export(path: &Path, e: &ExportError) -> Self {
        match e {
            ExportError::Output(_) | ExportError::Scratch(_) => Self::Io(format!("{e}")),
            ExportError::Input(consent_gate::crm::ReadError::Io(_)) => {
                Self::Io(format!("{}: {e}", path.display()))
            }
            _ => Self::input(path, e),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadInput(m) | Self::Refused(m) | Self::Verification(m) | Self::Io(m) => {
                f.write_str(m)
            }
        }
    }
}

/// Reads a file whole, or the I/O failure naming it.
pub fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::io(path, &e))
}

/// Reads the broker's configuration.
pub fn broker(path: &Path) -> Result<consent_gate::Broker, Failure> {
    consent_gate::Broker::from_json(&read(path)?).map_err(|e| Failure::input(path, e))
}

/// Reads a buyer file.
pub fn buyer(path: &Path) -> Result<consent_gate::export::BuyerFile, Failure> {
    consent_gate::export::BuyerFile::from_json(&read(path)?).map_err(|e| Failure::input(path, e))
}
