//! References: the motions ("de motie van de leden Baudet en Van Haga over …",
//! "motie-Van der Werf/Becker (29 279, nr. 890)") and kamerstukken ("35 849, nr. 123",
//! "(Kamerstuk 32793-729)", "t.v.v. 36470-8") a document mentions, in its body and footnotes.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::scan::{
    ci_find_iter, ci_positions, ci_starts_with, has_unusual_chars, is_ascii_word, spaces, word_at,
};
use super::{Kamerstuk, Reference};
use crate::doc::Footnote;

const NAMEWORD: &str = r"(?:(?:van|de|der|den|ten|ter|te|het|in|op|['’]t|la|le|du|da|dos|el)\s+)*\p{Lu}[\p{L}'’.]*(?:-\p{Lu}[\p{L}'’.]*)?";

/// One name in a motion reference: up to four name words.
fn motion_name() -> String {
    format!(r"{NAMEWORD}(?:[^\S\n]+{NAMEWORD}){{0,3}}")
}
/// The start of the motion-of pattern, up to its names.
const MOTION_OF_HEAD: &str = r"(?i:(?-u:\b)(?:nader\s+)?(?:gewijzigde\s+)?moties?)\s+(?i:van\s+)?(?i:de\s+leden|het\s+lid)\s+";
/// The names of the motion-of pattern.
fn motion_of_names() -> String {
    let name = motion_name();
    format!(r"{name}(?:\s*(?:,|(?-u:\b)en(?-u:\b)|/)\s*{name})*")
}
/// The names of the motion-dash pattern.
fn motion_dash_names() -> String {
    let name = motion_name();
    format!(r"{name}(?:\s*/\s*{name})*")
}
/// The words that introduce a motion's subject, per pattern (`(?i)`, a space standing for
/// `\s+`).
const SUBJECT_WORDS: [&[&str]; 2] = [
    &[
        "over",
        "inzake",
        "betreffende",
        "aangaande",
        "met betrekking tot",
        "om",
    ],
    &["over", "inzake", "betreffende"],
];
/// The pattern's tail after the names, shared: `(?P<cs>…)?(?:…(?P<paren>…)…)?(?:…(?P<subject>…))?`.
#[cfg(test)]
fn motion_tail(k: usize) -> String {
    let words = SUBJECT_WORDS[k]
        .iter()
        .map(|w| w.replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|");
    format!(
        r"(?P<cs>\s+c\.s\.)?(?:\s*\((?P<paren>[^()]*)\))?(?:\s+(?i:{words})\s+(?P<subject>[^.;()\s]))?"
    )
}
/// "de (gewijzigde) motie van het lid / de leden A, B en C (c.s.) (…) over …": the whole
/// pattern, which [`motion_at`] matches piecewise (the tests' reference).
#[cfg(test)]
fn motion_of_src() -> String {
    format!(
        "{MOTION_OF_HEAD}(?P<names>{}){}",
        motion_of_names(),
        motion_tail(0)
    )
}
/// "motie-Van der Werf/Becker (c.s.) (…) over …" (the tests' reference, as above).
#[cfg(test)]
fn motion_dash_src() -> String {
    format!(
        r"(?i:(?-u:\b)motie)-(?P<names>{}){}",
        motion_dash_names(),
        motion_tail(1)
    )
}
/// The motion-of pattern's head, anchored.
static MOTION_OF_HEAD_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{MOTION_OF_HEAD})")).expect("motion head regex"));
/// The two patterns' names, anchored.
static MOTION_NAMES_AT: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    [motion_of_names(), motion_dash_names()]
        .map(|src| Regex::new(&format!("^(?:{src})")).expect("motion names regex"))
});
/// Pre-scan for the motion patterns: the positions where a match can start, in order.
///
/// Every match of the motion-of pattern starts with "nader", "gewijzigde" or "moti", and every
/// match of the motion-dash pattern with "moti"; in both, "moti" is preceded only by optional
/// "nader" and "gewijzigde" words, each followed by whitespace (`\s+`, the Unicode White_Space
/// property, as `char::is_whitespace`). So each occurrence of "moti" gives the possible starts
/// in front of it by a short walk back over whitespace and those two words. The words have no
/// letter that Unicode case folding maps outside ASCII (as it maps "k" to the Kelvin sign and
/// "s" to the long s), so ASCII case-insensitive comparison finds every occurrence. The walk
/// back crosses only whitespace and those words, which hold no "moti", so the starts come out
/// sorted.
fn motion_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for m in memchr::memchr2_iter(b'm', b'M', bytes) {
        if !bytes
            .get(m + 1..m + 4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"oti"))
        {
            continue;
        }
        let first = out.len();
        // "… gewijzigde motie", "… nader motie" (optional words, each followed by whitespace)
        let mut at = m;
        let mut words: &[&[u8]] = &[b"gewijzigde", b"nader"];
        while let Some(w_end) = before_whitespace(text, at) {
            let Some((i, w)) = words.iter().enumerate().find(|(_, w)| {
                w_end >= w.len() && bytes[w_end - w.len()..w_end].eq_ignore_ascii_case(w)
            }) else {
                break;
            };
            at = w_end - w.len();
            out.push(at);
            words = &words[i + 1..];
        }
        out[first..].reverse();
        out.push(m);
    }
    out
}

