//! Members across name forms, on the sample's Persoon records and tkmoties actors.

use kw_domain::members::{fold, parse_onderwerp};
use kw_domain::motion::Role;
use kw_domain::{NameContext, Resolution, stats};

use crate::common::{directory, registry, views};

const INGE: &str = "1ee767b9-67f3-47e5-9e28-045da1c37b05";

fn found(name: &str) -> &'static kw_domain::Member {
    match directory().resolve(name, NameContext::default()) {
        Resolution::Found(m) => m,
        other => panic!("{name:?}: {other:?}"),
    }
}

#[test]
fn van_haga_is_a_derived_member_with_his_motions() {
    let m = found("Van Haga");
    assert!(m.derived);
    assert_eq!(m.persoon_id, None);
    assert_eq!(m.id, "afgeleid:wr-van-haga");
    assert_eq!(m.initialen.as_deref(), Some("W.R."));
    assert_eq!(m.name, "W.R. van Haga");
    // the roll-call form and the ZaakActor form are the same derived member
    assert_eq!(found("Haga van, W.R.").id, m.id);
    assert_eq!(found("W.R. van Haga").id, m.id);
    assert!(m.parties.iter().any(|p| p.party == "Groep Van Haga"));
    let his = stats::member_motions(&m.id, views());
    assert!(his.len() >= 27, "{}", his.len());
    let z = his
        .iter()
        .find(|v| v.nummer.as_deref() == Some("2023Z00536"))
        .expect("2023Z00536 is among his motions");
    assert!(
        z.submitters
            .iter()
            .any(|s| s.member_name.as_deref() == Some("Fleur Agema"))
    );
    let parsed = parse_onderwerp(z.onderwerp.as_deref().unwrap()).unwrap();
    assert_eq!(parsed.submitters, vec!["Agema", "Van Haga"]);
    let me = z
        .submitters
        .iter()
        .find(|s| s.member_id.as_deref() == Some(&m.id))
        .unwrap();
    assert_eq!(me.role, Role::Medeindiener);
}

#[test]
fn baudet_resolves_to_his_persoon_record() {
    let m = found("Baudet");
    assert!(!m.derived);
    assert_eq!(
        m.persoon_id.as_deref(),
        Some("bb3a9cf3-6f64-4092-85a1-4318244ee603")
    );
    assert_eq!(m.name, "Thierry Baudet");
    assert_eq!(found("Baudet, T.H.P.").id, m.id);
    assert_eq!(found("T.H.P. Baudet").id, m.id);
    assert_eq!(found("Thierry Baudet").id, m.id);
}

#[test]
fn four_forms_of_inge_van_dijk_are_one_member() {
    for form in [
        "I. (Inge) van Dijk",  // ZaakActor
        "Dijk van, I. (Inge)", // roll call
        "Dijk van, I.",        // roll call without roepnaam
        "I. van Dijk",         // Persoon Initialen + Tussenvoegsel + Achternaam
        "Inge van Dijk",       // signature / Onderwerp
        "inge VAN dijk",
    ] {
        assert_eq!(found(form).id, INGE, "{form}");
    }
    let m = directory().get(INGE).unwrap();
    assert_eq!(m.name, "Inge van Dijk");
    assert_eq!(m.persoon_id.as_deref(), Some(INGE));
}

#[test]
fn other_van_dijks_stay_apart() {
    let diederik = found("D.J.H. (Diederik) van Dijk");
    let emiel = found("Dijk van, E. (Emiel)");
    let olger = found("Olger van Dijk");
    let jasper = found("J.J. (Jasper) van Dijk");
    let jimmy = found("Dijk, J.P.");
    assert!(
        jasper.derived,
        "Jasper van Dijk has no Persoon record in the sample"
    );
    assert_eq!(jimmy.achternaam, "Dijk");
    assert_eq!(jimmy.tussenvoegsel, None);
    let ids = [
        INGE,
        &diederik.id,
        &emiel.id,
        &olger.id,
        &jasper.id,
        &jimmy.id,
    ];
    let mut uniq = ids.to_vec();
    uniq.sort();
    uniq.dedup();
    assert_eq!(uniq.len(), 6);
    // a bare surname is ambiguous: all candidates, never a pick
    match directory().resolve("Van Dijk", NameContext::default()) {
        Resolution::Ambiguous(ms) => {
            let got: Vec<&str> = ms.iter().map(|m| m.id.as_str()).collect();
            for id in &ids[..5] {
                assert!(got.contains(id), "{id} missing from {got:?}");
            }
            assert!(
                !got.contains(&jimmy.id.as_str()),
                "Jimmy Dijk is no Van Dijk"
            );
        }
        other => panic!("{other:?}"),
    }
    // the party decides, by any of its names
    let with = |party| NameContext {
        party: Some(party),
        date: None,
        registry: Some(registry()),
    };
    assert_eq!(
        directory()
            .resolve("Van Dijk", with("CDA"))
            .found()
            .unwrap()
            .id,
        INGE
    );
    assert_eq!(
        directory()
            .resolve("Van Dijk", with("SGP"))
            .found()
            .unwrap()
            .id,
        diederik.id
    );
    assert_eq!(
        directory()
            .resolve("Van Dijk", with("Nieuw Sociaal Contract"))
            .found()
            .unwrap()
            .id,
        olger.id
    );
    assert_eq!(
        directory()
            .resolve("Van Dijk", with("SP"))
            .found()
            .unwrap()
            .id,
        jasper.id
    );
    assert_eq!(
        directory().resolve("Dijk", with("SP")).found().unwrap().id,
        jimmy.id
    );
    // a wrong roepnaam is not a match
    assert_eq!(
        directory().resolve("Piet van Dijk", NameContext::default()),
        Resolution::NotFound
    );
}

