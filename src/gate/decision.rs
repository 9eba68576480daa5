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
use crate::scope::{Collection, ConsentScope};

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
                names_buyer: n.names(buyer, kind_of(buyer)),
                names_end_recipient: n.names(end, kind_of(end)),
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

    /// The consent the rules judge for this purpose, or why there is none.
    ///
    /// One consent and no change (the one-row form) is judged as it is:
    /// its lifetime first, then, by the rules after, its purposes. A ledger
    /// is asked for the purpose's state at the export instant
    /// ([`Consents::state`]). Where nothing decides the purpose, its latest
    /// consent given by the instant is judged as the one-row form's, so
    /// that the facts of the relationship (the soft opt-in) and the
    /// reasons a consent does not cover the purpose read the same in both
    /// forms.
    #[inline]
    fn consent<'c>(&self, consents: &'c Consents) -> Result<(usize, &'c ConsentScope), Refusal> {
        if let Some(scope) = consents.single() {
            self.lifetime(scope)?;
            return Ok((0, scope));
        }
        match consents.state(self.purpose, self.as_of) {
            ConsentState::Given { consent, index } => Ok((index, consent)),
            ConsentState::Expired { at } => Err(Refusal::Expired { at }),
            ConsentState::Withdrawn { at } => Err(Refusal::Withdrawn { at }),
            ConsentState::Refused { at } => Err(Refusal::Refused { at }),
            ConsentState::Objected { at } => Err(Refusal::Objected { at }),
            ConsentState::Unknown => {
                let mut latest: Option<(usize, &ConsentScope)> = None;
                let mut earliest_after: Option<DateTime<Utc>> = None;
                for (index, scope) in consents.given().enumerate() {
                    let given_at = scope.given_at();
                    if given_at > self.as_of {
                        earliest_after = Some(earliest_after.map_or(given_at, |e| e.min(given_at)));
                    } else if latest.is_none_or(|(_, l)| given_at >= l.given_at()) {
                        latest = Some((index, scope));
                    }
                }
                match (latest, earliest_after) {
                    (Some((index, scope)), _) => {
                        self.lifetime(scope)?;
                        self.ended(consents, scope)?;
                        Ok((index, scope))
                    }
                    (None, Some(given_at)) => Err(Refusal::GivenAfterExport { given_at }),
                    (None, None) => Err(Refusal::PurposeNotGranted {
                        purpose: self.purpose,
                    }),
                }
            }
        }
    }

    /// A consent every purpose of which was withdrawn, refused or objected
    /// to since is over as a whole, as a one-row consent withdrawn is: the
    /// latest of those ends it.
    fn ended(&self, consents: &Consents, scope: &ConsentScope) -> Result<(), Refusal> {
        let mut last: Option<(DateTime<Utc>, Refusal)> = None;
        for kind in PurposeKind::ALL {
            if !scope.purposes().contains(kind.flag()) {
                continue;
            }
            let (at, refusal) = match consents.state(kind, self.as_of) {
                ConsentState::Withdrawn { at } => (at, Refusal::Withdrawn { at }),
                ConsentState::Refused { at } => (at, Refusal::Refused { at }),
                ConsentState::Objected { at } => (at, Refusal::Objected { at }),
                _ => return Ok(()),
            };
            if last.is_none_or(|(l, _)| at > l) {
                last = Some((at, refusal));
            }
        }
        last.map_or(Ok(()), |(_, refusal)| Err(refusal))
    }

    /// A consent given after the export instant, withdrawn or expired by
    /// it, covers nothing.
    #[inline]
    fn lifetime(&self, scope: &ConsentScope) -> Result<(), Refusal> {
        let given_at = scope.given_at();
        if given_at > self.as_of {
            return Err(Refusal::GivenAfterExport { given_at });
        }
        if let Some(at) = scope.withdrawn_at().filter(|at| *at <= self.as_of) {
            return Err(Refusal::Withdrawn { at });
        }
        if let Some(at) = scope.expires_at().filter(|at| *at <= self.as_of) {
            return Err(Refusal::Expired { at });
        }
        Ok(())
    }

    #[inline]
    fn notice(&self, scope: &ConsentScope) -> Result<&NoticeFacts, Refusal> {
        let version = scope.notice();
        let notice = self
            .notices
            .binary_search_by_key(&version, |n| n.version)
            .ok()
            .and_then(|i| self.notices.get(i))
            .ok_or(Refusal::UnknownNotice { notice: version })?;
        if scope.given_at() < notice.published_at {
            return Err(Refusal::ConsentBeforeNotice {
                notice: version,
                published_at: notice.published_at,
            });
        }
        Ok(notice)
    }

    #[inline]
    fn suppression<X>(&self, record: &Record<X>) -> Result<(), Refusal> {
        if self.purpose.is_marketing() && self.broker.suppression().has_subject(record.subject()) {
            return Err(Refusal::Suppressed);
        }
        Ok(())
    }

    #[inline]
    fn purpose(&self, scope: &ConsentScope, notice: &NoticeFacts) -> Result<(), Refusal> {
        let purpose = self.purpose;
        if !notice.disclosed.contains(purpose.flag()) {
            return Err(Refusal::PurposeNotDisclosed {
                purpose,
                notice: notice.version,
            });
        }
        if !(scope.purposes().contains(purpose.flag()) || soft_opt_in(purpose, scope)) {
            return Err(Refusal::PurposeNotGranted { purpose });
        }
        Ok(())
    }

    #[inline]
    fn recipients(&self, scope: &ConsentScope, notice: &NoticeFacts) -> Result<(), Refusal> {
        if !self.purpose.discloses_to_third_party() {
            return Ok(());
        }
        if !scope.names(&self.buyer) {
            return Err(Refusal::RecipientNotNamed { role: Role::Buyer });
        }
        if !self.buyer_is_end_recipient && !scope.names(&self.end_recipient) {
            return Err(Refusal::RecipientNotNamed {
                role: Role::EndRecipient,
            });
        }
        for (named, role) in [
            (notice.names_buyer, Role::Buyer),
            (notice.names_end_recipient, Role::EndRecipient),
        ] {
            if !named {
                return Err(Refusal::RecipientNotInNotice {
                    role,
                    notice: notice.version,
                });
            }
        }
        let given_at = scope.given_at();
        if scope.collection() == Collection::ThirdParty && given_at < self.indirect_cutoff {
            return Err(Refusal::IndirectConsentTooOld {
                given_at,
                max_months: self.broker.rules().indirect_consent_max_months(),
            });
        }
        if let Some((cutoff, max_months)) = self.disclosure_cutoff
            && given_at < cutoff
        {
            return Err(Refusal::ConsentTooOldForDisclosure {
                given_at,
                max_months,
            });
        }
        Ok(())
    }

    /// The only record rules that read a gated value: they must stay last.
    ///
    /// A subject is a child on a day when born after the day the configured
    /// number of years before it (born 14 June 2004 with 13 as the age: a
    /// child until 14 June 2017, an adult from that day). An unknown birth
    /// date is no evidence of a child.
    #[inline]
    fn child(&self, scope: &ConsentScope, born: Option<NaiveDate>) -> Result<(), Refusal> {
        let Some(born) = born else { return Ok(()) };
        let age_limit = self.broker.rules().child_age();
        if born > self.child_born_after {
            return Err(Refusal::SubjectIsChild { age_limit });
        }
        if !scope.parental_consent() && under(age_limit, born, scope.given_at().date_naive()) {
            return Err(Refusal::ConsentGivenByChild { age_limit });
        }
        Ok(())
    }

    /// Accuracy at the export instant (GDPR 5(1)(d)), for a field every
    /// other rule allowed: children's data that contradicts itself or the
    /// instant is withheld as unreliable, a past due date as stale. Reads
    /// gated values, so it runs after every rule that needs none.
    pub(crate) fn accuracy<X>(
        &self,
        record: &Record<X>,
        context: FieldContext,
        category: Category,
    ) -> Result<(), Refusal> {
        let grant = category.grant();
        let today = self.today;
        if grant == Categories::PREGNANCY {
            if record.due_date.expose().is_some_and(|due| *due < today) {
                return Err(Refusal::Stale { category });
            }
            return Ok(());
        }
        if !(grant == Categories::CHILD_BIRTH_DATE || grant == Categories::CHILDREN_PRESENT) {
            return Ok(());
        }
        // The flag is checked against the birth dates; where the consent
        // does not open them, the check would disclose them through its
        // answer. The flag then needs their grant too, whatever they say.
        if grant == Categories::CHILDREN_PRESENT
            && !record
                .consents()
                .get(context.consent)
                .is_some_and(|c| c.categories().contains(Categories::CHILD_BIRTH_DATE))
        {
            return Err(Refusal::CategoryNotGranted {
                category: ChildBirthDate::CATEGORY,
            });
        }
        let children = record
            .child_birth_dates
            .expose()
            .map_or(&[][..], Vec::as_slice);
        let mother = record.mother_birth_date.expose();
        let min_age = self.broker.rules().min_mother_age_at_birth();
        let implausible = children.iter().any(|child| {
            *child > today || mother.is_some_and(|m| *child < *m || under(min_age, *m, *child))
        });
        let contradicted = grant == Categories::CHILDREN_PRESENT
            && !children.is_empty()
            && record.children_under_five.expose().is_some_and(|&flag| {
                flag != children
                    .iter()
                    .any(|child| *child > self.under_five_born_after)
            });
        if implausible || contradicted {
            return Err(Refusal::ChildrenDataUnreliable);
        }
        Ok(())
    }

    /// The last rule of a field: for a marketing purpose, a contact point
    /// on the suppression list is withheld. Asked only of a field that
    /// every other rule allowed, and only for the field asked.
    pub(crate) fn contact<X>(&self, record: &Record<X>, category: Category) -> Result<(), Refusal> {
        let list = self.broker.suppression();
        if !self.purpose.is_marketing() || !list.has_contact_points() {
            return Ok(());
        }
        let grant = category.grant();
        let listed = if grant == Categories::PHONE_NUMBER {
            record.phone.expose().is_some_and(|p| list.has_phone(p))
        } else if grant == Categories::EMAIL_ADDRESS {
            record.email.expose().is_some_and(|e| list.has_email(e))
        } else if grant == Categories::POSTAL_ADDRESS {
            match (record.parent_name.expose(), record.address.expose()) {
                (Some(name), Some(address)) => list.has_name_and_postcode(name, &address.postcode),
                _ => false,
            }
        } else {
            false
        };
        if listed {
            return Err(Refusal::ContactSuppressed { category });
        }
        Ok(())
    }
}