/// The start of the run of whitespace (at least one character) that ends at `at`.
fn before_whitespace(text: &str, at: usize) -> Option<usize> {
    let head = &text[..at];
    let trimmed = head.trim_end_matches(char::is_whitespace);
    (trimmed.len() < head.len()).then_some(trimmed.len())
}

/// A motion reference match, with absolute byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MotionMatch {
    start: usize,
    end: usize,
    names: (usize, usize),
    cs: bool,
    paren: Option<(usize, usize)>,
    /// The first character of the subject.
    subject: Option<usize>,
}

#[cfg(test)]
impl MotionMatch {
    fn from_captures(c: &Captures, base: usize) -> Option<Self> {
        let whole = c.get(0)?;
        let names = c.name("names")?;
        Some(MotionMatch {
            start: base + whole.start(),
            end: base + whole.end(),
            names: (base + names.start(), base + names.end()),
            cs: c.name("cs").is_some(),
            paren: c.name("paren").map(|p| (base + p.start(), base + p.end())),
            subject: c.name("subject").map(|m| base + m.start()),
        })
    }
}

/// The leftmost match of motion pattern `k` (0: "motie van …", 1: "motie-…") that starts at
/// or after `pos`, given `starts`, the sorted start positions from [`motion_starts`]. The same
/// as the unanchored pattern's `captures_at(text, pos)`: no match can start anywhere but at a
/// candidate, candidates are tried left to right, and the anchored pattern at a candidate
/// gives the match that the unanchored search prefers there (the text before the candidate
/// only matters to the leading word boundary, checked here).
fn next_motion(k: usize, text: &str, pos: usize, starts: &[usize]) -> Option<MotionMatch> {
    let bytes = text.as_bytes();
    let from = starts.partition_point(|&s| s < pos);
    for &s in &starts[from..] {
        if s > 0 && is_ascii_word(bytes[s - 1]) {
            continue;
        }
        // "motie-": the dash pattern needs "motie" (any ASCII case) and a hyphen
        if k == 1
            && !bytes
                .get(s..s + 6)
                .is_some_and(|w| w[..5].eq_ignore_ascii_case(b"motie") && w[5] == b'-')
        {
            continue;
        }
        if let Some(m) = motion_at(k, text, s) {
            return Some(m);
        }
    }
    None
}

/// The match of motion pattern `k` anchored at `s`, without the capture engine: what the
/// capture groups of the whole pattern ([`motion_of_src`], [`motion_dash_src`]) anchored, on
/// the text from `s`, give. (The capture engine cost most of the extraction on a long text
/// with many references: its visited set is the pattern's NFA, large with the `\p{L}`
/// classes, times the match length, cleared for every match.)
///
/// The pattern is head, names and an optional tail (`(?P<cs>\s+c\.s\.)?`, an optional
/// parenthesis, an optional subject introduction). The head ("… motie van het lid ", or
/// "motie-") can match in one way only (its optional words are forced by the text, and its
/// final `\s+` must take all whitespace, as the names start with a letter or quote); after the
/// names everything is optional, so a leftmost-first search takes the names' own preferred
/// match (their anchored `find`) and then each optional part, in order, exactly when it
/// matches there: `\s+`, `\s*` and `[^()]*` are greedy and each is followed by a character
/// they cannot take, so no shorter choice can make a part match that the greedy one does not.
/// The subject words differ in their first two letters, so at most one can match. Tests
/// compare this with the capture groups (`check_motion_prescan`).
fn motion_at(k: usize, text: &str, s: usize) -> Option<MotionMatch> {
    let hay = &text[s..];
    let names_from = if k == 0 {
        MOTION_OF_HEAD_AT.find(hay)?.end()
    } else {
        // "motie-" (ASCII letters in any case, checked by the caller; `(?-u:\b)` at the
        // haystack start holds before a letter)
        let ok = hay
            .as_bytes()
            .get(..6)
            .is_some_and(|w| w[..5].eq_ignore_ascii_case(b"motie") && w[5] == b'-');
        if !ok {
            return None;
        }
        6
    };
    let names_end = names_from + MOTION_NAMES_AT[k].find(&hay[names_from..])?.end();
    let mut end = names_end;
    let cs = match spaces(hay, end) {
        Some(e) if hay[e..].starts_with("c.s.") => {
            end = e + 4;
            true
        }
        _ => false,
    };
    let mut paren = None;
    {
        let rest = &hay[end..];
        let open = end + (rest.len() - rest.trim_start_matches(char::is_whitespace).len());
        if hay[open..].starts_with('(') {
            let inner = &hay[open + 1..];
            let close = inner.find(['(', ')']).unwrap_or(inner.len());
            if inner[close..].starts_with(')') {
                paren = Some((s + open + 1, s + open + 1 + close));
                end = open + 1 + close + 1;
            }
        }
    }
    let mut subject = None;
    if let Some(w) = spaces(hay, end) {
        for word in SUBJECT_WORDS[k] {
            let Some(e) = word_at(hay, w, word).and_then(|e| spaces(hay, e)) else {
                continue;
            };
            if let Some(c) = hay[e..].chars().next()
                && !c.is_whitespace()
                && !matches!(c, '.' | ';' | '(' | ')')
            {
                subject = Some(s + e);
                end = e + c.len_utf8();
                break;
            }
        }
    }
    Some(MotionMatch {
        start: s,
        end: s + end,
        names: (s + names_from, s + names_end),
        cs,
        paren,
        subject,
    })
}

