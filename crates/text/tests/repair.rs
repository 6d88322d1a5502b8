//! Tests of the repair stages: the seed letter (golden), line-end hyphens, footnote markers,
//! must-keep tokens, double encoding, normalisation, and property tests of the invariants.

use kw_text::SourceFormat;
use kw_text::doc::Repair;
use kw_text::repair::footnote::detach_markers;
use kw_text::repair::hyphen::{Decision, decide};
use kw_text::repair::{Repaired, repair_text};
use proptest::prelude::*;

use crate::common::{motion_ids, motion_xml, render_kamerstuk_pdf_text, seed_text};

fn rules(r: &Repaired, rule: &str) -> Vec<(String, String)> {
    r.repairs
        .iter()
        .filter(|x| x.rule == rule)
        .map(|x| (x.before.clone(), x.after.clone()))
        .collect()
}

#[test]
fn seed_golden() {
    let r = repair_text(&seed_text(), SourceFormat::PlainText);
    let joins: Vec<String> = rules(&r, "hyphen-join")
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    assert_eq!(
        joins,
        [
            "betrekkingen",
            "governance",
            "onderhandelingen",
            "continueren",
            "samenwerkingskaders",
            "Amphibious"
        ]
    );
    let notes: Vec<(&str, &str)> = r
        .footnotes
        .iter()
        .map(|f| (f.marker.as_str(), f.word.as_str()))
        .collect();
    assert_eq!(notes, [("1", "Koninkrijk"), ("2", "VK.")]);
    for kept in [
        "handels- en investeringsrelatie",
        "EU-akkoord",
        "UK-NL Amphibious",
        "EU-eenheid",
        "douane-unie",
        "publiek-private",
        "defensie- en veiligheidsbeleid",
        "e-health",
        "Verenigd Koninkrijk en het daarop",
        "met het VK.\n\nTegelijkertijd",
    ] {
        assert!(r.text.contains(kept), "{kept}");
    }
    assert!(!r.text.contains("Koninkrijk1") && !r.text.contains("VK.2"));
    insta::assert_snapshot!("seed_repaired_text", r.text);
    insta::assert_json_snapshot!("seed_repairs", (&r.repairs, &r.footnotes));
}

#[test]
fn hyphen_decisions() {
    let cases = [
        ("betrek", "kingen", Decision::Join),
        ("Amphi", "bious", Decision::Join),
        ("handels", "en", Decision::KeepSpace),
        ("asiel", "of", Decision::KeepSpace),
        ("vijf", "tot", Decision::KeepSpace),
        ("EU", "akkoord", Decision::KeepTight),
        ("UK", "NL", Decision::KeepTight),
        ("2025", "2026", Decision::KeepTight),
        ("CO2", "uitstoot", Decision::KeepTight),
        ("Noord", "Holland", Decision::KeepTight),
        ("motie", "Van", Decision::KeepTight),
        ("douane", "unie", Decision::KeepTight),
        ("zee", "eend", Decision::KeepTight),
        ("publiek", "private", Decision::KeepTight),
        ("e", "health", Decision::KeepTight),
        ("onderhande", "lingen", Decision::Join),
        ("", "en", Decision::KeepSpace),
    ];
    for (l, r, want) in cases {
        assert_eq!(decide(l, r).0, want, "{l}-/{r}: {:?}", decide(l, r));
    }
}

#[test]
fn hyphens_in_wrapped_text() {
    let text = "Dit is een regel die lang genoeg is om als gewrapte tekst te gelden, met\n\
        de provincie Noord-\nHolland en het jaar 2025-\n2026 en de handels-\nof investeringsrelatie\n\
        en een betrek-\nking die we hier gewoon samen voe-\ngen in een lange regel van tekst hier.\n";
    let r = repair_text(text, SourceFormat::Pdf);
    assert!(r.text.contains("Noord-Holland"), "{}", r.text);
    assert!(r.text.contains("2025-2026"));
    assert!(r.text.contains("handels- of investeringsrelatie"));
    assert!(r.text.contains("betrekking"));
    assert!(r.text.contains("samen voegen in"));
}

