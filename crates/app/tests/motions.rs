//! Tests: motions, members, parties and findings loaded from a real store. The shipped sample
//! is imported once into a temporary store; every assertion goes through `kw_app::motions`.

use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use kw_app::AppError;
use kw_app::import;
use kw_app::motions::{self, Catalog};
use kw_domain::Outcome;
use kw_domain::motion::Role;
use kw_domain::outcome::{FindingKind, OutcomeBasis, PartyVote, Vote, VoteMode};
use kw_store::Store;

use crate::common::sample;

/// The catalog of the whole shipped sample, imported into a temporary store (removed once
/// the catalog is built: it holds everything in memory).
fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let (files, missing) = import::collect(&[sample()]);
        assert!(missing.is_empty(), "{missing:?}");
        let report = import::import(&mut store, &files, &AtomicBool::new(false), &mut |_, _| {});
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        Catalog::load(store.conn()).unwrap()
    })
}

/// The Zaak Ids of the tkmoties files (their "Id" field).
fn tkmoties_ids() -> BTreeSet<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(rename = "Id")]
        id: String,
    }
    let mut ids = BTreeSet::new();
    for year in ["2022", "2023"] {
        let dir = sample().join("tkmoties").join(year);
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                let h: Head = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                ids.insert(h.id.to_ascii_lowercase());
            }
        }
    }
    ids
}

fn named_outcome(soort: &str) -> Option<Outcome> {
    Some(match soort {
        "Stemmen - aangenomen" => Outcome::Aangenomen,
        "Stemmen - verworpen" => Outcome::Verworpen,
        "Stemmen - aangehouden" => Outcome::Aangehouden,
        "Stemmen - ingetrokken" | "Stemmen - ingetrokken (al tijdens debat)" => {
            Outcome::Ingetrokken
        }
        "Stemmen - zonder stemming aannemen" => Outcome::ZonderStemmingAangenomen,
        "Overgenomen" => Outcome::Overgenomen,
        _ => return None,
    })
}

#[test]
fn worked_example_2023z20568() {
    let v = motions::motion(catalog(), "2023Z20568").unwrap();
    let o = &v.outcome;
    assert_eq!(o.outcome, Outcome::Aangenomen);
    assert_eq!(o.basis, OutcomeBasis::BesluitSoort);
    assert_eq!(o.mode, Some(VoteMode::Handopsteken));
    let t = o.tally.unwrap();
    assert_eq!((t.voor, t.tegen, t.niet_deelgenomen), (105, 44, 1));
    assert_eq!(o.party_lines.len(), 15);
    let ja21 = o.party_lines.iter().find(|l| l.party == "JA21").unwrap();
    assert_eq!(ja21.vote, PartyVote::NietDeelgenomen);
    // from the store: the Activiteit date through Besluit → Agendapunt → Activiteit, the
    // documents through document_zaak, the kamerstuk through the DocumentVersie
    assert_eq!(v.kamerstuk.as_deref(), Some("36470-14"));
    assert_eq!(v.dossier.as_deref(), Some("36470"));
    assert!(
        v.documents
            .iter()
            .any(|d| d.nummer.as_deref() == Some("2023D50417"))
    );
    let indiener = &v.submitters[0];
    assert_eq!(indiener.role, Role::Indiener);
    assert_eq!(indiener.member_name.as_deref(), Some("Inge van Dijk"));
    // the same motion by Id and by kamerstuk id
    assert_eq!(motions::motion(catalog(), &v.id).unwrap().id, v.id);
    assert_eq!(
        motions::motion(catalog(), &v.id.to_uppercase()).unwrap().id,
        v.id
    );
    for q in ["36470-14", "kst-36470-14", " KST-36470-14 "] {
        assert_eq!(motions::motion(catalog(), q).unwrap().id, v.id, "{q}");
    }
}

