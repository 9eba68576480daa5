// A political export schema that names children's data does not compile.
use consent_gate::schema::check_schema;
use consent_gate::field::{ChildBirthDates, HomeAddress, ParentName};
use consent_gate::purpose::PoliticalCampaigning;

type PartyMailing = (ParentName, HomeAddress, ChildBirthDates);

const _: () = check_schema::<PoliticalCampaigning, PartyMailing>();

fn main() {}
