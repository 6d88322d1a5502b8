//! Reader for plain text, including PDF-shaped text as pdftotext gives it: the Kamerstuk layout
//! (first-page header, running heads, page numbers, last-page footer) and the ministerial
//! letter layout (letterhead, sidebar, "Datum"/"Betreft", footnotes at page bottoms, signature).
//!
//! The steps, in order: encoding repair and normalisation → a right-hand column beside the body
//! of a letter (`pdftotext -layout`) moved to the top of its page (diagnostic
//! `right-column-unfolded`) → page furniture → footnote texts →
//! letterhead or Kamerstuk header (to `meta`) → signature or motion signers (to
//! `meta.signers`) → paragraphs with the hyphen decision → footnote markers.
//!
//! The letter layout is read from whatever order an extractor gives it (pdf-extract: content
//! order; pdftotext: its own reading order, which puts the "Datum"/"Betreft" labels before
//! their values and the repeated sidebar of later pages between body paragraphs):
//! - the letterhead is everything before the salutation; "Datum" gives the date, "Betreft" the
//!   subject (joined over its lines), with the value on the label's line, on the next line, or
//!   in a column of values after a column of labels;
//! - later pages' sidebar is removed at the top of the page, and wherever a block of lines holds
//!   only sidebar labels, dates, codes, address lines and lines of the first page's letterhead
//!   or lines that recur on several pages (also two or more such lines at the start or end of a
//!   body block, where pdf-extract runs the sidebar on without a blank line);
//! - the signature may be one signer after the other or two columns, given column by column,
//!   all functions before all names, or run together on one line ("De Minister van
//!   Buitenlandse Zaken, De Minister voor …", "S.A. Blok S.A.M. Kaag"); the n-th name signs
//!   with the n-th function, and a wrapped function is joined (`Mode::Wrapped` is also used
//!   for a plain-text letter with page breaks, which is what `pdftotext letter.pdf` writes).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{dutch_date_to_iso, is_closing_formula};
use crate::doc::{Diagnostic, DocMeta, Repair, Signer, SourceDoc, SourceFormat};
use crate::repair::footnote::detach_markers;
use crate::repair::hyphen::in_lexicon;
use crate::repair::layout::{
    Line, Mode, rebuild_paragraphs, split_lines, strip_furniture, take_footnote_texts,
};

/// Reads plain or PDF-shaped text. Never fails; odd input gives diagnostics.
pub fn read_plain(input: &str, format: SourceFormat) -> SourceDoc {
    let mut repairs: Vec<Repair> = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let text = crate::repair::clean_chars(input, &mut repairs);
    if repairs.iter().any(|r| r.rule == "mojibake") {
        diagnostics.push(Diagnostic {
            code: "mojibake-repaired".into(),
            message: format!(
                "{} double-encoded sequences (UTF-8 read as Latin-1) repaired",
                repairs.iter().filter(|r| r.rule == "mojibake").count()
            ),
        });
    }
    let text = match unfold_right_column(&text) {
        Some(unfolded) => {
            diagnostics.push(Diagnostic {
                code: "right-column-unfolded".into(),
                message: "a right-hand column (letter sidebar) beside the body was moved to the \
                          top of its page; positions in the repair audit refer to that text"
                    .into(),
            });
            unfolded
        }
        None => text,
    };
    let mut lines = split_lines(&text);
    let mut meta = DocMeta::default();
    if let Some(kst) = strip_furniture(&text, &mut lines, &mut repairs) {
        meta.kst_id = Some(kst.clone());
        meta.publication_id = Some(kst);
    }
    // page breaks (one byte); the memchr crate's search, not `str::contains`'s
    let has_page_breaks = memchr::memchr(0x0C, text.as_bytes()).is_some();
    let notes = if has_page_breaks {
        take_footnote_texts(&text, &mut lines, &mut repairs)
    } else {
        Vec::new()
    };
    let letter = read_letterhead(&text, &mut lines, &mut meta, &mut repairs);
    if !letter {
        read_kst_header(&text, &mut lines, &mut meta, &mut repairs);
    }
    let motion_signers = take_motion_signers(&text, &mut lines, &mut repairs);
    match motion_signers {
        Some(s) => meta.signers = s,
        None => meta.signers = take_letter_signature(&text, &mut lines, &mut repairs),
    }
    if letter {
        meta.kind_hint.get_or_insert_with(|| "brief".into());
    }
    // A letter with page breaks is text extracted from a PDF even when it comes as a text file
    // (`pdftotext letter.pdf letter.txt`): pdftotext joins the words it finds hyphenated at
    // line ends, which leaves long lines that would make the text look unwrapped.
    let mode = if format == SourceFormat::Pdf || (letter && has_page_breaks) {
        Mode::Wrapped
    } else {
        Mode::Auto
    };
    let paragraphs = rebuild_paragraphs(&text, &lines, mode, &mut repairs);
    let (paragraphs, footnotes) = detach_markers(paragraphs, &notes, &mut repairs);
    if paragraphs.is_empty() {
        diagnostics.push(Diagnostic {
            code: "no-text".into(),
            message: "no body text found".into(),
        });
    }
    if meta.date.is_none() {
        diagnostics.push(Diagnostic {
            code: "no-date".into(),
            message: "no date found in the header or letterhead".into(),
        });
    }
    SourceDoc {
        format: Some(format),
        meta,
        paragraphs,
        footnotes,
        repairs,
        diagnostics,
    }
}