/// The 300 tkmoties motions in `catalog`: the 298 whose BesluitSoort names an outcome get
/// that outcome, the two bare "Stemmen" theirs from the tally.
fn check_tkmoties_outcomes(catalog: &Catalog) {
    let ids = tkmoties_ids();
    assert_eq!(ids.len(), 300);
    let undecided: Vec<String> = ids
        .iter()
        .map(|id| motions::motion(catalog, id).unwrap())
        .filter(|v| v.outcome.besluit_soort.is_none())
        .map(|v| v.nummer.clone().unwrap_or_default())
        .collect();
    assert!(
        undecided.is_empty(),
        "{} tkmoties motions have no deciding Besluit linked in the store: {undecided:?}. \
         Their Besluit was stored first from odata/stemming_enriched with the same version; \
         the tkmoties copy is then kept out (Decision::Keep in kw_store::Tx::upsert) and its \
         besluit_zaak link is dropped with it",
        undecided.len()
    );
    let mut named = 0;
    let mut bare = Vec::new();
    for id in &ids {
        let v = motions::motion(catalog, id).unwrap();
        let o = &v.outcome;
        let soort = o.besluit_soort.clone().unwrap();
        match named_outcome(&soort) {
            Some(expected) => {
                named += 1;
                assert_eq!(o.outcome, expected, "{:?}", v.nummer);
                assert_eq!(o.basis, OutcomeBasis::BesluitSoort, "{:?}", v.nummer);
                if o.tally.is_some() {
                    assert_eq!(o.tally_outcome, Some(expected), "{:?}", v.nummer);
                }
            }
            None => {
                assert_eq!(soort, "Stemmen", "{:?}", v.nummer);
                let t = o.tally.unwrap();
                bare.push((v.nummer.clone().unwrap(), o.outcome, t.voor, t.tegen));
                assert_eq!(o.basis, OutcomeBasis::Tally);
            }
        }
    }
    assert_eq!(named, 298);
    bare.sort();
    assert_eq!(
        bare,
        vec![
            ("2022Z19228".to_string(), Outcome::Verworpen, 35, 91),
            ("2023Z03167".to_string(), Outcome::Verworpen, 26, 111),
        ]
    );
}

#[test]
fn all_tkmoties_outcomes_agree_through_the_store() {
    check_tkmoties_outcomes(catalog());
}

#[test]
fn bare_stemmen_are_among_the_findings() {
    let q = motions::quality(catalog());
    assert_eq!(q.count, q.findings.len());
    assert_eq!(q.motions, catalog().views.len());
    let bare: Vec<&str> = q
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::BareStemmen)
        .filter_map(|f| f.zaak.as_deref())
        .collect();
    assert_eq!(bare, vec!["2022Z19228", "2023Z03167"]);
    assert_eq!(q.by_kind.get(&FindingKind::BareStemmen), Some(&2));
    assert!(
        !q.findings
            .iter()
            .any(|f| f.kind == FindingKind::TallyDisagrees),
        "{:?}",
        q.findings
    );
    for (nummer, voor, tegen) in [("2022Z19228", 35, 91), ("2023Z03167", 26, 111)] {
        let v = motions::motion(catalog(), nummer).unwrap();
        assert_eq!(v.outcome.outcome, Outcome::Verworpen);
        let t = v.outcome.tally.unwrap();
        assert_eq!((t.voor, t.tegen), (voor, tegen));
    }
}

#[test]
fn roll_calls_count_members() {
    for (nummer, outcome, voor, tegen) in [
        ("2022Z23680", Outcome::Aangenomen, 78, 59),
        ("2023Z16103", Outcome::Verworpen, 65, 82),
    ] {
        let v = motions::motion(catalog(), nummer).unwrap();
        let o = &v.outcome;
        assert_eq!(o.mode, Some(VoteMode::Hoofdelijk), "{nummer}");
        assert_eq!(o.outcome, outcome, "{nummer}");
        let t = o.tally.unwrap();
        assert_eq!((t.voor, t.tegen), (voor, tegen), "{nummer}");
        assert_eq!(t.total as usize, o.member_lines.len());
        assert!(o.member_lines.iter().all(|l| l.member_id.is_some()));
    }
}

#[test]
fn van_haga_and_his_motions() {
    let r = motions::member(catalog(), "Van Haga").unwrap();
    assert_eq!(r.member.name, "W.R. van Haga");
    assert!(r.member.derived);
    assert_eq!(r.member.persoon_id, None);
    let m = r
        .motions
        .iter()
        .find(|m| m.nummer.as_deref() == Some("2023Z00536"))
        .expect("2023Z00536 among his motions");
    assert_eq!(m.role, Role::Medeindiener);
    let v = motions::motion(catalog(), "2023Z00536").unwrap();
    assert!(
        v.submitters
            .iter()
            .any(|s| s.member_name.as_deref() == Some("Fleur Agema") && s.role == Role::Indiener)
    );
    // he took part in roll calls too: one vote per roll call at most
    let mut seen = BTreeSet::new();
    for x in &r.votes {
        assert!(seen.insert(x.id.clone()), "{:?} twice", x.nummer);
    }
    // the same member by id
    let again = motions::member(catalog(), &r.member.id).unwrap();
    assert_eq!(again.member.id, r.member.id);
}

