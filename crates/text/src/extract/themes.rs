//! Policy themes: a vocabulary kept as data (`data/themes.json`, compiled in with
//! `include_str!`) matched with one Aho–Corasick automaton (ASCII case-insensitive, so
//! capitals with diacritics must be listed as such), walked from word starts (see [`hits`]);
//! whole-word terms of up to three letters are looked up per word instead.
//!
//! A term ending in `*` matches any word starting with it (Dutch compounds); other terms match
//! whole words or phrases. A document gets a theme when its trigger terms hit at least once
//! (short documents, ≤ 300 words) or twice (longer ones), or once in the title.

use std::sync::LazyLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, Input, MatchKind, StartKind};
use serde::{Deserialize, Serialize};

use super::ThemeHit;
use super::scan::{for_each_word_start, is_theme_word};

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
    /// Terms of four or more bytes and all prefix terms: an Aho–Corasick DFA for unanchored
    /// (leftmost-longest) and anchored searches.
    ac: Option<DFA>,
    /// True when every AC term starts with a theme word byte: then a hit can only start at the
    /// first byte of a word, and [`ac_hits`] walks the DFA from word starts only.
    word_led: bool,
    /// The AC terms' "heads", reversed, for [`spanned_from_inside_a_word`].
    heads: RevTrie,
    /// Per AC pattern: (theme index, term as written, prefix match?).
    patterns: Vec<(usize, String, bool)>,
    /// Short whole-word terms ("eu", "vk", "ggz"), looked up per word: in an automaton they
    /// would hit inside countless words ("over", "mensen"). Sorted by the packed lower-case
    /// word, for binary search.
    short: Vec<(u32, usize, String)>,
    /// A 2^16-bit filter over the keys of `short`: most short words ("de", "het", "van") are
    /// rejected by one bit test instead of a binary search.
    short_filter: Box<[u64; 1 << 10]>,
    /// Where an AC term can start: see [`StartFilter`].
    start_filter: StartFilter,
}

/// A necessary condition for an AC term to match at a position, tested before the DFA walk:
/// most words start no term.
///
/// Bytes are compared with bit 5 set (`| 0x20`): two bytes that are equal ASCII
/// case-insensitively are equal then (other bytes may become equal too, which only lets more
/// through). A term of four or more bytes can match at `p` only when the hashed key of its
/// first four bytes has its bit set in `four`; a three-byte term likewise, with its bits set
/// for every fourth byte; a two-byte term only when its key is set in `two` (`has_two`); a
/// one-byte term anywhere (`any`). Fewer than four bytes from `p` always pass.
struct StartFilter {
    four: Box<[u64; 1 << 10]>,
    two: Box<[u64; 1 << 10]>,
    has_two: bool,
    any: bool,
}