/// Where a line has text in a right-hand column: the character column and byte offset of the
/// first text at column 40 or further that follows four or more spaces (or only spaces).
fn right_segment(line: &str) -> Option<(usize, usize)> {
    let mut run = 0usize;
    let mut seen_text = false;
    for (col, (byte, c)) in line.char_indices().enumerate() {
        if c == ' ' {
            run += 1;
            continue;
        }
        if col >= 40 && (run >= 4 || !seen_text) {
            return Some((col, byte));
        }
        run = 0;
        seen_text = true;
    }
    None
}

/// `pdftotext -layout` keeps a letter's sidebar beside the body, on the same lines as body
/// text ("… relatie met        Kenmerk"). When a page has a right-hand column (text starting
/// at one column in the right 40% of the width, on three or more lines, after a wide gap),
/// that column is cut off and put at the top of its page as its own lines (a blank line where
/// the column had a gap), the way other extractors give a sidebar. A row that held only column
/// text is dropped from the body; two or more such rows in a row become one blank line.
/// `None` when no page has such a column.
fn unfold_right_column(text: &str) -> Option<String> {
    // Only letters (a salutation: "Geachte", "Hooggeachte", "Zeer geachte") have a sidebar.
    // memmem: `str::contains` with a string needle (Two-Way) costs about five instructions
    // per byte on a run-of-spaces needle that is absent; the answer is the same.
    let has = |needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
    if !has("    ") || !has("eachte ") {
        return None;
    }
    let width = text
        .lines()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for (p, page) in text.split('\u{000C}').enumerate() {
        if p > 0 {
            out.push('\u{000C}');
        }
        let lines: Vec<&str> = page.split('\n').collect();
        let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for l in &lines {
            if let Some((col, _)) = right_segment(l) {
                *counts.entry(col).or_default() += 1;
            }
        }
        let column = counts
            .iter()
            .filter(|&(&col, &n)| n >= 3 && col * 10 >= width * 6)
            .max_by_key(|&(&col, &n)| (n, col))
            .map(|(&col, _)| col);
        let Some(column) = column else {
            out.push_str(page);
            continue;
        };
        changed = true;
        let mut right: Vec<&str> = Vec::new();
        let mut left: Vec<&str> = Vec::new();
        let mut last_right: Option<usize> = None;
        // Rows that held only column text, since the last body row.
        let mut only_column = 0usize;
        for (i, l) in lines.iter().enumerate() {
            let (body, column_text) = match right_segment(l) {
                Some((col, byte)) if col + 2 >= column && col <= column + 12 => {
                    (l[..byte].trim_end(), Some(l[byte..].trim()))
                }
                _ => (*l, None),
            };
            if let Some(r) = column_text {
                if last_right.is_some_and(|k| k + 1 != i) {
                    right.push("");
                }
                right.push(r);
                last_right = Some(i);
                if body.trim_start().is_empty() {
                    only_column += 1;
                    continue;
                }
            }
            // A single row with only column text sits between two lines of the body (the
            // column's leading is smaller); two or more fill a blank line of the body.
            if only_column >= 2 && !body.trim_start().is_empty() {
                left.push("");
            }
            only_column = 0;
            left.push(body);
        }
        for r in right {
            out.push_str(r);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&left.join("\n"));
    }
    changed.then_some(out)
}

fn remove_range(
    src: &str,
    lines: &mut Vec<Line>,
    range: std::ops::Range<usize>,
    rule: &'static str,
    repairs: &mut Vec<Repair>,
) {
    // one allocation for the records instead of the doublings of pushes one by one
    repairs.reserve(range.len());
    for l in &lines[range.clone()] {
        let t = l.text(src);
        if !t.is_empty() {
            repairs.push(Repair {
                position: l.text_start(src),
                before: t.to_string(),
                after: String::new(),
                rule: rule.into(),
            });
        }
    }
    lines.drain(range);
}

// ---------------------------------------------------------------------------------------------
// Ministerial letter layout

