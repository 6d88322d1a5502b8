//! Motions: the submitters after the closing formula and the considerations and requests
//! between "gehoord de beraadslaging," and "en gaat over tot de orde van de dag.".

use std::sync::LazyLock;

use regex::Regex;

use super::scan::{ci_find_iter, ci_rfind_iter, is_ascii_word};
use super::{Body, Person, push_collapsed};
use crate::doc::SourceDoc;

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)gaat\s+over\s+tot\s+(?:de\s+)?(?:orde\s+van\s+(?:de\s+)?)?dag(?-u:\b)[.,;]?",
    )
    .expect("closing regex")
});
static HEARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)gehoord\s+de\s+beraadslaging(?:en)?\s*[,.;:]?").expect("heard regex")
});
static THE_HOUSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)De\s+Kamer\s*,").expect("house regex"));
/// Words that may stand before a consideration's keyword ("tevens overwegende"), each then
/// followed by whitespace.
const CLAUSE_LEAD_CONSIDERATION: &[&str] = &[
    r"en",
    r"tevens",
    r"voorts",
    r"ook",
    r"mede",
    r"verder",
    r"daarnaast",
    r"bovendien",
    r"nog",
];
/// Keywords that start a consideration (no word boundary after: "constaterende").
const CONSIDERATION_WORDS: &[&str] = &[
    r"constaterend",
    r"overwegend",
    r"van\s+mening",
    r"van\s+oordeel",
    r"gelet\s+op",
    r"gezien",
    r"erkennend",
    r"vaststellend",
    r"concluderend",
    r"benadrukkend",
    r"wijzend",
    r"verwijzend",
    r"onderschrijvend",
    r"opmerkend",
    r"signalerend",
    r"in\s+overweging",
    r"in\s+aanmerking",
    r"memorerend",
    r"herinnerend",
    r"betreurend",
    r"verontrust",
    r"bezorgd",
    r"voorts",
    r"tevens",
    r"met\s+het\s+oog\s+op",
    r"zich\s+realiserend",
    r"van\s+belang\s+achtend",
    r"stellende",
    r"oordelend",
];
/// Words that may stand before a request's keyword ("en verzoekt"), each then followed by
/// whitespace.
const CLAUSE_LEAD_REQUEST: &[&str] = &[r"en", r"tevens", r"voorts", r"verder", r"daarnaast"];
/// Keywords that start a request (a whole word: an ASCII word boundary follows).
const REQUEST_WORDS: &[&str] = &[
    r"verzoekt",
    r"verzoeken",
    r"roept",
    r"spreekt",
    r"draagt",
    r"vraagt",
    r"dringt",
    r"besluit",
    r"zegt",
    r"stelt\s+voor",
    r"wenst",
    r"acht\s+het",
    r"nodigt",
    r"geeft\s+de\s+regering",
    r"doet\s+een\s+beroep",
    r"keurt",
    r"veroordeelt",
    r"betreurt\s+het\s+dat",
    r"constateert\s+dat\s+de\s+kamer",
];
/// `(?i)^(?:(?:lead)\s+)?(?:words)` + `tail`: a clause that starts with one of `words`,
/// perhaps after one of `lead`.
fn clause_pattern(lead: &[&str], words: &[&str], tail: &str) -> Regex {
    Regex::new(&format!(
        r"(?i)^(?:(?:{})\s+)?(?:{}){tail}",
        lead.join("|"),
        words.join("|")
    ))
    .expect("clause regex")
}
static CONSIDERATION: LazyLock<Regex> =
    LazyLock::new(|| clause_pattern(CLAUSE_LEAD_CONSIDERATION, CONSIDERATION_WORDS, ""));
static REQUEST: LazyLock<Regex> =
    LazyLock::new(|| clause_pattern(CLAUSE_LEAD_REQUEST, REQUEST_WORDS, r"(?-u:\b)"));

