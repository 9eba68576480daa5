//! The tutorial's program (see `consent_gate::tutorial`): from a CRM dump
//! to an export and its receipt, then read back as an auditor would.
//!
//! Run with `cargo run --example tutorial`; it works in a fresh directory
//! under the system's temporary directory, removed at the end unless
//! `--keep` is given.

use std::error::Error;
use std::fs;
use std::io::BufReader;

use consent_gate::export::{Export, OnBadRow, Receipt};
use consent_gate::prelude::*;
use consent_gate::purpose::ThirdPartyMarketing;
use consent_gate::{Broker, crm};
use sha2::{Digest, Sha256};

/// What the broker knows, as its configuration file says: itself, a
/// retailer, a party and the agency acting for it, and one notice that
/// disclosed third-party marketing to commercial partners only.
const CONFIG: &str = r#"{
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
     "recipient_kinds": ["commercial"]}
  ],
  "rules": {"child_age": 13, "indirect_consent_max_months": 6},
  "suppression": {}
}"#;

/// The CRM's dump: three mothers. The first consented to the retailer and
/// granted her child's birth date; the second named nobody; the third
/// withdrew before the export.
const DUMP: &str = "\
subject_id,parent_name,address_line1,address_line2,town,postcode,email,phone,\
mother_birth_date,children_under_five,child_birth_dates,due_date,purposes,categories,\
notice_version,recipients,consent_given_at,consent_expires_at,consent_withdrawn_at,\
collection,existing_customer,opt_out_offered,parental_consent
1,Jane Doe,1 High St,,Leeds,LS1 1AA,,,1988-04-02,true,2016-03-01,,third_party_marketing,\
child_birth_date;children_present,1,Acme Baby Products Ltd,2016-09-01T10:00:00Z,,,direct,false,false,false
2,Mary Major,2 Low Rd,,York,YO1 2BB,,,1990-01-20,true,2015-12-24,,third_party_marketing,\
child_birth_date,1,,2016-10-01T10:00:00Z,,,direct,false,false,false
3,Ann Other,3 Mill Ln,,Hull,HU1 3CC,,,1985-07-07,false,,,third_party_marketing,,1,\
Acme Baby Products Ltd,2016-05-01T10:00:00Z,,2017-02-01T09:00:00Z,direct,false,false,false
";

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::temp_dir().join(format!("consent-gate-tutorial-{}", std::process::id()));
    fs::create_dir_all(&dir)?;
    let (dump, output) = (dir.join("dump.csv"), dir.join("acme.csv"));
    fs::write(&dump, DUMP)?;

    // 1. The broker, from its configuration: strictly checked, and hashed
    //    so that every receipt names the configuration it ran under.
    let broker = Broker::from_json(CONFIG.as_bytes())?;

    // 2. The buyer declares its purpose and its end recipient; the broker
    //    verifies both against its registry before any record is read.
    let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    let declaration = Declaration::<ThirdPartyMarketing>::new(
        "Acme Baby Products Ltd",
        "Acme Baby Products Ltd",
        as_of,
    )?;
    let gate: Gate<ThirdPartyMarketing> = broker.gate(declaration)?;

    // 3. The export: the dump read row by row, each record judged, each
    //    field emitted or withheld, the file written atomically.
    let input = crm::read_csv(BufReader::new(fs::File::open(&dump)?));
    let receipt = Export::new(&gate)
        .on_bad_row(OnBadRow::SetAside)
        .write_to_path(input, &output)?;
    receipt.write_to_path(&dir.join("acme.receipt.json"))?;

    println!("{}", fs::read_to_string(&output)?);
    println!(
        "{} in, {} emitted, {} dropped: {:?}",
        receipt.records_in, receipt.records_emitted, receipt.records_dropped, receipt.dropped
    );

    // 4. The auditor: the receipt read back reconciles, and its hash is
    //    the file's.
    let read_back = Receipt::from_json(&fs::read(dir.join("acme.receipt.json"))?)?;
    let digest: String = Sha256::digest(fs::read(&output)?)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(read_back.reconciles());
    assert_eq!(read_back.output_sha256, digest);
    assert_eq!(read_back.config_sha256, broker.config_sha256());
    assert_eq!(read_back.records_emitted, 1);
    println!("the receipt reconciles and names the output");
    if std::env::args().any(|a| a == "--keep") {
        println!("files in {}", dir.display());
    } else {
        fs::remove_dir_all(&dir)?;
    }
    Ok(())
}
