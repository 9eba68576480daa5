//! From the text of one row to a [`Record`]: the one place that knows the
//! CRM format's encodings, for CSV and JSON Lines alike.

use chrono::{DateTime, NaiveDate, Utc};

use super::column::{Column, ColumnSet, EventColumn};
use super::error::{FieldProblem, ReadError};
use super::memo::Memos;
use crate::category::{Categories, Category};
use crate::consents::{ChangeKind, ConsentChange, ConsentEvent, Consents};
use crate::gated::Gated;
use crate::notice::NoticeVersion;
use crate::purpose::Purposes;
use crate::record::{Address, Record, SubjectId};
use crate::scope::{Collection, ConsentScope, ScopeError};
use crate::swar;

/// The text of one row's fields, however it was read.
pub(crate) trait RowText<C = Column> {
    /// The text of a column, or the error naming it.
    fn text(&self, column: C) -> Result<&str, ReadError>;
}

/// Where the row is, for errors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At {
    pub(crate) line: u64,
    pub(crate) record: u64,
}

impl At {
    pub(crate) fn field<C: ColumnSet>(self, column: C, problem: FieldProblem) -> ReadError {
        ReadError::Field {
            line: self.line,
            record: self.record,
            field: column.name(),
            problem,
            subject: None,
        }
    }
}

/// The text of a column a file may leave out: empty where it did.
fn optional_column<C: ColumnSet>(row: &impl RowText<C>, column: C) -> Result<&str, ReadError> {
    match row.text(column) {
        Err(ReadError::Field {
            problem: FieldProblem::Missing,
            ..
        }) => Ok(""),
        text => text,
    }
}

/// Reads one column's text with `f`, naming the column in its error.
fn field<'r, T, C: ColumnSet>(
    row: &'r impl RowText<C>,
    at: At,
    column: C,
    f: impl FnOnce(&'r str) -> Result<T, FieldProblem>,
) -> Result<T, ReadError> {
    f(row.text(column)?).map_err(|p| at.field(column, p))
}

/// Reads a `subject_id` field's text.
pub(crate) fn subject_id(text: &str) -> Option<u64> {
    trim(text).parse::<SubjectId>().ok().map(|id| id.0)
}

/// Reads one row into a record; a row-level error carries the row's
/// subject where its `subject_id` can be read.
pub(crate) fn record(row: &impl RowText, at: At, memos: &mut Memos) -> Result<Record, ReadError> {
    record_fields(row, at, memos).map_err(|e| {
        let subject = row.text(Column::SubjectId).ok().and_then(subject_id);
        e.with_subject(subject)
    })
}

/// Reads one row into a record.
fn record_fields(row: &impl RowText, at: At, memos: &mut Memos) -> Result<Record, ReadError> {
    let consent = scope(row, at, memos, &ONE_ROW)?;
    person(row, at, consent.into())
}

/// Reads the person's columns of a row (the one-row form's, or the ledger
/// form's subjects file) into a record with no consent yet.
///
/// The record is written as one struct expression, not through
/// [`Record::builder`]: each builder call moves the whole record, and a
/// reader builds millions.
pub(crate) fn person(row: &impl RowText, at: At, consents: Consents) -> Result<Record, ReadError> {
    let get = |column| row.text(column);

    let subject = field(row, at, Column::SubjectId, |s| {
        subject_id(s).map(SubjectId).ok_or(FieldProblem::Number)
    })?;
    let parent_name = Gated::new(field(row, at, Column::ParentName, required)?.to_owned());
    let address = Gated::new(Address {
        line1: get(Column::AddressLine1)?.to_owned(),
        line2: get(Column::AddressLine2)?.to_owned(),
        town: get(Column::Town)?.to_owned(),
        postcode: get(Column::Postcode)?.to_owned(),
    });
    Ok(Record {
        subject,
        parent_name,
        address,
        email: Gated::from_option(optional(get(Column::Email)?).map(str::to_owned)),
        phone: Gated::from_option(optional(get(Column::Phone)?).map(str::to_owned)),
        mother_birth_date: Gated::from_option(field(
            row,
            at,
            Column::MotherBirthDate,
            optional_date,
        )?),
        children_under_five: Gated::new(field(row, at, Column::ChildrenUnderFive, boolean)?),
        child_birth_dates: Gated::new(field(row, at, Column::ChildBirthDates, dates)?),
        due_date: Gated::from_option(field(row, at, Column::DueDate, optional_date)?),
        consents,
        extra: (),
    })
}

