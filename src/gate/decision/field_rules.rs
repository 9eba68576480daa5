//! The rules of one field of a record that passed: the policy, the explicit
//! grants, the contact channels, accuracy and suppressed contact points.

use super::*;

/// The categories a purpose that minimises gets coarsened: exact dates
/// and contact details.
const COARSENED: Categories = Categories::POSTAL_ADDRESS
    .union(Categories::EMAIL_ADDRESS)
    .union(Categories::PHONE_NUMBER)
    .union(Categories::ADULT_BIRTH_DATE)
    .union(Categories::CHILD_BIRTH_DATE)
    .union(Categories::PREGNANCY);

impl Judge {
    /// Data minimisation (GDPR 5(1)(c)), for an exact value: a purpose
    /// that minimises gets no exact date or contact detail unless the
    /// broker's rules record why it needs one. Coarsened (derived) values
    /// are not judged here.
    #[inline]
    pub(crate) fn exactness(
        &self,
        purpose: PurposeKind,
        category: Category,
    ) -> Result<(), Refusal> {
        // The declared purpose is a constant where this is inlined: for
        // every purpose that does not minimise, the check is gone.
        if !purpose.minimises() {
            return Ok(());
        }
        let coarsened = COARSENED.contains(category.grant()) && !category.grant().is_empty();
        if coarsened && self.broker.rules().exact_data_reason(purpose).is_none() {
            return Err(Refusal::ExactValueNotNeeded { purpose, category });
        }
        Ok(())
    }

    /// Accuracy at the export instant (GDPR 5(1)(d)), for a field every
    /// other rule allowed: children's data that contradicts itself or the
    /// instant is withheld as unreliable, a past due date as stale. Reads
    /// gated values, so it runs after every rule that needs none.
    #[inline(always)]
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
    #[inline(always)]
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

impl Judge {
    /// The rules of one category, for a record that passed
    /// [`Judge::record`], but the last two ([`Judge::accuracy`],
    /// [`Judge::contact`]): the policy no consent overrides, the explicit
    /// grants of the consent that covers the purpose, and the channels.
    ///
    /// `purpose` is the gate's, given as the purpose type's constant so that
    /// the rules that depend on it fold away where the gate is built.
    #[inline(always)]
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
    pub(super) fn channel(
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