const MUST_KEEP: &[&str] = &[
    "D66", "JA21", "BIJ1", "50PLUS", "CO2", "Q3", "COP30", "G20", "N36", "E1", "35 393", "Nr. 14",
    "2025", "1848",
];

#[test]
fn must_keep_tokens() {
    // Each token in running text, before punctuation, at a line end and after punctuation.
    let mut text = String::from(
        "De partijen en zaken die hier genoemd worden staan in een tekst die lang genoeg is,\n",
    );
    for t in MUST_KEEP {
        text.push_str(&format!(
            "zoals {t} en ook {t}. Daarna volgt ({t}) en {t}, of {t}; ook {t}\n"
        ));
    }
    for format in [
        SourceFormat::Pdf,
        SourceFormat::PlainText,
        SourceFormat::KstXml,
    ] {
        let r = repair_text(&text, format);
        assert!(r.footnotes.is_empty(), "{format:?}: {:?}", r.footnotes);
        for t in MUST_KEEP {
            assert_eq!(
                r.text.matches(t).count(),
                text.matches(t).count(),
                "{format:?}: {t}"
            );
        }
    }
    // Also right after the first footnote markers have been seen.
    let r = repair_text(
        "Het Koninkrijk1 en de VK.2 zijn partners van D66, JA21, BIJ1, CO2 en 50PLUS in Q3 2025, zie Nr. 14.",
        SourceFormat::PlainText,
    );
    assert_eq!(r.footnotes.len(), 2);
    for t in ["D66", "JA21", "BIJ1", "CO2", "50PLUS", "Q3 2025", "Nr. 14."] {
        assert!(r.text.contains(t), "{t}: {}", r.text);
    }
}

#[test]
fn double_encoding() {
    let r = repair_text(
        "LaÃ§in, KrÃ¶ger en Ã\u{96}zdil, WÃ¶rsdÃ¶rfer",
        SourceFormat::PlainText,
    );
    assert_eq!(r.text, "Laçin, Kröger en Özdil, Wörsdörfer");
    assert_eq!(
        rules(&r, "mojibake")[0],
        ("Ã§".to_string(), "ç".to_string())
    );
    // Correct text is never touched.
    let good = "één café, coöperatie, naïef, ‘s-Gravenhage – “quotes” ± ½ ° ©";
    let r = repair_text(good, SourceFormat::KstXml);
    assert!(rules(&r, "mojibake").is_empty());
    // Triple encoding is undone too, so that repairing twice is repairing once.
    let triple = "LaÃ\u{83}Â§in";
    let once = repair_text(triple, SourceFormat::PlainText);
    assert_eq!(once.text, "Laçin");
}

#[test]
fn normalisation() {
    let r = repair_text(
        "de ﬁnanciële\u{00A0}middelen en\u{00AD}zo, co\u{00AD}\nordinatie en m²\u{200B}.",
        SourceFormat::PlainText,
    );
    assert_eq!(r.text, "de financiële middelen enzo, coordinatie en m2.");
    assert_eq!(rules(&r, "nfkc")[0], ("ﬁ".to_string(), "fi".to_string()));
    assert_eq!(rules(&r, "nbsp").len(), 1);
    assert_eq!(rules(&r, "soft-hyphen").len(), 2);
    assert_eq!(rules(&r, "zero-width").len(), 1);
}

#[test]
fn spaced_marker_needs_a_note() {
    let body = "Deze brief is eerder aan de Kamer aangeboden 1. Het gaat om artikel 1. En nr. 1.";
    // Without a note text at a page bottom, nothing is detached.
    let (_, notes) = detach_markers(vec![body.to_string()], &[], &mut Vec::new());
    assert!(notes.is_empty());
    let mut repairs = Vec::new();
    let (paras, notes) = detach_markers(
        vec![body.to_string()],
        &[(1, "Kamerstukken II 2021/22, 30175, nr. 414".to_string())],
        &mut repairs,
    );
    assert_eq!(
        paras[0],
        "Deze brief is eerder aan de Kamer aangeboden. Het gaat om artikel 1. En nr. 1."
    );
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].word, "aangeboden");
    assert_eq!(
        notes[0].text.as_deref(),
        Some("Kamerstukken II 2021/22, 30175, nr. 414")
    );
}

