//! Extraction: from a read and repaired [`SourceDoc`] to a typed, serialisable [`Extraction`]
//! (kind, kamerstuk, date, submitters, motion clauses, signatories, references, themes,
//! commitments), with diagnostics instead of panics.
//!
//! The extraction trusts the reader's metadata first (`DocMeta`) and falls back to the text
//! layout: the Kamerstuk header ("Vergaderjaar …", "2", "36 600 XVI", "Nr. 58", title,
//! "Voorgesteld …"), running heads, the closing formula of a motion and the signature block of
//! a letter. It never does I/O.

mod commitments;
mod header;
mod motion;
mod refs;
mod scan;
mod sentences;
mod themes;

use serde::Serialize;

use crate::deadline::Deadline;
use crate::doc::{Diagnostic, Footnote, Repair, SourceDoc};
use crate::error::TextError;

pub use themes::{Theme, themes};

/// What the extraction understood of one document. Serialised as the `extract --json` output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    /// `motie`, `gewijzigde motie`, `nader gewijzigde motie`, `amendement`,
    /// `gewijzigd amendement`, `brief`, `handelingen`, `kamerstuk` or `onbekend`.
    pub kind: String,
    /// The document's own kamerstuk number, when it has one.
    pub kamerstuk: Option<Kamerstuk>,
    /// ISO date (`Voorgesteld …` of a motion, `Datum` of a letter).
    pub date: Option<String>,
    /// The document title (motion: "MOTIE VAN HET LID …"; letter: its subject).
    pub title: Option<String>,
    /// Submitters of a motion or amendment, in signature order.
    pub submitters: Vec<Person>,
    /// The "constaterende/overwegende …" clauses of a motion.
    pub considerations: Vec<String>,
    /// The "verzoekt de regering …" (and "spreekt uit", "roept op" …) clauses of a motion.
    pub requests: Vec<String>,
    /// Signatories of a letter: name and function.
    pub signatories: Vec<Person>,
    /// Motions and kamerstukken the document mentions, in the body and in footnotes.
    pub references: Vec<Reference>,
    /// Footnotes: marker, word and note text.
    pub footnotes: Vec<Footnote>,
    /// Policy themes from the vocabulary (`data/themes.json`), best first.
    pub themes: Vec<ThemeHit>,
    /// Sentences in which the government commits to future action.
    pub commitments: Vec<Commitment>,
    /// The repaired paragraphs.
    pub text: Vec<String>,
    /// The repair audit list from the reader.
    pub repairs: Vec<Repair>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A kamerstuk number: dossier, toevoeging, ondernummer and the `kst-…` id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Kamerstuk {
    /// Dossier number without spaces, e.g. `36600`.
    pub dossier: String,
    /// Begrotingshoofdstuk (`XVI`) or raadnummer (`20`).
    pub toevoeging: Option<String>,
    pub ondernummer: Option<String>,
    /// `kst-36600-XVI-58`; null when the ondernummer is unknown.
    pub id: Option<String>,
}

impl Kamerstuk {
    /// Build a kamerstuk from its parts; spaces in the dossier number are removed.
    pub fn new(dossier: &str, toevoeging: Option<&str>, ondernummer: Option<&str>) -> Self {
        let dossier: String = dossier.chars().filter(|c| !c.is_whitespace()).collect();
        let toevoeging = toevoeging
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        let ondernummer = ondernummer
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        let id = ondernummer.as_ref().map(|nr| match &toevoeging {
            Some(t) => format!("kst-{dossier}-{t}-{nr}"),
            None => format!("kst-{dossier}-{nr}"),
        });
        Kamerstuk {
            dossier,
            toevoeging,
            ondernummer,
            id,
        }
    }

    /// Parse `kst-36600-XVI-58`, `kst-21501-20-2100` or `kst-36470-14`.
    pub fn from_kst_id(id: &str) -> Option<Self> {
        let rest = id.trim().strip_prefix("kst-")?;
        let parts: Vec<&str> = rest.split('-').collect();
        let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
        match parts.as_slice() {
            [d, n] if ok(d) && ok(n) => Some(Self::new(d, None, Some(n))),
            [d, t, n] if ok(d) && ok(t) && ok(n) => Some(Self::new(d, Some(t), Some(n))),
            _ => None,
        }
    }
}

/// A person in a signature block: `role` is `indiener`/`medeindiener` for submitters and the
/// function ("Minister van Buitenlandse Zaken") for signatories.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
}