/// Pre-scan for a clause pattern: the pairs of ASCII letters its words (lead words included)
/// start with, as a bit set (`table[first] >> second & 1`).
///
/// Every word of the patterns starts with two ASCII lower-case letters (a test checks this).
/// Under `(?i)` an ASCII letter of the pattern matches only its two ASCII cases and, for "k"
/// and "s", a non-ASCII character (the Kelvin sign, the long s). So a clause whose first two
/// bytes are ASCII can only match when their lower-case forms are such a pair; a clause that
/// starts with a non-ASCII byte is left to the pattern.
struct LeadPairs([u32; 26]);

impl LeadPairs {
    fn new(lists: &[&[&str]]) -> Self {
        let mut t = [0u32; 26];
        for w in lists.iter().flat_map(|l| l.iter()) {
            let b = w.as_bytes();
            if let (Some(x @ b'a'..=b'z'), Some(y @ b'a'..=b'z')) = (b.first(), b.get(1)) {
                t[usize::from(x - b'a')] |= 1 << (y - b'a');
            }
        }
        LeadPairs(t)
    }

    /// False only when `clause` cannot match the pattern the pairs were made from.
    fn may_match(&self, clause: &str) -> bool {
        match clause.as_bytes() {
            [x, y, ..] if x.is_ascii() && y.is_ascii() => {
                let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
                x.is_ascii_lowercase()
                    && y.is_ascii_lowercase()
                    && self.0[usize::from(x - b'a')] >> (y - b'a') & 1 == 1
            }
            [_, _, ..] => true,
            // every word is at least two letters long
            _ => false,
        }
    }
}

static CONSIDERATION_PAIRS: LazyLock<LeadPairs> =
    LazyLock::new(|| LeadPairs::new(&[CLAUSE_LEAD_CONSIDERATION, CONSIDERATION_WORDS]));
static REQUEST_PAIRS: LazyLock<LeadPairs> =
    LazyLock::new(|| LeadPairs::new(&[CLAUSE_LEAD_REQUEST, REQUEST_WORDS]));

/// The closing formula and "gehoord de beraadslaging" anchored, for the positions their
/// pre-scans find.
static CLOSING_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{})", CLOSING.as_str())).expect("closing regex"));
static HEARD_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{})", HEARD.as_str())).expect("heard regex"));

/// Whether a match of [`CLOSING`] or [`HEARD`] can start at `i`, which starts "gaat" or
/// "gehoord": both patterns begin with `(?-u:\b)` and that word, whose letters Unicode case
/// folding maps only to their ASCII cases, so an ASCII case-insensitive search for the word
/// finds every start, and the boundary needs a non-word byte (or nothing) before it.
fn at_word_start(b: &[u8], i: usize) -> bool {
    i == 0 || !is_ascii_word(b[i - 1])
}

/// Start of the last match of [`CLOSING`] in `text`, searched from the end (the closing
/// formula ends a motion). A match holds only one "gaat" (the rest of the formula has none),
/// so matches never overlap and the last one found left to right is the one at the last start
/// where the anchored pattern matches.
fn last_closing(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    ci_rfind_iter(b, b"gaat").find(|&i| at_word_start(b, i) && CLOSING_AT.is_match(&text[i..]))
}

/// End of the first match of [`HEARD`] in `text`: the one at the first start where the
/// anchored pattern matches.
fn first_heard_end(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    ci_find_iter(b, b"gehoord")
        .filter(|&i| at_word_start(b, i))
        .find_map(|i| HEARD_AT.find(&text[i..]).map(|m| i + m.end()))
}

static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}\.\s?)*(?:\p{L}[\p{L}'’.]*(?:[-‑]\p{L}[\p{L}'’.]*)*)(?:\s+(?:\p{L}[\p{L}'’.]*(?:[-‑]\p{L}[\p{L}'’.]*)*)){0,5},?$")
        .expect("name regex")
});

use super::collapse;

/// A line that can be a member's name in a signature block ("Van der Plas", "Diederik van Dijk").
fn is_name(line: &str) -> bool {
    let line = line.trim();
    let starts_upper = line.chars().next().is_some_and(|c| c.is_uppercase());
    starts_upper && line.len() <= 60 && NAME.is_match(line)
}

