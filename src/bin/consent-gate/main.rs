//! The `consent-gate` command: what a broker's CRM export jobs call, and
//! what its auditor runs. See `consent-gate --help`, and the README.
//!
//! Exit codes: 0 done; 2 bad arguments; 3 bad input (a configuration, a
//! buyer file, or a row that stops the export); 4 a declaration refused
//! (its receipt is written all the same); 5 verification failed; 6 an I/O
//! error.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Writes a line to standard output, the command's summary for people; a
/// closed pipe (`| head`) is not an error: the files are the outputs.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod args;
mod check_config;
mod demo;
mod explain;
mod export;
mod failure;
mod input;
mod progress;
mod report;
mod verify;

/// The exit codes, as `--help` lists them.
const EXIT_CODES: &str = "\
Exit codes:
  0  done
  2  bad arguments
  3  bad input: a configuration, a buyer file, or a row that stops the export
  4  a declaration refused (its receipt is written all the same)
  5  verification failed
  6  an I/O error: a file that cannot be read or written

Errors name the file, line and field, never a personal value; nothing but
a subject id of personal data reaches the terminal. Progress goes to
standard error: bars on a terminal, a line every 100,000 records
otherwise, nothing with --quiet. No colours are used (NO_COLOR is
respected trivially).";

/// Typed consent gates for data-broker exports.
#[derive(Debug, Parser)]
#[command(name = "consent-gate", version, after_help = EXIT_CODES)]
struct Cli {
    /// No progress on standard error.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Demo(demo::Demo),
    Export(export::ExportArgs),
    Verify(verify::Verify),
    Explain(explain::Explain),
    CheckConfig(check_config::CheckConfig),
    Report(report::Report),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    let done = match cli.command {
        Command::Demo(args) => demo::run(args, quiet),
        Command::Export(args) => export::run(args, quiet),
        Command::Verify(args) => verify::run(args),
        Command::Explain(args) => explain::run(args),
        Command::CheckConfig(args) => check_config::run(args),
        Command::Report(args) => report::run(args),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("consent-gate: {failure}");
            ExitCode::from(failure.code())
        }
    }
}
