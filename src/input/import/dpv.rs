//! ISO/IEC TS 27560 consent records as W3C DPV writes them in JSON
//! (the DPV-27560 profile): one record per line.

use std::io::BufRead;

use chrono::{DateTime, Utc};

use super::json::{Fault, Lines, Node, RecordFormat, Result};
use super::{Imported, time};
use crate::broker::Broker;
use crate::category::Categories;
use crate::consents::{ConsentChange, ConsentEvent};
use crate::crm::FieldProblem;
use crate::notice::NoticeVersion;
use crate::platforms::{Platform, PlatformPurpose, expand_dpv};
use crate::purpose::Purposes;
use crate::recipient::Recipient;
use crate::record::SubjectId;
use crate::scope::ConsentScope;
use crate::standards::{self, Vocabulary};

const DPV: &str = "https://w3id.org/dpv#";

/// The schema IRIs of ISO/IEC TS 27560 records the crate reads.
const SCHEMAS: [&str; 2] = [
    "https://w3id.org/dpv/schema/dpv-27560#record",
    "https://w3id.org/dpv/schema/dpv-27560#record-eu-gdpr",
];

/// Reads ISO/IEC TS 27560 consent records written in JSON with W3C DPV
/// terms, one per line, into consent events for
/// [`read_ledger`](crate::crm::read_ledger); see the [module
/// docs](crate::import) for what is read and what is refused.
pub fn read_dpv<'a, R: BufRead + Send + 'a>(broker: &Broker, input: R) -> Imported<'a> {
    let mut lines = Lines::new(
        input,
        Dpv {
            broker: broker.clone(),
        },
    );
    Imported::new("dpv", move || lines.next_event())
}

struct Dpv {
    broker: Broker,
}

/// What a status does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Given,
    Refused,
    Withdrawn,
    /// Expired, revoked, invalidated or unknown: the consents given before
    /// end.
    Ended,
    /// Requested or deferred: no decision.
    Undecided,
}

fn status(term: &str) -> Option<Status> {
    Some(match term.strip_prefix(DPV)? {
        "ConsentGiven" | "RenewedConsentGiven" => Status::Given,
        "ConsentRefused" => Status::Refused,
        "ConsentWithdrawn" => Status::Withdrawn,
        "ConsentExpired" | "ConsentRevoked" | "ConsentInvalidated" | "ConsentUnknown" => {
            Status::Ended
        }
        "ConsentRequested" | "ConsentRequestDeferred" => Status::Undecided,
        _ => return None,
    })
}

/// One process: what a consent given covers.
struct Process {
    purposes: Purposes,
    categories: Categories,
    recipients: Vec<String>,
}

/// One status of the record, read.
struct Event<'a> {
    status: Status,
    at: DateTime<Utc>,
    node: Node<'a>,
}

impl Dpv {
    fn purpose(&self, node: &Node<'_>) -> Result<PlatformPurpose> {
        let term = match node.value {
            // The broker's own purpose, by its IRI; a purpose described by
            // its broader terms alone is not one the crate can know.
            serde_json::Value::Object(_) => node.reference()?,
            _ => node.filled()?,
        };
        let term = expand_dpv(term);
        if let Some(meaning) = self.broker.platforms().names(Platform::Dpv).purpose(&term) {
            return Ok(meaning.clone());
        }
        standards::purpose(Vocabulary::Dpv, &term)
            .map(|kind| PlatformPurpose::new(kind.flag()))
            .map_err(|e| node.fault(FieldProblem::UnmappedTerm(e)))
    }

    fn category(&self, node: &Node<'_>) -> Result<Categories> {
        let term = match node.value {
            // A personal data item: its own IRI where the broker mapped
            // it, else the category it is an instance of. Its value (an
            // `rdf:value`) is never read.
            serde_json::Value::Object(_) => match node.get("@id")? {
                Some(id) => id.filled()?,
                None => node.required("skos:broader")?.filled()?,
            },
            _ => node.filled()?,
        };
        let term = expand_dpv(term);
        if let Some(grants) = self.broker.platforms().names(Platform::Dpv).category(&term) {
            return Ok(grants);
        }
        standards::category(Vocabulary::Dpv, &term)
            .map(|c| c.grant())
            .map_err(|e| node.fault(FieldProblem::UnmappedTerm(e)))
    }

    fn recipient(&self, node: &Node<'_>) -> Result<String> {
        let name = node.reference()?;
        let names = self.broker.platforms().names(Platform::Dpv);
        Ok(names
            .recipient(&expand_dpv(name))
            .unwrap_or(name)
            .to_owned())
    }

