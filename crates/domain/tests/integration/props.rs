//! Property tests: name normalisation and tallies.

use kw_domain::members::{fold, parse_name};
use kw_domain::outcome::{VoteMode, compute_outcome};
use kw_domain::{BesluitInput, StemmingInput};
use proptest::prelude::*;

proptest! {
    #[test]
    fn fold_is_idempotent(s in "\\PC{0,40}") {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
    }

    #[test]
    fn fold_ignores_case_and_diacritics(s in "[a-zA-Z ]{0,30}") {
        prop_assert_eq!(fold(&s.to_uppercase()), fold(&s.to_lowercase()));
        let accented: String = s.chars().map(|c| match c { 'e' => 'é', 'u' => 'ü', 'o' => 'ö', c => c }).collect();
        prop_assert_eq!(fold(&accented), fold(&s));
    }

    #[test]
    fn comma_and_initials_forms_agree(
        ini in "([A-Z]\\.){1,4}",
        tv in prop::sample::select(vec!["", "van", "van der", "de", "ten"]),
        ach in "[A-Z][a-z]{2,10}",
        roep in prop::option::of("[A-Z][a-z]{2,8}"),
    ) {
        let r = roep.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
        let sur = if tv.is_empty() { ach.clone() } else { format!("{tv} {ach}") };
        let comma_sur = if tv.is_empty() { ach.clone() } else { format!("{ach} {tv}") };
        let a = parse_name(&format!("{ini}{r} {sur}"));
        let b = parse_name(&format!("{comma_sur}, {ini}{r}"));
        prop_assert_eq!(&a[0].surname, &b[0].surname);
        prop_assert_eq!(&a[0].initials, &b[0].initials);
        prop_assert_eq!(&a[0].given, &b[0].given);
    }

    #[test]
    fn tally_total_is_the_sum_of_lines(
        lines in prop::collection::vec((0usize..4, 0i64..40, any::<bool>()), 0..30),
        roll in any::<bool>(),
    ) {
        let soorten = ["Voor", "Tegen", "Niet deelgenomen", "Onzin"];
        let b = BesluitInput {
            besluit_soort: Some("Stemmen".into()),
            stemmings_soort: Some(if roll { "Hoofdelijk" } else { "Met handopsteken" }.into()),
            stemmingen: lines.iter().enumerate().map(|(i, (s, seats, verg))| StemmingInput {
                soort: Some(soorten[*s].into()),
                fractie_grootte: Some(*seats),
                actor_naam: Some(format!("P{}", i % 7)),
                actor_fractie: Some(format!("P{}", i % 7)),
                vergissing: Some(*verg),
                ..StemmingInput::default()
            }).collect(),
            ..BesluitInput::default()
        };
        let o = compute_outcome(&[b]);
        let t = o.tally.unwrap();
        prop_assert_eq!(t.total, t.voor + t.tegen + t.niet_deelgenomen);
        let counted = |s: usize| -> i64 {
            lines.iter().filter(|l| l.0 == s).map(|l| if roll { 1 } else { l.1 }).sum()
        };
        prop_assert_eq!((t.voor, t.tegen, t.niet_deelgenomen), (counted(0), counted(1), counted(2)));
        let sum_lines: i64 = o.party_lines.iter().map(|l| l.voor + l.tegen + l.niet_deelgenomen).sum();
        prop_assert_eq!(sum_lines, t.total);
        prop_assert_eq!(o.mode, Some(if roll { VoteMode::Hoofdelijk } else { VoteMode::Handopsteken }));
        if roll {
            prop_assert_eq!(o.member_lines.len() as i64, t.total);
        }
    }
}
