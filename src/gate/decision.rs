//! The consent rules: the run-time decision, per record and per category.
//!
//! The decision is split in two. [`Judge::record`] applies the rules that
//! hold for the whole record (dates, the notice, suppression, purpose,
//! recipients, and last the ones that read a gated value); a record that
//! fails one has every field withheld for that reason. [`category_verdict`]
//! applies the rules of one category (the policy no consent overrides,
//! explicit grants, marketing channels, suppressed contact points). Both
//! fail closed: anything not positively allowed is refused.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use crate::broker::Broker;
use crate::category::{Categories, Category, CategoryType, ChildBirthDate, Sensitivity};
use crate::consents::{ConsentState, Consents};
use crate::declaration::Declaration;
use crate::notice::NoticeVersion;
use crate::purpose::{Purpose, PurposeKind, Purposes};
use crate::recipient::Recipient;
use crate::record::Record;
use crate::refusal::{Refusal, Role};
use crate::scope::{ConsentScope, ConsentSource};

mod consent;
mod field_rules;
mod record_rules;

/// What one notice version means for this declaration, computed once per
/// export.
#[derive(Debug, Clone)]
struct NoticeFacts {
    version: NoticeVersion,
    published_at: DateTime<Utc>,
    disclosed: Purposes,
    /// Whether it named the buyer and the end recipient, by name or kind.
    names_buyer: bool,
    names_end_recipient: bool,
}

/// What a record's check leaves for its fields' decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldContext {
    /// The notice's version and what it disclosed.
    pub(crate) notice: NoticeVersion,
    pub(crate) disclosed: Purposes,
    /// The consent that covers the purpose: its position in the ledger.
    pub(crate) consent: usize,
}

/// Everything the record rules need, computed once per export.
#[derive(Debug, Clone)]
pub(crate) struct Judge {
    purpose: PurposeKind,
    buyer: Recipient,
    end_recipient: Recipient,
    /// A buyer acting for itself: one name to look for, not two.
    buyer_is_end_recipient: bool,
    as_of: DateTime<Utc>,
    /// Sorted by version.
    notices: Vec<NoticeFacts>,
    /// Indirect consent given before this instant is too old.
    indirect_cutoff: DateTime<Utc>,
    /// Any consent given before this instant is too old to disclose.
    disclosure_cutoff: Option<(DateTime<Utc>, u32)>,
    /// A subject born after this date is a child now.
    child_born_after: NaiveDate,
    /// The export instant's date, and the birth date after which a child
    /// is under five on it.
    today: NaiveDate,
    under_five_born_after: NaiveDate,
    /// The broker's knowledge, shared, not copied: its suppression lists
    /// may hold millions of numbers.
    broker: Broker,
}

/// `at` minus `months`; out of chrono's range only for absurd settings,
/// and then the instant itself (nothing is old enough or recent enough:
/// the caller picks the side that fails closed).
fn months_before(at: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    at.checked_sub_months(Months::new(months)).unwrap_or(at)
}

/// Whether someone born on `born` is under `age` on `day`: whether the
/// birthday of that age falls after `day`. The same as `born` after
/// [`born_after`]`(day, age)`, by comparing dates as numbers, without
/// chrono's month arithmetic (a birthday of 29 February counts from 1
/// March in a common year, as subtracting the years from 29 February
/// lands on the 28th).
#[inline]
fn under(age: u8, born: NaiveDate, day: NaiveDate) -> bool {
    (born.year() + i32::from(age), born.month(), born.day()) > (day.year(), day.month(), day.day())
}

/// The birth date after which a subject is under `age` on `day`.
fn born_after(day: NaiveDate, age: u8) -> NaiveDate {
    day.checked_sub_months(Months::new(u32::from(age) * 12))
        .unwrap_or(NaiveDate::MIN)
}

impl Judge {
    /// The broker this judge judges by.
    pub(crate) fn broker(&self) -> &Broker {
        &self.broker
    }

    /// The export date: the day of the declaration's instant, in UTC.
    pub(crate) fn today(&self) -> NaiveDate {
        self.today
    }

    pub(crate) fn new<P: Purpose>(declaration: &Declaration<P>, broker: &Broker) -> Self {
        let as_of = declaration.as_of();
        let rules = broker.rules();
        let organisations = broker.organisations();
        let kind_of = |who: &Recipient| match organisations.find(who) {
            Some(crate::organisation::Known::Registered { kind, .. }) => Some(kind),
            _ => None,
        };
        let (buyer, end) = (declaration.buyer(), declaration.end_recipient());
        let notices = broker
            .notices()
            .iter()
            .map(|n| NoticeFacts {
                version: n.version(),
                published_at: n.published_at(),
                disclosed: n.disclosed(),
                names_buyer: n.discloses_to(buyer, kind_of(buyer)),
                names_end_recipient: n.discloses_to(end, kind_of(end)),
            })
            .collect();
        Self {
            purpose: P::KIND,
            buyer: buyer.clone(),
            end_recipient: end.clone(),
            buyer_is_end_recipient: buyer.matches(end),
            as_of,
            notices,
            indirect_cutoff: months_before(as_of, rules.indirect_consent_max_months()),
            disclosure_cutoff: rules
                .third_party_consent_max_months()
                .map(|m| (months_before(as_of, m), m)),
            child_born_after: born_after(as_of.date_naive(), rules.child_age()),
            today: as_of.date_naive(),
            under_five_born_after: born_after(as_of.date_naive(), 5),
            broker: broker.clone(),
        }
    }

    /// The rules that hold for a whole record, and on success what its
    /// fields' decisions need. Inlined, with the rules it calls, so the
    /// verdict stays in registers.
    ///
    /// The rules that need no gated value come first: the consent's
    /// lifetime, its notice, suppression, the purpose, the recipients. The
    /// rules that read a gated value (the subject's birth date) run last,
    /// so they are reached only by a record whose consent already covers
    /// this purpose and buyer; their refusals tell nothing a caller could
    /// not read through the clearance under rules of its own choosing.
    #[inline]
    pub(crate) fn record<X>(&self, record: &Record<X>) -> Result<FieldContext, Refusal> {
        let (consent, scope) = self.consent(record.consents())?;
        let notice = self.notice(scope)?;
        self.suppression(record)?;
        self.purpose(scope, notice)?;
        self.recipients(scope, notice)?;
        self.child(scope, record.subject_birth_date())?;
        Ok(FieldContext {
            notice: notice.version,
            disclosed: notice.disclosed,
            consent,
        })
    }
}

#[cfg(test)]
mod tests;
