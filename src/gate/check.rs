//! [`Gate`] and [`Clearance`]: the consent check and the only key to a
//! gated value.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::broker::Broker;
use crate::category::{Category, CategoryType};
use crate::decision::{FieldContext, Judge};
use crate::declaration::Declaration;
use crate::declaration_refusal::DeclarationRefusal;
use crate::field::{FieldFor, StoredField, sealed::Token};
use crate::purpose::{Purpose, PurposeKind};
use crate::record::Record;
use crate::refusal::Refusal;
use crate::scope::ConsentScope;

/// The consent check for one declared export: a buyer's [`Declaration`]
/// for purpose `P`, verified against what the [`Broker`] knows. Only
/// [`Broker::gate`] makes one.
///
/// A `Gate` is immutable and `Send + Sync`: share one across threads.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use consent_gate::{Broker, Declaration, Notices, Organisations, purpose::MarketingPost};
///
/// let broker = Broker::builder(Organisations::builder("Broker").build()?, Notices::default()).build();
/// let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
/// let gate = broker.gate(Declaration::<MarketingPost>::new("Broker", "Broker", as_of)?)?;
/// assert_eq!(gate.declaration().as_of(), as_of);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Gate<P: Purpose> {
    declaration: Declaration<P>,
    judge: Judge,
}

impl Broker {
    /// The gate for a declaration, if the registry bears it out
    /// ([`Broker::verify`]).
    pub fn gate<P: Purpose>(
        &self,
        declaration: Declaration<P>,
    ) -> Result<Gate<P>, DeclarationRefusal> {
        self.verify(&declaration)?;
        Ok(Gate::new(declaration, self.clone()))
    }
}

impl<P: Purpose> Gate<P> {
    /// A gate for a declaration the broker verified.
    pub(crate) fn new(declaration: Declaration<P>, broker: Broker) -> Self {
        let judge = Judge::new(&declaration, &broker);
        Self { declaration, judge }
    }

    /// The broker whose knowledge the gate judges by.
    pub fn broker(&self) -> &Broker {
        self.judge.broker()
    }

    /// The declaration this gate judges for.
    pub fn declaration(&self) -> &Declaration<P> {
        &self.declaration
    }

    /// Checks one record against every record-level rule. A record that
    /// passes gets its [`Clearance`], which opens its fields for purpose
    /// `P`, each as far as the consent covers it; one that fails gets the
    /// [`Refusal`] of the first rule it failed, and every field is withheld
    /// for that reason. A clearance exists only for a record that passed.
    ///
    /// The clearance borrows the gate as well as the record.
    pub fn check<'r, X>(&'r self, record: &'r Record<X>) -> Result<Clearance<'r, P, X>, Refusal> {
        let context = self.judge.record(record)?;
        // The judge names a consent the record holds; should it not, the
        // record has no consent to rely on: fail closed.
        let consent = record
            .consents()
            .get(context.consent)
            .ok_or(Refusal::PurposeNotGranted { purpose: P::KIND })?;
        Ok(Clearance {
            record,
            judge: &self.judge,
            context,
            consent,
            purpose: PhantomData,
        })
    }
}

impl<P: Purpose> fmt::Debug for Gate<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gate")
            .field("declaration", &self.declaration)
            .finish_non_exhaustive()
    }
}

/// A record that passed the record-level rules for purpose `P`: the only
/// value that opens that record's gated fields, each as far as the consent
/// covers it.
///
/// It has private fields and no constructor, `Clone`, `Default` or
/// `Deserialize`: only [`Gate::check`] makes one, and only for a record
/// that passed. It borrows its record, so it opens that record and no
/// other, and its type names its purpose, so it opens fields for that
/// purpose and no other.
pub struct Clearance<'r, P: Purpose, X = ()> {
    record: &'r Record<X>,
    judge: &'r Judge,
    context: FieldContext,
    consent: &'r ConsentScope,
    purpose: PhantomData<fn() -> P>,
}

