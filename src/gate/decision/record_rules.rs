//! The record-level rules after the consent: the notice, suppression, the
//! purpose, the recipients and the child rules.

use super::*;

impl Judge {
    #[inline]
    pub(super) fn notice(&self, scope: &ConsentScope) -> Result<&NoticeFacts, Refusal> {
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
    pub(super) fn suppression<X>(&self, record: &Record<X>) -> Result<(), Refusal> {
        if self.purpose.is_marketing() && self.broker.suppression().has_subject(record.subject()) {
            return Err(Refusal::Suppressed);
        }
        Ok(())
    }

    #[inline]
    pub(super) fn purpose(
        &self,
        scope: &ConsentScope,
        notice: &NoticeFacts,
    ) -> Result<(), Refusal> {
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
    pub(super) fn recipients(
        &self,
        scope: &ConsentScope,
        notice: &NoticeFacts,
    ) -> Result<(), Refusal> {
        if !self.purpose.discloses_to_third_party() {
            return Ok(());
        }
        if !scope.is_named(&self.buyer) {
            return Err(Refusal::RecipientNotNamed { role: Role::Buyer });
        }
        if !self.buyer_is_end_recipient && !scope.is_named(&self.end_recipient) {
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
        if scope.source() == ConsentSource::ThirdParty && given_at < self.indirect_cutoff {
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
    pub(super) fn child(
        &self,
        scope: &ConsentScope,
        born: Option<NaiveDate>,
    ) -> Result<(), Refusal> {
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
}

/// The soft opt-in (PECR reg 22(3)): the broker's own e-mail or SMS
/// marketing of its own similar products may stand without a tick for that
/// channel, for an existing customer whose details the broker collected
/// itself and who was offered a simple way to refuse at collection. It
/// never extends to any other purpose: not to third parties, not to
/// political campaigning (aims and ideals are not products).
pub(super) fn soft_opt_in(purpose: PurposeKind, scope: &ConsentScope) -> bool {
    matches!(
        purpose,
        PurposeKind::MarketingEmail | PurposeKind::MarketingSms
    ) && scope.existing_customer()
        && scope.opt_out_offered()
        && scope.source() == ConsentSource::Direct
}
