//! The seed letter as ministerial-letter PDFs (Rijkshuisstijl: letterhead, sidebar, footnotes,
//! page labels, signature in two columns), read the way `kamerwacht extract` reads them: through
//! each extractor alone, through `extract_text`'s choice, and as the text file pdftotext writes.

use kw_pdf::{Extractor, extract_text, extract_text_with};
use kw_text::SourceFormat;
use kw_text::extract::Extraction;

use super::{have_pdftotext, only};
use crate::support::letter::LetterSpec;
use crate::support::{LETTER_FIXTURES, data_path, text_common};

/// Key phrases of the seven commitments and six non-commitments of the seed letter (issue 4).
const COMMITMENTS: [&str; 7] = [
    "te blijven investeren in de hechte bilaterale relatie",
    "blijven het kabinet en de EU inzetten op een breed en ambitieus akkoord",
    "zal blijven inzetten voor het behoud van EU-eenheid",
    "zal Nederland daarom blijven inzetten op behoud van een intensieve economische relatie",
    "handelsbevorderende inspanningen van de overheid zal liggen op sectoren",
    "wordt gestreefd naar versterking van publiek-private samenwerking",
    "daar wordt ook operationeel in geïnvesteerd",
];
const NON_COMMITMENTS: [&str; 6] = [
    "zal onvermijdelijk negatieve gevolgen hebben",
    "Het zal hoe dan ook duurder",
    "strategische markt zal blijven",
    "Het VK blijft in alle gevallen een strategische partner",
    "is en blijft het VK eveneens een strategische",
    "Het VK blijft uiteraard een belangrijke NAVO",
];

/// Words the seed splits over a line end with a hyphen.
const SPLIT_WORDS: [&str; 6] = [
    "betrekkingen",
    "governance",
    "onderhandelingen",
    "continueren",
    "samenwerkingskaders",
    "Amphibious",
];

/// Letterhead, sidebar, page and footnote text that must not reach the body.
const NOISE: [&str; 14] = [
    "Retouradres",
    "Postbus",
    "Rijnstraat",
    "rijksoverheid",
    "Directie Europa",
    "Ministerie",
    "Ons kenmerk",
    "Kenmerk",
    "Onze referentie",
    "BZDOC",
    "Pagina",
    "Kamerstukken II",
    "18 december 2020",
    "S.A. Blok",
];

/// The plain seed letter, extracted as `kamerwacht extract` extracts a text file.
fn plain_seed() -> Extraction {
    kw_text::extract_bytes(text_common::seed_text().as_bytes()).expect("the seed reads")
}

/// The texts `kamerwacht extract` can get from a letter PDF: each extractor alone, and the
/// one `extract_text` chooses.
fn pdf_texts(pdf: &[u8]) -> Vec<(String, String)> {
    let mut out = vec![(
        "pdf-extract".to_string(),
        extract_text_with(pdf, &only(Extractor::PdfExtract))
            .expect("pdf-extract")
            .text,
    )];
    if have_pdftotext() {
        out.push((
            "pdftotext".to_string(),
            extract_text_with(pdf, &only(Extractor::Pdftotext))
                .expect("pdftotext")
                .text,
        ));
    }
    let best = extract_text(pdf).expect("extract_text");
    out.push((format!("best ({})", best.extractor), best.text));
    out
}

