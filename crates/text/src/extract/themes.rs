//! Policy themes: a vocabulary kept as data (`data/themes.json`, compiled in with
//! `include_str!`) matched with one Aho–Corasick automaton (ASCII case-insensitive, so
//! capitals with diacritics must be listed as such) over the text.
//!
//! A term ending in `*` matches any word starting with it (Dutch compounds); other terms match
//! whole words or phrases. A document gets a theme when its trigger terms hit at least once
//! (short documents, ≤ 300 words) or twice (longer ones), or once in the title.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use serde::{Deserialize, Serialize};

use super::ThemeHit;

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
    ac: Option<AhoCorasick>,
    /// Per pattern: (theme index, term as written, prefix match?).
    patterns: Vec<(usize, String, bool)>,
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    // The vocabulary is compiled in and checked by a test; a broken file gives no themes.
    let themes = serde_json::from_str::<Vocabulary>(VOCABULARY)
        .map(|v| v.themes)
        .unwrap_or_default();
    let mut patterns = Vec::new();
    let mut needles = Vec::new();
    for (i, t) in themes.iter().enumerate() {
        for term in &t.terms {
            let prefix = term.ends_with('*');
            let needle = term.trim_end_matches('*').to_lowercase();
            if needle.is_empty() {
                continue;
            }
            needles.push(needle);
            patterns.push((i, term.clone(), prefix));
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .start_kind(StartKind::Anchored)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&needles)
        .ok();
    Matcher {
        themes,
        ac,
        patterns,
    }
});

/// The theme vocabulary.
pub fn themes() -> &'static [Theme] {
    &MATCHER.themes
}

fn hits(text: &str) -> Vec<Vec<(String, usize)>> {
    let m = &*MATCHER;
    let mut per_theme: Vec<Vec<(String, usize)>> = vec![Vec::new(); m.themes.len()];
    let Some(ac) = &m.ac else { return per_theme };
    // ASCII case-insensitive search on the text itself: no lower-cased copy is made.
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    // Terms start at word starts: one anchored leftmost-longest search per word start, so
    // that short terms ("eu", "vk") are never tried inside other words. "waterstof" is one hit
    // for "waterstof*", not also one for "water*".
    let mut i = 0;
    while i < bytes.len() {
        if !is_word(bytes[i]) || (i > 0 && is_word(bytes[i - 1])) || !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let input = Input::new(text).range(i..).anchored(Anchored::Yes);
        let found = ac.try_find(input).ok().flatten();
        i += 1;
        let Some(mat) = found else { continue };
        let e = mat.end();
        let (theme, term, prefix) = &m.patterns[mat.pattern().as_usize()];
        if !prefix && e < bytes.len() && is_word(bytes[e]) {
            continue;
        }
        let list = &mut per_theme[*theme];
        match list.iter_mut().find(|(t, _)| t == term) {
            Some((_, n)) => *n += 1,
            None => list.push((term.clone(), 1)),
        }
    }
    per_theme
}

/// Themes of a text (and its title), best first.
pub(crate) fn classify(text: &str, title: Option<&str>) -> Vec<ThemeHit> {
    let words = text.split_whitespace().count();
    let min = if words <= 300 { 1 } else { 2 };
    let body = hits(text);
    let head = title.map(hits);
    let mut out: Vec<ThemeHit> = Vec::new();
    for (i, list) in body.iter().enumerate() {
        let score: usize = list.iter().map(|(_, n)| n).sum();
        let in_title = head.as_ref().is_some_and(|h| !h[i].is_empty());
        if score >= min || in_title {
            let t = &MATCHER.themes[i];
            let mut terms: Vec<String> = list.iter().map(|(t, _)| t.clone()).collect();
            if let Some(h) = &head {
                for (term, _) in &h[i] {
                    if !terms.contains(term) {
                        terms.push(term.clone());
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