static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Geachte|Hooggeachte|Zeer geachte)\s+(?:[Vv]oorzitter|heer|mevrouw|[Ll]eden|[Dd]ames)",
    )
    .expect("static regex")
});

const SIDEBAR_LABELS: &[&str] = &[
    "Ons kenmerk",
    "Uw kenmerk",
    "Onze referentie",
    "Uw referentie",
    "Kenmerk",
    "Datum",
    "Betreft",
    "Bijlage",
    "Bijlagen",
    "Bijlage(n)",
    "Contactpersoon",
    "Behandeld door",
    "Doorkiesnummer",
    "Inlichtingen",
];

/// The label a sidebar line starts with, and the rest of the line.
fn sidebar_label(t: &str) -> Option<(&'static str, String)> {
    // Compare with whitespace runs squeezed ("Ons  kenmerk").
    let squeezed: String;
    let t2 = if t.contains("  ") {
        squeezed = t.split_whitespace().collect::<Vec<_>>().join(" ");
        squeezed.as_str()
    } else {
        t
    };
    for l in SIDEBAR_LABELS {
        if let Some(rest) = t2.strip_prefix(l)
            && (rest.is_empty() || rest.starts_with([' ', ':']))
        {
            return Some((l, rest.trim_start_matches([' ', ':']).trim().to_string()));
        }
    }
    None
}

/// Joins letter-spaced fragments ("Inf rastructuur" → "Infrastructuur") when the joined word is
/// in the lexicon and a fragment is not.
pub fn fix_letter_spacing(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let mut w = words[i].to_string();
        while i + 1 < words.len() {
            let next = words[i + 1];
            let joined = format!("{w}{next}");
            let jl = joined.to_lowercase();
            let wl = w.to_lowercase();
            let nl = next.to_lowercase();
            let alpha = w.chars().all(char::is_alphabetic) && next.chars().all(char::is_alphabetic);
            let digits = w.chars().all(|c| c.is_ascii_digit())
                && next.chars().all(|c| c.is_ascii_digit())
                && w.len() == 1;
            if (alpha && in_lexicon(&jl) && (!in_lexicon(&wl) || !in_lexicon(&nl))) || digits {
                w = joined;
                i += 1;
            } else {
                break;
            }
        }
        out.push(w);
        i += 1;
    }
    out.join(" ")
}

fn date_from_sidebar(value: &str) -> Option<String> {
    squeezed_date(value).or_else(|| dutch_date_to_iso(value))
}

fn squeezed_date(value: &str) -> Option<String> {
    {
        // Letter-spaced: "1 8 december 2 0 2 0" → strip spaces, re-insert around the month.
        let squeezed: String = value.chars().filter(|c| !c.is_whitespace()).collect();
        let lower = squeezed.to_ascii_lowercase();
        for m in 1..=12u32 {
            let name = super::month_name(m)?;
            if let Some(i) = lower.find(name) {
                let spaced = format!(
                    "{} {} {}",
                    &squeezed[..i],
                    name,
                    &squeezed[i + name.len()..]
                );
                return dutch_date_to_iso(&spaced);
            }
        }
        None
    }
}

