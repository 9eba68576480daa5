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
            .map(|(row, number)| row.to_record(number))
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

/// SplitMix64: small, fast, and good enough to shuffle synthetic data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, i: u64) -> Self {
        let mut rng = Self(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number below `n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied().unwrap_or_default()
    }
    /// A day from `from` plus up to `days`.
    fn day(&mut self, from: NaiveDate, days: u64) -> NaiveDate {
        from.checked_add_days(chrono::Days::new(self.below(days)))
            .unwrap_or(from)
    }
}

const FIRST: &[&str] = &[
    "Amelia",
    "Olivia",
    "Emily",
    "Jessica",
    "Sophie",
    "Chloe",
    "Grace",
    "Ruby",
    "Zoë",
    "Aoife",
    "Siân",
    "Priya",
    "Fatima",
    "Nkechi",
    "Magdalena",
];
const LAST: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "O'Brien", "Khan", "Nowak",
    "Davies", "Thompson",
];
const STREETS: &[&str] = &[
    "High Street",
    "Station Road",
    "Church Lane",
    "Park Avenue",
    "Mill Close",
    "Victoria Road",
];
const TOWNS: &[(&str, &str)] = &[
    ("Leeds", "LS"),
    ("Bristol", "BS"),
    ("Cardiff", "CF"),
    ("Bolton", "BL"),
    ("Derby", "DE"),
    ("Norwich", "NR"),
    ("Swindon", "SN"),
    ("Crewe", "CW"),
];

/// When each notice version was published.
fn published(version: u32) -> chrono::NaiveDateTime {
    let (y, m) = match version {
        1 => (2013, 6),
        2 => (2014, 9),
        3 => (2015, 6),
        _ => (2016, 6),
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .unwrap_or_default()
        .and_hms_opt(9, 0, 0)
        .unwrap_or_default()
}

/// The synthetic phone number `n`.
fn phone(n: u64) -> String {
    format!("07700 9{n:05}")
}

/// The name and postcode of one entry of the suppression list; rows use
/// the same generator to land on it.
fn suppressed_name_and_postcode(rng: &mut Rng) -> (String, String) {
    let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    let postcode = postcode(rng, "LS");
    (name, postcode)
}

fn postcode(rng: &mut Rng, area: &str) -> String {
    format!(
        "{area}{} {}{}{}",
        rng.below(20) + 1,
        rng.below(10),
        (b'A' + rng.below(26) as u8) as char,
        (b'A' + rng.below(26) as u8) as char
    )
}

/// The four notice versions: what each disclosed.
fn disclosed(version: u32) -> Purposes {
    let v1 = Purposes::SERVICE_DELIVERY
        | Purposes::MARKETING_POST
        | Purposes::MARKETING_EMAIL
        | Purposes::RESEARCH;
    match version {
        1 => v1,
        2 => v1 | Purposes::MARKETING_SMS | Purposes::THIRD_PARTY_MARKETING | Purposes::PROFILING,
        3 => Purposes::BROAD,
        _ => Purposes::all(),
    }
}

fn names(purposes: Purposes) -> String {
    purposes
        .kinds()
        .map(PurposeKind::name)
        .collect::<Vec<_>>()
        .join(";")
}

fn instant(day: NaiveDate, seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    format!("{}T{h:02}:{m:02}:{s:02}Z", date(day))
}

/// The synthetic dates are all within the years 0 to 9999.
fn date(d: NaiveDate) -> String {
    iso_date(d).map_or_else(
        || d.format("%Y-%m-%d").to_string(),
        |text| String::from_utf8_lossy(&text).into_owned(),
    )
}

/// Which way row `i` is malformed, if it is.
fn malformed(seed: u64, i: u64) -> Option<u64> {
    let mut rng = Rng::new(seed ^ 0xBAD, i);
    (rng.below(MALFORMED_EVERY) == 0).then(|| rng.below(3))
}

fn row(seed: u64, i: u64) -> CrmRow {
    let mut rng = Rng::new(seed, i);
    let epoch = NaiveDate::from_ymd_opt(2017, 5, 1).unwrap_or_default();
    let start = NaiveDate::from_ymd_opt(2014, 1, 1).unwrap_or_default();
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let (town, area) = TOWNS
        .get(rng.below(TOWNS.len() as u64) as usize)
        .copied()
        .unwrap_or(("Leeds", "LS"));

    let version = match rng.below(100) {
        0..30 => 1,
        30..75 => 2,
        75..95 => 3,
        _ => 4,
    };
    let disclosed = disclosed(version);
    let mut granted = Purposes::SERVICE_DELIVERY;
    for (kind, percent) in [
        (Purposes::MARKETING_POST, 80),
        (Purposes::MARKETING_EMAIL, 60),
        (Purposes::MARKETING_SMS, 30),
        (Purposes::MARKETING_PHONE, 20),
        (Purposes::THIRD_PARTY_MARKETING, 55),
        (Purposes::SALE_TO_THIRD_PARTIES, 15),
        (Purposes::PROFILING, 30),
        (Purposes::RESEARCH, 40),
        (Purposes::POLITICAL_CAMPAIGNING, 40),
    ] {
        if disclosed.contains(kind) && rng.chance(percent) {
            granted |= kind;
        }
    }
    let purposes = if rng.chance(8) {
        "broad".to_owned()
    } else {
        names(granted)
    };

    let mut recipients = Vec::new();
    if granted.intersects(Purposes::THIRD_PARTY_MARKETING | Purposes::SALE_TO_THIRD_PARTIES) {
        if rng.chance(85) {
            recipients.push(RETAILER);
        }
        if rng.chance(20) {
            recipients.push(NURSERY);
        }
    }
    if granted.contains(Purposes::POLITICAL_CAMPAIGNING) && rng.chance(70) {
        recipients.push(AGENCY);
        recipients.push(PARTY);
    }

    let mut categories = Vec::new();
    if rng.chance(45) {
        categories.extend(["children_present", "child_birth_date"]);
    }
    if rng.chance(20) {
        categories.push("pregnancy");
    }

    // Consent given after its notice was published, up to the export
    // instant; one in a hundred claims a date before it.
    let published_on = published(version).date();
    let given = if rng.chance(1) {
        published_on
            .checked_sub_days(chrono::Days::new(rng.below(300) + 1))
            .unwrap_or(published_on)
    } else {
        let window = (epoch - published_on).num_days().max(1) as u64;
        rng.day(published_on, window)
    };
    let _ = start;
    let given_at = instant(given, rng.below(86_400));
    let expires_at = if rng.chance(15) {
        instant(
            given
                .checked_add_months(chrono::Months::new(24))
                .unwrap_or(given),
            0,
        )
    } else {
        String::new()
    };
    let withdrawn_at = if rng.chance(6) {
        let next_day = given.succ_opt().unwrap_or(given);
        instant(rng.day(next_day, 700), rng.below(86_400))
    } else {
        String::new()
    };

    let children = rng.below(5);
    let child_dates: Vec<NaiveDate> = (0..children)
        .map(|_| rng.day(NaiveDate::from_ymd_opt(2010, 1, 1).unwrap_or(start), 2670))
        .collect();
    let under_five = child_dates.iter().any(|d| epoch.year() - d.year() < 5);
    // One mother in three hundred was a child when she consented.
    let young = rng.chance(1) && rng.chance(33);
    let mother = if young {
        rng.day(NaiveDate::from_ymd_opt(2002, 1, 1).unwrap_or(start), 700)
    } else {
        rng.day(NaiveDate::from_ymd_opt(1975, 1, 1).unwrap_or(start), 9000)
    };
    let existing_customer = rng.chance(30);

    let line2 = match rng.below(1000) {
        0 => "=HYPERLINK(\"http://example.invalid\")".to_owned(),
        1 => "-Flat 2".to_owned(),
        2..200 => format!("Flat {}", rng.below(20) + 1),
        _ => String::new(),
    };
    // One row in a hundred lives at a name and postcode on the suppression
    // list.
    let listed = rng.chance(1).then(|| {
        let mut list = Rng::new(0x5_11CE, 0);
        let entry = rng.below(SUPPRESSED_CONTACTS);
        (0..=entry)
            .map(|_| suppressed_name_and_postcode(&mut list))
            .last()
            .unwrap_or_default()
    });
    let mut row = CrmRow {
        subject_id: (100_000 + i).to_string(),
        parent_name: format!("{first} {last}"),
        address_line1: format!("{} {}", rng.below(200) + 1, rng.pick(STREETS)),
        address_line2: line2,
        town: town.to_owned(),
        postcode: postcode(&mut rng, area),
        email: if rng.chance(70) {
            format!(
                "{}.{}{}@example.org",
                first.to_lowercase(),
                last.to_lowercase(),
                i % 97
            )
        } else {
            String::new()
        },
        phone: if rng.chance(60) {
            phone(rng.below(100_000))
        } else {
            String::new()
        },
        mother_birth_date: if rng.chance(95) {
            date(mother)
        } else {
            String::new()
        },
        children_under_five: under_five.to_string(),
        child_birth_dates: child_dates
            .iter()
            .map(|d| date(*d))
            .collect::<Vec<_>>()
            .join(";"),
        due_date: if rng.chance(25) {
            date(rng.day(epoch, 270))
        } else {
            String::new()
        },
        purposes,
        categories: categories.join(";"),
        notice_version: if rng.chance(1) && rng.chance(50) {
            "5".to_owned()
        } else {
            version.to_string()
        },
        recipients: recipients.join(";"),
        consent_given_at: given_at,
        consent_expires_at: expires_at,
        consent_withdrawn_at: withdrawn_at,
        collection: if rng.chance(20) {
            "third_party"
        } else {
            "direct"
        }
        .to_owned(),
        existing_customer: existing_customer.to_string(),
        opt_out_offered: (existing_customer && rng.chance(70)).to_string(),
        parental_consent: (young && rng.chance(40)).to_string(),
        collected_by: String::new(),
    };
    if row.collection == "third_party" {
        row.collected_by = NURSERY.to_owned();
    }
    if let Some((name, postcode)) = listed {
        row.parent_name = name;
        row.postcode = postcode;
    }
    match malformed(seed, i) {
        Some(0) => row.mother_birth_date = "1987-02-30".to_owned(),
        Some(1) => row.purposes = "marketing_post;politics".to_owned(),
        Some(_) => row.consent_withdrawn_at = "2013-01-01T00:00:00Z".to_owned(),
        None => {}
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffled_ids_are_the_same_ids_in_another_order() {
        for count in [0, 1, 2, 16, 1000, REPEATED_EVERY + 5] {
            let ids = |data: Synthetic| -> Vec<u64> {
                data.rows().map(|r| r.subject_id.parse().unwrap()).collect()
            };
            let data = Synthetic::new(count, 4);
            let (sorted, shuffled) = (ids(data), ids(data.shuffled()));
            assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
            // One id per person, each person's id once, both ways.
            let distinct = |mut ids: Vec<u64>| {
                ids.sort_unstable();
                ids.dedup();
                ids
            };
            let people = count - count / REPEATED_EVERY;
            assert!(distinct(sorted.clone()).len() as u64 == people, "{count}");
            assert!(distinct(shuffled.clone()).len() as u64 == people, "{count}");
            assert!(
                shuffled
                    .iter()
                    .all(|id| (100_000..100_000 + count).contains(id))
            );
            assert!(count <= 16 || shuffled != sorted, "{count}");
        }
    }

    #[test]
    fn a_repeated_row_is_the_row_before_it_withdrawn() {
        let rows: Vec<CrmRow> = Synthetic::new(REPEATED_EVERY + 1, 9).rows().collect();
        let i = REPEATED_EVERY as usize - 1;
        assert_eq!(rows[i].subject_id, rows[i - 1].subject_id);
        assert_eq!(rows[i].parent_name, rows[i - 1].parent_name);
        assert!(!rows[i].consent_withdrawn_at.is_empty());
        assert_ne!(rows[i].subject_id, rows[i + 1].subject_id);
    }

    #[test]
    fn rows_parse_unless_malformed() {
        let data = Synthetic::new(30_000, 1);
        let mut malformed = 0;
        for (i, row) in data.rows().enumerate() {
            let parsed = row.to_record(i as u64 + 1);
            assert_eq!(parsed.is_err(), data.is_malformed(i as u64), "row {i}");
            malformed += u64::from(parsed.is_err());
        }
        assert!(malformed > 0, "a few rows are malformed");
    }
}
