// The allowed paths compile: opening a field through a clearance of the
// right purpose, a political schema of ordinary data, and the default
// schemas of every purpose.
use consent_gate::field::{ChildBirthDates, HomeAddress, MotherBirthDate, ParentName};
use consent_gate::purpose::*;
use consent_gate::schema::DefaultSchema;
use consent_gate::schema::check_schema;
include!("../fixture.rs");

const _: () = check_schema::<PoliticalCampaigning, (ParentName, HomeAddress, MotherBirthDate)>();
const _: () = check_schema::<ThirdPartyMarketing, (ParentName, ChildBirthDates)>();
const _: () = check_schema::<PoliticalCampaigning, <PoliticalCampaigning as DefaultSchema>::Schema>();

fn main() {
    let record = record(1);
    let checker = gate::<MarketingPost>();

    let cleared = checker.check(&record).unwrap();
    let name: Option<&String> = cleared.get::<ParentName>().unwrap();
    assert_eq!(name.map(String::as_str), Some("Jane Doe"));
    let research_checker = gate::<Research>();

    let research = research_checker.check(&record).unwrap();
    // Refused at run time (no explicit grant), but allowed to ask.
    assert!(research.get::<ChildBirthDates>().is_err());
}
