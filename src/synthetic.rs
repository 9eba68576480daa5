//! A deterministic synthetic CRM dump in the case's shape, for the main-job
//! example, the tests and the benches.
//!
//! Row `i` of seed `s` is always the same, whatever else is generated: a
//! parent with a name, an address, maybe e-mail and phone, a birth date,
//! zero to four children, maybe a due date, and a consent given under one of
//! four privacy-notice versions, of which only the last disclosed sale to
//! third parties and political campaigning. Some consents are withdrawn,
//! some expired, some collected through a third party; some name the
//! retailer [`RETAILER`], a few the agency [`AGENCY`] and the party
//! [`PARTY`]. About one row in [`MALFORMED_EVERY`] is malformed (a bad date,
//! an unknown purpose, a withdrawal before the consent), as real dumps are.
//!
//! ```
//! use consent_gate::synthetic::Synthetic;
//! let rows: Vec<_> = Synthetic::new(3, 7).rows().collect();
//! assert_eq!(rows, Synthetic::new(3, 7).rows().collect::<Vec<_>>());
//! assert_eq!(rows.len(), 3);
//! ```

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};

use crate::crm::CrmRow;
use crate::purpose::{PurposeKind, Purposes};
use crate::value::iso_date;

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

/// A synthetic dataset: `count` rows from `seed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Synthetic {
    count: u64,
    seed: u64,
}

/// What a generator wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    /// Rows written.
    pub rows: u64,
    /// Of which malformed.
    pub malformed: u64,
}

impl Synthetic {
    /// `count` rows from `seed`.
    pub const fn new(count: u64, seed: u64) -> Self {
        Self { count, seed }
    }

    /// The rows, in order.
    pub fn rows(self) -> impl Iterator<Item = CrmRow> {
        (0..self.count).map(move |i| row(self.seed, i))
    }

    /// Whether row `i` is one of the malformed ones.
    pub fn is_malformed(self, i: u64) -> bool {
        malformed(self.seed, i).is_some()
    }

    /// Writes the rows as CSV with a header.
    pub fn write_csv(self, out: impl Write) -> io::Result<Written> {
        let mut writer = csv::Writer::from_writer(out);
        let mut written = Written::default();
        for (i, row) in self.rows().enumerate() {
            writer.serialize(&row).map_err(io::Error::other)?;
            written.rows += 1;
            written.malformed += u64::from(self.is_malformed(i as u64));
        }
        writer.flush()?;
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
        }
        out.flush()?;
        Ok(written)
    }
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

/// The four notice versions: what each disclosed.
fn notice(version: u32) -> Purposes {
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

fn instant(date: NaiveDate, seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    let day = String::from_utf8_lossy(&iso_date(date)).into_owned();
    format!("{day}T{h:02}:{m:02}:{s:02}Z")
}

fn date(d: NaiveDate) -> String {
    String::from_utf8_lossy(&iso_date(d)).into_owned()
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
    let disclosed = notice(version);
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
            recipients.push("Bright Nursery Supplies");
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

    let given = rng.day(start, 1216);
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
    let mother = rng.day(NaiveDate::from_ymd_opt(1975, 1, 1).unwrap_or(start), 9000);

    let line2 = match rng.below(1000) {
        0 => "=HYPERLINK(\"http://example.invalid\")".to_owned(),
        1 => "-Flat 2".to_owned(),
        2..200 => format!("Flat {}", rng.below(20) + 1),
        _ => String::new(),
    };
    let mut row = CrmRow {
        subject_id: (100_000 + i).to_string(),
        parent_name: format!("{first} {last}"),
        address_line1: format!("{} {}", rng.below(200) + 1, rng.pick(STREETS)),
        address_line2: line2,
        town: town.to_owned(),
        postcode: format!(
            "{area}{} {}{}{}",
            rng.below(20) + 1,
            rng.below(10),
            (b'A' + rng.below(26) as u8) as char,
            (b'A' + rng.below(26) as u8) as char
        ),
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
            format!("07700 9{:05}", rng.below(100_000))
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
        notice_version: version.to_string(),
        notice_disclosed: names(disclosed),
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
        existing_customer: rng.chance(30).to_string(),
    };
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