/// A line compared with letter-spacing and case ignored ("Ministerie van Buitenland se Zaken"
/// is "ministerievanbuitenlandsezaken").
fn squeeze(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Stores a letterhead value: the date of "Datum", the subject of "Betreft".
fn letterhead_value(label: &str, value: &str, meta: &mut DocMeta) {
    if label == "Betreft" {
        let v = fix_letter_spacing(value);
        if !v.is_empty() {
            meta.subject = Some(v);
        }
    } else if label == "Datum" && meta.date.is_none() {
        meta.date = date_from_sidebar(value);
    }
}

/// Reads the letterhead lines before the salutation: labels with their values ("Datum 18
/// december 2020", or a label on its own line with the value on the next), also when an
/// extractor gives a column of labels before the column of their values ("Datum", "Betreft",
/// then "18 december 2020", "Reactie op …"). A "Betreft" value runs on over the lines that
/// follow it up to a blank line or a label. Returns the other lines and values (not the
/// subject, which a body heading may repeat), squeezed, so that the sidebar can be recognised
/// where later pages repeat it.
fn read_head(head: &[&str], meta: &mut DocMeta) -> HashSet<String> {
    let mut known = HashSet::new();
    let betreft_run = |j: &mut usize, value: &mut String| {
        while *j < head.len() && !head[*j].is_empty() && sidebar_label(head[*j]).is_none() {
            value.push(' ');
            value.push_str(head[*j]);
            *j += 1;
        }
    };
    let mut pending: Vec<&'static str> = Vec::new();
    let mut i = 0;
    while i < head.len() {
        let t = head[i];
        if t.is_empty() {
            i += 1;
            continue;
        }
        if let Some((label, rest)) = sidebar_label(t) {
            i += 1;
            if rest.is_empty() {
                pending.push(label);
                continue;
            }
            let mut value = rest;
            if label == "Betreft" {
                betreft_run(&mut i, &mut value);
            } else {
                known.insert(squeeze(&value));
            }
            letterhead_value(label, &value, meta);
            continue;
        }
        if !pending.is_empty() {
            // The values of the labels waiting for one, in order.
            let labels = std::mem::take(&mut pending);
            let mut j = i;
            for (k, label) in labels.iter().enumerate() {
                while j < head.len() && head[j].is_empty() {
                    j += 1;
                }
                if j >= head.len() || sidebar_label(head[j]).is_some() {
                    break;
                }
                let mut value = head[j].to_string();
                j += 1;
                if *label == "Betreft" {
                    if k + 1 == labels.len() {
                        betreft_run(&mut j, &mut value);
                    }
                } else {
                    known.insert(squeeze(&value));
                }
                letterhead_value(label, &value, meta);
            }
            i = j.max(i + 1);
            continue;
        }
        known.insert(squeeze(t));
        if meta.sender.is_none() {
            let fixed = fix_letter_spacing(t);
            if fixed.starts_with("Ministerie van") || fixed.starts_with("Ministerie voor") {
                meta.sender = Some(fixed);
            }
        }
        i += 1;
    }
    known
}

/// A line that is only a date ("18 december 2020", also letter-spaced: "1 8 december 2020").
fn is_date_line(t: &str) -> bool {
    if t.len() > 40 || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let s = squeeze(t);
    let rest = s.trim_start_matches(|c: char| c.is_ascii_digit());
    let day = s.len() - rest.len();
    (1..=2).contains(&day)
        && (1..=12).any(|m| {
            super::month_name(m).is_some_and(|name| {
                rest.strip_prefix(name)
                    .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            })
        })
        && date_from_sidebar(t).is_some()
}

/// A sidebar value: a line of the first page's letterhead, a date, or a code without spaces
/// ("BZDOC-1609843211-12").
fn sidebar_value(t: &str, known: &HashSet<String>) -> bool {
    (t.len() <= 80 && known.contains(&squeeze(t)))
        || is_date_line(t)
        || (t.len() <= 40 && !t.contains(' ') && t.chars().any(|c| c.is_ascii_digit()))
}

static ADDRESS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Postbus\s*\d+|(?:www\.|https?://)\S+|\S+@\S+\.\S+|[TFM]\s?[+(]?\d[\d ()+-]{6,}|(?i:pagina)\s+\d+\s+van\s+\d+)$")
        .expect("static regex")
});

/// A line only a letterhead has: Postbus, a postcode with its place (also letter-spaced: "2 5 15
/// XP D en Haag"), a website, an e-mail address, a phone number, a page label.
fn is_address_line(t: &str) -> bool {
    if t.len() > 60 {
        return false;
    }
    let s: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    let postcode = s.len() > 6
        && s[..4].iter().all(char::is_ascii_digit)
        && s[4..6].iter().all(char::is_ascii_uppercase)
        && s[6].is_alphabetic();
    postcode || ADDRESS_LINE.is_match(t)
}

/// Removes the sidebar where an extractor put it after the salutation: at the top of a page,
/// between body paragraphs (pdftotext) or after them. A block of lines (between blank lines or
/// page edges) is sidebar when every line is a sidebar label (alone or with its value, or with
/// its value on the next line), a line of the first page's letterhead, a date, an address line
/// (Postbus, postcode, website …) or a short line without closing punctuation ("Directie
/// Europa", "Rijnstraat 8"), and it has a label, two address lines, or only letterhead lines
/// and dates.
fn remove_sidebar_blocks(
    src: &str,
    lines: &mut Vec<Line>,
    known: &HashSet<String>,
    repairs: &mut Vec<Repair>,
) {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut s = 0;
    while s < lines.len() {
        if lines[s].is_blank(src) {
            s += 1;
            continue;
        }
        let mut e = s + 1;
        while e < lines.len() && !lines[e].is_blank(src) && lines[e].page == lines[s].page {
            e += 1;
        }
        let (mut labels, mut addresses, mut others) = (0, 0, 0);
        let mut k = s;
        let mut sidebar = true;
        while k < e {
            let t = lines[k].text(src);
            k += 1;
            if let Some((_, rest)) = sidebar_label(t) {
                labels += 1;
                if rest.is_empty() {
                    if k < e && sidebar_value(lines[k].text(src), known) {
                        k += 1;
                    }
                    continue;
                }
                if sidebar_value(&rest, known) {
                    continue;
                }
            } else if (t.len() <= 80 && known.contains(&squeeze(t))) || is_date_line(t) {
                continue;
            } else if is_address_line(t) {
                addresses += 1;
                continue;
            } else if t.chars().count() <= 45 && !t.ends_with(['.', ',', ';', ':', '!', '?']) {
                others += 1;
                continue;
            }
            sidebar = false;
            break;
        }
        if sidebar && (labels > 0 || addresses >= 2 || (addresses == 0 && others == 0)) {
            ranges.push(s..e);
        } else {
            // A sidebar run on without a blank line into a body block (pdf-extract after a
            // signature): two or more sidebar lines at the block's start or end.
            let strong = |k: usize| {
                let t = lines[k].text(src);
                sidebar_label(t).is_some()
                    || (t.len() <= 80 && known.contains(&squeeze(t)))
                    || is_date_line(t)
                    || is_address_line(t)
            };
            let head = (s..e).take_while(|&k| strong(k)).count();
            let tail = (s..e).rev().take_while(|&k| strong(k)).count();
            if tail >= 2 && tail < e - s {
                ranges.push(e - tail..e);
            }
            if head >= 2 && head < e - s {
                ranges.push(s..s + head);
            }
        }
        s = e;
    }
    ranges.sort_by_key(|r| r.start);
    for r in ranges.into_iter().rev() {
        remove_range(src, lines, r, "letterhead", repairs);
    }
}