/// Where a form keeps the parts of a consent given.
struct ScopeColumns<C> {
    purposes: C,
    notice: C,
    given_at: C,
    categories: C,
    collection: C,
    collected_by: C,
    existing_customer: C,
    opt_out_offered: C,
    parental_consent: C,
    recipients: C,
    expires_at: C,
    /// The one-row form's withdrawal of the whole consent; the events file
    /// records withdrawals as events of their own.
    withdrawn_at: Option<C>,
}

const ONE_ROW: ScopeColumns<Column> = ScopeColumns {
    purposes: Column::Purposes,
    notice: Column::NoticeVersion,
    given_at: Column::ConsentGivenAt,
    categories: Column::Categories,
    collection: Column::Collection,
    collected_by: Column::CollectedBy,
    existing_customer: Column::ExistingCustomer,
    opt_out_offered: Column::OptOutOffered,
    parental_consent: Column::ParentalConsent,
    recipients: Column::Recipients,
    expires_at: Column::ConsentExpiresAt,
    withdrawn_at: Some(Column::ConsentWithdrawnAt),
};

const EVENT: ScopeColumns<EventColumn> = ScopeColumns {
    purposes: EventColumn::Purposes,
    notice: EventColumn::NoticeVersion,
    given_at: EventColumn::At,
    categories: EventColumn::Categories,
    collection: EventColumn::Collection,
    collected_by: EventColumn::CollectedBy,
    existing_customer: EventColumn::ExistingCustomer,
    opt_out_offered: EventColumn::OptOutOffered,
    parental_consent: EventColumn::ParentalConsent,
    recipients: EventColumn::Recipients,
    expires_at: EventColumn::ExpiresAt,
    withdrawn_at: None,
};

fn scope<C: ColumnSet>(
    row: &impl RowText<C>,
    at: At,
    memos: &mut Memos,
    c: &ScopeColumns<C>,
) -> Result<ConsentScope, ReadError> {
    let notice = field(row, at, c.notice, notice_version)?;
    let mut builder = ConsentScope::builder(
        field(row, at, c.purposes, |s| memos.purposes.get(s, purposes))?,
        notice,
        field(row, at, c.given_at, instant)?,
    )
    .categories(field(row, at, c.categories, |s| {
        memos.categories.get(s, categories)
    })?)
    .collection(field(row, at, c.collection, collection)?)
    .collected_by(optional_column(row, c.collected_by)?)
    .existing_customer(field(row, at, c.existing_customer, boolean)?)
    .opt_out_offered(field(row, at, c.opt_out_offered, boolean)?)
    .parental_consent(field(row, at, c.parental_consent, boolean)?);
    for name in list(row.text(c.recipients)?) {
        builder = builder.recipient(name);
    }
    if let Some(at) = field(row, at, c.expires_at, optional_instant)? {
        builder = builder.expires_at(at);
    }
    if let Some(column) = c.withdrawn_at
        && let Some(at) = field(row, at, column, optional_instant)?
    {
        builder = builder.withdrawn_at(at);
    }
    builder.build().map_err(|e| {
        let column = match e {
            ScopeError::WithdrawnBeforeGiven { .. } => c.withdrawn_at.unwrap_or(c.given_at),
            ScopeError::ExpiresBeforeGiven { .. } => c.expires_at,
            ScopeError::BlankRecipient { .. } => c.recipients,
            ScopeError::CollectorOfDirectConsent => c.collected_by,
        };
        at.field(column, e.into())
    })
}

