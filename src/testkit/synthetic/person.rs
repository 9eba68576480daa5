//! One person's row: drawn step by step from the row's own generator, in an
//! order that is the dataset's (changing it changes every row).

use super::*;

/// Which way row `i` is malformed, if it is.
pub(super) fn malformed(seed: u64, i: u64) -> Option<u64> {
    let mut rng = Rng::new(seed ^ 0xBAD, i);
    (rng.below(MALFORMED_EVERY) == 0).then(|| rng.below(3))
}

/// Row `i` of the dataset from `seed`. Each step below draws from the
/// row's generator in turn, so the order of the steps is the dataset.
pub(super) fn row(seed: u64, i: u64) -> CrmRow {
    let mut rng = Rng::new(seed, i);
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let (town, area) = TOWNS
        .get(rng.below(TOWNS.len() as u64) as usize)
        .copied()
        .unwrap_or(("Leeds", "LS"));
    let consent = Consent::draw(&mut rng);
    let family = Family::draw(&mut rng);
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
            let (first, last) = (first.to_lowercase(), last.to_lowercase());
            format!("{first}.{last}{}@example.org", i % 97)
        } else {
            String::new()
        },
        phone: if rng.chance(60) {
            phone(rng.below(100_000))
        } else {
            String::new()
        },
        ..CrmRow::default()
    };
    family.fill(&mut rng, &mut row);
    consent.fill(&mut rng, &mut row);
    row.existing_customer = existing_customer.to_string();
    row.opt_out_offered = (existing_customer && rng.chance(70)).to_string();
    row.parental_consent = (family.young && rng.chance(40)).to_string();
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

/// The export instant the dataset is made for.
pub(super) fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, 5, 1).unwrap_or_default()
}

/// A row's consent: its notice, purposes, recipients, categories and dates.
pub(super) struct Consent {
    pub(super) version: u32,
    pub(super) purposes: String,
    pub(super) recipients: Vec<&'static str>,
    pub(super) categories: Vec<&'static str>,
    pub(super) given_at: String,
    pub(super) expires_at: String,
    pub(super) withdrawn_at: String,
}

impl Consent {
    pub(super) fn draw(rng: &mut Rng) -> Self {
        let version = match rng.below(100) {
            0..30 => 1,
            30..75 => 2,
            75..95 => 3,
            _ => 4,
        };
        let granted = granted(rng, disclosed(version));
        let purposes = if rng.chance(8) {
            "broad".to_owned()
        } else {
            purpose_list(granted)
        };
        let recipients = recipients(rng, granted);
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
            let window = (epoch() - published_on).num_days().max(1) as u64;
            rng.day(published_on, window)
        };
        let given_at = instant(given, rng.below(86_400));
        let expires_at = if rng.chance(15) {
            let two_years = given.checked_add_months(chrono::Months::new(24));
            instant(two_years.unwrap_or(given), 0)
        } else {
            String::new()
        };
        let withdrawn_at = if rng.chance(6) {
            let next_day = given.succ_opt().unwrap_or(given);
            instant(rng.day(next_day, 700), rng.below(86_400))
        } else {
            String::new()
        };
        Self {
            version,
            purposes,
            recipients,
            categories,
            given_at,
            expires_at,
            withdrawn_at,
        }
    }

    /// Writes the consent's columns; the notice version is now and then one
    /// the broker never published, and the collection now and then a third
    /// party's.
    pub(super) fn fill(self, rng: &mut Rng, row: &mut CrmRow) {
        row.purposes = self.purposes;
        row.categories = self.categories.join(";");
        row.notice_version = if rng.chance(1) && rng.chance(50) {
            "5".to_owned()
        } else {
            self.version.to_string()
        };
        row.recipients = self.recipients.join(";");
        row.consent_given_at = self.given_at;
        row.consent_expires_at = self.expires_at;
        row.consent_withdrawn_at = self.withdrawn_at;
        let third_party = rng.chance(20);
        row.collection = if third_party { "third_party" } else { "direct" }.to_owned();
    }
}

/// The purposes granted: service delivery, and each purpose the notice
/// disclosed at its own rate.
pub(super) fn granted(rng: &mut Rng, disclosed: Purposes) -> Purposes {
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
    granted
}

/// The organisations a consent names, as its purposes call for.
pub(super) fn recipients(rng: &mut Rng, granted: Purposes) -> Vec<&'static str> {
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
    recipients
}

/// A row's mother and children.
pub(super) struct Family {
    pub(super) child_dates: Vec<NaiveDate>,
    pub(super) under_five: bool,
    /// A mother who was a child when she consented.
    pub(super) young: bool,
    pub(super) mother: NaiveDate,
}

impl Family {
    pub(super) fn draw(rng: &mut Rng) -> Self {
        let start = NaiveDate::from_ymd_opt(2014, 1, 1).unwrap_or_default();
        let children = rng.below(5);
        let child_dates: Vec<NaiveDate> = (0..children)
            .map(|_| rng.day(NaiveDate::from_ymd_opt(2010, 1, 1).unwrap_or(start), 2670))
            .collect();
        let under_five = child_dates.iter().any(|d| epoch().year() - d.year() < 5);
        // One mother in three hundred was a child when she consented.
        let young = rng.chance(1) && rng.chance(33);
        let mother = if young {
            rng.day(NaiveDate::from_ymd_opt(2002, 1, 1).unwrap_or(start), 700)
        } else {
            rng.day(NaiveDate::from_ymd_opt(1975, 1, 1).unwrap_or(start), 9000)
        };
        Self {
            child_dates,
            under_five,
            young,
            mother,
        }
    }

    /// Writes the family's columns: the mother's birth date (now and then
    /// unknown), the children's, and a due date for one row in four.
    pub(super) fn fill(&self, rng: &mut Rng, row: &mut CrmRow) {
        row.mother_birth_date = if rng.chance(95) {
            date(self.mother)
        } else {
            String::new()
        };
        row.children_under_five = self.under_five.to_string();
        let dates: Vec<String> = self.child_dates.iter().map(|d| date(*d)).collect();
        row.child_birth_dates = dates.join(";");
        row.due_date = if rng.chance(25) {
            date(rng.day(epoch(), 270))
        } else {
            String::new()
        };
    }
}
