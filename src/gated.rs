//! [`Gated`]: a value that only a consent check can open.

use std::fmt;

use serde::{Serialize, Serializer};

/// What every side door prints instead of a gated value.
pub const REDACTED: &str = "[redacted]";

/// A personal-data value sealed behind the consent gate.
///
/// The wrapper has a private field and no accessor: the only way to the
/// value is [`Clearance::get`](crate::Clearance::get), which a successful
/// consent check for one record and one purpose produces. `Debug` and
/// `Serialize` print [`REDACTED`]; there is no `Display`, no `PartialEq`
/// (a comparison would be an oracle), and no `Deref`.
///
/// A broker that keeps its own fields wraps them in `Gated` inside the
/// record's extension (see [`Record::extra`](crate::Record::extra) and the
/// `custom_field` example).
///
/// ```
/// use consent_gate::Gated;
/// let secret = Gated::new("2016-03-01".to_string());
/// assert_eq!(format!("{secret:?}"), "[redacted]");
/// ```
#[derive(Clone, Default)]
pub struct Gated<T>(T);

impl<T> Gated<T> {
    /// Seals a value.
    pub const fn new(value: T) -> Self {
        Self(value)
    }

    /// The value, for the gate alone.
    pub(crate) const fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Gated<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> Serialize for Gated<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_serde_redact() {
        let g = Gated::new("Jane Doe");
        assert_eq!(format!("{g:?} {g:#?}"), "[redacted] [redacted]");
        assert_eq!(serde_json::to_string(&g).unwrap(), "\"[redacted]\"");
        assert_eq!(*g.expose(), "Jane Doe");
    }
}