#[test]
fn every_actor_and_roll_call_member_resolves() {
    for v in views() {
        for s in &v.submitters {
            assert!(s.member_id.is_some(), "{:?}: {}", v.nummer, s.name);
        }
        for l in &v.outcome.member_lines {
            assert!(l.member_id.is_some(), "{:?}: {}", v.nummer, l.name);
        }
    }
}

#[test]
fn every_onderwerp_parses_and_names_its_indiener_among_the_actors() {
    let mut with_indiener = 0;
    for v in views() {
        let p = parse_onderwerp(v.onderwerp.as_deref().unwrap())
            .unwrap_or_else(|| panic!("{:?}", v.onderwerp));
        assert!(!p.submitters.is_empty());
        assert!(!p.subject.is_empty());
        let ind: Vec<_> = v
            .submitters
            .iter()
            .filter(|s| s.role == Role::Indiener)
            .collect();
        assert!(ind.len() <= 1, "{:?}", v.nummer);
        if ind.len() == 1 {
            with_indiener += 1;
            let n = ind[0].member_name.as_deref().unwrap();
            assert!(
                fold(n).ends_with(&fold(&p.submitters[0]))
                    || fold(&p.submitters[0]).ends_with(&fold(n)),
                "{:?}: {n} vs {}",
                v.nummer,
                p.submitters[0]
            );
        }
    }
    // the indiener named first in the Onderwerp is among the ZaakActors of every motion
    assert_eq!(with_indiener, 300);
}

#[test]
fn no_derived_member_duplicates_a_persoon_record() {
    let key = |m: &kw_domain::Member| {
        (
            fold(&format!(
                "{} {}",
                m.tussenvoegsel.as_deref().unwrap_or(""),
                m.achternaam
            )),
            fold(m.initialen.as_deref().unwrap_or("")).replace(' ', ""),
        )
    };
    let persons: std::collections::BTreeSet<_> = directory()
        .members()
        .iter()
        .filter(|m| !m.derived)
        .map(key)
        .collect();
    let derived: Vec<_> = directory().members().iter().filter(|m| m.derived).collect();
    assert!(derived.len() > 50);
    for m in derived {
        assert!(
            !persons.contains(&key(m)),
            "{} duplicates a Persoon record",
            m.id
        );
        assert!(!m.forms.is_empty() && !m.parties.is_empty());
    }
}

#[test]
fn member_ids_resolve_to_themselves() {
    for m in directory().members() {
        assert_eq!(
            directory()
                .resolve(&m.id, NameContext::default())
                .found()
                .map(|x| &x.id),
            Some(&m.id)
        );
    }
}

#[test]
fn a_fresh_directory_never_guesses() {
    use kw_domain::{Directory, PersoonInput};
    let p = |id: &str, ini: &str, roep: &str| PersoonInput {
        id: id.into(),
        initialen: Some(ini.into()),
        roepnaam: Some(roep.into()),
        tussenvoegsel: Some("van".into()),
        achternaam: Some("Dijk".into()),
        ..PersoonInput::default()
    };
    let mut d = Directory::new(&[p("a", "I.", "Inge"), p("b", "D.J.H.", "Diederik")]);
    // party sightings from actor rows, dated
    let day = |s: &str| Some(s.parse().unwrap());
    d.observe("I. (Inge) van Dijk", Some("CDA"), day("2022-05-01"));
    d.observe(
        "Dijk van, D.J.H. (Diederik)",
        Some("SGP"),
        day("2023-05-01"),
    );
    // an actor name that fits nobody and has no initials creates nothing
    assert_eq!(d.observe("Van Dijk", Some("PVV"), None), None);
    assert_eq!(d.members().len(), 2);
    assert!(matches!(
        d.resolve("Van Dijk", NameContext::default()),
        Resolution::Ambiguous(ref v) if v.len() == 2
    ));
    // a party nobody was seen with does not decide
    let ctx = |party, date| NameContext {
        party,
        date,
        registry: None,
    };
    assert!(matches!(
        d.resolve("Van Dijk", ctx(Some("VVD"), None)),
        Resolution::Ambiguous(_)
    ));
    assert_eq!(
        d.resolve("Van Dijk", ctx(Some("SGP"), None))
            .found()
            .unwrap()
            .id,
        "b"
    );
    // the date alone decides when exactly one was seen on it
    assert_eq!(
        d.resolve("Van Dijk", ctx(None, day("2022-05-01")))
            .found()
            .unwrap()
            .id,
        "a"
    );
    assert!(matches!(
        d.resolve("Van Dijk", ctx(None, day("2021-01-01"))),
        Resolution::Ambiguous(_)
    ));
}
