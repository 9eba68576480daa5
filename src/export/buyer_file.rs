//! [`BuyerFile`]: a buyer's declaration as a small JSON file, and running
//! the export it declares.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::atomic::write_atomically;
use super::duplicates::Duplicates;
use super::error::ExportError;
use super::options::{Format, OnBadRow};
use super::receipt::Receipt;
use super::run::Export;
use crate::broker::Broker;
use crate::crm::ReadError;
use crate::declaration::{Declaration, DeclarationError};
use crate::purpose::{self, PurposeKind};
use crate::record::Record;

/// A buyer's declaration read from JSON:
///
/// ```json
/// {
///   "buyer": "Credit Agency Marketing Services",
///   "end_recipient": "A Political Party",
///   "purpose": "political_campaigning",
///   "as_of": "2017-05-01T00:00:00Z",
///   "format": "csv"
/// }
/// ```
///
/// `purpose` is a [`PurposeKind::name`]; `as_of` an RFC 3339 instant;
/// `format` is `csv` or `json_lines` (`csv` if left out).
///
/// A `BuyerFile` is valid by construction: its fields are private, and it
/// is made only through the checks of [`from_json`](BuyerFile::from_json)
/// or [`new`](BuyerFile::new). It deserializes through the same checks
/// (from any self-describing format), so it can sit inside a job's own
/// configuration, and serializes to the same keys.
///
/// ```
/// use consent_gate::export::{BuyerFile, Format};
/// use consent_gate::PurposeKind;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Job {
///     input: String,
///     buyer: BuyerFile,
/// }
/// let job: Job = serde_json::from_str(r#"{"input": "dump.csv", "buyer": {
///     "buyer": "Acme", "end_recipient": "Acme", "purpose": "third_party_marketing",
///     "as_of": "2017-05-01T00:00:00Z"}}"#)?;
/// assert_eq!(job.buyer.purpose(), PurposeKind::ThirdPartyMarketing);
/// assert_eq!(job.buyer.format(), Format::Csv);
///
/// // A bad buyer inside the job's file is refused, naming the key.
/// let bad = serde_json::from_str::<Job>(r#"{"input": "dump.csv", "buyer": {
///     "buyer": "Acme", "end_recipient": "Acme", "purpose": "third_party_marketing",
///     "as_of": "2017-05-01"}}"#);
/// assert!(bad.unwrap_err().to_string().contains("`as_of`"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct BuyerFile {
    buyer: String,
    end_recipient: String,
    purpose: PurposeKind,
    as_of: DateTime<Utc>,
    format: Format,
}