impl<'r, P: Purpose, X> Clearance<'r, P, X> {
    /// The decision for one category, at run time, without the value: every
    /// rule but data minimisation, which depends on whether the value is
    /// exact or coarsened ([`get`](Self::get), [`open`](Self::open)).
    #[inline(always)]
    pub fn decide(&self, category: Category) -> Result<(), Refusal> {
        self.judge
            .field(P::KIND, self.record, self.context, category)?;
        self.judge.accuracy(self.record, self.context, category)?;
        self.judge.contact(self.record, category)
    }

    /// Opens field `F`: `Ok(Some(value))` when the consent covers it,
    /// `Ok(None)` when it does but the record holds no value, and the
    /// refusal otherwise.
    ///
    /// `F` must be a field that purpose `P` may receive at all: asking a
    /// political clearance for a child's birth date does not compile.
    ///
    /// Whether the record holds a value is answered only once the consent
    /// covers the field: a refused field is refused whether or not there is
    /// a value behind it.
    ///
    /// A stored value is exact: for a purpose that minimises
    /// ([`PurposeKind::minimises`]) an exact date or contact detail is
    /// refused ([`Refusal::ExactValueNotNeeded`]) unless the broker's rules
    /// record why it is needed; [`open`](Self::open) a derived field instead.
    pub fn get<F: FieldFor<P, X> + StoredField<X>>(&self) -> Result<Option<&'r F::Value>, Refusal> {
        self.open_held::<F>()
    }

    /// Opens field `F` as [`get`](Self::get) does, for any field: a
    /// [derived](crate::field::derived) one is computed from its source at
    /// the export date, under the source's decision (its category, and so
    /// its grant, policy and rules, are the source's).
    ///
    /// ```
    /// # use consent_gate::{Clearance, Refusal, purpose::Research};
    /// # use consent_gate::field::derived::MotherAgeBand;
    /// # fn band(clearance: &Clearance<'_, Research>) -> Result<(), Refusal> {
    /// let band: Option<std::borrow::Cow<'_, String>> = clearance.open::<MotherAgeBand>()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn open<F: FieldFor<P, X>>(&self) -> Result<Option<Cow<'r, F::Value>>, Refusal> {
        self.decide_field::<F>()?;
        Ok(F::open(self.record, self.judge.today(), Token::new()))
    }

    /// Opens a field that is not derived, borrowing its value: the
    /// export's path. A derived field has no held value (`Ok(None)` where
    /// its source is opened), so the schema visit opens those with
    /// [`open`](Self::open).
    #[inline]
    pub(crate) fn open_held<F: FieldFor<P, X>>(&self) -> Result<Option<&'r F::Value>, Refusal> {
        self.decide_field::<F>()?;
        Ok(F::held(self.record, Token::new()))
    }

    /// The decision for field `F`: its category's, then, for an exact
    /// value, data minimisation.
    #[inline]
    fn decide_field<F: FieldFor<P, X>>(&self) -> Result<(), Refusal> {
        let category = <F::Category as CategoryType>::CATEGORY;
        self.decide(category)?;
        if !F::DERIVED {
            self.judge.exactness(P::KIND, category)?;
        }
        Ok(())
    }

    /// The consent the record's clearance relies on, with its position in
    /// the subject's ledger ([`Consents::get`](crate::Consents::get)):
    /// the one that covers the purpose at the export instant.
    pub fn consent(&self) -> (usize, &'r ConsentScope) {
        (self.context.consent, self.consent)
    }

    /// The consents to the channels a contact field of `category` relies on
    /// for this purpose, each with its position in the ledger; empty where
    /// none is needed or the record was refused.
    pub(crate) fn channel_consents(&self, category: Category) -> Vec<(PurposeKind, usize)> {
        self.judge.channel_consents(P::KIND, self.record, category)
    }

    /// The record checked.
    pub fn record(&self) -> &'r Record<X> {
        self.record
    }
}

impl<P: Purpose, X> fmt::Debug for Clearance<'_, P, X> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clearance")
            .field("subject", &self.record.subject())
            .field("purpose", &P::KIND)
            .finish_non_exhaustive()
    }
}
