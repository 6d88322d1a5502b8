//! Printable report for extraction: throughput of read + repair + extraction on the 450 bundled
//! motion texts (each, and one large concatenation), and the seed letter's commitments.
//!
//! Run with `cargo run --release -p kw-text --example accuracy`. The accuracy figures against
//! the official XML are printed by the `accuracy` integration test
//! (`cargo test -p kw-text --test integration accuracy -- --nocapture`).

use std::time::Instant;

use kw_text::doc::SourceFormat;
use kw_text::extract;
use kw_text::read::read_text;

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sample");
    let mut texts: Vec<String> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/motion-texts/document_texts"))
        .expect("sample folder")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    for p in paths {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&p).expect("read")).expect("json");
        texts.push(v["content"].as_str().unwrap_or_default().to_string());
    }
    let bytes: usize = texts.iter().map(String::len).sum();

    // 450 texts, each read + repaired + extracted; repeated to get a stable time
    let rounds = 20;
    let t = Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        for s in &texts {
            n += extract(&read_text(s, SourceFormat::PlainText)).submitters.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let mbs = (bytes * rounds) as f64 / secs / 1e6;
    println!(
        "450 motion texts ({bytes} bytes) x {rounds}: {secs:.3} s, {mbs:.1} MB/s read+repair+extract ({n} submitters)"
    );

    // extraction alone on the same documents
    let docs: Vec<_> = texts
        .iter()
        .map(|s| read_text(s, SourceFormat::PlainText))
        .collect();
    let t = Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            n += extract(d).requests.len();
        }
    }
    assert!(n > 0);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "extraction alone: {:.1} MB/s",
        (bytes * rounds) as f64 / secs / 1e6
    );

    // one large concatenation, as one document (a long letter-like text)
    let mut big = String::new();
    while big.len() < 20_000_000 {
        for s in &texts {
            big.push_str(s);
            big.push_str("\n\n");
        }
    }
    let t = Instant::now();
    let doc = read_text(&big, SourceFormat::PlainText);
    let read_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let x = extract(&doc);
    let ex_secs = t.elapsed().as_secs_f64();
    println!(
        "concatenation ({} bytes): read+repair {:.1} MB/s, extract {:.1} MB/s, together {:.1} MB/s ({} references, {} commitments)",
        big.len(),
        big.len() as f64 / read_secs / 1e6,
        big.len() as f64 / ex_secs / 1e6,
        big.len() as f64 / (read_secs + ex_secs) / 1e6,
        x.references.len(),
        x.commitments.len()
    );

    // the seed letter's commitments
    let seed = std::fs::read(format!("{root}/seed/000_983e7923bac65099.txt")).expect("seed");
    let x = kw_text::extract_bytes(&seed).expect("seed reads");
    println!("\nseed letter: {} commitments", x.commitments.len());
    for c in &x.commitments {
        let deadline = c
            .deadline
            .as_ref()
            .map(|d| format!(" [deadline: {}]", d.text))
            .unwrap_or_default();
        println!("- ({}) {}: {}{deadline}", c.rule, c.actor, c.action);
    }
}
