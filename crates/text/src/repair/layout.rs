//! Layout repair of PDF-shaped text: lines and pages, page furniture (running heads, page
//! numbers, "Pagina 2 van 3", the Kamerstuk last-page footer), footnote texts at page bottoms,
//! and paragraphs rebuilt from lines with the line-end hyphen decision.

use std::sync::LazyLock;

use regex::Regex;

use super::hyphen::{Decision, decide, in_lexicon};
use crate::doc::Repair;

/// One line of the normalised text: the byte range of its text without surrounding
/// whitespace (and without the line break), and its page (0-based; a form feed starts a new
/// page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub page: u32,
}

impl Line {
    /// The line's text without surrounding whitespace.
    #[inline]
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
    /// Byte offset of the first non-blank character.
    #[inline]
    pub fn text_start(&self, _src: &str) -> usize {
        self.start
    }
    #[inline]
    pub fn is_blank(&self, _src: &str) -> bool {
        self.start == self.end
    }
}

/// A line from `start` to `end`, trimmed of ASCII whitespace (after normalisation no other
/// whitespace is left).
fn trimmed(text: &str, start: usize, end: usize, page: u32) -> Line {
    let raw = &text[start..end];
    let t = raw.trim_ascii_start();
    let s = start + (raw.len() - t.len());
    let t = t.trim_ascii_end();
    Line {
        start: s,
        end: s + t.len(),
        page,
    }
}

/// Splits on `\n` and form feeds; a form feed also starts a new page.
pub fn split_lines(text: &str) -> Vec<Line> {
    // PDF-shaped text averages some 25 bytes a line, blank lines included
    let mut lines = Vec::with_capacity(text.len() / 20 + 1);
    let mut start = 0;
    let mut page = 0u32;
    for i in memchr::memchr2_iter(b'\n', 0x0C, text.as_bytes()) {
        lines.push(trimmed(text, start, i, page));
        if text.as_bytes()[i] == 0x0C {
            page += 1;
        }
        start = i + 1;
    }
    lines.push(trimmed(text, start, text.len(), page));
    lines
}

static KST_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^kst-\d{4,6}(?:-[0-9A-Za-z]{1,8})*$").expect("static regex"));
static ISSN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ISSN\s*\d{4}\s*-\s*\d{3}[\dX]$").expect("static regex"));
static PLACE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^['’‘`]s-Gravenhage\s+\d{4}$").expect("static regex"));
static PAGE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:pagina|blad|page)\s+\d{1,3}(?:\s+(?i:van|of)\s+\d{1,3})?$")
        .expect("static regex")
});

/// A running head of the Kamerstuk layout: "Tweede Kamer, vergaderjaar 2024–2025, 36 600 XVI, nr. 58".
pub fn is_running_head(t: &str) -> bool {
    (t.starts_with("Tweede Kamer, vergaderjaar") || t.starts_with("Eerste Kamer, vergaderjaar"))
        && t.len() < 160
}

fn is_page_number(t: &str) -> bool {
    // a line that starts with a letter keeps it when trimmed: not a number (most lines)
    if t.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let core = t.trim_matches(|c: char| c == '-' || c == '–' || c == ' ');
    !core.is_empty() && core.len() <= 3 && core.bytes().all(|b| b.is_ascii_digit())
}

fn record(repairs: &mut Vec<Repair>, src: &str, line: &Line, rule: &'static str) {
    repairs.push(Repair {
        position: line.text_start(src),
        before: line.text(src).to_string(),
        after: String::new(),
        rule: rule.into(),
    });
}

