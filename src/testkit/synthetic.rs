//! A deterministic synthetic CRM dump in the case's shape, for the main-job
//! example, the tests and the benches.
//!
//! Row `i` of seed `s` is always the same, whatever else is generated: a
//! parent with a name, an address, maybe e-mail and phone, a birth date,
//! zero to four children, maybe a due date, and a consent given under one of
//! four privacy-notice versions of [`broker`]'s registry, of which only the
//! last disclosed sale to third parties and political campaigning, and
//! named agencies and political parties among its recipients. Some consents
//! are withdrawn, some expired, some collected through a third party; some
//! name the retailer [`RETAILER`], a few the agency [`AGENCY`] and the party
//! [`PARTY`]. Some existing customers were offered an opt-out at
//! collection, some not; a few mothers were children when they consented,
//! some with a parent's consent recorded; a few phone numbers and names at
//! postcodes are on [`broker`]'s suppression list.
//!
//! Some rows claim what the broker's registry contradicts: about one in two
//! hundred names a notice version the broker never published, one in a
//! hundred a consent given before its notice was published. About one row
//! in [`MALFORMED_EVERY`] is malformed (a bad date, an unknown purpose, a
//! withdrawal before the consent), as real dumps are. About one row in
//! [`REPEATED_EVERY`] is a second row for the subject of the row before it,
//! recording a withdrawal, as a CRM that appends changes writes it: the
//! export must send neither row.
//!
//! Subject ids ascend with the rows, as in a dump ordered by its key;
//! [`Synthetic::shuffled`] spreads them in another order.
//!
//! ```
//! use consent_gate::synthetic::Synthetic;
//! let rows: Vec<_> = Synthetic::new(3, 7).rows().collect();
//! assert_eq!(rows, Synthetic::new(3, 7).rows().collect::<Vec<_>>());
//! assert_eq!(rows.len(), 3);
//! ```

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};

use crate::broker::Broker;
use crate::crm::{CrmRow, EventRow, ReadError};
use crate::export::encode::iso_date;
use crate::notice::{Notice, NoticeVersion, Notices};
use crate::organisation::{OrganisationKind, Organisations};
use crate::purpose::{PurposeKind, Purposes};
use crate::record::{Record, SubjectId};
use crate::suppression::SuppressionList;

mod draw;
pub mod import;
mod person;

use draw::*;
use person::{malformed, row};

/// The broker: the controller of the synthetic data.
pub const BROKER: &str = "Emma's Diary Ltd";
/// The retailer most consents for third-party marketing name.
pub const RETAILER: &str = "Acme Baby Products Ltd";
/// The credit agency's marketing arm that buys for the party.
pub const AGENCY: &str = "Credit Agency Marketing Services";
/// The political party.
pub const PARTY: &str = "A Political Party";
/// About one row in this many is malformed.
pub const MALFORMED_EVERY: u64 = 10_007;
/// The number of records in the case.
pub const CASE_RECORDS: u64 = 1_065_200;
/// Another retailer some consents name.
pub const NURSERY: &str = "Bright Nursery Supplies";
/// How many phone numbers, and how many names at postcodes, the synthetic
/// suppression list holds.
const SUPPRESSED_CONTACTS: u64 = 400;

/// The broker of the synthetic data, as its configuration says: the
/// controller [`BROKER`]; the retailers [`RETAILER`] and [`NURSERY`], the
/// agency [`AGENCY`] acting for the party [`PARTY`]; four notice versions;
/// the default rules; and a suppression list of a few subjects, phone
/// numbers and names at postcodes that the rows use.
///
/// ```
/// use consent_gate::synthetic;
/// let broker = synthetic::broker();
/// assert_eq!(broker.notices().len(), 4);
/// assert_eq!(consent_gate::Broker::from_json(&broker.to_json())?, broker);
/// # Ok::<(), consent_gate::config::ConfigError>(())
/// ```
pub fn broker() -> Broker {
    let organisations = Organisations::builder(BROKER)
        .organisation(RETAILER, OrganisationKind::Commercial)
        .organisation(NURSERY, OrganisationKind::Commercial)
        .agency(AGENCY, [PARTY])
        .organisation(PARTY, OrganisationKind::PoliticalParty)
        .build();
    let notices = Notices::new((1..=4).map(|v| {
        let notice = Notice::new(NoticeVersion(v), published(v).and_utc(), disclosed(v));
        match v {
            1 => notice,
            2 | 3 => notice.recipient_kind(OrganisationKind::Commercial),
            _ => notice
                .recipient_kind(OrganisationKind::Commercial)
                .recipient(AGENCY)
                .recipient_kind(OrganisationKind::PoliticalParty),
        }
    }));
    let mut suppression = SuppressionList::default()
        .subject(SubjectId(100_017))
        .subject(SubjectId(100_999));
    let mut rng = Rng::new(0x5_11CE, 0);
    for n in 0..SUPPRESSED_CONTACTS {
        suppression = suppression.phone(&phone(n));
        let (name, postcode) = suppressed_name_and_postcode(&mut rng);
        suppression = suppression.name_and_postcode(&name, &postcode);
    }
    // The registries above are well formed; should they ever not be, a
    // broker that knows nobody refuses everything: the safe side.
    Broker::builder(
        organisations.unwrap_or_else(|_| Organisations::nobody()),
        notices.unwrap_or_default(),
    )
    .suppression(suppression)
    .build()
}

