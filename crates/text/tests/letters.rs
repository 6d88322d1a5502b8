//! Ministerial letters in the Rijkshuisstijl as the text files pdftotext writes from the letter
//! PDFs of kw-pdf's tests (default mode, and `-layout` with the sidebar beside the body): read
//! as `kamerwacht extract letter.txt` reads them, they give the plain seed letter's extraction
//! plus the letterhead's date and subject and the footnote texts.

use kw_text::{Extraction, extract_bytes};

use crate::common::{seed_text, test_data_path};

struct Case {
    file: &'static str,
    subject: &'static str,
    /// (marker, note text, kamerstuk it cites)
    notes: [(&'static str, &'static str, &'static str); 2],
    /// A line of the letterhead that shows the extractor's layout.
    layout_line: &'static str,
}

const CASES: [Case; 2] = [
    Case {
        file: "letter-handmade-rijkshuisstijl-pdftotext.txt",
        subject: "Reactie op motie van de leden Baudet en Van Haga",
        notes: [
            (
                "1",
                "Kamerstukken II 2019/20, 35 393, nr. 14",
                "kst-35393-14",
            ),
            (
                "2",
                "Kamerstukken II 2020/21, 23 987, nr. 383",
                "kst-23987-383",
            ),
        ],
        // labels and values in separate columns
        layout_line: "Datum\nBetreft\n",
    },
    Case {
        file: "letter-handmade-rijkshuisstijl-variant-pdftotext-layout.txt",
        subject: "Uitvoering motie van de leden Baudet en Van Haga over de bilaterale betrekkingen met het Verenigd Koninkrijk",
        notes: [
            (
                "1",
                "Kamerstukken II 2019/20, 35 393, nr. 14",
                "kst-35393-14",
            ),
            (
                "2",
                "Zie ook de brief die eerder is aangeboden, Kamerstukken II 2021/22, 30175, nr. 414",
                "kst-30175-414",
            ),
        ],
        // the signature columns side by side
        layout_line: "DE MINISTER VAN BUITENLANDSE ZAKEN,     ",
    },
];

fn seed() -> Extraction {
    extract_bytes(seed_text().as_bytes()).expect("the seed reads")
}

#[test]
fn pdftotext_letter_files_extract_like_the_plain_seed() {
    let seed = seed();
    for case in &CASES {
        let bytes = std::fs::read(test_data_path(case.file)).expect("test data");
        let raw = String::from_utf8_lossy(&bytes);
        assert!(raw.contains(case.layout_line), "{}: layout", case.file);
        let x = extract_bytes(&bytes).expect("reads");
        let f = case.file;
        assert_eq!(x.kind, "brief", "{f}");
        assert_eq!(x.date.as_deref(), Some("2020-12-18"), "{f}");
        assert_eq!(x.title.as_deref(), Some(case.subject), "{f}");
        assert_eq!(x.signatories, seed.signatories, "{f}");
        let notes: Vec<(&str, Option<&str>)> = x
            .footnotes
            .iter()
            .map(|n| (n.marker.as_str(), n.text.as_deref()))
            .collect();
        let expected: Vec<(&str, Option<&str>)> =
            case.notes.iter().map(|(m, t, _)| (*m, Some(*t))).collect();
        assert_eq!(notes, expected, "{f}");
        for (marker, _, kst) in &case.notes {
            assert!(
                x.references
                    .iter()
                    .any(|r| r.footnote.as_deref() == Some(*marker)
                        && r.kamerstuk.as_ref().and_then(|k| k.id.as_deref()) == Some(*kst)),
                "{f}: footnote {marker} → {kst}: {:?}",
                x.references
            );
        }
        let motion = x
            .references
            .iter()
            .find(|r| r.kind == "motie" && r.footnote.as_deref() == Some("1"))
            .expect("the motion");
        assert_eq!(motion.submitters, ["Baudet", "Van Haga"], "{f}");
        // The same sentences, actors and rules; deadlines now resolve against the letter's date.
        let view = |x: &Extraction| -> Vec<(String, String, String)> {
            x.commitments
                .iter()
                .map(|c| (c.sentence.clone(), c.actor.clone(), c.rule.clone()))
                .collect()
        };
        assert_eq!(view(&x), view(&seed), "{f}");
        let komende = x
            .commitments
            .iter()
            .find_map(|c| {
                c.deadline
                    .as_ref()
                    .filter(|d| d.text == "In de komende jaren")
            })
            .expect("the vague deadline");
        assert_eq!(komende.start.as_deref(), Some("2020-12-18"), "{f}");
        let body: Vec<&String> = x
            .text
            .iter()
            .skip_while(|p| p.starts_with("Geachte"))
            .collect();
        let seed_body: Vec<&String> = seed.text.iter().collect();
        assert_eq!(body, seed_body, "{f}: body");
    }
}
