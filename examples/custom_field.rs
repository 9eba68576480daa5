//! A broker with a field of its own: a loyalty tier (ordinary data) and a
//! baby's feeding method (health data, a special category), declared
//! without forking the crate.
//!
//! Run with `cargo run --example custom_field`.

use chrono::{TimeZone, Utc};
use consent_gate::category::{OrdinaryData, SpecialCategoryData, category_of};
use consent_gate::field::ParentName;
use consent_gate::purpose::{PoliticalCampaigning, ThirdPartyMarketing};
use consent_gate::*;

/// The broker's own fields, each sealed in `Gated`.
#[derive(Debug)]
struct Extra {
    loyalty_tier: Gated<String>,
    feeding: Gated<String>,
}

/// The category of the loyalty tier: ordinary data.
struct LoyaltyCategory;
impl CategoryType for LoyaltyCategory {
    type Sensitivity = OrdinaryData;
    const CATEGORY: Category = category_of::<Self>("loyalty_tier", Categories::custom_bit(0));
}

/// The category of the feeding method: health data, needing its own
/// explicit grant (custom bit 1).
struct FeedingCategory;
impl CategoryType for FeedingCategory {
    type Sensitivity = SpecialCategoryData;
    const CATEGORY: Category = category_of::<Self>("infant_feeding", Categories::custom_bit(1));
}

/// The loyalty tier field.
struct LoyaltyTier;
impl Field<Extra> for LoyaltyTier {
    type Category = LoyaltyCategory;
    type Value = String;
    const NAME: &'static str = "loyalty_tier";
    fn locate(record: &Record<Extra>) -> Option<&Gated<String>> {
        Some(&record.extra().loyalty_tier)
    }
}

/// The feeding method field.
struct Feeding;
impl Field<Extra> for Feeding {
    type Category = FeedingCategory;
    type Value = String;
    const NAME: &'static str = "infant_feeding";
    fn locate(record: &Record<Extra>) -> Option<&Gated<String>> {
        Some(&record.extra().feeding)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let notice = Notice {
        version: NoticeVersion(5),
        disclosed: Purposes::all(),
    };
    let given = Utc
        .with_ymd_and_hms(2017, 1, 10, 9, 0, 0)
        .single()
        .ok_or("date")?;
    let scope = ConsentScope::builder(Purposes::THIRD_PARTY_MARKETING, notice, given)
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
    let acme = Gate::new(
        Declaration::<ThirdPartyMarketing>::new(
            "Acme Baby Products Ltd",
            "Acme Baby Products Ltd",
            as_of,
        )?,
        Rules::default(),
    );
    let cleared = acme.check(&record);
    println!("name: {:?}", cleared.get::<ParentName>()?);
    println!("loyalty tier: {:?}", cleared.get::<LoyaltyTier>()?);
    // Health data of the broker's own kind needs its explicit grant.
    match cleared.get::<Feeding>() {
        Ok(value) => println!("feeding: {value:?}"),
        Err(refusal) => println!("feeding withheld: {refusal}"),
    }

    // A political schema may name the ordinary custom field; naming
    // `Feeding` instead would not compile.
    check_schema_for_party();
    Ok(())
}

fn check_schema_for_party() {
    fn accepts<S: Schema<PoliticalCampaigning, Extra>>() {}
    accepts::<(ParentName, LoyaltyTier)>();
}
