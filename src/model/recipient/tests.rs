use super::*;

#[test]
fn tidy_names_are_exactly_the_folded_ascii_ones() {
    for name in [
        "a",
        "Acme Baby Ltd",
        "",
        " a",
        "a ",
        "a  b",
        "a\tb",
        "Zürich",
        " ",
    ] {
        let folded = name.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            is_tidy(name),
            !name.is_empty() && name.is_ascii() && folded == name,
            "{name:?}"
        );
    }
}

#[test]
fn blank_names_are_refused() {
    assert_eq!(Recipient::new("  \t").unwrap_err(), EmptyRecipient);
}

#[test]
fn shows_the_folded_name_as_written() {
    let r = Recipient::new("  Acme   Baby Ltd ").unwrap();
    assert_eq!(r.as_str(), "Acme Baby Ltd");
    assert_eq!(r.to_string(), "Acme Baby Ltd");
    assert_eq!(format!("{r:?}"), "\"Acme Baby Ltd\"");
    assert_eq!(serde_json::to_string(&r).unwrap(), "\"Acme Baby Ltd\"");
}

fn list(names: &[&str]) -> RecipientList {
    let mut text = String::new();
    for name in names {
        assert!(RecipientList::push(&mut text, name), "{name}");
    }
    RecipientList::from_text(text)
}

#[test]
fn a_list_names_each_of_its_names_and_no_other() {
    let names = list(&["Acme Baby Ltd", " Zürich   Versicherung ", "acme"]);
    assert_eq!(names.len(), 3);
    assert_eq!(
        names.iter().collect::<Vec<_>>(),
        ["Acme Baby Ltd", "Zürich Versicherung", "acme"]
    );
    for (who, named) in [
        ("ACME BABY LTD", true),
        ("zürich versicherung", true),
        ("Acme", true),
        ("Acme Baby", false),
        ("Acme Baby Ltd Group", false),
        ("Baby Ltd", false),
        ("Versicherung", false),
    ] {
        assert_eq!(
            names.contains(&Recipient::new(who).unwrap()),
            named,
            "{who}"
        );
    }
    assert!(!list(&[]).contains(&Recipient::new("acme").unwrap()));
    assert!(list(&[]).is_empty());
    assert!(!names.is_empty());
    assert_eq!(
        format!("{names:?}"),
        r#"["Acme Baby Ltd", "Zürich Versicherung", "acme"]"#
    );
    assert_eq!(
        serde_json::to_string(&names).unwrap(),
        r#"["Acme Baby Ltd","Zürich Versicherung","acme"]"#
    );
}

#[test]
fn the_first_key_inside_and_the_list_agree() {
    let long = "Credit Agency Marketing Services"; // 32 bytes: not inside
    let cases: [(&[&str], &str, bool); 9] = [
        (&["Acme"], "acme", true),
        (&["Acme"], "acme ltd", false),
        (&["Acme"], "acm", false),
        (&[long], "credit agency marketing services", true),
        (&[long], "acme", false),
        (&[long, "Acme"], "acme", true),
        (&["Acme", long], "credit agency marketing services", true),
        (&["Acme", "Zed"], "zed", true),
        (&["Acme", "Zed"], "bob", false),
    ];
    for (names, who, named) in cases {
        let list = list(names);
        let who = Recipient::new(who).unwrap();
        assert_eq!(list.contains(&who), named, "{names:?} {who}");
        // The answer by the inside key alone, where it settles, agrees.
        if let Some(answer) = list.first.settles(who.key.as_bytes()) {
            assert_eq!(answer, named, "{names:?} {who}");
        }
    }
    // Where the key inside settles the answer without the list.
    let settled: [(&[&str], &str, Option<bool>); 6] = [
        (&["Acme"], "acme", Some(true)),
        (&["Acme"], "acme ltd", Some(false)),
        (&["Acme", "Zed"], "acme", Some(true)),
        (&["Acme", "Zed"], "zed", None),
        (&[long], "acme", None),
        (&[], "acme", None),
    ];
    for (names, who, answer) in settled {
        let key = Recipient::new(who).unwrap().key;
        assert_eq!(
            list(names).first.settles(key.as_bytes()),
            answer,
            "{names:?} {who}"
        );
    }
    // A 23-byte key is the longest kept inside.
    assert_eq!(list(&["a".repeat(23).as_str()]).first.0[0], 23);
    assert_eq!(list(&["a".repeat(24).as_str()]).first.0[0], 0);
    assert_eq!(list(&["a", "b"]).first.0[0], 1 | FirstKey::MORE);
}

#[test]
fn a_blank_name_is_not_pushed() {
    let mut text = String::new();
    assert!(!RecipientList::push(&mut text, " \t "));
    assert!(text.is_empty());
}

#[test]
fn names_match_by_key() {
    let acme = Recipient::new("Acme Ltd").unwrap();
    assert!(acme.matches(&Recipient::new(" ACME   ltd").unwrap()));
    assert!(!acme.matches(&Recipient::new("Acme Ltd.").unwrap()));
}

#[test]
fn a_category_is_not_a_name() {
    let party = Recipient::new("Labour Party").unwrap();
    let category = Recipient::new("political parties").unwrap();
    assert!(!party.matches(&category));
}
