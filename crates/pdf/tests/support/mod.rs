//! Test support of kw-pdf: a minimal PDF writer (standard Helvetica, WinAnsiEncoding, one text
//! line per source line) and the fixture definitions, so that every PDF under `tests/data/`
//! can be rebuilt byte for byte from real texts.

#![allow(dead_code)]

pub mod letter;

use std::path::PathBuf;

/// The Kamerstuk renderer of kw-text's tests, shared so that the PDFs follow the same layout.
#[path = "../../../text/tests/common/mod.rs"]
pub mod text_common;

/// `crates/pdf/tests/data/<name>`.
pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Maps a character to its WinAnsiEncoding byte; `?` when it has none.
pub fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{A0}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => b'?',
    }
}

/// A PDF string literal of `line` in WinAnsiEncoding.
pub fn pdf_string(line: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for c in line.chars() {
        let b = win_ansi(c);
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            0x20..=0x7E => out.push(b),
            _ => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
        }
    }
    out.push(b')');
    out
}

/// Writes a PDF 1.4 file with one A4 page per entry of `pages`, each line of a page set in
/// 10-point Helvetica with 13-point leading from the top left (56, 800). Empty lines leave a
/// line of space. The output is deterministic.
pub fn write_pdf(pages: &[Vec<String>]) -> Vec<u8> {
    let streams: Vec<Vec<u8>> = pages
        .iter()
        .map(|lines| {
            let mut stream: Vec<u8> = b"BT\n/F1 10 Tf\n13 TL\n56 800 Td\n".to_vec();
            for line in lines {
                if !line.is_empty() {
                    stream.extend_from_slice(&pdf_string(line));
                    stream.extend_from_slice(b" Tj\n");
                }
                stream.extend_from_slice(b"T*\n");
            }
            stream.extend_from_slice(b"ET\n");
            stream
        })
        .collect();
    write_document(&["Helvetica"], &streams)
}

/// Writes a PDF 1.4 file: catalog (1), page tree (2), the standard Type 1 `fonts` (3…, named
/// `/F1`, `/F2`, … in every page's resources, WinAnsiEncoding), then one A4 page and its
/// uncompressed content stream per entry of `streams`, and a cross-reference table.
pub fn write_document(fonts: &[&str], streams: &[Vec<u8>]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let n = streams.len();
    let first_page = 3 + fonts.len();
    let kids: Vec<String> = (0..n)
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    for f in fonts {
        objects.push(
            format!("<< /Type /Font /Subtype /Type1 /BaseFont /{f} /Encoding /WinAnsiEncoding >>")
                .into_bytes(),
        );
    }
    let font_refs: Vec<String> = (0..fonts.len())
        .map(|i| format!("/F{} {} 0 R", i + 1, 3 + i))
        .collect();
    for (i, stream) in streams.iter().enumerate() {
        let content_id = first_page + 1 + 2 * i;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << {} >> >> /Contents {content_id} 0 R >>",
                font_refs.join(" ")
            )
            .into_bytes(),
        );
        let mut obj = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        obj.extend_from_slice(stream);
        obj.extend_from_slice(b"endstream");
        objects.push(obj);
    }
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Splits a text into pages: at form feeds, and every `per_page` lines.
pub fn paginate(text: &str, per_page: usize) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    for page in text.split('\u{000C}') {
        let lines: Vec<String> = page.lines().map(|l| l.trim_end().to_string()).collect();
        if lines.iter().all(String::is_empty) {
            continue;
        }
        for chunk in lines.chunks(per_page) {
            pages.push(chunk.to_vec());
        }
    }
    pages
}

/// A fixture: file name, the source text (PDF-shaped; for the letters in the Rijkshuisstijl
/// the text as drawn, in content-stream order), for Kamerstukken the official XML id it was
/// rendered from, and for the letters their layout.
pub struct Fixture {
    pub file: &'static str,
    pub text: String,
    pub xml_id: Option<&'static str>,
    pub letter: Option<&'static letter::LetterSpec>,
}

/// The letter fixtures in the Rijkshuisstijl layout: (file, spec).
pub const LETTER_FIXTURES: &[(&str, &letter::LetterSpec)] = &[
    ("seed-letter-rijkshuisstijl.pdf", &letter::MAIN),
    ("seed-letter-rijkshuisstijl-variant.pdf", &letter::VARIANT),
    ("seed-letter-rijkshuisstijl-stacked.pdf", &letter::STACKED),
];

/// The Kamerstuk motions used as fixtures: (file, publication id in data/sample).
pub const KST_FIXTURES: &[(&str, &str)] = &[
    ("kst-19637-3194.pdf", "00335f73-baa9-45f6-8130-1e5685169e71"),
    (
        "kst-36600-XXII-27.pdf",
        "12d6a52b-db97-48ce-b130-2e4fd214ec7c",
    ),
    ("kst-26643-1287.pdf", "3c5036e0-db63-4bc5-b15d-c011a96e9386"),
];

/// All fixtures, built from the real texts in `data/sample`.
pub fn fixtures() -> Vec<Fixture> {
    let mut out = vec![Fixture {
        file: "seed-letter.pdf",
        text: text_common::seed_text(),
        xml_id: None,
        letter: None,
    }];
    for (file, id) in KST_FIXTURES {
        let doc = kw_text::read::read_bytes(&text_common::motion_xml(id)).expect("kst XML");
        out.push(Fixture {
            file,
            text: text_common::render_kamerstuk_pdf_text(&doc),
            xml_id: Some(id),
            letter: None,
        });
    }
    for (file, spec) in LETTER_FIXTURES {
        out.push(Fixture {
            file,
            text: letter::drawn_text(&letter::letter_pages(&text_common::seed_text(), spec)),
            xml_id: None,
            letter: Some(spec),
        });
    }
    out
}

/// The PDF bytes of a fixture: a letter laid out by [`letter::letter_pages`], else its text
/// paginated (form feeds, and at most 56 lines a page).
pub fn build(f: &Fixture) -> Vec<u8> {
    match f.letter {
        Some(spec) => {
            letter::write_placed_pdf(&letter::letter_pages(&text_common::seed_text(), spec))
        }
        None => write_pdf(&paginate(&f.text, 56)),
    }
}
