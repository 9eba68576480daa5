// The sound extension path compiles: a broker declares categories and
// fields of its own, seals its values under them, names them in schemas
// (a political one too, for ordinary data) and exports them.
use chrono::{TimeZone, Utc};
use consent_gate::category::{CustomBit, CustomCategory, NoGrant, OrdinaryData, SpecialCategoryData};
use consent_gate::export::Export;
use consent_gate::field::{CustomField, HomeAddress, ParentName};
use consent_gate::purpose::{PoliticalCampaigning, Research};
use consent_gate::*;
use consent_gate::category::Category;
use consent_gate::category::CategoryType;
use consent_gate::schema::check_extension_schema;

struct Loyalty;
impl CustomCategory for Loyalty {
    type Sensitivity = OrdinaryData;
    type Grant = NoGrant;
    const NAME: &'static str = "loyalty";
}

struct Feeding;
impl CustomCategory for Feeding {
    type Sensitivity = SpecialCategoryData;
    type Grant = CustomBit<15>;
    const NAME: &'static str = "infant_feeding";
}

struct Extra {
    tier: Gated<String, Loyalty>,
    feeding: Gated<String, Feeding>,
    second_home: Gated<Address, Loyalty>,
}

struct Tier;
impl CustomField for Tier {
    type Extension = Extra;
    type Category = Loyalty;
    type Value = String;
    const NAME: &'static str = "loyalty_tier";
    fn locate(extra: &Extra) -> &Gated<String, Loyalty> {
        &extra.tier
    }
}

struct FeedingMethod;
impl CustomField for FeedingMethod {
    type Extension = Extra;
    type Category = Feeding;
    type Value = String;
    const NAME: &'static str = "infant_feeding";
    fn locate(extra: &Extra) -> &Gated<String, Feeding> {
        &extra.feeding
    }
}

struct SecondHome;
impl CustomField for SecondHome {
    type Extension = Extra;
    type Category = Loyalty;
    type Value = Address;
    const NAME: &'static str = "second_home";
    fn locate(extra: &Extra) -> &Gated<Address, Loyalty> {
        &extra.second_home
    }
}

const _: () = check_extension_schema::<PoliticalCampaigning, (ParentName, HomeAddress, Tier, SecondHome), Extra>();
const _: () = check_extension_schema::<Research, (ParentName, Tier, FeedingMethod), Extra>();
const _: Category = <Feeding as CategoryType>::CATEGORY;

fn main() {
    let given = Utc.with_ymd_and_hms(2016, 1, 1, 0, 0, 0).unwrap();
    let scope = ConsentScope::builder(Purposes::BROAD, NoticeVersion(1), given).build().unwrap();
    let record = Record::builder(SubjectId(1), "Jane Doe", Address::default(), scope)
        .extra(Extra {
            tier: Gated::new("gold".into()),
            feeding: Gated::absent(),
            second_home: Gated::default(),
        })
        .build();
    let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    let broker = Broker::builder(
        Organisations::builder("Broker").build().unwrap(),
        Notices::new([Notice::new(NoticeVersion(1), given, Purposes::BROAD)]).unwrap(),
    )
    .build();
    let gate = broker.gate(Declaration::<Research>::new("Broker", "Broker", as_of).unwrap()).unwrap();
    let cleared = gate.check(&record).unwrap();
    assert_eq!(cleared.get::<Tier>().unwrap().map(String::as_str), Some("gold"));
    assert!(cleared.get::<FeedingMethod>().is_err());
    let mut out = Vec::new();
    let receipt = Export::<_, (ParentName, Tier, FeedingMethod), Extra>::with_schema(&gate)
        .write([&record], &mut out)
        .unwrap();
    assert_eq!(receipt.records_emitted, 1);
    assert_eq!(String::from_utf8(out).unwrap(), "subject_id,parent_name,loyalty_tier,infant_feeding\n1,Jane Doe,gold,\n");
}
