//! Readers that turn bytes or text into a repaired [`SourceDoc`]: official-publication XML
//! (Kamerstukken and Handelingen) and plain text, including PDF-shaped text as pdftotext gives
//! it (Kamerstuk layout and ministerial letter layout).
//!
//! # Entry points
//! - [`read_bytes`]: detects the format from the content (kst XML, Handelingen XML, plain text)
//!   and reads it; repairs double encoding first. PDF bytes are refused with a clear error
//!   (extract them with `kw_pdf::extract_text`, then call [`read_text`] with
//!   [`SourceFormat::Pdf`]).
//! - [`read_bytes_with_limit`]: the same with a size limit of the caller's choice.
//! - [`read_text`]: reads text of a known format; never fails (malformed XML gives an empty
//!   document with a diagnostic).
//! - [`xml::read_kst_xml`], [`xml::read_handelingen_xml`], [`plain::read_plain`]: one format each.
//!
//! # What every reader guarantees
//! - `paragraphs` hold body text only: no letterhead, Kamerstuk header, running heads, page
//!   numbers, footnote texts or signature lines; signers are in `meta.signers`, in order.
//! - For motions, the paragraphs end with the closing formula ("en gaat over tot de orde van de
//!   dag."); the lines after it are the signers.
//! - `meta.kst_id` is the id the source states (DC.identifier, the metadata URL, or the last-page
//!   "kst-…" line); for XML without either it is derived from dossier, toevoeging and
//!   ondernummer, with a `kst-id-derived` diagnostic.

pub mod plain;
pub mod xml;

use std::sync::LazyLock;

use regex::Regex;

use crate::doc::{Diagnostic, Repair, SourceDoc, SourceFormat};
use crate::error::TextError;
use crate::repair::encoding::fix_double_encoding;

/// Default size limit of [`read_bytes`]: 256 MiB.
pub const DEFAULT_LIMIT: usize = 256 * 1024 * 1024;

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^en\s+gaat\s+over\s+tot\s+(?:de\s+)?(?:orde\s+van\s+(?:de\s+)?)?dag\s*[.,;]?$")
        .expect("static regex")
});

/// True for the closing formula of a motion and its variants ("en gaat over tot de orde van de
/// dag.", "…dag,", "En gaat over tot orde van de dag", "en gaat over tot de dag.").
pub fn is_closing_formula(t: &str) -> bool {
    let t = t.trim();
    t.len() < 60 && t.starts_with(['e', 'E']) && CLOSING.is_match(t)
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

static DUTCH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(\d{1,2})\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+(\d{4})(?-u:\b)")
        .expect("static regex")
});

/// Finds the first Dutch date ("24 oktober 2024") in `s` and returns it as ISO `YYYY-MM-DD`.
pub fn dutch_date_to_iso(s: &str) -> Option<String> {
    // The match is found without capture groups (the capture engine costs more than the
    // search) and split at its whitespace: day, month and year hold no whitespace and the
    // `\s+` between them is Unicode White_Space, as `split_whitespace` splits, so the three
    // parts are exactly the three groups (test: `dutch_date_parts_are_the_groups`).
    let whole = DUTCH_DATE.find(s)?.as_str();
    let mut parts = whole.split_whitespace();
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    let d: u32 = day.parse().ok()?;
    let m = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as u32 + 1;
    let y: i32 = year.parse().ok()?;
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    Some(iso_date(date))
}

/// `YYYY-MM-DD`, as `date.format("%Y-%m-%d")` writes a date of the years 0–9999 (the year
/// has four digits here), without the formatting machinery.
fn iso_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if !(0..=9999).contains(&date.year()) {
        return date.format("%Y-%m-%d").to_string();
    }
    let mut out = String::with_capacity(10);
    let digits = |out: &mut String, n: u32, width: u32| {
        for k in (0..width).rev() {
            out.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
        }
    };
    digits(&mut out, date.year().unsigned_abs(), 4);
    out.push('-');
    digits(&mut out, date.month(), 2);
    out.push('-');
    digits(&mut out, date.day(), 2);
    out
}

