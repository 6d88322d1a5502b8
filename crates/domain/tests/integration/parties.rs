//! Parties under their many names, per date.

use chrono::NaiveDate;

use crate::common::{motions, registry};

fn d(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

#[test]
fn nsc_and_nieuw_sociaal_contract_are_one_party() {
    let r = registry();
    let a = r.resolve("NSC", None).unwrap();
    let b = r.resolve("Nieuw Sociaal Contract", None).unwrap();
    assert_eq!(a.id, b.id);
    assert_eq!(a.id, "nsc");
    // joined with its Fractie record (whose Afkorting is the full name)
    assert_eq!(
        a.fractie_id.as_deref(),
        Some("ad182a43-bc8c-40b3-894d-4a92515e70e7")
    );
    assert_eq!(a.from, d("2023-12-05"));
    assert!(r.same_party("nsc", "Nieuw  sociaal contract", d("2024-01-01")));
}

#[test]
fn names_of_the_same_party() {
    let r = registry();
    for (names, id) in [
        (&["GroenLinks-PvdA", "GL-PvdA", "gl/pvda"][..], "gl-pvda"),
        (&["BBB", "BoerBurgerBeweging"][..], "bbb"),
        (&["PvdD", "Partij voor de Dieren"][..], "pvdd"),
        (&["CU", "ChristenUnie"][..], "christenunie"),
        (&["FvD", "FVD", "Forum voor Democratie"][..], "fvd"),
        (&["Groep Van Haga"][..], "groep-van-haga"),
        (&["Omtzigt", "Lid Omtzigt"][..], "omtzigt"),
        (&["Gündogan", "Gundogan"][..], "gundogan"),
        (&["Fractie Den Haan", "Den Haan"][..], "den-haan"),
        (&["SGP"][..], "sgp"),
        (&["Volt"][..], "volt"),
        (&["DENK"][..], "denk"),
        (&["JA21"][..], "ja21"),
        (&["50PLUS"][..], "50plus"),
        (&["BIJ1"][..], "bij1"),
        (&["Ephraim"][..], "ephraim"),
    ] {
        for n in names {
            assert_eq!(r.resolve(n, None).map(|p| p.id.as_str()), Some(id), "{n}");
        }
    }
    assert!(r.resolve("Partij die niet bestaat", None).is_none());
}

#[test]
fn merged_parties_per_date() {
    let r = registry();
    // GroenLinks and PvdA voted separately until the fractie GroenLinks-PvdA
    assert_eq!(
        r.resolve("GroenLinks", d("2022-06-01")).unwrap().id,
        "groenlinks"
    );
    assert_eq!(r.resolve("PvdA", d("2023-10-26")).unwrap().id, "pvda");
    // a GroenLinks or PvdA member's party after the merger is GroenLinks-PvdA
    assert_eq!(
        r.resolve("GroenLinks", d("2024-01-10")).unwrap().id,
        "gl-pvda"
    );
    assert_eq!(r.resolve("PvdA", d("2023-10-27")).unwrap().id, "gl-pvda");
    // without a date a name is the party it names
    assert_eq!(r.resolve("PvdA", None).unwrap().id, "pvda");
    assert!(!r.same_party("GroenLinks", "PvdA", d("2022-06-01")));
    assert!(r.same_party("GroenLinks", "PvdA", d("2024-06-01")));
    // the PvdA Fractie record's DatumInactief is the table's end date
    assert_eq!(r.get("pvda").unwrap().until, d("2023-10-26"));
    // Groep Van Haga split from FvD: two parties
    assert_ne!(
        r.resolve("Groep Van Haga", d("2022-01-01")).unwrap().id,
        r.resolve("FVD", d("2022-01-01")).unwrap().id
    );
}

#[test]
fn every_party_name_in_the_sample_resolves() {
    for m in motions() {
        let date = m
            .gestart_op
            .as_deref()
            .and_then(kw_domain::parties::parse_date);
        for a in &m.actors {
            let f = a.fractie.as_deref().unwrap();
            assert!(registry().resolve(f, date).is_some(), "{f}");
        }
        for b in &m.besluiten {
            for s in &b.stemmingen {
                let f = s.actor_fractie.as_deref().unwrap();
                assert!(registry().resolve(f, date).is_some(), "{f}");
            }
        }
    }
}

#[test]
fn no_groenlinks_or_pvda_vote_line_after_the_merger() {
    // the data agrees with the table's dates
    for m in motions() {
        let date = m
            .gestart_op
            .as_deref()
            .and_then(kw_domain::parties::parse_date)
            .unwrap();
        for s in &m.besluiten[0].stemmingen {
            let f = s.actor_fractie.as_deref().unwrap();
            if f == "GroenLinks" || f == "PvdA" {
                assert!(
                    date <= NaiveDate::from_ymd_opt(2023, 10, 26).unwrap(),
                    "{date}"
                );
            }
            if f == "GroenLinks-PvdA" || f == "NSC" {
                assert!(
                    date >= NaiveDate::from_ymd_opt(2023, 10, 27).unwrap(),
                    "{date}"
                );
            }
        }
    }
}