/// About one row in this many is a second row for the subject before it.
pub const REPEATED_EVERY: u64 = 25_013;

/// A synthetic dataset: `count` rows from `seed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Synthetic {
    count: u64,
    seed: u64,
    /// The multiplier of the permutation of subject ids, or 1 in order.
    spread: u64,
}

/// What a generator wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    /// Rows written.
    pub rows: u64,
    /// Of which malformed.
    pub malformed: u64,
    /// Of which a second row for the subject before it.
    pub repeated: u64,
}

impl Synthetic {
    /// `count` rows from `seed`.
    pub const fn new(count: u64, seed: u64) -> Self {
        Self {
            count,
            seed,
            spread: 1,
        }
    }

    /// The same rows with their subject ids in no particular order: the
    /// person of row `i` has id `100000 + (i * k) mod count` for a `k` prime
    /// to `count`, so that no two people share an id.
    #[must_use]
    pub fn shuffled(self) -> Self {
        let mut k = (self.count / 8 * 5).max(2) | 1;
        while self.count > 0 && gcd(k, self.count) != 1 {
            k += 2;
        }
        Self { spread: k, ..self }
    }

    /// The rows, in order.
    pub fn rows(self) -> impl Iterator<Item = CrmRow> {
        (0..self.count).map(move |i| {
            let repeated = self.is_repeated(i);
            let person = i - u64::from(repeated);
            let mut row = row(self.seed, person);
            row.subject_id = self.subject(person).to_string();
            if repeated {
                // The subject's newer row: the consent withdrawn.
                let at = "2017-04-30T12:00:00Z";
                row.consent_withdrawn_at = if row.consent_given_at.as_str() < at {
                    at.to_owned()
                } else {
                    row.consent_given_at.clone()
                };
            }
            row
        })
    }

    /// The rows read into records, as a reader of their CSV would: each
    /// malformed row is its error.
    pub fn records(self) -> impl Iterator<Item = Result<Record, ReadError>> {
        self.rows()
            .zip(1..)
            .map(|(row, number)| row.to_record_at(number))
    }

    /// The subject id of row `i`'s person.
    fn subject(self, i: u64) -> u64 {
        let spread = u128::from(self.spread) * u128::from(i) % u128::from(self.count.max(1));
        100_000 + u64::try_from(spread).unwrap_or(i)
    }

    /// Whether row `i` is one of the malformed ones.
    pub fn is_malformed(self, i: u64) -> bool {
        if self.is_repeated(i) {
            // The person's row before it, withdrawn anew: a withdrawal
            // before the consent is mended, other faults stay.
            matches!(malformed(self.seed, i - 1), Some(0 | 1))
        } else {
            malformed(self.seed, i).is_some()
        }
    }

    /// Whether row `i` is a second row for the subject of row `i - 1`.
    pub fn is_repeated(self, i: u64) -> bool {
        i % REPEATED_EVERY == REPEATED_EVERY - 1
    }

    /// Writes the rows as CSV with a header.
    pub fn write_csv(self, out: impl Write) -> io::Result<Written> {
        let mut writer = csv::Writer::from_writer(out);
        let mut written = Written::default();
        for (i, row) in self.rows().enumerate() {
            writer.serialize(&row).map_err(io::Error::other)?;
            written.rows += 1;
            written.malformed += u64::from(self.is_malformed(i as u64));
            written.repeated += u64::from(self.is_repeated(i as u64));
        }
        writer.flush()?;
        Ok(written)
    }

