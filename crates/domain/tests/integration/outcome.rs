//! Outcomes and tallies of the real tkmoties motions, and the hand-made Vergissing fixture.

use kw_domain::outcome::{FindingKind, OutcomeBasis, PartyVote, VoteMode, compute_outcome};
use kw_domain::{BesluitInput, Outcome};

use crate::common::{motion, motions, test_data};

#[test]
fn worked_example_2023z20568() {
    let o = compute_outcome(&motion("2023Z20568").besluiten);
    assert_eq!(o.outcome, Outcome::Aangenomen);
    assert_eq!(o.basis, OutcomeBasis::BesluitSoort);
    assert_eq!(o.mode, Some(VoteMode::Handopsteken));
    let t = o.tally.unwrap();
    assert_eq!(
        (t.voor, t.tegen, t.niet_deelgenomen, t.total),
        (105, 44, 1, 150)
    );
    assert_eq!(o.party_lines.len(), 15);
    let ja21 = o.party_lines.iter().find(|l| l.party == "JA21").unwrap();
    assert_eq!(ja21.vote, PartyVote::NietDeelgenomen);
    assert_eq!(ja21.seats, 1);
    assert!(o.member_lines.is_empty());
    assert!(o.findings.is_empty(), "{:?}", o.findings);
}

fn named_outcome(soort: &str) -> Option<Outcome> {
    match soort {
        "Stemmen - aangenomen" => Some(Outcome::Aangenomen),
        "Stemmen - verworpen" => Some(Outcome::Verworpen),
        "Stemmen - aangehouden" => Some(Outcome::Aangehouden),
        "Stemmen - ingetrokken" | "Stemmen - ingetrokken (al tijdens debat)" => {
            Some(Outcome::Ingetrokken)
        }
        "Stemmen - zonder stemming aannemen" => Some(Outcome::ZonderStemmingAangenomen),
        "Overgenomen" => Some(Outcome::Overgenomen),
        _ => None,
    }
}

#[test]
fn all_tkmoties_outcomes_agree_with_their_besluitsoort() {
    let ms = motions();
    assert_eq!(ms.len(), 300);
    let mut named = 0;
    let mut bare = Vec::new();
    for m in ms {
        let o = compute_outcome(&m.besluiten);
        let soort = o.besluit_soort.clone().unwrap();
        match named_outcome(&soort) {
            Some(expected) => {
                named += 1;
                assert_eq!(o.outcome, expected, "{:?}", m.nummer);
                assert_eq!(o.basis, OutcomeBasis::BesluitSoort);
                // the tally agrees too: no disagreement in the real data
                assert_eq!(o.tally_outcome, Some(expected), "{:?}", m.nummer);
                assert!(
                    !o.findings
                        .iter()
                        .any(|f| f.kind == FindingKind::TallyDisagrees),
                    "{:?}",
                    m.nummer
                );
            }
            None => {
                assert_eq!(soort, "Stemmen");
                let t = o.tally.unwrap();
                bare.push((m.nummer.clone().unwrap(), o.outcome, t.voor, t.tegen));
                assert_eq!(o.basis, OutcomeBasis::Tally);
                assert!(
                    o.findings
                        .iter()
                        .any(|f| f.kind == FindingKind::BareStemmen)
                );
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
fn roll_calls_count_members_not_seats() {
    for (nummer, outcome, voor, tegen) in [
        ("2022Z23680", Outcome::Aangenomen, 78, 59),
        ("2023Z16103", Outcome::Verworpen, 65, 82),
    ] {
        let b = &motion(nummer).besluiten;
        let o = compute_outcome(b);
        assert_eq!(o.mode, Some(VoteMode::Hoofdelijk));
        assert_eq!(o.outcome, outcome, "{nummer}");
        let t = o.tally.unwrap();
        assert_eq!((t.voor, t.tegen), (voor, tegen), "{nummer}");
        assert_eq!(t.total as usize, o.member_lines.len());
        // summing FractieGrootte would give another result: the rule matters here
        let seats = |s: &str| -> i64 {
            b[0].stemmingen
                .iter()
                .filter(|l| l.soort.as_deref() == Some(s))
                .map(|l| l.fractie_grootte.unwrap())
                .sum()
        };
        assert_ne!((seats("Voor"), seats("Tegen")), (voor, tegen));
        // party lines add up to the member lines
        let seats_sum: i64 = o.party_lines.iter().map(|l| l.seats).sum();
        assert_eq!(seats_sum, t.total);
    }
    // 2022Z23680: summing seats flips the result
    let b = &motion("2022Z23680").besluiten[0];
    let (v, t) = b
        .stemmingen
        .iter()
        .fold((0, 0), |(v, t), l| match l.soort.as_deref() {
            Some("Voor") => (v + l.fractie_grootte.unwrap(), t),
            Some("Tegen") => (v, t + l.fractie_grootte.unwrap()),
            _ => (v, t),
        });
    assert!(v < t, "seat sum {v}-{t} would say verworpen");
}

#[derive(serde::Deserialize)]
struct Fixture {
    #[serde(rename = "_note")]
    note: String,
    #[serde(rename = "Besluit")]
    besluiten: Vec<BesluitInput>,
}

#[test]
fn vergissing_line_is_flagged_and_still_counts() {
    let text = std::fs::read_to_string(test_data("vergissing-handmade.json")).unwrap();
    let f: Fixture = serde_json::from_str(&text).unwrap();
    assert!(f.note.to_lowercase().contains("made by hand"));
    let o = compute_outcome(&f.besluiten);
    let t = o.tally.unwrap();
    // the fixture is 2023Z20568 with the DENK line (3 seats, Voor) marked Vergissing:
    // the tally is unchanged
    assert_eq!((t.voor, t.tegen, t.niet_deelgenomen), (105, 44, 1));
    assert_eq!(o.outcome, Outcome::Aangenomen);
    let flagged: Vec<_> = o.party_lines.iter().filter(|l| l.vergissing).collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0].party, "DENK");
    assert_eq!(flagged[0].vote, PartyVote::Voor);
    assert_eq!(flagged[0].voor, 3);
    let fs: Vec<_> = o
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Vergissing)
        .collect();
    assert_eq!(fs.len(), 1);
    assert!(fs[0].message.contains("DENK"));
    // without the flag the count is the same
    let mut plain = f.besluiten.clone();
    for l in &mut plain[0].stemmingen {
        l.vergissing = Some(false);
    }
    assert_eq!(compute_outcome(&plain).tally, o.tally);
}

#[test]
fn a_split_party_in_a_roll_call_is_verdeeld() {
    // 2022Z14494: one D66 member voted Voor, 23 Tegen
    let o = compute_outcome(&motion("2022Z14494").besluiten);
    let d66 = o.party_lines.iter().find(|l| l.party == "D66").unwrap();
    assert_eq!((d66.seats, d66.voor, d66.tegen), (24, 1, 23));
    assert_eq!(d66.vote, PartyVote::Verdeeld);
    let dissent: Vec<_> = o
        .member_lines
        .iter()
        .filter(|l| l.party.as_deref() == Some("D66") && l.vote == kw_domain::outcome::Vote::Voor)
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(dissent, vec!["Beukering-Huijbregts van, M.J.T.G."]);
}