/// The document kind a title names ("GEWIJZIGDE MOTIE VAN …" → `gewijzigde motie`).
pub fn kind_from_title(title: &str) -> Option<String> {
    let l = title.trim().to_lowercase();
    [
        "gewijzigde motie",
        "motie",
        "gewijzigd amendement",
        "amendement",
        "brief",
        "verslag",
        "nota van wijziging",
        "nota",
        "voorstel van wet",
    ]
    .iter()
    .find(|k| l.starts_with(*k))
    .map(|k| k.to_string())
}

/// Dutch month name of a month number (1–12).
pub fn month_name(m: u32) -> Option<&'static str> {
    MONTHS.get(m.checked_sub(1)? as usize).copied()
}

/// What the content looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    KstXml,
    HandelingenXml,
    OtherXml,
    PlainText,
}

/// Detects the format from the first few kilobytes of (already decoded) text.
pub fn detect(text: &str) -> Detected {
    let head_end = text
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= 8192)
        .unwrap_or(text.len());
    let head = text[..head_end].trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    // A byte-order mark that was itself double encoded ("ï»¿").
    let head = head
        .strip_prefix("ï»¿")
        .unwrap_or(head)
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !head.starts_with('<') {
        return Detected::PlainText;
    }
    if head.contains("<kamerstuk>") || head.contains("<kamerstuk ") {
        Detected::KstXml
    } else if head.contains("<handelingen>") || head.contains("<handelingen ") {
        Detected::HandelingenXml
    } else if text.contains("<kamerstuk>") {
        Detected::KstXml
    } else if text.contains("<handelingen>") {
        Detected::HandelingenXml
    } else {
        Detected::OtherXml
    }
}

fn looks_binary(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(b"%PDF") {
        return Some("this is a PDF; extract its text with kw_pdf::extract_text first".into());
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x09 || (0x0E..0x20).contains(&b) && b != 0x1B)
        .count();
    if nul > 0 || ctrl * 20 > sample.len() {
        return Some(format!(
            "binary data ({nul} NUL and {ctrl} control bytes in the first {} bytes)",
            sample.len()
        ));
    }
    None
}

/// Reads a document from bytes with the [`DEFAULT_LIMIT`].
pub fn read_bytes(bytes: &[u8]) -> Result<SourceDoc, TextError> {
    read_bytes_with_limit(bytes, DEFAULT_LIMIT)
}

