//! Tests of the Dutch deadline parser: a table of real expressions from the motion corpus
//! (`data/sample/motion-texts`), each with the date of the motion it comes from as reference.

use kw_text::deadline::{find, parse, parse_iso};

fn d(s: &str) -> Option<chrono::NaiveDate> {
    parse_iso(s)
}

/// (expression, reference date, kind, start, end)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

/// Real expressions as they stand in the corpus, with the date of their motion as reference.
#[rustfmt::skip]
const CORPUS: &[Row] = &[
    ("zo snel mogelijk", "2023-12-21", "vague", Some("2023-12-21"), None),
    ("zo spoedig mogelijk", "2023-12-21", "vague", Some("2023-12-21"), None),
    ("op korte termijn", "2024-12-18", "vague", Some("2024-12-18"), None),
    ("in deze kabinetsperiode", "2024-09-19", "vague", Some("2024-09-19"), None),
    ("in de komende jaren", "2024-10-09", "vague", Some("2024-10-09"), None),
    ("voor de zomer", "2025-05-20", "before", Some("2025-05-20"), Some("2025-07-04")),
    ("voor het zomerreces", "2024-11-06", "before", Some("2024-11-06"), Some("2025-07-04")),
    ("vóór de zomer van 2026", "2025-07-03", "before", Some("2025-07-03"), Some("2026-07-03")),
    ("na de zomer", "2025-05-27", "after", Some("2025-09-01"), None),
    ("voor het komende kerstreces", "2024-09-25", "before", Some("2024-09-25"), Some("2024-12-20")),
    ("voor het voorjaarsreces", "2024-12-18", "before", Some("2024-12-18"), Some("2025-02-14")),
    ("voor het meireces", "2025-01-22", "before", Some("2025-01-22"), Some("2025-04-25")),
    ("uiterlijk in het voorjaar van 2026", "2025-09-23", "before", Some("2025-09-23"), Some("2026-05-31")),
    ("in het voorjaar van 2025", "2024-11-12", "period", Some("2025-03-01"), Some("2025-05-31")),
    ("in het najaar van 2024", "2024-05-23", "period", Some("2024-09-01"), Some("2024-11-30")),
    ("in het najaar", "2025-04-10", "period", Some("2025-09-01"), Some("2025-11-30")),
    ("vanaf medio 2024", "2024-12-10", "from", Some("2024-06-01"), None),
    ("begin 2025", "2024-10-10", "period", Some("2025-01-01"), Some("2025-03-31")),
    ("uiterlijk begin 2024", "2023-12-21", "before", Some("2023-12-21"), Some("2024-03-31")),
    ("eind dit jaar", "2024-11-21", "period", Some("2024-10-01"), Some("2024-12-31")),
    ("begin dit jaar", "2025-05-27", "period", Some("2025-01-01"), Some("2025-03-31")),
    ("in Q4 van 2024", "2024-06-03", "period", Some("2024-10-01"), Some("2024-12-31")),
    ("in het derde kwartaal van 2025", "2025-05-20", "period", Some("2025-07-01"), Some("2025-09-30")),
    ("uiterlijk vóór het vierde kwartaal van 2025", "2025-05-20", "before", Some("2025-05-20"), Some("2025-09-30")),
    ("in de eerste helft van 2025", "2024-12-11", "period", Some("2025-01-01"), Some("2025-06-30")),
    ("voor 1 juli 2025", "2024-11-12", "before", Some("2024-11-12"), Some("2025-06-30")),
    ("uiterlijk 1 september 2026", "2025-06-12", "before", Some("2025-06-12"), Some("2026-09-01")),
    ("uiterlijk 1 juni", "2025-04-23", "before", Some("2025-04-23"), Some("2025-06-01")),
    ("voor 1 maart", "2023-12-21", "before", Some("2023-12-21"), Some("2024-02-29")),
    ("voor 1 april 2025", "2024-12-03", "before", Some("2024-12-03"), Some("2025-03-31")),
    ("per 1 januari 2025", "2024-12-11", "date", Some("2025-01-01"), Some("2025-01-01")),
    ("per 1 juli 2024", "2023-12-19", "date", Some("2024-07-01"), Some("2024-07-01")),
    ("per 1 januari 2026", "2025-06-25", "date", Some("2026-01-01"), Some("2026-01-01")),
    ("binnen twee maanden", "2024-04-02", "within", Some("2024-04-02"), Some("2024-06-02")),
    ("binnen vier weken", "2023-12-13", "within", Some("2023-12-13"), Some("2024-01-10")),
    ("binnen drie maanden", "2025-03-19", "within", Some("2025-03-19"), Some("2025-06-19")),
    ("binnen een jaar", "2024-04-02", "within", Some("2024-04-02"), Some("2025-04-02")),
    ("binnen zes maanden", "2025-05-21", "within", Some("2025-05-21"), Some("2025-11-21")),
    ("binnen een week", "2025-09-18", "within", Some("2025-09-18"), Some("2025-09-25")),
    ("binnen een maand", "2025-09-04", "within", Some("2025-09-04"), Some("2025-10-04")),
    ("binnen vier maanden", "2025-09-09", "within", Some("2025-09-09"), Some("2026-01-09")),
    ("voor de begrotingsbehandeling", "2024-02-15", "before", Some("2024-02-15"), Some("2024-10-01")),
    ("voor de behandeling van de onderwijsbegroting", "2025-09-18", "before", Some("2025-09-18"), Some("2025-10-01")),
    ("voor Prinsjesdag 2024", "2023-12-21", "before", Some("2023-12-21"), Some("2024-09-17")),
    ("voor de Voorjaarsnota", "2024-10-10", "before", Some("2024-10-10"), Some("2025-06-01")),
    ("vóór de Voorjaarsnota 2024", "2023-12-19", "before", Some("2023-12-19"), Some("2024-06-01")),
    ("in 2026", "2025-04-08", "period", Some("2026-01-01"), Some("2026-12-31")),
    ("voor 2026", "2024-06-04", "before", Some("2024-06-04"), Some("2025-12-31")),
    ("vóór 2040", "2024-02-08", "before", Some("2024-02-08"), Some("2039-12-31")),
    ("uiterlijk 2026", "2024-06-05", "before", Some("2024-06-05"), Some("2026-12-31")),
    ("in maart 2026", "2025-07-03", "period", Some("2026-03-01"), Some("2026-03-31")),
    ("vóór maart 2024", "2023-12-12", "before", Some("2023-12-12"), Some("2024-02-29")),
    ("uiterlijk eind januari", "2023-12-19", "before", Some("2023-12-19"), Some("2024-01-31")),
    ("begin februari 2024", "2023-12-13", "period", Some("2024-02-01"), Some("2024-02-10")),
    ("voor het einde van 2025", "2025-10-01", "before", Some("2025-10-01"), Some("2025-12-31")),
    ("voor het einde van 2024", "2024-06-24", "before", Some("2024-06-24"), Some("2024-12-31")),
    ("tot het najaar", "2025-04-10", "before", Some("2025-04-10"), Some("2025-08-31")),
    ("vanaf dit najaar", "2024-05-30", "from", Some("2024-09-01"), None),
    ("in juni", "2024-03-26", "period", Some("2024-06-01"), Some("2024-06-30")),
    ("in november", "2025-02-20", "period", Some("2025-11-01"), Some("2025-11-30")),
    ("in augustus", "2024-02-06", "period", Some("2024-08-01"), Some("2024-08-31")),
];

