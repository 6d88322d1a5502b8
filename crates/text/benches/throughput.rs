//! Criterion benchmark of repair + read throughput (MB/s): the 450 motions as collector plain
//! text, as PDF-shaped text and as official XML, and one large concatenation.
//!
//! Run: `cargo bench -p kw-text --bench throughput`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kw_text::SourceFormat;
use kw_text::read::{read_bytes, read_text};
use kw_text::repair::repair_text;

#[path = "../tests/common/mod.rs"]
mod common;

fn inputs() -> (Vec<String>, Vec<String>, Vec<Vec<u8>>) {
    let ids = common::motion_ids();
    let plain: Vec<String> = ids.iter().map(|id| common::motion_plain(id)).collect();
    let xml: Vec<Vec<u8>> = ids.iter().map(|id| common::motion_xml(id)).collect();
    let pdf: Vec<String> = xml
        .iter()
        .map(|x| common::render_kamerstuk_pdf_text(&read_bytes(x).expect("kst XML")))
        .collect();
    (plain, pdf, xml)
}

/// CPU time of this thread in nanoseconds (Linux `schedstat`), so that throughput can be given
/// per CPU-second even on a loaded machine; `None` elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Runs `f` for about two seconds of wall time and prints MB per CPU-second and per
/// wall-second (1 MB = 10^6 bytes).
fn cpu_throughput(name: &str, bytes: usize, mut f: impl FnMut()) {
    let (Some(c0), w0) = (thread_cpu_ns(), std::time::Instant::now()) else {
        return;
    };
    let mut n = 0u64;
    while w0.elapsed().as_secs_f64() < 2.0 || n < 3 {
        f();
        n += 1;
    }
    let cpu = (thread_cpu_ns().unwrap_or(c0) - c0) as f64 / 1e9;
    let wall = w0.elapsed().as_secs_f64();
    let mb = (bytes as f64 * n as f64) / 1e6;
    println!(
        "cpu-time throughput  {name:<34} {:>8.1} MB/s per CPU-second ({:>6.1} MB/s wall, {n} runs)",
        mb / cpu,
        mb / wall
    );
}

fn bench(c: &mut Criterion) {
    let (plain, pdf, xml) = inputs();
    {
        let n: usize = plain.iter().map(String::len).sum();
        cpu_throughput("read 450 collector texts", n, || {
            for t in &plain {
                black_box(read_text(black_box(t), SourceFormat::PlainText));
            }
        });
        let n: usize = pdf.iter().map(String::len).sum();
        cpu_throughput("read 450 PDF-shaped texts", n, || {
            for t in &pdf {
                black_box(read_text(black_box(t), SourceFormat::Pdf));
            }
        });
        cpu_throughput("repair 450 PDF-shaped texts", n, || {
            for t in &pdf {
                black_box(repair_text(black_box(t), SourceFormat::Pdf));
            }
        });
        let n: usize = xml.iter().map(Vec::len).sum();
        cpu_throughput("read 450 official XML", n, || {
            for x in &xml {
                black_box(read_bytes(black_box(x)).ok());
            }
        });
        let mut big = String::new();
        for t in &pdf {
            big.push_str(t);
            big.push('\u{000C}');
        }
        let big = big.repeat(10);
        cpu_throughput("read one large concatenation", big.len(), || {
            black_box(read_text(black_box(&big), SourceFormat::Pdf));
        });
        cpu_throughput("repair one large concatenation", big.len(), || {
            black_box(repair_text(black_box(&big), SourceFormat::Pdf));
        });
    }
    let mut g = c.benchmark_group("kw-text");
    g.sample_size(20);

    let n: usize = plain.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(n as u64));
    g.bench_function("read 450 collector texts", |b| {
        b.iter(|| {
            for t in &plain {
                black_box(read_text(black_box(t), SourceFormat::PlainText));
            }
        })
    });

    let n: usize = pdf.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(n as u64));
    g.bench_function("read 450 PDF-shaped texts", |b| {
        b.iter(|| {
            for t in &pdf {
                black_box(read_text(black_box(t), SourceFormat::Pdf));
            }
        })
    });
    g.bench_function("repair 450 PDF-shaped texts", |b| {
        b.iter(|| {
            for t in &pdf {
                black_box(repair_text(black_box(t), SourceFormat::Pdf));
            }
        })
    });

    let n: usize = xml.iter().map(Vec::len).sum();
    g.throughput(Throughput::Bytes(n as u64));
    g.bench_function("read 450 official XML", |b| {
        b.iter(|| {
            for x in &xml {
                black_box(read_bytes(black_box(x)).ok());
            }
        })
    });

    // One large document: the PDF-shaped texts and the seed letter, concatenated ten times.
    let seed = common::seed_text();
    let mut big = String::new();
    for _ in 0..10 {
        for t in &pdf {
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
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