    /// Writes the same consents in the ledger form, as two CSV files: each
    /// person's subjects-file row and events ([`CrmRow::to_ledger`]). A
    /// second row for a subject becomes that subject's withdrawal event; a
    /// malformed row stays malformed (a withdrawal before the consent, which
    /// a history may well hold, is written with a date for its instant).
    ///
    /// The ledger form is joined as sorted streams: the ids must be in order
    /// (not [`Synthetic::shuffled`]), or this fails.
    pub fn write_ledger_csv(self, subjects: impl Write, events: impl Write) -> io::Result<Written> {
        self.write_ledger(Some(subjects), events, false)
    }

    /// Writes the consent-events file of [`Synthetic::write_ledger_csv`]'s
    /// subjects with histories the one-row form cannot hold: about one
    /// person in ten withdrew e-mail marketing alone (15 November 2016),
    /// one in twenty-five objected to direct marketing (1 February 2017),
    /// one in twenty refused research when consenting, and one in sixteen
    /// consented again on 1 March 2017, to political campaigning by the
    /// agency for the party, under the notice that disclosed it.
    pub fn write_history_csv(self, events: impl Write) -> io::Result<Written> {
        self.write_ledger(None::<io::Sink>, events, true)
    }

    fn write_ledger(
        self,
        subjects: Option<impl Write>,
        events: impl Write,
        histories: bool,
    ) -> io::Result<Written> {
        if self.spread != 1 {
            return Err(io::Error::other(
                "the ledger form needs subject ids in order",
            ));
        }
        let mut subjects = subjects.map(csv::Writer::from_writer);
        let mut events = csv::Writer::from_writer(events);
        let mut written = Written::default();
        for (i, row) in self.rows().enumerate() {
            let i = i as u64;
            let (subject, mut history) = row.to_ledger();
            let person = i - u64::from(self.is_repeated(i));
            if self.is_repeated(i) {
                history.retain(|e| e.event == "withdrawn");
                written.repeated += 1;
            } else {
                if let Some(out) = subjects.as_mut() {
                    out.serialize(&subject).map_err(io::Error::other)?;
                }
                if histories {
                    history.extend(later_events(self.seed, person, &row));
                }
            }
            if malformed(self.seed, person) == Some(2) {
                for event in history.iter_mut().filter(|e| e.event == "withdrawn") {
                    event.at = "2013-01-01".to_owned();
                }
            }
            for event in &history {
                events.serialize(event).map_err(io::Error::other)?;
            }
            written.rows += 1;
            written.malformed += u64::from(self.is_malformed(i));
        }
        if let Some(out) = subjects.as_mut() {
            out.flush()?;
        }
        events.flush()?;
        Ok(written)
    }

    /// Writes the rows as JSON Lines.
    pub fn write_json_lines(self, mut out: impl Write) -> io::Result<Written> {
        let mut written = Written::default();
        for (i, row) in self.rows().enumerate() {
            serde_json::to_writer(&mut out, &row)?;
            out.write_all(b"\n")?;
            written.rows += 1;
            written.malformed += u64::from(self.is_malformed(i as u64));
            written.repeated += u64::from(self.is_repeated(i as u64));
        }
        out.flush()?;
        Ok(written)
    }
}

/// The events of person `i`'s history after its first consent; see
/// [`Synthetic::write_history_csv`].
fn later_events(seed: u64, i: u64, row: &CrmRow) -> Vec<EventRow> {
    let mut rng = Rng::new(seed ^ 0x4157_0815, i);
    let change = |event: &str, at: &str, purposes: &str| EventRow {
        subject_id: row.subject_id.clone(),
        event: event.to_owned(),
        at: at.to_owned(),
        purposes: purposes.to_owned(),
        ..EventRow::default()
    };
    let mut out = Vec::new();
    if rng.chance(10) {
        out.push(change(
            "withdrawn",
            "2016-11-15T09:00:00Z",
            "marketing_email",
        ));
    }
    if rng.below(25) == 0 {
        out.push(change("objected", "2017-02-01T12:00:00Z", ""));
    }
    if rng.chance(5) {
        out.push(change("refused", &row.consent_given_at, "research"));
    }
    if rng.below(16) == 0 {
        out.push(EventRow {
            event: "given".to_owned(),
            at: "2017-03-01T10:00:00Z".to_owned(),
            purposes: "political_campaigning".to_owned(),
            notice_version: "4".to_owned(),
            recipients: format!("{AGENCY};{PARTY}"),
            collection: "direct".to_owned(),
            existing_customer: "false".to_owned(),
            opt_out_offered: "false".to_owned(),
            parental_consent: "false".to_owned(),
            ..change("given", "", "")
        });
    }
    out
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
mod tests;
