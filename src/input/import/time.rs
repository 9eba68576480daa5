//! Instants and durations as the standards write them.

use chrono::{DateTime, Days, Months, NaiveDateTime, Utc};

use crate::crm::FieldProblem;

/// An instant: RFC 3339 with its offset, or, as ISO/IEC TS 27560 requires
/// its times to be UTC, a date and time with no offset at all. A date
/// alone is not an instant: the time of a consent is not guessed.
pub(super) fn instant(text: &str) -> Result<DateTime<Utc>, FieldProblem> {
    let text = text.trim();
    crate::crm::parse_instant(text).or_else(|e| {
        ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%.f"]
            .into_iter()
            .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
            .map(|t| t.and_utc())
            .ok_or(e)
    })
}

/// The end of an ISO 8601 duration of years, months, weeks and days
/// (`P6M`, `P1Y2M10D`, `P2W`) counted from `start`. A duration with a time
/// part, or none at all, is not read.
pub(super) fn after(start: DateTime<Utc>, text: &str) -> Result<DateTime<Utc>, FieldProblem> {
    let rest = text
        .trim()
        .strip_prefix('P')
        .ok_or(FieldProblem::Duration)?;
    if rest.is_empty() {
        return Err(FieldProblem::Duration);
    }
    let (mut months, mut days) = (0u32, 0u64);
    let mut number = String::new();
    let mut last_unit = 0;
    for c in rest.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u32 = number.parse().map_err(|_| FieldProblem::Duration)?;
        number.clear();
        // Units in order, each once: Y, M, W, D.
        let unit = match c {
            'Y' => 1,
            'M' => 2,
            'W' => 3,
            'D' => 4,
            _ => return Err(FieldProblem::Duration),
        };
        if unit <= last_unit {
            return Err(FieldProblem::Duration);
        }
        last_unit = unit;
        match c {
            'Y' => months = months.saturating_add(n.saturating_mul(12)),
            'M' => months = months.saturating_add(n),
            'W' => days = days.saturating_add(u64::from(n) * 7),
            _ => days = days.saturating_add(u64::from(n)),
        }
    }
    if !number.is_empty() {
        return Err(FieldProblem::Duration);
    }
    start
        .checked_add_months(Months::new(months))
        .and_then(|t| t.checked_add_days(Days::new(days)))
        .ok_or(FieldProblem::Duration)
}

/// A consent's end as a receipt or record gives it: an instant, or a
/// duration from `start`.
pub(super) fn end(start: DateTime<Utc>, text: &str) -> Result<DateTime<Utc>, FieldProblem> {
    if text.trim_start().starts_with('P') {
        after(start, text)
    } else {
        instant(text).map_err(|_| FieldProblem::Duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    #[test]
    fn instants_with_an_offset_or_in_utc_but_never_a_date_alone() {
        assert_eq!(instant("2016-03-01T00:00:00Z"), Ok(at(2016, 3, 1)));
        assert_eq!(instant("2016-03-01T01:00:00+01:00"), Ok(at(2016, 3, 1)));
        assert_eq!(instant("2016-03-01T00:00:00"), Ok(at(2016, 3, 1)));
        assert_eq!(instant("2016-03-01T00:00:00.000"), Ok(at(2016, 3, 1)));
        assert_eq!(instant("2016-03-01"), Err(FieldProblem::Instant));
        assert_eq!(instant("yesterday"), Err(FieldProblem::Instant));
    }

    #[test]
    fn durations_of_years_months_weeks_and_days() {
        let start = at(2016, 1, 31);
        assert_eq!(after(start, "P1M"), Ok(at(2016, 2, 29)));
        assert_eq!(after(start, "P1Y2M10D"), Ok(at(2017, 4, 10)));
        assert_eq!(after(start, "P2W"), Ok(at(2016, 2, 14)));
        for bad in ["P", "P1H", "PT6H", "P1D1Y", "P1M1M", "6M", "P1", "P-1D", ""] {
            assert_eq!(after(start, bad), Err(FieldProblem::Duration), "{bad}");
        }
        assert_eq!(end(start, "2017-01-01T00:00:00Z"), Ok(at(2017, 1, 1)));
        assert_eq!(
            end(start, "Subscription end + 1 year"),
            Err(FieldProblem::Duration)
        );
    }
}
