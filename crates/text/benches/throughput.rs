//! Throughput of kw-text in MB per CPU-second (per core): read + repair, extraction, and both
//! together, on the 450 collector motion texts (`data/sample/motion-texts/document_texts/*.json`,
//! field `content`) and on one ≥ 20 MB concatenation of them; then criterion benchmarks of the
//! readers (plain, PDF-shaped, official XML), the repair and the extraction.
//!
//! "Extraction" is `extract(&doc)` of documents read beforehand (it copies the paragraphs and
//! repairs into the result); "together" and the concatenation are `extract_owned(read_text(…))`,
//! as the callers run them (nothing copied).
//!
//! Run: `cargo bench -p kw-text --bench throughput`. The CPU-time figures come first; they are
//! taken from the thread's own CPU clock (`/proc/thread-self/schedstat`, nanoseconds), so they
//! hold on a loaded machine where wall-clock figures do not. Environment:
//! - `KW_BENCH_CPU_ONLY=1`: print the CPU-time figures and skip criterion;
//! - `KW_BENCH_SECS=<s>`: CPU seconds per figure (default 2);
//! - `KW_BENCH_ONLY=read|extract|both|concat`: only read (or read once and extract, or read
//!   and `extract_owned`) the 450 collector texts `KW_BENCH_ROUNDS` times (default 1), or the
//!   concatenation once, and nothing else: a short, fixed workload for `valgrind --tool=callgrind` instruction counts
//!   (`read-pdf`, `extract-pdf`: the same on the 450 PDF-shaped texts); the difference between
//!   two round counts divided by the extra rounds and the bytes gives instructions per byte;
//! - `KW_DUMP=<file>`: instead of benchmarking, write every extraction of the bench inputs (450
//!   plain, 450 PDF-shaped, 450 official XML, the seed letter, the Handelingen samples, the
//!   concatenation) to `<file>`, one JSON per line, to compare outputs before and after a change.

/// The allocator of the `kamerwacht` binary, so the bench measures what users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::io::Write;

use criterion::{Criterion, Throughput};
use kw_text::SourceFormat;
use kw_text::extract::{extract, extract_bytes, extract_owned};
use kw_text::read::{read_bytes, read_text};
use kw_text::repair::repair_text;

#[path = "../tests/common/mod.rs"]
mod common;

struct Inputs {
    plain: Vec<String>,
    pdf: Vec<String>,
    xml: Vec<Vec<u8>>,
}

fn inputs() -> Inputs {
    let ids = common::motion_ids();
    let plain: Vec<String> = ids.iter().map(|id| common::motion_plain(id)).collect();
    let xml: Vec<Vec<u8>> = ids.iter().map(|id| common::motion_xml(id)).collect();
    let pdf: Vec<String> = xml
        .iter()
        .map(|x| common::render_kamerstuk_pdf_text(&read_bytes(x).expect("kst XML")))
        .collect();
    Inputs { plain, pdf, xml }
}

/// The 450 collector texts joined with blank lines, repeated to at least 20 MB.
fn concatenation(plain: &[String]) -> String {
    let mut big = String::new();
    while big.len() < 20_000_000 {
        for s in plain {
            big.push_str(s);
            big.push_str("\n\n");
        }
    }
    big
}

/// CPU time of this thread in nanoseconds (Linux `schedstat`), so that throughput can be given
/// per CPU-second even on a loaded machine; `None` elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn budget_secs() -> f64 {
    std::env::var("KW_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0)
}

/// Runs `f` (which processes `bytes` bytes) until it has used the CPU budget (and at least
/// twice) and returns MB (10^6 bytes) per CPU-second.
fn cpu_rate(bytes: usize, mut f: impl FnMut()) -> Option<f64> {
    let c0 = thread_cpu_ns()?;
    let budget = (budget_secs() * 1e9) as u64;
    let mut n = 0u64;
    let mut used = 0;
    while used < budget || n < 2 {
        f();
        n += 1;
        used = thread_cpu_ns()?.saturating_sub(c0);
    }
    Some(bytes as f64 * n as f64 / 1e6 / (used.max(1) as f64 / 1e9))
}

/// CPU nanoseconds of one call of `f`, and its result.
fn cpu_once<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let c0 = thread_cpu_ns().unwrap_or(0);
    let out = f();
    (out, thread_cpu_ns().unwrap_or(0).saturating_sub(c0).max(1))
}