/// Reads a document from bytes: refuses empty, binary and PDF input and input over `limit`;
/// decodes UTF-8 (or Windows-1252 when the bytes are not UTF-8, with a diagnostic), repairs
/// double encoding, detects the format and reads it.
pub fn read_bytes_with_limit(bytes: &[u8], limit: usize) -> Result<SourceDoc, TextError> {
    if bytes.len() > limit {
        return Err(TextError::TooLarge {
            size: bytes.len(),
            limit,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(TextError::Empty);
    }
    if let Some(why) = looks_binary(bytes) {
        return Err(TextError::Unsupported(why));
    }
    let mut diagnostics = Vec::new();
    let decoded: std::borrow::Cow<'_, str> = match std::str::from_utf8(bytes) {
        Ok(s) => s.into(),
        Err(_) => {
            diagnostics.push(Diagnostic {
                code: "not-utf8".into(),
                message: "the bytes are not UTF-8; read as Windows-1252".into(),
            });
            bytes.iter().map(|&b| cp1252(b)).collect::<String>().into()
        }
    };
    match detect(&decoded) {
        Detected::PlainText => {
            let mut doc = plain::read_plain(&decoded, SourceFormat::PlainText);
            doc.diagnostics.splice(0..0, diagnostics);
            Ok(doc)
        }
        d => {
            let mut repairs: Vec<Repair> = Vec::new();
            let fixed = fix_double_encoding(&decoded, &mut repairs);
            if !repairs.is_empty() {
                diagnostics.push(Diagnostic {
                    code: "mojibake-repaired".into(),
                    message: format!(
                        "{} double-encoded sequences (UTF-8 read as Latin-1) repaired",
                        repairs.len()
                    ),
                });
            }
            let text = fixed.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
            let mut doc = match d {
                Detected::KstXml => xml::read_kst_xml(text)?,
                Detected::HandelingenXml => xml::read_handelingen_xml(text)?,
                _ => {
                    return Err(TextError::Unsupported(
                        "XML that is neither a Kamerstuk nor Handelingen".into(),
                    ));
                }
            };
            repairs.append(&mut doc.repairs);
            doc.repairs = repairs;
            doc.diagnostics.splice(0..0, diagnostics);
            Ok(doc)
        }
    }
}

/// Reads text of a known format. XML that cannot be read gives a document without paragraphs
/// and an `xml-error` diagnostic; this function never fails and never panics.
pub fn read_text(text: &str, format: SourceFormat) -> SourceDoc {
    match format {
        SourceFormat::PlainText | SourceFormat::Pdf => plain::read_plain(text, format),
        SourceFormat::KstXml | SourceFormat::HandelingenXml => {
            let mut repairs = Vec::new();
            let fixed = fix_double_encoding(text, &mut repairs);
            let t = fixed.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
            let res = if format == SourceFormat::KstXml {
                xml::read_kst_xml(t)
            } else {
                xml::read_handelingen_xml(t)
            };
            match res {
                Ok(mut doc) => {
                    if !repairs.is_empty() {
                        doc.diagnostics.insert(
                            0,
                            Diagnostic {
                                code: "mojibake-repaired".into(),
                                message: format!(
                                    "{} double-encoded sequences (UTF-8 read as Latin-1) repaired",
                                    repairs.len()
                                ),
                            },
                        );
                    }
                    repairs.append(&mut doc.repairs);
                    doc.repairs = repairs;
                    doc
                }
                Err(e) => SourceDoc {
                    format: Some(format),
                    diagnostics: vec![Diagnostic {
                        code: "xml-error".into(),
                        message: e.to_string(),
                    }],
                    ..SourceDoc::default()
                },
            }
        }
    }
}

/// Windows-1252 to char.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn iso_date_is_chrono_format(days in -800_000i32..4_000_000) {
            let date = chrono::NaiveDate::from_num_days_from_ce_opt(days).expect("date");
            prop_assert_eq!(super::iso_date(date), date.format("%Y-%m-%d").to_string());
        }

        #[test]
        fn dutch_date_parts_are_the_groups(
            s in "[ x1-9\u{663}\u{a0}\u{2009}\n]{0,4}[0-9\u{663}]{1,3}[ \u{a0}\u{2009}\u{3000}\t]{1,2}(oKtober|mei|MAART|ju\u{212A}i|juli|x){1}[ \u{a0}\n]{1,2}[0-9\u{663}]{3,5}[ a.]{0,2}",
        ) {
            prop_assert_eq!(super::dutch_date_to_iso(&s), by_groups(&s));
        }
    }

    /// The former implementation: the capture groups of the pattern.
    fn by_groups(s: &str) -> Option<String> {
        let c = super::DUTCH_DATE.captures(s)?;
        let d: u32 = c[1].parse().ok()?;
        let m = super::MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(&c[2]))? as u32
            + 1;
        let y: i32 = c[3].parse().ok()?;
        let date = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
        Some(super::iso_date(date))
    }

    #[test]
    fn dutch_date_parts_are_the_groups_on_the_corpus() {
        let mut found = 0;
        for text in crate::extract::tests::corpus() {
            for line in text.lines() {
                let got = super::dutch_date_to_iso(line);
                found += usize::from(got.is_some());
                assert_eq!(got, by_groups(line), "{line:?}");
            }
        }
        assert!(found > 400, "{found} dates");
    }
}
