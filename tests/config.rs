//! The broker's configuration file: strict, every error names its key and
//! none repeats a value, and what is written reads back the same.

use consent_gate::config::{ConfigError, ConfigProblem};
use consent_gate::{Broker, synthetic};
use serde_json::{Value, json};

/// A valid configuration, as JSON.
fn valid() -> Value {
    json!({
        "controller": "Emma's Diary Ltd",
        "organisations": [
            {"name": "Acme Baby Products Ltd", "kind": "commercial"},
            {"name": "Credit Agency Marketing Services", "kind": "agency",
             "acts_for": ["A Political Party"]},
            {"name": "A Political Party", "kind": "political_party"}
        ],
        "notices": [
            {"version": 1, "published_at": "2014-01-01T00:00:00Z",
             "purposes": ["service_delivery", "marketing_post", "third_party_marketing"],
             "recipients": ["Acme Baby Products Ltd"], "recipient_kinds": ["commercial"]},
            {"version": 2, "published_at": "2016-06-01T09:00:00+01:00", "purposes": ["broad"]}
        ],
        "rules": {"child_age": 13, "indirect_consent_max_months": 6,
                  "third_party_consent_max_months": null},
        "suppression": {"subject_ids": [104233], "phones": ["07700 900123"],
                        "emails": ["jane@planted.example"],
                        "names_and_postcodes": [{"name": "Jane Planted-Name", "postcode": "LS1 4PL"}]}
    })
}

fn read(value: &Value) -> Result<Broker, ConfigError> {
    Broker::from_json(&serde_json::to_vec(value).unwrap())
}

/// Changes one key of the valid configuration and returns the error.
fn error_after(change: impl FnOnce(&mut Value)) -> ConfigError {
    let mut value = valid();
    change(&mut value);
    read(&value).unwrap_err()
}

#[test]
fn a_valid_configuration_reads_and_says_what_it_holds() {
    let broker = read(&valid()).unwrap();
    assert_eq!(broker.controller().as_str(), "Emma's Diary Ltd");
    assert_eq!(broker.notices().len(), 2);
    assert_eq!(broker.rules().child_age(), 13);
    assert_eq!(broker.rules().third_party_consent_max_months(), None);
    assert!(broker.suppression().has_phone("+44 7700 900123"));
    assert!(
        broker
            .suppression()
            .has_name_and_postcode("jane planted-name", "ls14pl")
    );
}

#[test]
fn the_receipt_hash_is_the_files() {
    let bytes = serde_json::to_vec_pretty(&valid()).unwrap();
    let broker = Broker::from_json(&bytes).unwrap();
    assert_eq!(broker.config_sha256(), sha256(&bytes));
}

#[test]
fn what_is_written_reads_back_the_same_with_the_same_hash() {
    for broker in [read(&valid()).unwrap(), synthetic::broker()] {
        let written = broker.to_json();
        let back = Broker::from_json(&written).unwrap();
        assert_eq!(back.to_json(), written);
        assert_eq!(back.organisations(), broker.organisations());
        assert_eq!(back.notices(), broker.notices());
        assert_eq!(back.rules(), broker.rules());
        assert_eq!(back.suppression(), broker.suppression());
        assert_eq!(back.config_sha256(), sha256(&written));
    }
    // A broker built in code has the hash of what it writes.
    let built = synthetic::broker();
    assert_eq!(built.config_sha256(), sha256(&built.to_json()));
}

