use std::collections::HashSet;

use super::*;
use crate::category::BUILTIN;

/// The DPV personal-data namespace.
const PD: &str = "https://w3id.org/dpv/pd#";

/// A published term list kept in `tests/data/vocabularies`, one term a
/// line after a `#` line naming its source.
fn published(file: &str) -> HashSet<String> {
    let path = format!(
        "{}/tests/data/vocabularies/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# "), "{path} names its source");
    text.lines().skip(1).map(str::to_owned).collect()
}

#[test]
fn every_term_is_in_its_vocabularys_published_list() {
    let dpv = published("dpv-2.3-iris.txt");
    let uses = published("fideslang-data-uses.txt");
    let categories = published("fideslang-data-categories.txt");
    for terms in &PURPOSES {
        if let Some(t) = terms.dpv {
            assert!(dpv.contains(t.term), "{}: {}", terms.purpose, t.term);
        }
        if let Some(t) = terms.fides {
            assert!(uses.contains(t.term), "{}: {}", terms.purpose, t.term);
        }
        if let Some(t) = terms.tcf {
            let n: u8 = t.term.parse().unwrap();
            assert!(
                (1..=11).contains(&n),
                "{}: TCF v2.2 has purposes 1 to 11",
                terms.purpose
            );
            assert!(!t.exact, "{}: no TCF purpose is exact", terms.purpose);
        }
    }
    for terms in &CATEGORIES {
        if let Some(t) = terms.dpv {
            assert!(dpv.contains(t.term), "{}: {}", terms.category, t.term);
        }
        if let Some(t) = terms.fides {
            assert!(
                categories.contains(t.term),
                "{}: {}",
                terms.category,
                t.term
            );
        }
    }
}

#[test]
fn the_tables_cover_every_purpose_and_category_in_order() {
    let purposes: Vec<PurposeKind> = PURPOSES.iter().map(|t| t.purpose).collect();
    assert_eq!(purposes, PurposeKind::ALL);
    let categories: Vec<&str> = CATEGORIES.iter().map(|t| t.category).collect();
    let builtin: Vec<&str> = BUILTIN.iter().map(|c| c.name()).collect();
    assert_eq!(categories, builtin);
    for kind in PurposeKind::ALL {
        assert_eq!(kind.terms().purpose, kind);
        assert!(kind.dpv().starts_with(DPV));
    }
    for category in BUILTIN {
        assert!(
            category.dpv().unwrap().starts_with(PD),
            "{}",
            category.name()
        );
    }
}

#[test]
fn exact_terms_map_back_and_no_other_does() {
    for terms in &PURPOSES {
        for (vocabulary, t) in [
            (Vocabulary::Dpv, terms.dpv),
            (Vocabulary::Fides, terms.fides),
            (Vocabulary::Tcf, terms.tcf),
        ] {
            let Some(t) = t else { continue };
            let back = purpose(vocabulary, t.term);
            if t.exact {
                assert_eq!(back, Ok(terms.purpose), "{}", t.term);
            } else {
                let err = back.unwrap_err();
                assert!(err.to_string().contains(t.term), "{err}");
                assert!(err.why.starts_with("not exact"), "{err}");
            }
        }
    }
    for terms in &CATEGORIES {
        for (vocabulary, t) in [
            (Vocabulary::Dpv, terms.dpv),
            (Vocabulary::Fides, terms.fides),
        ] {
            let Some(t) = t else { continue };
            let back = category(vocabulary, t.term);
            assert_eq!(back.is_ok(), t.exact, "{}", t.term);
            if let Ok(c) = back {
                assert_eq!(c.name(), terms.category);
            }
        }
    }
}

