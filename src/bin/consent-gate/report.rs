//! `consent-gate report`: a receipt as a self-contained HTML page.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use consent_gate::export::{Receipt, write_atomically};

use crate::failure::{self, Failure};

/// Writes a receipt as a self-contained HTML page.
///
/// The receipt (and, if given, its decision log) becomes one HTML page
/// that needs nothing else, no network and no script: the counts, the
/// reasons records were dropped and fields withheld as bar charts, and the
/// configuration's and output's hashes. Each number is in an element
/// with a `data-count` attribute naming the receipt's key, for tools.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  consent-gate report retailer.receipt.json --decision-log retailer.decisions.jsonl -o report.html")]
pub struct Report {
    /// The receipt (JSON).
    #[arg(value_name = "RECEIPT.json")]
    pub receipt: PathBuf,
    /// Its decision log: the page checks its hash against the receipt's,
    /// and counts its lines by outcome.
    #[arg(long, value_name = "LOG")]
    pub decision_log: Option<PathBuf>,
    /// The page to write.
    #[arg(short = 'o', long = "output", value_name = "REPORT.html")]
    pub output: PathBuf,
}

pub fn run(args: Report) -> Result<(), Failure> {
    let receipt = Receipt::from_json(&failure::read(&args.receipt)?)
        .map_err(|e| Failure::input(&args.receipt, e))?;
    let log = match &args.decision_log {
        Some(path) => Some(log_summary(&failure::read(path)?, &receipt)),
        None => None,
    };
    let page = page(&receipt, log.as_deref());
    write_atomically(&args.output, |out| {
        std::io::Write::write_all(out, page.as_bytes())
    })
    .map_err(|e| Failure::io(&args.output, &e))?;
    say!("wrote {}", args.output.display());
    Ok(())
}

/// Text for HTML: every character that could open markup escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The decision log's lines by outcome, and whether its hash is the
/// receipt's, as HTML.
fn log_summary(bytes: &[u8], receipt: &Receipt) -> String {
    let sha256: String = <sha2::Sha256 as sha2::Digest>::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut outcomes = std::collections::BTreeMap::<String, u64>::new();
    for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let outcome = serde_json::from_slice::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v.get("outcome").and_then(|o| o.as_str()).map(str::to_owned))
            .unwrap_or_else(|| "unreadable".into());
        *outcomes.entry(outcome).or_default() += 1;
    }
    let matches = receipt.decision_log_sha256.as_deref() == Some(sha256.as_str());
    let mut html = String::from("<h2>Decision log</h2><table>");
    for (outcome, count) in &outcomes {
        let _ = write!(
            html,
            "<tr><th>{}</th><td data-count=\"log.{}\">{count}</td></tr>",
            escape(outcome),
            escape(outcome)
        );
    }
    let _ = write!(
        html,
        "</table><p data-check=\"decision_log_sha256\">SHA-256 {}: {}</p>",
        sha256,
        if matches {
            "the receipt's"
        } else {
            "NOT the receipt's"
        }
    );
    html
}

/// Bars for `(label, key, count)` rows, scaled to the largest.
fn bars(rows: &[(String, String, u64)]) -> String {
    let most = rows.iter().map(|r| r.2).max().unwrap_or(0).max(1);
    let mut html = String::from("<table class=\"bars\">");
    for (label, key, count) in rows {
        let width = count * 100 / most;
        let _ = write!(
            html,
            "<tr><th>{}</th><td><div class=\"bar\" style=\"width:{width}%\"></div></td><td data-count=\"{}\">{count}</td></tr>",
            escape(label),
            escape(key)
        );
    }
    if rows.is_empty() {
        html.push_str("<tr><td>none</td></tr>");
    }
    html.push_str("</table>");
    html
}

fn page(receipt: &Receipt, log: Option<&str>) -> String {
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>consent-gate receipt</title><style>\
         body{font-family:sans-serif;margin:2em;max-width:60em}\
         th{text-align:left;font-weight:normal;padding-right:1em}\
         td[data-count]{text-align:right;font-variant-numeric:tabular-nums}\
         .bars td:nth-child(2){width:30em}.bar{background:#557;height:0.9em}\
         code{font-size:0.9em}</style></head><body>",
    );
    let _ = write!(
        html,
        "<h1>Export receipt</h1><p>{} for {} ({}), as of {}; crate {}.</p>",
        escape(&receipt.buyer),
        escape(&receipt.end_recipient),
        escape(receipt.purpose.name()),
        escape(&receipt.as_of.to_rfc3339()),
        escape(&receipt.crate_version),
    );
    if let Some(reason) = &receipt.declaration_refused {
        let _ = write!(
            html,
            "<p><strong>Declaration refused:</strong> {}</p>",
            escape(reason)
        );
    }
    html.push_str("<h2>Records</h2><table>");
    for (label, key, count) in [
        ("read", "records_in", receipt.records_in),
        ("emitted", "records_emitted", receipt.records_emitted),
        ("dropped", "records_dropped", receipt.records_dropped),
        ("set aside", "records_set_aside", receipt.records_set_aside),
    ] {
        let _ = write!(
            html,
            "<tr><th>{label}</th><td data-count=\"{key}\">{count}</td></tr>"
        );
    }
    let _ = write!(
        html,
        "</table><p>The counts {}.</p>",
        if receipt.reconciles() {
            "reconcile"
        } else {
            "DO NOT reconcile"
        }
    );
    html.push_str("<h2>Records dropped, by reason</h2>");
    let dropped: Vec<_> = receipt
        .dropped
        .iter()
        .map(|(reason, n)| (reason.clone(), format!("dropped.{reason}"), *n))
        .collect();
    html.push_str(&bars(&dropped));
    html.push_str("<h2>Fields withheld, by field and reason</h2>");
    let withheld: Vec<_> = receipt
        .withheld
        .iter()
        .flat_map(|(field, reasons)| {
            reasons.iter().map(move |(reason, n)| {
                (
                    format!("{field}: {reason}"),
                    format!("withheld.{field}.{reason}"),
                    *n,
                )
            })
        })
        .collect();
    html.push_str(&bars(&withheld));
    if let Some(log) = log {
        html.push_str(log);
    }
    let _ = writeln!(
        html,
        "<h2>Hashes</h2><table><tr><th>configuration</th><td><code data-hash=\"config_sha256\">{}</code></td></tr>\
         <tr><th>output</th><td><code data-hash=\"output_sha256\">{}</code></td></tr></table></body></html>",
        escape(&receipt.config_sha256),
        escape(&receipt.output_sha256),
    );
    html
}