fn sha256(bytes: &[u8]) -> String {
    <sha2::Sha256 as sha2::Digest>::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn every_error_names_its_key() {
    type Change = Box<dyn FnOnce(&mut Value)>;
    let cases: Vec<(&str, Change)> = vec![
        (
            "controller",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("controller"))),
        ),
        (
            "organisations",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("organisations"))),
        ),
        (
            "notices",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("notices"))),
        ),
        (
            "rules",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("rules"))),
        ),
        (
            "suppression",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("suppression"))),
        ),
        ("child_agee", Box::new(|v| v["child_agee"] = json!(1))),
        (
            "rules.child_ages",
            Box::new(|v| v["rules"]["child_ages"] = json!(1)),
        ),
        (
            "rules.child_age",
            Box::new(|v| v["rules"]["child_age"] = json!(300)),
        ),
        (
            "rules.child_age",
            Box::new(|v| v["rules"]["child_age"] = json!("13")),
        ),
        (
            "rules.indirect_consent_max_months",
            Box::new(|v| v["rules"]["indirect_consent_max_months"] = json!(-1)),
        ),
        (
            "organisations[1].kind",
            Box::new(|v| v["organisations"][1]["kind"] = json!("broker")),
        ),
        (
            "organisations[0].name",
            Box::new(|v| {
                drop(
                    v["organisations"][0]
                        .as_object_mut()
                        .unwrap()
                        .remove("name"),
                )
            }),
        ),
        (
            "organisations",
            Box::new(|v| v["organisations"][1]["acts_for"] = json!(["Nobody"])),
        ),
        (
            "organisations",
            Box::new(|v| v["organisations"][2]["name"] = json!(" acme baby products LTD")),
        ),
        (
            "notices[0].published_at",
            Box::new(|v| v["notices"][0]["published_at"] = json!("2014-01-01")),
        ),
        (
            "notices[0].purposes[1]",
            Box::new(|v| v["notices"][0]["purposes"][1] = json!("politics")),
        ),
        (
            "notices[1].purposes",
            Box::new(|v| drop(v["notices"][1].as_object_mut().unwrap().remove("purposes"))),
        ),
        (
            "notices[0].recipient_kinds[0]",
            Box::new(|v| v["notices"][0]["recipient_kinds"][0] = json!("partners")),
        ),
        (
            "notices",
            Box::new(|v| v["notices"][1]["version"] = json!(1)),
        ),
        (
            "notices[0].version",
            Box::new(|v| v["notices"][0]["version"] = json!(1.5)),
        ),
        (
            "suppression.subject_ids[0]",
            Box::new(|v| v["suppression"]["subject_ids"][0] = json!("104233")),
        ),
        (
            "suppression.names_and_postcodes[0].postcode",
            Box::new(|v| {
                drop(
                    v["suppression"]["names_and_postcodes"][0]
                        .as_object_mut()
                        .unwrap()
                        .remove("postcode"),
                )
            }),
        ),
        (
            "suppression.phones",
            Box::new(|v| v["suppression"]["phones"] = json!("07700 900123")),
        ),
    ];
    for (key, change) in cases {
        let err = error_after(change);
        assert_eq!(err.key, key, "{err}");
        assert!(err.to_string().contains(&format!("`{key}`")), "{err}");
    }
}

#[test]
fn no_error_repeats_a_value() {
    let planted = [
        "07700 900123",
        "jane@planted.example",
        "Jane Planted-Name",
        "LS1 4PL",
    ];
    let errors = [
        error_after(|v| v["suppression"]["subject_ids"][0] = json!("07700 900123")),
        error_after(|v| v["suppression"]["jane@planted.example"] = json!(1)),
        error_after(|v| v["rules"]["child_age"] = json!("Jane Planted-Name")),
        error_after(|v| v["notices"][0]["published_at"] = json!("LS1 4PL")),
        Broker::from_json(b"{\"controller\": 07700 900123}").unwrap_err(),
    ];
    for err in errors {
        let shown = format!("{err} {err:?}");
        for value in planted {
            assert!(!shown.contains(value), "{shown}");
        }
    }
    assert!(matches!(
        Broker::from_json(b"{").unwrap_err().problem,
        ConfigProblem::NotJson { line: 1, .. }
    ));
}

/// A broker inside another document reads through the same checks, and
/// its hash is that of its canonical form, whatever the document's layout.
#[test]
fn a_broker_deserializes_through_the_checks() {
    let broker = read(&valid()).unwrap();
    let as_value = serde_json::to_value(&broker).unwrap();
    let again: Broker = serde_json::from_value(as_value.clone()).unwrap();
    assert!(
        again.to_json() == broker.to_json(),
        "the same configuration"
    );
    assert_eq!(again.config_sha256(), sha256(&broker.to_json()));
    let mut bad = as_value;
    bad["notices"][0]["published_at"] = "2014-01-01".into();
    let err = serde_json::from_value::<Broker>(bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("notices[0].published_at"), "{err}");
}

/// A purpose a notice names twice, or names beside `broad` which holds it,
/// is disclosed once: repeating it never takes it away.
#[test]
fn a_purpose_named_twice_is_still_disclosed() {
    let disclosed = |purposes: Value| {
        let mut value = valid();
        value["notices"][0]["purposes"] = purposes;
        let broker = read(&value).unwrap();
        let notice = broker.notices().iter().next().unwrap().clone();
        notice.disclosed()
    };
    let once = disclosed(json!(["marketing_post"]));
    assert_eq!(disclosed(json!(["marketing_post", "marketing_post"])), once);
    assert!(once.contains(consent_gate::Purposes::MARKETING_POST));
    let broad = disclosed(json!(["broad"]));
    assert_eq!(disclosed(json!(["broad", "marketing_post"])), broad);
    assert_eq!(
        disclosed(json!(["marketing_post", "broad", "broad"])),
        broad
    );
}