/// Reads one row of the consent-events file.
pub(crate) fn event(
    row: &impl RowText<EventColumn>,
    at: At,
    memos: &mut Memos,
) -> Result<(SubjectId, ConsentEvent), ReadError> {
    let subject = field(row, at, EventColumn::SubjectId, |s| {
        subject_id(s).map(SubjectId).ok_or(FieldProblem::Number)
    })?;
    let kind = field(row, at, EventColumn::Event, |s| match trim(s) {
        "given" => Ok(None),
        "refused" => Ok(Some(ChangeKind::Refused)),
        "withdrawn" => Ok(Some(ChangeKind::Withdrawn)),
        "objected" => Ok(Some(ChangeKind::Objected)),
        _ => Err(FieldProblem::UnknownEvent),
    })?;
    let when = field(row, at, EventColumn::At, instant)?;
    // A refusal or withdrawal of nothing would change nothing: a list left
    // empty is an error, not a no-op. An objection covers every marketing
    // purpose, whatever the list says.
    let named = |memos: &mut Memos| {
        field(row, at, EventColumn::Purposes, |s| {
            let p = memos.purposes.get(s, purposes)?;
            if p.is_empty() {
                Err(FieldProblem::Empty)
            } else {
                Ok(p)
            }
        })
    };
    let event = match kind {
        None => {
            named(memos)?;
            ConsentEvent::Given(scope(row, at, memos, &EVENT)?)
        }
        Some(ChangeKind::Refused) => {
            ConsentEvent::Changed(ConsentChange::refused(named(memos)?, when))
        }
        Some(ChangeKind::Withdrawn) => {
            ConsentEvent::Changed(ConsentChange::withdrawn(named(memos)?, when))
        }
        Some(ChangeKind::Objected) => ConsentEvent::Changed(ConsentChange::objected(when)),
    };
    Ok((subject, event))
}

/// The items of a `;`-separated list, trimmed, empty ones skipped.
fn list(s: &str) -> Items<'_> {
    Items { rest: Some(s) }
}

/// The iterator of [`list`]: a word-at-a-time scan for `;`, which is
/// ASCII and so always ends a whole character; the lists are short, and a
/// general pattern search costs more to set up than it saves.
struct Items<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for Items<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            let rest = self.rest?;
            let (item, tail) = match swar::find(rest.as_bytes(), b';') {
                Some(end) => (rest.get(..end), rest.get(end + 1..)),
                None => (Some(rest), None),
            };
            self.rest = tail;
            let item = trim(item.unwrap_or_default());
            if !item.is_empty() {
                return Some(item);
            }
        }
    }
}

/// `str::trim`, without its scan for Unicode white space when the text
/// starts and ends with a visible ASCII character, as nearly every field
/// does.
fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

fn required(s: &str) -> Result<&str, FieldProblem> {
    if trim(s).is_empty() {
        Err(FieldProblem::Empty)
    } else {
        Ok(s)
    }
}

fn optional(s: &str) -> Option<&str> {
    (!trim(s).is_empty()).then_some(s)
}

fn boolean(s: &str) -> Result<bool, FieldProblem> {
    match trim(s) {
        "true" => Ok(true),
        "false" | "" => Ok(false),
        _ => Err(FieldProblem::Bool),
    }
}

/// `YYYY-MM-DD`, strictly: four-digit year, two-digit month and day.
pub(crate) fn date(s: &str) -> Result<NaiveDate, FieldProblem> {
    let b = trim(s).as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(FieldProblem::Date);
    }
    let (y, m, d) = (digits(0..4), digits(5..7), digits(8..10));
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) => {
            NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(FieldProblem::Date)
        }
        _ => Err(FieldProblem::Date),
    }
}

fn optional_date(s: &str) -> Result<Option<NaiveDate>, FieldProblem> {
    optional(s).map(date).transpose()
}

fn dates(s: &str) -> Result<Vec<NaiveDate>, FieldProblem> {
    list(s).map(date).collect()
}

fn instant(s: &str) -> Result<DateTime<Utc>, FieldProblem> {
    let s = trim(s);
    if let Some(t) = utc_seconds(s) {
        return Ok(t);
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| FieldProblem::Instant)
}

