//! Importers: consent records as consent platforms and CRMs keep them,
//! read into the crate's ledger.
//!
//! A broker's consents rarely arrive in the crate's own events file (see
//! [`crm`](crate::crm)). Each importer here reads one standard format into
//! the same consent events, `(SubjectId, ConsentEvent)`, which
//! [`read_ledger`](crate::crm::read_ledger) joins to the subjects file in
//! place of the events file:
//!
//! | format | reader | example in the repository |
//! |---|---|---|
//! | ISO/IEC TS 27560 records in W3C DPV JSON, one per line | [`read_dpv`] | `examples/import/dpv/records.jsonl` |
//! | Kantara Consent Receipt v1.1 JSON, one per line | [`read_kantara`] | `examples/import/kantara/receipts.jsonl` |
//! | Salesforce `ContactPointTypeConsent` as CSV | [`read_salesforce`] | `examples/import/salesforce/ContactPointTypeConsent.csv` |
//!
//! Each example holds the same consents as the crate's own events file
//! beside it (`events.csv`), and an export from either is the same, byte
//! for byte (`tests/import.rs`). The broker's configuration they are read
//! with is `examples/import/broker.json`.
//!
//! ```
//! use consent_gate::crm::{read_ledger, read_subjects_csv};
//! use consent_gate::import::read_kantara;
//! use consent_gate::Broker;
//!
//! let broker = Broker::from_json(include_bytes!("../../../examples/import/broker.json"))?;
//! let subjects = read_subjects_csv(&include_bytes!("../../../examples/import/subjects.csv")[..]);
//! let receipts = read_kantara(&broker, &include_bytes!("../../../examples/import/kantara/receipts.jsonl")[..]);
//! let records: Vec<_> = read_ledger(subjects, receipts).collect::<Result<_, _>>()?;
//! assert!(records.iter().any(|r| r.consents().given().count() > 0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Nothing is taken on a record's word
//!
//! Every value a record gives is checked against what the broker knows,
//! and a record that cannot be is refused with a [`ReadError`] naming its
//! line, record number and key (or column), never its text:
//!
//! * **its controller**: a DPV record's `dpv:hasDataController`s or a
//!   receipt's `piiControllers` must include the broker; a consent given to
//!   another organisation is not the broker's
//!   ([`FieldProblem::OtherController`]);
//! * **its notice**: a record names its notice by IRI or URL, found among
//!   the `ids` of the broker's notices in its configuration
//!   ([`Notice::id`](crate::Notice::id)); a text no notice has, or no
//!   notice, is refused ([`FieldProblem::UnknownNotice`],
//!   [`FieldProblem::Missing`]), and what that notice disclosed is then the
//!   registry's to say, as for the crate's own files;
//! * **its purposes and categories**: a platform's own names are mapped in
//!   the configuration's `platforms` ([`Platforms`](crate::platforms::Platforms));
//!   a DPV term maps by itself only where [`standards`](crate::standards)
//!   has an exact equivalent. Anything else is refused
//!   ([`FieldProblem::UnmappedName`], [`FieldProblem::UnmappedTerm`]):
//!   never a guess at a broader purpose;
//! * **its statuses, dates and durations**: a status the crate does not
//!   know, a format version it does not read, or an end it cannot compute
//!   (an event such as "subscription end + 1 year") is refused; a consent
//!   whose end cannot be known is not relied on;
//! * **its consistency**: a record that contradicts itself (a Kantara
//!   receipt whose purpose lists a sensitive category its `spiCat` does not
//!   declare, a Salesforce consent effective before it was captured) is
//!   refused ([`FieldProblem::Contradiction`]).
//!
//! A refused record is its subject's error in the join: the subject is not
//! exported from the rest of its history, which may have lost a
//! withdrawal. Records must come in ascending order of subject id, as the
//! events file does.
//!
//! # ISO/IEC TS 27560 in W3C DPV ([`read_dpv`])
//!
//! One JSON object per line, as the DPV guide for ISO/IEC TS 27560 writes
//! a consent record. Terms may be compact (`dpv:ConsentGiven`, `pd:Name`)
//! or full IRIs; a key with one value or an array of values is read alike;
//! a key given twice is an error.
//!
//! | key | read as |
//! |---|---|
//! | `@type` | must include `dpv:ConsentRecord` |
//! | `dct:conformsTo` | `https://w3id.org/dpv/schema/dpv-27560#record` or `#record-eu-gdpr` |
//! | `dct:identifier` | required, not blank |
//! | `dpv:hasDataSubject` | the subject id: the text, or the object's `dct:identifier` (else `@id`) |
//! | `dpv:hasDataController` | must include the broker (by name, or an IRI the configuration maps to its name) |
//! | `dpv:hasNotice` | the record's notice (one), unless each status names its own |
//! | `dpv:hasProcess[]` | one consent per process and status given: its `dpv:hasPurpose`s (required), `dpv:hasPersonalData` (required: category IRIs, or items whose `@id` or `skos:broader` is one; an item's `rdf:value` is never read), `dpv:hasRecipient` and `dpv:hasThirdParty` |
//! | `dpv:hasConsentStatus[]` | the events, each with its `@type` (one status), `dpv:isIndicatedAtTime` (RFC 3339, or UTC without an offset), `dpv:hasDuration` for a consent given, `dpv:isIndicatedBy` |
//!
//! | status | effect |
//! |---|---|
//! | `ConsentGiven`, `RenewedConsentGiven` | a consent given for each process, from its time |
//! | `ConsentRefused` | a refusal of every purpose of the record |
//! | `ConsentWithdrawn` | a withdrawal of every purpose of the record |
//! | `ConsentExpired`, `ConsentRevoked`, `ConsentInvalidated`, `ConsentUnknown` | the consents the record gave before it end then (they have expired) |
//! | `ConsentRequested`, `ConsentRequestDeferred` | nothing: no decision was made |
//! | anything else | refused |
//!
//! A duration is `dpv:TemporalDuration` (ISO 8601 years, months, weeks and
//! days from the status's time; a bare `"P6M"` is read as one),
//! `dpv:UntilTimeDuration` (an instant) or `dpv:EndlessDuration`; any other
//! (until an event, a number of uses) is refused. A status indicated by
//! `dpv:ParentOfDataSubject` or `dpv:GuardianOfDataSubject` is a parent's
//! consent.
//!
//! # Kantara Consent Receipt v1.1 ([`read_kantara`])
//!
//! One receipt per line. A receipt records consents given; it has no
//! withdrawal.
//!
//! | key | read as |
//! |---|---|
//! | `version` | `KI-CR-v1.1.0` |
//! | `consentTimestamp` | when each consent was given (seconds since 1970) |
//! | `piiPrincipalId` | the subject id |
//! | `piiControllers[].piiController` | must include the broker |
//! | `policyUrl` | the notice, among the broker's notices' `ids` |
//! | `services[].purposes[]` | one consent each: `purpose` (a name the configuration maps), `piiCategory` (names it maps), `termination` (an instant, or an ISO 8601 duration from the timestamp), `thirdPartyDisclosure` and, where true, `thirdPartyName` (the recipient) |
//! | `sensitive`, `spiCat` | the sensitive categories the receipt declares: a purpose's children's or special category is granted only if declared here |
//!
//! # Salesforce `ContactPointTypeConsent` ([`read_salesforce`])
//!
//! A CSV export with a header naming the object's fields; other columns
//! are ignored. `PartyId` is joined to the subjects file: it must hold the
//! subject id (export the Individual's external id under that header).
//!
//! | column | read as |
//! |---|---|
//! | `PartyId` | the subject id |
//! | `DataUsePurpose` | the purpose's name, mapped in the configuration (its purposes, categories and recipients) |
//! | `ContactPointType` | `Email`, `MailingAddress`, `Phone`, `Social` or `Web`: narrows the purpose's marketing channels to its own (`Phone` is calls and texts); a type that is none of them is refused |
//! | `PrivacyConsentStatus` | `OptIn` (a consent given), `OptOut` (a withdrawal), `Seen` or `NotSeen` (nothing) |
//! | `EffectiveFrom` | when it counts from (else `CaptureDate`); never before `CaptureDate` |
//! | `EffectiveTo` | when a consent given ends, if it does |
//! | `CaptureDate` | when it was captured (required) |
//! | `CaptureSource` | required, not blank |
//! | `NoticeVersion__c` | the broker's custom field: the notice version a consent was given under (required for `OptIn`) |

use std::fmt;

use crate::consents::ConsentEvent;
#[cfg(doc)]
use crate::crm::FieldProblem;
use crate::crm::ReadError;
use crate::record::SubjectId;

mod dpv;
mod json;
mod kantara;
mod salesforce;
mod time;

pub use dpv::read_dpv;
pub use kantara::read_kantara;
pub use salesforce::read_salesforce;

type Next<'a> =
    Box<dyn FnMut() -> Option<Result<(SubjectId, ConsentEvent), ReadError>> + Send + 'a>;

/// The consent events an importer read, each with its subject, for
/// [`read_ledger`](crate::crm::read_ledger). Its `Debug` names the format
/// only.
pub struct Imported<'a> {
    format: &'static str,
    next: Next<'a>,
}

impl<'a> Imported<'a> {
    fn new(
        format: &'static str,
        next: impl FnMut() -> Option<Result<(SubjectId, ConsentEvent), ReadError>> + Send + 'a,
    ) -> Self {
        Self {
            format,
            next: Box::new(next),
        }
    }
}

impl Iterator for Imported<'_> {
    type Item = Result<(SubjectId, ConsentEvent), ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        (self.next)()
    }
}

impl fmt::Debug for Imported<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Imported")
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}