impl StartFilter {
    fn key4(b: &[u8]) -> usize {
        let w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) | 0x2020_2020;
        (w.wrapping_mul(0x9E37_79B1) >> 16) as usize
    }

    fn key2(b: &[u8]) -> usize {
        usize::from(b[0] | 0x20) << 8 | usize::from(b[1] | 0x20)
    }

    fn set(table: &mut [u64; 1 << 10], bit: usize) {
        table[bit >> 6] |= 1 << (bit & 63);
    }

    /// Bit `bit` (below 2^16, as every key is) of a 2^16-bit table.
    fn get(table: &[u64; 1 << 10], bit: usize) -> bool {
        table[(bit >> 6) & 1023] >> (bit & 63) & 1 != 0
    }

    fn new(needles: &[String]) -> Self {
        let mut f = StartFilter {
            four: Box::new([0; 1 << 10]),
            two: Box::new([0; 1 << 10]),
            has_two: false,
            any: false,
        };
        for n in needles {
            let b = n.as_bytes();
            match b.len() {
                0 => {}
                1 => f.any = true,
                2 => {
                    f.has_two = true;
                    Self::set(&mut f.two, Self::key2(b));
                }
                3 => {
                    for x in 0..=255u8 {
                        Self::set(&mut f.four, Self::key4(&[b[0], b[1], b[2], x]));
                    }
                }
                _ => Self::set(&mut f.four, Self::key4(b)),
            }
        }
        f
    }
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
    let mut short_filter = Box::new([0u64; 1 << 10]);
    for (key, _, _) in &short {
        let bit = filter_bit(*key);
        short_filter[bit >> 6] |= 1 << (bit & 63);
    }
    let ac = DFA::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        // anchored searches from word starts, unanchored ones as the fallback
        .start_kind(StartKind::Both)
        // no prefilter: it never changes which matches are found, and the word-start walk
        // does not use it
        .prefilter(false)
        .build(&needles)
        .ok();
    let word_led = needles
        .iter()
        .all(|n| n.as_bytes().first().is_some_and(|&b| is_theme_word(b)));
    let mut heads = RevTrie::default();
    for n in &needles {
        let b = n.as_bytes();
        for k in 1..b.len() {
            if !is_theme_word(b[k - 1]) && is_theme_word(b[k]) {
                heads.insert(b[..k].iter().rev().map(u8::to_ascii_lowercase));
            }
        }
    }
    let start_filter = StartFilter::new(&needles);
    Matcher {
        themes,
        ac,
        word_led,
        start_filter,
        heads,
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

/// A trie of byte strings (ASCII lower case), walked one byte at a time.
#[derive(Default)]
struct RevTrie {
    /// Per node: its children (byte, node) and whether a string ends there; node 0 is the root.
    nodes: Vec<(Vec<(u8, usize)>, bool)>,
}

impl RevTrie {
    fn insert(&mut self, bytes: impl Iterator<Item = u8>) {
        if self.nodes.is_empty() {
            self.nodes.push((Vec::new(), false));
        }
        let mut node = 0;
        for b in bytes {
            node = match self.child(node, b) {
                Some(c) => c,
                None => {
                    self.nodes.push((Vec::new(), false));
                    let c = self.nodes.len() - 1;
                    self.nodes[node].0.push((b, c));
                    c
                }
            };
        }
        self.nodes[node].1 = true;
    }

    fn child(&self, node: usize, b: u8) -> Option<usize> {
        let (children, _) = self.nodes.get(node)?;
        children.iter().find(|(x, _)| *x == b).map(|(_, c)| *c)
    }
}

/// The leftmost-longest AC match that starts at `at`, as (pattern, end): what the unanchored
/// search reports when its leftmost match starts at `at`. The same walk as the crate's
/// anchored search (which skips the matches a DFA state carries from its failure states:
/// those start after `at`).
fn anchored_at(dfa: &DFA, b: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut sid = dfa.start_state(Anchored::Yes).ok()?;
    let mut mat = None;
    for (i, &byte) in b.get(at..)?.iter().enumerate() {
        sid = dfa.next_state(Anchored::Yes, sid, byte);
        if dfa.is_special(sid) {
            if dfa.is_dead(sid) {
                break;
            }
            if dfa.is_match(sid) {
                let pid = dfa.match_pattern(sid, 0);
                let end = at + i + 1;
                if end - dfa.pattern_len(pid) == at {
                    mat = Some((pid.as_usize(), end));
                }
            }
        }
    }
    mat
}

/// True when a match that starts inside a word (after a word byte) may run over the word
/// start `p`: some AC term has a non-word byte followed by a word byte (a "head" ends there),
/// the text before `p` ends with such a head that starts inside a word, and the longest match
/// from that start ends after `p`.
fn spanned_from_inside_a_word(m: &Matcher, dfa: &DFA, b: &[u8], p: usize) -> bool {
    let mut node = 0;
    let mut j = p;
    while j > 0 {
        j -= 1;
        let Some(c) = m.heads.child(node, b[j].to_ascii_lowercase()) else {
            return false;
        };
        node = c;
        if m.heads.nodes[node].1
            && j > 0
            && is_theme_word(b[j - 1])
            && anchored_at(dfa, b, j).is_some_and(|(_, e)| e > p)
        {
            return true;
        }
    }
    false
}

/// The AC patterns that hit, in text order: leftmost-longest non-overlapping matches that
/// start a word and, for a whole-word term, end one. This is the unanchored search; [`hits`]
/// takes a shortcut when it can.
fn ac_hits_unanchored(m: &Matcher, dfa: &DFA, b: &[u8], out: &mut Vec<usize>) {
    for mat in dfa.try_find_iter(Input::new(b)).into_iter().flatten() {
        if accepted(m, b, mat.pattern().as_usize(), mat.start(), mat.end()) {
            out.push(mat.pattern().as_usize());
        }
    }
}

/// Whether an AC match of `pattern` from `s` to `e` is a hit: it starts a word and, for a
/// whole-word term, ends one.
fn accepted(m: &Matcher, b: &[u8], pattern: usize, s: usize, e: usize) -> bool {
    let (_, _, prefix) = &m.patterns[pattern];
    (s == 0 || !is_theme_word(b[s - 1])) && (*prefix || e >= b.len() || !is_theme_word(b[e]))
}

/// What the word-start walk does at a word start: see [`walk_from`].
enum Step {
    /// No AC term matches from the start: go on.
    Nothing,
    /// A match ends at this byte: go on from there.
    To(usize),
    /// A match from inside a word runs over the start: the walk cannot be used.
    Stop,
}

/// The word-start walk's step at a word start `p` that passed the [`StartFilter`]: the
/// anchored match there, if any, is taken (and pushed to `ac` when [`accepted`]) and the walk
/// goes on after it, unless a match from inside a word runs over `p`.
#[inline(never)]
fn walk_from(m: &Matcher, dfa: &DFA, bytes: &[u8], p: usize, ac: &mut Vec<usize>) -> Step {
    let Some((pattern, e)) = anchored_at(dfa, bytes, p) else {
        return Step::Nothing;
    };
    if spanned_from_inside_a_word(m, dfa, bytes, p) {
        return Step::Stop;
    }
    if accepted(m, bytes, pattern, p, e) {
        ac.push(pattern);
    }
    Step::To(e)
}

/// The short terms whose packed key is `key`, pushed as indices into `m.short`.
#[inline(never)]
fn short_lookup(m: &Matcher, key: u32, out: &mut Vec<usize>) {
    let from = m.short.partition_point(|s| s.0 < key);
    for (i, (k, _, _)) in m.short.iter().enumerate().skip(from) {
        if *k != key {
            break;
        }
        out.push(i);
    }
}

/// [`pack`] of a run of theme word bytes ([`is_theme_word`]) of one to three bytes: such a
/// byte is an ASCII letter or digit unless its high bit is set, and `| 0x20` lower-cases a
/// letter and keeps a digit (digits have bit 5 set).
fn pack_run(run: &[u8]) -> Option<u32> {
    let (key, high) = match *run {
        [a] => (u32::from(a), a),
        [a, b] => (u32::from(a) << 8 | u32::from(b), a | b),
        [a, b, c] => (
            u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c),
            a | b | c,
        ),
        _ => return None,
    };
    // `| 0x20` in each of the run's bytes
    let lower = 0x0020_2020 >> (8 * (3 - run.len()));
    (high & 0x80 == 0).then_some(key | lower)
}

