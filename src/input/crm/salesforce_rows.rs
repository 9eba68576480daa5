//! The rows of a Salesforce `ContactPointTypeConsent` export, read with
//! the crate's CSV framing; what they mean is the importer's
//! ([`read_salesforce`](crate::import::read_salesforce)).

use std::io::Read;

use chrono::{DateTime, Utc};

use super::column::SalesforceColumn as C;
use super::error::{FieldProblem, ReadError};
use super::memo::Memos;
use super::parse::{At, RowText, instant, notice_version, subject_id, trim};
use super::read::{CsvTable, Form};
use crate::notice::NoticeVersion;
use crate::record::SubjectId;

/// `ContactPointType`: the channel a consent is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContactPointType {
    Email,
    MailingAddress,
    Phone,
    Social,
    Web,
}

/// `PrivacyConsentStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    OptIn,
    OptOut,
    NotSeen,
    Seen,
}

/// One row, read but not yet mapped.
#[derive(Debug)]
pub(crate) struct SalesforceRow {
    pub(crate) at: At,
    pub(crate) subject: SubjectId,
    pub(crate) purpose: String,
    pub(crate) channel: ContactPointType,
    pub(crate) status: Status,
    pub(crate) effective_from: Option<DateTime<Utc>>,
    pub(crate) effective_to: Option<DateTime<Utc>>,
    pub(crate) captured_at: DateTime<Utc>,
    pub(crate) notice: Option<NoticeVersion>,
}

impl SalesforceRow {
    /// An error of this row's `column`.
    pub(crate) fn error(&self, column: C, problem: FieldProblem) -> ReadError {
        self.at
            .field(column, problem)
            .with_subject(Some(self.subject.0))
    }
}

/// The export's form.
pub(crate) struct Salesforce;

fn text(row: &impl RowText<C>, at: At, column: C) -> Result<&str, ReadError> {
    let text = trim(row.text(column)?);
    if text.is_empty() {
        return Err(at.field(column, FieldProblem::Empty));
    }
    Ok(text)
}

fn optional_instant(
    row: &impl RowText<C>,
    at: At,
    column: C,
) -> Result<Option<DateTime<Utc>>, ReadError> {
    match trim(row.text(column)?) {
        "" => Ok(None),
        t => instant(t).map(Some).map_err(|p| at.field(column, p)),
    }
}

impl Form for Salesforce {
    type Column = C;
    type Item = SalesforceRow;
    const REQUIRED: &'static [C] = C::ALL;

    fn parse(row: &impl RowText<C>, at: At, _: &mut Memos) -> Result<SalesforceRow, ReadError> {
        let subject = subject_id(text(row, at, C::SubjectId)?)
            .map(SubjectId)
            .ok_or_else(|| at.field(C::SubjectId, FieldProblem::Number))?;
        let channel = match text(row, at, C::ContactPointType)? {
            "Email" => ContactPointType::Email,
            "MailingAddress" => ContactPointType::MailingAddress,
            "Phone" => ContactPointType::Phone,
            "Social" => ContactPointType::Social,
            "Web" => ContactPointType::Web,
            _ => {
                return Err(at.field(
                    C::ContactPointType,
                    FieldProblem::WrongType {
                        expected: "`Email`, `MailingAddress`, `Phone`, `Social` or `Web`",
                    },
                ));
            }
        };
        let status = match text(row, at, C::PrivacyConsentStatus)? {
            "OptIn" => Status::OptIn,
            "OptOut" => Status::OptOut,
            "NotSeen" => Status::NotSeen,
            "Seen" => Status::Seen,
            _ => return Err(at.field(C::PrivacyConsentStatus, FieldProblem::UnknownStatus)),
        };
        let captured_at =
            instant(text(row, at, C::CaptureDate)?).map_err(|p| at.field(C::CaptureDate, p))?;
        text(row, at, C::CaptureSource)?;
        let notice = match trim(row.text(C::NoticeVersion)?) {
            "" => None,
            t => Some(notice_version(t).map_err(|p| at.field(C::NoticeVersion, p))?),
        };
        Ok(SalesforceRow {
            at,
            subject,
            purpose: text(row, at, C::DataUsePurpose)?.to_owned(),
            channel,
            status,
            effective_from: optional_instant(row, at, C::EffectiveFrom)?,
            effective_to: optional_instant(row, at, C::EffectiveTo)?,
            captured_at,
            notice,
        })
    }
}

/// The rows of an export, in order.
pub(crate) fn read_salesforce_rows<R: Read>(input: R) -> CsvTable<R, Salesforce> {
    CsvTable::new(input)
}
