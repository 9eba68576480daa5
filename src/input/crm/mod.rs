//! Reading what the CRM dumps: records with their consent scopes, from CSV
//! or JSON Lines, in one documented format.
//!
//! # The format
//!
//! CSV has a header row; columns may come in any order, and columns the
//! format does not name are ignored. Fields are split by commas, a field
//! in double quotes may hold commas, line ends and doubled quotes, a
//! record ends at `\n` (a CRLF's `\r` is taken off; any other carriage
//! return is an error), empty lines are skipped and a byte-order mark at
//! the start is ignored: the csv crate's rules, which the crate's own
//! splitter follows (and a test holds it to). JSON Lines has one object per line
//! with the same keys and the same text in string values; a blank line is
//! skipped. Every column below must be present (in CSV, in the header; in
//! JSON, as a key, possibly with an empty string). An empty input, with
//! not even a header, holds no records.
//!
//! | column | content | example |
//! |---|---|---|
//! | `subject_id` | the broker's key, a whole number; one row per subject (see [`Duplicates`](crate::export::Duplicates)) | `104233` |
//! | `parent_name` | required text | `Jane Doe` |
//! | `address_line1`, `address_line2`, `town`, `postcode` | text | `1 High Street` |
//! | `email`, `phone` | text, empty for none | `jane@example.org` |
//! | `mother_birth_date` | `YYYY-MM-DD`, empty for unknown | `1987-06-14` |
//! | `children_under_five` | `true` or `false` (empty: `false`) | `true` |
//! | `child_birth_dates` | dates separated by `;` | `2015-11-23;2017-02-01` |
//! | `due_date` | `YYYY-MM-DD`, empty for none | `2017-08-30` |
//! | `purposes` | purpose names separated by `;`, or `broad` | `third_party_marketing;marketing_post` |
//! | `categories` | explicitly granted categories, separated by `;` | `child_birth_date;children_present` |
//! | `notice_version` | a whole number, `v` allowed before it | `v3` |
//! | `recipients` | named organisations separated by `;` | `Acme Baby Products Ltd` |
//! | `consent_given_at` | an RFC 3339 instant | `2016-09-01T10:00:00Z` |
//! | `consent_expires_at`, `consent_withdrawn_at` | an RFC 3339 instant, empty for none | |
//! | `collection` | `direct` or `third_party`, required | `direct` |
//! | `existing_customer` | `true` or `false` (empty: `false`) | `false` |
//! | `opt_out_offered` | `true` or `false` (empty: `false`): a simple way to refuse marketing was offered when the details were collected | `true` |
//! | `parental_consent` | `true` or `false` (empty: `false`): a parent or guardian gave or authorised the consent | `false` |
//! | `collected_by` | optional (a file may leave the column out): the organisation that collected a `third_party` consent; naming one for a `direct` consent is an error | `Bright Nursery Supplies` |
//!
//! A row names the notice version its consent was given under, never what
//! that notice said: what each version disclosed, and when it was
//! published, is the broker's [`Notices`](crate::Notices) registry's to
//! say. A dump's `notice_disclosed` column, which earlier versions of this
//! format had, is one the format no longer names: it is ignored like any
//! other, and can claim nothing.
//!
//! Purpose names are [`PurposeKind::name`](crate::PurposeKind::name);
//! `broad` means [`Purposes::BROAD`](crate::Purposes::BROAD), which never
//! includes sale to third parties or political campaigning. Category names
//! are [`Category::name`](crate::category::Category::name) of the built-in categories,
//! and `custom_0` to `custom_15` for a broker's own.
//!
//! Errors name the line (1 is the CSV header) and the record (1 is the
//! first data row), and the field; they never repeat a personal value.
//!
//! # The ledger form: a subjects file and a consent-events file
//!
//! A consent platform or CRM that keeps consent per purpose, with its
//! history, exports two files instead, each CSV or JSON Lines with the
//! framing above, both **sorted by `subject_id`** ([`read_ledger`] joins
//! them as streams, holding one subject's events at a time):
//!
//! * the **subjects file** ([`read_subjects_csv`],
//!   [`read_subjects_json_lines`]): the columns above from `subject_id` to
//!   `due_date`, one row per subject, ids strictly ascending;
//! * the **consent-events file** ([`read_events_csv`],
//!   [`read_events_json_lines`]): one row per event, ids ascending, a
//!   subject's events in any order among themselves (the instants order
//!   them; see [`Consents`](crate::Consents)):
//!
//! | column | content |
//! |---|---|
//! | `subject_id` | the subject's key |
//! | `event` | `given`, `refused`, `withdrawn` or `objected` |
//! | `at` | an RFC 3339 instant: when it happened |
//! | `purposes` | purpose names separated by `;`, or `broad`; required but for `objected`, which covers every marketing purpose whatever it says |
//! | `notice_version`, `categories`, `recipients`, `collection`, `existing_customer`, `opt_out_offered`, `parental_consent` | for `given`, as in the one-row form; ignored otherwise |
//! | `expires_at` | for `given`: an RFC 3339 instant, empty for none |
//! | `collected_by` | for `given`, optional, as in the one-row form |
//!
//! The one-row form's consent is the ledger's `given` event at
//! `consent_given_at`, and its `consent_withdrawn_at` a `withdrawn` event
//! of the same purposes ([`CrmRow::to_ledger`]); the same consents in
//! either form give the same export, byte for byte.
//!
//! Every input row is accounted for: a subject whose row or any of whose
//! events cannot be read is one error in place of its record (an
//! unreadable event may be the withdrawal); an event for a subject the
//! subjects file does not hold is an error of its own
//! ([`ReadError::UnknownSubject`]); a file out of order ends the join
//! ([`ReadError::OutOfOrder`]). The events file's errors come as
//! [`ReadError::InEvents`], and receipts mark them.
//!
//! ```
//! use consent_gate::crm::{read_events_csv, read_ledger, read_subjects_csv};
//! use consent_gate::{ConsentState, PurposeKind};
//! use chrono::{TimeZone, Utc};
//!
//! let subjects = "subject_id,parent_name,address_line1,address_line2,town,postcode,email,phone,\
//! mother_birth_date,children_under_five,child_birth_dates,due_date
//! 7,Jane Doe,1 High St,,Leeds,LS1 1AA,jane@example.org,,,false,,
//! ";
//! let events = "subject_id,event,at,purposes,notice_version,categories,recipients,expires_at,\
//! collection,existing_customer,opt_out_offered,parental_consent
//! 7,given,2016-09-01T10:00:00Z,marketing_post;marketing_email,1,,,,direct,false,false,false
//! 7,withdrawn,2017-01-05T08:00:00Z,marketing_email,,,,,,,,
//! ";
//! let mut records = read_ledger(read_subjects_csv(subjects.as_bytes()), read_events_csv(events.as_bytes()));
//! let record = records.next().unwrap()?;
//! let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
//! let state = |p| record.consents().state(p, as_of);
//! assert!(matches!(state(PurposeKind::MarketingPost), ConsentState::Given { .. }));
//! assert!(matches!(state(PurposeKind::MarketingEmail), ConsentState::Withdrawn { .. }));
//! assert!(records.next().is_none());
//! # Ok::<(), consent_gate::crm::ReadError>(())
//! ```

mod column;
mod error;
mod key_path;
mod ledger;
mod ledger_rows;
mod memo;
mod parse;
mod read;
mod records;
mod row;
pub(crate) mod salesforce_rows;
mod spare;

pub(crate) use column::SalesforceColumn;
pub use column::{Column, EventColumn};
pub use error::{FieldProblem, ReadError};
pub use key_path::KeyPath;
pub use ledger::{
    EventRows, LedgerRecords, SubjectRows, read_events_csv, read_events_json_lines, read_ledger,
    read_subjects_csv, read_subjects_json_lines,
};
pub use ledger_rows::{EventRow, SubjectRow};
pub(crate) use parse::{At, instant as parse_instant};
pub(crate) use read::{
    ChunkParser, CsvTable, EachChunk, JsonTable, OneRow, Parallel, default_threads, json_error,
    scoped,
};
pub use read::{CsvRecords, JsonLinesRecords, read_csv, read_json_lines};
pub use records::{Records, read};
pub use row::CrmRow;
pub(crate) use salesforce_rows as salesforce;