/// Theme hits of a text, and its number of words.
///
/// Longer terms (the AC automaton): one leftmost-longest pass ("waterstof" is one hit for
/// "waterstof*", not also one for "water*"); a hit must start a word, and a whole-word term
/// must end one. When every term starts with a word byte (`word_led`), a hit starts at a word
/// start, and the unanchored search's matches that start at word starts are exactly those of
/// a walk that tries each word start `p` not covered by the previous such match with an
/// anchored search, provided no match starting inside a word runs over such a `p` (it would
/// hide the match at `p`; a match inside a word that ends before the next word start changes
/// nothing). That case is checked at every `p` the walk takes a match from; when it occurs
/// (or when a term starts with a non-word byte) the unanchored search runs instead. A word
/// start that no term can start ([`StartFilter`]) is skipped without a walk.
///
/// Short terms: whole ASCII words of at most three bytes, looked up per word. The AC hits are
/// counted first, then the short ones, each in text order.
fn hits(text: &str) -> (Hits, usize) {
    let m: &'static Matcher = &MATCHER;
    let mut per_theme: Hits = vec![Vec::new(); m.themes.len()];
    // ASCII case-insensitive search on the text itself: no lower-cased copy is made.
    let bytes = text.as_bytes();
    let dfa = m.ac.as_ref();
    let mut ac: Vec<usize> = Vec::new();
    let mut walk = m.word_led && dfa.is_some();
    let mut pos = 0;
    let mut short_hits: Vec<usize> = Vec::new();
    // the per-start tests run for every word: their tables are taken out of the matcher once,
    // and the rare work after a test passes is in functions of its own
    let filter = &m.start_filter;
    let (any, has_two, four, two) = (filter.any, filter.has_two, &*filter.four, &*filter.two);
    let short_filter = &*m.short_filter;
    let words = for_each_word_start(
        bytes,
        |p| {
            if !walk || p < pos {
                return;
            }
            let may = any
                || match bytes.get(p..p + 4) {
                    Some(w) => {
                        StartFilter::get(four, StartFilter::key4(w))
                            || (has_two && StartFilter::get(two, StartFilter::key2(w)))
                    }
                    None => true,
                };
            if may && let Some(dfa) = dfa {
                match walk_from(m, dfa, bytes, p, &mut ac) {
                    Step::Nothing => {}
                    Step::To(e) => pos = e,
                    Step::Stop => walk = false,
                }
            }
        },
        |start, end| {
            let Some(key) = pack_run(&bytes[start..end]) else {
                return;
            };
            if StartFilter::get(short_filter, filter_bit(key)) {
                short_lookup(m, key, &mut short_hits);
            }
        },
    );
    if let (Some(dfa), false) = (dfa, walk) {
        ac.clear();
        ac_hits_unanchored(m, dfa, bytes, &mut ac);
    }
    for pattern in ac {
        let (theme, term, _) = &m.patterns[pattern];
        count(&mut per_theme, *theme, term.as_str());
    }
    for i in short_hits {
        let (_, theme, term) = &m.short[i];
        count(&mut per_theme, *theme, term.as_str());
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind};
    use proptest::prelude::*;

    /// The AC hits as the unanchored search of an `AhoCorasick` built as before the
    /// word-start walk gives them: the reference for [`ac_hits`].
    fn reference_hits(text: &str) -> Vec<usize> {
        static AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
            let needles: Vec<String> = MATCHER
                .patterns
                .iter()
                .map(|(_, term, _)| term.trim_end_matches('*').to_lowercase())
                .collect();
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .prefilter(false)
                .build(&needles)
                .expect("automaton")
        });
        let b = text.as_bytes();
        let mut out = Vec::new();
        for mat in AC.find_iter(text) {
            let (s, e) = (mat.start(), mat.end());
            if s > 0 && is_theme_word(b[s - 1]) {
                continue;
            }
            let (_, _, prefix) = &MATCHER.patterns[mat.pattern().as_usize()];
            if !prefix && e < b.len() && is_theme_word(b[e]) {
                continue;
            }
            out.push(mat.pattern().as_usize());
        }
        out
    }

    /// The theme hits of [`hits`], against the same counted from [`reference_hits`] and the
    /// short terms.
    fn check(text: &str) {
        let (got, words) = hits(text);
        let mut want: Hits = vec![Vec::new(); MATCHER.themes.len()];
        for pattern in reference_hits(text) {
            let (theme, term, _) = &MATCHER.patterns[pattern];
            count(&mut want, *theme, term.as_str());
        }
        let b = text.as_bytes();
        let mut n = 0;
        crate::extract::scan::for_each_word_run(b, |s, e| {
            n += 1;
            let Some(key) = pack(&b[s..e]) else { return };
            for (k, theme, term) in &MATCHER.short {
                if *k == key {
                    count(&mut want, *theme, term.as_str());
                }
            }
        });
        assert_eq!((got, words), (want, n), "{text:?}");
    }

    #[test]
    fn pack_run_is_pack_on_word_runs() {
        let word: Vec<u8> = (0..=255u8).filter(|&b| is_theme_word(b)).collect();
        for &a in &word {
            assert_eq!(pack_run(&[a]), pack(&[a]));
            for &b in &word {
                assert_eq!(pack_run(&[a, b]), pack(&[a, b]));
                for &c in word.iter().step_by(7).chain(b"azAZ09") {
                    assert_eq!(pack_run(&[a, b, c]), pack(&[a, b, c]));
                }
            }
        }
        assert_eq!(pack_run(b""), None);
        assert_eq!(pack_run(b"abcd"), None);
    }

    #[test]
    fn vocabulary_has_phrases_and_word_led_terms() {
        assert!(MATCHER.word_led);
        assert!(MATCHER.heads.nodes.len() > 10);
    }

    #[test]
    fn word_start_walk_agrees_with_the_unanchored_search_on_the_corpus() {
        for text in crate::extract::tests::corpus() {
            check(text);
        }
    }

    #[test]
    fn word_start_walk_agrees_on_edge_cases() {
        for text in [
            "xde zorg",
            "onderde zorg in de zorg",
            "kindin de zorg de zorg",
            "xauto's subsidie",
            "Xeu-akkoord eu-akkoord EU-landen",
            "midden- en kleinbedrijf amidden- en kleinbedrijf",
            "wind op zee; xwind op zee",
            "",
            "de",
        ] {
            check(text);
        }
    }

    /// Pieces of the vocabulary's terms: whole terms, their starts and ends, and separators.
    fn pieces() -> Vec<String> {
        let mut out: Vec<String> = vec![
            " ".into(),
            "-".into(),
            "'".into(),
            "x".into(),
            "é".into(),
            "\n".into(),
            "s".into(),
        ];
        for (_, term, _) in MATCHER.patterns.iter().step_by(3) {
            let t = term.trim_end_matches('*');
            out.push(t.to_string());
            out.push(t.to_uppercase());
            if let Some(i) = t.find([' ', '-', '\'']) {
                out.push(t[..=i].to_string());
                out.push(t[i..].to_string());
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn word_start_walk_agrees_on_vocabulary_pieces(idx in proptest::collection::vec(0usize..10_000, 0..24)) {
            let pieces = pieces();
            let text: String = idx.iter().map(|&i| pieces[i % pieces.len()].as_str()).collect();
            check(&text);
        }
    }
}