/// Everything issue 4 asks of a letter PDF, checked on one extraction.
fn check_letter(what: &str, spec: &LetterSpec, x: &Extraction, seed: &Extraction) {
    assert_eq!(x.kind, "brief", "{what}");
    assert_eq!(x.date.as_deref(), Some(spec.date_iso), "{what}: date");
    assert_eq!(
        x.title.as_deref(),
        Some(spec.subject.join(" ").as_str()),
        "{what}: subject (Betreft)"
    );
    // Signatories: the seed's, with full functions, also where one is set in capitals.
    let signers: Vec<(&str, Option<&str>)> = x
        .signatories
        .iter()
        .map(|p| (p.name.as_str(), p.role.as_deref()))
        .collect();
    let expected: Vec<(&str, Option<&str>)> = seed
        .signatories
        .iter()
        .map(|p| (p.name.as_str(), p.role.as_deref()))
        .collect();
    assert_eq!(expected.len(), 2, "the plain seed has two signatories");
    assert_eq!(signers, expected, "{what}: signatories");
    // Footnotes: both markers, the words they were glued to, the texts from the page bottoms.
    let notes: Vec<(&str, &str, Option<String>)> = x
        .footnotes
        .iter()
        .map(|f| (f.marker.as_str(), f.word.as_str(), f.text.clone()))
        .collect();
    let expected: Vec<(&str, &str, Option<String>)> = spec
        .notes
        .iter()
        .zip(&seed.footnotes)
        .map(|((m, lines), f)| (*m, f.word.as_str(), Some(lines.join(" "))))
        .collect();
    assert_eq!(notes, expected, "{what}: footnotes");
    // References: the motion in the body (with the kamerstuk of its footnote) and each
    // footnote's kamerstuk. (The subject line may name the motion too.)
    let seed_motion = seed
        .references
        .iter()
        .find(|r| r.kind == "motie")
        .expect("the seed's motion reference");
    let motion = x
        .references
        .iter()
        .find(|r| r.kind == "motie" && r.subject == seed_motion.subject)
        .unwrap_or_else(|| panic!("{what}: no motion reference: {:?}", x.references));
    assert_eq!(motion.submitters, ["Baudet", "Van Haga"], "{what}");
    assert_eq!(motion.footnote.as_deref(), Some("1"), "{what}");
    for (marker, kst) in spec.note_kst {
        let cited = x.references.iter().any(|r| {
            r.footnote.as_deref() == Some(*marker)
                && r.kamerstuk.as_ref().and_then(|k| k.id.as_deref()) == Some(*kst)
        });
        assert!(
            cited,
            "{what}: footnote {marker} → {kst}: {:?}",
            x.references
        );
    }
    for r in &x.references {
        for s in &r.submitters {
            assert!(
                !s.contains("Geachte"),
                "{what}: a name ran into the next line: {r:?}"
            );
        }
    }
    // Commitments: those of the plain seed, and the key phrases.
    let sentences: Vec<&str> = x.commitments.iter().map(|c| c.sentence.as_str()).collect();
    let seed_sentences: Vec<&str> = seed
        .commitments
        .iter()
        .map(|c| c.sentence.as_str())
        .collect();
    assert_eq!(sentences, seed_sentences, "{what}: commitments");
    let found = |p: &str| sentences.iter().any(|s| s.contains(p));
    let hits = COMMITMENTS.iter().filter(|p| found(p)).count();
    let false_hits = NON_COMMITMENTS.iter().filter(|p| found(p)).count();
    assert!(
        hits >= 6 && false_hits <= 1,
        "{what}: {hits}/7, {false_hits} false"
    );
    // Body: the seed's paragraphs after the salutation, free of letterhead, sidebar, page
    // labels, footnote texts and signature; the words split at line ends joined.
    let body: Vec<&str> = x
        .text
        .iter()
        .map(String::as_str)
        .skip_while(|p| p.starts_with("Geachte"))
        .collect();
    let seed_body: Vec<&str> = seed.text.iter().map(String::as_str).collect();
    assert_eq!(body, seed_body, "{what}: body text");
    let joined = x.text.join("\n");
    for n in NOISE {
        assert!(!joined.contains(n), "{what}: {n:?} left in the body");
    }
    for w in SPLIT_WORDS {
        assert!(joined.contains(w), "{what}: {w} not joined");
    }
}

#[test]
fn letter_pdfs_extract_like_the_plain_seed() {
    let seed = plain_seed();
    for (file, spec) in LETTER_FIXTURES {
        let pdf = std::fs::read(data_path(file)).expect("fixture");
        for (extractor, text) in pdf_texts(&pdf) {
            let doc = kw_text::read::read_text(&text, SourceFormat::Pdf);
            let x = kw_text::extract::extract(&doc);
            check_letter(&format!("{file} via {extractor}"), spec, &x, &seed);
        }
    }
}

/// What `pdftotext [-layout] file.pdf -` prints.
fn pdftotext_cli(pdf: &std::path::Path, layout: bool) -> String {
    let mut cmd = std::process::Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// `pdftotext letter.pdf letter.txt` (and with `-layout`), then `kamerwacht extract
/// letter.txt`: the text file is read as plain text and gives the same extraction as the PDF.
#[test]
fn letter_text_files_from_pdftotext_extract_the_same() {
    if !have_pdftotext() {
        return;
    }
    let seed = plain_seed();
    for (file, spec) in LETTER_FIXTURES {
        for layout in [false, true] {
            let text = pdftotext_cli(&data_path(file), layout);
            let what = format!("{file} as a text file (layout {layout})");
            let as_file = kw_text::extract_bytes(text.as_bytes()).expect("the text file reads");
            check_letter(&what, spec, &as_file, &seed);
            let as_pdf =
                kw_text::extract::extract(&kw_text::read::read_text(&text, SourceFormat::Pdf));
            assert_eq!(as_file.text, as_pdf.text, "{what}");
            assert_eq!(as_file.commitments, as_pdf.commitments, "{what}");
        }
    }
}

/// The extraction JSON of the main letter PDF through pdf-extract (always available; the other
/// paths are checked against the same expectations above). Repairs are listed as rule and
/// removed or changed text, without positions.
#[test]
fn letter_pdf_snapshot() {
    let (file, _) = LETTER_FIXTURES[0];
    let pdf = std::fs::read(data_path(file)).expect("fixture");
    let text = extract_text_with(&pdf, &only(Extractor::PdfExtract))
        .expect("pdf-extract")
        .text;
    let x = kw_text::extract::extract(&kw_text::read::read_text(&text, SourceFormat::Pdf));
    let mut v = serde_json::to_value(&x).expect("serialise");
    v["repairs"] = x
        .repairs
        .iter()
        .map(|r| format!("{}: {:?} → {:?}", r.rule, r.before, r.after))
        .collect();
    insta::assert_json_snapshot!("seed_letter_rijkshuisstijl_pdf_extract", v);
}