/// Why a buyer file could not be read. Each error names the field; none
/// repeats what the file held there.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuyerFileError {
    /// Not JSON at all.
    #[error("buyer file, line {line}, column {column}: not valid JSON")]
    Json {
        /// The line.
        line: usize,
        /// The column.
        column: usize,
    },
    /// Valid JSON, but not one object.
    #[error("buyer file: not a JSON object")]
    NotAnObject,
    /// A field the file must have is missing.
    #[error("buyer file: missing field `{field}`")]
    Missing {
        /// The field.
        field: &'static str,
    },
    /// A key the format does not have (a misspelling, say). It is named
    /// when it is a plain name (ASCII letters, digits and `_`, at most 64
    /// bytes); anything else is not repeated, since it may be personal
    /// data typed in the wrong place.
    #[error(
        "buyer file, field `{key}`: not a field of the format (expected `buyer`, `end_recipient`, `purpose`, `as_of` and `format`)"
    )]
    UnknownField {
        /// The key, or `(a key that is not a plain name)`.
        key: String,
    },
    /// A field that must be a JSON string is not one.
    #[error("buyer file, field `{field}`: not a string")]
    NotText {
        /// The field.
        field: &'static str,
    },
    /// `as_of` is not an RFC 3339 instant with its offset.
    #[error(
        "buyer file, field `as_of`: not an RFC 3339 instant with a time zone (such as `2017-05-01T00:00:00Z`)"
    )]
    AsOf,
    /// `format` names no format.
    #[error("buyer file, field `format`: not `csv` or `json_lines`")]
    Format,
    /// `purpose` names no purpose.
    #[error("buyer file, field `purpose`: {0}")]
    Purpose(#[from] crate::purpose::UnknownPurpose),
    /// A name is blank.
    #[error("buyer file: {0}")]
    Declaration(#[from] DeclarationError),
}

/// The keys of a buyer file.
const KEYS: [&str; 5] = ["buyer", "end_recipient", "purpose", "as_of", "format"];

impl BuyerFile {
    /// A buyer file of these names, purpose and instant, in CSV; the names
    /// are checked as [`from_json`](BuyerFile::from_json) checks them.
    pub fn new(
        buyer: &str,
        end_recipient: &str,
        purpose: PurposeKind,
        as_of: DateTime<Utc>,
    ) -> Result<Self, BuyerFileError> {
        // Check the names now, not at export time.
        Declaration::<purpose::Research>::new(buyer, end_recipient, as_of)?;
        Ok(Self {
            buyer: buyer.to_owned(),
            end_recipient: end_recipient.to_owned(),
            purpose,
            as_of,
            format: Format::default(),
        })
    }

    /// The same file with another output format.
    #[must_use]
    pub fn with_format(self, format: Format) -> Self {
        Self { format, ..self }
    }

    /// The buying organisation.
    pub fn buyer(&self) -> &str {
        &self.buyer
    }

    /// The organisation the buyer acts for.
    pub fn end_recipient(&self) -> &str {
        &self.end_recipient
    }

    /// The declared purpose.
    pub fn purpose(&self) -> PurposeKind {
        self.purpose
    }

    /// The export instant.
    pub fn as_of(&self) -> DateTime<Utc> {
        self.as_of
    }

    /// The output format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Reads and checks a buyer file.
    ///
    /// ```
    /// use consent_gate::export::{BuyerFile, BuyerFileError};
    /// let err = BuyerFile::from_json(br#"{"buyer":"A","end_recipient":"B",
    ///     "purpose":"research","as_of":"2017-05-01T00:00:00"}"#).unwrap_err();
    /// assert!(matches!(err, BuyerFileError::AsOf));
    /// assert!(err.to_string().contains("`as_of`"));
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Self, BuyerFileError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| BuyerFileError::Json {
                line: e.line(),
                column: e.column(),
            })?;
        Self::try_from(value)
    }

    /// The file as JSON, with every key, which
    /// [`from_json`](BuyerFile::from_json) reads back to an equal file.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising strings cannot fail.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Runs the declared export of an input that can be read more than
    /// once (a file), with the purpose's default schema, to `path`
    /// (atomically: a failed job leaves no file there).
    ///
    /// `open` opens the input afresh. Subject ids in ascending order need
    /// one pass. At the first id out of order, the job starts again: it
    /// scans the input for subjects on two rows ([`Duplicates`]) and
    /// exports it with the scan, opening it twice more. `progress` counts
    /// the rows of each pass from the start.
    ///
    /// With `decision_log`, the job also writes its decision log there
    /// ([`Export::decision_log`]), atomically like the output, and the
    /// receipt carries the log's SHA-256.
    pub fn export_input_to_path<F, I>(
        &self,
        broker: &Broker,
        mut open: F,
        path: &Path,
        decision_log: Option<&Path>,
        on_bad_row: OnBadRow,
        mut progress: impl FnMut(u64),
    ) -> Result<Receipt, ExportError>
    where
        F: FnMut() -> std::io::Result<I>,
        I: IntoIterator<Item = Result<Record, ReadError>>,
    {
        let mut open = || open().map_err(|e| ExportError::Input(ReadError::Io(e)));
        let mut pass = |input: I, duplicates: Option<&Duplicates>| match decision_log {
            Some(log_path) => write_atomically(log_path, |log| {
                write_atomically(path, |out| {
                    let log: &mut (dyn Write + Send) = log;
                    let job = Job::new(on_bad_row, duplicates, Some(log));
                    self.run(broker, input, out, job, &mut progress)
                })
            }),
            None => write_atomically(path, |out| {
                let job = Job::new(on_bad_row, duplicates, None);
                self.run(broker, input, out, job, &mut progress)
            }),
        };
        match pass(open()?, None) {
            Err(ExportError::UnsortedInput { .. }) => {
                let duplicates = Duplicates::scan(open()?)?;
                pass(open()?, Some(&duplicates))
            }
            done => done,
        }
    }

    /// Runs the declared export, with the purpose's default schema, to
    /// `path` (atomically: a failed job leaves no file there). Subject ids
    /// must come in ascending order ([`ExportError::UnsortedInput`]
    /// otherwise); [`export_input_to_path`](Self::export_input_to_path)
    /// takes any order.
    pub fn export_to_path<I>(
        &self,
        broker: &Broker,
        records: I,
        path: &Path,
        on_bad_row: OnBadRow,
        progress: impl FnMut(u64),
    ) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
    {
        write_atomically(path, |out| {
            self.export(broker, records, out, on_bad_row, progress)
        })
    }

    /// Runs the declared export, with the purpose's default schema, to
    /// `out`, verifying the declaration against `broker`. Subject ids must
    /// come in ascending order ([`ExportError::UnsortedInput`] otherwise).
    ///
    /// A declaration the broker refuses ([`Broker::verify`]) is not an
    /// error: the job reads the records all the same, writes none, and
    /// returns the receipt of the refused attempt, which names the reason
    /// ([`Receipt::declaration_refused`]) and counts every record as
    /// dropped for it.
    pub fn export<I, W>(
        &self,
        broker: &Broker,
        records: I,
        out: W,
        on_bad_row: OnBadRow,
        progress: impl FnMut(u64),
    ) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
        W: Write,
    {
        self.run(
            broker,
            records,
            out,
            Job::new(on_bad_row, None, None),
            progress,
        )
    }

    /// Runs the declared export as [`export`](Self::export) does, against a
    /// scan of the same input for subjects on two rows, so that the input
    /// may come in any order.
    pub fn export_scanned<I, W>(
        &self,
        broker: &Broker,
        records: I,
        duplicates: &Duplicates,
        out: W,
        on_bad_row: OnBadRow,
        progress: impl FnMut(u64),
    ) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
        W: Write,
    {
        let job = Job::new(on_bad_row, Some(duplicates), None);
        self.run(broker, records, out, job, progress)
    }

    fn run<I, W>(
        &self,
        broker: &Broker,
        records: I,
        out: W,
        job: Job<'_>,
        progress: impl FnMut(u64),
    ) -> Result<Receipt, ExportError>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
        W: Write,
    {
        crate::with_purpose!(self.purpose, |P| {
            let declaration = Declaration::<P>::new(&self.buyer, &self.end_recipient, self.as_of)?;
            let gate;
            let mut export = match broker.verify(&declaration) {
                Ok(()) => {
                    gate = broker.gate(declaration.clone())?;
                    Export::new(&gate)
                }
                Err(refusal) => Export::refused(broker, &declaration, refusal),
            };
            if let Some(duplicates) = job.duplicates {
                export = export.duplicates(duplicates);
            }
            if let Some(log) = job.log {
                export = export.decision_log(log);
            }
            export
                .format(self.format)
                .on_bad_row(job.on_bad_row)
                .progress(100_000, progress)
                .write(records, out)
        })
    }
}