/// The common form `YYYY-MM-DDTHH:MM:SSZ`, without chrono's general
/// parser; `None` for any other form, which the general parser then reads.
fn utc_seconds(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    let shape = b.len() == 20
        && b.get(10) == Some(&b'T')
        && b.get(13) == Some(&b':')
        && b.get(16) == Some(&b':')
        && b.get(19) == Some(&b'Z');
    if !shape {
        return None;
    }
    let day = date(s.get(..10)?).ok()?;
    let two = |at: usize| -> Option<u32> {
        let (hi, lo) = (*b.get(at)?, *b.get(at + 1)?);
        (hi.is_ascii_digit() && lo.is_ascii_digit())
            .then(|| u32::from(hi - b'0') * 10 + u32::from(lo - b'0'))
    };
    let time = chrono::NaiveTime::from_hms_opt(two(11)?, two(14)?, two(17)?)?;
    Some(day.and_time(time).and_utc())
}

fn optional_instant(s: &str) -> Result<Option<DateTime<Utc>>, FieldProblem> {
    optional(s).map(instant).transpose()
}

fn notice_version(s: &str) -> Result<NoticeVersion, FieldProblem> {
    trim(s).parse().map_err(|_| FieldProblem::Number)
}

/// Purpose names separated by `;`; `broad` is [`Purposes::BROAD`].
pub(crate) fn purposes(s: &str) -> Result<Purposes, FieldProblem> {
    list(s)
        .enumerate()
        .try_fold(Purposes::empty(), |acc, (i, name)| {
            let one = Purposes::named(name).ok_or(FieldProblem::UnknownPurpose { item: i + 1 })?;
            Ok(acc | one)
        })
}

fn categories(s: &str) -> Result<Categories, FieldProblem> {
    list(s)
        .enumerate()
        .try_fold(Categories::empty(), |acc, (i, name)| {
            let custom = name
                .strip_prefix("custom_")
                .and_then(|n| n.parse::<u8>().ok())
                .and_then(Categories::custom);
            let one = custom
                .or_else(|| Category::builtin(name).map(Category::grant))
                .ok_or(FieldProblem::UnknownCategory { item: i + 1 })?;
            Ok(acc | one)
        })
}

