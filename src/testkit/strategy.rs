//! Proptest strategies for downstream crates' property tests (feature
//! `proptest`).
//!
//! The strategies generate the CRM text of rows ([`CrmRow`]), so one value
//! feeds both a pipeline's reader and the [`oracle`](crate::oracle). They
//! lean on the edge cases that matter: consent given exactly at the export
//! instant or a second after, withdrawn a second before it or exactly at
//! it, expiring that day; notices that disclose nothing; children born on
//! the export day and mothers who turn the child age that day; very long
//! and non-ASCII names; cells a spreadsheet would run as formulas; recipient
//! names that match only after folding case and white space.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use consent_gate::strategy;
//! use proptest::prelude::*;
//!
//! let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
//! proptest!(|(row in strategy::crm_row(as_of))| {
//!     prop_assert!(row.to_record_at(1).is_ok());
//! });
//! ```

use chrono::{DateTime, Duration, Months, NaiveDate, SecondsFormat, Utc};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::subsequence;

use crate::broker::Broker;
use crate::category::BUILTIN;
use crate::crm::CrmRow;
use crate::export::{BuyerFile, Format};
use crate::notice::{Notice, NoticeVersion, Notices};
use crate::organisation::{OrganisationKind, Organisations};
use crate::purpose::{PurposeKind, Purposes};
use crate::record::{Record, SubjectId};
use crate::rules::Rules;
use crate::scope::ConsentScope;
use crate::suppression::SuppressionList;
use crate::synthetic::{AGENCY, BROKER, PARTY, RETAILER};

mod import;
mod rows;

pub use brokers::broker;
use brokers::*;
pub use import::importable_events;
use rows::*;
pub use rows::{crm_row, crm_row_or_malformed, instant_near, record, scope, text};
mod brokers;

/// The broker of [`broker`]'s configurations.
pub const CONTROLLER: &str = BROKER;

/// Organisation names consents and buyers are drawn from; two of them
/// match only after folding.
pub const ORGANISATIONS: [&str; 6] = [
    RETAILER,
    AGENCY,
    PARTY,
    "selected partners",
    "  acme baby   PRODUCTS ltd ",
    "Bright Nursery Supplies",
];

/// A buyer's declaration for any purpose, in either format: mostly as a
/// broker would accept it (its own purposes declared by [`CONTROLLER`], a
/// disclosure to an organisation of [`ORGANISATIONS`] acting for itself),
/// and otherwise by anyone for anyone.
pub fn buyer_file(as_of: DateTime<Utc>) -> impl Strategy<Value = BuyerFile> {
    let anyone = || prop_oneof![1 => Just(CONTROLLER), 3 => proptest::sample::select(ORGANISATIONS.to_vec())];
    (
        proptest::sample::select(PurposeKind::ALL.to_vec()),
        proptest::sample::select(ORGANISATIONS.to_vec()),
        proptest::option::weighted(0.25, (anyone(), anyone())),
        prop_oneof![Just(Format::Csv), Just(Format::JsonLines)],
    )
        .prop_filter_map(
            "the names are never blank",
            move |(purpose, org, odd, format)| {
                let usual = if purpose.discloses_to_third_party() {
                    org
                } else {
                    CONTROLLER
                };
                let (buyer, end_recipient) = odd.unwrap_or((usual, usual));
                BuyerFile::new(buyer, end_recipient, purpose, as_of)
                    .ok()
                    .map(|file| file.with_format(format))
            },
        )
}

/// A dataset of up to `max` rows with distinct subject ids, a few
/// malformed.
pub fn dataset(as_of: DateTime<Utc>, max: usize) -> impl Strategy<Value = Vec<CrmRow>> {
    vec(crm_row_or_malformed(as_of), 0..=max).prop_map(|mut rows| {
        for (i, row) in rows.iter_mut().enumerate() {
            row.subject_id = (i + 1).to_string();
        }
        rows
    })
}

/// One subject of the ledger form: its subjects-file row and a history of
/// events: the consents of valid rows (under any notice, some after the
/// export instant), refusals and withdrawals of some purposes, objections;
/// instants near the export's, some equal to another event's, in any
/// order.
pub fn ledger_subject(
    as_of: DateTime<Utc>,
) -> impl Strategy<Value = (crate::crm::SubjectRow, Vec<crate::crm::EventRow>)> {
    let change = (
        proptest::sample::select(vec!["refused", "withdrawn", "objected"]),
        list(purpose_names(), true)
            .prop_filter("a change names a purpose", |p| !p.trim().is_empty()),
        instant_near(as_of),
    );
    (
        crm_row(as_of),
        vec(crm_row(as_of), 0..3),
        vec(change, 0..4),
        vec(any::<(usize, usize)>(), 0..3),
    )
        .prop_map(|(row, more, changes, same_instants)| {
            let (subject, mut events) = row.to_ledger();
            for other in more {
                events.push(other.to_ledger().1.remove(0));
            }
            for (kind, purposes, at) in changes {
                events.push(crate::crm::EventRow {
                    event: kind.to_owned(),
                    at: instant(at),
                    purposes,
                    ..crate::crm::EventRow::default()
                });
            }
            // Some events share an instant with another.
            for (from, to) in same_instants {
                let n = events.len();
                if let Some(at) = events.get(from % n).map(|e| e.at.clone())
                    && let Some(event) = events.get_mut(to % n)
                {
                    event.at = at;
                }
            }
            for event in &mut events {
                event.subject_id.clone_from(&subject.subject_id);
            }
            (subject, events)
        })
}
