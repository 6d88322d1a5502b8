//! Policy themes: a vocabulary kept as data (`data/themes.json`, compiled in with
//! `include_str!`) matched with one Aho–Corasick automaton (ASCII case-insensitive, so
//! capitals with diacritics must be listed as such) over the text; whole-word terms of up to
//! three letters are looked up per word instead.
//!
//! A term ending in `*` matches any word starting with it (Dutch compounds); other terms match
//! whole words or phrases. A document gets a theme when its trigger terms hit at least once
//! (short documents, ≤ 300 words) or twice (longer ones), or once in the title.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};

use super::ThemeHit;
use super::scan::{for_each_short_word_run, is_theme_word};

const VOCABULARY: &str = include_str!("../../data/themes.json");

/// One theme of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub id: String,
    pub label: String,
    pub terms: Vec<String>,
}

#[derive(Deserialize)]
struct Vocabulary {
    themes: Vec<Theme>,
}

struct Matcher {
    themes: Vec<Theme>,
    /// Terms of four or more bytes and all prefix terms.
    ac: Option<AhoCorasick>,
    /// Per AC pattern: (theme index, term as written, prefix match?).
    patterns: Vec<(usize, String, bool)>,
    /// Short whole-word terms ("eu", "vk", "ggz"), looked up per word: in an automaton they
    /// would hit inside countless words ("over", "mensen"). Sorted by the packed lower-case
    /// word, for binary search.
    short: Vec<(u32, usize, String)>,
    /// A 2^16-bit filter over the keys of `short`: most short words ("de", "het", "van") are
    /// rejected by one bit test instead of a binary search.
    short_filter: Vec<u64>,
}

/// The bit of `short_filter` for a packed key.
fn filter_bit(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// A word of at most three ASCII bytes, lower-cased and packed into a `u32`.
fn pack(word: &[u8]) -> Option<u32> {
    let low = |b: u8| {
        b.is_ascii_alphanumeric()
            .then(|| u32::from(b.to_ascii_lowercase()))
    };
    match *word {
        [a] => low(a),
        [a, b] => Some(low(a)? << 8 | low(b)?),
        [a, b, c] => Some(low(a)? << 16 | low(b)? << 8 | low(c)?),
        _ => None,
    }
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    // The vocabulary is compiled in and checked by a test; a broken file gives no themes.
    let themes = serde_json::from_str::<Vocabulary>(VOCABULARY)
        .map(|v| v.themes)
        .unwrap_or_default();
    let mut patterns = Vec::new();
    let mut needles = Vec::new();
    let mut short = Vec::new();
    for (i, t) in themes.iter().enumerate() {
        for term in &t.terms {
            let prefix = term.ends_with('*');
            let needle = term.trim_end_matches('*').to_lowercase();
            if needle.is_empty() {
                continue;
            }
            if let (false, Some(key)) = (prefix, pack(needle.as_bytes())) {
                short.push((key, i, term.clone()));
                continue;
            }
            needles.push(needle);
            patterns.push((i, term.clone(), prefix));
        }
    }
    short.sort_by_key(|s| s.0);
    let mut short_filter = vec![0u64; 1 << 10];
    for (key, _, _) in &short {
        let bit = filter_bit(*key);
        short_filter[bit >> 6] |= 1 << (bit & 63);
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        // no prefilter: a hit starts at about every hundredth byte, and with this many
        // patterns the prefilter's skips are too short to pay (callgrind: 1 instruction per
        // byte less); it never changes which matches are found
        .prefilter(false)
        .build(&needles)
        .ok();
    Matcher {
        themes,
        ac,
        patterns,
        short,
        short_filter,
    }
});

/// The theme vocabulary.
pub fn themes() -> &'static [Theme] {
    &MATCHER.themes
}

/// Hits per theme: (term, count), terms borrowed from the vocabulary.
type Hits = Vec<Vec<(&'static str, usize)>>;

fn count(per_theme: &mut Hits, theme: usize, term: &'static str) {
    let list = &mut per_theme[theme];
    match list.iter_mut().find(|(t, _)| std::ptr::eq(*t, term)) {
        Some((_, n)) => *n += 1,
        None => list.push((term, 1)),
    }
}

/// Theme hits of a text, and its number of words.
fn hits(text: &str) -> (Hits, usize) {
    let m: &'static Matcher = &MATCHER;
    let mut per_theme: Hits = vec![Vec::new(); m.themes.len()];
    // ASCII case-insensitive search on the text itself: no lower-cased copy is made.
    let bytes = text.as_bytes();
    let is_word = is_theme_word;
    // Longer terms: one leftmost-longest pass ("waterstof" is one hit for "waterstof*", not
    // also one for "water*"); a hit must start a word, and a whole-word term must end one.
    if let Some(ac) = &m.ac {
        for mat in ac.find_iter(text) {
            let (s, e) = (mat.start(), mat.end());
            if s > 0 && is_word(bytes[s - 1]) {
                continue;
            }
            let (theme, term, prefix) = &m.patterns[mat.pattern().as_usize()];
            if !prefix && e < bytes.len() && is_word(bytes[e]) {
                continue;
            }
            count(&mut per_theme, *theme, term.as_str());
        }
    }
    // Short terms: whole ASCII words of at most three bytes. Words are counted on the way.
    let words = for_each_short_word_run(bytes, |start, end| {
        let Some(key) = pack(&bytes[start..end]) else {
            return;
        };
        let bit = filter_bit(key);
        if m.short_filter[bit >> 6] & (1 << (bit & 63)) == 0 {
            return;
        }
        let from = m.short.partition_point(|s| s.0 < key);
        for (k, theme, term) in &m.short[from..] {
            if *k != key {
                break;
            }
            count(&mut per_theme, *theme, term.as_str());
        }
    });
    (per_theme, words)
}

/// Themes of a text (and its title), best first.
pub(crate) fn classify(text: &str, title: Option<&str>) -> Vec<ThemeHit> {
    let (body, words) = hits(text);
    let min = if words <= 300 { 1 } else { 2 };
    let head = title.map(|t| hits(t).0);
    let mut out: Vec<ThemeHit> = Vec::new();
    for (i, list) in body.iter().enumerate() {
        let score: usize = list.iter().map(|(_, n)| n).sum();
        let in_title = head.as_ref().is_some_and(|h| !h[i].is_empty());
        if score >= min || in_title {
            let t = &MATCHER.themes[i];
            let mut terms: Vec<String> = list.iter().map(|(t, _)| t.to_string()).collect();
            if let Some(h) = &head {
                for (term, _) in &h[i] {
                    if !terms.iter().any(|t| t == term) {
                        terms.push(term.to_string());
                    }
                }
            }
            out.push(ThemeHit {
                id: t.id.clone(),
                label: t.label.clone(),
                score: score.max(usize::from(in_title)),
                terms,
            });
        }
    }
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    out
}
