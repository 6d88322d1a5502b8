//! Ministerial letters as real PDFs lay them out (Rijkshuisstijl): text placed at positions in
//! two fonts and several sizes, a sidebar with kerned (`TJ`) text, footnotes at page bottoms,
//! page labels and a signature in two columns. Built from the seed letter's real text; what the
//! seed does not show (letterhead, date, reference, footnote texts) is invented and said so in
//! `tests/data/README.md`.

use super::{pdf_string, write_document};

/// The fonts of a letter: `/F1` Helvetica, `/F2` Helvetica-Bold.
pub const FONTS: &[&str] = &["Helvetica", "Helvetica-Bold"];

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Font {
    Regular,
    Bold,
}

/// One element of a `TJ` array: a string, or an adjustment in thousandths of an em (a
/// negative number moves the next glyph to the right, a positive one to the left).
#[derive(Debug, Clone, PartialEq)]
pub enum Tj {
    Str(String),
    Adj(i32),
}

/// A run of text in one font, size and rise (superscripts have a positive rise).
#[derive(Debug, Clone, PartialEq)]
pub struct Seg {
    pub font: Font,
    pub size: f32,
    pub rise: f32,
    pub items: Vec<Tj>,
}

/// A line of text starting at (x, y) in PDF points from the bottom left; its segments follow
/// each other as the text position advances.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub x: f32,
    pub y: f32,
    pub segs: Vec<Seg>,
}

/// Point sizes of the Rijkshuisstijl: body, sidebar and return address, footnotes, superscript.
pub const BODY: f32 = 9.5;
pub const SMALL: f32 = 6.5;
pub const NOTE: f32 = 7.0;
pub const SUP: f32 = 5.5;
const LEADING: f32 = 13.0;
const SIDE_LEADING: f32 = 8.5;
/// Left margin of the body, x of the sidebar, of the Datum/Betreft values and of the second
/// signature column.
const LEFT: f32 = 79.0;
const SIDEBAR: f32 = 467.0;
const VALUE: f32 = 136.0;
const SECOND_COLUMN: f32 = 300.0;

/// Kerned text: `|` marks a wide adjustment (-200/1000 em, wide enough that both extractors
/// see a space: "2 5 15 XP D en Haag"), `~` a tight kerning pair (+40, no visible effect).
pub fn kerned(spec: &str) -> Vec<Tj> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in spec.chars() {
        match c {
            '|' | '~' => {
                if !cur.is_empty() {
                    out.push(Tj::Str(std::mem::take(&mut cur)));
                }
                out.push(Tj::Adj(if c == '|' { -200 } else { 40 }));
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(Tj::Str(cur));
    }
    out
}

fn seg(font: Font, size: f32, text: &str) -> Seg {
    Seg {
        font,
        size,
        rise: 0.0,
        items: kerned(text),
    }
}

fn placed(x: f32, y: f32, font: Font, size: f32, text: &str) -> Placed {
    Placed {
        x,
        y,
        segs: vec![seg(font, size, text)],
    }
}

/// The content stream of one page: one `BT … ET` per line, `Tm` for the position, `Tf` and
/// `Ts` where font, size or rise change, `Tj` for a plain string and `TJ` for a kerned one.
pub fn content_stream(lines: &[Placed]) -> Vec<u8> {
    let mut s: Vec<u8> = Vec::new();
    for l in lines {
        s.extend_from_slice(format!("BT\n1 0 0 1 {} {} Tm\n", l.x, l.y).as_bytes());
        let mut state: Option<(Font, f32)> = None;
        let mut rise = 0.0f32;
        for g in &l.segs {
            if state != Some((g.font, g.size)) {
                let f = if g.font == Font::Regular { 1 } else { 2 };
                s.extend_from_slice(format!("/F{f} {} Tf\n", g.size).as_bytes());
                state = Some((g.font, g.size));
            }
            if g.rise != rise {
                s.extend_from_slice(format!("{} Ts\n", g.rise).as_bytes());
                rise = g.rise;
            }
            match g.items.as_slice() {
                [Tj::Str(t)] => {
                    s.extend_from_slice(&pdf_string(t));
                    s.extend_from_slice(b" Tj\n");
                }
                items => {
                    s.push(b'[');
                    for (i, it) in items.iter().enumerate() {
                        if i > 0 {
                            s.push(b' ');
                        }
                        match it {
                            Tj::Str(t) => s.extend_from_slice(&pdf_string(t)),
                            Tj::Adj(n) => s.extend_from_slice(n.to_string().as_bytes()),
                        }
                    }
                    s.extend_from_slice(b"] TJ\n");
                }
            }
        }
        s.extend_from_slice(b"ET\n");
    }
    s
}

/// Writes positioned pages with [`FONTS`].
pub fn write_placed_pdf(pages: &[Vec<Placed>]) -> Vec<u8> {
    let streams: Vec<Vec<u8>> = pages.iter().map(|p| content_stream(p)).collect();
    write_document(FONTS, &streams)
}

/// Everything that varies between the letter fixtures.
pub struct LetterSpec {
    /// The ministry in the sidebar, kerned (`|` and `~` as in [`kerned`]).
    pub ministry: &'static str,
    /// The directorate below it.
    pub unit: &'static str,
    /// "Ons kenmerk" or "Onze referentie" on page 1; "Kenmerk" on later pages.
    pub reference_label: &'static str,
    pub reference: &'static str,
    /// The date as printed ("18 december 2020") and as ISO, for the tests.
    pub date: &'static str,
    pub date_iso: &'static str,
    /// The subject, one entry per printed line.
    pub subject: &'static [&'static str],
    /// Markers set as a superscript after a space ("Koninkrijk ¹", which extractors give as
    /// "Koninkrijk 1"); the others are glued to the word ("Koninkrijk¹", "VK.²").
    pub spaced_markers: &'static [&'static str],
    /// Footnote texts by marker; each entry is one printed line (a note may wrap).
    pub notes: &'static [(&'static str, &'static [&'static str])],
    /// The kamerstuk each footnote cites, as a kst id, for the tests.
    pub note_kst: &'static [(&'static str, &'static str)],
    /// Seed body lines (1-based, inclusive) that end pages 1 and 2; the rest is page 3.
    pub page_ends: [usize; 2],
    /// Set the signer with this index's function in capitals.
    pub caps_signer: Option<usize>,
    /// "De minister van …" as letters write it since 2020 (the seed has "De Minister").
    pub lowercase_functions: bool,
    /// Signers one below the other instead of side by side.
    pub stacked_signature: bool,
    /// Write each page's sidebar after its body in the content stream (as a generator that
    /// draws the text frame last does), so that pdf-extract gives it after the salutation.
    pub sidebar_last: bool,
}

