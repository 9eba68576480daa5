// Class 3: `Schema` is sealed. A hand-written schema that names a child's
// birth date in a political header, or hands the export values of its own,
// cannot be written.
use consent_gate::purpose::PoliticalCampaigning;
use consent_gate::{field::ChildBirthDates};
use consent_gate::schema::Schema;
use consent_gate::schema::SchemaVisitor;

struct PartyMailing;

impl Schema<PoliticalCampaigning> for PartyMailing {}

struct Peek;
impl SchemaVisitor<PoliticalCampaigning, ()> for Peek {
    fn field<F: consent_gate::field::FieldFor<PoliticalCampaigning>>(
        &mut self,
        _: Result<Option<&F::Value>, consent_gate::Refusal>,
    ) {
    }
}

fn main() {
    let mut peek = Peek;
    peek.field::<ChildBirthDates>(Ok(None));
}