/// A motion or kamerstuk the document mentions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// `motie` or `kamerstuk`.
    pub kind: String,
    /// The reference as it stands in the text (whitespace normalised).
    pub text: String,
    /// Submitters named in a motion reference ("Baudet", "Van Haga").
    pub submitters: Vec<String>,
    /// True when the reference says "c.s." (the named member with others).
    pub cs: bool,
    /// Subject of a motion reference (the "over …" part).
    pub subject: Option<String>,
    pub kamerstuk: Option<Kamerstuk>,
    /// `ter vervanging van` for "t.v.v." references.
    pub relation: Option<String>,
    /// The footnote marker when the reference stands in (or is completed by) a footnote.
    pub footnote: Option<String>,
}

/// A theme from the vocabulary with the number of trigger hits and the terms that hit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ThemeHit {
    pub id: String,
    pub label: String,
    pub score: usize,
    pub terms: Vec<String>,
}

/// A sentence in which the government commits to (future or ongoing) action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Commitment {
    pub sentence: String,
    /// Who commits ("het kabinet", "Nederland", "de Minister van …").
    pub actor: String,
    /// True when the sentence is passive and the actor is the government by implication.
    pub actor_implicit: bool,
    /// The action, from the committing verb to the end of its clause.
    pub action: String,
    /// The first deadline expression in the sentence, resolved against the document date.
    pub deadline: Option<Deadline>,
    /// The rule that recognised the commitment: `intent`, `present`, `future`, `focus`, `passive`.
    pub rule: String,
}

/// One motion mentioned twice (a letter's "Betreft" and its body, say) is one reference: two
/// motion references with the same submitters (case-insensitive) and the same kamerstuk id
/// are merged into the first, which takes the longer subject (the fuller wording) and any
/// footnote. Motions by the same members without a kamerstuk id stay apart: they may be
/// different motions.
fn merge_repeated_motions(refs: &mut Vec<Reference>) {
    let key = |r: &Reference| -> Option<(Vec<String>, String)> {
        let id = r.kamerstuk.as_ref()?.id.clone()?;
        (r.kind == "motie").then(|| (r.submitters.iter().map(|n| n.to_lowercase()).collect(), id))
    };
    let mut i = 0;
    while i < refs.len() {
        if let Some(k) = key(&refs[i]) {
            let mut j = i + 1;
            while j < refs.len() {
                if key(&refs[j]).as_ref() == Some(&k) {
                    let later = refs.remove(j);
                    let first = &mut refs[i];
                    let longer = |r: &Reference| r.subject.as_deref().map_or(0, str::len);
                    if longer(&later) > longer(first) {
                        first.subject = later.subject;
                        first.text = later.text;
                    }
                    first.cs |= later.cs;
                    if first.footnote.is_none() {
                        first.footnote = later.footnote;
                    }
                } else {
                    j += 1;
                }
            }
        }
        i += 1;
    }
}

/// Extract the structure of a document. Never panics; problems become diagnostics.
///
/// The document's paragraphs, footnotes, repairs and diagnostics are copied into the result;
/// [`extract_owned`] moves them instead and gives the same result.
pub fn extract(doc: &SourceDoc) -> Extraction {
    let mut out = extract_structure(doc, doc.diagnostics.clone());
    out.text = doc.paragraphs.clone();
    out.footnotes = doc.footnotes.clone();
    out.repairs = doc.repairs.clone();
    out
}

/// [`extract`] of a document the caller no longer needs: its paragraphs, footnotes, repairs
/// and diagnostics are moved into the result instead of copied (the result is the same).
pub fn extract_owned(mut doc: SourceDoc) -> Extraction {
    // the extraction reads the paragraphs, footnotes and metadata, never the diagnostics
    let diagnostics = std::mem::take(&mut doc.diagnostics);
    let mut out = extract_structure(&doc, diagnostics);
    out.text = doc.paragraphs;
    out.footnotes = doc.footnotes;
    out.repairs = doc.repairs;
    out
}