impl TryFrom<serde_json::Value> for BuyerFile {
    type Error = BuyerFileError;

    /// Checks a buyer file read as JSON: every key known, the required
    /// ones there, each value of its type, the names not blank.
    fn try_from(value: serde_json::Value) -> Result<Self, BuyerFileError> {
        let serde_json::Value::Object(object) = value else {
            return Err(BuyerFileError::NotAnObject);
        };
        if let Some(key) = object.keys().find(|k| !KEYS.contains(&k.as_str())) {
            let key = if crate::name::is_identifier(key) {
                key.clone()
            } else {
                "(a key that is not a plain name)".to_owned()
            };
            return Err(BuyerFileError::UnknownField { key });
        }
        let text = |field: &'static str| -> Result<Option<&str>, BuyerFileError> {
            match object.get(field) {
                None => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s)),
                Some(_) => Err(BuyerFileError::NotText { field }),
            }
        };
        let required = |field: &'static str| text(field)?.ok_or(BuyerFileError::Missing { field });
        let as_of = DateTime::parse_from_rfc3339(required("as_of")?.trim())
            .map_err(|_| BuyerFileError::AsOf)?
            .with_timezone(&Utc);
        let format = match text("format")? {
            None => Format::default(),
            Some(name) => name.parse().map_err(|_| BuyerFileError::Format)?,
        };
        let purpose = required("purpose")?.parse()?;
        Ok(Self::new(
            required("buyer")?,
            required("end_recipient")?,
            purpose,
            as_of,
        )?
        .with_format(format))
    }
}

