//! Which consent the rules judge: the one that covers the purpose at the
//! export instant, and whether it stands (given, not withdrawn, not expired).

use super::*;

impl Judge {
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
    pub(super) fn consent<'c>(
        &self,
        consents: &'c Consents,
    ) -> Result<(usize, &'c ConsentScope), Refusal> {
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
    pub(super) fn ended(&self, consents: &Consents, scope: &ConsentScope) -> Result<(), Refusal> {
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
    pub(super) fn lifetime(&self, scope: &ConsentScope) -> Result<(), Refusal> {
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
}