/// Everything of [`extract`] but the copied `text`, `footnotes` and `repairs`; `diagnostics`
/// are the reader's, to which the extraction's own are added.
fn extract_structure(doc: &SourceDoc, diagnostics: Vec<Diagnostic>) -> Extraction {
    let mut out = Extraction {
        diagnostics,
        ..Extraction::default()
    };
    let body = Body::new(doc);
    if body.full.trim().is_empty() {
        out.kind = "onbekend".into();
        diag(
            &mut out,
            "empty-text",
            "the document has no text to extract from",
        );
        return out;
    }

    let head = header::header(doc, &body);
    out.kind = header::kind(doc, &body, head.title.as_deref());
    out.kamerstuk = head.kamerstuk;
    out.title = head.title;
    out.date = head.date;
    let is_motion = out.kind.contains("motie");
    let is_amendment = out.kind.contains("amendement");

    if is_motion || is_amendment {
        out.submitters = motion::submitters(doc, &body);
        if out.submitters.is_empty() {
            diag(
                &mut out,
                "no-submitters",
                "no signature block after the closing formula",
            );
        }
        if is_motion {
            let (cons, reqs) = motion::clauses(&body);
            if reqs.is_empty() {
                diag(
                    &mut out,
                    "no-requests",
                    "no dictum (verzoekt/spreekt uit/…) found",
                );
            }
            out.considerations = cons;
            out.requests = reqs;
        }
    } else {
        out.signatories = header::signatories(doc, &body);
    }

    let own = out.kamerstuk.as_ref().and_then(|k| k.id.clone());
    // a letter's subject ("Betreft: Reactie op de motie van het lid …") is searched too
    let ref_text: std::borrow::Cow<'_, str> = match doc.meta.subject.as_deref() {
        Some(subject) if !body.full.contains(subject) => format!("{subject}\n{}", body.full).into(),
        _ => body.full.as_str().into(),
    };
    out.references = refs::references(&ref_text, &doc.footnotes, own.as_deref());
    merge_repeated_motions(&mut out.references);
    if let (Some(t), Some(k)) = (out.title.as_deref(), out.kamerstuk.as_ref())
        && let Some(r) = refs::replaced_in_title(t, k)
        && !out.references.iter().any(|x| x.kamerstuk == r.kamerstuk)
    {
        out.references.insert(0, r);
    }
    out.themes = themes::classify(&body.full, out.title.as_deref());
    if !is_motion && !is_amendment {
        let reference = out.date.as_deref().and_then(crate::deadline::parse_iso);
        out.commitments = commitments::commitments(&body, &out.signatories, reference);
    }

    if out.kamerstuk.is_none() && out.kind != "brief" && out.kind != "handelingen" {
        diag(&mut out, "no-kamerstuk", "no kamerstuk number found");
    }
    if out.date.is_none() {
        diag(&mut out, "no-date", "no document date found");
    }
    out
}

/// Read bytes in any supported format and extract.
pub fn extract_bytes(bytes: &[u8]) -> Result<Extraction, TextError> {
    crate::read::read_bytes(bytes).map(extract_owned)
}

/// Bytes that are ASCII whitespace or the lead byte of a non-ASCII whitespace character.
static MAY_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b, 0x09..=0x0d | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        b += 1;
    }
    t
};

/// True when `s` has no whitespace but single ASCII spaces between words (the common case
/// for repaired paragraphs), so that collapsing would not change it.
///
/// Eight bytes at a time while they are printable ASCII (no byte below 0x20, none above 0x7F):
/// then only a double space, or a space after a space that ended the previous eight bytes, can
/// make the text not collapsed. Other eight-byte blocks go byte by byte.
fn already_collapsed(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            let w = u64::from_le_bytes(bytes);
            // no byte at or above 0x80, none below 0x20 (exact for bytes below 0x80)
            if w & HIGH == 0 && w.wrapping_sub(ONES * 0x20) & !w & HIGH == 0 {
                // 0x80 in each byte that is a space (exact zero-byte test of w ^ spaces)
                let v = w ^ (ONES * 0x20);
                let spaces = !(((v & !HIGH).wrapping_add(!HIGH)) | v | !HIGH);
                if spaces & (spaces >> 8) != 0 || (prev_space && spaces & 0x80 != 0) {
                    return false;
                }
                prev_space = spaces >> 63 != 0;
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(b.len());
        while i < end {
            let c = b[i];
            i += 1;
            // most bytes are neither whitespace nor the lead byte of a whitespace character
            if !MAY_SPACE[usize::from(c)] {
                prev_space = false;
                continue;
            }
            let (x, y) = (b.get(i).copied(), b.get(i + 1).copied());
            match c {
                b' ' if prev_space => return false,
                b' ' => prev_space = true,
                b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => return false,
                // U+0085, U+00A0
                0xC2 if matches!(x, Some(0x85 | 0xA0)) => return false,
                // U+1680
                0xE1 if x == Some(0x9A) && y == Some(0x80) => return false,
                // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
                0xE2 => {
                    let ws = match (x, y) {
                        (Some(0x80), Some(y)) => {
                            (0x80..=0x8A).contains(&y) || matches!(y, 0xA8 | 0xA9 | 0xAF)
                        }
                        (Some(0x81), Some(0x9F)) => true,
                        _ => false,
                    };
                    if ws {
                        return false;
                    }
                    prev_space = false;
                }
                // U+3000
                0xE3 if x == Some(0x80) && y == Some(0x80) => return false,
                _ => prev_space = false,
            }
        }
    }
    true
}

