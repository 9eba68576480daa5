//! The export job: records in, one file per buyer out, and a [`Receipt`]
//! that proves what was withheld and why.
//!
//! * The columns (CSV) or keys (JSON Lines) are `subject_id` and then the
//!   fields of the declared purpose's [`Schema`](crate::schema::Schema), in order,
//!   each named after its field. From the [CRM dump](crate::crm) to the
//!   export, the names are the same but for the address's town and
//!   postcode, which the export writes under the field's name:
//!
//! | dump column(s) | field | category | CSV column(s) | JSON Lines key |
//! |---|---|---|---|---|
//! | `subject_id` | (the key) | | `subject_id` | `subject_id` |
//! | `parent_name` | [`ParentName`](crate::field::ParentName) | `name` | `parent_name` | `parent_name` |
//! | `address_line1`, `address_line2`, **`town`**, **`postcode`** | [`HomeAddress`](crate::field::HomeAddress) | `postal_address` | `address_line1`, `address_line2`, **`address_town`**, **`address_postcode`** | `address`: an object with `line1`, `line2`, `town`, `postcode` |
//! | `email` | [`Email`](crate::field::Email) | `email_address` | `email` | `email` |
//! | `phone` | [`Phone`](crate::field::Phone) | `phone_number` | `phone` | `phone` |
//! | `mother_birth_date` | [`MotherBirthDate`](crate::field::MotherBirthDate) | `adult_birth_date` | `mother_birth_date` | `mother_birth_date` |
//! | `children_under_five` | [`ChildrenUnderFive`](crate::field::ChildrenUnderFive) | `children_present` | `children_under_five` | `children_under_five` |
//! | `child_birth_dates` | [`ChildBirthDates`](crate::field::ChildBirthDates) | `child_birth_date` | `child_birth_dates` (dates separated by `;`) | `child_birth_dates` (an array) |
//! | `due_date` | [`DueDate`](crate::field::DueDate) | `pregnancy` | `due_date` | `due_date` |
//! | `mother_birth_date` | [`MotherAge`](crate::field::derived::MotherAge) | `adult_birth_date` | `mother_age` | `mother_age` (a number) |
//! | `mother_birth_date` | [`MotherAgeBand`](crate::field::derived::MotherAgeBand) | `adult_birth_date` | `mother_age_band` | `mother_age_band` |
//! | `child_birth_dates` | [`ChildBirthYears`](crate::field::derived::ChildBirthYears) | `child_birth_date` | `child_birth_years` (years separated by `;`) | `child_birth_years` (an array of numbers) |
//! | `child_birth_dates` | [`YoungestChildAgeBand`](crate::field::derived::YoungestChildAgeBand) | `child_birth_date` | `youngest_child_age_band` | `youngest_child_age_band` |
//! | `postcode` | [`PostcodeDistrict`](crate::field::derived::PostcodeDistrict) | `postal_address` | `postcode_district` | `postcode_district` |
//! | `town` | [`PostTown`](crate::field::derived::PostTown) | `postal_address` | `post_town` | `post_town` |
//!
//! The last six rows are [derived fields](crate::field::derived): coarser
//! values computed from the dump column, under its category.
//!
//! * The consent columns (`purposes` to `parental_consent`) are never
//!   exported: they decide what is.
//! * **A withheld field is an empty cell in CSV and an absent key in JSON
//!   Lines**; so is a field the record has no value for, so the output does
//!   not tell the two apart.
//! * A record that fails a record-level rule, or whose required fields for
//!   the purpose ([`DefaultSchema::Required`](crate::schema::DefaultSchema::Required))
//!   cannot be emitted, is dropped whole, never half-emitted.
//! * **A subject on more than one input row is exported from none of
//!   them** (`duplicate_subject`): input sorted by subject id is checked as
//!   it streams; other input needs a [`Duplicates`] scan first.
//! * CSV cells that a spreadsheet would run as a formula (starting with `=`,
//!   `+`, `-`, `@`, tab or carriage return) get a leading `'`, as OWASP
//!   advises, and are counted.
//! * Memory stays flat: one record at a time, buffers reused.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use consent_gate::export::{Export, Format};
//! use consent_gate::purpose::MarketingPost;
//! use consent_gate::{Declaration, crm, synthetic};
//!
//! let csv = "subject_id,parent_name,address_line1,address_line2,town,postcode,email,phone,\
//! mother_birth_date,children_under_five,child_birth_dates,due_date,purposes,categories,\
//! notice_version,recipients,consent_given_at,consent_expires_at,consent_withdrawn_at,\
//! collection,existing_customer,opt_out_offered,parental_consent
//! 1,Jane Doe,1 High St,,Leeds,LS1 1AA,,,,false,,,marketing_post,,1,,2016-09-01T00:00:00Z,,,direct,false,false,false
//! ";
//! let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
//! let broker = synthetic::broker();
//! let gate = broker.gate(Declaration::<MarketingPost>::new(synthetic::BROKER, synthetic::BROKER, as_of)?)?;
//! let mut out = Vec::new();
//! let receipt = Export::new(&gate).format(Format::Csv).write(crm::read_csv(csv.as_bytes()), &mut out)?;
//! assert_eq!(receipt.records_emitted, 1);
//! assert!(receipt.reconciles());
//! assert!(String::from_utf8(out)?.starts_with("subject_id,parent_name,address_line1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod atomic;
mod buyer_file;
mod columns;
mod csv_buffer;
mod csv_out;
mod decision_log;
mod duplicates;
pub(crate) mod encode;
mod error;
mod hashing;
mod item;
mod json_out;
mod options;
mod receipt;
mod repeats;
mod run;
mod sink;
mod subjects;
mod tally;

pub use atomic::write_atomically;
pub use buyer_file::{BuyerFile, BuyerFileError, BuyerJob, BuyerJobs};
pub use duplicates::Duplicates;
pub use error::ExportError;
pub use item::Item;
pub use options::{Format, OnBadRow, UnknownFormat};
pub use receipt::{Receipt, SET_ASIDE_LISTED, SetAside, ValuesEmitted};
pub use run::Export;