#[test]
fn baudet_resolves_to_his_persoon_record() {
    let r = motions::member(catalog(), "Baudet").unwrap();
    assert!(!r.member.derived);
    assert_eq!(
        r.member.persoon_id.as_deref(),
        Some("bb3a9cf3-6f64-4092-85a1-4318244ee603")
    );
    assert_eq!(r.member.name, "Thierry Baudet");
    assert!(!r.motions.is_empty());
}

#[test]
fn inge_van_dijk_in_four_forms_is_one_member() {
    const INGE: &str = "1ee767b9-67f3-47e5-9e28-045da1c37b05";
    for form in [
        "I. (Inge) van Dijk",
        "Dijk van, I. (Inge)",
        "I. van Dijk",
        "Inge van Dijk",
    ] {
        let r = motions::member(catalog(), form).unwrap();
        assert_eq!(r.member.id, INGE, "{form}");
    }
    let r = motions::member(catalog(), INGE).unwrap();
    assert!(
        r.motions
            .iter()
            .any(|m| m.nummer.as_deref() == Some("2023Z20568"))
    );
    // the other Van Dijks are other members
    for other in ["D.J.H. (Diederik) van Dijk", "Dijk van, E. (Emiel)"] {
        let o = motions::member(catalog(), other).unwrap();
        assert_ne!(o.member.id, INGE, "{other}");
    }
    // a bare surname never picks one: the error lists the candidates with their party
    match motions::member(catalog(), "Van Dijk") {
        Err(AppError::Ambiguous(msg)) => {
            assert!(msg.contains("Inge van Dijk"), "{msg}");
            assert!(msg.contains("CDA"), "{msg}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        motions::member(catalog(), "Nobody Nergens"),
        Err(AppError::NotFound(_))
    ));
}

#[test]
fn roll_call_votes_of_a_member() {
    let v = motions::motion(catalog(), "2022Z23680").unwrap();
    let line = &v.outcome.member_lines[0];
    let id = line.member_id.clone().unwrap();
    let r = motions::member(catalog(), &id).unwrap();
    let vote = r
        .votes
        .iter()
        .find(|x| x.id == v.id)
        .expect("the roll call is among the member's votes");
    assert_eq!(vote.vote, line.vote);
    assert!(matches!(
        vote.vote,
        Vote::Voor | Vote::Tegen | Vote::NietDeelgenomen
    ));
}

#[test]
fn nsc_and_nieuw_sociaal_contract_are_one_party() {
    let a = motions::party(catalog(), "NSC").unwrap();
    let b = motions::party(catalog(), "Nieuw Sociaal Contract").unwrap();
    assert_eq!(a, b);
    assert_eq!(a.party.id, "nsc");
    let p = &a.agreement.period;
    assert!(p.from.is_some() && p.to.is_some() && p.from <= p.to);
    assert!(!a.agreement.reason.is_empty());
    // the default period is the latest composition: NSC (elected in 2023) took part in it
    assert!(a.agreement.votes > 0);
    assert!(!a.agreement.with.is_empty());
    for w in &a.agreement.with {
        assert_ne!(w.party, "nsc");
        assert!(w.agreed <= w.compared);
    }
}

#[test]
fn a_party_tabled_motions_and_adoption_rate() {
    let r = motions::party(catalog(), "CDA").unwrap();
    let c = &r.tabled.as_indiener;
    assert!(c.motions > 0);
    assert_eq!(c.motions, c.adopted + c.rejected + c.other);
    let indiener = r
        .motions
        .iter()
        .filter(|m| m.role == Role::Indiener)
        .count();
    assert_eq!(indiener as u32, c.motions);
    let adopted = r
        .motions
        .iter()
        .filter(|m| m.role == Role::Indiener && m.outcome.is_adopted())
        .count();
    assert_eq!(adopted as u32, c.adopted);
    assert!(
        r.motions
            .iter()
            .any(|m| m.nummer.as_deref() == Some("2023Z20568"))
    );
    assert!(matches!(
        motions::party(catalog(), "Geen Partij Hier"),
        Err(AppError::NotFound(_))
    ));
}

#[test]
fn kamerstuk_ids_resolve_only_where_the_data_holds_them() {
    for q in ["36470-999", "kst-36600-XVI-58"] {
        match motions::motion(catalog(), q) {
            Err(AppError::NotFound(msg)) => assert!(msg.contains("not in the data"), "{msg}"),
            other => panic!("{q}: {other:?}"),
        }
    }
    // a kamerstuk with a toevoeging, in any case
    assert_eq!(
        motions::motion(catalog(), "KST-21501-08-918")
            .unwrap()
            .kamerstuk
            .as_deref(),
        Some("21501-08-918")
    );
    // every kamerstuk id a motion shows finds that motion back
    let mut checked = 0;
    for v in &catalog().views {
        if let Some(k) = &v.kamerstuk {
            assert_eq!(motions::motion(catalog(), k).unwrap().id, v.id, "{k}");
            checked += 1;
        }
    }
    assert!(checked >= 72, "{checked}");
    assert!(matches!(
        motions::motion(catalog(), "2099Z99999"),
        Err(AppError::NotFound(_))
    ));
}

#[test]
fn deleted_rows_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let files: Vec<_> = import::collect(&[sample().join("tkmoties/2023")]).0;
    import::import(&mut store, &files, &AtomicBool::new(false), &mut |_, _| {});
    let before = Catalog::load(store.conn()).unwrap();
    let v = motions::motion(&before, "2023Z20568").unwrap();
    assert_eq!(v.outcome.party_lines.len(), 15);
    // hide one vote line and the whole of another motion
    let besluit = v.outcome.besluit_id.clone().unwrap();
    let conn = store.conn();
    conn.execute(
        "UPDATE stemming SET deleted = 1 WHERE besluit_id = ?1 AND actor_fractie = 'JA21'",
        [&besluit],
    )
    .unwrap();
    conn.execute(
        "UPDATE zaak SET deleted = 1 WHERE nummer = '2023Z00536'",
        [],
    )
    .unwrap();
    let after = Catalog::load(conn).unwrap();
    let v = motions::motion(&after, "2023Z20568").unwrap();
    assert_eq!(v.outcome.party_lines.len(), 14);
    assert!(matches!(
        motions::motion(&after, "2023Z00536"),
        Err(AppError::NotFound(_))
    ));
    assert_eq!(after.views.len() + 1, before.views.len());
}

