//! No gated value leaves by a side door: `Debug`, serde, a clearance's
//! `Debug`, refusals and errors.

mod common;

use common::*;
use consent_gate::purpose::{PoliticalCampaigning, ThirdPartyMarketing};
use consent_gate::schema::PoliticalSchema;
use consent_gate::*;

fn scope() -> ConsentScope {
    ConsentScope::builder(Purposes::all(), notice_without_politics(), at(2016, 9, 1))
        .categories(Categories::all())
        .recipient("Acme")
        .build()
        .unwrap()
}

/// A consent that passes for Acme with no explicit grant: its children's
/// and health fields are refused one by one.
fn narrow() -> ConsentScope {
    ConsentScope::builder(Purposes::all(), notice_without_politics(), at(2016, 9, 1))
        .recipient("Acme")
        .build()
        .unwrap()
}

fn assert_clean(what: &str, text: &str) {
    for value in planted() {
        assert!(!text.contains(&value), "{what} leaks `{value}`: {text}");
    }
}

#[test]
fn a_record_debug_and_serde_hold_no_gated_value() {
    let record = record(1, scope());
    assert_clean("Debug", &format!("{record:?}"));
    assert_clean("pretty Debug", &format!("{record:#?}"));
    let json = serde_json::to_string(&record).unwrap();
    assert_clean("serde_json", &json);
    assert!(json.contains(REDACTED));
    // The test itself can fail: the planted values are really there.
    let acme = gate::<ThirdPartyMarketing>("Acme", "Acme", Rules::default());
    let cleared = acme.check(&record).unwrap();
    let name = cleared.get::<field::ParentName>().unwrap().unwrap();
    assert!(planted().contains(name));
}

#[test]
fn a_clearance_and_its_refusals_hold_no_gated_value() {
    let (party, acme) = (
        gate::<PoliticalCampaigning>("Agency", "Party", Rules::default()),
        gate::<ThirdPartyMarketing>("Acme", "Acme", Rules::default()),
    );
    let (record, narrow) = (record(1, scope()), record(1, narrow()));
    let refused = party.check(&record).unwrap_err();
    // A record that passes, with no explicit grant: its children's and
    // health fields are refused one by one.
    let cleared = acme.check(&narrow).unwrap();
    let refusals = [refused].into_iter().chain(
        category::BUILTIN
            .into_iter()
            .filter_map(|c| cleared.decide(c).err()),
    );
    let (shown_clearance, shown_gate) = (format!("{cleared:?}"), format!("{party:?}"));
    assert_clean("Clearance Debug", &shown_clearance);
    assert_clean("Gate Debug", &shown_gate);
    // They still say what they are about.
    assert!(
        shown_clearance.contains("SubjectId(1)") && shown_clearance.contains("ThirdPartyMarketing"),
        "{shown_clearance}"
    );
    assert!(matches!(refused, Refusal::PurposeNotDisclosed { .. }));
    assert!(
        shown_gate.contains("\"Agency\"") && shown_gate.contains("\"Party\""),
        "{shown_gate}"
    );
    let mut seen = 0;
    for refusal in refusals {
        seen += 1;
        assert_clean("refusal Display", &refusal.to_string());
        assert_clean("refusal Debug", &format!("{refusal:?}"));
        assert_clean("refusal serde", &serde_json::to_string(&refusal).unwrap());
    }
    assert!(seen > 1, "field refusals were checked too");
}

#[test]
fn scope_errors_name_consent_dates_only() {
    let err = ConsentScope::builder(Purposes::all(), notice_without_politics(), at(2016, 9, 1))
        .withdrawn_at(at(2015, 1, 1))
        .build()
        .unwrap_err();
    assert_clean("ScopeError", &err.to_string());
}

#[test]
fn every_public_type_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Record>();
    check::<Record<Gated<String, category::Pregnancy>>>();
    check::<ConsentScope>();
    check::<Gate<PoliticalCampaigning>>();
    check::<Clearance<'static, PoliticalCampaigning>>();
    check::<Declaration<ThirdPartyMarketing>>();
    check::<Rules>();
    check::<Refusal>();
    check::<Gated<String, category::ChildBirthDate>>();
    check::<ScopeError>();
    check::<DeclarationError>();
    // An export is a builder used once, on one thread at a time: `Send`,
    // so that it can run on another thread, not `Sync`.
    fn send<T: Send>() {}
    send::<consent_gate::export::Export<'static, PoliticalCampaigning, PoliticalSchema>>();
    check::<consent_gate::export::Receipt>();
    check::<consent_gate::export::BuyerFile>();
    check::<consent_gate::export::ExportError>();
    check::<consent_gate::crm::CsvRecords<&'static [u8]>>();
    check::<consent_gate::crm::JsonLinesRecords<&'static [u8]>>();
    check::<consent_gate::crm::ReadError>();
    check::<consent_gate::crm::CrmRow>();
    check::<consent_gate::oracle::Violation>();
}

/// An export's `Debug` says what it is for (the declaration, its format
/// and rules for bad rows) and nothing else.
#[test]
fn an_export_shows_its_declaration_in_debug() {
    let gate = gate::<PoliticalCampaigning>("Agency", "Party", Rules::default());
    let shown = format!(
        "{:?}",
        consent_gate::export::Export::new(&gate)
            .on_bad_row(consent_gate::export::OnBadRow::SetAside)
    );
    assert!(shown.starts_with("Export"), "{shown}");
    assert!(
        shown.contains("\"Agency\"") && shown.contains("\"Party\""),
        "{shown}"
    );
    assert!(
        shown.contains("SetAside") && shown.contains("Csv"),
        "{shown}"
    );
    assert_clean("Export Debug", &shown);
}