/// Reads and removes the letterhead (everything before "Geachte voorzitter,"), and the sidebar
/// that later pages repeat, at their top or (as pdftotext orders the columns) between body
/// paragraphs. Returns true when the text is a letter.
fn read_letterhead(
    src: &str,
    lines: &mut Vec<Line>,
    meta: &mut DocMeta,
    repairs: &mut Vec<Repair>,
) -> bool {
    let Some(g) = lines.iter().take(400).position(|l| {
        let t = l.text(src);
        t.starts_with(['G', 'H', 'Z']) && SALUTATION.is_match(t)
    }) else {
        return false;
    };
    let head: Vec<&str> = lines[..g].iter().map(|l| l.text(src)).collect();
    let mut known = read_head(&head, meta);
    remove_range(src, lines, 0..g, "letterhead", repairs);
    // Sidebar repeated at the top of later pages: short lines (ministry, directorate) and
    // labels with their values, up to the last label among the first twelve lines of the page.
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let first_on_page = k == 0 || lines[k - 1].page != lines[k].page;
        if first_on_page && lines[k].page > 0 {
            let page = lines[k].page;
            let mut last_label_end: Option<usize> = None;
            let mut seen = 0;
            let mut e = k;
            while e < lines.len() && lines[e].page == page && seen < 12 {
                let t = lines[e].text(src);
                if t.is_empty() {
                    e += 1;
                    continue;
                }
                seen += 1;
                if let Some((_, rest)) = sidebar_label(t) {
                    let mut end = e + 1;
                    if rest.is_empty() {
                        while end < lines.len()
                            && lines[end].page == page
                            && lines[end].is_blank(src)
                        {
                            end += 1;
                        }
                        if end < lines.len() && lines[end].page == page {
                            end += 1;
                        }
                    }
                    last_label_end = Some(end);
                    e = end;
                    continue;
                }
                if t.len() > 45 || t.ends_with(['.', ',', ';', ':']) {
                    break;
                }
                e += 1;
            }
            if let Some(end) = last_label_end {
                ranges.push(k..end);
                k = end;
                continue;
            }
        }
        k += 1;
    }
    // Remove from the back so that earlier ranges keep their indices.
    for r in ranges.into_iter().rev() {
        remove_range(src, lines, r, "letterhead", repairs);
    }
    // Short lines that recur on two or more pages are the sidebar too ("Directie Europa").
    let mut pages_of: std::collections::HashMap<String, (u32, bool)> =
        std::collections::HashMap::new();
    for l in lines.iter() {
        let t = l.text(src);
        if t.is_empty()
            || t.len() > 45
            || t.ends_with(['.', ',', ';', ':', '!', '?'])
            || !t.contains(char::is_alphabetic)
        {
            continue;
        }
        let e = pages_of.entry(squeeze(t)).or_insert((l.page, false));
        e.1 |= e.0 != l.page;
    }
    known.extend(
        pages_of
            .into_iter()
            .filter(|(_, (_, repeated))| *repeated)
            .map(|(k, _)| k),
    );
    remove_sidebar_blocks(src, lines, &known, repairs);
    true
}