    fn process(&self, node: &Node<'_>) -> Result<Process> {
        let mut process = Process {
            purposes: Purposes::empty(),
            categories: Categories::empty(),
            recipients: Vec::new(),
        };
        for purpose in node.some("dpv:hasPurpose")? {
            let meaning = self.purpose(&purpose)?;
            process.purposes |= meaning.purposes();
            process.categories |= meaning.granted();
            process
                .recipients
                .extend(meaning.recipients().iter().cloned());
        }
        for data in node.some("dpv:hasPersonalData")? {
            process.categories |= self.category(&data)?;
        }
        for key in ["dpv:hasRecipient", "dpv:hasThirdParty"] {
            for recipient in node.many(key)? {
                process.recipients.push(self.recipient(&recipient)?);
            }
        }
        Ok(process)
    }

    fn notice(&self, node: &Node<'_>) -> Result<NoticeVersion> {
        let id = node.reference()?;
        self.broker
            .notices()
            .by_id(id)
            .map(|n| n.version())
            .ok_or_else(|| node.fault(FieldProblem::UnknownNotice))
    }

    /// The record's own notice: exactly one, where it names any.
    fn record_notice(&self, record: &Node<'_>) -> Result<Option<NoticeVersion>> {
        let notices = record.many("dpv:hasNotice")?;
        match notices.as_slice() {
            [] => Ok(None),
            [one] => self.notice(one).map(Some),
            [_, second, ..] => Err(second.fault(FieldProblem::Contradiction {
                why: "a consent given under two notices at once: give each status its own",
            })),
        }
    }

