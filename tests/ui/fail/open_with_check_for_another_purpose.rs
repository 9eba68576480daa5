// A clearance for third-party marketing cannot stand in for one for
// political campaigning: the purpose is part of its type.
use consent_gate::Clearance;
use consent_gate::purpose::{PoliticalCampaigning, ThirdPartyMarketing};
include!("../fixture.rs");

fn export_for_party(_: &Clearance<'_, PoliticalCampaigning>) {}

fn main() {
    let record = record(1);
    let marketing = gate::<ThirdPartyMarketing>();
    let cleared = marketing.check(&record).unwrap();
    export_for_party(&cleared);
}