/// The examples the issue names that do not occur verbatim in the corpus.
#[rustfmt::skip]
const ISSUE: &[Row] = &[
    ("voor de zomer (van 2025)", "2024-10-17", "before", Some("2024-10-17"), Some("2025-07-04")),
    ("voor het kerstreces", "2024-10-17", "before", Some("2024-10-17"), Some("2024-12-20")),
    ("medio 2024", "2023-11-01", "period", Some("2024-06-01"), Some("2024-07-31")),
    ("Q3 2025", "2024-10-17", "period", Some("2025-07-01"), Some("2025-09-30")),
    ("voor 1 juli", "2024-10-17", "before", Some("2024-10-17"), Some("2025-06-30")),
    ("voor Prinsjesdag", "2025-03-01", "before", Some("2025-03-01"), Some("2025-09-16")),
    ("begin volgend jaar", "2024-10-17", "period", Some("2025-01-01"), Some("2025-03-31")),
    ("na het zomerreces", "2024-03-01", "after", Some("2024-09-02"), None),
    ("het tweede kwartaal", "2024-10-17", "period", Some("2025-04-01"), Some("2025-06-30")),
    ("eind 2025", "2024-10-17", "period", Some("2025-10-01"), Some("2025-12-31")),
];

fn check(table: &[Row]) {
    let mut misses = Vec::new();
    for &(expr, reference, kind, start, end) in table {
        match parse(expr, d(reference)) {
            Some(dl) => {
                let got = (dl.kind.as_str(), dl.start.as_deref(), dl.end.as_deref());
                if got != (kind, start, end) {
                    misses.push(format!(
                        "{expr:?} @ {reference}: expected {:?}, got {got:?}",
                        (kind, start, end)
                    ));
                }
                if kind == "vague" {
                    assert!(dl.vague, "{expr} must be flagged vague");
                }
            }
            None => misses.push(format!("{expr:?}: not recognised")),
        }
    }
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn corpus_expressions() {
    assert!(CORPUS.len() >= 40, "at least 40 real expressions");
    check(CORPUS);
}

#[test]
fn issue_examples() {
    check(ISSUE);
}

#[test]
fn recess_dates_are_approximate() {
    let dl = parse("voor de zomer", d("2025-01-01")).expect("deadline");
    assert!(dl.approximate);
    let dl = parse("voor 1 juli 2025", d("2025-01-01")).expect("deadline");
    assert!(!dl.approximate);
}

#[test]
fn not_deadlines() {
    for s in [
        "Vaststelling van de begrotingsstaten voor het jaar 2025",
        "tot 28 maanden",
        "10 procent per jaar",
        "Vergaderjaar 2024-2025",
        "over 2024 rapporteren",
        "drie maanden",
        "maart was koud",
    ] {
        let found = find(s, d("2024-10-17"));
        assert!(found.is_empty(), "{s:?} gave {found:?}");
    }
}

#[test]
fn needs_reference_without_document_date() {
    let dl = parse("binnen twee maanden", None).expect("deadline");
    assert_eq!(dl.end, None);
    assert_eq!(dl.note.as_deref(), Some("needs-reference"));
    let dl = parse("voor 1 juli", None).expect("deadline");
    assert_eq!(dl.note.as_deref(), Some("needs-reference"));
    // absolute expressions need no reference
    let dl = parse("uiterlijk 1 september 2026", None).expect("deadline");
    assert_eq!(dl.end.as_deref(), Some("2026-09-01"));
    assert_eq!(dl.start, None);
}

#[test]
fn finder_locates_expressions_in_a_sentence() {
    let s = "verzoekt de regering de Kamer hierover voor 1 juli 2025 te informeren en binnen drie maanden een plan te sturen,";
    let found = find(s, d("2024-11-12"));
    let texts: Vec<&str> = found.iter().map(|f| &s[f.start..f.end]).collect();
    assert_eq!(texts, ["voor 1 juli 2025", "binnen drie maanden"]);
    assert_eq!(found[1].deadline.end.as_deref(), Some("2025-02-12"));
}

/// The optional "van 2025" tail of a season must not take the white space after it into the
/// expression (it did: "voor de zomer van 2025 " in a letter's commitment).
#[test]
fn a_season_with_its_year_ends_at_the_year() {
    let s = "Het kabinet zal de Kamer voor de zomer van 2025 informeren.";
    let found = find(s, d("2025-03-03"));
    assert_eq!(found.len(), 1);
    assert_eq!(&s[found[0].start..found[0].end], "voor de zomer van 2025");
    assert_eq!(found[0].deadline.text, "voor de zomer van 2025");
}

#[test]
fn every_corpus_expression_is_real() {
    // The table's expressions occur in the bundled motion texts (case-insensitively).
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/sample/motion-texts/document_texts"
    );
    let mut corpus = String::new();
    for e in std::fs::read_dir(dir).expect("sample dir") {
        let p = e.expect("entry").path();
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&p).expect("read")).expect("json");
        corpus.push_str(
            &v["content"]
                .as_str()
                .unwrap_or("")
                .replace('\n', " ")
                .to_lowercase(),
        );
        corpus.push(' ');
    }
    for (expr, ..) in CORPUS {
        assert!(
            corpus.contains(&expr.to_lowercase()),
            "{expr:?} is not in the corpus"
        );
    }
}