/// Removes page furniture from `lines` and records each removed line. Returns the kst id
/// when the Kamerstuk last-page footer names it ("kst-36600-XVI-58").
pub fn strip_furniture(
    src: &str,
    lines: &mut Vec<Line>,
    repairs: &mut Vec<Repair>,
) -> Option<String> {
    let pages = lines.last().map_or(0, |l| l.page) + 1;
    let mut kst = None;
    let n = lines.len();
    let mut remove = vec![false; n];
    // The next/previous non-blank line on the same page. Scanned only for number lines; each
    // scan stops at the next non-blank line, so all scans together are linear.
    let next_nb = |i: usize| -> Option<usize> {
        (i + 1..n)
            .take_while(|&j| lines[j].page == lines[i].page)
            .find(|&j| !lines[j].is_blank(src))
    };
    let prev_nb = |i: usize| -> Option<usize> {
        (0..i)
            .rev()
            .take_while(|&j| lines[j].page == lines[i].page)
            .find(|&j| !lines[j].is_blank(src))
    };
    for i in 0..n {
        let t = lines[i].text(src);
        if t.is_empty() {
            continue;
        }
        let b = t.as_bytes()[0];
        let rule = if b == b'T' || b == b'E' {
            is_running_head(t).then_some("running-head")
        } else if b == b'k' && t.len() <= 40 && KST_ID.is_match(t) {
            kst = Some(t.to_string());
            Some("kst-footer")
        } else if (b == b'I' && t.len() <= 24 && ISSN.is_match(t))
            || (t.len() <= 30
                // "’" and "‘" start with the byte 0xE2
                && matches!(b, b'\'' | b'`' | 0xE2)
                && t.starts_with(['\'', '’', '‘', '`'])
                && PLACE_YEAR.is_match(t))
        {
            Some("kst-footer")
        } else if matches!(b, b'P' | b'p' | b'B' | b'b') && t.len() <= 24 && PAGE_LABEL.is_match(t)
        {
            Some("page-label")
        } else if is_page_number(t) {
            let last_on_page = next_nb(i).is_none();
            let first_on_page = prev_nb(i).is_none() && lines[i].page > 0;
            let near_head = next_nb(i).is_some_and(|j| is_running_head(lines[j].text(src)))
                || prev_nb(i).is_some_and(|j| is_running_head(lines[j].text(src)));
            ((pages > 1 && (last_on_page || first_on_page)) || near_head).then_some("page-number")
        } else {
            None
        };
        if let Some(rule) = rule {
            record(repairs, src, &lines[i], rule);
            remove[i] = true;
        }
    }
    let mut i = 0;
    lines.retain(|_| {
        let keep = !remove[i];
        i += 1;
        keep
    });
    kst
}

static NOTE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s+(\S.*)$").expect("static regex"));
static NOTE_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Kamerstuk|Kamerstukken|Zie|zie|http|www\.|Handelingen|Brief|Kamerbrief|Stb\.|Stcrt\.|Motie|Aanhangsel|Bijlage|Raadsdocument|COM\(|ECLI|Idem|Ibid|https)",
    )
    .expect("static regex")
});

fn note_start(t: &str) -> Option<(u32, &str)> {
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let c = NOTE_START.captures(t)?;
    let n: u32 = c.get(1)?.as_str().parse().ok()?;
    let rest = c.get(2)?.as_str();
    let first = rest.chars().next()?;
    (n >= 1 && (first.is_uppercase() || rest.starts_with("http") || rest.starts_with("www")))
        .then_some((n, rest))
}

/// Takes the footnote texts from the bottom of each page ("1 Kamerstukken II 2021/22, 30175,
/// nr. 414"), removes those lines and records them (`footnote-text`). Returns `(marker, text)`.
pub fn take_footnote_texts(
    src: &str,
    lines: &mut Vec<Line>,
    repairs: &mut Vec<Repair>,
) -> Vec<(u32, String)> {
    let mut notes: Vec<(u32, String)> = Vec::new();
    let mut remove = vec![false; lines.len()];
    let mut page_end = lines.len();
    while page_end > 0 {
        let page = lines[page_end - 1].page;
        let mut page_start = page_end;
        while page_start > 0 && lines[page_start - 1].page == page {
            page_start -= 1;
        }
        // The trailing block of non-blank lines of this page.
        let mut end = page_end;
        while end > page_start && lines[end - 1].is_blank(src) {
            end -= 1;
        }
        let mut start = end;
        while start > page_start && !lines[start - 1].is_blank(src) {
            start -= 1;
        }
        // The earliest footnote start from which all later starts count up by one.
        let mut chosen: Option<usize> = None;
        if end > start && end - start <= 40 {
            let starts: Vec<(usize, u32, bool)> = (start..end)
                .filter_map(|i| {
                    let t = lines[i].text(src);
                    note_start(t).map(|(n, rest)| (i, n, NOTE_REFERENCE.is_match(rest)))
                })
                .collect();
            for (k, &(i, n, is_ref)) in starts.iter().enumerate() {
                let consecutive = starts[k..]
                    .iter()
                    .enumerate()
                    .all(|(d, &(_, m, _))| m == n + d as u32);
                if consecutive && (i == start || is_ref) {
                    chosen = Some(i);
                    break;
                }
            }
        }
        if let Some(first) = chosen {
            let mut page_notes: Vec<(u32, String)> = Vec::new();
            for i in first..end {
                let t = lines[i].text(src);
                match note_start(t) {
                    Some((n, rest)) if page_notes.last().is_none_or(|(m, _)| *m + 1 == n) => {
                        page_notes.push((n, rest.to_string()));
                    }
                    _ => {
                        if let Some((_, text)) = page_notes.last_mut() {
                            if text.ends_with('-')
                                && t.chars().next().is_some_and(char::is_lowercase)
                            {
                                text.pop();
                            } else {
                                text.push(' ');
                            }
                            text.push_str(t);
                        }
                    }
                }
                record(repairs, src, &lines[i], "footnote-text");
                remove[i] = true;
            }
            page_notes.extend(notes);
            notes = page_notes;
        }
        page_end = page_start;
    }
    let mut i = 0;
    lines.retain(|_| {
        let keep = !remove[i];
        i += 1;
        keep
    });
    notes
}