static FUNCTION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[Dd][Ee]\s+)?(?:[Mm]inister|MINISTER|[Ss]taatssecretaris|STAATSSECRETARIS|[Mm]inister-[Pp]resident|MINISTER-PRESIDENT)(?-u:\b)[^.;:]*,?$")
        .expect("static regex")
});
static NAME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:dr|drs|mr|ir|prof|ing)\.\s*)*(?:(?:\p{Lu}\.(?:\p{Lu}\.|\p{Lu}\p{Ll}\.)*\s*(?:\p{Ll}+\s+){0,3}\p{Lu}[\p{L}'’-]*(?:[\s-]\p{Lu}[\p{L}'’-]*)*)|(?:\p{Lu}\p{Ll}+(?:\s+(?:\p{Ll}+\s+){0,3}(?:\p{Lu}\.\s*)*\p{Lu}[\p{L}'’-]*)+))$")
        .expect("static regex")
});

const LOWER_WORDS: &[&str] = &[
    "van", "voor", "en", "der", "de", "het", "te", "op", "in", "aan", "bij", "met", "den",
];

/// "DE MINISTER VAN BUITENLANDSE ZAKEN," → "Minister van Buitenlandse Zaken".
pub fn normalize_function(t: &str) -> String {
    let t = t.trim().trim_end_matches([',', ' ']);
    let t = t
        .strip_prefix("De ")
        .or_else(|| t.strip_prefix("DE "))
        .or_else(|| t.strip_prefix("de "))
        .unwrap_or(t);
    let caps = t.chars().filter(|c| c.is_lowercase()).count() == 0;
    let mut out = String::with_capacity(t.len());
    for (i, w) in t.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lw = w.to_lowercase();
        if caps {
            if i > 0 && LOWER_WORDS.contains(&lw.as_str()) {
                out.push_str(&lw);
            } else {
                // Capitalise each hyphen part: "MINISTER-PRESIDENT" → "Minister-president".
                let mut first = true;
                for c in lw.chars() {
                    if first {
                        out.extend(c.to_uppercase());
                        first = false;
                    } else {
                        out.push(c);
                    }
                }
            }
        } else if i == 0 {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(w);
        }
    }
    out
}

static SECOND_FUNCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),\s+de\s+(?:minister|staatssecretaris)(?-u:\b)").expect("static regex")
});
static INITIALS_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)(?:\p{Lu}\.)+").expect("static regex"));

/// The cells of a signature line: two columns that an extractor set on one line, apart by a
/// wide gap (`pdftotext -layout`) or run together ("De Minister van Buitenlandse Zaken, De
/// Minister voor …"; "S.A. Blok S.A.M. Kaag").
fn signature_cells(t: &str) -> Vec<&str> {
    let mut cells: Vec<&str> = Vec::new();
    for part in t.split("   ").map(str::trim).filter(|p| !p.is_empty()) {
        let mut from = 0;
        for m in SECOND_FUNCTION.find_iter(part) {
            cells.push(part[from..m.start() + 1].trim());
            from = m.start() + 1;
        }
        let rest = part[from..].trim();
        // Two names run together: split before each group of initials.
        let starts: Vec<usize> = INITIALS_START
            .find_iter(rest)
            .map(|m| m.start() + (m.as_str().len() - m.as_str().trim_start().len()))
            .collect();
        let pieces: Vec<&str> = starts
            .iter()
            .enumerate()
            .map(|(k, &st)| rest[st..starts.get(k + 1).copied().unwrap_or(rest.len())].trim())
            .collect();
        if starts.len() > 1 && starts[0] == 0 && pieces.iter().all(|p| NAME_LINE.is_match(p)) {
            cells.extend(pieces);
        } else {
            cells.push(rest);
        }
    }
    cells
}

fn is_function_start(t: &str) -> bool {
    t.len() < 140
        && (t.contains("inister")
            || t.contains("INISTER")
            || t.contains("ecretaris")
            || t.contains("ECRETARIS"))
        && FUNCTION_LINE.is_match(t)
}

/// A signature block read from its first function line: functions, the lines that continue a
/// function still open (no final comma yet), and names. Returns the signers (the n-th name
/// signs with the n-th function: both when the columns come one after the other and when an
/// extractor gives all functions before all names) and the index in `block` of its last line.
fn read_signature_block(block: &[&str]) -> Option<(Vec<Signer>, usize)> {
    let mut functions: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut last = None;
    'lines: for (i, t) in block.iter().enumerate() {
        if t.eq_ignore_ascii_case("w.g.") || t.eq_ignore_ascii_case("(w.g.)") {
            continue;
        }
        for cell in signature_cells(t) {
            let open = functions.iter().rposition(|f| !f.ends_with(','));
            let initials =
                cell.starts_with(|c: char| c.is_uppercase()) && cell.chars().nth(1) == Some('.');
            if is_function_start(cell) {
                functions.push(cell.to_string());
            } else if NAME_LINE.is_match(cell) && cell.len() < 60 && (initials || open.is_none()) {
                if names.len() >= functions.len() {
                    // A name without a function: the block has ended.
                    break 'lines;
                }
                names.push(cell.to_string());
            } else if let Some(o) = open.filter(|_| cell.len() < 80 && !cell.ends_with('.')) {
                functions[o].push(' ');
                functions[o].push_str(cell);
            } else {
                break 'lines;
            }
        }
        last = Some(i);
    }
    if names.is_empty() || functions.is_empty() {
        return None;
    }
    let signers = names
        .into_iter()
        .enumerate()
        .map(|(k, name)| Signer {
            name,
            function: functions.get(k).map(|f| normalize_function(f)),
        })
        .collect();
    Some((signers, last?))
}

