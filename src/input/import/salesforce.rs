//! Salesforce's `ContactPointTypeConsent` objects, exported as CSV.

use std::io::Read;

use crate::broker::Broker;
use crate::consents::{ConsentChange, ConsentEvent};
use crate::crm::salesforce::{ContactPointType, SalesforceRow, Status, read_salesforce_rows};
use crate::crm::{FieldProblem, ReadError, SalesforceColumn as C};
use crate::platforms::Platform;
use crate::purpose::Purposes;
use crate::scope::ConsentScope;

use super::Imported;

/// Reads a Salesforce `ContactPointTypeConsent` export (CSV) into consent
/// events for [`read_ledger`](crate::crm::read_ledger); see the [module
/// docs](crate::import) for the columns, what is read and what is refused.
pub fn read_salesforce<'a, R: Read + Send + 'a>(broker: &Broker, input: R) -> Imported<'a> {
    let broker = broker.clone();
    let mut rows = read_salesforce_rows(input);
    Imported::new("salesforce", move || {
        loop {
            let row = match rows.next()? {
                Ok(row) => row,
                Err(e) => return Some(Err(e)),
            };
            match event(&broker, &row) {
                Ok(Some(event)) => return Some(Ok((row.subject, event))),
                // Seen or not seen: no decision, nothing to record.
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
        }
    })
}

/// The marketing channels: the purposes a contact point type narrows.
const CHANNELS: Purposes = Purposes::MARKETING_POST
    .union(Purposes::MARKETING_EMAIL)
    .union(Purposes::MARKETING_SMS)
    .union(Purposes::MARKETING_PHONE);

/// The channels a contact point type is.
fn channel(kind: ContactPointType) -> Purposes {
    match kind {
        ContactPointType::Email => Purposes::MARKETING_EMAIL,
        ContactPointType::MailingAddress => Purposes::MARKETING_POST,
        ContactPointType::Phone => Purposes::MARKETING_PHONE.union(Purposes::MARKETING_SMS),
        ContactPointType::Social | ContactPointType::Web => Purposes::empty(),
    }
}

/// One row's event: a consent given (`OptIn`), a withdrawal (`OptOut`),
/// or nothing (`Seen`, `NotSeen`).
fn event(broker: &Broker, row: &SalesforceRow) -> Result<Option<ConsentEvent>, ReadError> {
    let names = broker.platforms().names(Platform::Salesforce);
    let meaning = names.purpose(&row.purpose).ok_or_else(|| {
        row.error(
            C::DataUsePurpose,
            FieldProblem::UnmappedName { what: "purpose" },
        )
    })?;
    // A contact point type narrows the purpose's marketing channels to
    // its own; the purposes that are no channel stay.
    let purposes = (meaning.purposes() - CHANNELS) | (meaning.purposes() & channel(row.channel));
    if purposes.is_empty() {
        return Err(row.error(
            C::ContactPointType,
            FieldProblem::Contradiction {
                why: "a contact point type that is none of the purpose's channels",
            },
        ));
    }
    if row
        .effective_from
        .is_some_and(|from| from < row.captured_at)
    {
        return Err(row.error(
            C::EffectiveFrom,
            FieldProblem::Contradiction {
                why: "effective before it was captured",
            },
        ));
    }
    let from = row.effective_from.unwrap_or(row.captured_at);
    Ok(Some(match row.status {
        Status::OptIn => {
            let notice = row
                .notice
                .ok_or_else(|| row.error(C::NoticeVersion, FieldProblem::Empty))?;
            let mut scope =
                ConsentScope::builder(purposes, notice, from).categories(meaning.granted());
            for name in meaning.recipients() {
                scope = scope.recipient(name);
            }
            if let Some(to) = row.effective_to {
                scope = scope.expires_at(to);
            }
            let scope = scope
                .build()
                .map_err(|e| row.error(C::EffectiveTo, e.into()))?;
            ConsentEvent::Given(scope)
        }
        Status::OptOut => ConsentEvent::Changed(ConsentChange::withdrawn(purposes, from)),
        Status::NotSeen | Status::Seen => return Ok(None),
    }))
}
