//! Tests of the readers: kst XML, Handelingen XML, plain and PDF-shaped text (Kamerstuk and
//! ministerial letter layouts), the 450-motion round trips and bad input.

use std::collections::BTreeMap;

use kw_text::read::{read_bytes, read_bytes_with_limit, read_text};
use kw_text::{SourceDoc, SourceFormat, TextError};

use crate::common::{
    RenderOptions, motion_ids, motion_plain, motion_xml, read_sample, render_kamerstuk_pdf_text,
    render_kamerstuk_pdf_text_with, seed_text, test_data_path,
};

fn names(doc: &SourceDoc) -> Vec<(String, Option<String>)> {
    doc.meta
        .signers
        .iter()
        .map(|s| (s.name.clone(), s.function.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The seed letter and the letter layout

#[test]
fn seed_letter_reads_signers_and_body() {
    let doc = read_text(&seed_text(), SourceFormat::PlainText);
    assert_eq!(
        names(&doc),
        vec![
            (
                "S.A. Blok".to_string(),
                Some("Minister van Buitenlandse Zaken".to_string())
            ),
            (
                "S.A.M. Kaag".to_string(),
                Some("Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking".to_string())
            ),
        ]
    );
    let text = doc.paragraphs.join("\n");
    for w in [
        "betrekkingen",
        "governance",
        "onderhandelingen",
        "continueren",
        "samenwerkingskaders",
        "Amphibious",
        "handels- en investeringsrelatie",
        "EU-akkoord",
        "UK-NL",
    ] {
        assert!(text.contains(w), "{w} missing");
    }
    assert!(
        !text.contains("Minister van Buitenlandse Zaken,"),
        "signature left in the body"
    );
    assert!(!text.contains("S.A. Blok"));
    assert_eq!(doc.paragraphs.len(), 9);
    insta::assert_json_snapshot!("seed_letter_read", doc);
}

#[test]
fn letter_layout_handmade() {
    let text = std::fs::read_to_string(test_data_path("letter-handmade-seed.txt")).unwrap();
    let doc = read_text(&text, SourceFormat::Pdf);
    let m = &doc.meta;
    assert_eq!(m.date.as_deref(), Some("2020-12-18"));
    assert_eq!(
        m.subject.as_deref(),
        Some(
            "Uitvoering motie van de leden Baudet en Van Haga over de bilaterale betrekkingen met het Verenigd Koninkrijk"
        )
    );
    assert_eq!(
        m.sender.as_deref(),
        Some("Ministerie van Buitenlandse Zaken")
    );
    assert_eq!(m.kind_hint.as_deref(), Some("brief"));
    assert_eq!(
        names(&doc),
        vec![
            (
                "S.A. Blok".to_string(),
                Some("Minister van Buitenlandse Zaken".to_string())
            ),
            (
                "S.A.M. Kaag".to_string(),
                Some("Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking".to_string())
            ),
        ]
    );
    assert_eq!(doc.paragraphs[0], "Geachte voorzitter,");
    let body = doc.paragraphs.join("\n");
    for noise in [
        "Retouradres",
        "Ons kenmerk",
        "BZDOC",
        "Pagina",
        "rastructuur",
        "Waterstaat",
        "Hoogachtend",
        "Kamerstukken II",
        "MINISTER",
    ] {
        assert!(!body.contains(noise), "{noise} left in the body");
    }
    let notes: Vec<(&str, &str, Option<&str>)> = doc
        .footnotes
        .iter()
        .map(|f| (f.marker.as_str(), f.word.as_str(), f.text.as_deref()))
        .collect();
    assert_eq!(
        notes,
        vec![
            (
                "1",
                "Koninkrijk",
                Some("Kamerstukken II 2019/20, 35 393, nr. 14")
            ),
            (
                "2",
                "VK.",
                Some(
                    "Zie ook de brief die eerder is aangeboden, Kamerstukken II 2021/22, 30175, nr. 414"
                )
            ),
            (
                "3",
                "geïnvesteerd",
                Some("Kamerstukken II 2020/21, 21 501-20, nr. 1624")
            ),
        ]
    );
    assert!(body.contains("operationeel in geïnvesteerd. Op het terrein"));
    // The body across the page break is one paragraph where the seed has one.
    assert!(body.contains("Tegelijkertijd is duidelijk dat het VK"));
    insta::assert_json_snapshot!("letter_layout_handmade", doc);
}

// ---------------------------------------------------------------------------------------------
// Official-publication XML

fn kst(id: &str) -> SourceDoc {
    read_bytes(&motion_xml(id)).expect("kst XML reads")
}

#[test]
fn kst_plain_al_signer() {
    // kst-19637-3194: one signer as a plain <al> after the closing formula.
    let doc = kst("00335f73-baa9-45f6-8130-1e5685169e71");
    assert_eq!(doc.meta.kst_id.as_deref(), Some("kst-19637-3194"));
    assert_eq!(names(&doc), vec![("Ceder".to_string(), None)]);
    assert_eq!(
        doc.paragraphs.last().map(String::as_str),
        Some("en gaat over tot de orde van de dag.")
    );
    insta::assert_json_snapshot!("kst_19637_3194", doc);
}

#[test]
fn kst_al_groep_signers_and_al_groep_in_body() {
    // kst-36600-XXII-27: an <al-groep> inside the considerations and one with 7 signers.
    let doc = kst("12d6a52b-db97-48ce-b130-2e4fd214ec7c");
    assert_eq!(doc.meta.toevoeging.as_deref(), Some("XXII"));
    assert_eq!(doc.meta.signers.len(), 7);
    assert!(
        doc.paragraphs
            .iter()
            .any(|p| p.starts_with("overwegende dat het overbruggen"))
    );
    insta::assert_json_snapshot!("kst_36600_xxii_27", doc);
}

#[test]
fn kst_two_dossiers_toevoeging() {
    // kst-36410-XVI-107: two <dossier>s; the first gives dossier and toevoeging.
    let doc = kst("b3f3d4b8-92b8-4b62-97e6-916b5a3da0aa");
    assert_eq!(doc.meta.kst_id.as_deref(), Some("kst-36410-XVI-107"));
    assert_eq!(doc.meta.dossier.as_deref(), Some("36410"));
    assert_eq!(doc.meta.toevoeging.as_deref(), Some("XVI"));
    assert_eq!(doc.meta.date.as_deref(), Some("2024-01-29"));
    insta::assert_json_snapshot!("kst_36410_xvi_107", doc);
}

#[test]
fn kst_raadnummer() {
    // kst-21501-20-1987: dossier 21 501-<raadnr>20</raadnr>.
    let doc = kst("d40da6ea-277d-4ab4-a89e-e2c8392e53e3");
    assert_eq!(doc.meta.dossier.as_deref(), Some("21501"));
    assert_eq!(doc.meta.toevoeging.as_deref(), Some("20"));
    assert_eq!(doc.meta.ondernummer.as_deref(), Some("1987"));
    insta::assert_json_snapshot!("kst_21501_20_1987", doc);
}

#[test]
fn kst_gewijzigd() {
    // kst-30252-201: a gewijzigde motie replacing nr. 196.
    let doc = kst("33c12b66-a62d-48dd-baa4-3db1c2b488b0");
    assert_eq!(doc.meta.kind_hint.as_deref(), Some("gewijzigde motie"));
    assert!(
        doc.meta
            .title
            .as_deref()
            .unwrap()
            .ends_with("ONDER NR. 196")
    );
    insta::assert_json_snapshot!("kst_30252_201", doc);
}

#[test]
fn kst_list_items_and_no_date() {
    // A motion with a <lijst> of requests, and kst-28345-288 without a date but with <extref>.
    let list = kst("3c5036e0-db63-4bc5-b15d-c011a96e9386");
    assert!(
        list.paragraphs
            .iter()
            .any(|p| p.starts_with("• het advies"))
    );
    insta::assert_json_snapshot!("kst_list", list);
    let nodate = kst("f9fef15d-2c00-49ee-a713-c63e5e726db1");
    assert_eq!(nodate.meta.date, None);
    assert!(nodate.diagnostics.iter().any(|d| d.code == "no-date"));
    assert!(
        nodate
            .paragraphs
            .iter()
            .any(|p| p.contains("motie-Van der Werf/Becker (29 279, nr. 890) om"))
    );
    insta::assert_json_snapshot!("kst_28345_288", nodate);
}

#[test]
fn kst_thirteen_signers() {
    let doc = kst("f0516c4b-4c39-4bc4-b348-3a01f77f0ef0");
    assert_eq!(doc.meta.signers.len(), 13);
    insta::assert_json_snapshot!("kst_13_signers", doc);
}

#[test]
fn kst_all_450_have_id_dossier_nr_and_signers() {
    let mut misses = Vec::new();
    for id in motion_ids() {
        let d = kst(&id);
        let m = &d.meta;
        if m.kst_id.is_none()
            || m.dossier.is_none()
            || m.ondernummer.is_none()
            || m.signers.is_empty()
        {
            misses.push(id);
        }
    }
    assert!(misses.is_empty(), "{misses:?}");
}

// ---------------------------------------------------------------------------------------------
// Handelingen

#[derive(serde::Serialize)]
struct HandelingenSummary {
    meta: kw_text::doc::DocMeta,
    paragraphs: usize,
    first_paragraphs: Vec<String>,
    repairs: usize,
    mojibake_pairs: BTreeMap<String, usize>,
    diagnostics: Vec<kw_text::Diagnostic>,
}

#[test]
fn handelingen_items() {
    for item in [1, 2, 3, 5, 6, 7, 10, 12, 13, 14] {
        let name = format!("h-tk-20172018-70-{item}");
        let doc = read_bytes(&read_sample(&format!("handelingen/{name}.xml"))).expect("reads");
        assert_eq!(doc.format, Some(SourceFormat::HandelingenXml));
        assert_eq!(doc.meta.publication_id.as_deref(), Some(name.as_str()));
        let all = doc.paragraphs.join("\n");
        assert!(
            !all.contains('Ã') && !all.contains('Â'),
            "{name}: mojibake left"
        );
        let mut pairs = BTreeMap::new();
        for r in doc.repairs.iter().filter(|r| r.rule == "mojibake") {
            *pairs
                .entry(format!("{} → {}", r.before, r.after))
                .or_insert(0) += 1;
        }
        let summary = HandelingenSummary {
            meta: doc.meta.clone(),
            paragraphs: doc.paragraphs.len(),
            first_paragraphs: doc.paragraphs.iter().take(4).cloned().collect(),
            repairs: doc.repairs.len(),
            mojibake_pairs: pairs,
            diagnostics: doc.diagnostics.clone(),
        };
        insta::assert_json_snapshot!(name, summary);
    }
    let one = read_bytes(&read_sample("handelingen/h-tk-20172018-70-1.xml")).unwrap();
    let all = one.paragraphs.join("\n");
    for w in [
        "Laçin",
        "Kröger",
        "Özdil",
        "Özütok",
        "Wörsdörfer",
        "Yeşilgöz-Zegerius",
    ] {
        assert!(all.contains(w), "{w}");
    }
    assert_eq!(one.meta.date.as_deref(), Some("2018-04-05"));
}

// ---------------------------------------------------------------------------------------------
// Plain text of the 450 motions and their PDF-shaped renderings

fn compare(a: &SourceDoc, x: &SourceDoc) -> Vec<String> {
    let mut d = Vec::new();
    let (m, n) = (&a.meta, &x.meta);
    for (what, l, r) in [
        ("dossier", &m.dossier, &n.dossier),
        ("toevoeging", &m.toevoeging, &n.toevoeging),
        ("ondernummer", &m.ondernummer, &n.ondernummer),
        ("date", &m.date, &n.date),
        ("title", &m.title, &n.title),
        ("vergaderjaar", &m.vergaderjaar, &n.vergaderjaar),
    ] {
        if l != r {
            d.push(format!("{what}: {l:?} vs {r:?}"));
        }
    }
    if m.signers != n.signers {
        d.push(format!("signers: {:?} vs {:?}", m.signers, n.signers));
    }
    d
}

fn para_misses(a: &SourceDoc, x: &SourceDoc) -> bool {
    a.paragraphs != x.paragraphs
}

#[test]
fn collector_plain_texts_match_xml() {
    let mut misses = Vec::new();
    let mut para = Vec::new();
    for id in motion_ids() {
        let x = kst(&id);
        let p = read_text(&motion_plain(&id), SourceFormat::PlainText);
        let d = compare(&p, &x);
        if !d.is_empty() {
            misses.push(format!("{id}: {}", d.join("; ")));
        }
        if para_misses(&p, &x) {
            para.push(id);
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
    assert!(para.is_empty(), "paragraphs differ: {para:?}");
}

#[test]
fn pdf_shaped_renderings_match_xml() {
    for format in [SourceFormat::Pdf, SourceFormat::PlainText] {
        let mut misses = Vec::new();
        let mut para = Vec::new();
        for id in motion_ids() {
            let x = kst(&id);
            let text = render_kamerstuk_pdf_text(&x);
            let p = read_text(&text, format);
            let d = compare(&p, &x);
            if !d.is_empty() || p.meta.kst_id != x.meta.kst_id {
                misses.push(format!("{id}: {} kst {:?}", d.join("; "), p.meta.kst_id));
            }
            if para_misses(&p, &x) {
                para.push(id);
            }
        }
        assert!(misses.is_empty(), "{format:?}: {misses:#?}");
        assert!(para.is_empty(), "{format:?}: paragraphs differ: {para:?}");
    }
}

#[test]
fn pdf_shaped_renderings_other_widths() {
    // Narrow and wide lines, short pages: metadata and signers exact, paragraphs ≥ 99%.
    for width in [55, 85, 100] {
        let opts = RenderOptions {
            width,
            lines_per_page: 30,
        };
        let mut misses = Vec::new();
        let mut para = 0;
        let ids = motion_ids();
        for id in &ids {
            let x = kst(id);
            let p = read_text(
                &render_kamerstuk_pdf_text_with(&x, &opts),
                SourceFormat::PlainText,
            );
            let d = compare(&p, &x);
            if !d.is_empty() {
                misses.push(format!("{id}: {}", d.join("; ")));
            }
            para += usize::from(para_misses(&p, &x));
        }
        assert!(misses.is_empty(), "width {width}: {misses:#?}");
        assert!(
            para * 100 <= ids.len(),
            "width {width}: {para} paragraph misses"
        );
    }
}

/// kst-28844-293: a page ended on "(35 896, nr." and the next began "12) en …"; "nr." is no
/// sentence end, so the paragraph goes on over the page break.
#[test]
fn r_kst_28844_293() {
    let x = kst("85344304-7cab-4587-8f2e-821b4f79cf7f");
    let opts = RenderOptions {
        width: 70,
        lines_per_page: 30,
    };
    let text = render_kamerstuk_pdf_text_with(&x, &opts);
    assert!(
        text.contains("(35 896, nr.\n"),
        "the layout under test changed"
    );
    let p = read_text(&text, SourceFormat::PlainText);
    assert_eq!(p.paragraphs, x.paragraphs);
}

/// kst-21501-20-1987: a short motion whose only wrapped line continues with a capital
/// ("met / Israël"); the text must still be seen as wrapped.
#[test]
fn r_kst_21501_20_1987() {
    let x = kst("d40da6ea-277d-4ab4-a89e-e2c8392e53e3");
    let opts = RenderOptions {
        width: 70,
        lines_per_page: 30,
    };
    let p = read_text(
        &render_kamerstuk_pdf_text_with(&x, &opts),
        SourceFormat::PlainText,
    );
    assert_eq!(p.paragraphs, x.paragraphs);
}

/// kst-23432-551: "staakt-het-/vuren" split after "staakt-" must keep its hyphens.
#[test]
fn r_kst_23432_551() {
    let x = kst("cbba88ea-8d5f-4759-9bf4-6c4755e7392e");
    let opts = RenderOptions {
        width: 100,
        lines_per_page: 30,
    };
    let p = read_text(
        &render_kamerstuk_pdf_text_with(&x, &opts),
        SourceFormat::PlainText,
    );
    assert!(p.paragraphs.join(" ").matches("staakt-het-vuren").count() >= 2);
}

/// kst-36725-10: "3%-/R&D-actieplan": a hyphen glued to "%" is kept without a space.
#[test]
fn r_kst_36725_10() {
    let x = kst("1db6f9e0-1df1-4a77-8288-c1de77e21f64");
    let opts = RenderOptions {
        width: 55,
        lines_per_page: 30,
    };
    let p = read_text(
        &render_kamerstuk_pdf_text_with(&x, &opts),
        SourceFormat::PlainText,
    );
    assert!(p.paragraphs.join(" ").contains("3%-R&D-actieplan"));
}

/// kst-19637-3282: a short line before a word too long to fit ("(buiten)speelmogelijkheden,")
/// is no paragraph end.
#[test]
fn r_kst_19637_3282() {
    let x = kst("c3301e23-f8a4-4891-91fc-8fe976ea0f39");
    let opts = RenderOptions {
        width: 55,
        lines_per_page: 30,
    };
    let p = read_text(
        &render_kamerstuk_pdf_text_with(&x, &opts),
        SourceFormat::PlainText,
    );
    assert_eq!(p.paragraphs, x.paragraphs);
}

/// kst-36403-15: a long line ending in a comma, then a lower-case line, in a short motion.
#[test]
fn r_kst_36403_15() {
    let x = kst("eee212a6-a642-4d2b-8570-68dac6ba3a41");
    let opts = RenderOptions {
        width: 85,
        lines_per_page: 30,
    };
    let p = read_text(
        &render_kamerstuk_pdf_text_with(&x, &opts),
        SourceFormat::PlainText,
    );
    assert_eq!(p.paragraphs, x.paragraphs);
}

/// kst-21501-20-1978: the collector split "(Kamerstuk / 21 501-02, nr. 2790 / ) waarin".
#[test]
fn r_kst_21501_20_1978() {
    let p = read_text(
        &motion_plain("32f762b5-5483-486b-867f-65088a352033"),
        SourceFormat::PlainText,
    );
    assert!(
        p.paragraphs
            .iter()
            .any(|x| x.contains("(Kamerstuk 21 501-02, nr. 2790) waarin"))
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn bad_input_binary_empty_pdf() {
    let mut bin = vec![0u8; 4096];
    for (i, b) in bin.iter_mut().enumerate() {
        *b = (i * 37 % 256) as u8;
    }
    assert!(matches!(read_bytes(&bin), Err(TextError::Unsupported(_))));
    assert!(matches!(read_bytes(b""), Err(TextError::Empty)));
    assert!(matches!(read_bytes(b" \n\t\r\n"), Err(TextError::Empty)));
    match read_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj") {
        Err(TextError::Unsupported(m)) => assert!(m.contains("kw_pdf")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read_bytes_with_limit(b"abc", 2),
        Err(TextError::TooLarge { size: 3, limit: 2 })
    ));
    // Not UTF-8: read as Windows-1252 with a diagnostic.
    let d = read_bytes(b"caf\xe9 en co\xf6peratie").unwrap();
    assert_eq!(d.paragraphs, vec!["café en coöperatie".to_string()]);
    assert!(d.diagnostics.iter().any(|x| x.code == "not-utf8"));
}

#[test]
fn bad_input_deeply_nested_xml() {
    let depth = 100_000;
    let mut x = String::from("<officiele-publicatie><kamerstuk>");
    x.push_str(&"<al>".repeat(depth));
    x.push_str(&"</al>".repeat(depth));
    x.push_str("</kamerstuk></officiele-publicatie>");
    match read_bytes(x.as_bytes()) {
        Err(TextError::Xml(m)) => assert!(m.contains("nested deeper"), "{m}"),
        other => panic!("{other:?}"),
    }
    let doc = read_text(&x, SourceFormat::KstXml);
    assert!(doc.diagnostics.iter().any(|d| d.code == "xml-error"));
}

#[test]
fn bad_input_entity_bomb() {
    let mut dtd =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    dtd.push_str("]>\n<officiele-publicatie><kamerstuk><stuk><algemeen><al>&lol9;</al><al>en gaat over tot de orde van de dag.</al><al>Naam</al></algemeen></stuk></kamerstuk></officiele-publicatie>");
    let start = std::time::Instant::now();
    let doc = read_bytes(dtd.as_bytes()).expect("reads without expanding");
    assert!(start.elapsed().as_secs() < 2);
    assert!(doc.diagnostics.iter().any(|d| d.code == "doctype-ignored"));
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == "entity-not-expanded")
    );
    assert!(!doc.paragraphs.join("").contains("lol"));
    assert_eq!(doc.meta.signers.len(), 1);
}

#[test]
fn bad_input_malformed_xml() {
    let r = read_bytes(b"<officiele-publicatie><kamerstuk><stuk></kamerstuk>");
    assert!(matches!(r, Err(TextError::Xml(_))), "{r:?}");
    let r = read_bytes(b"<officiele-publicatie><kamerstuk>");
    assert!(matches!(r, Err(TextError::Xml(_))), "{r:?}");
    let r = read_bytes(b"<html><body>hello</body></html>");
    assert!(matches!(r, Err(TextError::Unsupported(_))), "{r:?}");
}

#[test]
fn bad_input_fifty_megabytes_of_text() {
    let seed = seed_text();
    let mut big = String::with_capacity(50 * 1024 * 1024 + seed.len());
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(&seed);
        big.push('\u{000C}');
    }
    let start = std::time::Instant::now();
    let doc = read_bytes(big.as_bytes()).expect("50 MB of text reads");
    let secs = start.elapsed().as_secs_f64();
    assert!(doc.paragraphs.len() > 10_000);
    // Generous bound for an unoptimised test build on a shared machine.
    assert!(secs < 120.0, "{secs} s");
}
