//! Derived fields end to end: what an export of them writes and counts,
//! that they are opened only under their source's decision, that the
//! oracle (written apart from the gate) agrees with every derived value,
//! and that no derived value, bought twice at instants a buyer chooses,
//! pins a birth date closer than a year.

mod common;

use chrono::{Duration, NaiveDate};
use common::crm::*;
use common::*;
use consent_gate::Rules;
use consent_gate::crm::{CrmRow, read_csv, read_json_lines};
use consent_gate::export::{BuyerFile, Export, Format};
use consent_gate::field::ParentName;
use consent_gate::field::derived::{
    ChildBirthYears, MotherAge, MotherAgeBand, PostTown, PostcodeDistrict, YoungestChildAgeBand,
};
use consent_gate::oracle;
use consent_gate::purpose::{PurposeKind, Research};

type Minimal = (
    ParentName,
    MotherAge,
    MotherAgeBand,
    ChildBirthYears,
    YoungestChildAgeBand,
    PostcodeDistrict,
    PostTown,
);

fn research_row(id: u64) -> CrmRow {
    CrmRow {
        purposes: "broad".into(),
        child_birth_dates: "2015-11-23;2017-02-01".into(),
        postcode: "ls1 4pl".into(),
        ..good_row(id)
    }
}

fn export(format: Format, rows: &[CrmRow]) -> (consent_gate::export::Receipt, Vec<u8>) {
    let gate = common::gate::<Research>("Broker", "Broker", Rules::default());
    let mut out = Vec::new();
    let input = csv_of(rows);
    let receipt = Export::<_, Minimal>::with_schema(&gate)
        .format(format)
        .write(read_csv(input.as_bytes()), &mut out)
        .unwrap();
    (receipt, out)
}

#[test]
fn an_export_of_derived_fields_writes_coarse_values_and_counts_them() {
    // Exported 1 May 2017: ages are taken on 1 January 2017.
    let (receipt, out) = export(Format::Csv, &[research_row(1)]);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "subject_id,parent_name,mother_age,mother_age_band,child_birth_years,\
         youngest_child_age_band,postcode_district,post_town\n\
         1,Jane Planted-Name,29,25-34,2015;2017,0,LS1,Leeds\n"
    );
    for exact in ["1987", "06-14", "11-23", "4PL"] {
        assert!(!text.contains(exact), "{exact} in {text}");
    }
    let counted = |field: &str| {
        let v = receipt.values_emitted[field];
        (v.exact, v.coarsened)
    };
    assert_eq!(counted("parent_name"), (1, 0));
    assert_eq!(counted("mother_birth_date"), (0, 2));
    assert_eq!(counted("child_birth_dates"), (0, 2));
    assert_eq!(counted("address"), (0, 2));
    assert!(receipt.reconciles());

    let (_, json) = export(Format::JsonLines, &[research_row(1)]);
    let object: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(object["mother_age"], 29);
    assert_eq!(object["child_birth_years"], serde_json::json!([2015, 2017]));
    assert_eq!(object["postcode_district"], "LS1");
}

#[test]
fn a_derived_field_is_withheld_where_its_source_is() {
    // No grant for children's data: the birth years and the band go too.
    let row = CrmRow {
        categories: String::new(),
        ..research_row(1)
    };
    let (receipt, out) = export(Format::JsonLines, &[row]);
    let object: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(object.get("child_birth_years").is_none(), "{object}");
    assert!(object.get("youngest_child_age_band").is_none(), "{object}");
    assert_eq!(object["mother_age_band"], "25-34");
    assert_eq!(
        receipt.withheld["child_birth_date"].values().sum::<u64>(),
        2
    );
    assert_eq!(receipt.values_emitted["child_birth_dates"].coarsened, 0);
}