/// The main fixture: the seed letter with a BZ letterhead (invented details), glued markers.
pub const MAIN: LetterSpec = LetterSpec {
    ministry: "Ministerie van Buitenlandse Zaken",
    unit: "Directie Europa",
    reference_label: "Ons kenmerk",
    reference: "BZDOC-1609843211-12",
    date: "18 december 2020",
    date_iso: "2020-12-18",
    subject: &["Reactie op motie van de leden Baudet en Van Haga"],
    spaced_markers: &[],
    notes: &[
        ("1", &["Kamerstukken II 2019/20, 35 393, nr. 14"]),
        ("2", &["Kamerstukken II 2020/21, 23 987, nr. 383"]),
    ],
    note_kst: &[("1", "kst-35393-14"), ("2", "kst-23987-383")],
    page_ends: [28, 62],
    caps_signer: None,
    lowercase_functions: false,
    stacked_signature: false,
    sidebar_last: false,
};

/// The variant: "Onze referentie", marker 1 set apart, a subject over two lines, a footnote
/// over two lines, the first signer in capitals, a page break inside "gover-/nance", and
/// letter-spacing noise in the ministry name.
pub const VARIANT: LetterSpec = LetterSpec {
    ministry: "Minis~terie van Buitenland|se Zaken",
    unit: "Directie Europa",
    reference_label: "Onze referentie",
    reference: "BZDOC-1609843211-12",
    date: "18 december 2020",
    date_iso: "2020-12-18",
    subject: &[
        "Uitvoering motie van de leden Baudet en Van Haga over de",
        "bilaterale betrekkingen met het Verenigd Koninkrijk",
    ],
    spaced_markers: &["1"],
    notes: &[
        ("1", &["Kamerstukken II 2019/20, 35 393, nr. 14"]),
        (
            "2",
            &[
                "Zie ook de brief die eerder is aangeboden, Kamerstukken II 2021/22,",
                "30175, nr. 414",
            ],
        ),
    ],
    note_kst: &[("1", "kst-35393-14"), ("2", "kst-30175-414")],
    page_ends: [30, 70],
    caps_signer: Some(0),
    lowercase_functions: false,
    stacked_signature: false,
    sidebar_last: false,
};

/// The second variant: the sidebar drawn after the body, "De minister" in lower case, the
/// signers one below the other, page breaks between paragraphs.
pub const STACKED: LetterSpec = LetterSpec {
    page_ends: [32, 61],
    lowercase_functions: true,
    stacked_signature: true,
    sidebar_last: true,
    ..MAIN
};