/// The submitters: the reader's signer list, else the name lines after the closing formula.
pub(crate) fn submitters(doc: &SourceDoc, body: &Body) -> Vec<Person> {
    let names: Vec<String> = if !doc.meta.signers.is_empty() {
        doc.meta
            .signers
            .iter()
            .map(|s| collapse(&s.name))
            .filter(|s| !s.is_empty())
            .collect()
    } else {
        names_after_closing(body)
    };
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| Person {
            name,
            role: Some(if i == 0 { "indiener" } else { "medeindiener" }.into()),
        })
        .collect()
}

fn names_after_closing(body: &Body) -> Vec<String> {
    let lines = body.lines();
    let Some(idx) = lines.iter().rposition(|l| CLOSING.is_match(l)) else {
        return Vec::new();
    };
    let mut candidates: Vec<String> = Vec::new();
    if let Some(m) = CLOSING.find_iter(&lines[idx]).last() {
        let rest = lines[idx][m.end()..].trim();
        if !rest.is_empty() {
            candidates.push(rest.to_string());
        }
    }
    candidates.extend(lines[idx + 1..].iter().cloned());
    let mut out = Vec::new();
    for c in candidates {
        let c = collapse(&c);
        if is_name(&c) {
            out.push(c);
        } else if !out.is_empty() {
            break;
        }
    }
    out
}