/// The soft opt-in (PECR reg 22(3)): the broker's own e-mail or SMS
/// marketing of its own similar products may stand without a tick for that
/// channel, for an existing customer whose details the broker collected
/// itself and who was offered a simple way to refuse at collection. It
/// never extends to any other purpose: not to third parties, not to
/// political campaigning (aims and ideals are not products).
fn soft_opt_in(purpose: PurposeKind, scope: &ConsentScope) -> bool {
    matches!(
        purpose,
        PurposeKind::MarketingEmail | PurposeKind::MarketingSms
    ) && scope.existing_customer()
        && scope.opt_out_offered()
        && scope.collection() == Collection::Direct
}

impl Judge {
    /// The rules of one category, for a record that passed
    /// [`Judge::record`], but the last two ([`Judge::accuracy`],
    /// [`Judge::contact`]): the policy no consent overrides, the explicit
    /// grants of the consent that covers the purpose, and the channels.
    ///
    /// `purpose` is the gate's, given as the purpose type's constant so that
    /// the rules that depend on it fold away where the gate is built.
    #[inline]
    pub(crate) fn field<X>(
        &self,
        purpose: PurposeKind,
        record: &Record<X>,
        context: FieldContext,
        category: Category,
    ) -> Result<(), Refusal> {
        debug_assert_eq!(purpose, self.purpose);
        if purpose == PurposeKind::PoliticalCampaigning
            && category.sensitivity() != Sensitivity::Ordinary
        {
            return Err(Refusal::NeverForPurpose { purpose, category });
        }
        let consents = record.consents();
        // The record passed, so its consent is there; should it not be,
        // nothing is granted.
        let granted = match consents.single() {
            Some(scope) => scope.categories(),
            None => consents
                .get(context.consent)
                .map_or(Categories::empty(), ConsentScope::categories),
        };
        // An empty grant would be contained in every set: fail closed on it.
        let grant = category.grant();
        if category.needs_explicit_grant() && (grant.is_empty() || !granted.contains(grant)) {
            return Err(Refusal::CategoryNotGranted { category });
        }
        if purpose.is_marketing()
            && grant.intersects(Categories::EMAIL_ADDRESS | Categories::PHONE_NUMBER)
        {
            for &channel in channels_needed(purpose, grant) {
                self.channel(consents, context, channel)?;
            }
        }
        Ok(())
    }