/// "35 849, nr. 123", "36 600 XVI, nr. 58", "21 501-20, nr. 2100",
/// "Kamerstukken II 2021/22, 30175, nr. 414".
const KST_NR_SRC: &str = r"(?:(?i:kamerstuk(?:ken)?)\s+(?:II\s+|I\s+)?(?:\d{4}\s*[/–-]\s*\d{2,4}\s*,?\s+)?)?(?-u:\b)(\d{2}[ \u{a0}]?\d{3})(?:\s*[-–]\s*(\d{1,3}|[IVXLC]+|[A-H])|[ \u{a0}]+([IVXLC]+|[A-H]))?\s*,\s*(?i:nr)\.?\s*(\d{1,5})(?-u:\b)";
/// "(Kamerstuk 32793-729)", "t.v.v. 36470-8", "kst-36600-XVI-58".
const KST_DASH_SRC: &str = r"(?P<pre>(?i:(?:t\.\s?v\.\s?v\.|ter\s+vervanging\s+van)\s+die\s+gedrukt\s+onder(?:\s+kamerstuk)?|kamerstuk(?:ken)?|t\.\s?v\.\s?v\.|ter\s+vervanging\s+van)\s+(?:II\s+)?|(?i:kst)-)(\d{4,5})\s*-\s*(?:([IVXLC]+|[A-Za-z]{1,2}|\d{1,3})\s*-\s*)?(\d{1,5})(?-u:\b)";
static KST_NR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(KST_NR_SRC).expect("kamerstuk nr regex"));
static KST_DASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(KST_DASH_SRC).expect("kamerstuk dash regex"));
/// The two kamerstuk patterns anchored, for the positions their pre-scans find.
static KST_NR_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{KST_NR_SRC})")).expect("kamerstuk nr regex"));
static KST_DASH_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{KST_DASH_SRC})")).expect("kamerstuk dash regex"));
static SPLIT_NAMES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:,|(?-u:\b)en(?-u:\b)|/)\s*").expect("split regex"));
static GLUED_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Ll}{2}(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,2}\])(?:\s|[.,;:]|$)")
        .expect("marker regex")
});
/// A kamerstuk right after a motion reference: "(29 279, nr. 890)", " - 21501-07-1502"
/// (Handelingen lists), "(Kamerstuk 32793-729)".
static TAIL_DASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\((?i:t\.\s?v\.\s?v\.|ter\s+vervanging\s+van)[^()]*\)\s*)?(?:[-–]|\(|,)\s*(?:(?i:kamerstuk(?:ken)?)\s+)?(\d{4,5})\s*-\s*(?:([IVXLC]+|[A-Za-z]{1,2}|\d{1,3})\s*-\s*)?(\d{1,5})(?-u:\b)\)?")
        .expect("tail regex")
});
static SUBJECT_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+[-–]\s+\d{4,5}\s*-|,\s+(?:en\s+|die\s|dat\s|waarin|welke|zoals|waarmee|waarop|informeer|bericht|stuur|ga\s|gaat\s|wordt\s|is\s|heeft\s)|\s+(?:en\s+het\s+daarop|en\s+de\s+(?:gewijzigde\s+)?motie|alsmede)(?-u:\b)")
        .expect("subject stop regex")
});

static REPLACES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)ter\s+vervanging\s+van\s+(?:die\s+)?gedrukt\s+onder\s+nr\.?\s*(\d{1,5})(?-u:\b)")
        .expect("replaces regex")
});

/// "GEWIJZIGDE MOTIE … TER VERVANGING VAN DIE GEDRUKT ONDER NR. 83": the replaced kamerstuk
/// in the same dossier.
pub(crate) fn replaced_in_title(title: &str, own: &Kamerstuk) -> Option<Reference> {
    // The pattern holds the literal "vervanging", whose letters Unicode case folding maps only
    // to their ASCII cases: a title without it (most) cannot match.
    ci_find_iter(title.as_bytes(), b"vervanging").next()?;
    let c = REPLACES.captures(title)?;
    let k = Kamerstuk::new(&own.dossier, own.toevoeging.as_deref(), Some(&c[1]));
    Some(Reference {
        kind: "kamerstuk".into(),
        text: collapse(&c[0]),
        kamerstuk: Some(k),
        relation: Some("ter vervanging van".into()),
        ..Reference::default()
    })
}

use super::collapse;

