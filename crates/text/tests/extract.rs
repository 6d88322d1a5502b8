//! Tests of extraction: the seed letter (motion reference, signatories, commitments), golden
//! snapshots of motions of different shapes, reference formats, themes, and a property test
//! that extraction never panics.

use kw_text::doc::{DocMeta, Footnote, SourceDoc, SourceFormat};
use kw_text::read::read_text;
use kw_text::{Extraction, extract, extract_bytes};
use proptest::prelude::*;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/sample/seed/000_983e7923bac65099.txt"
);
const TEXTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/sample/motion-texts/document_texts"
);

fn seed() -> Extraction {
    let bytes = std::fs::read(SEED).expect("seed letter");
    extract_bytes(&bytes).expect("seed reads")
}

/// The plain text of one bundled motion, by the first characters of its publication id.
fn motion_text(prefix: &str) -> String {
    let entry = std::fs::read_dir(TEXTS)
        .expect("sample dir")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no motion {prefix}"));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(entry).expect("read")).expect("json");
    v["content"].as_str().expect("content").to_string()
}

/// The snapshot view: everything but the repair audit, which belongs to the reader's tests.
fn view(x: &Extraction) -> serde_json::Value {
    let mut v = serde_json::to_value(x).expect("serialise");
    let n = x.repairs.len();
    v["repairs"] = serde_json::json!(format!("{n} repairs"));
    v
}

// ------------------------------------------------------------------------------------------
// The seed letter

#[test]
fn seed_motion_reference() {
    let x = seed();
    let m = x
        .references
        .iter()
        .find(|r| r.kind == "motie")
        .expect("a motion reference");
    assert_eq!(m.submitters, ["Baudet", "Van Haga"]);
    assert_eq!(
        m.subject.as_deref(),
        Some(
            "het inzetten op versterking van de bilaterale betrekkingen van Nederland met het Verenigd Koninkrijk"
        )
    );
    assert_eq!(m.footnote.as_deref(), Some("1"));
}

#[test]
fn seed_signatories() {
    let x = seed();
    let got: Vec<(&str, Option<&str>)> = x
        .signatories
        .iter()
        .map(|p| (p.name.as_str(), p.role.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("S.A. Blok", Some("Minister van Buitenlandse Zaken")),
            (
                "S.A.M. Kaag",
                Some("Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking")
            ),
        ]
    );
    assert_eq!(x.kind, "brief");
}

/// Key phrases of the seven commitments and the six non-commitments named in the issue.
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

#[test]
fn seed_commitments() {
    let x = seed();
    let found = |phrase: &str| x.commitments.iter().any(|c| c.sentence.contains(phrase));
    let hits: Vec<&str> = COMMITMENTS.iter().copied().filter(|p| found(p)).collect();
    let false_hits: Vec<&str> = NON_COMMITMENTS
        .iter()
        .copied()
        .filter(|p| found(p))
        .collect();
    println!(
        "seed: {}/7 commitments found, {}/6 non-commitments taken for one",
        hits.len(),
        false_hits.len()
    );
    assert!(hits.len() >= 6, "found only {hits:?}");
    assert!(
        false_hits.len() <= 1,
        "non-commitments taken: {false_hits:?}"
    );
    // every phrase of both lists occurs in the seed text, so the test can fail
    let text = x.text.join(" ");
    for p in COMMITMENTS.iter().chain(NON_COMMITMENTS.iter()) {
        assert!(text.contains(p), "{p:?} not in the repaired seed text");
    }
    let c = x
        .commitments
        .iter()
        .find(|c| c.sentence.contains("In de komende jaren"))
        .expect("commitment 4");
    assert_eq!(c.actor, "Nederland");
    assert!(c.deadline.as_ref().is_some_and(|d| d.vague));
}

/// Snapshots live in `tests/snapshots/extract__<name>.snap`.
fn snapshot(name: &str, description: &str, value: serde_json::Value) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description(description);
    settings.bind(|| insta::assert_json_snapshot!(format!("extract__{name}"), value));
}

#[test]
fn seed_snapshot() {
    snapshot("seed", "the seed letter, read as plain text", view(&seed()));
}

// ------------------------------------------------------------------------------------------
// Golden motions: (publication id prefix, shape)

