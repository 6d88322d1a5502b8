//! Integration tests of kw-pdf: both extractors on PDF fixtures made from real texts, the
//! choice between them, the end-to-end reading of Kamerstuk PDFs and of ministerial letters in
//! the Rijkshuisstijl (`letters`), and malformed input.

mod letters;
mod support;

use kw_pdf::{
    Extractor, Options, PdfError, extract_text, extract_text_with, pdftotext_available, quality,
};
use kw_text::SourceFormat;
use support::{build, data_path, fixtures, text_common};

fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Share of the source's words found, in order, in the extracted text.
fn recall(source: &str, extracted: &str) -> f64 {
    let src = words(source);
    let got = words(extracted);
    let mut it = got.iter();
    let mut found = 0;
    for w in &src {
        let mut probe = it.clone();
        if probe.any(|g| g == w) {
            found += 1;
            it = probe;
        }
    }
    found as f64 / src.len().max(1) as f64
}

/// Share of the source's words found in the extracted text, in any order (counted with
/// multiplicity): pdftotext reorders the columns of a letterhead.
fn bag_recall(source: &str, extracted: &str) -> f64 {
    let mut got: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for w in words(extracted) {
        *got.entry(w).or_default() += 1;
    }
    let src = words(source);
    let mut found = 0;
    for w in &src {
        if let Some(n) = got.get_mut(w).filter(|n| **n > 0) {
            *n -= 1;
            found += 1;
        }
    }
    found as f64 / src.len().max(1) as f64
}

fn only(extractor: Extractor) -> Options {
    Options {
        use_pdftotext: extractor == Extractor::Pdftotext,
        use_pdf_extract: extractor == Extractor::PdfExtract,
        ..Options::default()
    }
}

fn have_pdftotext() -> bool {
    let ok = pdftotext_available(std::path::Path::new("pdftotext"));
    if !ok {
        eprintln!(
            "SKIPPED: pdftotext (poppler-utils) is not installed; the pdftotext path is not tested"
        );
    }
    ok
}

#[test]
fn fixtures_are_reproducible() {
    let write = std::env::var_os("KW_PDF_WRITE_FIXTURES").is_some();
    for f in fixtures() {
        let bytes = build(&f);
        let path = data_path(f.file);
        if write {
            std::fs::write(&path, &bytes).unwrap();
        }
        let stored = std::fs::read(&path).unwrap_or_else(|e| {
            panic!("{}: {e} (run with KW_PDF_WRITE_FIXTURES=1)", path.display())
        });
        assert!(stored == bytes, "{} differs from its rebuild", f.file);
    }
}

#[test]
fn pdf_extract_recovers_the_fixture_texts() {
    for f in fixtures() {
        let pdf = std::fs::read(data_path(f.file)).unwrap();
        let out = extract_text_with(&pdf, &only(Extractor::PdfExtract)).expect(f.file);
        assert_eq!(out.extractor, Extractor::PdfExtract);
        let r = recall(&f.text, &out.text);
        assert!(r > 0.99, "{}: recall {r}", f.file);
        assert!(
            out.text.contains('\u{000C}'),
            "pages are separated by form feeds"
        );
    }
}

#[test]
fn pdftotext_recovers_the_fixture_texts() {
    if !have_pdftotext() {
        return;
    }
    for f in fixtures() {
        let pdf = std::fs::read(data_path(f.file)).unwrap();
        let out = extract_text_with(&pdf, &only(Extractor::Pdftotext)).expect(f.file);
        assert_eq!(out.extractor, Extractor::Pdftotext);
        // pdftotext joins words hyphenated at line ends itself ("betrek-/kingen" →
        // "betrekkingen"), so compare with the source joined the same way.
        // It also orders the blocks of a letter (sidebar, Datum/Betreft labels and values,
        // signature columns) by its own reading order: compare those in any order.
        let joined = f.text.replace("-\n", "");
        let r = if f.letter.is_some() {
            bag_recall(&joined, &out.text)
        } else {
            recall(&joined, &out.text)
        };
        assert!(r > 0.99, "{}: recall {r}", f.file);
        assert!(out.text.contains('\u{000C}'));
    }
}

#[test]
fn both_extractors_are_tried_and_the_best_wins() {
    for f in fixtures() {
        let pdf = std::fs::read(data_path(f.file)).unwrap();
        let out = extract_text(&pdf).expect(f.file);
        assert_eq!(out.candidates.len(), 2);
        let best = out
            .candidates
            .iter()
            .filter(|c| c.text.is_some())
            .map(|c| c.quality.score)
            .max()
            .unwrap();
        assert_eq!(out.quality.score, best);
        for c in &out.candidates {
            eprintln!(
                "{:<22} {:<12} letters {:>5} tokens {:>5} broken {:>3} score {:>6} {:?} {}",
                f.file,
                c.extractor.to_string(),
                c.quality.letters,
                c.quality.tokens,
                c.quality.broken_tokens,
                c.quality.score,
                c.elapsed,
                c.error.as_deref().unwrap_or("")
            );
        }
        eprintln!("{:<22} winner: {}", f.file, out.extractor);
    }
}