fn kst_from(c: &Captures, dossier: usize, toev: &[usize], nr: usize) -> Kamerstuk {
    let t = toev.iter().find_map(|&i| c.get(i)).map(|m| m.as_str());
    Kamerstuk::new(&c[dossier], t, c.get(nr).map(|m| m.as_str()))
}

/// Where a match of [`KST_NR`] can start, in order. Only valid for text without
/// [`has_unusual_chars`] (there `\d` and the `(?i)` literals are ASCII).
///
/// A match either starts with "kamerstuk" (any case) or at its dossier number: an ASCII digit
/// after an ASCII word boundary. The dossier number is followed by "…, nr": between its first
/// digit and that comma stand only digits, whitespace, "-", "–" and toevoeging letters
/// ([IVXLC], [A-H]); the comma follows whitespace and "nr". So walking back from each "nr"
/// over whitespace to a comma and from there over those characters passes every possible
/// dossier start.
fn kst_nr_starts(text: &str, nr: &[usize]) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = ci_positions(b, b"kamerstuk");
    for &r in nr {
        let Some(comma) = text[..r]
            .trim_end_matches(char::is_whitespace)
            .strip_suffix(',')
            .map(str::len)
        else {
            continue;
        };
        let from = text[..comma]
            .trim_end_matches(|c: char| {
                c.is_ascii_digit()
                    || c.is_whitespace()
                    || matches!(c, '-' | '–' | 'I' | 'V' | 'X' | 'L' | 'C' | 'A'..='H')
            })
            .len();
        out.extend(
            (from..comma)
                .filter(|&i| b[i].is_ascii_digit() && (i == 0 || !is_ascii_word(b[i - 1]))),
        );
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Offsets of "nr" in any ASCII case, in order (four exact searches are cheaper than looking
/// at every "n").
fn nr_positions(b: &[u8]) -> Vec<usize> {
    static FINDERS: LazyLock<[memchr::memmem::Finder<'static>; 4]> =
        LazyLock::new(|| [b"nr", b"nR", b"Nr", b"NR"].map(memchr::memmem::Finder::new));
    let mut out: Vec<usize> = FINDERS.iter().flat_map(|f| f.find_iter(b)).collect();
    out.sort_unstable();
    out
}

/// Where a match of [`KST_DASH`] can start, in order. Only valid for text without
/// [`has_unusual_chars`].
///
/// A match starts with its prefix, "t.", "ter", "kamerstuk" or "kst-" (any case), made of
/// ASCII letters, ".", "-" and whitespace, followed by a dossier number of exactly four or
/// five ASCII digits (the prefix ends in whitespace or "-", and the number is followed by
/// whitespace or "-"), then optional whitespace and "-". So walking back from each "-" over
/// whitespace, four or five digits and then prefix characters passes every possible start.
fn kst_dash_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for h in memchr::memchr_iter(b'-', b) {
        let before = text[..h].trim_end_matches(char::is_whitespace);
        let digits = before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if !(4..=5).contains(&(before.len() - digits)) {
            continue;
        }
        // Back from the digits over ASCII letters, ".", "-" and whitespace, byte by byte (a
        // non-ASCII character is decoded, and passed when it is whitespace), testing each
        // ASCII byte passed as a prefix start: every prefix starts with "t" or "k" (ASCII,
        // any case). The same starts as filtering the range that
        // `trim_end_matches(letter, ".", "-", whitespace)` leaves (a non-ASCII byte is never
        // "t" or "k"), in the other order; the list is sorted below.
        let mut j = digits;
        while j > 0 {
            let c = b[j - 1];
            if c < 0x80 {
                if !(c.is_ascii_alphabetic() || matches!(c, b'.' | b'-' | b'\t'..=b'\r' | b' ')) {
                    break;
                }
                j -= 1;
                if matches!(c | 0x20, b't' | b'k')
                    && (ci_starts_with(b, j, b"t.")
                        || ci_starts_with(b, j, b"ter")
                        || ci_starts_with(b, j, b"kst-")
                        || ci_starts_with(b, j, b"kamerstuk"))
                {
                    out.push(j);
                }
            } else {
                let lead = text[..j].char_indices().next_back().map_or(0, |(k, _)| k);
                if !text[lead..j].starts_with(char::is_whitespace) {
                    break;
                }
                j = lead;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The successive non-overlapping matches of an anchored pattern tried at `starts` (sorted),
/// with the offset of each: what `captures_iter` of the unanchored pattern gives when every
/// match starts at one of `starts` (each search then resumes at the end of the last match, and
/// the first start where the anchored pattern matches is the leftmost match).
fn matches_at<'t>(re_at: &Regex, text: &'t str, starts: &[usize]) -> Vec<(usize, Captures<'t>)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for &s in starts {
        if s < pos {
            continue;
        }
        if let Some(c) = re_at.captures(&text[s..]) {
            pos = s + c.get(0).map_or(0, |m| m.end());
            out.push((s, c));
        }
    }
    out
}

/// The matches of a kamerstuk pattern with their offsets: at the pre-scanned `starts`, or over
/// the whole text when it has unusual characters.
fn kst_matches<'t>(
    re: &Regex,
    re_at: &Regex,
    starts: impl FnOnce() -> Vec<usize>,
    text: &'t str,
    unfiltered: bool,
) -> Vec<(usize, Captures<'t>)> {
    if unfiltered {
        re.captures_iter(text).map(|c| (0, c)).collect()
    } else {
        matches_at(re_at, text, &starts())
    }
}

/// Kamerstuk references in a text, with their byte spans.
fn kamerstukken(text: &str) -> Vec<(usize, usize, Kamerstuk, Option<String>)> {
    kamerstukken_with(text, has_unusual_chars(text))
}

/// [`kamerstukken`], with the patterns run over the whole text when `unfiltered`.
fn kamerstukken_with(
    text: &str,
    unfiltered: bool,
) -> Vec<(usize, usize, Kamerstuk, Option<String>)> {
    let mut all = Vec::new();
    let nr = nr_positions(text.as_bytes());
    // guard: "…, nr. 123" needs the letters "nr" ("nR" alone does not count)
    let has_nr = nr.iter().any(|&r| &text.as_bytes()[r..r + 2] != b"nR");
    if has_nr {
        let starts = || kst_nr_starts(text, &nr);
        for (at, c) in kst_matches(&KST_NR, &KST_NR_AT, starts, text, unfiltered) {
            let m = c.get(0).expect("match");
            all.push((
                at + m.start(),
                at + m.end(),
                kst_from(&c, 1, &[2, 3], 4),
                None,
            ));
        }
    }
    let starts = || kst_dash_starts(text);
    for (at, c) in kst_matches(&KST_DASH, &KST_DASH_AT, starts, text, unfiltered) {
        let m = c.get(0).expect("match");
        let pre = c.name("pre").map_or("", |p| p.as_str()).to_lowercase();
        let relation = (pre.starts_with('t')).then(|| "ter vervanging van".to_string());
        all.push((
            at + m.start(),
            at + m.end(),
            kst_from(&c, 2, &[3], 4),
            relation,
        ));
    }
    // sorted by start, longest first; drop matches that overlap an earlier one (linear sweep)
    all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<(usize, usize, Kamerstuk, Option<String>)> = Vec::with_capacity(all.len());
    for r in all {
        if out.last().is_some_and(|l| r.0 < l.1) {
            continue;
        }
        out.push(r);
    }
    out
}

/// Cut a motion subject at a footnote word, a glued marker or a clause boundary.
/// Returns the subject, the footnote marker that ends it, and the byte offset of the cut.
/// `notes` maps each footnote's word (trimmed of punctuation) to its marker.
fn cut_subject(subject: &str, notes: &HashMap<&str, &str>) -> (String, Option<String>, usize) {
    let mut end = subject.len().min(600);
    while !subject.is_char_boundary(end) {
        end -= 1;
    }
    let subject = &subject[..end];
    let mut marker = None;
    if !notes.is_empty() {
        // the first word of the subject that carries a footnote ends it
        let mut pos = 0;
        for word in subject.split(|c: char| !c.is_alphanumeric()) {
            let w_end = pos + word.len();
            if let Some(mk) = notes.get(word).filter(|_| word.len() >= 2) {
                end = w_end;
                marker = Some((*mk).to_string());
                break;
            }
            pos = w_end + subject[w_end..].chars().next().map_or(0, char::len_utf8);
        }
    }
    if let Some(m) = GLUED_MARKER.find(&subject[..end]) {
        // keep the two letters, drop the digits
        let s = m.start()
            + subject[m.start()..]
                .chars()
                .take(2)
                .map(char::len_utf8)
                .sum::<usize>();
        if s < end {
            end = s;
            marker = subject[s..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect::<String>()
                .into();
        }
    }
    if let Some(m) = SUBJECT_STOP.find(&subject[..end]) {
        end = m.start();
        marker = None;
    }
    let s = collapse(&subject[..end]);
    let s = s.trim_end_matches([',', ' ', ':']).to_string();
    (s, marker.filter(|m: &String| !m.is_empty()), end)
}

fn names_of(names: &str) -> Vec<String> {
    SPLIT_NAMES
        .split(names)
        .map(collapse)
        .filter(|n| !n.is_empty())
        .collect()
}

/// All references in a text (the body, with a letter's subject line before it) and the
/// footnotes; `own` (the document's own id) is left out.
pub(crate) fn references(text: &str, footnotes: &[Footnote], own: Option<&str>) -> Vec<Reference> {
    let mut notes: HashMap<&str, &str> = HashMap::new();
    for f in footnotes {
        let w = f.word.trim_matches(|c: char| !c.is_alphanumeric());
        notes.entry(w).or_insert(f.marker.as_str());
    }
    let mut out: Vec<Reference> = Vec::new();
    let mut motion_spans: Vec<(usize, usize)> = Vec::new();
    let mut seen_motions: HashSet<(String, Option<String>, Option<String>)> = HashSet::new();

    // Motion references left to right; the next search starts where the previous reference
    // ends after its subject was cut, so that "de motie van het lid A over X en de motie van
    // het lid B over Y" gives two references. The next match of each pattern is cached.
    let starts = motion_starts(text);
    let mut next: [Option<MotionMatch>; 2] = [None, None];
    // a pattern that found nothing from some position finds nothing later either
    let mut exhausted = [false, false];
    let mut pos = 0usize;
    loop {
        for k in 0..2 {
            let stale = next[k].as_ref().is_none_or(|c| c.start < pos);
            if stale && !exhausted[k] {
                next[k] = if pos <= text.len() {
                    next_motion(k, text, pos, &starts)
                } else {
                    None
                };
                exhausted[k] = next[k].is_none();
            }
        }
        let start_of = |c: &Option<MotionMatch>| c.as_ref().map(|m| (m.start, usize::MAX - m.end));
        let pick = match (start_of(&next[0]), start_of(&next[1])) {
            (None, None) => break,
            (Some(_), None) => 0,
            (None, Some(_)) => 1,
            (Some(a), Some(b)) => usize::from(b < a),
        };
        let Some(c) = next[pick].take() else { break };
        let (start, mut end) = (c.start, c.end);
        // The subject runs from its first character to ".", ";", "(" or ")", at most 600
        // bytes: taken here rather than in the pattern, so that a text without full stops
        // is not scanned to its end for every reference.
        let subject_span = c.subject.map(|from| {
            let mut limit = (from + 600).min(text.len());
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let to = text[from..limit]
                .find(['.', ';', '(', ')'])
                .map_or(limit, |p| from + p);
            (from, to)
        });
        if let Some((_, to)) = subject_span {
            end = to;
        }
        let mut r = Reference {
            kind: "motie".into(),
            submitters: names_of(&text[c.names.0..c.names.1]),
            cs: c.cs,
            ..Reference::default()
        };
        let mut span_end = end;
        if let Some((a, b)) = c.paren.filter(|(a, b)| b - a <= 160) {
            r.kamerstuk = kamerstukken(&text[a..b]).into_iter().next().map(|k| k.2);
        }
        if let Some((from, to)) = subject_span {
            let (subject, marker, cut) = cut_subject(&text[from..to], &notes);
            // a cut subject leaves what follows it to the kamerstuk checks below
            end = end.min(from + cut);
            if !subject.is_empty() {
                r.subject = Some(subject);
            }
            if let Some(mk) = marker {
                let note = footnotes.iter().find(|f| f.marker == mk);
                if let Some(k) = note
                    .and_then(|f| f.text.as_deref())
                    .and_then(|t| kamerstukken(t).into_iter().next())
                {
                    r.kamerstuk.get_or_insert(k.2);
                }
                r.footnote = Some(mk);
            }
        }
        span_end = span_end.min(end).max(start);
        // "(29 279, nr. 890)" right after the subject
        if r.kamerstuk.is_none() {
            let mut tail_end = (end + 80).min(text.len());
            while !text.is_char_boundary(tail_end) {
                tail_end -= 1;
            }
            let tail = &text[end..tail_end];
            if let Some(k) = kamerstukken(tail).into_iter().next()
                && k.3.is_none()
                && tail[..k.0]
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '(')
                    .is_empty()
            {
                r.kamerstuk = Some(k.2);
                span_end = end + k.1;
                if tail[k.1..].starts_with(')') {
                    span_end += 1;
                }
            } else if let Some(c) = TAIL_DASH.captures(tail) {
                r.kamerstuk = Some(kst_from(&c, 1, &[2], 3));
                span_end = end + c.get(0).map_or(0, |m| m.end());
            }
        }
        r.text = match (subject_span, &r.subject) {
            (Some((from, to)), Some(subject)) if to == span_end || r.kamerstuk.is_none() => {
                format!("{} {subject}", collapse(&text[start..from]))
            }
            _ => collapse(&text[start..span_end]),
        };
        motion_spans.push((start, span_end));
        // the same motion mentioned twice (a title and its text) is listed once
        let key = (
            r.submitters.join("/"),
            r.subject.clone(),
            r.kamerstuk.as_ref().and_then(|k| k.id.clone()),
        );
        if seen_motions.insert(key) {
            out.push(r);
        }
        let mut p = span_end.max(start + 1);
        while p < text.len() && !text.is_char_boundary(p) {
            p += 1;
        }
        pos = p;
    }

    let mut seen: HashSet<String> = out
        .iter()
        .filter_map(|r| r.kamerstuk.as_ref().and_then(|k| k.id.clone()))
        .collect();
    if let Some(o) = own {
        seen.insert(o.to_string());
    }
    let mut push_kst = |out: &mut Vec<Reference>,
                        src: &str,
                        k: Kamerstuk,
                        rel: Option<String>,
                        note: Option<&str>| {
        let key = k.id.clone().unwrap_or_else(|| k.dossier.clone());
        if !seen.insert(key) {
            return;
        }
        out.push(Reference {
            kind: "kamerstuk".into(),
            text: collapse(src),
            kamerstuk: Some(k),
            relation: rel,
            footnote: note.map(str::to_string),
            ..Reference::default()
        });
    };
    // motion spans are sorted and disjoint: one sweep
    let mut span = motion_spans.iter().peekable();
    for (s, e, k, rel) in kamerstukken(text) {
        while span.peek().is_some_and(|(_, b)| *b < s) {
            span.next();
        }
        // a kamerstuk inside a motion reference belongs to it, unless it is the one replaced
        if rel.is_none() && span.peek().is_some_and(|(a, b)| s >= *a && s <= *b) {
            continue;
        }
        push_kst(&mut out, &text[s..e], k, rel, None);
    }
    for f in footnotes {
        let Some(t) = f.text.as_deref() else { continue };
        for (s, e, k, rel) in kamerstukken(t) {
            push_kst(&mut out, &t[s..e], k, rel, Some(&f.marker));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_needs_the_word_vervanging() {
        for t in [
            "GEWIJZIGDE MOTIE TER VERVANGING VAN DIE GEDRUKT ONDER NR. 83",
            "ter vervanging van gedrukt onder nr 5",
        ] {
            assert!(REPLACES.is_match(t));
            assert!(ci_find_iter(t.as_bytes(), b"vervanging").next().is_some());
        }
        for text in crate::extract::tests::corpus() {
            for line in text.lines() {
                if REPLACES.is_match(line) {
                    assert!(
                        ci_find_iter(line.as_bytes(), b"vervanging")
                            .next()
                            .is_some()
                    );
                }
            }
        }
    }

    use super::*;
    use proptest::prelude::*;

    /// The motion patterns searched the plain way, over the whole text.
    fn next_motion_unfiltered(k: usize, text: &str, pos: usize) -> Option<MotionMatch> {
        static PLAIN: LazyLock<[Regex; 2]> = LazyLock::new(|| {
            [motion_of_src(), motion_dash_src()].map(|src| Regex::new(&src).expect("regex"))
        });
        PLAIN[k]
            .captures_at(text, pos)
            .and_then(|c| MotionMatch::from_captures(&c, 0))
    }

    /// The pre-scanned search agrees with the plain one from every position where its answer
    /// can change (each candidate, the byte after it, each match end) and from `extra`.
    pub(crate) fn check_motion_prescan(text: &str, extra: &[usize]) {
        let starts = motion_starts(text);
        let mut positions: Vec<usize> = vec![0, text.len()];
        positions.extend(extra);
        for &s in &starts {
            positions.extend([s, s + 1]);
        }
        for k in 0..2 {
            let mut p = 0;
            while let Some(m) = next_motion_unfiltered(k, text, p) {
                positions.extend([m.start, m.end]);
                p = m.start + 1;
            }
        }
        positions.sort_unstable();
        positions.dedup();
        for p in positions {
            if p > text.len() || !text.is_char_boundary(p) {
                continue;
            }
            for k in 0..2 {
                assert_eq!(
                    next_motion(k, text, p, &starts),
                    next_motion_unfiltered(k, text, p),
                    "pattern {k} from {p} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn motion_prescan_agrees_on_the_corpus() {
        for text in crate::extract::tests::corpus() {
            check_motion_prescan(text, &[]);
        }
    }

    fn check_kamerstuk_prescan(text: &str) {
        if !has_unusual_chars(text) {
            assert_eq!(
                kamerstukken_with(text, false),
                kamerstukken_with(text, true),
                "{text:?}"
            );
        }
    }

    #[test]
    fn kamerstuk_prescan_agrees_on_the_corpus() {
        let mut found = 0;
        for text in crate::extract::tests::corpus() {
            check_kamerstuk_prescan(text);
            found += kamerstukken(text).len();
        }
        assert!(
            found > 30,
            "only {found} kamerstuk references in the corpus"
        );
    }

    #[test]
    fn kamerstuk_prescan_agrees_on_edge_cases() {
        for text in [
            "Kamerstuk 35 849, nr. 123 en 36 600 XVI, nr. 58; 21 501-20 , NR 2100",
            "Kamerstukken II 2021/22, 30175, nr. 414 (Kamerstuk 32793-729) t.v.v. 36470-8",
            "kst-36600-XVI-58, T. V. V. 12345 - 6, ter  vervanging van die gedrukt onder kamerstuk 1234-5",
            "x12 345, nr. 3 _12 345, nr. 4 A12 345, nr. 5 1234567-8 kst-123456-7 kst-1234-5-6-7",
            "36 600\u{a0}XVI\n, \nnr.\n58 beter vervanging van 1234-5 Tweedekamerstuk 12345-6",
        ] {
            check_kamerstuk_prescan(text);
        }
        // the fallback for text the pre-scans do not cover
        assert_eq!(kamerstukken("\u{212a}st-36600-58").len(), 1);
        assert_eq!(kamerstukken("x٣٦ ٦٠٠, nr. 3").len(), 1);
    }

    #[test]
    fn motion_prescan_agrees_on_edge_cases() {
        for text in [
            "de motie van het lid Van Dijk over iets",
            "xmotie van het lid Van Dijk over iets; Nader gewijzigde motie van de leden A en B",
            "GEWIJZIGDE  MOTIE\nVAN DE LEDEN Kops en Van Haga (36 600, nr. 3) over het",
            "motie-Van der Werf/Becker c.s. (29 279, nr. 890) over",
            "motie-x motie- Motie-Baudet, de motiemotie van het lid A",
            "nader\u{a0}motie van het lid Ö",
            "_motie van het lid A",
            "émotie van het lid A",
            "motie van het lid A c.s.(x) inzake y",
            "motie van het lid A  c.s. ( b(c)) over x",
            "motie van het lid A (b) over",
            "motie van het lid A met  betrekking\ttot z",
            "motie van het lid A in\u{212a}ake b; motie van het lid B INZAKE .x",
            "motie van het lid A overheid; motie van het lid A over  (x)",
            "motie-A betreffende\u{a0}b motie-B aangaande c motie-C om d",
            "moties van de leden A, B en C c.s. (36 600, nr. 3)  over  het",
            "motiesvan het lid A; motie  svan het lid B; motie-é",
        ] {
            check_motion_prescan(text, &[]);
        }
    }

    /// [`kst_dash_starts`] as it was written first: the walk back by `trim_end_matches` and
    /// the range filtered after it.
    fn kst_dash_starts_reference(text: &str) -> Vec<usize> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        for h in memchr::memchr_iter(b'-', b) {
            let before = text[..h].trim_end_matches(char::is_whitespace);
            let digits = before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            if !(4..=5).contains(&(before.len() - digits)) {
                continue;
            }
            let from = text[..digits]
                .trim_end_matches(|c: char| {
                    c.is_ascii_alphabetic() || c == '.' || c == '-' || c.is_whitespace()
                })
                .len();
            out.extend((from..digits).filter(|&i| {
                ci_starts_with(b, i, b"t.")
                    || ci_starts_with(b, i, b"ter")
                    || ci_starts_with(b, i, b"kst-")
                    || ci_starts_with(b, i, b"kamerstuk")
            }));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn kst_dash_starts_agrees_with_the_reference() {
        for text in crate::extract::tests::corpus() {
            assert_eq!(kst_dash_starts(text), kst_dash_starts_reference(text));
        }
        for text in [
            "kamerstuk\u{a0}36600-XVI",
            "Kst\u{2003}ter. 1234-5",
            "x\u{85}kst-.\u{b}t.kamerstuk 12345-1",
            "ékst 1234-1",
            "ſt. 1234-1",
            "t. ter 1234 - 2",
            "1234-",
            "-",
            "kst-1234-1",
        ] {
            assert_eq!(
                kst_dash_starts(text),
                kst_dash_starts_reference(text),
                "{text:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn motion_prescan_agrees_on_motion_like_text(
            words in proptest::collection::vec(
                "(nader|gewijzigde|GEWIJZIGDE|motie|Moties|motie-|van|de|het|lid|leden|en|c\\.s\\.|over|om|inzake|INZA\u{212a}E|betreffende|aangaande|met|betrekking|tot|\\(|\\)|,|/|;|\\.|Baudet|Van|Haga|x|_|é|\u{212a}|1)",
                0..30,
            ),
            seps in proptest::collection::vec("( |\n|  |\u{a0}|)", 30),
        ) {
            let mut text = String::new();
            for (i, w) in words.iter().enumerate() {
                text.push_str(w);
                text.push_str(&seps[i]);
            }
            let all: Vec<usize> = (0..=text.len()).collect();
            check_motion_prescan(&text, &all);
        }

        #[test]
        fn kst_dash_starts_agrees_on_kamerstuk_like_text(
            words in proptest::collection::vec(
                "(kamerstuk|Kamerstukken|kst|KST|kst-|t\\.|T\\.|ter|TER|van|é|ſ|\u{212a}st|II|XVI|A|\\.|,|-|–|12|345|2021|36600|1234|x|_)",
                0..30,
            ),
            seps in proptest::collection::vec("( |\n|\t|\u{b}|  |\u{a0}|\u{85}|\u{2003}|\u{3000}|)", 30),
        ) {
            let mut text = String::new();
            for (i, w) in words.iter().enumerate() {
                text.push_str(w);
                text.push_str(&seps[i]);
            }
            prop_assert_eq!(kst_dash_starts(&text), kst_dash_starts_reference(&text));
        }

        #[test]
        fn kamerstuk_prescan_agrees_on_kamerstuk_like_text(
            words in proptest::collection::vec(
                "(kamerstuk|Kamerstukken|kst|KST|t\\.|v\\.|ter|vervanging|van|die|gedrukt|onder|II|I|XVI|A|nr|Nr|NR|nR|\\.|,|-|–|/|12|345|2021|36600|1234|x|_)",
                0..30,
            ),
            seps in proptest::collection::vec("( |\n|  |\u{a0}|)", 30),
        ) {
            let mut text = String::new();
            for (i, w) in words.iter().enumerate() {
                text.push_str(w);
                text.push_str(&seps[i]);
            }
            check_kamerstuk_prescan(&text);
        }
    }
}
