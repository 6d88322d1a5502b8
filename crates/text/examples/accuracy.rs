//! Printable report for extraction: throughput of read + repair + extraction on the 450 bundled
//! motion texts (each, and one large concatenation), and the seed letter's commitments.
//!
//! Run with `cargo run --release -p kw-text --example accuracy`. The accuracy figures against
//! the official XML are printed by the `accuracy` integration test
//! (`cargo test -p kw-text --test integration accuracy -- --nocapture`).

use std::time::Instant;

/// CPU time of this process (user + system) in seconds, from `/proc/self/stat`, so that the
/// figures are per core even on a busy machine; wall-clock time where that is unavailable.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Wall-clock and CPU seconds of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let c0 = cpu_seconds();
    let t = Instant::now();
    let out = f();
    let wall = t.elapsed().as_secs_f64();
    let cpu = match (c0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    (out, wall, cpu)
}

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

    // `KW_ONLY=letter`: only the extraction of a long letter (for `perf`)
    if std::env::var("KW_ONLY").as_deref() == Ok("letter") {
        let seed =
            std::fs::read_to_string(format!("{root}/seed/000_983e7923bac65099.txt")).expect("seed");
        let doc = read_text(&seed.repeat(500), SourceFormat::PlainText);
        println!("{} commitments", extract(&doc).commitments.len());
        return;
    }
    // `KW_ONLY=extract`: only the extraction loop (for `perf stat`)
    if std::env::var("KW_ONLY").as_deref() == Ok("extract") {
        let docs: Vec<_> = texts
            .iter()
            .map(|s| read_text(s, SourceFormat::PlainText))
            .collect();
        let mut n = 0usize;
        for _ in 0..100 {
            for d in &docs {
                n += extract(d).requests.len();
            }
        }
        println!("{n} requests");
        return;
    }

    // 450 texts, each read + repaired + extracted; repeated to get a stable time
    let rounds = 40;
    let (n, wall, cpu) = timed(|| {
        let mut n = 0usize;
        for _ in 0..rounds {
            for s in &texts {
                n += extract(&read_text(s, SourceFormat::PlainText))
                    .submitters
                    .len();
            }
        }
        n
    });
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "450 motion texts ({bytes} bytes) x {rounds}, read+repair+extract: {:.1} MB/s per core ({:.1} MB/s wall; {n} submitters)",
        mb / cpu,
        mb / wall
    );

    // reading (repair) and extraction separately
    let (docs, wall_r, cpu_r) = timed(|| {
        let mut docs = Vec::new();
        for _ in 0..rounds {
            docs = texts
                .iter()
                .map(|s| read_text(s, SourceFormat::PlainText))
                .collect::<Vec<_>>();
        }
        docs
    });
    let (n, wall_x, cpu_x) = timed(|| {
        let mut n = 0usize;
        for _ in 0..rounds {
            for d in &docs {
                n += extract(d).requests.len();
            }
        }
        n
    });
    println!(
        "  read+repair alone {:.1} MB/s per core ({:.1} wall), extraction alone {:.1} MB/s per core ({:.1} wall; {n} requests)",
        mb / cpu_r,
        mb / wall_r,
        mb / cpu_x,
        mb / wall_x
    );

    // one large concatenation, as one document
    let mut big = String::new();
    while big.len() < 20_000_000 {
        for s in &texts {
            big.push_str(s);
            big.push_str("\n\n");
        }
    }
    let mb = big.len() as f64 / 1e6;
    let (doc, wall_r, cpu_r) = timed(|| read_text(&big, SourceFormat::PlainText));
    let (x, wall_x, cpu_x) = timed(|| extract(&doc));
    println!(
        "concatenation ({} bytes): read+repair {:.1} MB/s per core, extract {:.1} MB/s per core, together {:.1} MB/s per core ({:.1} wall); {} references",
        big.len(),
        mb / cpu_r,
        mb / cpu_x,
        mb / (cpu_r + cpu_x),
        mb / (wall_r + wall_x),
        x.references.len()
    );

    // a long letter: the seed repeated to 20 MB (sentences, commitments, deadlines)
    let seed_text =
        std::fs::read_to_string(format!("{root}/seed/000_983e7923bac65099.txt")).expect("seed");
    let mut letter = String::new();
    while letter.len() < 20_000_000 {
        letter.push_str(&seed_text);
        letter.push_str("\n\n");
    }
    let mb = letter.len() as f64 / 1e6;
    let (doc, _, cpu_r) = timed(|| read_text(&letter, SourceFormat::PlainText));
    let (x, _, cpu_x) = timed(|| extract(&doc));
    println!(
        "long letter ({} bytes): read+repair {:.1} MB/s per core, extract {:.1} MB/s per core, together {:.1} MB/s per core; {} commitments (repeats counted once)",
        letter.len(),
        mb / cpu_r,
        mb / cpu_x,
        mb / (cpu_r + cpu_x),
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
