//! The `consent-gate` command, run as a process: what a CRM export job
//! and an auditor see (its files, its exit codes, its messages).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use consent_gate::export::Receipt;

const BIN: &str = env!("CARGO_BIN_EXE_consent-gate");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// One demo for the tests that read its files (they copy what they
/// change).
fn demo() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = run(&[
            "demo",
            "--records",
            "2500",
            "--out",
            dir.path().to_str().unwrap(),
            "-q",
        ]);
        assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
        dir
    })
    .path()
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_owned()
}

fn verify(dir: &Path, name: &str, output: &Path, receipt: &Path) -> Output {
    run(&[
        "verify",
        "--config",
        &path(demo(), "broker.json"),
        "--input",
        &path(demo(), "crm_dump.csv"),
        "--buyer",
        &path(dir, &format!("{name}.json")),
        "--output",
        output.to_str().unwrap(),
        "--receipt",
        receipt.to_str().unwrap(),
    ])
}

fn sha256(bytes: &[u8]) -> String {
    <sha2::Sha256 as sha2::Digest>::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_demo_writes_every_file_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "demo",
        "--records",
        "1200",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let mut named = 0;
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("wrote ") else {
            continue;
        };
        let first = rest.split([' ', '(']).next().unwrap();
        assert!(Path::new(first).is_file(), "{first}");
        if let Some((_, second)) = rest.split_once(" and ") {
            assert!(Path::new(second.trim()).is_file(), "{second}");
        }
        named += 1;
    }
    // The dump, the configuration, and six exports with their receipts.
    assert_eq!(named, 8, "{text}");
    for name in ["retailer", "research", "political", "party_service"] {
        for file in [
            format!("{name}.json"),
            format!("{name}.csv"),
            format!("{name}.receipt.json"),
            format!("{name}.decisions.jsonl"),
        ] {
            assert!(dir.path().join(&file).is_file(), "{file}");
        }
    }
    assert!(
        text.contains("read the input 1 time(s) for 6 buyer(s)"),
        "{text}"
    );
    // Not a terminal: progress is plain lines (none at 1,200 records but
    // the last), on standard error.
    assert!(
        stderr(&out).contains("1200 records, done"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn verify_passes_on_the_demos_exports() {
    for name in [
        "retailer",
        "research",
        "own_email",
        "political",
        "party_service",
    ] {
        let out = verify(
            demo(),
            name,
            &demo().join(format!("{name}.csv")),
            &demo().join(format!("{name}.receipt.json")),
        );
        assert_eq!(code(&out), 0, "{name}: {}{}", stdout(&out), stderr(&out));
        assert!(stdout(&out).starts_with("verified"));
    }
}

/// A copy of the retailer's export and receipt to tamper with.
fn tampered() -> (
    tempfile::TempDir,
    PathBuf,
    PathBuf,
    Vec<u8>,
    serde_json::Value,
) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("retailer.csv");
    let receipt = dir.path().join("retailer.receipt.json");
    let bytes = std::fs::read(demo().join("retailer.csv")).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(demo().join("retailer.receipt.json")).unwrap())
            .unwrap();
    (dir, output, receipt, bytes, json)
}

#[test]
fn verify_fails_after_one_byte_of_the_output_is_changed() {
    let (_dir, output, receipt, mut bytes, json) = tampered();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'7' { b'8' } else { b'7' };
    std::fs::write(&output, &bytes).unwrap();
    std::fs::write(&receipt, serde_json::to_vec(&json).unwrap()).unwrap();
    let out = verify(demo(), "retailer", &output, &receipt);
    assert_eq!(code(&out), 5, "{}", stdout(&out));
    assert!(stdout(&out).contains("SHA-256"), "{}", stdout(&out));
}

#[test]
fn verify_fails_after_a_receipt_count_is_edited() {
    let (_dir, output, receipt, bytes, mut json) = tampered();
    let dropped = json["records_dropped"].as_u64().unwrap();
    json["records_dropped"] = (dropped - 1).into();
    std::fs::write(&output, &bytes).unwrap();
    std::fs::write(&receipt, serde_json::to_vec(&json).unwrap()).unwrap();
    let out = verify(demo(), "retailer", &output, &receipt);
    assert_eq!(code(&out), 5, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("do not reconcile"),
        "{}",
        stdout(&out)
    );
}