#[test]
fn a_vergissing_line_from_the_store_is_flagged_and_still_counts() {
    // The real data holds no Vergissing line on a motion: this test marks one by hand in a
    // temporary store (the VVD line of 2023Z20568) and reloads.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let files: Vec<_> = import::collect(&[sample().join("tkmoties/2023")]).0;
    import::import(&mut store, &files, &AtomicBool::new(false), &mut |_, _| {});
    let before = Catalog::load(store.conn()).unwrap();
    let v = motions::motion(&before, "2023Z20568").unwrap();
    assert!(v.outcome.party_lines.iter().all(|l| !l.vergissing));
    let besluit = v.outcome.besluit_id.clone().unwrap();
    let n = store
        .conn()
        .execute(
            "UPDATE stemming SET vergissing = 1 WHERE besluit_id = ?1 AND actor_fractie = 'VVD'",
            [&besluit],
        )
        .unwrap();
    assert_eq!(n, 1);
    let after = Catalog::load(store.conn()).unwrap();
    let v = motions::motion(&after, "2023Z20568").unwrap();
    let vvd = v
        .outcome
        .party_lines
        .iter()
        .find(|l| l.party == "VVD")
        .unwrap();
    assert!(vvd.vergissing);
    assert_eq!((vvd.vote, vvd.tegen), (PartyVote::Tegen, 24));
    let t = v.outcome.tally.unwrap();
    assert_eq!((t.voor, t.tegen), (105, 44), "the line still counts");
    assert_eq!(v.outcome.outcome, Outcome::Aangenomen);
    let q = motions::quality(&after);
    assert!(
        q.findings
            .iter()
            .any(|f| f.kind == FindingKind::Vergissing && f.zaak.as_deref() == Some("2023Z20568"))
    );
}

#[test]
fn golden_motion_2023z20568() {
    let v = motions::motion(catalog(), "2023Z20568").unwrap();
    insta::assert_json_snapshot!("motion_2023Z20568", v);
}

#[test]
fn golden_roll_call_2022z23680() {
    let v = motions::motion(catalog(), "2022Z23680").unwrap();
    insta::assert_json_snapshot!("motion_2022Z23680_roll_call", v);
}

#[test]
fn the_tkmoties_alone_load_with_their_decisions() {
    // loading is deterministic: a second load of the same store gives the same inputs
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let files: Vec<_> = import::collect(&[sample().join("tkmoties")]).0;
    import::import(&mut store, &files, &AtomicBool::new(false), &mut |_, _| {});
    let a = motions::load_inputs(store.conn()).unwrap();
    let b = motions::load_inputs(store.conn()).unwrap();
    assert_eq!(a.motions, b.motions);
    assert_eq!(a.motions.len(), 300);
    assert!(a.motions.iter().all(|m| !m.besluiten.is_empty()));
    check_tkmoties_outcomes(&Catalog::build(&a));
}
