use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn ages_are_taken_on_the_first_day_of_the_export_year() {
    for (born, today, expected) in [
        // A birthday on the export day changes nothing: 1 January decides.
        ((1987, 6, 14), (2017, 6, 14), Some(29)),
        ((1987, 6, 14), (2017, 6, 13), Some(29)),
        ((1987, 6, 14), (2017, 12, 31), Some(29)),
        ((1987, 6, 14), (2018, 1, 1), Some(30)),
        // Born on 1 January: a year older on that very day.
        ((1987, 1, 1), (2017, 1, 1), Some(30)),
        ((1987, 1, 2), (2017, 1, 1), Some(29)),
        ((1986, 12, 31), (2017, 5, 1), Some(30)),
        // 29 February, in leap and other years.
        ((1988, 2, 29), (2017, 2, 28), Some(28)),
        ((1988, 2, 29), (2017, 3, 1), Some(28)),
        ((1988, 2, 29), (2020, 2, 29), Some(31)),
        ((2000, 2, 29), (2001, 1, 1), Some(0)),
        // Born in the export's year, up to its day: 0; after it: no age.
        ((2017, 3, 1), (2017, 5, 1), Some(0)),
        ((2017, 5, 1), (2017, 5, 1), Some(0)),
        ((2017, 5, 2), (2017, 5, 1), None),
        ((2016, 1, 1), (2017, 1, 1), Some(1)),
        ((2016, 1, 2), (2017, 1, 1), Some(0)),
    ] {
        let (born, today) = (day(born.0, born.1, born.2), day(today.0, today.1, today.2));
        assert_eq!(
            age(born, today),
            expected,
            "born {born}, export day {today}"
        );
    }
}

#[test]
fn bands_at_their_edges() {
    let adult = AdultBands::LOWER_BOUNDS;
    for (age, label) in [
        (0, "0-17"),
        (17, "0-17"),
        (18, "18-24"),
        (24, "18-24"),
        (25, "25-34"),
        (34, "25-34"),
        (35, "35-44"),
        (64, "55-64"),
        (65, "65+"),
        (120, "65+"),
    ] {
        assert_eq!(band(age, adult), label, "{age}");
    }
    let child = ChildBands::LOWER_BOUNDS;
    for (age, label) in [(0, "0"), (1, "1-4"), (4, "1-4"), (5, "5+"), (17, "5+")] {
        assert_eq!(band(age, child), label, "{age}");
    }
    assert_eq!(band(40, &[]), "0+", "no bounds: one band");
    assert_eq!(band(3, &[1, 2, 3, 4]), "3", "a band of one year");
}

#[test]
fn bounds_that_ascend_from_above_zero_are_accepted() {
    assert_eq!(checked_bounds(&[1, 5]), &[1, 5]);
    assert_eq!(checked_bounds(&[]), &[] as &[u32]);
}

#[test]
#[should_panic(expected = "ascend")]
fn bounds_that_do_not_ascend_are_refused() {
    checked_bounds(&[18, 18]);
}

#[test]
#[should_panic(expected = "ascend")]
fn a_first_bound_of_zero_is_refused() {
    checked_bounds(&[0, 5]);
}