#[test]
fn the_oracle_agrees_with_every_derived_value_and_catches_a_wrong_one() {
    let rows: Vec<CrmRow> = (1..=20)
        .map(|id| CrmRow {
            mother_birth_date: format!("19{}-0{}-1{}", 70 + id, 1 + id % 9, id % 10),
            child_birth_dates: if id % 3 == 0 {
                String::new()
            } else {
                format!("201{}-12-3{}", id % 8, id % 2)
            },
            ..research_row(id)
        })
        .collect();
    let buyer = BuyerFile::new("Broker", "Broker", PurposeKind::Research, as_of()).unwrap();
    let broker = broker(Rules::default());
    for format in [Format::Csv, Format::JsonLines] {
        let (_, out) = export(format, &rows);
        let buyer = buyer.clone().with_format(format);
        let found = oracle::violations(&rows, &buyer, &broker, &out).unwrap();
        assert!(found.is_empty(), "{format:?}: {found:?}");
    }
    // One age off by a year is a violation of that column.
    let one = [research_row(1)];
    let (_, out) = export(Format::Csv, &one);
    let text = String::from_utf8(out).unwrap();
    let wrong = text.replace(",29,25-34,", ",30,25-34,");
    assert_ne!(text, wrong);
    let found = oracle::violations(&one, &buyer, &broker, wrong.as_bytes()).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].column, "mother_age");
}

#[test]
fn a_malformed_postcode_is_an_error_at_read_time_naming_the_field() {
    for bad in ["LS1 4P", "4PL LS1", "=SUM(A1)", "LS1 4PL X"] {
        let row = CrmRow {
            postcode: bad.into(),
            ..good_row(7)
        };
        for error in [
            read_csv(csv_of(std::slice::from_ref(&row)).as_bytes())
                .next()
                .unwrap()
                .unwrap_err(),
            read_json_lines(jsonl_of(&[row]).as_bytes())
                .next()
                .unwrap()
                .unwrap_err(),
        ] {
            assert_eq!(error.code(), "not_a_postcode");
            assert_eq!(error.field(), Some("postcode"));
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains(bad), "{shown}");
        }
    }
    // None at all is no postcode, not a bad one.
    let row = CrmRow {
        postcode: String::new(),
        ..good_row(7)
    };
    assert!(row.to_record_at(1).is_ok());
}

/// What a buyer sees of a birth date through the age fields at an export
/// day.
fn seen(born: NaiveDate, today: NaiveDate) -> (Option<String>, Option<String>) {
    let gate = |day: NaiveDate| {
        let as_of = day.and_hms_opt(12, 0, 0).unwrap().and_utc();
        broker(Rules::default())
            .gate(consent_gate::Declaration::<Research>::new("Broker", "Broker", as_of).unwrap())
            .unwrap()
    };
    let row = CrmRow {
        mother_birth_date: born.format("%Y-%m-%d").to_string(),
        ..research_row(1)
    };
    let record = row.to_record_at(1).unwrap();
    let gate = gate(today);
    let clearance = gate.check(&record).unwrap();
    (
        clearance
            .open::<MotherAge>()
            .unwrap()
            .map(|a| a.to_string()),
        clearance
            .open::<MotherAgeBand>()
            .unwrap()
            .map(|b| b.into_owned()),
    )
}

/// For birth dates and two export days a buyer picks, every birth date
/// that shows the same ages and bands on both days: the buyer cannot tell
/// them apart. They always span at least a year around the true date.
#[test]
fn buying_twice_never_pins_a_birth_date_closer_than_a_year() {
    // Candidates from 1982 to 1989; the births tested, 1984 to 1987, have
    // two years of candidates on either side.
    let first = NaiveDate::from_ymd_opt(1982, 1, 1).unwrap();
    let candidates: Vec<NaiveDate> = (0..365 * 8).map(|d| first + Duration::days(d)).collect();
    let days = [
        (2017, 5, 1),
        (2017, 6, 14),
        (2017, 6, 15),
        (2017, 12, 31),
        (2018, 1, 1),
        (2018, 6, 14),
        (2020, 2, 29),
    ]
    .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap());
    // The ages of every candidate on every day, computed once.
    let views: Vec<Vec<_>> = candidates
        .iter()
        .map(|born| days.iter().map(|today| seen(*born, *today)).collect())
        .collect();
    let tested = (365 * 2..365 * 6).step_by(37).chain([365 * 2, 365 * 6 - 1]);
    for b in tested {
        let born = &candidates[b];
        for i in 0..days.len() {
            for j in i..days.len() {
                let alike: Vec<NaiveDate> = candidates
                    .iter()
                    .zip(&views)
                    .filter(|(_, v)| v[i] == views[b][i] && v[j] == views[b][j])
                    .map(|(c, _)| *c)
                    .collect();
                let span = *alike.last().unwrap() - alike[0];
                assert!(
                    alike.contains(born) && span >= Duration::days(364),
                    "born {born}, bought {} and {}: {} to {}",
                    days[i],
                    days[j],
                    alike[0],
                    alike.last().unwrap()
                );
            }
        }
    }
}

