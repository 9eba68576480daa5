use super::*;

#[test]
fn under_agrees_with_month_arithmetic() {
    let days = |from: NaiveDate, n: u64| {
        (0..n).filter_map(move |i| from.checked_add_days(chrono::Days::new(i * 7 + i % 5)))
    };
    let start = NaiveDate::from_ymd_opt(1999, 12, 25).unwrap_or_default();
    for day in days(start, 400) {
        for age in [0u8, 1, 4, 13, 16, 18] {
            let limit = born_after(day, age);
            for born in days(limit - chrono::Days::new(3), 2)
                .chain([limit, limit.succ_opt().unwrap_or(limit)])
            {
                assert_eq!(under(age, born, day), born > limit, "{born} {age} {day}");
            }
        }
    }
    // Leap days, as birthdays and as the day judged.
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let leap = date(2004, 2, 29);
    for day in [date(2017, 2, 27), date(2017, 2, 28), date(2017, 3, 1)] {
        assert_eq!(under(13, leap, day), leap > born_after(day, 13), "{day}");
    }
    let judged = date(2016, 2, 29);
    for born in [date(2003, 2, 27), date(2003, 2, 28), date(2003, 3, 1)] {
        assert_eq!(
            under(13, born, judged),
            born > born_after(judged, 13),
            "{born}"
        );
    }
}
