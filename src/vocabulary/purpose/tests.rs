use super::*;

#[test]
fn with_purpose_reaches_every_marker() {
    fn kind<P: Purpose>() -> PurposeKind {
        P::KIND
    }
    for k in PurposeKind::ALL {
        assert_eq!(crate::with_purpose!(k, |P| kind::<P>()), k);
    }
}

#[test]
fn direct_marketing_is_every_marketing_purpose_and_no_other() {
    for kind in PurposeKind::ALL {
        assert_eq!(
            Purposes::DIRECT_MARKETING.contains(kind.flag()),
            kind.is_marketing(),
            "{kind}"
        );
    }
}

#[test]
fn names_round_trip_and_flags_are_distinct() {
    let mut seen = Purposes::empty();
    for kind in PurposeKind::ALL {
        assert_eq!(kind.name().parse::<PurposeKind>(), Ok(kind));
        assert!(!seen.intersects(kind.flag()));
        seen |= kind.flag();
    }
    assert_eq!(seen, Purposes::all());
}

#[test]
fn broad_grants_exclude_exact_only_purposes() {
    assert!(!Purposes::BROAD.intersects(Purposes::EXACT_ONLY));
    assert_eq!(Purposes::BROAD | Purposes::EXACT_ONLY, Purposes::all());
}

#[test]
fn unknown_purpose_is_an_error_naming_it() {
    let err = "politics".parse::<PurposeKind>().unwrap_err();
    assert!(!err.to_string().contains("politics"), "{err}");
    assert!(
        err.to_string()
            .starts_with("not a purpose name (expected `service_delivery`, ")
    );
}