fn print_row(what: &str, rr: f64, x: f64, both: f64) {
    println!(
        "cpu-time throughput  {what:<40} read+repair {rr:>7.1}  extraction {x:>7.1}  together {both:>7.1}  MB/s per core"
    );
}

/// The per-core figures: read + repair, extraction, together.
fn cpu_figures(inp: &Inputs) {
    if thread_cpu_ns().is_none() {
        println!("cpu-time throughput: no per-thread CPU clock on this system; skipped");
        return;
    }
    for (what, texts, format) in [
        (
            "450 collector motion texts",
            &inp.plain,
            SourceFormat::PlainText,
        ),
        ("450 PDF-shaped motion texts", &inp.pdf, SourceFormat::Pdf),
    ] {
        let n: usize = texts.iter().map(String::len).sum();
        let docs: Vec<_> = texts.iter().map(|t| read_text(t, format)).collect();
        let rr = cpu_rate(n, || {
            for t in texts {
                black_box(read_text(black_box(t), format));
            }
        });
        let x = cpu_rate(n, || {
            for d in &docs {
                black_box(extract(black_box(d)));
            }
        });
        let both = cpu_rate(n, || {
            for t in texts {
                black_box(extract_owned(read_text(black_box(t), format)));
            }
        });
        if let (Some(rr), Some(x), Some(both)) = (rr, x, both) {
            print_row(&format!("{what} ({n} B)"), rr, x, both);
        }
    }

    // One large document: each run reads and extracts the whole concatenation once.
    let big = concatenation(&inp.plain);
    let mb = big.len() as f64 / 1e6;
    let (mut rr_ns, mut x_ns, mut runs) = (0u64, 0u64, 0u32);
    while runs < 3 || (rr_ns + x_ns) as f64 / 1e9 < budget_secs() {
        let (doc, r) = cpu_once(|| read_text(black_box(&big), SourceFormat::PlainText));
        let (x, e) = cpu_once(|| extract_owned(black_box(doc)));
        black_box(x);
        rr_ns += r;
        x_ns += e;
        runs += 1;
    }
    let per = |ns: u64| mb * f64::from(runs) / (ns as f64 / 1e9);
    print_row(
        &format!("one concatenation ({} B, {runs} runs)", big.len()),
        per(rr_ns),
        per(x_ns),
        per(rr_ns + x_ns),
    );
}

/// `KW_DUMP`: every extraction of the bench inputs, one JSON per line.
fn dump(inp: &Inputs, path: &str) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("dump file"));
    let mut line = |label: &str, x: &kw_text::extract::Extraction| {
        let json = serde_json::to_string(x).expect("serialisable");
        writeln!(out, "{label}\t{json}").expect("write dump");
    };
    for (i, t) in inp.plain.iter().enumerate() {
        line(
            &format!("plain {i}"),
            &extract_owned(read_text(t, SourceFormat::PlainText)),
        );
    }
    for (i, t) in inp.pdf.iter().enumerate() {
        line(
            &format!("pdf {i}"),
            &extract_owned(read_text(t, SourceFormat::Pdf)),
        );
    }
    for (i, x) in inp.xml.iter().enumerate() {
        if let Ok(x) = extract_bytes(x) {
            line(&format!("xml {i}"), &x);
        }
    }
    let seed = common::seed_text();
    line(
        "seed",
        &extract_owned(read_text(&seed, SourceFormat::PlainText)),
    );
    line(
        "seed pdf",
        &extract_owned(read_text(&seed, SourceFormat::Pdf)),
    );
    let dir = common::sample_path("handelingen");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        if let Ok(x) = extract_bytes(&std::fs::read(&f).expect("handelingen file")) {
            line(&format!("{}", f.display()), &x);
        }
    }
    let big = concatenation(&inp.plain);
    line(
        "concatenation",
        &extract_owned(read_text(&big, SourceFormat::PlainText)),
    );
    let mut letter = String::new();
    for _ in 0..50 {
        letter.push_str(&seed);
        letter.push_str("\n\n");
    }
    line(
        "seed x50",
        &extract_owned(read_text(&letter, SourceFormat::PlainText)),
    );
}