/// The glued footnote markers of the seed text: (token as extracted, word part, marker).
const SEED_MARKERS: &[(&str, &str, &str)] =
    &[("Koninkrijk1", "Koninkrijk", "1"), ("VK.2", "VK.", "2")];

/// A body line with its footnote markers set as superscripts.
fn body_line(y: f32, text: &str, spaced: &[&str]) -> (Placed, Vec<&'static str>) {
    let mut segs = Vec::new();
    let mut markers = Vec::new();
    let mut rest = text;
    while let Some((at, (tok, word, marker))) = SEED_MARKERS
        .iter()
        .filter_map(|m| rest.find(m.0).map(|i| (i, *m)))
        .min_by_key(|(i, _)| *i)
    {
        let mut before = format!("{}{word}", &rest[..at]);
        if spaced.contains(&marker) {
            before.push(' ');
        }
        segs.push(Seg {
            font: Font::Regular,
            size: BODY,
            rise: 0.0,
            items: vec![Tj::Str(before)],
        });
        segs.push(Seg {
            font: Font::Regular,
            size: SUP,
            rise: 3.5,
            items: vec![Tj::Str(marker.to_string())],
        });
        markers.push(marker);
        rest = &rest[at + tok.len()..];
    }
    if !rest.is_empty() || segs.is_empty() {
        segs.push(Seg {
            font: Font::Regular,
            size: BODY,
            rise: 0.0,
            items: vec![Tj::Str(rest.to_string())],
        });
    }
    (Placed { x: LEFT, y, segs }, markers)
}

/// Sidebar lines (label in bold, values regular) from the top at `y`.
fn sidebar(y: f32, entries: &[(Font, &str)]) -> Vec<Placed> {
    let mut out = Vec::new();
    let mut y = y;
    for (font, text) in entries {
        if !text.is_empty() {
            out.push(placed(SIDEBAR, y, *font, SMALL, text));
        }
        y -= SIDE_LEADING;
    }
    out
}

/// The seed's signature: (function, name) pairs from its last lines.
fn seed_signers(seed: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < seed.len() {
        let t = seed[i].trim();
        if t.starts_with("De Minister") {
            out.push((t.to_string(), seed[i + 1].trim().to_string()));
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// Wraps a signature function at word boundaries to lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for w in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.len() + 1 + w.len() <= width => {
                l.push(' ');
                l.push_str(w);
            }
            _ => lines.push(w.to_string()),
        }
    }
    lines
}