const GOLDEN: &[(&str, &str)] = &[
    ("00335f73", "one submitter"),
    ("01cd0bd3", "two submitters with tussenvoegsels, al-groep"),
    ("f0516c4b", "13 submitters, c.s."),
    ("b01721f0", "12 submitters, Wilders c.s."),
    ("18defb9f", "Diederik van Dijk c.s., 11 submitters"),
    ("0d684ce6", "raadnummer 21501-20, c.s."),
    ("b9af8876", "\"C.S\" without final dot, raadnummer"),
    ("05fe1cd7", "begrotingshoofdstuk XIV"),
    (
        "0aa72251",
        "hyphenated name, De Kort, Wetgevingsoverleg date line",
    ),
    ("0d0acebe", "Van Nispen, hoofdstuk III"),
    ("073291cb", "gewijzigde motie, c.s."),
    ("16493181", "gewijzigde motie, Van der Plas"),
    ("0e5aa87e", "gewijzigde motie with toevoeging XVII"),
    (
        "98e2cedb",
        "GEWIJZIGE (sic) motie Inge van Dijk, t.v.v. 36470-8",
    ),
    ("7bebe278", "nader gewijzigde motie, c.s."),
    ("963ce085", "nader gewijzigde motie, two submitters"),
    ("2788dd53", "gewijzigd, Yeşilgöz-Zegerius c.s."),
    ("37e15f9b", "\"MOTIE HET LID\" (sic), Léon de Jong c.s."),
    ("1043cdd7", "diacritics: Kostić"),
    ("b3f3d4b8", "joint motion on two dossiers"),
    (
        "f9fef15d",
        "no date line; motie-Van der Werf/Becker (29 279, nr. 890) split over lines",
    ),
    ("24c57fad", "raadnummer 02"),
];

#[test]
fn golden_motions() {
    for (id, shape) in GOLDEN {
        let x = extract(&read_text(&motion_text(id), SourceFormat::PlainText));
        snapshot(&format!("motion_{id}"), shape, view(&x));
    }
}

#[test]
fn golden_shapes_are_extracted() {
    // Independent of the snapshots: a few facts per shape.
    let x = extract(&read_text(
        &motion_text("f0516c4b"),
        SourceFormat::PlainText,
    ));
    assert_eq!(x.submitters.len(), 13);
    assert_eq!(x.submitters[0].role.as_deref(), Some("indiener"));
    assert!(
        x.submitters[1..]
            .iter()
            .all(|p| p.role.as_deref() == Some("medeindiener"))
    );
    let x = extract(&read_text(
        &motion_text("98e2cedb"),
        SourceFormat::PlainText,
    ));
    assert_eq!(x.kind, "gewijzigde motie");
    assert_eq!(
        x.kamerstuk.as_ref().and_then(|k| k.id.as_deref()),
        Some("kst-36470-14")
    );
    assert!(
        x.references
            .iter()
            .any(|r| r.relation.as_deref() == Some("ter vervanging van")
                && r.kamerstuk.as_ref().and_then(|k| k.id.as_deref()) == Some("kst-36470-8")),
        "t.v.v. reference: {:?}",
        x.references
    );
    // the same motion from its official XML gives the same facts
    let xml = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/sample/motion-texts/document_publications/98e2cedb-b0bd-4623-be0b-b15776ca979d.xml"
    ))
    .expect("publication XML");
    let y = extract_bytes(&xml).expect("XML reads");
    assert_eq!(y.kind, x.kind);
    assert_eq!(y.kamerstuk, x.kamerstuk);
    assert_eq!(y.date, x.date);
    assert_eq!(y.submitters, x.submitters);
    assert_eq!(y.requests, x.requests);
    let x = extract(&read_text(
        &motion_text("0d684ce6"),
        SourceFormat::PlainText,
    ));
    assert_eq!(
        x.kamerstuk.as_ref().and_then(|k| k.id.as_deref()),
        Some("kst-21501-20-2259")
    );
    let x = extract(&read_text(
        &motion_text("7bebe278"),
        SourceFormat::PlainText,
    ));
    assert_eq!(x.kind, "nader gewijzigde motie");
    let x = extract(&read_text(
        &motion_text("01cd0bd3"),
        SourceFormat::PlainText,
    ));
    let names: Vec<&str> = x.submitters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Van Campen", "Van der Plas"]);
    assert_eq!(x.considerations.len(), 4);
    assert_eq!(x.requests.len(), 1);
    assert!(x.requests[0].starts_with("verzoekt de regering om per sector"));
}