/// A refused subject's own values appended as a row, with the receipt's
/// hash and counts made to agree: only the value check can tell.
#[test]
fn verify_catches_a_refused_subjects_row_by_its_values() {
    let (_dir, output, receipt, mut bytes, mut json) = tampered();
    let log = std::fs::read_to_string(demo().join("retailer.decisions.jsonl")).unwrap();
    let (subject, reason) = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["outcome"] == "dropped" && l["reason"] == "purpose_not_disclosed")
        .map(|l| (l["subject_id"].as_u64().unwrap(), l["reason"].clone()))
        .unwrap();
    let mut dump = csv::Reader::from_path(demo().join("crm_dump.csv")).unwrap();
    let columns = dump.headers().unwrap().clone();
    let row = dump
        .records()
        .map(Result::unwrap)
        .find(|r| r.get(0) == Some(subject.to_string().as_str()))
        .unwrap();
    let header = String::from_utf8(bytes.clone()).unwrap();
    let header = header.lines().next().unwrap();
    let cells: Vec<String> = header
        .split(',')
        .map(|c| {
            let name = c
                .strip_prefix("address_")
                .filter(|n| *n == "town" || *n == "postcode");
            let name = name.unwrap_or(c);
            let at = columns.iter().position(|h| h == name);
            at.and_then(|i| row.get(i)).unwrap_or("").to_owned()
        })
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&cells).unwrap();
    bytes.extend(writer.into_inner().unwrap());
    std::fs::write(&output, &bytes).unwrap();
    json["output_sha256"] = sha256(&bytes).into();
    json["records_emitted"] = (json["records_emitted"].as_u64().unwrap() + 1).into();
    json["records_dropped"] = (json["records_dropped"].as_u64().unwrap() - 1).into();
    let reason = reason.as_str().unwrap();
    json["dropped"][reason] = (json["dropped"][reason].as_u64().unwrap() - 1).into();
    std::fs::write(&receipt, serde_json::to_vec(&json).unwrap()).unwrap();
    assert!(
        Receipt::from_json(&std::fs::read(&receipt).unwrap())
            .unwrap()
            .reconciles()
    );
    let out = verify(demo(), "retailer", &output, &receipt);
    let report = stdout(&out);
    assert_eq!(code(&out), 5, "{report}");
    assert!(
        !report.contains("SHA-256") && !report.contains("reconcile"),
        "{report}"
    );
    assert!(
        report.contains(&format!("subject {subject}, column")),
        "{report}"
    );
    // The report names subject, column and rule, never a value.
    let name = row.get(1).unwrap();
    assert!(!report.contains(name), "{report}");
}

