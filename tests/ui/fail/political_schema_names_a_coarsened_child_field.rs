// A derived value of children's data is still children's data: a political
// schema that names a child's birth year or age band does not compile, as
// one naming the birth dates does not.
use consent_gate::field::derived::{ChildBirthYears, PostcodeDistrict, YoungestChildAgeBand};
use consent_gate::field::ParentName;
use consent_gate::purpose::PoliticalCampaigning;
use consent_gate::schema::check_schema;

// Ordinary data, coarsened: allowed.
const _: () = check_schema::<PoliticalCampaigning, (ParentName, PostcodeDistrict)>();

const _: () = check_schema::<PoliticalCampaigning, (ParentName, YoungestChildAgeBand)>();
const _: () = check_schema::<PoliticalCampaigning, (ChildBirthYears,)>();

fn main() {}
