//! A broker with fields of its own: a loyalty tier (ordinary data) and a
//! baby's feeding method (health data, a special category), declared
//! without forking the crate.
//!
//! Each value is sealed in `Gated` under its category where the broker
//! builds its extension; the field only says where that sealed value sits
//! in the extension. The gate judges the value by the category it was
//! sealed under, and a political schema that names the health field does
//! not compile.
//!
//! Run with `cargo run --example custom_field`.

use chrono::{TimeZone, Utc};
use consent_gate::category::{
    CustomBit, CustomCategory, NoGrant, OrdinaryData, SpecialCategoryData,
};
use consent_gate::field::{CustomField, ParentName};
use consent_gate::purpose::{PoliticalCampaigning, ThirdPartyMarketing};
use consent_gate::schema::check_extension_schema;
use consent_gate::*;

/// The category of the loyalty tier: ordinary data, which the purpose's
/// grant covers.
struct Loyalty;
impl CustomCategory for Loyalty {
    type Sensitivity = OrdinaryData;
    type Grant = NoGrant;
    const NAME: &'static str = "loyalty";
}

/// The category of the feeding method: health data, which leaves only
/// under its own explicit grant, broker bit 1 (`custom_1` in a CRM dump).
struct InfantFeeding;
impl CustomCategory for InfantFeeding {
    type Sensitivity = SpecialCategoryData;
    type Grant = CustomBit<1>;
    const NAME: &'static str = "infant_feeding";
}

/// The broker's own fields, each sealed under its category.
#[derive(Debug)]
struct Extra {
    loyalty_tier: Gated<String, Loyalty>,
    feeding: Gated<String, InfantFeeding>,
}

/// The loyalty tier field.
struct LoyaltyTier;
impl CustomField for LoyaltyTier {
    type Extension = Extra;
    type Category = Loyalty;
    type Value = String;
    const NAME: &'static str = "loyalty_tier";
    fn locate(extra: &Extra) -> &Gated<String, Loyalty> {
        &extra.loyalty_tier
    }
}

/// The feeding method field.
struct Feeding;
impl CustomField for Feeding {
    type Extension = Extra;
    type Category = InfantFeeding;
    type Value = String;
    const NAME: &'static str = "infant_feeding";
    fn locate(extra: &Extra) -> &Gated<String, InfantFeeding> {
        &extra.feeding
    }
}

/// A political schema may name the ordinary custom field (checked here by
/// `cargo check` too: field names and distinct columns included); naming
/// `Feeding` instead would not compile.
const _: () = check_extension_schema::<PoliticalCampaigning, (ParentName, LoyaltyTier), Extra>();

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The broker's own knowledge: itself, the retailer it sells to, and
    // notice v5, which disclosed every purpose and named the retailer.
    let published = Utc
        .with_ymd_and_hms(2016, 6, 1, 9, 0, 0)
        .single()
        .ok_or("date")?;
    let broker = Broker::builder(
        Organisations::builder("Emma's Diary Ltd")
            .organisation("Acme Baby Products Ltd", OrganisationKind::Commercial)
            .build()?,
        Notices::new([Notice::new(NoticeVersion(5), published, Purposes::all())
            .recipient("Acme Baby Products Ltd")])?,
    )
    .build();
    let given = Utc
        .with_ymd_and_hms(2017, 1, 10, 9, 0, 0)
        .single()
        .ok_or("date")?;
    let scope = ConsentScope::builder(Purposes::THIRD_PARTY_MARKETING, NoticeVersion(5), given)
        .recipient("Acme Baby Products Ltd")
        .build()?;
    let record = Record::builder(SubjectId(7), "Jane Doe", Address::default(), scope)
        .extra(Extra {
            loyalty_tier: Gated::new("gold".into()),
            feeding: Gated::new("formula".into()),
        })
        .build();
    println!("the record prints as {record:?}");

    let as_of = Utc
        .with_ymd_and_hms(2017, 5, 1, 0, 0, 0)
        .single()
        .ok_or("date")?;
    let acme = broker.gate(Declaration::<ThirdPartyMarketing>::new(
        "Acme Baby Products Ltd",
        "Acme Baby Products Ltd",
        as_of,
    )?)?;
    let cleared = acme.check(&record)?;
    println!("name: {:?}", cleared.get::<ParentName>()?);
    println!("loyalty tier: {:?}", cleared.get::<LoyaltyTier>()?);
    // Health data of the broker's own kind needs its explicit grant.
    match cleared.get::<Feeding>() {
        Ok(value) => println!("feeding: {value:?}"),
        Err(refusal) => println!("feeding withheld: {refusal}"),
    }

    // The broker's fields go into an export like any other.
    let mut out = Vec::new();
    let receipt =
        export::Export::<_, (ParentName, LoyaltyTier, Feeding), Extra>::with_schema(&acme)
            .require::<(ParentName,)>()
            .write([&record], &mut out)?;
    print!("{}", String::from_utf8(out)?);
    println!("withheld: {:?}", receipt.withheld);
    Ok(())
}