    /// The consents to the channels a contact field of `category` relies on
    /// for `purpose`, with their positions in the ledger: the record's one
    /// consent in the one-row form, else each channel's deciding consent.
    pub(crate) fn channel_consents<X>(
        &self,
        purpose: PurposeKind,
        record: &Record<X>,
        category: Category,
    ) -> Vec<(PurposeKind, usize)> {
        let consents = record.consents();
        channels_needed(purpose, category.grant())
            .iter()
            .filter_map(|&channel| match consents.single() {
                Some(_) => Some((channel, 0)),
                None => match consents.state(channel, self.as_of) {
                    ConsentState::Given { index, .. } => Some((channel, index)),
                    _ => None,
                },
            })
            .collect()
    }

    /// A contact channel counts only where the subject's consent to it
    /// stands at the instant, under a notice that disclosed it; the soft
    /// opt-in never counts here. In the one-row form, that is the record's
    /// one consent and its notice.
    #[inline]
    fn channel(
        &self,
        consents: &Consents,
        context: FieldContext,
        channel: PurposeKind,
    ) -> Result<(), Refusal> {
        let (notice, disclosed, consented) = match consents.single() {
            Some(scope) => (
                context.notice,
                context.disclosed,
                scope.purposes().contains(channel.flag()),
            ),
            None => match consents.state(channel, self.as_of) {
                ConsentState::Given { consent, .. } => {
                    let notice = self.notice(consent)?;
                    (notice.version, notice.disclosed, true)
                }
                _ => (context.notice, context.disclosed, false),
            },
        };
        if !disclosed.contains(channel.flag()) {
            return Err(Refusal::ChannelNotDisclosed { channel, notice });
        }
        if !consented {
            return Err(Refusal::ChannelNotConsented { channel });
        }
        Ok(())
    }
}

