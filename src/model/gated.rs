//! [`Gated`]: a value that only a consent check can open, sealed under
//! the category it is judged by.

use std::fmt;
use std::marker::PhantomData;

use serde::{Serialize, Serializer};

use crate::category::CategoryType;

/// What every side door prints instead of a gated value.
pub const REDACTED: &str = "[redacted]";

/// A personal-data value sealed behind the consent gate, under category
/// `C`, or the sealed absence of one.
///
/// * **The category travels with the value.** It is fixed where the value
///   is sealed, in the type: no impl elsewhere can present the value under
///   another category, and the gate judges it as `C`.
/// * **No way in but the gate.** The wrapper has private fields and no
///   accessor: the only way to the value is
///   [`Clearance::get`](crate::Clearance::get), which a consent check for
///   one record and one purpose produces. There is no `Display`, no
///   `PartialEq` (a comparison would be an oracle), no `Deref`, no
///   `Deserialize`.
/// * **Presence is sealed too.** `Debug` and `Serialize` print [`REDACTED`]
///   whether or not a value is there; only a clearance tells.
///
/// A broker that keeps its own fields seals them in the record's extension
/// (see [`CustomField`](crate::field::CustomField) and the `custom_field`
/// example).
///
/// ```
/// use consent_gate::Gated;
/// use consent_gate::category::ChildBirthDate;
/// let secret: Gated<String, ChildBirthDate> = Gated::new("2016-03-01".to_string());
/// let none: Gated<String, ChildBirthDate> = Gated::absent();
/// assert_eq!(format!("{secret:?} {none:?}"), "[redacted] [redacted]");
/// ```
pub struct Gated<T, C> {
    value: Option<T>,
    category: PhantomData<fn() -> C>,
}

impl<T, C: CategoryType> Gated<T, C> {
    /// Seals a value under category `C`.
    pub const fn new(value: T) -> Self {
        Self {
            value: Some(value),
            category: PhantomData,
        }
    }

    /// Seals the absence of a value: a clearance that opens the field gives
    /// `Ok(None)`; nothing else tells it from a value.
    pub const fn absent() -> Self {
        Self {
            value: None,
            category: PhantomData,
        }
    }

    /// Seals a value or its absence.
    pub fn from_option(value: Option<T>) -> Self {
        Self {
            value,
            category: PhantomData,
        }
    }
}

impl<T, C> Gated<T, C> {
    /// The value, if any: for the gate alone.
    pub(crate) const fn expose(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The value, unsealed, for the crate's reader to reuse its memory
    /// (never to read it).
    pub(crate) fn into_storage(self) -> Option<T> {
        self.value
    }

    /// The value, unsealed, for the crate's reader to write the next
    /// record's value over (never to read it).
    pub(crate) fn storage_mut(&mut self) -> &mut Option<T> {
        &mut self.value
    }
}

impl<T: Clone, C> Clone for Gated<T, C> {
    fn clone(&self) -> Self {
        Self {
            value: self.value.clone(),
            category: PhantomData,
        }
    }
}

impl<T, C: CategoryType> Default for Gated<T, C> {
    /// No value.
    fn default() -> Self {
        Self::absent()
    }
}

impl<T, C> fmt::Debug for Gated<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T, C> Serialize for Gated<T, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::{Name, Pregnancy};

    #[test]
    fn debug_and_serde_redact_the_value_and_its_presence() {
        let g: Gated<_, Name> = Gated::new("Jane Doe");
        let none: Gated<&str, Pregnancy> = Gated::absent();
        assert_eq!(format!("{g:?} {g:#?}"), "[redacted] [redacted]");
        assert_eq!(format!("{none:?} {none:#?}"), "[redacted] [redacted]");
        assert_eq!(serde_json::to_string(&g).unwrap(), "\"[redacted]\"");
        assert_eq!(serde_json::to_string(&none).unwrap(), "\"[redacted]\"");
        assert_eq!(g.expose(), Some(&"Jane Doe"));
        assert_eq!(none.expose(), None);
    }
}