/// XML → PDF-shaped text → PDF → each extractor → kw-text reader: metadata and signers equal
/// the official XML's.
#[test]
fn kamerstuk_pdfs_read_back_to_their_metadata() {
    let mut extractors = vec![Extractor::PdfExtract];
    if have_pdftotext() {
        extractors.push(Extractor::Pdftotext);
    }
    for f in fixtures() {
        let Some(id) = f.xml_id else { continue };
        let xml = kw_text::read::read_bytes(&text_common::motion_xml(id)).unwrap();
        let pdf = std::fs::read(data_path(f.file)).unwrap();
        for e in &extractors {
            let out = extract_text_with(&pdf, &only(*e)).unwrap();
            let doc = kw_text::read::read_text(&out.text, SourceFormat::Pdf);
            let (a, b) = (&doc.meta, &xml.meta);
            assert_eq!(a.dossier, b.dossier, "{} {e}", f.file);
            assert_eq!(a.toevoeging, b.toevoeging, "{} {e}", f.file);
            assert_eq!(a.ondernummer, b.ondernummer, "{} {e}", f.file);
            assert_eq!(a.date, b.date, "{} {e}", f.file);
            assert_eq!(a.kst_id, b.kst_id, "{} {e}", f.file);
            assert_eq!(a.signers, b.signers, "{} {e}", f.file);
            assert_eq!(doc.paragraphs, xml.paragraphs, "{} {e}", f.file);
        }
    }
}

#[test]
fn seed_letter_pdf_reads_signers() {
    let pdf = std::fs::read(data_path("seed-letter.pdf")).unwrap();
    let mut extractors = vec![Extractor::PdfExtract];
    if have_pdftotext() {
        extractors.push(Extractor::Pdftotext);
    }
    for e in extractors {
        let out = extract_text_with(&pdf, &only(e)).unwrap();
        let doc = kw_text::read::read_text(&out.text, SourceFormat::Pdf);
        let s: Vec<(&str, Option<&str>)> = doc
            .meta
            .signers
            .iter()
            .map(|s| (s.name.as_str(), s.function.as_deref()))
            .collect();
        assert_eq!(
            s,
            vec![
                ("S.A. Blok", Some("Minister van Buitenlandse Zaken")),
                (
                    "S.A.M. Kaag",
                    Some("Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking")
                ),
            ],
            "{e}"
        );
        let text = doc.paragraphs.join(" ");
        for w in [
            "betrekkingen",
            "governance",
            "onderhandelingen",
            "continueren",
            "samenwerkingskaders",
            "Amphibious",
        ] {
            assert!(text.contains(w), "{e}: {w}");
        }
        let markers: Vec<&str> = doc.footnotes.iter().map(|f| f.marker.as_str()).collect();
        assert_eq!(markers, ["1", "2"], "{e}");
    }
}

#[test]
fn malformed_pdfs_give_clear_errors() {
    assert!(matches!(extract_text(b""), Err(PdfError::NotPdf(_))));
    assert!(matches!(
        extract_text(b"hello world"),
        Err(PdfError::NotPdf(_))
    ));
    match extract_text(b"%PDF-1.4\nthis is not a pdf at all\n%%EOF\n") {
        Err(PdfError::Malformed(m)) => assert!(!m.is_empty()),
        other => panic!("{other:?}"),
    }
    // A fixture cut in half, and one with garbage in the middle: an error or a text, no panic.
    let pdf = std::fs::read(data_path("seed-letter.pdf")).unwrap();
    let _ = extract_text(&pdf[..pdf.len() / 2]);
    let mut mangled = pdf.clone();
    for b in mangled.iter_mut().skip(400).step_by(7).take(2000) {
        *b = b'#';
    }
    let _ = extract_text(&mangled);
    // A page without text.
    let empty = support::write_pdf(&[vec![]]);
    assert!(matches!(
        extract_text(&empty),
        Err(PdfError::NoText) | Err(PdfError::Malformed(_))
    ));
}

#[test]
fn quality_counts_letters_and_broken_tokens() {
    let q = quality("Het VK blijft een partner");
    assert_eq!((q.letters, q.broken_tokens), (21, 0));
    let q = quality("I n f r a (cid:12) caf\u{FFFD}");
    assert_eq!(q.broken_tokens, 3 + 2 + 2);
    assert!(q.score < 0);
}
