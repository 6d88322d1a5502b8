//! MotionView of real motions: golden JSON snapshots (checked by eye) and assertions.

use kw_domain::motion::{Role, RoleSource};
use kw_domain::outcome::FindingKind;
use kw_domain::{MotionView, Outcome};

use crate::common::{directory, motion, registry, view, views};

#[test]
fn worked_example_view() {
    let v = view("2023Z20568");
    assert_eq!(v.outcome.outcome, Outcome::Aangenomen);
    assert_eq!(v.kamerstuk.as_deref(), Some("36470-14"));
    assert_eq!(v.dossier.as_deref(), Some("36470"));
    assert_eq!(v.replaces.as_deref(), Some("36470-8"));
    assert_eq!(v.submitters.len(), 1);
    let s = &v.submitters[0];
    assert_eq!(s.member_name.as_deref(), Some("Inge van Dijk"));
    assert_eq!(s.party_id.as_deref(), Some("cda"));
    assert_eq!(s.role, Role::Indiener);
    assert_eq!(s.role_source, RoleSource::Onderwerp);
    assert!(v.outcome.party_lines.iter().all(|l| l.party_id.is_some()));
    let nsc = v
        .outcome
        .party_lines
        .iter()
        .find(|l| l.party == "NSC")
        .unwrap();
    assert_eq!(nsc.party_id.as_deref(), Some("nsc"));
    assert!(v.findings.is_empty(), "{:?}", v.findings);
    insta::assert_json_snapshot!("motion_2023Z20568", v);
}

#[test]
fn roll_call_view() {
    let v = view("2022Z23680");
    assert_eq!(v.outcome.member_lines.len(), 150);
    assert!(v.outcome.member_lines.iter().all(|l| l.member_id.is_some()));
    // VVD: 32 tegen, 2 did not take part; the party's vote is tegen, not split
    let vvd = v
        .outcome
        .party_lines
        .iter()
        .find(|l| l.party == "VVD")
        .unwrap();
    assert_eq!(
        (vvd.seats, vvd.voor, vvd.tegen, vvd.niet_deelgenomen),
        (34, 0, 32, 2)
    );
    assert_eq!(vvd.vote, kw_domain::outcome::PartyVote::Tegen);
    insta::assert_json_snapshot!("motion_2022Z23680_roll_call", v);
}

#[test]
fn bare_stemmen_view_has_its_finding() {
    let v = view("2023Z03167");
    assert_eq!(v.outcome.outcome, Outcome::Verworpen);
    let f = v
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::BareStemmen)
        .unwrap();
    assert_eq!(f.zaak.as_deref(), Some("2023Z03167"));
    insta::assert_json_snapshot!("motion_2023Z03167_bare_stemmen", v);
}

#[test]
fn motion_of_the_leden_with_cs_view() {
    // "Motie van het lid Leijten c.s.": the actors are listed in another order
    let v = view("2022Z06023");
    assert_eq!(v.submitters[0].role, Role::Indiener);
    assert!(v.submitters[0].name.contains("Leijten"));
    assert!(
        v.submitters[1..]
            .iter()
            .all(|s| s.role == Role::Medeindiener)
    );
    insta::assert_json_snapshot!("motion_2022Z06023_cs", v);
}

#[test]
fn relatie_overrides_the_onderwerp() {
    let mut m = motion("2023Z00536").clone();
    for a in &mut m.actors {
        a.relatie = Some(if a.naam.as_deref() == Some("W.R. van Haga") {
            "Indiener".into()
        } else {
            "Medeindiener".into()
        });
    }
    let v = MotionView::build(&m, directory(), registry());
    assert_eq!(v.submitters[0].name, "W.R. van Haga");
    assert_eq!(v.submitters[0].role_source, RoleSource::Relatie);
}

#[test]
fn json_is_stable() {
    let a = serde_json::to_string(view("2022Z23680")).unwrap();
    let b = serde_json::to_string(&MotionView::build(
        motion("2022Z23680"),
        directory(),
        registry(),
    ))
    .unwrap();
    assert_eq!(a, b);
    // no finding in the sample beyond the two bare Stemmen decisions
    let all: Vec<_> = views().iter().flat_map(|v| v.findings.iter()).collect();
    assert_eq!(all.len(), 2, "{all:#?}");
}

#[test]
fn roles_are_never_guessed() {
    use kw_domain::motion::{ActorInput, submitter_roles};
    let a = |n: &str| ActorInput {
        naam: Some(n.into()),
        ..ActorInput::default()
    };
    let actors = [
        a("I. (Inge) van Dijk"),
        a("J.J. (Jasper) van Dijk"),
        a("M. Agema"),
    ];
    // "Van Dijk" fits two actors: nobody is made indiener
    let r = submitter_roles(Some("Motie van de leden Van Dijk en Agema over x"), &actors);
    assert!(r.iter().all(|(role, _, _)| *role == Role::Onbekend));
    // "Inge van Dijk" fits one: she is indiener, the others medeindiener
    let r = submitter_roles(Some("Motie van het lid Inge van Dijk c.s. over x"), &actors);
    let roles: Vec<Role> = r.iter().map(|x| x.0).collect();
    assert_eq!(
        roles,
        vec![Role::Indiener, Role::Medeindiener, Role::Medeindiener]
    );
    // no Onderwerp: unknown
    let r = submitter_roles(None, &actors);
    assert!(
        r.iter()
            .all(|(role, src, _)| *role == Role::Onbekend && *src == RoleSource::None)
    );
}

#[test]
fn unknown_party_and_member_are_findings() {
    let mut m = motion("2023Z20568").clone();
    m.actors[0].fractie = Some("Partij X".into());
    m.besluiten[0].stemmingen[0].actor_fractie = Some("Partij Y".into());
    m.actors.push(kw_domain::motion::ActorInput {
        naam: Some("Q. Onbekend".into()),
        fractie: Some("CDA".into()),
        ..Default::default()
    });
    let v = MotionView::build(&m, directory(), registry());
    let kinds: Vec<FindingKind> = v.findings.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == FindingKind::UnresolvedParty)
            .count(),
        2,
        "{kinds:?}"
    );
    assert!(kinds.contains(&FindingKind::UnresolvedMember));
    // the outcome itself is unchanged
    assert_eq!(v.outcome.tally, view("2023Z20568").outcome.tally);
}
