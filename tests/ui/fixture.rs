// Shared by the UI tests through `include!`: one record and a gate for
// any purpose, so each test shows only the line that must (not) compile.
#[allow(dead_code)]
fn record(id: u64) -> consent_gate::Record {
    use chrono::{TimeZone, Utc};
    use consent_gate::*;
    let notice = Notice { version: NoticeVersion(1), disclosed: Purposes::BROAD };
    let given = Utc.with_ymd_and_hms(2016, 1, 1, 0, 0, 0).unwrap();
    let scope = ConsentScope::builder(Purposes::BROAD, notice, given).build().unwrap();
    Record::builder(SubjectId(id), "Jane Doe", Address::default(), scope).build()
}

#[allow(dead_code)]
fn gate<P: consent_gate::Purpose>() -> consent_gate::Gate<P> {
    use chrono::{TimeZone, Utc};
    let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    let declaration = consent_gate::Declaration::new("Broker", "Broker", as_of).unwrap();
    consent_gate::Gate::new(declaration, consent_gate::Rules::default())
}