fn is_bullet(t: &str) -> bool {
    matches!(t, "•" | "-" | "–" | "▪" | "◦" | "o" | "*")
        || (t.len() <= 4
            && t.ends_with(['.', ')'])
            && t[..t.len() - 1]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase()))
}

/// Character count of a trimmed line.
fn width(t: &str) -> usize {
    if t.is_ascii() {
        t.len()
    } else {
        t.chars().count()
    }
}

/// How [`rebuild_paragraphs`] treats line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every non-blank line is a paragraph (XML text).
    Lines,
    /// Decide from the text whether it is wrapped at a fixed width (plain text).
    Auto,
    /// The text is wrapped at a fixed width (text extracted from a PDF).
    Wrapped,
}

/// Decides whether the text is wrapped at a fixed width (PDF-shaped) and returns the width.
fn wrap_width(src: &str, lines: &[Line], force: bool) -> Option<usize> {
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| l.text(src))
        .filter(|t| !t.is_empty())
        .map(width)
        .collect();
    if widths.is_empty() {
        return None;
    }
    // The wrap width: the 90th percentile of the line widths, leaving out lines longer than
    // 130 characters (an extractor sometimes puts a whole paragraph on one line).
    let mut sorted: Vec<usize> = widths.iter().copied().filter(|&x| x <= 130).collect();
    if sorted.len() < 3 {
        sorted = widths.clone();
    }
    let k = (sorted.len() * 9) / 10;
    let w = (*sorted.select_nth_unstable(k).1).max(20);
    if force {
        return Some(w);
    }
    if widths.len() < 3 || w > 130 {
        return None;
    }
    let over = widths.iter().filter(|&&x| x > w + 15).count();
    // A line ending in a letter followed by a line starting with a lower-case letter is a
    // sentence running on over a line break: the mark of wrapping.
    let mut cont = 0usize;
    let mut nonfinal = 0usize;
    for pair in lines.windows(2) {
        let (a, b) = (pair[0].text(src), pair[1].text(src));
        if a.is_empty() || b.is_empty() {
            continue;
        }
        nonfinal += 1;
        let long = width(a) * 10 >= w * 7;
        if (a.ends_with(|c: char| c.is_alphabetic() || c == '-')
            && (b.starts_with(|c: char| c.is_lowercase())
                || (b.starts_with(char::is_alphabetic) && long)))
            || (a.ends_with(',')
                && long
                && b.starts_with(|c: char| c.is_lowercase())
                && !starts_clause(b))
        {
            cont += 1;
        }
    }
    let enough = cont >= 3 || (cont >= 1 && nonfinal <= 24) || cont * 5 >= nonfinal.max(1);
    (cont >= 1 && enough && over * 20 <= widths.len()).then_some(w)
}

/// True when a line ends with words that introduce a reference, which a scraper may have put
/// on the next line ("op stuk nr." / "36 (36 410)").
fn ends_ref_intro(t: &str) -> bool {
    t.ends_with(" nr.")
        || t.ends_with(" nrs.")
        || t.ends_with("Kamerstuk")
        || t.ends_with("Kamerstukken")
        || t.ends_with(" stuk")
}

/// A line that ends a sentence: `!?:;`, or a full stop after a word that is no abbreviation.
fn sentence_end(pt: &str) -> bool {
    if pt.ends_with(['!', '?', ':', ';']) {
        return true;
    }
    if !pt.ends_with('.') {
        return false;
    }
    let last_word = pt.rsplit(' ').next().unwrap_or("");
    last_word.len() > 4 && !last_word[..last_word.len() - 1].contains('.')
}