// ------------------------------------------------------------------------------------------
// References

fn doc(paragraphs: &[&str], footnotes: Vec<Footnote>) -> SourceDoc {
    SourceDoc {
        format: Some(SourceFormat::PlainText),
        meta: DocMeta::default(),
        paragraphs: paragraphs.iter().map(|s| s.to_string()).collect(),
        footnotes,
        ..SourceDoc::default()
    }
}

#[test]
fn reference_formats() {
    let d = doc(
        &[
            "Geachte voorzitter,",
            "Met deze brief reageer ik op de motie van de leden Baudet en Van Haga over de\nbetrekkingen met het Verenigd Koninkrijk.",
            "Zie ook de motie-Van der Werf/Becker (29 279, nr. 890) en eerder 35 849, nr. 123.",
            "Dit volgt uit het besluit (Kamerstuk 32793-729) en uit de motie t.v.v. 36470-8.",
            "Een verwijzing over twee regels: Kamerstuk 21501-\n32-1740, en de motie van het lid Omtzigt c.s. over\nde toeslagen (Kamerstuk 35 510, nr. 4).",
            "Bovendien de verwijzing in een voetnoot.",
            "Verder 36 600 XVI, nr. 58 en 21 501-20, nr. 2100 en kst-36800-IX-7 en (Kamerstuk 36 200-XVII, nr. 5).",
        ],
        vec![Footnote {
            marker: "3".into(),
            word: "voetnoot".into(),
            text: Some("Kamerstukken II 2021/22, 30175, nr. 414".into()),
        }],
    );
    let x = extract(&d);
    let ids: Vec<Option<&str>> = x
        .references
        .iter()
        .map(|r| r.kamerstuk.as_ref().and_then(|k| k.id.as_deref()))
        .collect();
    for want in [
        "kst-29279-890",
        "kst-35849-123",
        "kst-32793-729",
        "kst-36470-8",
        "kst-21501-32-1740",
        "kst-35510-4",
        "kst-30175-414",
        "kst-36600-XVI-58",
        "kst-21501-20-2100",
        "kst-36800-IX-7",
        "kst-36200-XVII-5",
    ] {
        assert!(ids.contains(&Some(want)), "{want} missing from {ids:?}");
    }
    let m: Vec<_> = x.references.iter().filter(|r| r.kind == "motie").collect();
    assert_eq!(m.len(), 3, "{m:?}");
    assert_eq!(m[0].submitters, ["Baudet", "Van Haga"]);
    assert_eq!(
        m[0].subject.as_deref(),
        Some("de betrekkingen met het Verenigd Koninkrijk")
    );
    assert_eq!(m[1].submitters, ["Van der Werf", "Becker"]);
    assert_eq!(
        m[1].kamerstuk.as_ref().and_then(|k| k.id.as_deref()),
        Some("kst-29279-890")
    );
    assert_eq!(m[2].submitters, ["Omtzigt"]);
    assert_eq!(m[2].subject.as_deref(), Some("de toeslagen"));
    assert_eq!(
        m[2].kamerstuk.as_ref().and_then(|k| k.id.as_deref()),
        Some("kst-35510-4")
    );
    let tvv = x
        .references
        .iter()
        .find(|r| r.relation.is_some())
        .expect("t.v.v.");
    assert_eq!(
        tvv.kamerstuk.as_ref().and_then(|k| k.id.as_deref()),
        Some("kst-36470-8")
    );
    let note = x
        .references
        .iter()
        .find(|r| r.footnote.as_deref() == Some("3"))
        .expect("footnote ref");
    assert_eq!(
        note.kamerstuk.as_ref().and_then(|k| k.id.as_deref()),
        Some("kst-30175-414")
    );
}

// ------------------------------------------------------------------------------------------
// Themes

#[test]
fn theme_vocabulary_is_broad() {
    let themes = kw_text::extract::themes();
    assert!(themes.len() >= 25, "only {} themes", themes.len());
    for t in themes {
        assert!(!t.terms.is_empty(), "{} has no terms", t.id);
    }
    for id in [
        "buitenlandse-zaken",
        "handel",
        "defensie",
        "veiligheid-justitie",
        "migratie",
        "zorg",
        "onderwijs",
        "klimaat-energie",
        "landbouw-stikstof",
        "wonen",
        "financien",
        "sociale-zaken-werk",
        "digitalisering",
        "infrastructuur-mobiliteit",
        "europese-unie",
    ] {
        assert!(themes.iter().any(|t| t.id == id), "theme {id} missing");
    }
}