/// `rules.exact_data` records why research or profiling needs exact
/// values: read, written back with the same hash, and refused where it
/// names a purpose that does not minimise, a blank reason, or no purpose.
#[test]
fn exact_data_reasons_read_write_back_and_refuse_what_they_cannot_be() {
    let mut value = valid();
    let without = read(&value).unwrap();
    assert_eq!(without.rules().exact_data().count(), 0);
    value["rules"]["exact_data"] = json!({"research": " linkage to maternity records "});
    let with = read(&value).unwrap();
    assert_eq!(
        with.rules()
            .exact_data_reason(consent_gate::PurposeKind::Research),
        Some("linkage to maternity records")
    );
    assert_ne!(with.config_sha256(), without.config_sha256());
    let back = Broker::from_json(&with.to_json()).unwrap();
    assert_eq!(back.rules(), with.rules());
    assert_eq!(back.to_json(), with.to_json());
    // A configuration without it writes no such key, so its hash is what
    // it always was.
    assert!(
        !String::from_utf8(without.to_json())
            .unwrap()
            .contains("exact_data")
    );
    for (bad, key) in [
        (
            json!({"marketing_post": "because"}),
            "rules.exact_data.marketing_post",
        ),
        (json!({"research": "  "}), "rules.exact_data.research"),
        (json!({"research": 7}), "rules.exact_data.research"),
        (json!({"jane@planted.example": "x"}), "rules.exact_data"),
        (json!(["research"]), "rules.exact_data"),
    ] {
        let err = error_after(|v| v["rules"]["exact_data"] = bad.clone());
        assert_eq!(err.key, key, "{bad}: {err}");
        assert!(!err.to_string().contains("jane"), "{err}");
    }
}

/// `notices[].ids` and `platforms` (the importers' names) read, write back
/// with the same hash, and are left out of a configuration without them,
/// whose hash is what it always was. Errors name the section, never a
/// platform's name (which may be anything a platform holds).
#[test]
fn platform_names_and_notice_ids_read_write_back_and_refuse_what_they_cannot_be() {
    use consent_gate::platforms::Platform;
    let example = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/import/broker.json"
    ))
    .unwrap();
    let broker = Broker::from_json(&example).unwrap();
    let kantara = broker.platforms().names(Platform::Kantara);
    assert!(kantara.purpose("Offers from our partners").is_some());
    assert!(kantara.purpose("Offers from our partners ").is_some());
    assert!(kantara.purpose("offers from our partners").is_none());
    assert_eq!(
        broker
            .notices()
            .by_id("https://www.emmasdiary.example/privacy/2015")
            .map(|n| n.version().0),
        Some(3)
    );
    let back = Broker::from_json(&broker.to_json()).unwrap();
    assert_eq!(back.platforms(), broker.platforms());
    assert_eq!(back.notices(), broker.notices());
    assert_eq!(back.to_json(), broker.to_json());
    let plain = String::from_utf8(read(&valid()).unwrap().to_json()).unwrap();
    assert!(!plain.contains("platforms") && !plain.contains("\"ids\""));

    let planted = "jane@planted.example";
    for (bad, key) in [
        (
            json!({"kantara": {"purposes": {planted: {"purposes": []}}}}),
            "platforms.kantara.purposes",
        ),
        (
            json!({"kantara": {"purposes": {planted: {"purposes": ["no_such"]}}}}),
            "platforms.kantara.purposes.purposes[0]",
        ),
        (
            json!({"dpv": {"purposes": {"dpv:Marketing": {"purposes": ["political_campaigning"]}}}}),
            "platforms.dpv.purposes",
        ),
        (
            json!({"dpv": {"purposes": {"dpv:PoliticalCampaign": {"purposes": ["political_campaigning"]}}}}),
            "platforms.dpv.purposes",
        ),
        (
            json!({"dpv": {"categories": {"pd:BirthDate": ["child_birth_date"]}}}),
            "platforms.dpv.categories",
        ),
        (
            json!({"salesforce": {"categories": {planted: ["shoe_size"]}}}),
            "platforms.salesforce.categories[0]",
        ),
        (
            json!({"salesforce": {"recipients": {planted: 7}}}),
            "platforms.salesforce.recipients",
        ),
        (json!({"facebook": {}}), "platforms.facebook"),
        (
            json!({"kantara": {"purposes": {planted: {"purposes": ["research"], "extra": 1}}}}),
            "platforms.kantara.purposes.extra",
        ),
    ] {
        let err = error_after(|v| v["platforms"] = bad.clone());
        assert_eq!(err.key, key, "{bad}: {err}");
        assert!(!format!("{err} {err:?}").contains("jane"), "{err}");
    }
    let err = error_after(|v| {
        v["notices"][0]["ids"] = json!(["https://b.example/n"]);
        v["notices"][1]["ids"] = json!(["https://b.example/n"]);
    });
    assert_eq!(err.key, "notices", "{err}");
}