/// Collapse runs of whitespace to single spaces and trim, in one pass.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::new();
    push_collapsed(&mut out, s);
    out
}

/// Append `s` collapsed (see [`collapse`]) to `out`.
pub(crate) fn push_collapsed(out: &mut String, s: &str) {
    if already_collapsed(s) {
        out.push_str(s);
        return;
    }
    out.reserve(s.len());
    let mut first = true;
    for w in s.split_whitespace() {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(w);
    }
}

fn diag(out: &mut Extraction, code: &str, message: &str) {
    if !out.diagnostics.iter().any(|d| d.code == code) {
        out.diagnostics.push(Diagnostic {
            code: code.into(),
            message: message.into(),
        });
    }
}

/// The document text in the shapes the extractors need.
pub(crate) struct Body<'a> {
    /// Paragraphs joined with newlines (paragraph-internal newlines kept).
    pub full: String,
    /// Non-empty trimmed lines, layout lines (running heads, page numbers, ISSN …) removed;
    /// built on first use (only the layout fallbacks need them).
    lines: std::cell::OnceCell<Vec<String>>,
    /// The reader's paragraphs.
    pub paragraphs: &'a [String],
}

impl<'a> Body<'a> {
    fn new(doc: &'a SourceDoc) -> Self {
        Body {
            full: doc.paragraphs.join("\n"),
            lines: std::cell::OnceCell::new(),
            paragraphs: &doc.paragraphs,
        }
    }

    pub(crate) fn lines(&self) -> &[String] {
        self.lines.get_or_init(|| {
            self.full
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !header::is_layout_line(l))
                .map(str::to_string)
                .collect()
        })
    }
}

/// The corpus the pre-scan agreement tests run on. Reading it is file I/O, so it lives with
/// the test support under `tests/` (this crate's sources do no I/O).
#[cfg(test)]
#[path = "../../tests/common/corpus.rs"]
mod corpus_files;

#[cfg(test)]
pub(crate) mod tests {
    use super::collapse;
    use proptest::prelude::*;

    pub(crate) use super::corpus_files::corpus;

    #[test]
    fn extract_owned_equals_extract() {
        for (i, t) in corpus().iter().enumerate().step_by(7) {
            for format in [crate::SourceFormat::PlainText, crate::SourceFormat::Pdf] {
                let doc = crate::read::read_text(t, format);
                let borrowed = super::extract(&doc);
                assert_eq!(super::extract_owned(doc), borrowed, "corpus text {i}");
            }
        }
    }

    fn naive(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn collapse_fast_path_agrees_with_split_whitespace() {
        for s in [
            "",
            " ",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a\u{a0}b",
            "thema’s en ‘x’",
            "a\u{2009}b",
            "a\u{202f}b",
            "a\u{3000}b",
            "a\u{85}b",
            "é ë",
        ] {
            assert_eq!(collapse(s), naive(s), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn collapse_is_split_whitespace_join(s in "\\PC{0,60}|[ a\u{a0}\u{2009}\u{2019}\t\n]{0,20}") {
            prop_assert_eq!(collapse(&s), naive(&s));
        }

        #[test]
        fn collapse_is_split_whitespace_join_on_longer_text(
            s in "([a-z]{0,9} ?|[ \t\n\u{a0}\u{85}\u{1680}\u{2009}\u{202f}\u{205f}\u{3000}\u{2019}é\x0b\x0c\x01\x7f])*",
        ) {
            prop_assert_eq!(collapse(&s), naive(&s));
        }
    }
}
