//! Test support for kw-text: paths into the bundled sample data and the **PDF-shaped text
//! renderer** of the Kamerstuk layout.
//!
//! # Sample data (read only from `data/sample` and `crates/text/tests/data`)
//! - [`sample_path`], [`read_sample`]: a file under `data/sample/`;
//! - [`motion_ids`]: the 450 motion publication ids (file stems), sorted;
//! - [`motion_xml`]: the official XML of one of them; [`motion_plain`]: the collector's plain
//!   text (`document_texts/<id>.json`, field `content`);
//! - [`seed_text`]: the seed letter.
//!
//! # The renderer (stable API, used by the extraction accuracy test)
//! ```ignore
//! pub fn render_kamerstuk_pdf_text(doc: &SourceDoc) -> String;
//! pub fn render_kamerstuk_pdf_text_with(doc: &SourceDoc, opts: &RenderOptions) -> String;
//! ```
//! Given a motion as read from its official XML (`kw_text::read::read_bytes`), it produces the
//! text pdftotext gives for the Kamerstuk PDF layout:
//! - first page: "Tweede Kamer der Staten-Generaal", "Vergaderjaar 2024–2025", "2", the dossier
//!   number with its toevoeging ("36 600 XVI", "21 501-20"), the dossier title, "Nr. 58", the
//!   document title in capitals, "Voorgesteld 24 oktober 2024";
//! - body lines of at most [`RenderOptions::width`] (70) characters, broken at spaces, after an
//!   existing hyphen, or inside a word at a Dutch Knuth–Liang hyphenation point (`hyphenation`
//!   crate, Dutch patterns) with a hyphen added; paragraphs separated by a blank line; signers
//!   one a line after the closing formula;
//! - each page ends with a blank line, the running head "Tweede Kamer, vergaderjaar 2024–2025,
//!   36 600 XVI, nr. 58", the page number and a form feed; a page holds
//!   [`RenderOptions::lines_per_page`] lines;
//! - the last page carries "kst-36600-XVI-58", "ISSN 0921 - 7371" and "’s-Gravenhage 2025"
//!   (the year of the date) before its running head and page number.
//!
//! The output is deterministic. It never contains the official XML's metadata beyond what the
//! printed page shows.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::LazyLock;

use hyphenation::{Hyphenator, Language, Load, Standard};
use kw_text::SourceDoc;

/// `data/sample/<rel>`.
pub fn sample_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/sample")
        .join(rel)
}

/// `crates/text/tests/data/<rel>`.
pub fn test_data_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

/// The bytes of `data/sample/<rel>`; panics with the path when missing.
pub fn read_sample(rel: &str) -> Vec<u8> {
    let p = sample_path(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// The seed letter as text.
pub fn seed_text() -> String {
    String::from_utf8(read_sample("seed/000_983e7923bac65099.txt")).expect("seed is UTF-8")
}

/// The 450 motion publication ids (file stems of `motion-texts/document_publications`), sorted.
pub fn motion_ids() -> Vec<String> {
    static IDS: LazyLock<Vec<String>> = LazyLock::new(|| {
        let dir = sample_path("motion-texts/document_publications");
        let mut ids: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".xml").map(str::to_string)
            })
            .collect();
        ids.sort();
        ids
    });
    IDS.clone()
}

/// The official XML of motion `id`.
pub fn motion_xml(id: &str) -> Vec<u8> {
    read_sample(&format!("motion-texts/document_publications/{id}.xml"))
}

/// The collector's plain text of motion `id` (`content` of `document_texts/<id>.json`).
pub fn motion_plain(id: &str) -> String {
    let raw = read_sample(&format!("motion-texts/document_texts/{id}.json"));
    let v: serde_json::Value = serde_json::from_slice(&raw).expect("document_texts JSON");
    v["content"].as_str().expect("content field").to_string()
}