/// Takes the signature of a letter from the end of the body: function lines ("De Minister van
/// Buitenlandse Zaken," or "DE MINISTER VAN …", possibly wrapped) and name lines ("S.A. Blok"),
/// one signer after the other or side by side in two columns.
fn take_letter_signature(
    src: &str,
    lines: &mut Vec<Line>,
    repairs: &mut Vec<Repair>,
) -> Vec<Signer> {
    let nb: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].is_blank(src))
        .collect();
    let tail_start = nb.len().saturating_sub(16);
    let texts: Vec<&str> = nb[tail_start..]
        .iter()
        .map(|&i| lines[i].text(src))
        .collect();
    for k in 0..texts.len() {
        let first = signature_cells(texts[k]);
        if !first.first().is_some_and(|c| is_function_start(c)) {
            continue;
        }
        let Some((signers, last)) = read_signature_block(&texts[k..]) else {
            continue;
        };
        // Include a closing "Hoogachtend," just before.
        let mut start = tail_start + k;
        if start > 0 {
            let prev = lines[nb[start - 1]].text(src);
            if prev.starts_with("Hoogachtend") || prev.starts_with("Met vriendelijke groet") {
                start -= 1;
            }
        }
        let to = nb[tail_start + k + last];
        remove_range(src, lines, nb[start]..to + 1, "signature", repairs);
        return signers;
    }
    Vec::new()
}

/// After the closing formula of a motion, the remaining short lines are the signers.
fn take_motion_signers(
    src: &str,
    lines: &mut Vec<Line>,
    repairs: &mut Vec<Repair>,
) -> Option<Vec<Signer>> {
    let nb: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].is_blank(src))
        .collect();
    let from = nb.len().saturating_sub(40);
    let c = (from..nb.len())
        .rev()
        .find(|&k| is_closing_formula(lines[nb[k]].text(src)))?;
    let after = &nb[c + 1..];
    if after.len() > 30 {
        return None;
    }
    let mut signers = Vec::new();
    for &i in after {
        let t = lines[i].text(src);
        let words = t.split_whitespace().count();
        if t.len() > 60 || t.ends_with([':', ';']) || (t.ends_with('.') && words > 4) {
            return None;
        }
        signers.push(Signer {
            name: t.split_whitespace().collect::<Vec<_>>().join(" "),
            function: None,
        });
    }
    let start = nb[c] + 1;
    remove_range(src, lines, start..lines.len(), "signature", repairs);
    Some(signers)
}

// ---------------------------------------------------------------------------------------------
// Kamerstuk first-page header

static DOSSIER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{2,3} \d{3}|\d{4,6})(?:\s*-\s*(\d{1,3}|[A-Z]{1,6}(?:-\d+)?)|\s+([IVXLC]{1,6}|[A-Z]{1,3}|\(R\d+\)|[A-Z]{1,4}-\d+))?$")
        .expect("static regex")
});
static TOEVOEGING_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[IVXLC]{1,6}|[A-Z]{1,3}|-\s*\d{1,3}|-)$").expect("static regex")
});

fn is_kamer_line(t: &str) -> bool {
    t == "Tweede Kamer der Staten-Generaal" || t == "Eerste Kamer der Staten-Generaal"
}

fn is_upper_title(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    t.chars().filter(|c| c.is_lowercase()).count() * 10 <= letters && t.len() < 200
}

