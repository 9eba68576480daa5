//! The examples run, so they cannot rot: the main job on a small synthetic
//! dataset, and the custom-field example.

use std::path::PathBuf;
use std::process::Command;

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
    for name in [
        "crm_dump.csv",
        "export_political.csv",
        "export_political.csv.receipt.json",
        "export_retailer.csv",
        "export_retailer.csv.receipt.json",
    ] {
        let path: PathBuf = dir.join(name);
        assert!(path.exists(), "{name} missing");
        assert!(
            stdout.contains(&path.display().to_string()),
            "{name} not printed"
        );
    }
    for receipt in [
        "export_political.csv.receipt.json",
        "export_retailer.csv.receipt.json",
    ] {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(receipt)).unwrap()).unwrap();
        let n = |k: &str| json[k].as_u64().unwrap();
        assert_eq!(n("records_in"), 3000);
        assert_eq!(
            n("records_in"),
            n("records_emitted") + n("records_dropped") + n("records_set_aside")
        );
    }
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