impl serde::Serialize for BuyerFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(KEYS.len()))?;
        map.serialize_entry("buyer", &self.buyer)?;
        map.serialize_entry("end_recipient", &self.end_recipient)?;
        map.serialize_entry("purpose", self.purpose.name())?;
        let as_of = self
            .as_of
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        map.serialize_entry("as_of", &as_of)?;
        map.serialize_entry("format", &self.format)?;
        map.end()
    }
}

/// How one run of a buyer file's export goes: its rows, its scan, its log.
struct Job<'a> {
    on_bad_row: OnBadRow,
    duplicates: Option<&'a Duplicates>,
    log: Option<&'a mut (dyn Write + Send)>,
}

impl<'a> Job<'a> {
    fn new(
        on_bad_row: OnBadRow,
        duplicates: Option<&'a Duplicates>,
        log: Option<&'a mut (dyn Write + Send)>,
    ) -> Self {
        Self {
            on_bad_row,
            duplicates,
            log,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_buyer_file() {
        let file = BuyerFile::from_json(
            br#"{"buyer":"A","end_recipient":"B","purpose":"political_campaigning","as_of":"2017-05-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(file.purpose(), PurposeKind::PoliticalCampaigning);
        assert_eq!(file.format(), Format::Csv);
    }

    #[test]
    fn errors_name_the_field() {
        let unknown = BuyerFile::from_json(
            br#"{"buyer":"A","end_recipient":"B","purpose":"politics","as_of":"2017-05-01T00:00:00Z"}"#,
        )
        .unwrap_err();
        assert!(
            unknown
                .to_string()
                .starts_with("buyer file, field `purpose`: not a purpose name"),
            "{unknown}"
        );
        assert!(!unknown.to_string().contains("politics"));
        let blank = BuyerFile::from_json(
            br#"{"buyer":" ","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z"}"#,
        )
        .unwrap_err();
        assert!(blank.to_string().contains("buyer's name is blank"));
        let bad_date = BuyerFile::from_json(
            br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"May 2017"}"#,
        )
        .unwrap_err();
        assert!(matches!(bad_date, BuyerFileError::AsOf));
        let no_zone = BuyerFile::from_json(
            br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00"}"#,
        )
        .unwrap_err();
        assert!(matches!(no_zone, BuyerFileError::AsOf), "{no_zone}");
        let not_json = BuyerFile::from_json(b"{\n  \"buyer\": nope").unwrap_err();
        assert!(
            matches!(not_json, BuyerFileError::Json { line: 2, .. }),
            "{not_json}"
        );
        assert!(!not_json.to_string().contains("nope"));
        let missing = BuyerFile::from_json(
            br#"{"buyer":"A","purpose":"research","as_of":"2017-05-01T00:00:00Z"}"#,
        )
        .unwrap_err();
        assert_eq!(
            missing.to_string(),
            "buyer file: missing field `end_recipient`"
        );
        let typo = BuyerFile::from_json(
            br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z","jane@example.org":1}"#,
        )
        .unwrap_err();
        assert!(matches!(typo, BuyerFileError::UnknownField { .. }));
        let misspelt = BuyerFile::from_json(
            br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z","fromat":"csv"}"#,
        )
        .unwrap_err();
        assert!(
            misspelt
                .to_string()
                .starts_with("buyer file, field `fromat`:"),
            "{misspelt}"
        );
        assert!(!typo.to_string().contains("jane"));
        let number = BuyerFile::from_json(
            br#"{"buyer":7,"end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z"}"#,
        )
        .unwrap_err();
        assert_eq!(
            number.to_string(),
            "buyer file, field `buyer`: not a string"
        );
        let format = BuyerFile::from_json(
            br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z","format":"xlsx"}"#,
        )
        .unwrap_err();
        assert!(matches!(format, BuyerFileError::Format));
    }
}
