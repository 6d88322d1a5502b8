//! Motion accuracy on the 450 bundled motions, on two kinds of input: the collector's plain
//! texts (`document_texts`) and PDF-shaped renderings of the same texts (Kamerstuk layout as
//! pdftotext gives it), made two ways: by `render_pdf_shaped` below from the plain text, and by
//! the shared renderer in `tests/common` from the motion as read from its XML. The plain texts
//! are also measured as bare lines without any reader metadata, to test the extraction's own
//! layout fallbacks. The extracted kamerstuk id, date and
//! submitter list must equal the official XML's (`document_publications`), read here with a
//! small reader of its own so that the truth does not depend on the crate under test. Names are
//! compared case-insensitively after NFC. Bar: 99% on each input kind; every miss is printed.

use std::sync::LazyLock;

use kw_text::doc::{SourceDoc, SourceFormat};
use kw_text::read::read_text;
use kw_text::{Extraction, extract};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/sample/motion-texts"
);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Truth {
    kst_id: Option<String>,
    date: Option<String>,
    submitters: Vec<String>,
}

static DC_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"name="DC\.identifier"[^>]*content="(kst-[^"]+)""#).expect("regex")
});
static META_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"OVERHEIDop\.externMetadataRecord"[^>]*content="[^"]*/(kst-[^/"]+)/"#)
        .expect("regex")
});
static ISODATUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<datumtekst>[^<]*<datum isodatum="(\d{4}-\d{2}-\d{2})""#).expect("regex")
});
static ISSUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"name="DCTERMS\.issued"[^>]*content="(\d{4}-\d{2}-\d{2})"#).expect("regex")
});
static AL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<al(?:\s[^>]*)?>(.*?)</al>").expect("regex"));
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]+>").expect("regex"));
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)gaat\s+over\s+tot\s+(?:de\s+)?(?:orde\s+van\s+(?:de\s+)?)?dag").expect("regex")
});

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#8217;", "’")
        .replace("&amp;", "&")
}