/// True when a line starts a clause of a motion ("verzoekt de regering", "overwegende dat").
fn starts_clause(t: &str) -> bool {
    const CLAUSES: &[&str] = &[
        "constaterende",
        "overwegende",
        "verzoekt",
        "van mening",
        "spreekt uit",
        "spreekt zich uit",
        "roept",
        "draagt",
        "gehoord",
        "besluit",
        "en gaat over",
        "En ",
        "De Kamer,",
    ];
    CLAUSES.iter().any(|c| t.starts_with(c))
}

/// Pushes a trimmed line onto a paragraph, collapsing runs of spaces.
fn push_collapsed(out: &mut String, t: &str) {
    static TWO_SPACES: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    if TWO_SPACES.find(t.as_bytes()).is_none() {
        out.push_str(t);
        return;
    }
    let mut prev_space = false;
    for c in t.chars() {
        if c == ' ' {
            if !prev_space {
                out.push(' ');
            }
            prev_space = true;
        } else {
            out.push(c);
            prev_space = false;
        }
    }
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}'
}

/// Rebuilds paragraphs from lines.
///
/// With [`Mode::Lines`] (the XML formats) every non-blank line is a paragraph. With
/// [`Mode::Auto`] the text is first classified, with [`Mode::Wrapped`] it is taken as wrapped:
/// - **wrapped** (PDF-shaped, lines of about the same width): blank lines and short lines
///   (under 60% of the width) end a paragraph, and so does a line ending in `.!?:;` at a page
///   end (a page break hides the blank line between paragraphs); a
///   hyphen at a line end is decided by [`decide`] (`hyphen-join` when joined);
/// - **one paragraph a line** (as a scraper writes XML text out): lines are joined only where a
///   scraper broke inline markup ("(" at the end, ")" or punctuation at the start) or after a
///   lone list bullet.
pub fn rebuild_paragraphs(
    src: &str,
    lines: &[Line],
    mode: Mode,
    repairs: &mut Vec<Repair>,
) -> Vec<String> {
    let layout = mode != Mode::Lines;
    let wrap = match mode {
        Mode::Lines => None,
        Mode::Auto => wrap_width(src, lines, false),
        Mode::Wrapped => wrap_width(src, lines, true),
    };
    let mut ref_join = false;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut cur = String::new();
    // Drop blank lines at page edges: a page break is not a paragraph break by itself.
    let mut next_page: Vec<Option<u32>> = vec![None; lines.len()];
    let mut last: Option<u32> = None;
    for (i, l) in lines.iter().enumerate().rev() {
        next_page[i] = last;
        if !l.is_blank(src) {
            last = Some(l.page);
        }
    }
    let mut prev: Option<&Line> = None;
    for (idx, line) in lines.iter().enumerate() {
        let t = line.text(src);
        if t.is_empty() {
            let at_page_edge = next_page[idx].is_some_and(|pg| pg != line.page)
                || prev.is_some_and(|p| p.page != line.page);
            if !(cur.is_empty() || at_page_edge && wrap.is_some()) {
                paragraphs.push(std::mem::take(&mut cur));
                prev = None;
            }
            continue;
        }
        let Some(p) = prev else {
            push_collapsed(&mut cur, t);
            prev = Some(line);
            continue;
        };
        let pt = p.text(src);
        if !layout {
            paragraphs.push(std::mem::take(&mut cur));
            push_collapsed(&mut cur, t);
            prev = Some(line);
            continue;
        }
        match wrap {
            Some(w) => {
                // A short line ends a paragraph when the next word would have fitted on it.
                let next_word = t.split(' ').next().map_or(0, width);
                let short = width(pt) * 10 < w * 6 && width(pt) + 1 + next_word <= w;
                // A hyphen glued to a non-letter ("3%-", "»-") belongs to a compound.
                let glued_hyphen = pt.ends_with(is_hyphen)
                    && pt
                        .chars()
                        .rev()
                        .nth(1)
                        .is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace());
                let page_turn = p.page != line.page
                    && t.starts_with(|c: char| c.is_alphabetic() || c == '•' || c == '–')
                    && (sentence_end(pt) || pt.ends_with(',') && starts_clause(t));
                let closing = t.starts_with(['e', 'E'])
                    && (t.starts_with("en gaat over tot") || t.starts_with("En gaat over tot"));
                // A motion clause after a clause end: pdftotext often drops the blank line.
                let clause = pt.ends_with([';', ':', ',']) && starts_clause(t);
                // "De Minister van …," above a name: a signature line is its own paragraph.
                let block_end = lines
                    .get(idx + 1)
                    .is_none_or(|n| n.is_blank(src) || n.page != line.page);
                let signature = pt.ends_with(',')
                    && block_end
                    && width(t) * 10 < w * 5
                    && t.starts_with(char::is_uppercase);
                let ends_hyphen = pt.ends_with(is_hyphen)
                    && pt.chars().rev().nth(1).is_some_and(|c| c.is_alphanumeric());
                let bullet_next = t.starts_with(['•', '▪', '◦', '–']) && !ends_hyphen;
                if (short && !ends_hyphen)
                    || page_turn
                    || bullet_next
                    || closing
                    || signature
                    || clause
                {
                    paragraphs.push(std::mem::take(&mut cur));
                    push_collapsed(&mut cur, t);
                } else if ends_hyphen {
                    join_hyphen(src, p, pt, t, &mut cur, repairs);
                } else if glued_hyphen {
                    push_collapsed(&mut cur, t);
                } else {
                    cur.push(' ');
                    push_collapsed(&mut cur, t);
                }
            }
            None => {
                let was_ref = std::mem::take(&mut ref_join);
                if pt.ends_with(['(', '[', '/']) {
                    push_collapsed(&mut cur, t);
                } else if is_bullet(pt) || t == "(" {
                    cur.push(' ');
                    push_collapsed(&mut cur, t);
                } else if t.starts_with([')', ']', ',', ';', '.', ':']) {
                    push_collapsed(&mut cur, t);
                } else if ends_ref_intro(pt) && t.starts_with(|c: char| c.is_ascii_digit()) {
                    cur.push(' ');
                    push_collapsed(&mut cur, t);
                    ref_join = true;
                } else if was_ref && t.starts_with(|c: char| c.is_lowercase()) {
                    cur.push(' ');
                    push_collapsed(&mut cur, t);
                } else {
                    paragraphs.push(std::mem::take(&mut cur));
                    push_collapsed(&mut cur, t);
                }
            }
        }
        prev = Some(line);
    }
    if !cur.is_empty() {
        paragraphs.push(cur);
    }
    paragraphs
}

