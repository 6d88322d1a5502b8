//! Document header: kamerstuk number, title, date and kind from the reader's metadata or the
//! Kamerstuk layout, plus the signature block of a letter.

use std::sync::LazyLock;

use regex::Regex;

use super::{Body, Kamerstuk, Person};
use crate::doc::{SourceDoc, SourceFormat};

pub(crate) struct Head {
    pub kamerstuk: Option<Kamerstuk>,
    pub title: Option<String>,
    pub date: Option<String>,
}

const MONTHS: &str =
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december";

/// "Vergaderjaar 2023-2024 / Tweede Kamer der Staten-Generaal / 2 / Kamerstukken / 19 637 [XVI | - 20]".
static DOSSIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:Staten-Generaal|Vergaderjaar\s+\d{4}\s*[-–—]\s*\d{4})\s+2\s+(?:Kamerstukken\s+)?(\d{1,2}[ \u{a0}]?\d{3})(?:\s*[-–]\s*(\d{1,3})(?-u:\b)|[ \t\u{a0}]+([IVXLC]+|[A-H])(?-u:\b)|[ \t]*\n[ \t]*([IVXLC]+|[A-H])[ \t]*(?:\n|$))?",
    )
    .expect("dossier regex")
});
static NR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)Nr\.?\s*(\d{1,5})(?-u:\b)").expect("nr regex"));
static RUNNING_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)Tweede\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[-–—]\s*\d{4},\s+(\d{1,2}\s?\d{3})(?:\s*[-–]\s*(\d{1,3})|\s+([IVXLC]+|[A-H]))?,\s+nr\.\s*(\d+)")
        .expect("running head regex")
});
static KST_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*(kst-\d{4,6}(?:-[A-Za-z0-9]{1,6})?-\d{1,5})\s*$").expect("kst line regex")
});
static VOORGESTELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)Voorgesteld(?-u:\b)[^\n]*?(?:\n[^\n]*?)?(?-u:\b)(\d{{1,2}})\s+({MONTHS})\s+(\d{{4}})"
    ))
    .expect("voorgesteld regex")
});
static DATUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?im)^\s*Datum\s*:?\s+(\d{{1,2}})\s+({MONTHS})\s+(\d{{4}})"
    ))
    .expect("datum regex")
});
static KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(nader\s+)?gewijzig(?:de|d|e)\s+(motie|amendement)|(motie|amendement)(?-u:\b))")
        .expect("kind regex")
});
static TITLE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*((?:nader\s+)?(?:gewijzigde?\s+)?(?:motie|amendement)\s+(?:van\s+)?(?:het\s+lid|de\s+leden)(?-u:\b)[^\n]*)")
        .expect("title line regex")
});
static LAYOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d{1,3}|kst-\d[\w-]*|ISSN\s.*|['’]s-Gravenhage\s+\d{4}|Tweede\s+Kamer,\s+vergaderjaar\s.*,\s+nr\.\s*\d+)$")
        .expect("layout regex")
});
static ROLE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:de\s+)?((?:minister-president|minister|staatssecretaris)(?-u:\b).*?)\s*,?\s*$",
    )
    .expect("role line regex")
});
static ROLE_AND_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:de\s+)?((?:minister-president|minister|staatssecretaris)(?-u:\b).*?)\s*,\s*((?-i:(?:\p{Lu}\.\s?)+(?:\p{Ll}+\s+){0,3}\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+)?))\s*$")
        .expect("role and name regex")
});
static NAME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:\p{Lu}\.\s?)+|\p{Lu}\p{Ll}+\s+)(?:\p{Ll}{1,4}\s+|['’]t\s+){0,3}\p{Lu}[\p{L}'’-]+(?:[ -]\p{Lu}[\p{L}'’-]+)?$")
        .expect("name line regex")
});

/// True for lines that are page furniture: running heads, page numbers, kst ids, ISSN, imprint.
pub(crate) fn is_layout_line(line: &str) -> bool {
    let line = super::scan::trim(line);
    // Every alternative starts with a digit, "kst", "ISSN", a quote or "Tweede" (any case;
    // with Unicode case folding and digits, also a non-ASCII character): most lines are
    // rejected on their first byte without running the pattern.
    // The letter alternatives go on with "s" ("kst-", "ISSN") or "w" ("Tweede"): "s" also
    // matches the long s (non-ASCII), "w" only its two ASCII cases.
    let may = match *line.as_bytes() {
        [b, ..] if b.is_ascii_digit() || b == b'\'' || b >= 0x80 => true,
        [b, c, ..] if matches!(b | 0x20, b'k' | b'i') => c | 0x20 == b's' || c >= 0x80,
        [b, c, ..] if b | 0x20 == b't' => c | 0x20 == b'w',
        _ => false,
    };
    may && LAYOUT.is_match(line)
}

fn month(name: &str) -> Option<u32> {
    MONTHS
        .split('|')
        .position(|m| m.eq_ignore_ascii_case(name))
        .map(|i| i as u32 + 1)
}

pub(crate) fn date_from(day: &str, mon: &str, year: &str) -> Option<String> {
    let d = chrono::NaiveDate::from_ymd_opt(year.parse().ok()?, month(mon)?, day.parse().ok()?)?;
    Some(d.format("%Y-%m-%d").to_string())
}

use super::collapse;

pub(crate) fn header(doc: &SourceDoc, body: &Body) -> Head {
    let meta = &doc.meta;
    let full = &body.full;
    let head_zone = prefix(full, 3000);

    // Kamerstuk: metadata, then the header block, then running heads (also in the repair
    // audit, where a reader records the running heads it removed), then a `kst-…` line.
    let mut kamerstuk = meta
        .kst_id
        .as_deref()
        .and_then(Kamerstuk::from_kst_id)
        .or_else(|| {
            meta.dossier
                .as_deref()
                .map(|d| Kamerstuk::new(d, meta.toevoeging.as_deref(), meta.ondernummer.as_deref()))
        });
    let mut title_span: Option<(usize, usize)> = None;
    if let Some(c) = DOSSIER.captures(head_zone) {
        let whole = c.get(0).map_or(0, |m| m.end());
        let toev = c.get(2).or(c.get(3)).or(c.get(4)).map(|m| m.as_str());
        let nr = NR.captures(&head_zone[whole..]);
        let nr_text = nr.as_ref().and_then(|n| n.get(1)).map(|m| m.as_str());
        if let Some(n) = nr.as_ref().and_then(|n| n.get(0)) {
            title_span = Some((whole + n.end(), head_zone.len()));
        }
        if kamerstuk.as_ref().is_none_or(|k| k.ondernummer.is_none()) {
            kamerstuk = Some(Kamerstuk::new(&c[1], toev, nr_text));
        }
    }
    if kamerstuk.as_ref().is_none_or(|k| k.ondernummer.is_none()) {
        let from_head = |s: &str| {
            RUNNING_HEAD.captures(s).map(|c| {
                let toev = c.get(2).or(c.get(3)).map(|m| m.as_str());
                Kamerstuk::new(&c[1], toev, Some(&c[4]))
            })
        };
        kamerstuk = from_head(full)
            .or_else(|| doc.repairs.iter().find_map(|r| from_head(&r.before)))
            .or_else(|| {
                KST_LINE
                    .captures(if full.contains("kst-") { full } else { "" })
                    .and_then(|c| Kamerstuk::from_kst_id(&c[1]))
            })
            .or(kamerstuk);
    }

    // Title: the metadata, else the document title between "Nr. …" and "Voorgesteld".
    let mut title = meta.title.clone().filter(|t| !t.trim().is_empty());
    if let (None, Some((s, e))) = (&title, title_span) {
        let zone = &head_zone[s..e];
        let end = zone
            .find("Voorgesteld")
            .or_else(|| zone.find("De Kamer,"))
            .unwrap_or(0);
        let t = collapse(&zone[..end]);
        if !t.is_empty() && t.len() < 600 {
            title = Some(t);
        }
    }
    if title.is_none() {
        title = TITLE_LINE
            .captures(head_zone)
            .map(|c| collapse(&c[1]))
            .filter(|t| t.len() < 600);
    }
    let title = title.or_else(|| meta.subject.clone());

    let date = meta
        .date
        .clone()
        .or_else(|| {
            VOORGESTELD
                .captures(head_zone)
                .and_then(|c| date_from(&c[1], &c[2], &c[3]))
        })
        .or_else(|| {
            DATUM
                .captures(head_zone)
                .and_then(|c| date_from(&c[1], &c[2], &c[3]))
        });

    Head {
        kamerstuk,
        title,
        date,
    }
}

fn prefix(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The groups of [`KIND`] in `t`: "nader" present, the word after "gewijzigd(e)", the word of
/// the plain alternative. Found with `find` (no capture engine) and read off the match: it is
/// `\s*` and then either the first alternative, which starts with "nader" or "gewijzig" and
/// ends with its word after whitespace, or the second, which is only its word (`\b` takes no
/// text) and starts with "m" or "a". The pattern's letters have only their ASCII cases under
/// `(?i)` (none is "k" or "s"), and `\s` is White_Space, which `trim_start` and
/// `split_whitespace` split at (test: `kind_groups_are_the_captures`).
fn kind_groups(t: &str) -> Option<(bool, Option<&str>, Option<&str>)> {
    let m = KIND.find(t)?.as_str().trim_start();
    let starts = |w: &str| m.get(..w.len()).is_some_and(|x| x.eq_ignore_ascii_case(w));
    if starts("nader") || starts("gewijzig") {
        Some((starts("nader"), m.split_whitespace().next_back(), None))
    } else {
        Some((false, None, Some(m)))
    }
}

pub(crate) fn kind(doc: &SourceDoc, body: &Body, title: Option<&str>) -> String {
    let from_title = |t: &str| {
        kind_groups(t).map(|(nader, gewijzigd, plain)| match (gewijzigd, plain) {
            (Some(w), _) => {
                let w = w.to_lowercase();
                let gew = if w == "motie" {
                    "gewijzigde"
                } else {
                    "gewijzigd"
                };
                if nader {
                    format!("nader {gew} {w}")
                } else {
                    format!("{gew} {w}")
                }
            }
            (None, Some(w)) => w.to_lowercase(),
            _ => String::new(),
        })
    };
    if let Some(k) = title.and_then(from_title).filter(|k| !k.is_empty()) {
        return k;
    }
    if doc.format == Some(SourceFormat::HandelingenXml) {
        return "handelingen".into();
    }
    if let Some(h) = doc.meta.kind_hint.as_deref() {
        let h = h.trim().to_lowercase();
        if !h.is_empty() {
            return h;
        }
    }
    let start = prefix(&body.full, 4000).to_lowercase();
    if let Some(t) = title.map(str::to_lowercase) {
        for k in ["motie", "amendement"] {
            if t.split(|c: char| !c.is_alphanumeric()).any(|w| w == k) {
                return k.into();
            }
        }
    }
    if doc.meta.subject.is_some()
        || start.contains("geachte voorzitter")
        || signatories(doc, body).iter().any(|p| p.role.is_some())
    {
        return "brief".into();
    }
    if DOSSIER.is_match(prefix(&body.full, 3000)) {
        return "kamerstuk".into();
    }
    "onbekend".into()
}

/// Title-case a function written in capitals ("MINISTER VAN BUITENLANDSE ZAKEN").
fn tidy_role(role: &str) -> String {
    let role = collapse(role.trim().trim_end_matches(',').trim());
    let letters: Vec<char> = role.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
    let small = [
        "van", "voor", "en", "de", "het", "der", "op", "in", "te", "met",
    ];
    let words: Vec<String> = role
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            let lw = w.to_lowercase();
            if !upper && i > 0 {
                return w.to_string();
            }
            if i > 0 && small.contains(&lw.as_str()) {
                return lw;
            }
            let mut cs = lw.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs).collect(),
                None => lw,
            }
        })
        .collect();
    words.join(" ")
}