/// Considerations and requests of a motion, in order.
pub(crate) fn clauses(body: &Body) -> (Vec<String>, Vec<String>) {
    let full = &body.full;
    let end = last_closing(full).unwrap_or(full.len());
    let head = &full[..end];
    let start = first_heard_end(head)
        .or_else(|| THE_HOUSE.find(head).map(|m| m.end()))
        .unwrap_or(0);
    let zone = &full[start..end];

    // Segments: lines, and within lines the parts after ";". Each clause is built collapsed
    // (whitespace runs as single spaces): collapsing segments one by one and joining them with
    // spaces gives what collapsing the joined segments gives, as every segment is trimmed and
    // not empty.
    let mut clauses: Vec<(Clause, String)> = Vec::new();
    // The zone's lines, split at "\n" with the memchr crate: `str::lines` would also drop a
    // "\r" before the "\n" and a last empty line, which the trim and the emptiness test
    // below drop anyway.
    let mut from = 0;
    let ends = memchr::memchr_iter(b'\n', zone.as_bytes()).chain([zone.len()]);
    for end in ends {
        let line = &zone[from..end];
        from = end + 1;
        let mut rest = super::scan::trim(line);
        while let Some(p) = memchr::memchr_iter(b';', rest.as_bytes())
            .find(|&p| rest.as_bytes().get(p + 1) == Some(&b' '))
        {
            add_segment(&mut clauses, &rest[..=p]);
            rest = rest[p + 1..].trim_start();
        }
        if !rest.is_empty() && !super::header::is_layout_line(rest) {
            add_segment(&mut clauses, rest);
        }
    }
    let mut cons = Vec::new();
    let mut reqs = Vec::new();
    for (k, text) in clauses {
        if k == Clause::Request {
            reqs.push(text);
        } else {
            cons.push(text);
        }
    }
    (cons, reqs)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clause {
    Consideration,
    Request,
}

/// The kind of clause a segment starts, if it starts one.
fn clause_kind(seg: &str) -> Option<Clause> {
    if REQUEST_PAIRS.may_match(seg) && REQUEST.is_match(seg) {
        Some(Clause::Request)
    } else if CONSIDERATION_PAIRS.may_match(seg) && CONSIDERATION.is_match(seg) {
        Some(Clause::Consideration)
    } else {
        None
    }
}

/// A segment starts a clause, or continues the one before it.
fn add_segment(clauses: &mut Vec<(Clause, String)>, seg: &str) {
    let seg = super::scan::trim(seg);
    if seg.is_empty() {
        return;
    }
    match (clause_kind(seg), clauses.last_mut()) {
        (Some(k), _) => clauses.push((k, collapse(seg))),
        (None, Some((_, text))) => {
            text.push(' ');
            push_collapsed(text, seg);
        }
        (None, None) => clauses.push((Clause::Consideration, collapse(seg))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn clause_kind_unfiltered(seg: &str) -> Option<Clause> {
        if REQUEST.is_match(seg) {
            Some(Clause::Request)
        } else if CONSIDERATION.is_match(seg) {
            Some(Clause::Consideration)
        } else {
            None
        }
    }

    /// The pre-scans agree with the plain patterns on `text`: the clause kind of every line
    /// and every part after a ";", the last closing formula, the first "gehoord …".
    fn check(text: &str) {
        for line in text.lines() {
            for seg in line.split(';').chain([line]) {
                for seg in [seg, seg.trim()] {
                    assert_eq!(clause_kind(seg), clause_kind_unfiltered(seg), "{seg:?}");
                }
            }
        }
        assert_eq!(
            last_closing(text),
            CLOSING.find_iter(text).last().map(|m| m.start()),
            "{text:?}"
        );
        assert_eq!(
            first_heard_end(text),
            HEARD.find(text).map(|m| m.end()),
            "{text:?}"
        );
    }

    #[test]
    fn words_start_with_two_ascii_letters() {
        for list in [
            CLAUSE_LEAD_CONSIDERATION,
            CONSIDERATION_WORDS,
            CLAUSE_LEAD_REQUEST,
            REQUEST_WORDS,
        ] {
            for w in list {
                let b = w.as_bytes();
                assert!(
                    b.len() >= 2 && b[..2].iter().all(u8::is_ascii_lowercase),
                    "{w}"
                );
            }
        }
    }

    #[test]
    fn prescans_agree_on_the_corpus() {
        let mut kinds = 0;
        for text in crate::extract::tests::corpus() {
            check(text);
            kinds += text
                .lines()
                .filter(|l| clause_kind(l.trim()).is_some())
                .count();
        }
        assert!(kinds > 1000, "only {kinds} clause lines in the corpus");
    }

    #[test]
    fn prescans_agree_on_edge_cases() {
        for text in [
            "Gehoord de beraadslaging,\nconstaterende dat; verzoekt de regering,\nen gaat over tot de orde van de dag.",
            "gehoorde beraadslaging xgehoord de beraadslaging GEHOORD  DE\nBERAADSLAGINGEN; gehoord de beraadslaging",
            "gaat over tot de dag gaat over tot de orde van de dag, en gaat over tot orde van de dag; xgaat over tot de dag",
            "\u{17F}preekt uit\n\u{212A}eurt af\n\u{17F}tellende dat\nE\nén\nVerzoekt\nEN  VERZOEKT\nen\u{a0}verzoekt\ntevens\toverwegende",
        ] {
            check(text);
        }
        assert_eq!(clause_kind("\u{17F}preekt uit"), Some(Clause::Request));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn prescans_agree_on_motion_like_text(
            words in proptest::collection::vec(
                "(en|En|tevens|verzoekt|Verzoekt|spreekt|uit|overwegende|constaterende|van|mening|de|Kamer|gaat|over|tot|orde|dag|gehoord|beraadslaging|beraadslagingen|;|,|\\.|x|\u{17F}|\u{212a}|é)",
                0..30,
            ),
            seps in proptest::collection::vec("( |\n|  |\u{a0}|\t|)", 30),
        ) {
            let mut text = String::new();
            for (i, w) in words.iter().enumerate() {
                text.push_str(w);
                text.push_str(&seps[i]);
            }
            check(&text);
        }

        #[test]
        fn collapsing_segments_one_by_one_is_collapsing_them_joined(
            segs in proptest::collection::vec("[a \u{a0}\t\u{2009}é]{0,8}", 1..5),
        ) {
            let segs: Vec<&str> = segs.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
            let mut one_by_one = String::new();
            for (i, s) in segs.iter().enumerate() {
                if i > 0 {
                    one_by_one.push(' ');
                }
                push_collapsed(&mut one_by_one, s);
            }
            prop_assert_eq!(one_by_one, collapse(&segs.join(" ")));
        }
    }
}
