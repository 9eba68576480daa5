// The policy is sealed: no crate can declare that political campaigning
// may receive children's data, nor invent a sensitivity class of its own.
use consent_gate::category::{ChildrensData, SensitivityClass};
use consent_gate::purpose::PoliticalCampaigning;
use consent_gate::category::ReceivableBy;

impl ReceivableBy<PoliticalCampaigning> for ChildrensData {}

struct Harmless;
impl SensitivityClass for Harmless {
    const SENSITIVITY: consent_gate::category::Sensitivity = consent_gate::category::Sensitivity::Ordinary;
}

fn main() {}