/// The truth from the official XML: kst id (DC.identifier or the metadata URL), the
/// "Voorgesteld" date (else DCTERMS.issued), and the `<al>` lines after the closing formula.
fn truth(xml: &str) -> Truth {
    let kst_id = DC_ID
        .captures(xml)
        .or_else(|| META_URL.captures(xml))
        .map(|c| c[1].to_string());
    let date = ISODATUM
        .captures(xml)
        .or_else(|| ISSUED.captures(xml))
        .map(|c| c[1].to_string());
    let als: Vec<String> = AL
        .captures_iter(xml)
        .map(|c| {
            let t = unescape(&TAG.replace_all(&c[1], ""));
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect();
    let submitters = match als.iter().rposition(|a| CLOSING.is_match(a)) {
        Some(i) => als[i + 1..]
            .iter()
            .filter(|a| !a.is_empty())
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    Truth {
        kst_id,
        date,
        submitters,
    }
}

fn norm(s: &str) -> String {
    s.nfc().collect::<String>().to_lowercase()
}

fn got(x: &Extraction) -> Truth {
    Truth {
        kst_id: x.kamerstuk.as_ref().and_then(|k| k.id.clone()),
        date: x.date.clone(),
        submitters: x.submitters.iter().map(|p| p.name.clone()).collect(),
    }
}

fn same(a: &Truth, b: &Truth) -> bool {
    a.kst_id == b.kst_id
        && a.date == b.date
        && a.submitters.len() == b.submitters.len()
        && a.submitters
            .iter()
            .zip(&b.submitters)
            .all(|(x, y)| norm(x) == norm(y))
}

// ------------------------------------------------------------------------------------------
// The PDF-shaped rendering (the Kamerstuk layout described in issue 4)

const WIDTH: usize = 70;
const PAGE_LINES: usize = 46;

/// Split a long word for a line end by a simple Dutch-like rule: between a vowel and a
/// consonant that is followed by a vowel (V-CV), leaving at least 3 letters on each side.
fn hyphen_point(word: &str, room: usize) -> Option<usize> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 8 || !chars.iter().all(|c| c.is_alphabetic()) {
        return None;
    }
    let vowel = |c: char| "aeiouyéëïöüè".contains(c.to_ascii_lowercase());
    (3..chars.len().saturating_sub(3))
        .rev()
        .find(|&i| i < room && vowel(chars[i - 1]) && !vowel(chars[i]) && vowel(chars[i + 1]))
}

/// Wrap a paragraph at [`WIDTH`], hyphenating long words at line ends.
fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let len = cur.chars().count();
        if len == 0 {
            cur.push_str(word);
            continue;
        }
        if len + 1 + word.chars().count() <= WIDTH {
            cur.push(' ');
            cur.push_str(word);
            continue;
        }
        let room = WIDTH.saturating_sub(len + 2);
        if let Some(i) = hyphen_point(word, room) {
            let head: String = word.chars().take(i).collect();
            let tail: String = word.chars().skip(i).collect();
            cur.push(' ');
            cur.push_str(&head);
            cur.push('-');
            lines.push(std::mem::take(&mut cur));
            cur = tail;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Render a collector's plain text as pdftotext would give the Kamerstuk PDF.
fn render_pdf_shaped(plain: &str) -> Option<String> {
    let lines: Vec<&str> = plain.lines().map(str::trim).collect();
    let jaar = lines
        .first()?
        .strip_prefix("Vergaderjaar ")?
        .replace('-', "–");
    let nr_at = lines.iter().position(|l| *l == "Nr.")?;
    let nr = lines.get(nr_at + 1)?.to_string();
    // dossier blocks: number, optional toevoeging ("XVI" or "-" + "20"), title
    let mut head_lines: Vec<String> = Vec::new();
    let mut running = String::new();
    let mut kst = String::new();
    let mut i = 4;
    while i < nr_at {
        let num = lines[i];
        let mut toev = None;
        let mut j = i + 1;
        if lines.get(j) == Some(&"-") {
            toev = lines.get(j + 1).map(|t| format!("-{t}"));
            j += 2;
        } else if lines.get(j).is_some_and(|t| {
            (!t.is_empty() && t.chars().all(|c| "IVXLC".contains(c)))
                || (t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()))
        }) {
            toev = Some(format!(" {}", lines[j]));
            j += 1;
        }
        let dossier = format!("{num}{}", toev.clone().unwrap_or_default());
        head_lines.push(dossier.clone());
        if j < nr_at {
            head_lines.extend(wrap(lines[j]));
        }
        if running.is_empty() {
            running = dossier;
            let t = toev
                .as_deref()
                .map(|t| format!("-{}", t.trim_start_matches(['-', ' '])))
                .unwrap_or_default();
            kst = format!("kst-{}{t}-{nr}", num.replace(' ', ""));
        }
        i = j + 1;
    }
    let title = lines.get(nr_at + 2)?;
    let mut k = nr_at + 3;
    let mut voorgesteld = None;
    if lines.get(k).is_some_and(|l| l.starts_with("Voorgesteld")) {
        voorgesteld = Some(format!("{} {}", lines[k], lines.get(k + 1)?));
        k += 2;
    }
    let mut page1 = vec![
        "Tweede Kamer der Staten-Generaal".to_string(),
        format!("Vergaderjaar {jaar}"),
        "2".to_string(),
    ];
    page1.extend(head_lines);
    page1.push(format!("Nr. {nr}"));
    page1.extend(wrap(title));
    if let Some(v) = voorgesteld {
        page1.push(v);
    }
    page1.push(String::new());
    let mut body: Vec<String> = Vec::new();
    let closing = lines.iter().rposition(|l| CLOSING.is_match(l))?;
    for l in &lines[k..=closing] {
        body.extend(wrap(l));
        body.push(String::new());
    }
    for l in &lines[closing + 1..] {
        body.push(l.to_string());
    }
    // pages with running heads and page numbers
    let mut out: Vec<String> = Vec::new();
    let all: Vec<String> = page1.into_iter().chain(body).collect();
    let head = format!("Tweede Kamer, vergaderjaar {jaar}, {running}, nr. {nr}");
    let pages: Vec<&[String]> = all.chunks(PAGE_LINES).collect();
    let year = jaar.rsplit('–').next().unwrap_or("2025").to_string();
    for (p, chunk) in pages.iter().enumerate() {
        out.extend(chunk.iter().cloned());
        out.push(String::new());
        if p + 1 == pages.len() {
            out.push(kst.clone());
            out.push("ISSN 0921 - 7371".into());
            out.push(format!("’s-Gravenhage {year}"));
        }
        out.push(head.clone());
        out.push(format!("{}", p + 1));
        out.push("\u{c}".into());
    }
    Some(out.join("\n"))
}

// ------------------------------------------------------------------------------------------

struct Score {
    total: usize,
    hits: usize,
    misses: Vec<String>,
}

/// How an input kind becomes a document: through the crate's reader, or (to test the
/// extraction's own layout fallbacks) as bare lines without any reader metadata.
enum Via {
    Reader(SourceFormat),
    BareLines,
}

fn measure(input: &str, make: impl Fn(&str) -> Option<String>, via: Via) -> Score {
    let mut score = Score {
        total: 0,
        hits: 0,
        misses: Vec::new(),
    };
    let mut entries: Vec<_> = std::fs::read_dir(format!("{SAMPLE}/document_texts"))
        .expect("document_texts")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        let content = v["content"].as_str().unwrap_or_default();
        let pub_id = v["source"]["publication_id"].as_str().unwrap_or_default();
        let xml = std::fs::read_to_string(format!("{SAMPLE}/document_publications/{pub_id}.xml"))
            .expect("publication xml");
        let want = truth(&xml);
        score.total += 1;
        let Some(text) = make(content) else {
            score
                .misses
                .push(format!("{input} {pub_id}: could not render"));
            continue;
        };
        let doc = match via {
            Via::Reader(format) => read_text(&text, format),
            Via::BareLines => SourceDoc {
                paragraphs: text.lines().map(str::to_string).collect(),
                ..SourceDoc::default()
            },
        };
        let x = extract(&doc);
        let have = got(&x);
        if same(&want, &have) {
            score.hits += 1;
        } else {
            score.misses.push(format!(
                "{input} {pub_id}:\n    want {want:?}\n    got  {have:?}"
            ));
        }
    }
    score
}

/// The PDF-shaped renderings made by the shared test renderer (`tests/common`) from each
/// motion as read from its official XML.
fn measure_rendered_from_xml() -> Score {
    let mut score = Score {
        total: 0,
        hits: 0,
        misses: Vec::new(),
    };
    for id in crate::common::motion_ids() {
        let xml = crate::common::motion_xml(&id);
        let want = truth(&String::from_utf8_lossy(&xml));
        score.total += 1;
        let Ok(doc) = kw_text::read::read_bytes(&xml) else {
            score
                .misses
                .push(format!("pdf-shaped-from-xml {id}: XML not read"));
            continue;
        };
        let text = crate::common::render_kamerstuk_pdf_text(&doc);
        let have = got(&extract(&read_text(&text, SourceFormat::Pdf)));
        if same(&want, &have) {
            score.hits += 1;
        } else {
            score.misses.push(format!(
                "pdf-shaped-from-xml {id}:\n    want {want:?}\n    got  {have:?}"
            ));
        }
    }
    score
}

#[test]
fn motion_accuracy_on_plain_and_pdf_shaped_text() {
    let plain = measure(
        "plain",
        |s| Some(s.to_string()),
        Via::Reader(SourceFormat::PlainText),
    );
    let pdf = measure(
        "pdf-shaped",
        render_pdf_shaped,
        Via::Reader(SourceFormat::Pdf),
    );
    let bare = measure("plain-bare-lines", |s| Some(s.to_string()), Via::BareLines);
    let pdf_a = measure_rendered_from_xml();
    for s in [&plain, &pdf, &pdf_a, &bare] {
        for m in &s.misses {
            println!("MISS {m}");
        }
    }
    let pct = |s: &Score| 100.0 * s.hits as f64 / s.total.max(1) as f64;
    for (name, s) in [
        ("plain texts", &plain),
        (
            "PDF-shaped, rendered from the plain texts (this file)",
            &pdf,
        ),
        ("PDF-shaped, rendered from the XML (tests/common)", &pdf_a),
        ("plain texts as bare lines, no reader metadata", &bare),
    ] {
        println!(
            "motion accuracy, {name}: {}/{} = {:.2}%",
            s.hits,
            s.total,
            pct(s)
        );
    }
    assert_eq!(plain.total, 450);
    assert!(pct(&plain) >= 99.0, "plain below 99%");
    assert!(pct(&pdf) >= 99.0, "pdf-shaped below 99%");
    assert_eq!(pdf_a.total, 450);
    assert!(
        pct(&pdf_a) >= 99.0,
        "pdf-shaped (tests/common renderer) below 99%"
    );
    assert!(
        pct(&bare) >= 99.0,
        "extraction's own layout fallback below 99%"
    );
}

#[test]
fn the_rendering_has_the_kamerstuk_layout() {
    let plain = "Vergaderjaar 2024-2025\nTweede Kamer der Staten-Generaal\n2\nKamerstukken\n36 600\nXVI\nVaststelling van de begrotingsstaten\nNr.\n58\nMOTIE VAN HET LID X\nVoorgesteld\n24 oktober 2024\nDe Kamer,\ngehoord de beraadslaging,\nverzoekt de regering iets,\nen gaat over tot de orde van de dag.\nX";
    let r = render_pdf_shaped(plain).expect("renders");
    for want in [
        "Tweede Kamer der Staten-Generaal\nVergaderjaar 2024–2025\n2\n36 600 XVI\n",
        "Nr. 58\nMOTIE VAN HET LID X\nVoorgesteld 24 oktober 2024\n",
        "kst-36600-XVI-58\nISSN 0921 - 7371\n’s-Gravenhage 2025\n",
        "Tweede Kamer, vergaderjaar 2024–2025, 36 600 XVI, nr. 58\n1\n",
    ] {
        assert!(r.contains(want), "{want:?} not in\n{r}");
    }
    let w = wrap(
        "De Kamer verzoekt de regering om de onderzoeksresultaten over de samenwerkingskaders te publiceren",
    );
    assert!(w.iter().all(|l| l.chars().count() <= WIDTH + 1), "{w:?}");
}