#[test]
fn themes_of_texts() {
    let x = seed();
    let ids: Vec<&str> = x.themes.iter().map(|t| t.id.as_str()).collect();
    for want in ["buitenlandse-zaken", "handel", "europese-unie", "defensie"] {
        assert!(ids.contains(&want), "{want} not in {ids:?}");
    }
    let x = extract(&read_text(
        &motion_text("01cd0bd3"),
        SourceFormat::PlainText,
    ));
    assert_eq!(
        x.themes.first().map(|t| t.id.as_str()),
        Some("landbouw-stikstof")
    );
    let x = extract(&read_text(
        &motion_text("00335f73"),
        SourceFormat::PlainText,
    ));
    assert!(
        x.themes.iter().any(|t| t.id == "migratie"),
        "{:?}",
        x.themes
    );
    // whole-word terms do not hit inside other words ("zorgvuldig" is not "zorg")
    let x = extract(&doc(&["Wij werken zorgvuldig en autonoom."], vec![]));
    assert!(
        x.themes
            .iter()
            .all(|t| t.id != "zorg" && t.id != "infrastructuur-mobiliteit")
    );
}

// ------------------------------------------------------------------------------------------
// Bad input

#[test]
fn bad_input_gives_diagnostics() {
    let x = extract(&SourceDoc::default());
    assert_eq!(x.kind, "onbekend");
    assert!(x.diagnostics.iter().any(|d| d.code == "empty-text"));
    assert!(extract_bytes(b"").is_err());
    assert!(extract_bytes(&[0u8, 159, 146, 150, 0, 1, 2]).is_err());
    let x = extract(&doc(
        &["MOTIE VAN HET LID X", "De Kamer,", "zonder einde"],
        vec![],
    ));
    assert!(x.diagnostics.iter().any(|d| d.code == "no-submitters"));
    assert!(x.diagnostics.iter().any(|d| d.code == "no-date"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn extract_never_panics(s in "\\PC{0,400}", t in "[a-zA-Z0-9 ,.;:()\\-/\n]{0,400}") {
        let _ = extract(&read_text(&s, SourceFormat::PlainText));
        let _ = extract(&doc(&[&s, &t], vec![Footnote { marker: "1".into(), word: t.clone(), text: Some(s.clone()) }]));
        let _ = extract_bytes(s.as_bytes());
        let _ = kw_text::deadline::find(&t, kw_text::deadline::parse_iso("2024-10-17"));
    }

    #[test]
    fn extract_never_panics_on_motion_like_text(
        words in proptest::collection::vec(
            prop_oneof![
                Just("MOTIE VAN HET LID".to_string()), Just("Nr.".to_string()), Just("36 600".to_string()),
                Just("XVI".to_string()), Just("\n".to_string()), Just("en gaat over tot de orde van de dag.".to_string()),
                Just("verzoekt de regering".to_string()), Just("zal".to_string()), Just("het kabinet".to_string()),
                Just("de motie van de leden".to_string()), Just("Van Haga".to_string()), Just("over".to_string()),
                Just("voor de zomer van".to_string()), Just("2025".to_string()), Just("Kamerstuk".to_string()),
                Just("1".to_string()), Just(",".to_string()), Just("-".to_string()), "\\PC{0,8}",
            ],
            0..80,
        )
    ) {
        let text = words.join(" ");
        let _ = extract(&read_text(&text, SourceFormat::Pdf));
        let _ = extract(&doc(&[&text], vec![]));
    }
}

// ------------------------------------------------------------------------------------------
// A ministerial letter in the PDF layout (hand-made text after the layout in issue 4:
// letterhead, spaced-out sidebar, Datum/Betreft, footnote at the page bottom, signature in
// capitals). Not real data: it only exercises reader + extraction together.

const HANDMADE_LETTER: &str = "Retouradres Postbus 20906 2500 EX Den Haag
De voorzitter van de Tweede Kamer
der Staten-Generaal
Postbus 20018
2500 EA DEN HAAG
Ministerie van Inf rastructuur en
Waterstaat
Rijnstraat 8
2 5 15 XP D en Haag
Ons kenmerk
IENW/BSK-2025/12345
Datum 14 maart 2025
Betreft Reactie op de motie van het lid Kröger over laadpalen

Geachte voorzitter,

Met deze brief geef ik uitvoering aan de motie van het lid Kröger over
het versnellen van de aanleg van laadpalen1. Ik zal uw Kamer voor de
zomer van 2025 informeren over de voortgang van de aanleg. Het aantal
laadpalen zal naar verwachting verder toenemen. Daarnaast wordt in
overleg met de gemeenten onderzocht hoe de netcongestie kan worden
beperkt.

Hoogachtend,

DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT,

M.G.J. Harbers

1 Kamerstukken II 2023/24, 31 305, nr. 412
\u{c}";

#[test]
fn handmade_letter_in_pdf_layout() {
    let x = extract(&read_text(HANDMADE_LETTER, SourceFormat::Pdf));
    assert_eq!(x.kind, "brief");
    assert_eq!(x.date.as_deref(), Some("2025-03-14"));
    assert_eq!(x.signatories.len(), 1, "{:?}", x.signatories);
    assert_eq!(x.signatories[0].name, "M.G.J. Harbers");
    assert_eq!(
        x.signatories[0].role.as_deref(),
        Some("Minister van Infrastructuur en Waterstaat")
    );
    let m = x
        .references
        .iter()
        .find(|r| r.kind == "motie" && r.text.contains("versnellen"))
        .expect("the motion reference in the body");
    assert_eq!(m.submitters, ["Kröger"]);
    assert_eq!(
        m.subject.as_deref(),
        Some("het versnellen van de aanleg van laadpalen")
    );
    // the subject line ("Betreft") names the motion too, with a shorter subject: one motion,
    // one reference, with the fuller subject
    let kroger: Vec<_> = x
        .references
        .iter()
        .filter(|r| r.kind == "motie" && r.submitters == ["Kröger"])
        .collect();
    assert_eq!(kroger.len(), 1, "{:?}", x.references);
    assert_eq!(
        m.kamerstuk.as_ref().and_then(|k| k.id.as_deref()),
        Some("kst-31305-412"),
        "kamerstuk from footnote 1: {m:?} {:?}",
        x.footnotes
    );
    let sentences: Vec<&str> = x.commitments.iter().map(|c| c.sentence.as_str()).collect();
    assert_eq!(x.commitments.len(), 2, "{sentences:?}");
    let first = &x.commitments[0];
    assert!(
        first
            .sentence
            .starts_with("Ik zal uw Kamer voor de zomer van 2025")
    );
    assert_eq!(first.actor, "Minister van Infrastructuur en Waterstaat");
    let d = first.deadline.as_ref().expect("deadline");
    assert_eq!(d.end.as_deref(), Some("2025-07-04"));
    assert!(x.commitments[1].actor_implicit);
    assert!(
        x.text
            .iter()
            .all(|p| !p.contains("Retouradres") && !p.contains("HARBERS"))
    );
}

#[test]
fn handelingen_snapshot() {
    // "Ingekomen stukken" of 5 April 2018: letters answering motions, listed with their
    // kamerstuk ("Reactie op de motie van het lid Snels over … - 21501-07-1502").
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/sample/handelingen/h-tk-20172018-70-14.xml"
    );
    let x = extract_bytes(&std::fs::read(p).expect("handelingen")).expect("reads");
    assert_eq!(x.kind, "handelingen");
    let snell = x
        .references
        .iter()
        .find(|r| r.submitters == ["Snels"])
        .expect("the Snels motion");
    assert_eq!(
        snell.kamerstuk.as_ref().and_then(|k| k.id.as_deref()),
        Some("kst-21501-07-1502")
    );
    let mut v = view(&x);
    v["text"] = serde_json::json!(format!("{} paragraphs", x.text.len()));
    snapshot(
        "handelingen_70_14",
        "Handelingen item: Ingekomen stukken, 5 April 2018",
        v,
    );
}

#[test]
fn letter_commitment_forms() {
    // (sentence, is a commitment). Made-up sentences in the style of Kamerbrieven.
    let cases = [
        (
            "Ik zal uw Kamer voor de zomer informeren over de uitkomsten.",
            true,
        ),
        (
            "Ik informeer uw Kamer in het najaar over de voortgang.",
            true,
        ),
        (
            "Voor het kerstreces stuur ik uw Kamer een voortgangsbrief.",
            true,
        ),
        ("Ik kom hier in het voorjaar van 2026 op terug.", true),
        (
            "Ik verwacht uw Kamer in mei te informeren over het onderzoek.",
            true,
        ),
        (
            "Uw Kamer ontvangt de evaluatie uiterlijk 1 september 2026.",
            true,
        ),
        (
            "Het kabinet zet in op een snellere aanpak van de wachtlijsten.",
            true,
        ),
        (
            "Ik ben voornemens de regeling per 1 januari 2026 aan te passen.",
            true,
        ),
        (
            "De komende maanden wordt onderzocht hoe de regeling kan worden vereenvoudigd.",
            true,
        ),
        ("Ik verwacht dat de kosten verder zullen stijgen.", false),
        ("De inflatie zal naar verwachting dalen.", false),
        ("Het aantal aanvragen is vorig jaar gestegen.", false),
        ("De gemeente blijft een belangrijke partner.", false),
        ("Ik zal de regeling niet aanpassen.", false),
        ("Nederland is en blijft een handelsland.", false),
    ];
    let mut wrong = Vec::new();
    for (sentence, want) in cases {
        let d = doc(&["Geachte voorzitter,", sentence], vec![]);
        let mut d = d;
        d.meta.date = Some("2025-03-14".into());
        let x = extract(&d);
        let got = !x.commitments.is_empty();
        if got != want {
            wrong.push(format!(
                "{sentence:?}: want {want}, got {:?}",
                x.commitments
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn two_motions_in_one_sentence() {
    let d = doc(
        &[
            "Hiermee voer ik de motie van het lid Dassen over de Europese defensie-industrie en de motie van de leden Bikker en Van der Plas over de jeugdzorg (36 600 XVI, nr. 12) uit.",
        ],
        vec![],
    );
    let x = extract(&d);
    let m: Vec<_> = x.references.iter().filter(|r| r.kind == "motie").collect();
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(m[0].submitters, ["Dassen"]);
    assert_eq!(
        m[0].subject.as_deref(),
        Some("de Europese defensie-industrie")
    );
    assert_eq!(m[1].submitters, ["Bikker", "Van der Plas"]);
    assert_eq!(m[1].subject.as_deref(), Some("de jeugdzorg"));
    assert_eq!(
        m[1].kamerstuk.as_ref().and_then(|k| k.id.as_deref()),
        Some("kst-36600-XVI-12")
    );
}

#[test]
fn pathological_inputs_finish() {
    // Long texts without full stops, full of reference openings, sentence ends or deadlines:
    // every stage must stay linear (a quadratic one would not finish here).
    let pieces = [
        "de motie van het lid Van Haga over de ",
        "motie-Baudet/Van Haga (",
        "Kamerstuk 36 600 XVI, nr. ",
        "Ik zal voor de zomer van 2025 ",
        "t.v.v. 36470-",
        "en gaat over tot de orde van de dag. Van Dijk\n",
        "1. 2. 3. S.A. Blok. ",
    ];
    for p in pieces {
        let text = p.repeat(1_000_000 / p.len());
        let started = std::time::Instant::now();
        let x = extract(&doc(&[&text], vec![]));
        let _ = extract(&read_text(&text, SourceFormat::Pdf));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{p:?} took {:?}",
            started.elapsed()
        );
        assert!(!x.kind.is_empty());
    }
}

/// Two motions by the same member, without kamerstuk numbers, may be different motions: they
/// are not merged into one reference.
#[test]
fn motions_by_one_member_without_numbers_stay_apart() {
    let text = "Geachte voorzitter,\n\nIn reactie op de motie van het lid Omtzigt over de \
                toeslagen en de motie van het lid Omtzigt over het pensioenstelsel bericht ik u \
                als volgt.\n";
    let x = extract(&read_text(text, SourceFormat::PlainText));
    let subjects: Vec<_> = x
        .references
        .iter()
        .filter(|r| r.kind == "motie")
        .filter_map(|r| r.subject.as_deref())
        .collect();
    assert_eq!(subjects.len(), 2, "{:?}", x.references);
}
