use super::*;

fn name(s: &str) -> Recipient {
    Recipient::new(s).unwrap()
}

#[test]
fn political_reaches_through_agencies() {
    let registry = Organisations::builder("Broker")
        .agency("Outer Agency", ["Inner Agency"])
        .agency("Inner Agency", ["Party"])
        .organisation("Party", OrganisationKind::PoliticalParty)
        .organisation("Shop", OrganisationKind::Commercial)
        .agency("Shop Agency", ["Shop"])
        .build()
        .unwrap();
    let political = |n: &str| match registry.find(&name(n)) {
        Some(Known::Registered { political, .. }) => political,
        other => panic!("{n}: {other:?}"),
    };
    assert!(political("Outer Agency") && political("Inner Agency") && political("party"));
    assert!(!political("Shop") && !political("Shop Agency"));
    assert_eq!(registry.find(&name(" broker ")), Some(Known::Controller));
    assert!(registry.acts_for(&name("inner agency"), &name("PARTY")));
    assert!(!registry.acts_for(&name("Outer Agency"), &name("Party")));
}

#[test]
fn bad_registries_are_refused_with_the_entry() {
    let err = |b: OrganisationsBuilder| b.build().unwrap_err();
    assert_eq!(
        err(Organisations::builder("B")
            .organisation("X", OrganisationKind::Commercial)
            .organisation(" x ", OrganisationKind::Agency)),
        RegistryError::Duplicate { index: 1 }.into()
    );
    assert_eq!(
        err(Organisations::builder("B").agency("A", ["Nobody"])),
        RegistryError::UnknownPrincipal { index: 0 }.into()
    );
    assert_eq!(
        err(Organisations::builder("B").organisation("b", OrganisationKind::Commercial)),
        RegistryError::ControllerListed { index: 0 }.into()
    );
    assert_eq!(
        err(Organisations::builder("B")
            .organisation("Shop", OrganisationKind::Commercial)
            .acting_for("Party", OrganisationKind::PoliticalParty, ["Shop"])),
        RegistryError::NotAnAgency { index: 1 }.into()
    );
    assert!(matches!(
        err(Organisations::builder(" ")),
        OrganisationsError::Controller(_)
    ));
}
