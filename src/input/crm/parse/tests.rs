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

/// Every ASCII character in each digit's place of a valid date: the date
/// reads exactly when it is a digit, as that digit.
#[test]
fn every_non_digit_in_a_date_is_refused() {
    let valid = *b"2016-03-01";
    for place in [0, 1, 2, 3, 5, 6, 8, 9] {
        for c in 0u8..=0x7F {
            let mut bytes = valid;
            bytes[place] = c;
            let text = std::str::from_utf8(&bytes).unwrap();
            let expected = if c.is_ascii_digit() {
                let part = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap();
                NaiveDate::from_ymd_opt(part(0..4) as i32, part(5..7), part(8..10))
                    .ok_or(FieldProblem::Date)
            } else {
                Err(FieldProblem::Date)
            };
            assert_eq!(date(text), expected, "{text:?}");
        }
    }
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
    let read = |text: &str| {
        let mut out = Vec::new();
        dates(text, &mut out).map(|()| out)
    };
    assert_eq!(
        read(" 2015-11-23 ;2017-02-01;").unwrap(),
        [
            NaiveDate::from_ymd_opt(2015, 11, 23).unwrap(),
            NaiveDate::from_ymd_opt(2017, 2, 1).unwrap()
        ]
    );
    assert_eq!(read("").unwrap(), []);
    assert_eq!(read("2015-11-23;soon"), Err(FieldProblem::Date));
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