fn criterion_benches(c: &mut Criterion, inp: &Inputs) {
    let mut g = c.benchmark_group("kw-text");
    g.sample_size(20);

    let n: usize = inp.plain.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(n as u64));
    g.bench_function("read 450 collector texts", |b| {
        b.iter(|| {
            for t in &inp.plain {
                black_box(read_text(black_box(t), SourceFormat::PlainText));
            }
        })
    });
    let docs: Vec<_> = inp
        .plain
        .iter()
        .map(|t| read_text(t, SourceFormat::PlainText))
        .collect();
    g.bench_function("extract 450 collector texts", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(extract(black_box(d)));
            }
        })
    });

    let n: usize = inp.pdf.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(n as u64));
    g.bench_function("read 450 PDF-shaped texts", |b| {
        b.iter(|| {
            for t in &inp.pdf {
                black_box(read_text(black_box(t), SourceFormat::Pdf));
            }
        })
    });
    g.bench_function("repair 450 PDF-shaped texts", |b| {
        b.iter(|| {
            for t in &inp.pdf {
                black_box(repair_text(black_box(t), SourceFormat::Pdf));
            }
        })
    });

    let n: usize = inp.xml.iter().map(Vec::len).sum();
    g.throughput(Throughput::Bytes(n as u64));
    g.bench_function("read 450 official XML", |b| {
        b.iter(|| {
            for x in &inp.xml {
                black_box(read_bytes(black_box(x)).ok());
            }
        })
    });

    // One large document: the PDF-shaped texts and the seed letter, concatenated ten times.
    let seed = common::seed_text();
    let mut big = String::new();
    for _ in 0..10 {
        for t in &inp.pdf {
            big.push_str(t);
            big.push('\u{000C}');
        }
        big.push_str(&seed);
        big.push('\u{000C}');
    }
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(10);
    g.bench_function("read one large concatenation", |b| {
        b.iter(|| black_box(read_text(black_box(&big), SourceFormat::Pdf)))
    });
    g.bench_function("repair one large concatenation", |b| {
        b.iter(|| black_box(repair_text(black_box(&big), SourceFormat::Pdf)))
    });
    let doc = read_text(&big, SourceFormat::Pdf);
    g.bench_function("extract one large concatenation", |b| {
        b.iter(|| black_box(extract(black_box(&doc))))
    });
    g.finish();
}

/// `KW_BENCH_ONLY`: a fixed workload for instruction counting.
fn only(what: &str) {
    let (what, format) = match what.strip_suffix("-pdf") {
        Some(w) => (w, SourceFormat::Pdf),
        None => (what, SourceFormat::PlainText),
    };
    let plain: Vec<String> = if format == SourceFormat::Pdf {
        inputs().pdf
    } else {
        common::motion_ids()
            .iter()
            .map(|id| common::motion_plain(id))
            .collect()
    };
    let rounds: usize = std::env::var("KW_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    match what {
        "read" => {
            for _ in 0..rounds {
                for t in &plain {
                    black_box(read_text(black_box(t), format));
                }
            }
        }
        "both" => {
            for _ in 0..rounds {
                for t in &plain {
                    black_box(extract_owned(read_text(black_box(t), format)));
                }
            }
        }
        "extract" => {
            let docs: Vec<_> = plain.iter().map(|t| read_text(t, format)).collect();
            black_box(extract(&docs[0]));
            let n: usize = plain.iter().map(String::len).sum();
            let (_, ns) = cpu_once(|| {
                for _ in 0..rounds {
                    for d in &docs {
                        black_box(extract(black_box(d)));
                    }
                }
            });
            println!(
                "extraction {:.1} MB/s per core",
                (n * rounds) as f64 / 1e6 / (ns as f64 / 1e9)
            );
        }
        _ => {
            let doc = read_text(&concatenation(&plain), SourceFormat::PlainText);
            black_box(extract_owned(black_box(doc)));
        }
    }
}

fn main() {
    if let Ok(what) = std::env::var("KW_BENCH_ONLY") {
        only(&what);
        return;
    }
    let inp = inputs();
    if let Ok(path) = std::env::var("KW_DUMP") {
        dump(&inp, &path);
        return;
    }
    cpu_figures(&inp);
    if std::env::var_os("KW_BENCH_CPU_ONLY").is_some() {
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    criterion_benches(&mut c, &inp);
    c.final_summary();
}