/// No broad or nearby term of any vocabulary becomes political campaigning
/// or a sale: the one way in for each is its own exact term.
#[test]
fn no_broad_term_becomes_politics_or_a_sale() {
    let dpv = published("dpv-2.3-iris.txt");
    let uses = published("fideslang-data-uses.txt");
    let tcf: Vec<String> = (1..=11).map(|n| n.to_string()).collect();
    for (vocabulary, terms) in [
        (Vocabulary::Dpv, dpv.iter().cloned().collect::<Vec<_>>()),
        (Vocabulary::Fides, uses.into_iter().collect()),
        (Vocabulary::Tcf, tcf),
    ] {
        for term in terms {
            match purpose(vocabulary, &term) {
                Ok(PurposeKind::PoliticalCampaigning) => {
                    assert_eq!(term, "https://w3id.org/dpv#PoliticalCampaign");
                }
                Ok(PurposeKind::SaleToThirdParties) => {
                    assert_eq!(term, "https://w3id.org/dpv#SellDataToThirdParties");
                }
                _ => {}
            }
        }
    }
    for broad in [
        "Marketing",
        "Advertising",
        "DirectMarketing",
        "Purpose",
        "Personalisation",
    ] {
        let iri = format!("{DPV}{broad}");
        assert!(purpose(Vocabulary::Dpv, &iri).is_err(), "{iri}");
    }
    assert!(purpose(Vocabulary::Fides, "marketing").is_err());
    assert!(purpose(Vocabulary::Fides, "political_campaigning").is_err());
}

/// The module's docs hold the two tables as the code gives them.
#[test]
fn the_docs_tables_are_the_codes() {
    let source = include_str!("../standards.rs");
    let docs: String = source
        .lines()
        .filter_map(|l| l.strip_prefix("//! "))
        .filter(|l| l.starts_with("| `"))
        .map(|l| format!("{l}\n"))
        .collect();
    let short = |t: &str| t.replace(DPV, "dpv:").replace(PD, "pd:");
    let cell = |t: Option<Term>, code: bool| match t {
        None => "none".to_owned(),
        Some(t) if code => format!(
            "`{}`{}",
            short(t.term),
            if t.exact { " (exact)" } else { "" }
        ),
        Some(t) => t.term.to_owned(),
    };
    let mut expected = String::new();
    for t in &PURPOSES {
        expected += &format!(
            "| `{}` | {} | {} | {} |\n",
            t.purpose.name(),
            cell(t.dpv, true),
            cell(t.fides, true),
            cell(t.tcf, false)
        );
    }
    for t in &CATEGORIES {
        expected += &format!(
            "| `{}` | {} | {} |\n",
            t.category,
            cell(t.dpv, true),
            cell(t.fides, true)
        );
    }
    assert_eq!(docs, expected);
}

#[test]
fn an_unmapped_term_is_named_and_cut_short() {
    let long = format!("{DPV}{}", "x".repeat(1000));
    let err = purpose(Vocabulary::Dpv, &long).unwrap_err();
    assert_eq!(err.term.map(|t| t.len()), Some(200));
    assert_eq!(err.why, "not a term the crate maps");
    assert!(category(Vocabulary::Tcf, "1").is_err());
}

/// A platform's purpose column can hold anything a person typed. An error
/// names a term only where it has the shape of the vocabulary's terms;
/// a name, an e-mail address or a date typed there is never repeated.
#[test]
fn an_error_never_repeats_text_that_is_no_term() {
    let planted = [
        "jane@planted.example",
        "Jane Planted-Name",
        "jane",
        "1987-06-14",
        "07700 900123",
        "https://example.org/jane",
    ];
    for vocabulary in [Vocabulary::Dpv, Vocabulary::Fides, Vocabulary::Tcf] {
        for text in planted {
            for err in [
                purpose(vocabulary, text).unwrap_err(),
                category(vocabulary, text).unwrap_err(),
            ] {
                let shown = format!("{err} {err:?}");
                assert!(!shown.contains(text), "{vocabulary}: {shown}");
                assert_eq!(err.term, None);
            }
        }
    }
    // A term of the vocabulary's shape is named, so a broker can fix its
    // mapping.
    let err = purpose(Vocabulary::Fides, "marketing.unknown_use").unwrap_err();
    assert_eq!(err.term.as_deref(), Some("marketing.unknown_use"));
    assert!(
        purpose(Vocabulary::Tcf, "12")
            .unwrap_err()
            .to_string()
            .contains("`12`")
    );
}