/// How the consent was collected; an empty cell is an error, not
/// `direct`: the direct reading would relax the limit on consent collected
/// through a third party.
fn collection(s: &str) -> Result<Collection, FieldProblem> {
    match trim(s) {
        "" => Err(FieldProblem::Empty),
        "direct" => Ok(Collection::Direct),
        "third_party" => Ok(Collection::ThirdParty),
        _ => Err(FieldProblem::UnknownCollection),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The common form is read by the fast path, exactly as chrono reads
    /// it; every other form goes to chrono.
    #[test]
    fn the_common_instant_form_takes_the_fast_path() {
        for s in [
            "2016-09-01T10:00:00Z",
            "1999-12-31T23:59:59Z",
            "2000-02-29T00:00:00Z",
            "0001-01-01T09:08:07Z",
        ] {
            let slow = DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc));
            assert_eq!(utc_seconds(s), Some(slow.unwrap()), "{s}");
        }
        for s in [
            "2016-09-01T10:00:00+00:00",
            "2016-09-01T10:00:60Z",
            "2016-09-01t10:00:00Z",
        ] {
            assert_eq!(utc_seconds(s), None, "{s}");
        }
    }

    #[test]
    fn an_unknown_list_item_is_counted_from_one() {
        assert_eq!(
            categories("name;kids"),
            Err(FieldProblem::UnknownCategory { item: 2 })
        );
        assert_eq!(
            purposes("politics"),
            Err(FieldProblem::UnknownPurpose { item: 1 })
        );
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            date("2016-03-01"),
            NaiveDate::from_ymd_opt(2016, 3, 1).ok_or(FieldProblem::Date)
        );
        for bad in [
            "2016-3-01",
            "2016-02-30",
            "16-03-01x",
            "2016/03/01",
            "",
            "２０16-03-01",
            "2016-03-01x",
            "x2016-03-01",
            "2016-03-01 x",
            "2016/03-01",
            "2016-03/01",
            "2016-0a-01",
            "2016-03-0a",
            "20a6-03-01",
        ] {
            assert_eq!(date(bad), Err(FieldProblem::Date), "{bad}");
        }
        // Surrounding white space is the only slack.
        assert_eq!(
            date(" 2016-03-01\t").ok(),
            NaiveDate::from_ymd_opt(2016, 3, 1)
        );
    }

    #[test]
    fn the_fast_instant_path_agrees_with_chrono() {
        for text in [
            "2016-09-01T10:00:00Z",
            "2016-02-29T23:59:59Z",
            "2016-09-01T10:00:00+01:00",
            "2016-09-01T10:00:00.5Z",
        ] {
            let general = DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc));
            assert_eq!(instant(text).ok(), general.ok(), "{text}");
        }
        for bad in [
            "2016-09-01T24:00:00Z",
            "2016-13-01T10:00:00Z",
            "2016-09-01T10:0a:00Z",
            // The fast path's shape, with one delimiter or the zone wrong.
            "2016-09-01T10:00:00X",
            "2016-09-01X10:00:00Z",
            "2016-09-01T10-00:00Z",
            "2016-09-01T10:00-00Z",
            "2016-09-01x10:00:00Z",
            "2016/09-01T10:00:00Z",
            "2016-09-01T10:00:0aZ",
            "2016-09-01Ta0:00:00Z",
        ] {
            assert_eq!(instant(bad), Err(FieldProblem::Instant), "{bad}");
            assert_eq!(utc_seconds(bad), None, "{bad}");
        }
        // Lower-case `t` and `z` are RFC 3339 too: the general parser's.
        let lower = "2016-09-01t10:00:00z";
        assert_eq!(
            instant(lower).ok(),
            DateTime::parse_from_rfc3339(lower)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        );
    }

    #[test]
    fn a_repeated_name_keeps_its_grant() {
        assert_eq!(
            purposes("marketing_post;marketing_post").unwrap(),
            Purposes::MARKETING_POST
        );
        assert_eq!(purposes("broad;marketing_post").unwrap(), Purposes::BROAD);
        assert_eq!(
            categories("child_birth_date;child_birth_date;custom_1;custom_1").unwrap(),
            Categories::CHILD_BIRTH_DATE | Categories::custom_bit(1)
        );
    }

    #[test]
    fn child_birth_dates_read_as_written() {
        let read = dates(" 2015-11-23 ;2017-02-01;").unwrap();
        assert_eq!(
            read,
            [
                NaiveDate::from_ymd_opt(2015, 11, 23).unwrap(),
                NaiveDate::from_ymd_opt(2017, 2, 1).unwrap()
            ]
        );
        assert_eq!(dates("").unwrap(), []);
        assert_eq!(dates("2015-11-23;soon"), Err(FieldProblem::Date));
    }

    #[test]
    fn lists_and_trimming_agree_with_the_standard_library() {
        for text in [
            "",
            ";",
            "a",
            " a ; b;;c ",
            "\u{a0}pregnancy\u{a0};x",
            "ü;\tß\n",
            "a;",
            ";a",
        ] {
            let standard: Vec<&str> = text
                .split(';')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .collect();
            assert_eq!(list(text).collect::<Vec<_>>(), standard, "{text:?}");
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn broad_purposes_exclude_politics() {
        let p = purposes("broad").unwrap();
        assert!(!p.contains(Purposes::POLITICAL_CAMPAIGNING));
        assert_eq!(
            purposes("broad; political_campaigning").unwrap(),
            Purposes::all() - Purposes::SALE_TO_THIRD_PARTIES
        );
        assert_eq!(
            purposes("broad;;politics"),
            Err(FieldProblem::UnknownPurpose { item: 2 })
        );
    }

    #[test]
    fn categories_by_name_and_custom_bit() {
        assert_eq!(
            categories("child_birth_date;custom_3").unwrap(),
            Categories::CHILD_BIRTH_DATE | Categories::custom_bit(3)
        );
        assert!(categories("custom_16").is_err());
    }
}