/// Signatories of a letter: the reader's signer list, else "De Minister van …," + name lines.
pub(crate) fn signatories(doc: &SourceDoc, body: &Body) -> Vec<Person> {
    if !doc.meta.signers.is_empty() {
        return doc
            .meta
            .signers
            .iter()
            .map(|s| Person {
                name: collapse(&s.name),
                role: s.function.as_deref().map(tidy_role),
            })
            .collect();
    }
    let lines = body.lines();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].as_str();
        if line.len() < 160 {
            if let Some(c) = ROLE_AND_NAME.captures(line) {
                out.push(Person {
                    name: collapse(&c[2]),
                    role: Some(tidy_role(&c[1])),
                });
                i += 1;
                continue;
            }
            if let (Some(c), Some(next)) = (ROLE_LINE.captures(line), lines.get(i + 1)) {
                let next = next.trim();
                if NAME_LINE.is_match(next) && !ROLE_LINE.is_match(next) {
                    out.push(Person {
                        name: next.to_string(),
                        role: Some(tidy_role(&c[1])),
                    });
                    i += 2;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn captured(t: &str) -> Option<(bool, Option<&str>, Option<&str>)> {
        KIND.captures(t).map(|c| {
            (
                c.get(1).is_some(),
                c.get(2).map(|m| m.as_str()),
                c.get(3).map(|m| m.as_str()),
            )
        })
    }

    #[test]
    fn kind_groups_are_the_captures() {
        for t in [
            "MOTIE VAN HET LID X",
            "  Nader  gewijzigde\u{a0}MOTIE van",
            "GEWIJZIGD AMENDEMENT",
            "gewijzige motiex",
            "motiex",
            "nadergewijzigde motie",
            "nader motie",
            "\u{2003}amendement-x",
            "Gewijzigdd motie",
            "",
        ] {
            assert_eq!(kind_groups(t), captured(t), "{t:?}");
        }
        for text in crate::extract::tests::corpus() {
            for line in text.lines().take(40) {
                assert_eq!(kind_groups(line), captured(line), "{line:?}");
            }
        }
    }

    #[test]
    fn layout_prescan_agrees_with_the_pattern() {
        let check = |l: &str| assert_eq!(is_layout_line(l), LAYOUT.is_match(l.trim()), "{l:?}");
        for l in [
            "12",
            "kst-36600-XVI-58",
            "\u{212A}st-1",
            "k\u{17F}t-1",
            "ISSN 0921-7371",
            "I\u{17F}SN x",
            "’s-Gravenhage 2024",
            "'s-Gravenhage 2024",
            "Tweede Kamer, vergaderjaar 2023–2024, 36 600 XVI, nr. 58",
            "TWEEDE KAMER, VERGADERJAAR X, NR. 1",
            "tevens",
            "k",
            "٣",
        ] {
            check(l);
        }
        for text in crate::extract::tests::corpus() {
            for l in text.lines() {
                check(l);
            }
        }
    }

    proptest! {
        #[test]
        fn layout_prescan_agrees_on_layout_like_text(s in "(k|K|\u{212A}|i|I|t|T|s|S|\u{17F}|w|W|st-|SN |weede Kamer, vergaderjaar 1, nr. 2|1|٣|’|'|s-Gravenhage 2024| |x){0,6}") {
            prop_assert_eq!(is_layout_line(&s), LAYOUT.is_match(s.trim()), "{:?}", s);
        }

        #[test]
        fn kind_groups_agree_on_title_like_text(
            words in proptest::collection::vec(
                "(nader|Nader|NADER|gewijzigde|gewijzigd|gewijzige|gewijzig|GEWIJZIGDE|motie|MOTIE|amendement|Amendement|x|é|van|_|1)",
                0..5,
            ),
            seps in proptest::collection::vec("( |\u{a0}|\t|\n|\u{2003}|)", 5),
        ) {
            let mut t = String::new();
            for (i, w) in words.iter().enumerate() {
                t.push_str(&seps[i]);
                t.push_str(w);
            }
            prop_assert_eq!(kind_groups(&t), captured(&t), "{:?}", t);
        }
    }
}