    fn event<'a>(&self, node: Node<'a>) -> Result<Event<'a>> {
        let mut found = None;
        for term in node.some("@type")? {
            if let Some(s) = status(&expand_dpv(term.filled()?)) {
                if found.is_some() {
                    return Err(term.fault(FieldProblem::Contradiction {
                        why: "two consent statuses in one event",
                    }));
                }
                found = Some(s);
            }
        }
        let status = found.ok_or_else(|| Fault {
            key: node.path.key("@type"),
            problem: FieldProblem::UnknownStatus,
        })?;
        let time = node.required("dpv:isIndicatedAtTime")?;
        let at = time::instant(time.text()?).map_err(|p| time.fault(p))?;
        Ok(Event { status, at, node })
    }

    /// The end a given consent's duration sets: `None` for an endless one.
    fn expiry(&self, event: &Event<'_>) -> Result<Option<DateTime<Utc>>> {
        let duration = event.node.required("dpv:hasDuration")?;
        let (kind, value) = match duration.value {
            // A bare ISO 8601 duration, as the guide's examples write one.
            serde_json::Value::String(_) => (format!("{DPV}TemporalDuration"), duration.clone()),
            _ => {
                let kind = expand_dpv(duration.required("@type")?.filled()?).into_owned();
                if kind == format!("{DPV}EndlessDuration") {
                    return Ok(None);
                }
                (kind, duration.required("rdf:value")?)
            }
        };
        let text = value.text()?;
        let end = match kind.strip_prefix(DPV) {
            Some("TemporalDuration") => time::after(event.at, text),
            Some("UntilTimeDuration") => time::instant(text).map_err(|_| FieldProblem::Duration),
            _ => Err(FieldProblem::Duration),
        };
        end.map(Some).map_err(|p| value.fault(p))
    }

    /// Whether a parent or guardian gave it.
    fn parental(&self, event: &Event<'_>) -> Result<bool> {
        for by in event.node.many("dpv:isIndicatedBy")? {
            let term = match by.value {
                serde_json::Value::Object(_) => by.required("@type")?.filled()?,
                _ => by.filled()?,
            };
            let term = expand_dpv(term);
            if term == format!("{DPV}ParentOfDataSubject")
                || term == format!("{DPV}GuardianOfDataSubject")
            {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl RecordFormat for Dpv {
    fn subject(&self, record: &Node<'_>) -> Result<SubjectId> {
        let subject = record.required("dpv:hasDataSubject")?;
        let id = match subject.value {
            serde_json::Value::Object(_) => match subject.get("dct:identifier")? {
                Some(id) => id,
                None => subject.required("@id")?,
            },
            _ => subject,
        };
        id.filled()?
            .parse::<SubjectId>()
            .map_err(|_| id.fault(FieldProblem::Number))
    }

    fn events(&self, record: &Node<'_>, out: &mut Vec<ConsentEvent>) -> Result<()> {
        let kinds = record.some("@type")?;
        let is_record = kinds.iter().any(|k| {
            k.text()
                .is_ok_and(|t| expand_dpv(t) == format!("{DPV}ConsentRecord"))
        });
        if !is_record {
            let problem = FieldProblem::WrongType {
                expected: "`dpv:ConsentRecord`",
            };
            return Err(match kinds.first() {
                Some(k) => k.fault(problem),
                None => record.fault(problem),
            });
        }
        let schema = record.required("dct:conformsTo")?;
        if !SCHEMAS.contains(&schema.reference()?) {
            return Err(schema.fault(FieldProblem::UnknownVersion));
        }
        record.required("dct:identifier")?.filled()?;
        self.controller(record)?;
        let notice = self.record_notice(record)?;
        let processes = record
            .some("dpv:hasProcess")?
            .iter()
            .map(|p| self.process(p))
            .collect::<Result<Vec<_>>>()?;
        let all = processes
            .iter()
            .fold(Purposes::empty(), |acc, p| acc | p.purposes);
        let mut events = record
            .some("dpv:hasConsentStatus")?
            .into_iter()
            .map(|s| self.event(s))
            .collect::<Result<Vec<_>>>()?;
        // In time order; at one instant, in the record's order.
        events.sort_by_key(|e| e.at);
        for (i, event) in events.iter().enumerate() {
            match event.status {
                Status::Given => {
                    let ended = events
                        .iter()
                        .skip(i + 1)
                        .find(|e| e.status == Status::Ended)
                        .map(|e| e.at);
                    self.given(event, notice, ended, &processes, out)?;
                }
                Status::Refused => {
                    out.push(ConsentEvent::Changed(ConsentChange::refused(all, event.at)))
                }
                Status::Withdrawn => out.push(ConsentEvent::Changed(ConsentChange::withdrawn(
                    all, event.at,
                ))),
                Status::Ended | Status::Undecided => {}
            }
        }
        Ok(())
    }
}

impl Dpv {
    /// The broker must be among the record's controllers.
    fn controller(&self, record: &Node<'_>) -> Result<()> {
        let controllers = record.some("dpv:hasDataController")?;
        for c in &controllers {
            let name = self.recipient(c)?;
            if Recipient::new(&name).is_ok_and(|r| r.matches(self.broker.controller())) {
                return Ok(());
            }
        }
        Err(match controllers.first() {
            Some(c) => c.fault(FieldProblem::OtherController),
            None => record.fault(FieldProblem::OtherController),
        })
    }

    /// One consent given per process.
    fn given(
        &self,
        event: &Event<'_>,
        record_notice: Option<NoticeVersion>,
        ended: Option<DateTime<Utc>>,
        processes: &[Process],
        out: &mut Vec<ConsentEvent>,
    ) -> Result<()> {
        let notice = match event.node.get("dpv:hasNotice")? {
            Some(own) => self.notice(&own)?,
            None => record_notice.ok_or_else(|| Fault {
                key: event.node.path.key("dpv:hasNotice"),
                problem: FieldProblem::Missing,
            })?,
        };
        let expiry = match (self.expiry(event)?, ended) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let parental = self.parental(event)?;
        for process in processes {
            let mut scope = ConsentScope::builder(process.purposes, notice, event.at)
                .categories(process.categories)
                .parental_consent(parental);
            for name in &process.recipients {
                scope = scope.recipient(name);
            }
            if let Some(end) = expiry {
                scope = scope.expires_at(end);
            }
            let scope = scope.build().map_err(|e| event.node.fault(e.into()))?;
            out.push(ConsentEvent::Given(scope));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The status table in the module docs is what the reader does: each
    /// row's statuses read as the row says, and every status DPV 2.3 has is
    /// in the table.
    #[test]
    fn the_docs_status_table_is_the_readers() {
        let docs = include_str!("mod.rs");
        let mut rows = 0;
        for line in docs.lines() {
            let Some((terms, effect)) = line
                .strip_prefix("//! | `")
                .and_then(|row| row.split_once(" | "))
            else {
                continue;
            };
            let expected = match effect {
                e if e.starts_with("a consent given") => Some(Status::Given),
                e if e.starts_with("a refusal") => Some(Status::Refused),
                e if e.starts_with("a withdrawal") => Some(Status::Withdrawn),
                e if e.starts_with("the consents the record gave") => Some(Status::Ended),
                e if e.starts_with("nothing: no decision") => Some(Status::Undecided),
                _ => continue,
            };
            for term in terms.split(", ") {
                let term = term.trim_matches('`');
                assert_eq!(status(&format!("{DPV}{term}")), expected, "{term}");
                rows += 1;
            }
        }
        // DPV 2.3's consent statuses (the terms whose type is
        // `dpv:ConsentStatus` in its `dpv.csv`), each in the vendored term
        // list and read.
        let vocabulary = include_str!("../../../tests/data/vocabularies/dpv-2.3-iris.txt");
        let statuses = [
            "ConsentExpired",
            "ConsentGiven",
            "ConsentInvalidated",
            "ConsentRefused",
            "ConsentRequestDeferred",
            "ConsentRequested",
            "ConsentRevoked",
            "ConsentUnknown",
            "ConsentWithdrawn",
            "RenewedConsentGiven",
        ];
        for term in statuses {
            let iri = format!("{DPV}{term}");
            assert!(vocabulary.lines().any(|l| l == iri), "{term}");
            assert!(status(&iri).is_some(), "{term}");
        }
        assert_eq!(status(&format!("{DPV}ConsentStatus")), None);
        assert_eq!(rows, statuses.len());
    }
}
