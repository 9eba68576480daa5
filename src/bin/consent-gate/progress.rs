//! Progress on standard error: a bar on a terminal, a plain line every
//! 100,000 records otherwise, nothing when quiet.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// How often a plain line is written.
const EVERY: u64 = 100_000;

/// Progress of one pass over an input.
pub enum Progress {
    /// Nothing shown.
    Quiet,
    /// A bar (a spinner with a count: the input's length is not known).
    Bar(ProgressBar),
    /// Lines.
    Lines(&'static str),
}

impl Progress {
    /// Progress for a pass labelled `what`.
    pub fn new(quiet: bool, what: &'static str) -> Self {
        if quiet {
            return Self::Quiet;
        }
        if !std::io::stderr().is_terminal() {
            return Self::Lines(what);
        }
        let bar = ProgressBar::new_spinner();
        // No colour in the template: NO_COLOR holds whatever its value.
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg}: {human_pos} records ({per_sec})")
        {
            bar.set_style(style);
        }
        bar.set_message(what);
        Self::Bar(bar)
    }

    /// `done` records read.
    pub fn at(&self, done: u64) {
        match self {
            Self::Quiet => {}
            Self::Bar(bar) => {
                if done.is_multiple_of(1024) {
                    bar.set_position(done);
                }
            }
            Self::Lines(what) => {
                if done.is_multiple_of(EVERY) {
                    eprintln!("consent-gate: {what}: {done} records");
                }
            }
        }
    }

    /// The pass is over, after `done` records.
    pub fn finish(&self, done: u64) {
        match self {
            Self::Quiet => {}
            Self::Bar(bar) => {
                bar.set_position(done);
                bar.finish();
            }
            Self::Lines(what) => eprintln!("consent-gate: {what}: {done} records, done"),
        }
    }
}
