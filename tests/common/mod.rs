//! Fixtures shared by the integration tests.
#![allow(dead_code)]

pub mod crm;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use consent_gate::purpose::Purpose;
use consent_gate::*;

/// Midnight UTC on a day.
pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

/// A calendar date.
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The export instant of every test: 1 May 2017, a month before the
/// general election of the case.
pub fn as_of() -> DateTime<Utc> {
    at(2017, 5, 1)
}

/// The values the tests plant in records, so that a leak can be searched
/// for in any output.
pub const NAME: &str = "Jane Planted-Name";
pub const EMAIL: &str = "jane@planted.example";
pub const PHONE: &str = "07700 900123";
pub const POSTCODE: &str = "LS1 4PL";
pub const MOTHER_BORN: (i32, u32, u32) = (1987, 6, 14);
pub const CHILD_BORN: (i32, u32, u32) = (2015, 11, 23);
pub const DUE: (i32, u32, u32) = (2017, 8, 30);

/// Every planted value as it would be printed.
pub fn planted() -> Vec<String> {
    vec![
        NAME.to_owned(),
        EMAIL.to_owned(),
        PHONE.to_owned(),
        POSTCODE.to_owned(),
        "1987-06-14".to_owned(),
        "2015-11-23".to_owned(),
        "2017-08-30".to_owned(),
    ]
}

/// A record with every field filled with the planted values.
pub fn record(id: u64, scope: impl Into<Consents>) -> Record {
    let (my, mm, md) = MOTHER_BORN;
    let (cy, cm, cd) = CHILD_BORN;
    let (dy, dm, dd) = DUE;
    let address = Address {
        line1: "1 Planted Street".into(),
        line2: String::new(),
        town: "Leeds".into(),
        postcode: POSTCODE.into(),
    };
    Record::builder(SubjectId(id), NAME, address, scope)
        .email(EMAIL)
        .phone(PHONE)
        .mother_birth_date(day(my, mm, md))
        .children_under_five(true)
        .child_birth_dates(vec![day(cy, cm, cd)])
        .due_date(day(dy, dm, dd))
        .build()
}

/// Notice v1 disclosed third-party marketing to commercial organisations
/// but no political use, as in the case.
pub fn notice_without_politics() -> NoticeVersion {
    NoticeVersion(1)
}

/// Notice v2 disclosed everything, political campaigning included, and
/// named agencies and political parties among its recipients.
pub fn notice_with_politics() -> NoticeVersion {
    NoticeVersion(2)
}

/// Notice v3 disclosed third-party marketing by post to "Acme Baby
/// Products Ltd" by name, and no e-mail, SMS or telephone marketing.
pub fn notice_without_channels() -> NoticeVersion {
    NoticeVersion(3)
}

/// The tests' broker: "Broker" itself; "Acme" and "Acme Baby Products
/// Ltd", commercial; "Agency", acting for "Party", a political party;
/// "Acme Agency", acting for "Acme Baby Products Ltd"; the notices above,
/// all published on 1 January 2015; `rules`; nobody suppressed.
pub fn broker(rules: Rules) -> Broker {
    broker_with(rules, SuppressionList::default())
}

/// [`broker`] with a suppression list.
pub fn broker_with(rules: Rules, suppression: SuppressionList) -> Broker {
    let organisations = Organisations::builder("Broker")
        .organisation("Acme", OrganisationKind::Commercial)
        .organisation("Acme Baby Products Ltd", OrganisationKind::Commercial)
        .agency("Agency", ["Party"])
        .organisation("Party", OrganisationKind::PoliticalParty)
        .agency("Acme Agency", ["Acme Baby Products Ltd"])
        .build()
        .unwrap();
    let published = at(2015, 1, 1);
    let notices = Notices::new([
        Notice::new(notice_without_politics(), published, Purposes::BROAD)
            .recipient_kind(OrganisationKind::Commercial),
        Notice::new(notice_with_politics(), published, Purposes::all())
            .recipient_kind(OrganisationKind::Commercial)
            .recipient_kind(OrganisationKind::Agency)
            .recipient_kind(OrganisationKind::PoliticalParty),
        Notice::new(
            notice_without_channels(),
            published,
            Purposes::SERVICE_DELIVERY | Purposes::MARKETING_POST | Purposes::THIRD_PARTY_MARKETING,
        )
        .recipient("Acme Baby Products Ltd"),
    ])
    .unwrap();
    Broker::builder(organisations, notices)
        .rules(rules)
        .suppression(suppression)
        .build()
}

/// A gate for purpose `P`, from [`broker`]; the declaration must pass.
pub fn gate<P: Purpose>(buyer: &str, end_recipient: &str, rules: Rules) -> Gate<P> {
    broker(rules)
        .gate(Declaration::new(buyer, end_recipient, as_of()).unwrap())
        .unwrap()
}

/// `clean` with one byte changed, at `places` places `stride` bytes apart
/// (wrapping round), to each of `damage` in turn; each with what was done.
pub fn damaged<'a>(
    clean: &'a [u8],
    damage: &'a [u8],
    places: usize,
    stride: usize,
) -> impl Iterator<Item = (Vec<u8>, String)> + 'a {
    (0..places).map(move |i| {
        let mut input = clean.to_vec();
        let at = (i * stride + 13) % input.len();
        let byte = damage[i % damage.len()];
        input[at] = byte;
        (input, format!("byte {at} set to {byte}"))
    })
}