/// The channels a contact field needs for a purpose. Its own channel's
/// marketing needs nothing more (the purpose was granted and disclosed);
/// any other marketing needs consent to the channel, and for a telephone
/// number both SMS and calls, since whoever receives it can do either. A
/// purpose that is not marketing needs no channel.
///
/// | field | own channel | other marketing needs |
/// |---|---|---|
/// | e-mail | `marketing_email` | `marketing_email` |
/// | phone | `marketing_sms`, `marketing_phone` | `marketing_sms` and `marketing_phone` |
pub(crate) fn channels_needed(purpose: PurposeKind, grant: Categories) -> &'static [PurposeKind] {
    if !purpose.is_marketing() {
        return &[];
    }
    if grant == Categories::EMAIL_ADDRESS {
        match purpose {
            PurposeKind::MarketingEmail => &[],
            _ => &[PurposeKind::MarketingEmail],
        }
    } else if grant == Categories::PHONE_NUMBER {
        match purpose {
            PurposeKind::MarketingSms | PurposeKind::MarketingPhone => &[],
            _ => &[PurposeKind::MarketingSms, PurposeKind::MarketingPhone],
        }
    } else {
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_agrees_with_month_arithmetic() {
        let days = |from: NaiveDate, n: u64| {
            (0..n).filter_map(move |i| from.checked_add_days(chrono::Days::new(i * 7 + i % 5)))
        };
        let start = NaiveDate::from_ymd_opt(1999, 12, 25).unwrap_or_default();
        for day in days(start, 400) {
            for age in [0u8, 1, 4, 13, 16, 18] {
                let limit = born_after(day, age);
                for born in days(limit - chrono::Days::new(3), 2)
                    .chain([limit, limit.succ_opt().unwrap_or(limit)])
                {
                    assert_eq!(under(age, born, day), born > limit, "{born} {age} {day}");
                }
            }
        }
        // Leap days, as birthdays and as the day judged.
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let leap = date(2004, 2, 29);
        for day in [date(2017, 2, 27), date(2017, 2, 28), date(2017, 3, 1)] {
            assert_eq!(under(13, leap, day), leap > born_after(day, 13), "{day}");
        }
        let judged = date(2016, 2, 29);
        for born in [date(2003, 2, 27), date(2003, 2, 28), date(2003, 3, 1)] {
            assert_eq!(
                under(13, born, judged),
                born > born_after(judged, 13),
                "{born}"
            );
        }
    }
}
