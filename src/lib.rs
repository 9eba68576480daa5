//! # consent-gate
//!
//! Typed consent gates for data-broker exports. A gated field (a child's
//! birth date above all) leaves a [`Record`] only where the consent its
//! subject gave covers the buyer's declared purpose and recipients, at the
//! export's instant.
//!
//! In 2017 a parenting-advice broker sold 1,065,200 records (parents'
//! names, home addresses, whether children under five lived there, the
//! birth dates of mothers and children) to a credit agency's marketing arm
//! for a political party's use. Its privacy notice never said data could go
//! to a political party. This crate makes that sale impossible to write by
//! mistake:
//!
//! * **at compile time**, where types can know: a gated field has no
//!   accessor, only a [`Clearance`] opens it, a clearance for one purpose
//!   cannot open fields of another, and a political schema that names
//!   children's or health data does not compile;
//! * **at run time**, per record and per field, where only the data can
//!   know: the [`Gate`] fails closed and gives a [`Refusal`] for every
//!   withheld value.
//!
//! The [tutorial] walks through a whole export job, from a CRM dump to the
//! buyer's file and its receipt; the [cookbook] has the job's other shapes
//! (records in memory, a schema or a field of one's own, reading a receipt
//! back, exports on threads). `use consent_gate::prelude::*` brings the
//! names below.
//!
//! ## A guided tour
//!
//! The gate trusts nothing a buyer or a row merely claims. What it knows
//! is the [`Broker`]'s: the broker itself and the organisations it deals
//! with ([`Organisations`]: a retailer, a data agency and whom it acts
//! for, a political party), the versions of its privacy notice and what
//! each disclosed ([`Notices`]), its [`Rules`] and its
//! [`SuppressionList`]. In a job, all of it comes from one configuration
//! file ([`config`]).
//!
//! A record carries its subject's [`ConsentScope`]: the purposes granted,
//! the explicit [`Categories`] granted, the version of the notice it was
//! given under, the named recipients, and its dates.
//!
//! ```
//! use consent_gate::prelude::*;
//! use consent_gate::{DeclarationRefusal, PurposeKind};
//! use consent_gate::field::ChildBirthDates;
//! use consent_gate::purpose::{PoliticalCampaigning, ThirdPartyMarketing};
//!
//! // What the broker knows: whom it deals with, and what notice v2 said:
//! // third-party marketing to commercial partners, never political use.
//! let organisations = Organisations::builder("Emma's Diary Ltd")
//!     .organisation("Acme Baby Products Ltd", OrganisationKind::Commercial)
//!     .organisation("A Political Party", OrganisationKind::PoliticalParty)
//!     .agency("Data Agency Ltd", ["A Political Party"])
//!     .build()?;
//! let published = Utc.with_ymd_and_hms(2015, 6, 1, 0, 0, 0).unwrap();
//! let notices = Notices::new([Notice::new(NoticeVersion(2), published, Purposes::BROAD)
//!     .recipient_kind(OrganisationKind::Commercial)])?;
//! let broker = Broker::builder(organisations, notices).build();
//!
//! let given = Utc.with_ymd_and_hms(2016, 9, 1, 10, 0, 0).unwrap();
//! let scope = ConsentScope::builder(Purposes::THIRD_PARTY_MARKETING, NoticeVersion(2), given)
//!     .categories(Categories::CHILD_BIRTH_DATE)
//!     .recipient("Acme Baby Products Ltd")
//!     .build()?;
//! let record = Record::builder(SubjectId(1), "Jane Doe", Address::default(), scope)
//!     .mother_birth_date(NaiveDate::from_ymd_opt(1988, 4, 2).unwrap())
//!     .child_birth_dates(vec![NaiveDate::from_ymd_opt(2016, 3, 1).unwrap()])
//!     .build();
//!
//! let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
//!
//! // The buyer the consent names, for the purpose it covers: opened.
//! let acme = broker.gate(Declaration::<ThirdPartyMarketing>::new(
//!     "Acme Baby Products Ltd", "Acme Baby Products Ltd", as_of)?)?;
//! let cleared = acme.check(&record)?;
//! assert_eq!(cleared.get::<ChildBirthDates>()?.map(Vec::len), Some(1));
//!
//! // The party's agency declaring "marketing": refused before any record.
//! let disguised = Declaration::<ThirdPartyMarketing>::new("Data Agency Ltd", "Data Agency Ltd", as_of)?;
//! assert!(matches!(broker.gate(disguised), Err(DeclarationRefusal::PoliticalRecipient { .. })));
//!
//! // Declared for what it is: refused per record, with the reason, and
//! // no clearance exists to open any field of it.
//! let agency = broker.gate(Declaration::<PoliticalCampaigning>::new(
//!     "Data Agency Ltd", "A Political Party", as_of)?)?;
//! assert_eq!(
//!     agency.check(&record).err(),
//!     Some(Refusal::PurposeNotDisclosed {
//!         purpose: PurposeKind::PoliticalCampaigning,
//!         notice: NoticeVersion(2),
//!     })
//! );
//! // `agency.check(&record)?.get::<ChildBirthDates>()` does not even compile.
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The last line is a compile error, not a run-time refusal:
//!
//! ```compile_fail,E0277
//! # use chrono::{TimeZone, Utc};
//! # use consent_gate::*;
//! # use consent_gate::purpose::PoliticalCampaigning;
//! # fn f(gate: &Gate<PoliticalCampaigning>, record: &Record) {
//! let _ = gate.check(record).map(|c| c.get::<consent_gate::field::ChildBirthDates>());
//! # }
//! ```
//!
//! The compiler's message reads as the policy: ``purpose `PoliticalCampaigning`
//! may never receive children's or special-category data``, with the note
//! that political campaigning never receives them, whatever the consent
//! says. The trybuild tests in `tests/ui`
//! keep the exact compiler output of every such refusal.
//!
//! ## The rules
//!
//! First the declaration, against the broker's registry
//! ([`Broker::gate`], [`DeclarationRefusal`]): the broker's own purposes
//! (service delivery, its own marketing, profiling, research) are declared
//! only by the broker for itself; a disclosure goes only to organisations
//! the registry knows, a buyer acting for another only as its registered
//! agency; and a buyer or end recipient that is political (a party,
//! campaign, candidate or referendum campaigner, or an agency acting for
//! one) is refused unless the declaration says political campaigning, so
//! the compile-time policy always applies to it.
//!
//! Then for a record, in this order (the first that fails is the reason
//! given): the consent must have been given by the export instant, not
//! withdrawn or expired by it ([`Refusal::GivenAfterExport`],
//! [`Refusal::Withdrawn`], [`Refusal::Expired`]); its notice version must
//! be one the broker published, and published before the consent
//! ([`Refusal::UnknownNotice`], [`Refusal::ConsentBeforeNotice`]); a
//! marketing purpose never reaches a suppressed subject
//! ([`Refusal::Suppressed`]); the notice must have disclosed the purpose
//! ([`Refusal::PurposeNotDisclosed`]) and the subject granted it, or for
//! the broker's own e-mail and SMS marketing the soft opt-in must hold
//! ([`Refusal::PurposeNotGranted`]); for a purpose that discloses data to
//! another organisation, the buyer and the end recipient must both be named
//! in the consent ([`Refusal::RecipientNotNamed`]) and, by name or kind, in
//! the notice ([`Refusal::RecipientNotInNotice`]), consent collected
//! through a third party is not relied on past
//! [`Rules::indirect_consent_max_months`] (six by default,
//! [`Refusal::IndirectConsentTooOld`]), nor any consent past
//! [`Rules::third_party_consent_max_months`] if set
//! ([`Refusal::ConsentTooOldForDisclosure`]); last, a subject under the
//! configured age ([`Rules::child_age`], 13 by default) is not exported
//! ([`Refusal::SubjectIsChild`]), nor a consent given while the subject was
//! under it, unless a parent's consent is recorded
//! ([`Refusal::ConsentGivenByChild`]).
//!
//! The last two rules are the only ones that read a gated value (the
//! subject's birth date), so they run after every rule that needs none: a
//! caller who scans export instants and child ages learns a birth date only
//! from a record whose consent already opens that date to it.
//!
//! Then for each field: political campaigning never receives children's or
//! health data ([`Refusal::NeverForPurpose`]); children's and health data
//! need their own explicit grant ([`Refusal::CategoryNotGranted`]); an
//! e-mail address or a telephone number given out for marketing needs a
//! channel the notice disclosed ([`Refusal::ChannelNotDisclosed`]) and the
//! subject consented to ([`Refusal::ChannelNotConsented`]): its own
//! channel for the broker's own e-mail, SMS or call marketing; e-mail
//! consent for an e-mail address, and both SMS and call consent for a
//! telephone number, for any other marketing (whoever receives a number can
//! text or call it); the soft opt-in never counts here. Then accuracy at
//! the export instant: children's data that contradicts itself or the
//! instant (a child born after it or before its mother, a mother younger
//! than [`Rules::min_mother_age_at_birth`] at a birth, an under-five flag
//! the birth dates contradict) is withheld as unreliable
//! ([`Refusal::ChildrenDataUnreliable`]), a past due date as stale
//! ([`Refusal::Stale`]). Last, for marketing, a telephone number, e-mail
//! address or name at a postcode on the broker's suppression list
//! withholds that contact point ([`Refusal::ContactSuppressed`]).
//!
//! Research and profiling get what they need, not what the broker holds
//! (data minimisation, GDPR 5(1)(c)): exact dates and contact details are
//! withheld from them ([`Refusal::ExactValueNotNeeded`]) unless the
//! broker's rules record why they are needed
//! ([`Rules::with_exact_data_for`]), and their default export carries
//! [derived fields](field::derived) instead: an age band, a child's birth
//! year, a postcode district. A derived field keeps its source's category,
//! so every rule above, and the policy, judge it as they judge the source.
//!
//! Broad grants ([`Purposes::BROAD`]) never imply sale to third parties or
//! political campaigning; those are covered only when named.
//!
//! A subject's consent is a ledger ([`Consents`]): the consents given,
//! each under its notice version, and the refusals, withdrawals and
//! objections since, per purpose. The rules above judge the consent that
//! covers the declared purpose at the export instant: the latest event
//! wins, a refusing event wins a tie, and an objection to direct marketing
//! stops every marketing purpose ([`Consents::state`]). A refusal
//! ([`Refusal::Refused`]) is counted apart from no consent at all
//! ([`Refusal::PurposeNotGranted`]). The CRM's one-row dump holds one
//! consent per subject; its ledger form holds the whole history
//! ([`crm`]). Consent platforms' own records read into the same ledger
//! ([`import`]: ISO/IEC TS 27560 records in W3C DPV JSON, Kantara consent
//! receipts, Salesforce `ContactPointTypeConsent` exports), each verified
//! against the broker: its controller, its notice, and every purpose and
//! category name through the broker's mapping ([`platforms`]) or an exact
//! standard term ([`standards`]), or refused. An export can keep a
//! decision log, line by line the consent each record relied on
//! ([`export::Export::decision_log`]).
//!
//! ## Nothing leaks by a side door
//!
//! Gated values live in [`Gated`], whose `Debug` and `Serialize` print
//! `[redacted]`, whether or not a value is there: that a record holds a
//! due date (a pregnancy) is as gated as the date. A [`Record`]'s `Debug`
//! and serde output, a [`Clearance`]'s `Debug`, a reader's `Debug`, and
//! every error and refusal message hold no gated value; errors name the
//! line, record and field, and quote only names from the crate's own lists,
//! never the text that was read. No refusal depends on whether a value is
//! there.
//!
//! ## Threads and time
//!
//! Every public type is `Send + Sync` (an [`Export`](export::Export),
//! a builder used once, is `Send` where its progress callback is) and the
//! crate keeps no global state.
//! The crate never reads the clock: the export instant is the
//! [`Declaration`]'s `as_of`, so results are reproducible.
//!
//! ## The export job
//!
//! [`config`] reads the broker's configuration (its registries, rules and
//! suppression lists) into a [`Broker`]; [`crm`] reads the CRM's dump (CSV
//! or JSON Lines, documented there) into records; [`export`] streams them
//! through a gate into the buyer's file and returns a
//! [`Receipt`](export::Receipt) whose counts reconcile and which records
//! the configuration's SHA-256; a declaration the broker refuses still
//! gets its receipt, with every record counted as dropped for the reason.
//! A subject on two rows of the input is exported from neither
//! ([`export::Duplicates`]): sorted input is checked as it streams, other
//! input is scanned first in bounded memory.
//! [`synthetic`] makes a deterministic dataset in the case's shape, and
//! [`synthetic::broker`] the broker it belongs to. The `consent-gate`
//! command (feature `cli`: `cargo run --release --features cli -- demo`) is
//! the whole job, for any number of buyers in one pass
//! ([`export::BuyerJobs`]), with the auditor's `verify`, `explain` and
//! `report`; the `crm_export` example is the job through the library
//! alone.
//!
//! ## Feature flags
//!
//! None is on by default: a backend that embeds the gate compiles the gate,
//! its readers and the export, nothing more.
//!
//! * `testkit`: the modules `synthetic` (a deterministic dataset in the
//!   case's shape, and its broker) and `oracle` (a pipeline's output
//!   checked against a naive model of the rules, written apart from the
//!   gate). `proptest` and `arbitrary` imply it.
//! * `proptest`: the module `strategy`: strategies for CRM rows, records,
//!   scopes, buyer files, brokers' configurations and datasets, for
//!   downstream crates' property tests.
//! * `arbitrary`: `arbitrary::Arbitrary` for the same types, for cargo-fuzz
//!   and libFuzzer.
//! * `cli`: the `consent-gate` command (clap and indicatif; it implies
//!   `testkit`, whose synthetic data its demo writes and whose oracle its
//!   `verify` judges by, and `ring`).
//! * `ring`: the receipts' SHA-256 computed by `ring`'s assembly rather
//!   than by `sha2`. The digests are the same; on a processor without SHA
//!   extensions it is nearly twice as fast (1.7 to 1.9 times in the paired
//!   bench's `csv_export_sha256_floor`, with and without it), and the
//!   hash, which runs over the output in order, is what bounds an export's
//!   speed there. It needs a C compiler to build.
//!
//! ## Declaring your own fields, and what downstream code cannot do
//!
//! A broker with data of its own declares categories
//! ([`CustomCategory`](category::CustomCategory)) and fields
//! ([`CustomField`](field::CustomField)), seals each value in its record
//! extension as `Gated<T, ItsCategory>`, and names the fields in schemas
//! and exports like the built-in ones: see the `custom_field` example. The
//! guarantee, for code outside this crate that uses no `unsafe`:
//!
//! * **It can reach only values it sealed itself.** A built-in field's
//!   value has no accessor and no locator outside the crate: [`Field`](field::Field) is
//!   sealed and its locator takes a token only the crate makes. A custom
//!   field sees the record's extension, never the record, so it cannot
//!   reach the crate's values, nor those of a record kept inside the
//!   extension, nor move them under another record's consent.
//! * **It cannot relabel a value.** The category travels with the sealed
//!   value, fixed where it was sealed; a field's category is its value's.
//!   [`CategoryType`](category::CategoryType) is sealed and the run-time [`Category`](category::Category) is derived
//!   from the type, so the compile-time policy and the run-time rules judge
//!   the same category. A custom category takes only the sixteen broker
//!   grant bits, and children's or health data must take one: anything
//!   else does not compile.
//! * **It cannot write an export's bytes.** [`Schema`](schema::Schema) is
//!   sealed (tuples of fields the purpose may receive, no two writing one
//!   column), and so is [`FieldValue`](field::FieldValue): an export writes
//!   exactly the values the clearance opened, in the crate's encodings. Custom field and category names are
//!   checked in const evaluation: ASCII letters, digits and `_`, never one
//!   of the format's own names.
//! * **It cannot infer a value from the gate's answers**, beyond what the
//!   consent opens to it: presence is sealed, and the one rule that reads a
//!   gated value comes last.
//!
//! What no library can stop: a pipeline that reads the broker's raw dump
//! itself holds every value, and can seal a child's birth date as anything
//! it likes. [`oracle::violations`] is the check for that: it compares
//! every emitted value with the input's value for that subject and column,
//! so a laundered value is caught wherever it is written. `tests/attacks`
//! and `tests/ui/fail` keep every attempt the crate defeats.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Library code never panics on outside input; tests may (clippy.toml).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