/// Three buyers from a FIFO, which can be read only once: the export
/// reads it once and writes what three single-buyer runs write.
#[test]
fn export_reads_the_input_once_for_three_buyers() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("dump.fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let dump = std::fs::read(demo().join("crm_dump.csv")).unwrap();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, dump).unwrap())
    };
    let names = ["retailer", "research", "own_email"];
    let together = dir.path().join("together");
    let mut args = vec![
        "export".to_owned(),
        "--config".into(),
        path(demo(), "broker.json"),
        "--input".into(),
        fifo.to_str().unwrap().into(),
        "--out".into(),
        together.to_str().unwrap().into(),
        "--on-bad-row".into(),
        "set-aside".into(),
        "--decision-log".into(),
        "-q".into(),
    ];
    for name in names {
        args.extend(["--buyer".into(), path(demo(), &format!("{name}.json"))]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args);
    writer.join().unwrap();
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("read the input 1 time(s) for 3 buyer(s)"));
    for name in names {
        // The buyer's export alone, into `out`.
        let export_alone = |out: &Path, more: &[&str]| {
            let (config, input) = (path(demo(), "broker.json"), path(demo(), "crm_dump.csv"));
            let buyer = path(demo(), &format!("{name}.json"));
            let mut args = vec!["export", "--config", &config, "--input", &input];
            args.extend(["--out", out.to_str().unwrap(), "--buyer", &buyer]);
            args.extend(["--on-bad-row", "set-aside", "-q"]);
            args.extend(more);
            let done = run(&args);
            assert_eq!(code(&done), 0, "{}", stderr(&done));
        };
        let alone = dir.path().join(name);
        // One buyer: the export reads the dump itself, with its log; one
        // thread here, the cores available there: the same bytes.
        export_alone(&alone, &["--decision-log", "--threads", "1"]);
        for file in [
            format!("{name}.csv"),
            format!("{name}.receipt.json"),
            format!("{name}.decisions.jsonl"),
        ] {
            let a = std::fs::read(together.join(&file)).unwrap();
            let b = std::fs::read(alone.join(&file)).unwrap();
            assert!(a == b, "{file} differs");
            // The demo's own run (six buyers) wrote the same bytes too.
            assert!(a == std::fs::read(demo().join(&file)).unwrap(), "{file}");
        }
        // Without a log, on every core: the same output, and the same
        // receipt but for the log's hash.
        let fast = alone.join("fast");
        export_alone(&fast, &[]);
        let csv = format!("{name}.csv");
        assert!(
            std::fs::read(together.join(&csv)).unwrap() == std::fs::read(fast.join(&csv)).unwrap()
        );
        let receipt = |dir: &Path| {
            let file = dir.join(format!("{name}.receipt.json"));
            let mut receipt: serde_json::Value =
                serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
            receipt
                .as_object_mut()
                .unwrap()
                .remove("decision_log_sha256");
            receipt
        };
        assert_eq!(receipt(&together), receipt(&fast));
    }
}

