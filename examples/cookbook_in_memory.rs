//! Cookbook: export records a program holds in memory, with a schema of
//! its own choosing (see `consent_gate::cookbook`).
//!
//! Run with `cargo run --example cookbook_in_memory`.

use std::error::Error;

use consent_gate::export::{Export, Format};
use consent_gate::field::{Email, ParentName};
use consent_gate::prelude::*;
use consent_gate::purpose::MarketingEmail;

fn main() -> Result<(), Box<dyn Error>> {
    let published = Utc.with_ymd_and_hms(2015, 1, 1, 0, 0, 0).unwrap();
    let notices = Notices::new([Notice::new(
        NoticeVersion(1),
        published,
        Purposes::MARKETING_EMAIL,
    )])?;
    let broker = Broker::builder(Organisations::builder("Broker Ltd").build()?, notices).build();

    // Records built in code, each with the consent its subject gave.
    let given = Utc.with_ymd_and_hms(2016, 9, 1, 0, 0, 0).unwrap();
    let person = |id: u64, name: &str, email: &str, purposes: Purposes| {
        let scope = ConsentScope::builder(purposes, NoticeVersion(1), given).build()?;
        let record = Record::builder(SubjectId(id), name, Address::default(), scope)
            .email(email)
            .build();
        Ok::<_, Box<dyn Error>>(record)
    };
    let records = vec![
        person(1, "Jane Doe", "jane@example.org", Purposes::MARKETING_EMAIL)?,
        person(
            2,
            "Mary Major",
            "mary@example.org",
            Purposes::MARKETING_POST,
        )?,
    ];

    // The broker's own e-mail marketing, with a schema of two fields and
    // the address required: a record without it is dropped whole. The
    // records go in borrowed, as they are.
    let as_of = Utc.with_ymd_and_hms(2017, 5, 1, 0, 0, 0).unwrap();
    let gate = broker.gate(Declaration::<MarketingEmail>::new(
        "Broker Ltd",
        "Broker Ltd",
        as_of,
    )?)?;
    let mut out = Vec::new();
    let receipt = Export::<_, (ParentName, Email)>::with_schema(&gate)
        .require::<(Email,)>()
        .format(Format::JsonLines)
        .write(&records, &mut out)?;

    print!("{}", String::from_utf8(out)?);
    assert_eq!((receipt.records_emitted, receipt.records_dropped), (1, 1));
    assert_eq!(receipt.dropped.get("purpose_not_granted"), Some(&1));
    Ok(())
}
