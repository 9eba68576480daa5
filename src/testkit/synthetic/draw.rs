//! The generator and the word lists a row is drawn from, and the small
//! helpers that turn draws into a row's text.

use super::*;

/// SplitMix64: small, fast, and good enough to shuffle synthetic data.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn new(seed: u64, i: u64) -> Self {
        let mut rng = Self(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number below `n` (n > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True `percent` times in a hundred.
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub(super) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied().unwrap_or_default()
    }
    /// A day from `from` plus up to `days`.
    pub(super) fn day(&mut self, from: NaiveDate, days: u64) -> NaiveDate {
        from.checked_add_days(chrono::Days::new(self.below(days)))
            .unwrap_or(from)
    }
}

pub(super) const FIRST: &[&str] = &[
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
pub(super) const LAST: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "O'Brien", "Khan", "Nowak",
    "Davies", "Thompson",
];
pub(super) const STREETS: &[&str] = &[
    "High Street",
    "Station Road",
    "Church Lane",
    "Park Avenue",
    "Mill Close",
    "Victoria Road",
];
pub(super) const TOWNS: &[(&str, &str)] = &[
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
pub(super) fn published(version: u32) -> chrono::NaiveDateTime {
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
pub(super) fn phone(n: u64) -> String {
    format!("07700 9{n:05}")
}

/// The name and postcode of one entry of the suppression list; rows use
/// the same generator to land on it.
pub(super) fn suppressed_name_and_postcode(rng: &mut Rng) -> (String, String) {
    let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    let postcode = postcode(rng, "LS");
    (name, postcode)
}

pub(super) fn postcode(rng: &mut Rng, area: &str) -> String {
    format!(
        "{area}{} {}{}{}",
        rng.below(20) + 1,
        rng.below(10),
        (b'A' + rng.below(26) as u8) as char,
        (b'A' + rng.below(26) as u8) as char
    )
}

/// The four notice versions: what each disclosed.
pub(super) fn disclosed(version: u32) -> Purposes {
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

pub(super) fn purpose_list(purposes: Purposes) -> String {
    purposes
        .kinds()
        .map(PurposeKind::name)
        .collect::<Vec<_>>()
        .join(";")
}

pub(super) fn instant(day: NaiveDate, seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    format!("{}T{h:02}:{m:02}:{s:02}Z", date(day))
}

/// The synthetic dates are all within the years 0 to 9999.
pub(super) fn date(d: NaiveDate) -> String {
    iso_date(d).map_or_else(
        || d.format("%Y-%m-%d").to_string(),
        |text| String::from_utf8_lossy(&text).into_owned(),
    )
}