/// Joins line `t` onto `cur`, whose last line `pt` ends with a hyphen.
fn join_hyphen(
    src: &str,
    p: &Line,
    pt: &str,
    t: &str,
    cur: &mut String,
    repairs: &mut Vec<Repair>,
) {
    let body = &pt[..pt.len() - pt.chars().last().map_or(1, char::len_utf8)];
    let left_start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(body.len(), |(i, _)| i);
    let left = &body[left_start..];
    let right_end = t
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(t.len(), |(i, _)| i);
    let right = &t[..right_end];
    // The whole token before the hyphen ("naming-and"), for the lexicon of hyphenated words.
    let token_start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '-')
        .last()
        .map_or(body.len(), |(i, _)| i);
    let token = body[token_start..].trim_start_matches('-');
    let decision = if token.len() > left.len() && !right.is_empty() {
        let tl = token.to_lowercase();
        let rl = right.to_lowercase();
        if in_lexicon(&[tl.as_str(), "-", &rl].concat()) {
            Decision::KeepTight
        } else if in_lexicon(&[tl.as_str(), &rl].concat()) {
            Decision::Join
        } else {
            decide(left, right).0
        }
    } else {
        decide(left, right).0
    };
    match decision {
        Decision::Join => {
            // cur ends with pt; drop its hyphen.
            let hl = pt.chars().last().map_or(1, char::len_utf8);
            cur.truncate(cur.len() - hl);
            let pos = p.text_start(src) + left_start;
            repairs.push(Repair {
                position: pos,
                before: [left, "-\n", right].concat(),
                after: [left, right].concat(),
                rule: "hyphen-join".into(),
            });
            push_collapsed(cur, t);
        }
        Decision::KeepTight => push_collapsed(cur, t),
        Decision::KeepSpace => {
            cur.push(' ');
            push_collapsed(cur, t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_page_number;
    use proptest::prelude::*;

    /// [`is_page_number`] without the shortcut for lines that start with a letter.
    fn reference(t: &str) -> bool {
        let core = t.trim_matches(|c: char| c == '-' || c == '–' || c == ' ');
        !core.is_empty() && core.len() <= 3 && core.bytes().all(|b| b.is_ascii_digit())
    }

    proptest! {
        #[test]
        fn page_numbers_are_as_without_the_shortcut(t in "[-– 0-9aZé.]{0,8}") {
            prop_assert_eq!(is_page_number(&t), reference(&t));
        }
    }
}