#[test]
fn page_furniture_is_removed_and_recorded() {
    let x = kw_text::read::read_bytes(&motion_xml(&motion_ids()[0])).unwrap();
    let text = render_kamerstuk_pdf_text(&x);
    let r = repair_text(&text, SourceFormat::Pdf);
    assert!(!r.text.contains("Tweede Kamer, vergaderjaar"));
    assert!(!r.text.contains("ISSN"));
    assert!(!r.text.contains("kst-"));
    let removed: Vec<&Repair> = r.repairs.iter().filter(|x| x.after.is_empty()).collect();
    assert!(removed.iter().any(|x| x.rule == "running-head"));
    assert!(removed.iter().any(|x| x.rule == "page-number"));
    assert!(removed.iter().any(|x| x.rule == "kst-footer"));
}

// ---------------------------------------------------------------------------------------------
// Properties

fn alnum(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn is_subsequence(small: &[char], big: &[char]) -> bool {
    let mut it = big.iter();
    small.iter().all(|c| it.any(|b| b == c))
}

/// Words for wrapped text: lower-case, capitalised, acronyms, numbers; hyphens and soft line
/// ends come from the line builder.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zëï]{1,12}",
        "[A-Z][a-z]{1,10}",
        "[A-Z]{2,4}",
        "[0-9]{1,4}",
        Just("en".to_string()),
        Just("of".to_string()),
    ]
}