/// Reads and removes the Kamerstuk first-page header ("Tweede Kamer der Staten-Generaal",
/// "Vergaderjaar …", "2", dossier and toevoeging, dossier title, "Nr. 58", the document title,
/// "Voorgesteld 24 oktober 2024"), in pdftotext's and in the collector's one-element-a-line form.
fn read_kst_header(
    src: &str,
    lines: &mut Vec<Line>,
    meta: &mut DocMeta,
    repairs: &mut Vec<Repair>,
) {
    let nb: Vec<usize> = (0..lines.len().min(200))
        .filter(|&i| !lines[i].is_blank(src))
        .collect();
    if !nb
        .iter()
        .take(6)
        .any(|&i| is_kamer_line(lines[i].text(src)))
    {
        return;
    }
    #[derive(PartialEq)]
    enum St {
        Start,
        DossierTitle,
        OtherDossier,
        Nr,
        Title,
        Date,
    }
    let mut st = St::Start;
    let mut dossier_title: Vec<&str> = Vec::new();
    let mut title: Vec<&str> = Vec::new();
    let mut end: Option<usize> = None; // index into nb of the first body line
    let mut k = 0;
    let mut date_lines = 0;
    while k < nb.len() {
        let t = lines[nb[k]].text(src);
        match st {
            St::Start => {
                if let Some(v) = t.strip_prefix("Vergaderjaar") {
                    meta.vergaderjaar = Some(v.trim().replace(['–', '—'], "-"));
                } else if is_kamer_line(t) || t == "Kamerstukken" || t == "1" || t == "2" {
                } else if let Some(c) = DOSSIER_LINE.captures(t) {
                    meta.dossier = Some(c[1].replace(' ', ""));
                    meta.toevoeging = c.get(2).or(c.get(3)).map(|m| m.as_str().to_string());
                    if meta.toevoeging.is_none()
                        && let Some(&n) = nb.get(k + 1)
                        && TOEVOEGING_LINE.is_match(lines[n].text(src))
                    {
                        let nt = lines[n].text(src);
                        if nt == "-" {
                            if let Some(&n2) = nb.get(k + 2) {
                                let v = lines[n2].text(src);
                                if v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty() {
                                    meta.toevoeging = Some(v.to_string());
                                    k += 1;
                                }
                            }
                        } else {
                            meta.toevoeging = Some(nt.trim_start_matches(['-', ' ']).to_string());
                        }
                        k += 1;
                    }
                    st = St::DossierTitle;
                } else {
                    return; // not a header after all
                }
            }
            St::DossierTitle | St::OtherDossier => {
                if t == "Nr." || t.starts_with("Nr. ") {
                    st = St::Nr;
                    continue;
                } else if DOSSIER_LINE.is_match(t) {
                    st = St::OtherDossier;
                    if let Some(&n) = nb.get(k + 1)
                        && TOEVOEGING_LINE.is_match(lines[n].text(src))
                    {
                        k += 1;
                    }
                } else if st == St::DossierTitle {
                    dossier_title.push(t);
                }
            }
            St::Nr => {
                let rest = t.strip_prefix("Nr.").unwrap_or("").trim();
                let nr = if rest.is_empty() {
                    k += 1;
                    nb.get(k).map(|&n| lines[n].text(src)).unwrap_or("")
                } else {
                    rest
                };
                if !nr.is_empty() && nr.chars().all(|c| c.is_ascii_alphanumeric()) {
                    meta.ondernummer = Some(nr.to_string());
                }
                st = St::Title;
            }
            St::Title => {
                if t.starts_with("Voorgesteld") || t.starts_with("Ontvangen") {
                    if let Some(d) = dutch_date_to_iso(t) {
                        meta.date = Some(d);
                        end = Some(k + 1);
                        break;
                    }
                    st = St::Date;
                } else if is_upper_title(t) && t != "De Kamer," {
                    title.push(t);
                } else {
                    end = Some(k);
                    break;
                }
            }
            St::Date => {
                date_lines += 1;
                if let Some(d) = dutch_date_to_iso(t) {
                    meta.date = Some(d);
                    end = Some(k + 1);
                    break;
                }
                if date_lines > 2 {
                    end = Some(k);
                    break;
                }
            }
        }
        k += 1;
        if k > 80 {
            break;
        }
    }
    let Some(end) = end.filter(|_| meta.ondernummer.is_some()) else {
        if meta.ondernummer.is_none() {
            meta.dossier = None;
            meta.toevoeging = None;
            meta.vergaderjaar = None;
        }
        if st == St::Title && !title.is_empty() {
            // Header with a title but no body: take it all.
        } else {
            return;
        }
        meta.title = Some(join_title(&title));
        let last = nb.last().copied().map_or(0, |x| x + 1);
        remove_range(src, lines, 0..last, "kst-header", repairs);
        return;
    };
    if !dossier_title.is_empty() {
        meta.dossier_title = Some(join_title(&dossier_title));
    }
    if !title.is_empty() {
        meta.title = Some(join_title(&title));
    }
    if meta.kind_hint.is_none() {
        meta.kind_hint = meta.title.as_deref().and_then(super::kind_from_title);
    }
    let stop = nb.get(end).copied().unwrap_or(lines.len());
    remove_range(src, lines, 0..stop, "kst-header", repairs);
}

/// Joins wrapped title lines; a line-end hyphen before a lower-case letter is a split word.
fn join_title(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts {
        if out.ends_with('-') && p.chars().next().is_some_and(char::is_lowercase) {
            out.pop();
        } else if out.ends_with('-') {
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}