/// Research gets the minimised schema by default: bands and districts, no
/// name, no contact detail, no exact date, and the oracle agrees.
#[test]
fn a_research_export_holds_no_exact_date_unless_the_rules_say_why() {
    use consent_gate::export::OnBadRow;
    use consent_gate::schema::FullSchema;
    use consent_gate::synthetic::{self, Synthetic};
    let data = Synthetic::new(300, 11);
    let mut dump = Vec::new();
    data.write_csv(&mut dump).unwrap();
    let rows: Vec<CrmRow> = data.rows().collect();
    let buyer = BuyerFile::new(
        synthetic::BROKER,
        synthetic::BROKER,
        PurposeKind::Research,
        as_of(),
    )
    .unwrap();
    let minimising = synthetic::broker();
    let mut out = Vec::new();
    let receipt = buyer
        .job(&minimising)
        .on_bad_row(OnBadRow::SetAside)
        .write(read_csv(dump.as_slice()), &mut out)
        .unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(receipt.records_emitted > 50, "{}", receipt.records_emitted);
    assert_eq!(
        text.lines().next(),
        Some(
            "subject_id,mother_age_band,children_under_five,child_birth_years,\
             youngest_child_age_band,postcode_district,post_town"
        )
    );
    let date = |s: &str| s.len() >= 10 && NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").is_ok();
    assert!(
        !text.split([',', ';', '\n']).any(date),
        "an exact date in {text}"
    );
    assert_eq!(receipt.exact_data_reason, None);
    assert!(
        oracle::violations(&rows, &buyer, &minimising, &out)
            .unwrap()
            .is_empty()
    );

    // A schema naming exact fields gets them withheld, with the reason.
    let gate = minimising
        .gate(
            consent_gate::Declaration::<Research>::new(
                synthetic::BROKER,
                synthetic::BROKER,
                as_of(),
            )
            .unwrap(),
        )
        .unwrap();
    let mut out = Vec::new();
    let receipt = Export::<_, FullSchema>::with_schema(&gate)
        .on_bad_row(OnBadRow::SetAside)
        .write(read_csv(dump.as_slice()), &mut out)
        .unwrap();
    assert!(receipt.withheld["adult_birth_date"]["exact_value_not_needed"] > 0);
    assert_eq!(receipt.values_emitted["mother_birth_date"].exact, 0);
    assert!(
        oracle::violations(&rows, &buyer, &minimising, &out)
            .unwrap()
            .is_empty()
    );

    // Where the rules record why, the job exports exact values and the
    // receipt says why; the oracle knows the rules too.
    let reason = "linkage to maternity records";
    let rules = minimising
        .rules()
        .clone()
        .with_exact_data_for(PurposeKind::Research, reason)
        .unwrap();
    let exact = consent_gate::Broker::builder(
        minimising.organisations().clone(),
        minimising.notices().clone(),
    )
    .rules(rules)
    .suppression(minimising.suppression().clone())
    .build();
    let mut out = Vec::new();
    let receipt = buyer
        .job(&exact)
        .on_bad_row(OnBadRow::SetAside)
        .write(read_csv(dump.as_slice()), &mut out)
        .unwrap();
    assert_eq!(receipt.exact_data_reason.as_deref(), Some(reason));
    assert!(receipt.values_emitted["mother_birth_date"].exact > 0);
    assert!(
        oracle::violations(&rows, &buyer, &exact, &out)
            .unwrap()
            .is_empty()
    );
    // The minimising broker's oracle catches those exact values.
    assert!(
        !oracle::violations(&rows, &buyer, &minimising, &out)
            .unwrap()
            .is_empty()
    );
}
