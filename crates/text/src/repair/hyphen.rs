//! The line-end hyphen decision: join a word split over a line end ("betrek-/kingen"), or keep
//! the hyphen ("EU-/akkoord", "Noord-/Holland", "handels-/en investeringsrelatie").
//!
//! Unclear cases are decided with the Dutch Knuth–Liang patterns of the `hyphenation` crate and
//! a lexicon derived from the 450 official XML motion texts (`data/lexicon-nl.txt`, made by
//! `data/make_lexicon.py`).

use std::collections::HashSet;
use std::sync::LazyLock;

use hyphenation::{Hyphenator, Language, Load, Standard};

/// What to do with a hyphen at a line end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Remove the hyphen and the line break: "betrek-/kingen" → "betrekkingen".
    Join,
    /// Keep the hyphen, remove the line break: "EU-/akkoord" → "EU-akkoord".
    KeepTight,
    /// Keep the hyphen and put a space: "handels-/en" → "handels- en"; also a dash " -".
    KeepSpace,
}

static LEXICON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/lexicon-nl.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect()
});

/// Every run of two or more parts of a hyphenated lexicon word: "staakt-het-vuren" gives
/// "staakt-het", "het-vuren" and "staakt-het-vuren".
static HYPHENATED_PARTS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set = HashSet::new();
    for w in LEXICON.iter().filter(|w| w.contains('-')) {
        let parts: Vec<&str> = w.split('-').collect();
        for a in 0..parts.len() {
            for b in a + 2..=parts.len() {
                set.insert(parts[a..b].join("-"));
            }
        }
    }
    set
});

static DUTCH: LazyLock<Option<Standard>> =
    LazyLock::new(|| Standard::from_embedded(Language::Dutch).ok());

/// Words after which a hyphen is an elided compound part: "handels- en investeringsrelatie".
const COORDINATING: &[&str] = &[
    "en",
    "of",
    "tot",
    "noch",
    "als",
    "dan",
    "alsook",
    "maar",
    "respectievelijk",
    "c.q",
    "dan wel",
    "en/of",
];

/// True when `word` (lower case) is in the corpus lexicon.
pub fn in_lexicon(word: &str) -> bool {
    LEXICON.contains(word)
}

/// True when the Dutch patterns allow a break in `word` at byte offset `at`.
pub fn pattern_allows(word: &str, at: usize) -> bool {
    match DUTCH.as_ref() {
        Some(d) => d.hyphenate(word).breaks.contains(&at),
        None => false,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(
        c.to_ascii_lowercase(),
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'é' | 'ë' | 'ï' | 'ö' | 'ü'
    )
}

/// Dutch spelling writes a hyphen where two vowels would otherwise be read as one sound
/// ("douane-unie", "zee-eend", "auto-ongeluk").
fn vowel_clash(left: &str, right: &str) -> bool {
    match (left.chars().last(), right.chars().next()) {
        (Some(a), Some(b)) if is_vowel(a) && is_vowel(b) => {
            let pair: String = [a.to_ascii_lowercase(), b.to_ascii_lowercase()]
                .iter()
                .collect();
            matches!(
                pair.as_str(),
                "aa" | "ae"
                    | "ai"
                    | "au"
                    | "ee"
                    | "ei"
                    | "eu"
                    | "ie"
                    | "oe"
                    | "oi"
                    | "oo"
                    | "ou"
                    | "ui"
                    | "uu"
                    | "ea"
                    | "eo"
                    | "oa"
            )
        }
        _ => false,
    }
}

/// `s.to_lowercase()`, by the cheaper ASCII conversion when `s` is ASCII (the same text
/// then).
fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

/// Decides a hyphen between `left` (the word part before the hyphen at a line end, letters and
/// digits only, may be empty) and `right` (the first word of the next line). Returns the
/// decision and the reason, a short stable string for tests and diagnostics.
pub fn decide(left: &str, right: &str) -> (Decision, &'static str) {
    let Some(first) = right.chars().next() else {
        return (Decision::KeepSpace, "no-continuation");
    };
    if left.is_empty() {
        return (Decision::KeepSpace, "dash");
    }
    if first.is_ascii_digit() {
        return (Decision::KeepTight, "number-continuation");
    }
    if !first.is_alphabetic() {
        return (Decision::KeepSpace, "punctuation-continuation");
    }
    if first.is_uppercase() {
        return (Decision::KeepTight, "capital-continuation");
    }
    let right_lower = lowercase(right);
    if COORDINATING.contains(&right_lower.as_str()) {
        return (Decision::KeepSpace, "coordinating-word");
    }
    let upper = left.chars().filter(|c| c.is_uppercase()).count();
    let lower = left.chars().filter(|c| c.is_lowercase()).count();
    if left.chars().last().is_some_and(|c| c.is_ascii_digit()) {
        return (Decision::KeepTight, "number-left");
    }
    if lower == 0 && upper >= 1 && (upper >= 2 || left.chars().count() == 1) {
        return (Decision::KeepTight, "acronym-left");
    }
    if left.chars().count() == 1 {
        // A typesetter leaves at least two letters before a break: "e-/health" is a compound.
        return (Decision::KeepTight, "single-letter-left");
    }
    let left_lower = lowercase(left);
    let mut joined = String::with_capacity(left_lower.len() + right_lower.len() + 1);
    joined.push_str(&left_lower);
    joined.push_str(&right_lower);
    let mut hyphenated = String::with_capacity(joined.len() + 1);
    hyphenated.push_str(&left_lower);
    hyphenated.push('-');
    hyphenated.push_str(&right_lower);
    let j = in_lexicon(&joined);
    let h = in_lexicon(&hyphenated) || HYPHENATED_PARTS.contains(&hyphenated);
    if h && !j {
        return (Decision::KeepTight, "lexicon-hyphenated");
    }
    if j {
        return (Decision::Join, "lexicon-joined");
    }
    if vowel_clash(&left_lower, &right_lower) {
        return (Decision::KeepTight, "vowel-clash");
    }
    if pattern_allows(&joined, left_lower.len()) {
        return (Decision::Join, "pattern-break");
    }
    if in_lexicon(&left_lower) && in_lexicon(&right_lower) && left_lower.chars().count() >= 4 {
        return (Decision::KeepTight, "lexicon-compound");
    }
    (Decision::Join, "lowercase-continuation")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_cases() {
        assert_eq!(decide("betrek", "kingen").0, Decision::Join);
        assert_eq!(decide("gover", "nance").0, Decision::Join);
        assert_eq!(decide("onderhande", "lingen").0, Decision::Join);
        assert_eq!(decide("conti", "nueren").0, Decision::Join);
        assert_eq!(decide("samenwer", "kingskaders").0, Decision::Join);
        assert_eq!(decide("Amphi", "bious").0, Decision::Join);
        assert_eq!(decide("handels", "en").0, Decision::KeepSpace);
        assert_eq!(decide("EU", "akkoord").0, Decision::KeepTight);
        assert_eq!(decide("UK", "NL").0, Decision::KeepTight);
        assert_eq!(decide("2025", "2026").0, Decision::KeepTight);
        assert_eq!(decide("Noord", "Holland").0, Decision::KeepTight);
        assert_eq!(decide("douane", "unie").0, Decision::KeepTight);
        assert_eq!(decide("", "en").0, Decision::KeepSpace);
    }
}
