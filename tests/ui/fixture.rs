// Shared by the UI tests through `include!`: one record and a gate for
// any purpose, so each test shows only the line that must (not) compile.
#[allow(dead_code)]
fn record(id: u64) -> consent_gate::Record {
    use chrono::{TimeZone, Utc};
    use consent_gate::*;
    let given = Utc.with_ymd_and_hms(2016, 1, 1, 0, 0, 0).unwrap();
    let scope = ConsentScope::builder(Purposes::BROAD, NoticeVersion(1), given).build().unwrap();
    Record::builder(SubjectId(id), "Jane Doe", Address::default(), scope).build()
}

#[allow(dead_code)]
fn gate<P: consent_gate::purpose::Purpose>() -> consent_gate::Gate<P> {
    use chrono::{TimeZone, Utc};
    use consent_gate::*;
    let organisations = Organisations::builder("Broker")
        .organisation("Acme", OrganisationKind::Commercial)
        .build()
        .unwrap();
    let published = Utc.with_ymd_and_hms(2015, 1, 1, 0, 0, 0).unwrap();
    let notices = Notices::new([Notice::new(NoticeVersion(1), published, Purposes::BROAD)]).unwrap();
    let broker = Broker::builder(organisations, notices).build();
    let who = if P::KIND.discloses_to_third_party() { "Acme" } else { "Broker" };
    let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    broker.gate(Declaration::new(who, who, as_of).unwrap()).unwrap()
}
