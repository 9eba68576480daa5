//! One field's text to its value: lists, dates, instants, flags, purposes,
//! categories and the collection, each refusing what it cannot read.

use super::*;

/// The items of a `;`-separated list, trimmed, empty ones skipped.
pub(super) fn list(s: &str) -> Items<'_> {
    Items { rest: Some(s) }
}

/// The iterator of [`list`]: `memchr` finds each `;`, which is ASCII and
/// so always ends a whole character.
pub(super) struct Items<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for Items<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            let rest = self.rest?;
            let (item, tail) = match memchr::memchr(b';', rest.as_bytes()) {
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
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

#[inline]
pub(super) fn required(s: &str) -> Result<&str, FieldProblem> {
    if trim(s).is_empty() {
        Err(FieldProblem::Empty)
    } else {
        Ok(s)
    }
}

#[inline]
pub(super) fn optional(s: &str) -> Option<&str> {
    (!trim(s).is_empty()).then_some(s)
}

#[inline]
pub(super) fn boolean(s: &str) -> Result<bool, FieldProblem> {
    match trim(s) {
        "true" => Ok(true),
        "false" | "" => Ok(false),
        _ => Err(FieldProblem::Bool),
    }
}

/// `YYYY-MM-DD`, strictly: four-digit year, two-digit month and day.
///
/// The eight digits are checked at once, as the bytes of one word (see
/// [`swar`](crate::swar)): a row holds several dates, and a loop per part
/// cost more than the calendar's own check.
pub(crate) fn date(s: &str) -> Result<NaiveDate, FieldProblem> {
    use crate::swar::{bytes_below, splat};
    let Ok(&[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1]) =
        <&[u8; 10]>::try_from(trim(s).as_bytes())
    else {
        return Err(FieldProblem::Date);
    };
    // A byte is a digit exactly when it is below ten once `'0'`'s bits
    // are flipped (`0x30` to `0x39` become 0 to 9, and no other byte does).
    let digits = u64::from_le_bytes([y0, y1, y2, y3, m0, m1, d0, d1]) ^ splat(b'0');
    if bytes_below(digits, 10) != splat(0x80) {
        return Err(FieldProblem::Date);
    }
    let [y0, y1, y2, y3, m0, m1, d0, d1] = digits.to_le_bytes().map(u32::from);
    let (year, month, day) = (
        y0 * 1000 + y1 * 100 + y2 * 10 + y3,
        m0 * 10 + m1,
        d0 * 10 + d1,
    );
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(FieldProblem::Date)
}

/// A postcode: none, or a UK postcode; what derived fields take the
/// district from is checked once, here.
pub(super) fn postcode(s: &str) -> Result<&str, FieldProblem> {
    match optional(s) {
        Some(code) if !crate::postcode::is_postcode(code) => Err(FieldProblem::Postcode),
        _ => Ok(s),
    }
}

pub(super) fn optional_date(s: &str) -> Result<Option<NaiveDate>, FieldProblem> {
    optional(s).map(date).transpose()
}

/// A list of dates, into `out` (empty).
pub(super) fn dates(s: &str, out: &mut Vec<NaiveDate>) -> Result<(), FieldProblem> {
    for text in list(s) {
        out.push(date(text)?);
    }
    Ok(())
}

pub(crate) fn instant(s: &str) -> Result<DateTime<Utc>, FieldProblem> {
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
pub(super) fn utc_seconds(s: &str) -> Option<DateTime<Utc>> {
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

pub(super) fn optional_instant(s: &str) -> Result<Option<DateTime<Utc>>, FieldProblem> {
    optional(s).map(instant).transpose()
}

pub(crate) fn notice_version(s: &str) -> Result<NoticeVersion, FieldProblem> {
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

pub(super) fn categories(s: &str) -> Result<Categories, FieldProblem> {
    list(s)
        .enumerate()
        .try_fold(Categories::empty(), |acc, (i, name)| {
            let one =
                Categories::named(name).ok_or(FieldProblem::UnknownCategory { item: i + 1 })?;
            Ok(acc | one)
        })
}

/// How the consent was collected; an empty cell is an error, not
/// `direct`: the direct reading would relax the limit on consent collected
/// through a third party.
pub(super) fn collection(s: &str) -> Result<ConsentSource, FieldProblem> {
    match trim(s) {
        "" => Err(FieldProblem::Empty),
        "direct" => Ok(ConsentSource::Direct),
        "third_party" => Ok(ConsentSource::ThirdParty),
        _ => Err(FieldProblem::UnknownCollection),
    }
}