/// A wrapped text: lines of words, some ending in a hyphen that splits a word.
fn wrapped_text() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::collection::vec(word(), 1..12), any::<bool>()), 1..30).prop_map(
        |lines| {
            let mut out = String::new();
            for (words, hyphen) in lines {
                out.push_str(&words.join(" "));
                if hyphen {
                    out.push('-');
                }
                out.push('\n');
            }
            out
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Dehyphenation only removes hyphens and line breaks: the letters and digits are the
    /// same, in the same order (no footnote markers here: the words have no glued digits).
    #[test]
    fn dehyphenation_keeps_every_letter_and_digit(text in wrapped_text()) {
        let r = repair_text(&text, SourceFormat::Pdf);
        let marker_digits: usize = r.repairs.iter()
            .filter(|x| x.rule == "footnote-detach")
            .map(|x| alnum(&x.before).len() - alnum(&x.after).len())
            .sum();
        let removed: usize = r.repairs.iter()
            .filter(|x| x.after.is_empty())
            .map(|x| alnum(&x.before).len())
            .sum();
        prop_assert_eq!(alnum(&text).len(), alnum(&r.text).len() + marker_digits + removed);
        prop_assert!(is_subsequence(&alnum(&r.text), &alnum(&text)));
        for x in r.repairs.iter().filter(|x| x.rule == "hyphen-join") {
            prop_assert_eq!(alnum(&x.before), alnum(&x.after));
        }
    }

    /// The footnote stage removes only the marker digits (and a space before a spaced marker).
    #[test]
    fn footnote_stage_removes_only_marker_digits(
        paras in prop::collection::vec("[A-Za-z]{1,8}[0-9]{0,3}[.,;]?( [A-Za-z0-9]{1,6}[.,]?){0,8}", 1..8),
        notes in prop::collection::vec(1u32..6, 0..3),
    ) {
        let notes: Vec<(u32, String)> = notes.into_iter().map(|n| (n, "Zie".to_string())).collect();
        let mut repairs = Vec::new();
        let (out, found) = detach_markers(paras.clone(), &notes, &mut repairs);
        let before: Vec<char> = paras.iter().flat_map(|p| alnum(p)).collect();
        let after: Vec<char> = out.iter().flat_map(|p| alnum(p)).collect();
        let digits: usize = repairs.iter().map(|r| {
            let removed: String = r.before.strip_prefix(r.after.as_str()).unwrap_or("").to_string();
            assert!(removed.trim_start().chars().all(|c| c.is_ascii_digit()), "{r:?}");
            alnum(&removed).len()
        }).sum();
        prop_assert_eq!(before.len(), after.len() + digits);
        prop_assert!(is_subsequence(&after, &before));
        prop_assert_eq!(found.iter().filter(|f| !f.word.is_empty()).count(), repairs.len());
    }

    /// Repairing twice gives the same text as repairing once.
    #[test]
    fn repair_is_idempotent(
        text in "([a-zA-Z0-9 ,.;:()’-]|\n|\u{000C}|ﬁ|\u{00AD}|\u{00A0}|Ã|©|§|Â|\u{0303}|é|ë){0,300}",
        format in prop_oneof![Just(SourceFormat::Pdf), Just(SourceFormat::PlainText), Just(SourceFormat::KstXml)],
    ) {
        let once = repair_text(&text, format);
        let twice = repair_text(&once.text, format);
        prop_assert_eq!(&twice.text, &once.text);
    }

    /// Idempotent on wrapped text with glued markers as well.
    #[test]
    fn repair_is_idempotent_on_wrapped_text(text in wrapped_text(), marker in 1u32..4) {
        let text = text.replacen(' ', &format!("{marker} "), 1);
        let once = repair_text(&text, SourceFormat::Pdf);
        let twice = repair_text(&once.text, SourceFormat::Pdf);
        prop_assert_eq!(&twice.text, &once.text);
    }

    /// Every stage other than dehyphenation and footnotes records what it removes: the letters
    /// and digits of the input are those of the output plus those the audit says were removed.
    #[test]
    fn removals_are_recorded(
        paras in prop::collection::vec("[a-z]{2,9}( [a-zA-Z]{1,9}){3,30}[.;,]", 1..40),
        notes in prop::collection::vec("[A-Z][a-z]{2,8}( [a-z0-9]{1,6}){0,8}", 0..3),
        heads in any::<bool>(),
    ) {
        // Lay the paragraphs out in pages with running heads, page numbers and notes.
        let mut text = String::new();
        let mut page = 1;
        for (i, p) in paras.iter().enumerate() {
            text.push_str(p);
            text.push_str("\n\n");
            if i % 7 == 6 {
                for (k, n) in notes.iter().enumerate() {
                    text.push_str(&format!("{} {n}\n", k + 1));
                }
                if heads {
                    text.push_str("\nTweede Kamer, vergaderjaar 2024–2025, 36 600 XVI, nr. 58\n");
                }
                text.push_str(&format!("{page}\n\u{000C}"));
                page += 1;
            }
        }
        text.push_str("kst-36600-XVI-58\nISSN 0921 - 7371\n’s-Gravenhage 2025\n");
        let r = repair_text(&text, SourceFormat::Pdf);
        let delta: isize = r.repairs.iter()
            .map(|x| alnum(&x.before).len() as isize - alnum(&x.after).len() as isize)
            .sum();
        prop_assert_eq!(alnum(&text).len() as isize, alnum(&r.text).len() as isize + delta);
        for x in r.repairs.iter().filter(|x| x.after.is_empty() && x.rule != "footnote-detach") {
            prop_assert!(text[x.position..].starts_with(x.before.as_str()), "{:?}", x);
        }
    }
}

/// Found by the `repair` fuzz target (crash-bf2a53c9…): a control character between two
/// combining marks; removing it must let NFKC order the marks, or a second repair changes them.
#[test]
fn r_fuzz_combining_marks_around_a_control() {
    let input = "g m\u{f}\u{0}\u{0}otR\u{654}\u{655}N  \u{0} ma\u{0}otR\u{654}\u{7f}\u{0}\u{655}N  \u{0}\u{0}\u{0}\u{0}a";
    for format in [
        SourceFormat::Pdf,
        SourceFormat::PlainText,
        SourceFormat::KstXml,
    ] {
        let once = repair_text(input, format);
        assert_eq!(repair_text(&once.text, format).text, once.text);
    }
    let r = repair_text("cafe\u{301} e\u{301}e\u{301}n", SourceFormat::PlainText);
    assert_eq!(r.text, "café één");
}
