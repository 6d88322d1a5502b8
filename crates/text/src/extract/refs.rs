//! References: the motions ("de motie van de leden Baudet en Van Haga over …",
//! "motie-Van der Werf/Becker (29 279, nr. 890)") and kamerstukken ("35 849, nr. 123",
//! "(Kamerstuk 32793-729)", "t.v.v. 36470-8") a document mentions, in its body and footnotes.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::{Kamerstuk, Reference};
use crate::doc::Footnote;

const NAMEWORD: &str = r"(?:(?:van|de|der|den|ten|ter|te|het|in|op|['’]t|la|le|du|da|dos|el)\s+)*\p{Lu}[\p{L}'’.]*(?:-\p{Lu}[\p{L}'’.]*)?";

static MOTION_OF: LazyLock<Regex> = LazyLock::new(|| {
    let name = format!(r"{NAMEWORD}(?:[^\S\n]+{NAMEWORD}){{0,3}}");
    Regex::new(&format!(
        r"(?i:(?-u:\b)(?:nader\s+)?(?:gewijzigde\s+)?moties?)\s+(?i:van\s+)?(?i:de\s+leden|het\s+lid)\s+(?P<names>{name}(?:\s*(?:,|(?-u:\b)en(?-u:\b)|/)\s*{name})*)(?P<cs>\s+c\.s\.)?(?:\s*\((?P<paren>[^()]*)\))?(?:\s+(?i:over|inzake|betreffende|aangaande|met\s+betrekking\s+tot|om)\s+(?P<subject>[^.;()\s]))?"
    ))
    .expect("motion-of regex")
});
static MOTION_DASH: LazyLock<Regex> = LazyLock::new(|| {
    let name = format!(r"{NAMEWORD}(?:[^\S\n]+{NAMEWORD}){{0,3}}");
    Regex::new(&format!(
        r"(?i:(?-u:\b)motie)-(?P<names>{name}(?:\s*/\s*{name})*)(?P<cs>\s+c\.s\.)?(?:\s*\((?P<paren>[^()]*)\))?(?:\s+(?i:over|inzake|betreffende)\s+(?P<subject>[^.;()\s]))?"
    ))
    .expect("motion-dash regex")
});
static KST_NR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?i:kamerstuk(?:ken)?)\s+(?:II\s+|I\s+)?(?:\d{4}\s*[/–-]\s*\d{2,4}\s*,?\s+)?)?(?-u:\b)(\d{2}[ \u{a0}]?\d{3})(?:\s*[-–]\s*(\d{1,3}|[IVXLC]+|[A-H])|[ \u{a0}]+([IVXLC]+|[A-H]))?\s*,\s*(?i:nr)\.?\s*(\d{1,5})(?-u:\b)")
        .expect("kamerstuk nr regex")
});
static KST_DASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<pre>(?i:(?:t\.\s?v\.\s?v\.|ter\s+vervanging\s+van)\s+die\s+gedrukt\s+onder(?:\s+kamerstuk)?|kamerstuk(?:ken)?|t\.\s?v\.\s?v\.|ter\s+vervanging\s+van)\s+(?:II\s+)?|(?i:kst)-)(\d{4,5})\s*-\s*(?:([IVXLC]+|[A-Za-z]{1,2}|\d{1,3})\s*-\s*)?(\d{1,5})(?-u:\b)")
        .expect("kamerstuk dash regex")
});
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

/// Kamerstuk references in a text, with their byte spans.
fn kamerstukken(text: &str) -> Vec<(usize, usize, Kamerstuk, Option<String>)> {
    let mut all = Vec::new();
    // cheap guard: "…, nr. 123" needs the letters "nr"
    let has_nr = text.contains("nr") || text.contains("Nr") || text.contains("NR");
    for c in KST_NR.captures_iter(if has_nr { text } else { "" }) {
        let m = c.get(0).expect("match");
        all.push((m.start(), m.end(), kst_from(&c, 1, &[2, 3], 4), None));
    }
    for c in KST_DASH.captures_iter(text) {
        let m = c.get(0).expect("match");
        let pre = c.name("pre").map_or("", |p| p.as_str()).to_lowercase();
        let relation = (pre.starts_with('t')).then(|| "ter vervanging van".to_string());
        all.push((m.start(), m.end(), kst_from(&c, 2, &[3], 4), relation));
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
    let regexes = [&*MOTION_OF, &*MOTION_DASH];
    let mut next: [Option<Captures>; 2] = [None, None];
    // a pattern that found nothing from some position finds nothing later either
    let mut exhausted = [false, false];
    let mut pos = 0usize;
    loop {
        for (k, re) in regexes.iter().enumerate() {
            let stale = next[k]
                .as_ref()
                .is_none_or(|c| c.get(0).is_none_or(|m| m.start() < pos));
            if stale && !exhausted[k] {
                next[k] = if pos <= text.len() {
                    re.captures_at(text, pos)
                } else {
                    None
                };
                exhausted[k] = next[k].is_none();
            }
        }
        let start_of = |c: &Option<Captures>| {
            c.as_ref()
                .and_then(|c| c.get(0))
                .map(|m| (m.start(), usize::MAX - m.end()))
        };
        let pick = match (start_of(&next[0]), start_of(&next[1])) {
            (None, None) => break,
            (Some(_), None) => 0,
            (None, Some(_)) => 1,
            (Some(a), Some(b)) => usize::from(b < a),
        };
        let Some(c) = next[pick].take() else { break };
        let Some(whole) = c.get(0) else { break };
        let (start, mut end) = (whole.start(), whole.end());
        // The subject runs from its first character to ".", ";", "(" or ")", at most 600
        // bytes: taken here rather than in the pattern, so that a text without full stops
        // is not scanned to its end for every reference.
        let subject_span = c.name("subject").map(|first| {
            let from = first.start();
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
            submitters: names_of(&c["names"]),
            cs: c.name("cs").is_some(),
            ..Reference::default()
        };
        let mut span_end = end;
        if let Some(p) = c.name("paren").filter(|p| p.as_str().len() <= 160) {
            r.kamerstuk = kamerstukken(p.as_str()).into_iter().next().map(|k| k.2);
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
