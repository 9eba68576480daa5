use super::*;

fn key(k: impl KeyOf) -> String {
    let mut s = String::new();
    k.write(&mut s).unwrap();
    s
}

#[test]
fn phone_numbers_compare_in_national_form() {
    for same in [
        "07700 900123",
        "+44 7700 900123",
        "0044 7700 900123",
        "(07700) 900-123",
        "+447700900123",
    ] {
        assert_eq!(key(Phone(same)), "07700900123", "{same}");
    }
    assert_eq!(key(Phone("+33 1 23 45 67 89")), "33123456789");
    for short in ["", "+", "0", "004", "+4"] {
        let digits: String = short.chars().filter(char::is_ascii_digit).collect();
        assert_eq!(key(Phone(short)), digits, "{short:?}");
    }
}

#[test]
fn names_and_postcodes_fold() {
    let k = |n, p| key(NameAtPostcode(n, p));
    assert_eq!(k(" Jane   DOE ", "ls1 4pl"), k("jane doe", "LS14PL"));
    assert_eq!(k("Jane\u{b}Doe\t", "LS1\u{b}4PL"), k("jane doe", "LS14PL"));
    assert_eq!(k("ZOË  Khan", "cf10 1aa"), k("zoë khan", "CF101AA"));
    assert_ne!(k("jane doe", "LS14PL"), k("jane doe", "LS14PM"));
}

#[test]
fn long_keys_are_checked_too() {
    let long = "9".repeat(200);
    let name = "Ä".repeat(80);
    let list = SuppressionList::default()
        .phone(&long)
        .name_and_postcode(&name, "X1")
        .email(&format!("{}@example.org", "a".repeat(120)));
    assert!(list.has_phone(&long));
    assert!(!list.has_phone(&"9".repeat(199)));
    assert!(list.has_name_and_postcode(&name.to_lowercase(), "x 1"));
    assert!(list.has_email(&format!("{}@EXAMPLE.org", "A".repeat(120))));
}

#[test]
fn tails_are_the_same_in_every_form() {
    for number in ["07700 900123", "+44 7700 900123", "0044 (7700) 900-123"] {
        assert_eq!(phone_tail(number), Some(123), "{number}");
    }
    assert_eq!(phone_tail("+44 12"), None);
    assert_eq!(postcode_tail("ls1 4pl "), postcode_tail("LS14PL"));
    assert_eq!(postcode_tail("Zoë"), None);
    // Short numbers and non-ASCII postcodes open the filter, never close it.
    let list = SuppressionList::default()
        .phone("+44 12")
        .name_and_postcode("Zoë", "ÅB1");
    assert!(list.has_phone("012") && list.has_phone("+4412"));
    assert!(list.has_name_and_postcode("zoë", "åb 1"));
}

#[test]
fn an_empty_list_holds_nothing() {
    let list = SuppressionList::default();
    assert!(list.is_empty() && !list.has_contact_points());
    assert!(!list.has_phone("") && !list.has_email("") && !list.has_subject(SubjectId(0)));
    let list: SuppressionList = [SubjectId(3), SubjectId(1), SubjectId(3)]
        .into_iter()
        .collect();
    assert_eq!(list.subjects(), [SubjectId(1), SubjectId(3)]);
    assert_eq!(list.len(), 2);
}

#[test]
fn a_listed_key_is_found_and_its_neighbours_are_not() {
    let mut list = SuppressionList::default();
    for n in 0..500 {
        list = list.phone(&format!("07700 9{n:05}"));
    }
    for n in 0..1000 {
        assert_eq!(list.has_phone(&format!("+44 7700 9{n:05}")), n < 500, "{n}");
    }
}

/// Subjects added one by one in any order, or collected, make the same
/// sorted list without repeats, and each is found: appended when it comes
/// after the last, put in its place otherwise.
#[test]
fn subjects_in_any_order_make_one_sorted_list() {
    let order = [5, 1, 9, 5, 3, 10, 2, 9].map(SubjectId);
    let added = order
        .iter()
        .fold(SuppressionList::default(), |l, s| l.subject(*s));
    let collected: SuppressionList = order.into_iter().collect();
    let expected = [1, 2, 3, 5, 9, 10].map(SubjectId);
    assert_eq!(added.subjects(), expected);
    assert_eq!(collected.subjects(), expected);
    for s in expected {
        assert!(added.has_subject(s) && collected.has_subject(s), "{s:?}");
    }
    assert!(!added.has_subject(SubjectId(4)) && !collected.has_subject(SubjectId(11)));
}

/// Contact points added in no order are all found, once each, and the
/// configuration writes them sorted.
#[test]
fn contact_points_in_any_order_are_found_and_written_sorted() {
    let numbers = [
        "07700 900300",
        "07700 900100",
        "07700 900200",
        "07700 900100",
    ];
    let list = numbers
        .iter()
        .fold(SuppressionList::default(), |l, n| l.phone(n));
    assert_eq!(list.len(), 3);
    assert!(numbers.iter().all(|n| list.has_phone(n)));
    assert!(!list.has_phone("07700 900400"));
    let (phones, _, _) = list.contact_points();
    let mut sorted = phones.clone();
    sorted.sort_unstable();
    assert_eq!(phones, sorted);
}
