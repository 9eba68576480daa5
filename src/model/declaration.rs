//! [`Declaration`]: what a buyer says it will do with the data.

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer, ser::SerializeStruct};

use crate::purpose::{Purpose, PurposeKind};
use crate::recipient::{EmptyRecipient, Recipient};

/// A buyer's declaration: who buys, for whom, for which purpose, as of
/// when. The purpose is the type parameter `P`, so an export's purpose is
/// fixed by its type.
///
/// `as_of` is the instant the export is judged at: consents given after
/// it, withdrawn or expired by it, are refused. The library never reads the
/// clock; the same declaration and records give the same result.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use consent_gate::{Declaration, purpose::PoliticalCampaigning};
///
/// let decl = Declaration::<PoliticalCampaigning>::new(
///     "Experian Marketing Services",
///     "Labour Party",
///     Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap(),
/// ).unwrap();
/// assert_eq!(decl.purpose().name(), "political_campaigning");
/// ```
pub struct Declaration<P: Purpose> {
    buyer: Recipient,
    end_recipient: Recipient,
    as_of: DateTime<Utc>,
    purpose: PhantomData<fn() -> P>,
}

/// Why a declaration could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeclarationError {
    /// The buying organisation's name is blank.
    #[error("the buyer's name is blank")]
    BlankBuyer(#[source] EmptyRecipient),
    /// The end recipient's name is blank.
    #[error("the end recipient's name is blank")]
    BlankEndRecipient(#[source] EmptyRecipient),
}

impl<P: Purpose> Declaration<P> {
    /// Declares an export. `buyer` is the organisation that receives the
    /// file; `end_recipient` the one it acts for (the same name when it acts
    /// for itself).
    pub fn new(
        buyer: &str,
        end_recipient: &str,
        as_of: DateTime<Utc>,
    ) -> Result<Self, DeclarationError> {
        Ok(Self {
            buyer: Recipient::new(buyer).map_err(DeclarationError::BlankBuyer)?,
            end_recipient: Recipient::new(end_recipient)
                .map_err(DeclarationError::BlankEndRecipient)?,
            as_of,
            purpose: PhantomData,
        })
    }

    /// The buying organisation.
    pub fn buyer(&self) -> &Recipient {
        &self.buyer
    }
    /// The organisation the buyer acts for.
    pub fn end_recipient(&self) -> &Recipient {
        &self.end_recipient
    }
    /// The instant the export is judged at.
    pub fn as_of(&self) -> DateTime<Utc> {
        self.as_of
    }
    /// The declared purpose.
    pub fn purpose(&self) -> PurposeKind {
        P::KIND
    }
}

impl<P: Purpose> Clone for Declaration<P> {
    fn clone(&self) -> Self {
        Self {
            buyer: self.buyer.clone(),
            end_recipient: self.end_recipient.clone(),
            as_of: self.as_of,
            purpose: PhantomData,
        }
    }
}

impl<P: Purpose> fmt::Debug for Declaration<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Declaration")
            .field("buyer", &self.buyer)
            .field("end_recipient", &self.end_recipient)
            .field("purpose", &P::KIND)
            .field("as_of", &self.as_of)
            .finish()
    }
}

impl<P: Purpose> Serialize for Declaration<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Declaration", 4)?;
        s.serialize_field("buyer", &self.buyer)?;
        s.serialize_field("end_recipient", &self.end_recipient)?;
        s.serialize_field("purpose", &P::KIND)?;
        s.serialize_field("as_of", &self.as_of)?;
        s.end()
    }
}