/// The pages of a letter made from the seed text (its lines, as printed) and a spec.
pub fn letter_pages(seed_text: &str, spec: &LetterSpec) -> Vec<Vec<Placed>> {
    let seed: Vec<&str> = seed_text.lines().collect();
    let sig_start = seed
        .iter()
        .position(|l| l.trim().starts_with("De Minister"))
        .unwrap_or(seed.len());
    let mut body: Vec<&str> = seed[..sig_start].to_vec();
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
    }
    let signers = seed_signers(&seed[sig_start..]);
    let pages_total = 3;
    let label = |n: usize| format!("Pagina {n} van {pages_total}");
    let mut pages: Vec<Vec<Placed>> = Vec::new();

    // Page 1: wordmark, return address, addressee, sidebar, Datum/Betreft, salutation.
    let mut p: Vec<Placed> = vec![
        placed(300.0, 790.0, Font::Regular, BODY, spec.ministry),
        placed(
            LEFT,
            705.0,
            Font::Regular,
            SMALL,
            "> Retouradres Postbus 20061 2500 EB Den Haag",
        ),
    ];
    for (i, l) in [
        "De Voorzitter van de Tweede Kamer",
        "der Staten-Generaal",
        "Postbus 20018",
        "2500 EA  Den Haag",
    ]
    .iter()
    .enumerate()
    {
        p.push(placed(
            LEFT,
            680.0 - LEADING * i as f32,
            Font::Regular,
            BODY,
            l,
        ));
    }
    let mut side = sidebar(
        705.0,
        &[
            (Font::Bold, spec.ministry),
            (Font::Regular, spec.unit),
            (Font::Regular, ""),
            (Font::Regular, "Rijnstraat 8"),
            (Font::Regular, "2|5|15 XP  D|en Haag"),
            (Font::Regular, "Postbus 20061"),
            (Font::Regular, "Nederland"),
            (Font::Regular, "www.rijksoverheid.nl"),
            (Font::Regular, ""),
            (Font::Bold, spec.reference_label),
            (Font::Regular, spec.reference),
            (Font::Regular, ""),
            (Font::Bold, "Bijlage(n)"),
            (Font::Regular, "-"),
        ],
    );
    if !spec.sidebar_last {
        p.append(&mut side);
    }
    let mut y = 600.0;
    p.push(placed(LEFT, y, Font::Regular, SMALL, "Datum"));
    p.push(placed(VALUE, y, Font::Regular, BODY, spec.date));
    y -= LEADING;
    p.push(placed(LEFT, y, Font::Regular, SMALL, "Betreft"));
    for s in spec.subject {
        p.push(placed(VALUE, y, Font::Regular, BODY, s));
        y -= LEADING;
    }
    y -= LEADING * 2.0;
    p.push(placed(LEFT, y, Font::Regular, BODY, "Geachte voorzitter,"));
    y -= LEADING * 2.0;

    let ranges = [
        (0, spec.page_ends[0]),
        (spec.page_ends[0], spec.page_ends[1]),
        (spec.page_ends[1], body.len()),
    ];
    for (page_no, &(from, to)) in ranges.iter().enumerate() {
        if page_no > 0 {
            // Later pages: the short sidebar, body from the top.
            side = sidebar(
                760.0,
                &[
                    (Font::Bold, spec.ministry),
                    (Font::Regular, spec.unit),
                    (Font::Regular, ""),
                    (Font::Bold, "Datum"),
                    (Font::Regular, spec.date),
                    (Font::Regular, ""),
                    (Font::Bold, "Kenmerk"),
                    (Font::Regular, spec.reference),
                ],
            );
            if !spec.sidebar_last {
                p.append(&mut side);
            }
            y = 760.0;
        }
        let mut page_markers: Vec<&str> = Vec::new();
        for line in &body[from..to.min(body.len())] {
            let t = line.trim_end();
            if !t.trim().is_empty() {
                let (pl, ms) = body_line(y, t.trim_start(), spec.spaced_markers);
                p.push(pl);
                page_markers.extend(ms);
            }
            y -= LEADING;
        }
        if page_no == 2 {
            // Two signers side by side (functions on top, names below) or one below the other.
            y -= LEADING;
            for (k, (function, name)) in signers.iter().enumerate() {
                let x = if k % 2 == 0 || spec.stacked_signature {
                    LEFT
                } else {
                    SECOND_COLUMN
                };
                let mut function = if spec.caps_signer == Some(k) {
                    function.to_uppercase()
                } else {
                    function.clone()
                };
                if spec.lowercase_functions {
                    function = function.replacen("De Minister", "De minister", 1);
                }
                let width = if spec.stacked_signature { 90 } else { 40 };
                let mut yy = y;
                for l in wrap(&function, width) {
                    p.push(placed(x, yy, Font::Regular, BODY, &l));
                    yy -= LEADING;
                }
                p.push(placed(x, y - 4.0 * LEADING, Font::Regular, BODY, name));
                if spec.stacked_signature {
                    y -= 6.0 * LEADING;
                }
            }
        }
        p.append(&mut side);
        // Footnotes of the markers on this page, ending at y = 60: the marker, then the
        // text (and its continuation lines) indented.
        let note_lines: Vec<(&str, &str)> = page_markers
            .iter()
            .filter_map(|m| spec.notes.iter().find(|(n, _)| n == m))
            .flat_map(|(m, text)| {
                text.iter()
                    .enumerate()
                    .map(move |(i, l)| (if i == 0 { *m } else { "" }, *l))
            })
            .collect();
        let mut ny = 60.0 + 9.0 * (note_lines.len() as f32 - 1.0);
        for (m, text) in note_lines {
            if !m.is_empty() {
                p.push(placed(LEFT, ny, Font::Regular, NOTE, m));
            }
            p.push(placed(LEFT + 10.0, ny, Font::Regular, NOTE, text));
            ny -= 9.0;
        }
        p.push(placed(
            SIDEBAR,
            40.0,
            Font::Regular,
            SMALL,
            &label(page_no + 1),
        ));
        pages.push(std::mem::take(&mut p));
    }
    pages
}

/// The text as drawn, in content-stream order: one line per placed line, a space for a wide
/// `TJ` adjustment, a form feed after each page. What an extractor should recover.
pub fn drawn_text(pages: &[Vec<Placed>]) -> String {
    let mut out = String::new();
    for page in pages {
        for l in page {
            for g in &l.segs {
                for it in &g.items {
                    match it {
                        Tj::Str(t) => out.push_str(t),
                        Tj::Adj(n) if *n <= -100 => out.push(' '),
                        Tj::Adj(_) => {}
                    }
                }
            }
            out.push('\n');
        }
        out.push('\u{000C}');
    }
    out
}