/// Layout options of the renderer.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Maximum characters per body line.
    pub width: usize,
    /// Lines per page, running head and page number included.
    pub lines_per_page: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width: 70,
            lines_per_page: 48,
        }
    }
}

static DUTCH: LazyLock<Standard> =
    LazyLock::new(|| Standard::from_embedded(Language::Dutch).expect("Dutch patterns embedded"));

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

/// "2024-10-24" → "24 oktober 2024".
pub fn dutch_date(iso: &str) -> Option<String> {
    let mut it = iso.split('-');
    let y = it.next()?;
    let m: usize = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    Some(format!("{d} {} {y}", MONTHS.get(m.checked_sub(1)?)?))
}

/// "36600" → "36 600".
pub fn spaced_dossier(d: &str) -> String {
    if d.len() > 3 && d.bytes().all(|b| b.is_ascii_digit()) {
        let (a, b) = d.split_at(d.len() - 3);
        format!("{a} {b}")
    } else {
        d.to_string()
    }
}

/// The dossier as printed: "36 600 XVI", "21 501-20", "19 637".
pub fn printed_dossier(doc: &SourceDoc) -> String {
    let d = spaced_dossier(doc.meta.dossier.as_deref().unwrap_or(""));
    match doc.meta.toevoeging.as_deref() {
        Some(t) if t.bytes().all(|b| b.is_ascii_digit()) => format!("{d}-{t}"),
        Some(t) => format!("{d} {t}"),
        None => d,
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Wraps one paragraph at `width` characters with Dutch hyphenation at line ends.
pub fn wrap_hyphenated(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    let mut pending: Option<String> = None;
    while i < words.len() || pending.is_some() {
        let word: String = match pending.take() {
            Some(w) => w,
            None => {
                let w = words[i].to_string();
                i += 1;
                w
            }
        };
        let sep = usize::from(!cur.is_empty());
        if char_len(&cur) + sep + char_len(&word) <= width {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(&word);
            continue;
        }
        let room = width.saturating_sub(char_len(&cur) + sep);
        if let Some((head, tail)) = split_word(&word, room) {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(&head);
            lines.push(std::mem::take(&mut cur));
            pending = Some(tail);
            continue;
        }
        if cur.is_empty() {
            // A word longer than the line: put it on its own line.
            lines.push(word);
        } else {
            lines.push(std::mem::take(&mut cur));
            pending = Some(word);
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Splits `word` so that the head (with its hyphen) fits in `room` characters: after an
/// existing inner hyphen, or at a Dutch hyphenation point of a lower-case word part. Acronyms
/// and words with digits are not hyphenated.
fn split_word(word: &str, room: usize) -> Option<(String, String)> {
    if room < 4 {
        return None;
    }
    // After an existing hyphen.
    let hyphen_breaks: Vec<usize> = word
        .char_indices()
        .filter(|&(i, c)| c == '-' && i > 0 && i + 1 < word.len())
        .map(|(i, _)| i + 1)
        .filter(|&b| char_len(&word[..b]) <= room && char_len(&word[b..]) >= 2)
        .collect();
    if let Some(&b) = hyphen_breaks.last() {
        return Some((word[..b].to_string(), word[b..].to_string()));
    }
    // Inside a word: letters only, at most one capital (at the start), no digits.
    let core_start = word
        .char_indices()
        .find(|(_, c)| c.is_alphabetic())
        .map(|(i, _)| i)?;
    let core_end = word
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphabetic())
        .map(|(i, c)| i + c.len_utf8())?;
    let core = &word[core_start..core_end];
    if char_len(core) < 6
        || !core.chars().all(char::is_alphabetic)
        || core.chars().skip(1).any(char::is_uppercase)
    {
        return None;
    }
    let lower = core.to_lowercase();
    if lower.len() != core.len() {
        return None;
    }
    let h = DUTCH.hyphenate(&lower);
    let best = h
        .breaks
        .iter()
        .copied()
        .filter(|&b| {
            let head = &word[..core_start + b];
            char_len(head) < room && char_len(&core[..b]) >= 2 && char_len(&core[b..]) >= 3
        })
        .max()?;
    let at = core_start + best;
    Some((format!("{}-", &word[..at]), word[at..].to_string()))
}

/// Renders with [`RenderOptions::default`].
pub fn render_kamerstuk_pdf_text(doc: &SourceDoc) -> String {
    render_kamerstuk_pdf_text_with(doc, &RenderOptions::default())
}

/// Renders a Kamerstuk read from its official XML as pdftotext would give its PDF.
pub fn render_kamerstuk_pdf_text_with(doc: &SourceDoc, opts: &RenderOptions) -> String {
    let m = &doc.meta;
    let jaar = m
        .vergaderjaar
        .clone()
        .unwrap_or_else(|| "2024-2025".into())
        .replace('-', "–");
    let dossier = printed_dossier(doc);
    let nr = m.ondernummer.clone().unwrap_or_default();
    let head = format!("Tweede Kamer, vergaderjaar {jaar}, {dossier}, nr. {nr}");
    // Content lines, page furniture added below.
    let mut body: Vec<String> = vec![
        "Tweede Kamer der Staten-Generaal".into(),
        format!("Vergaderjaar {jaar}"),
        String::new(),
        "2".into(),
        String::new(),
        dossier.clone(),
    ];
    if let Some(t) = &m.dossier_title {
        body.extend(wrap_hyphenated(t, opts.width));
    }
    body.push(String::new());
    body.push(format!("Nr. {nr}"));
    if let Some(t) = &m.title {
        body.extend(wrap_hyphenated(&t.to_uppercase(), opts.width));
    }
    if let Some(d) = m.date.as_deref().and_then(dutch_date) {
        body.push(String::new());
        body.push(format!("Voorgesteld {d}"));
    }
    for p in &doc.paragraphs {
        body.push(String::new());
        body.extend(wrap_hyphenated(p, opts.width));
    }
    if !m.signers.is_empty() {
        body.push(String::new());
        for s in &m.signers {
            body.push(s.name.clone());
        }
    }
    let year = m
        .date
        .as_deref()
        .and_then(|d| d.get(..4))
        .map(str::to_string)
        .unwrap_or_else(|| jaar.chars().skip(5).collect());
    let kst = m.kst_id.clone().unwrap_or_else(|| {
        let d = m.dossier.clone().unwrap_or_default();
        match &m.toevoeging {
            Some(t) => format!("kst-{d}-{t}-{nr}"),
            None => format!("kst-{d}-{nr}"),
        }
    });
    let footer = [
        String::new(),
        kst,
        "ISSN 0921 - 7371".to_string(),
        format!("’s-Gravenhage {year}"),
    ];
    // Paginate: each page has `per` content lines, then blank, running head, page number.
    let per = opts.lines_per_page.saturating_sub(3).max(5);
    let mut out = String::new();
    let mut chunks: Vec<Vec<String>> = body.chunks(per).map(<[String]>::to_vec).collect();
    // The footer goes on the last page; start a new page when it does not fit.
    match chunks.last_mut() {
        Some(last) if last.len() + footer.len() <= per => last.extend(footer.iter().cloned()),
        _ => chunks.push(footer.to_vec()),
    }
    let n = chunks.len();
    for (k, chunk) in chunks.into_iter().enumerate() {
        let page = k + 1;
        // A page never starts with a blank line.
        let mut lines = chunk.as_slice();
        while lines.first().is_some_and(String::is_empty) {
            lines = &lines[1..];
        }
        for l in lines {
            out.push_str(l);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&head);
        out.push('\n');
        out.push_str(&page.to_string());
        out.push('\n');
        if k + 1 < n {
            out.push('\u{000C}');
        }
    }
    out
}