// The layers, one directory each, from the bottom up; a lower layer never
// imports a higher one (tests/layers.rs checks it).

// Below them all: SHA-256 in hex, for receipts and configuration hashes.
mod digest;

// Beside it: bytes found eight at a time, for the CSV reader and writer.
mod swar;

// 1. The vocabulary: purposes, categories, names.
mod vocabulary;

// 2. The model: records, consents, the broker's registries.
mod model;

// 3. The gate: the check, its rules, fields and schemas.
mod gate;

// 4. Input (the CRM's dumps, consent platforms' records, the broker's
// configuration) ...
mod input;

// ... and the export job with its receipt.
pub mod export;

// 5. The testing kit: synthetic data, the oracle, strategies.
#[cfg(feature = "testkit")]
mod testkit;

pub use gate::{field, schema};
pub use input::{config, crm, import};
pub use model::{organisation, platforms};
#[cfg(feature = "proptest")]
pub use testkit::strategy;
#[cfg(feature = "testkit")]
pub use testkit::{oracle, synthetic};
pub use vocabulary::{category, purpose, standards};

// The crate's own paths to the layers' modules.
use gate::{decision, value};
use model::{
    broker, canonical, consents, declaration, declaration_refusal, gated, notice, postcode,
    recipient, record, refusal, rules, scope, suppression,
};
use vocabulary::name;

// Dependencies whose types are in the API: a user need not add them.
pub use chrono;

pub mod prelude;

// Documentation only: a tutorial and a cookbook, as the csv crate has.
pub mod cookbook;
pub mod tutorial;

pub use broker::{Broker, BrokerBuilder};
pub use category::Categories;
pub use consents::{ChangeKind, ConsentChange, ConsentEvent, ConsentState, Consents};
pub use declaration::{Declaration, DeclarationError};
pub use declaration_refusal::DeclarationRefusal;
pub use gate::{Clearance, Gate};
pub use gated::{Gated, REDACTED};
pub use notice::{InvalidNoticeVersion, Notice, NoticeVersion, Notices, NoticesError};
pub use organisation::{OrganisationKind, Organisations, OrganisationsBuilder, OrganisationsError};
pub use purpose::{PurposeKind, Purposes, UnknownPurpose};
pub use recipient::{EmptyRecipient, Recipient, RecipientList};
pub use record::{Address, InvalidSubjectId, Record, RecordBuilder, SubjectId};
pub use refusal::{Refusal, Role};
pub use rules::{ExactDataError, Rules};
pub use scope::{ConsentScope, ConsentScopeBuilder, ConsentSource, ScopeError};
pub use suppression::SuppressionList;
