//! Motions: the submitters after the closing formula and the considerations and requests
//! between "gehoord de beraadslaging," and "en gaat over tot de orde van de dag.".

use std::sync::LazyLock;

use regex::Regex;

use super::{Body, Person};
use crate::doc::SourceDoc;

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)gaat\s+over\s+tot\s+(?:de\s+)?(?:orde\s+van\s+(?:de\s+)?)?dag(?-u:\b)[.,;]?",
    )
    .expect("closing regex")
});
static HEARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)gehoord\s+de\s+beraadslaging(?:en)?\s*[,.;:]?").expect("heard regex")
});
static THE_HOUSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)De\s+Kamer\s*,").expect("house regex"));
static CONSIDERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:en\s+|tevens\s+|voorts\s+|ook\s+|mede\s+|verder\s+|daarnaast\s+|bovendien\s+|nog\s+)?(?:constaterend|overwegend|van\s+mening|van\s+oordeel|gelet\s+op|gezien|erkennend|vaststellend|concluderend|benadrukkend|wijzend|verwijzend|onderschrijvend|opmerkend|signalerend|in\s+overweging|in\s+aanmerking|memorerend|herinnerend|betreurend|verontrust|bezorgd|voorts|tevens|met\s+het\s+oog\s+op|zich\s+realiserend|van\s+belang\s+achtend|stellende|oordelend)")
        .expect("consideration regex")
});
static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:en\s+|tevens\s+|voorts\s+|verder\s+|daarnaast\s+)?(?:verzoekt|verzoeken|roept|spreekt|draagt|vraagt|dringt|besluit|zegt|stelt\s+voor|wenst|acht\s+het|nodigt|geeft\s+de\s+regering|doet\s+een\s+beroep|keurt|veroordeelt|betreurt\s+het\s+dat|constateert\s+dat\s+de\s+kamer)(?-u:\b)")
        .expect("request regex")
});
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}\.\s?)*(?:\p{L}[\p{L}'’.]*(?:[-‑]\p{L}[\p{L}'’.]*)*)(?:\s+(?:\p{L}[\p{L}'’.]*(?:[-‑]\p{L}[\p{L}'’.]*)*)){0,5},?$")
        .expect("name regex")
});

use super::collapse;

/// A line that can be a member's name in a signature block ("Van der Plas", "Diederik van Dijk").
fn is_name(line: &str) -> bool {
    let line = line.trim();
    let starts_upper = line.chars().next().is_some_and(|c| c.is_uppercase());
    starts_upper && line.len() <= 60 && NAME.is_match(line)
}

/// The submitters: the reader's signer list, else the name lines after the closing formula.
pub(crate) fn submitters(doc: &SourceDoc, body: &Body) -> Vec<Person> {
    let names: Vec<String> = if !doc.meta.signers.is_empty() {
        doc.meta
            .signers
            .iter()
            .map(|s| collapse(&s.name))
            .filter(|s| !s.is_empty())
            .collect()
    } else {
        names_after_closing(body)
    };
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| Person {
            name,
            role: Some(if i == 0 { "indiener" } else { "medeindiener" }.into()),
        })
        .collect()
}

fn names_after_closing(body: &Body) -> Vec<String> {
    let lines = body.lines();
    let Some(idx) = lines.iter().rposition(|l| CLOSING.is_match(l)) else {
        return Vec::new();
    };
    let mut candidates: Vec<String> = Vec::new();
    if let Some(m) = CLOSING.find_iter(&lines[idx]).last() {
        let rest = lines[idx][m.end()..].trim();
        if !rest.is_empty() {
            candidates.push(rest.to_string());
        }
    }
    candidates.extend(lines[idx + 1..].iter().cloned());
    let mut out = Vec::new();
    for c in candidates {
        let c = collapse(&c);
        if is_name(&c) {
            out.push(c);
        } else if !out.is_empty() {
            break;
        }
    }
    out
}

/// Considerations and requests of a motion, in order.
pub(crate) fn clauses(body: &Body) -> (Vec<String>, Vec<String>) {
    let full = &body.full;
    let end = CLOSING
        .find_iter(full)
        .last()
        .map_or(full.len(), |m| m.start());
    let head = &full[..end];
    let start = HEARD
        .find(head)
        .or_else(|| THE_HOUSE.find(head))
        .map_or(0, |m| m.end());
    let zone = &full[start..end];

    // Segments: lines, and within lines the parts after ";".
    let mut segments: Vec<&str> = Vec::new();
    for line in zone.lines() {
        let mut rest = line.trim();
        while let Some(p) = rest.find("; ") {
            segments.push(&rest[..=p]);
            rest = rest[p + 1..].trim_start();
        }
        if !rest.is_empty() && !super::header::is_layout_line(rest) {
            segments.push(rest);
        }
    }

    #[derive(PartialEq)]
    enum K {
        Cons,
        Req,
    }
    let mut clauses: Vec<(K, String)> = Vec::new();
    for seg in segments {
        let seg = seg.trim();
        if seg.is_empty() {
            continue;
        }
        let k = if REQUEST.is_match(seg) {
            Some(K::Req)
        } else if CONSIDERATION.is_match(seg) {
            Some(K::Cons)
        } else {
            None
        };
        match (k, clauses.last_mut()) {
            (Some(k), _) => clauses.push((k, seg.to_string())),
            (None, Some((_, text))) => {
                text.push(' ');
                text.push_str(seg);
            }
            (None, None) => clauses.push((K::Cons, seg.to_string())),
        }
    }
    let mut cons = Vec::new();
    let mut reqs = Vec::new();
    for (k, text) in clauses {
        let text = collapse(&text);
        if k == K::Req {
            reqs.push(text);
        } else {
            cons.push(text);
        }
    }
    (cons, reqs)
}
