//! The examples run, so they cannot rot: the main job on a small synthetic
//! dataset, and the custom-field example.

use std::path::PathBuf;
use std::process::Command;

use consent_gate::synthetic;
use sha2::Digest;

/// The example binary `cargo test` built beside this test.
fn example(name: &str) -> Command {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let built = dir.join("examples").join(name);
    if built.exists() {
        Command::new(built)
    } else {
        let mut cargo = Command::new(env!("CARGO"));
        cargo.args(["run", "--quiet", "--example", name, "--"]);
        cargo
    }
}

#[test]
fn the_main_job_runs_on_a_small_dataset() {
    let target = std::env::temp_dir().join(format!("consent-gate-example-{}", std::process::id()));
    let output = example("crm_export")
        .args(["--records", "3000"])
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dir = target.join("crm-export");
    let buyers = [
        "political",
        "retailer",
        "party_service",
        "agency_marketing",
        "own_email",
        "research",
    ];
    let mut names = vec!["crm_dump.csv".to_owned(), "broker.json".to_owned()];
    for buyer in buyers {
        names.push(format!("export_{buyer}.csv"));
        names.push(format!("export_{buyer}.csv.receipt.json"));
    }
    for name in &names {
        let path: PathBuf = dir.join(name);
        assert!(path.exists(), "{name} missing");
        assert!(
            stdout.contains(&path.display().to_string()),
            "{name} not printed"
        );
    }
    let config = std::fs::read(dir.join("broker.json")).unwrap();
    let config_sha256: String = sha2::Sha256::digest(&config)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let political = [synthetic::AGENCY, synthetic::PARTY];
    for buyer in buyers {
        let receipt = dir.join(format!("export_{buyer}.csv.receipt.json"));
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(receipt).unwrap()).unwrap();
        let n = |k: &str| json[k].as_u64().unwrap();
        assert_eq!(n("records_in"), 3000);
        assert_eq!(
            n("records_in"),
            n("records_emitted") + n("records_dropped") + n("records_set_aside")
        );
        assert_eq!(json["config_sha256"], config_sha256.as_str(), "{buyer}");
        // An export to anyone political is political campaigning, or
        // nothing at all; and it never holds a child's birth date or a due
        // date.
        let to_politics = ["buyer", "end_recipient"]
            .iter()
            .any(|k| political.contains(&json[k].as_str().unwrap()));
        if to_politics {
            assert!(
                json["purpose"] == "political_campaigning" || n("records_emitted") == 0,
                "{buyer}: {json}"
            );
            let output = std::fs::read(dir.join(format!("export_{buyer}.csv"))).unwrap();
            let mut reader = csv::Reader::from_reader(output.as_slice());
            let header = reader.headers().unwrap().clone();
            for record in reader.records() {
                let record = record.unwrap();
                for (column, cell) in header.iter().zip(record.iter()) {
                    assert!(
                        cell.is_empty() || !matches!(column, "child_birth_dates" | "due_date"),
                        "{buyer}: {column}"
                    );
                }
            }
        }
    }
    for (buyer, reason) in [
        ("party_service", "not_the_controller"),
        ("agency_marketing", "political_recipient"),
    ] {
        let receipt = dir.join(format!("export_{buyer}.csv.receipt.json"));
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(receipt).unwrap()).unwrap();
        assert_eq!(json["declaration_refused"], reason);
        assert_eq!(json["records_emitted"], 0);
        assert_eq!(
            json["dropped"][reason],
            3000 - json["records_set_aside"].as_u64().unwrap()
        );
        assert!(stdout.contains(&format!("declaration refused: {reason}")));
    }
    // The research export holds no exact date, name or contact detail.
    let research = std::fs::read_to_string(dir.join("export_research.csv")).unwrap();
    assert_eq!(
        research.lines().next(),
        Some(
            "subject_id,mother_age_band,children_under_five,child_birth_years,\
             youngest_child_age_band,postcode_district,post_town"
        )
    );
    assert!(
        research.lines().count() > 100,
        "{}",
        research.lines().count()
    );
    let receipt: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("export_research.csv.receipt.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(receipt["values_emitted"]["mother_birth_date"]["exact"], 0);
    assert!(
        receipt["values_emitted"]["mother_birth_date"]["coarsened"]
            .as_u64()
            .unwrap()
            > 100
    );
    assert!(receipt["exact_data_reason"].is_null());
    assert!(stdout.contains("records dropped, by reason"));
    std::fs::remove_dir_all(&target).unwrap();
}

#[test]
fn the_custom_field_example_runs() {
    let output = example("custom_field").output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("feeding withheld: category `infant_feeding` not explicitly granted"));
    // The export carries the ordinary custom field and withholds the
    // health one: its value appears nowhere.
    assert!(
        stdout.contains("subject_id,parent_name,loyalty_tier,infant_feeding\n7,Jane Doe,gold,\n")
    );
    assert!(!stdout.contains("formula"), "{stdout}");
    let record_line = stdout.lines().next().unwrap();
    assert!(record_line.starts_with("the record prints as"));
    for value in ["Jane Doe", "gold", "formula"] {
        assert!(
            !record_line.contains(value),
            "Debug leaks `{value}`: {record_line}"
        );
    }
}

/// Runs an example that checks itself (its asserts), and gives its output.
fn run_checked(name: &str) -> String {
    let output = example(name).output().unwrap();
    assert!(
        output.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The tutorial's program: the retailer gets the one mother who named it,
/// with her child's birth date; the receipt reads back and names the file.
#[test]
fn the_tutorial_runs() {
    let stdout = run_checked("tutorial");
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some(
            "subject_id,parent_name,address_line1,address_line2,address_town,address_postcode,\
             email,phone,mother_birth_date,children_under_five,child_birth_dates,due_date"
        )
    );
    assert!(
        lines
            .next()
            .is_some_and(|l| l.starts_with("1,Jane Doe,") && l.contains("2016-03-01"))
    );
    assert!(!stdout.contains("Mary Major") && !stdout.contains("Ann Other"));
    assert!(stdout.contains("3 in, 1 emitted, 2 dropped"), "{stdout}");
    assert!(stdout.contains("the receipt reconciles"), "{stdout}");
}

/// The cookbook's programs run, each checking its own results.
#[test]
fn the_cookbook_runs() {
    let in_memory = run_checked("cookbook_in_memory");
    assert!(in_memory.starts_with("{\"subject_id\":1,\"parent_name\":\"Jane Doe\",\"email\":"));
    assert!(!in_memory.contains("Mary"), "{in_memory}");
    let receipt = run_checked("cookbook_receipt");
    assert!(receipt.contains("political_campaigning"), "{receipt}");
    let threads = run_checked("cookbook_threads");
    assert_eq!(threads.lines().count(), 3, "{threads}");
    let import = run_checked("cookbook_import");
    assert!(
        import.starts_with("8 subjects read, 2 exported"),
        "{import}"
    );
    assert!(
        import.contains("refused: line 1 (record 1), key `services[0].purposes[1].purpose`"),
        "{import}"
    );
    assert!(
        !import.contains("Political outreach") && !import.contains("Grace"),
        "{import}"
    );
}
