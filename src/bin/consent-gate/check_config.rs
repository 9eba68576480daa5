//! `consent-gate check-config`: validates a configuration and says what it
//! declares.

use std::path::PathBuf;

use clap::Args;
use consent_gate::platforms::Platform;

use crate::failure::{self, Failure};

/// Validates a configuration and prints what it declares.
///
/// It prints the
/// controller and organisations, each notice with what it disclosed, the
/// rules, how many suppression entries (never which), the platforms'
/// mappings, and the SHA-256 receipts will carry.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  consent-gate check-config broker.json")]
pub struct CheckConfig {
    /// The configuration (JSON).
    #[arg(value_name = "BROKER.json")]
    pub config: PathBuf,
}

pub fn run(args: CheckConfig) -> Result<(), Failure> {
    let broker = failure::broker(&args.config)?;
    say!("{}: valid", args.config.display());
    say!("sha256: {}", broker.config_sha256());
    say!("controller: {}", broker.controller());
    for (name, kind, acts_for) in broker.organisations().iter() {
        let acts: Vec<&str> = acts_for.iter().map(|r| r.as_str()).collect();
        match acts.as_slice() {
            [] => say!("organisation: {name} ({})", kind.name()),
            _ => say!(
                "organisation: {name} ({}, acting for {})",
                kind.name(),
                acts.join(", ")
            ),
        }
    }
    for notice in broker.notices().iter() {
        let purposes: Vec<&str> = notice.disclosed().kinds().map(|p| p.name()).collect();
        say!(
            "notice {} published {}: {}",
            notice.version(),
            notice.published_at().to_rfc3339(),
            purposes.join(", ")
        );
        for recipient in notice.recipients() {
            say!("  names {recipient}");
        }
        for kind in notice.recipient_kinds() {
            say!("  names {} organisations", kind.name());
        }
    }
    let rules = broker.rules();
    say!(
        "rules: child age {}, indirect consent at most {} months, third-party consent at most {}, mothers at least {} at a birth",
        rules.child_age(),
        rules.indirect_consent_max_months(),
        rules
            .third_party_consent_max_months()
            .map_or("unlimited".to_owned(), |m| format!("{m} months")),
        rules.min_mother_age_at_birth(),
    );
    for (purpose, reason) in rules.exact_data() {
        say!("  exact data for {}: {reason}", purpose.name());
    }
    let suppression = broker.suppression();
    say!(
        "suppression: {} entries, of which {} subject ids",
        suppression.len(),
        suppression.subjects().len(),
    );
    for platform in Platform::ALL {
        let names = broker.platforms().names(platform);
        if !names.is_empty() {
            say!(
                "platform {platform}: {} purpose names, {} category names, {} recipient names",
                names.purposes().count(),
                names.categories().count(),
                names.recipients().count()
            );
        }
    }
    Ok(())
}