#[test]
fn bad_arguments_and_inputs_have_their_exit_codes_and_name_the_problem() {
    // Bad arguments: clap's usage error.
    let out = run(&["export", "--config"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let out = run(&["frobnicate"]);
    assert_eq!(code(&out), 2);

    // A configuration with a bad key: 3, naming the file and the key.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("broker.json");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(demo().join("broker.json")).unwrap()).unwrap();
    json["rules"]["child_age"] = "07700 900123".into();
    std::fs::write(&config, serde_json::to_vec(&json).unwrap()).unwrap();
    let out = run(&["check-config", config.to_str().unwrap()]);
    assert_eq!(code(&out), 3);
    let message = stderr(&out);
    assert!(
        message.contains("broker.json") && message.contains("rules.child_age"),
        "{message}"
    );
    assert!(!message.contains("07700"), "{message}");

    // A file that is not there: 6.
    let out = run(&[
        "check-config",
        dir.path().join("none.json").to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 6, "{}", stderr(&out));

    // A declaration refused: its receipt is written, and the exit is 4.
    let out = run(&[
        "export",
        "--config",
        &path(demo(), "broker.json"),
        "--input",
        &path(demo(), "crm_dump.csv"),
        "--buyer",
        &path(demo(), "party_service.json"),
        "--out",
        dir.path().to_str().unwrap(),
        "--on-bad-row",
        "set-aside",
        "-q",
    ]);
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    assert!(dir.path().join("party_service.receipt.json").is_file());
    assert!(
        stderr(&out).contains("declaration refused"),
        "{}",
        stderr(&out)
    );

    // A bad row that stops the export: 3, naming file, line and field; no
    // output left behind.
    let out = run(&[
        "export",
        "--config",
        &path(demo(), "broker.json"),
        "--input",
        &path(demo(), "crm_dump.csv"),
        "--buyer",
        &path(demo(), "retailer.json"),
        "--out",
        dir.path().to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("crm_dump.csv: input: line "), "{message}");
    assert!(message.contains("field `"), "{message}");
    assert!(!dir.path().join("retailer.csv").exists());
}

#[test]
fn explain_says_why_for_one_subject_and_nothing_but_its_id() {
    let log = std::fs::read_to_string(demo().join("retailer.decisions.jsonl")).unwrap();
    let emitted = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["outcome"] == "emitted")
        .unwrap();
    let subject = emitted["subject_id"].as_u64().unwrap().to_string();
    let out = run(&[
        "explain",
        "--config",
        &path(demo(), "broker.json"),
        "--input",
        &path(demo(), "crm_dump.csv"),
        "--buyer",
        &path(demo(), "retailer.json"),
        &subject,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(&format!("subject {subject}")), "{text}");
    assert!(
        text.contains("emitted") && text.contains("relying on consent 0"),
        "{text}"
    );
    assert!(text.contains("child_birth_dates: "), "{text}");
    // No value of the subject's reaches the terminal.
    let mut dump = csv::Reader::from_path(demo().join("crm_dump.csv")).unwrap();
    let row = dump
        .records()
        .map(Result::unwrap)
        .find(|r| r.get(0) == Some(subject.as_str()))
        .unwrap();
    for value in row.iter().skip(1).take(11).filter(|v| v.len() > 3) {
        assert!(!text.contains(value), "{value} in {text}");
    }
    let out = run(&[
        "explain",
        "--config",
        &path(demo(), "broker.json"),
        "--input",
        &path(demo(), "crm_dump.csv"),
        "--buyer",
        &path(demo(), "retailer.json"),
        "999999999",
    ]);
    assert_eq!(code(&out), 3);
}

#[test]
fn check_config_says_what_it_declares_and_no_suppressed_contact() {
    let out = run(&["check-config", &path(demo(), "broker.json")]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    let broker = consent_gate::synthetic::broker();
    assert!(text.contains(broker.config_sha256()), "{text}");
    assert!(text.contains("notice v4"), "{text}");
    assert!(!text.contains("07700"), "{text}");
}

/// The numbers of a report page by their `data-count` keys.
fn counts(html: &str) -> Vec<(String, u64)> {
    html.split("data-count=\"")
        .skip(1)
        .map(|rest| {
            let (key, rest) = rest.split_once('"').unwrap();
            let (_, rest) = rest.split_once('>').unwrap();
            let (number, _) = rest.split_once('<').unwrap();
            (key.to_owned(), number.trim().parse().unwrap())
        })
        .collect()
}

/// The report opens in a headless browser (Chromium, where installed:
/// `.ci/run` installs it) and the numbers it shows are the receipt's.
#[test]
fn the_report_shows_the_receipts_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = run(&[
        "report",
        &path(demo(), "retailer.receipt.json"),
        "--decision-log",
        &path(demo(), "retailer.decisions.jsonl"),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "self-contained"
    );
    let shown = match Path::new("/usr/bin/chromium").is_file() {
        true => {
            let profile = dir.path().join("profile");
            let dom = Command::new("/usr/bin/chromium")
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    &format!("--user-data-dir={}", profile.display()),
                    "--dump-dom",
                    &format!("file://{}", page.display()),
                ])
                .output()
                .unwrap();
            let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
            // The browser built the document: it added the tables' bodies.
            assert!(dom.contains("<tbody>"), "{dom}");
            dom
        }
        false => {
            eprintln!("chromium not installed: the page's HTML checked, not its DOM");
            html.clone()
        }
    };
    let receipt =
        Receipt::from_json(&std::fs::read(demo().join("retailer.receipt.json")).unwrap()).unwrap();
    let shown = counts(&shown);
    let get = |key: &str| shown.iter().find(|(k, _)| k == key).map(|(_, n)| *n);
    assert_eq!(get("records_in"), Some(receipt.records_in));
    assert_eq!(get("records_emitted"), Some(receipt.records_emitted));
    assert_eq!(get("records_dropped"), Some(receipt.records_dropped));
    assert_eq!(get("records_set_aside"), Some(receipt.records_set_aside));
    for (reason, n) in &receipt.dropped {
        assert_eq!(get(&format!("dropped.{reason}")), Some(*n), "{reason}");
    }
    for (field, reasons) in &receipt.withheld {
        for (reason, n) in reasons {
            assert_eq!(get(&format!("withheld.{field}.{reason}")), Some(*n));
        }
    }
    assert_eq!(get("log.emitted"), Some(receipt.records_emitted));
    assert!(html.contains(&receipt.config_sha256));
    assert!(html.contains("the receipt's"));
}
