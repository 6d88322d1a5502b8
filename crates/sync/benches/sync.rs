//! Benchmark: a full sync of a replayed SyncFeed (pages generated from the real records in
//! `data/sample`, served on loopback) into a real SQLite store, in entities per second.
//!
//! The request-rate limit is off here (`rate = 0`): with the default 2 requests/s the figure
//! would measure the politeness delay, not the client. The real records are repeated under
//! derived ids to reach a size where per-run setup does not dominate.

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use kw_domain::Entity;
use kw_store::Store;
use kw_sync::replay::{FeedEntity, ReplayServer, odata_objects, serve_feed};
use kw_sync::{BaseUrl, Politeness, Quiet, SyncOptions};
use serde_json::Value;

const COPIES: usize = 8;
const PAGE: usize = 250;

fn sample(set: &str) -> Vec<serde_json::Map<String, Value>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/sample/odata")
        .join(set);
    odata_objects(&dir).expect("sample pages")
}

/// The sample records of `set` as `entity`, each id once, repeated `COPIES` times under
/// derived ids (the first 8 hex digits replaced by the copy number).
fn records(entity: Entity, set: &str) -> Vec<FeedEntity> {
    let mut seen = std::collections::HashSet::new();
    let base: Vec<_> = sample(set)
        .into_iter()
        .map(|o| FeedEntity::new(entity, o))
        .filter(|e| seen.insert(e.id()))
        .collect();
    let mut out = Vec::new();
    for copy in 0..COPIES {
        for e in &base {
            let mut e = e.clone();
            let id = e.id();
            e.object.insert(
                "Id".into(),
                Value::String(format!("{copy:08x}{}", &id[8..])),
            );
            out.push(e);
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let server = ReplayServer::start().expect("loopback server");
    let base = server.base_url();
    assert!(base.starts_with("http://127.0.0.1:"));
    let sets = [
        (Entity::Zaak, "zaak"),
        (Entity::Document, "document"),
        (Entity::Besluit, "besluit"),
        (Entity::Stemming, "stemming_complete"),
        (Entity::Activiteit, "activiteit"),
        (Entity::Agendapunt, "agendapunt"),
        (Entity::Vergadering, "vergadering"),
        (Entity::Persoon, "persoon"),
    ];
    let mut total = 0;
    let mut bodies = Vec::new();
    for (entity, set) in sets {
        let list = records(entity, set);
        total += list.len();
        let entries: Vec<String> = list.iter().map(|e| e.to_entry(&base)).collect();
        let pages: Vec<Vec<String>> = entries.chunks(PAGE).map(<[String]>::to_vec).collect();
        bodies.extend(
            kw_sync::replay::build_feed(&base, entity, &pages)
                .into_iter()
                .map(|(_, b)| b),
        );
        serve_feed(&server, entity, &pages);
    }
    // The parser alone, for comparison.
    let mut parse = c.benchmark_group("parse");
    parse.sample_size(10);
    parse.throughput(Throughput::Elements(total as u64));
    parse.bench_function(format!("{total} entities in pages of {PAGE}"), |b| {
        b.iter(|| {
            let mut n = 0;
            for body in &bodies {
                n += kw_formats::syncfeed::parse_page(body.as_bytes())
                    .unwrap()
                    .entries
                    .len();
            }
            assert_eq!(n, total);
        });
    });
    parse.finish();
    let cpu0 = cpu_seconds();
    for _ in 0..5 {
        for body in &bodies {
            std::hint::black_box(kw_formats::syncfeed::parse_page(body.as_bytes()).unwrap());
        }
    }
    println!(
        "parse: {:.0} entities per CPU-second",
        (5 * total) as f64 / (cpu_seconds() - cpu0).max(1e-9)
    );
    let mut opts = SyncOptions::new(BaseUrl::parse(&base).unwrap());
    opts.categories = sets.iter().map(|(e, _)| *e).collect();
    opts.documents = false;
    opts.politeness = Politeness {
        rate: 0.0,
        ..Politeness::default()
    };

    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(total as u64));
    group.bench_function(
        format!("replayed feed, {total} entities, pages of {PAGE}, rate limit off"),
        |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let store = Store::open(dir.path()).unwrap();
                    (dir, store)
                },
                |(dir, mut store)| {
                    let rep =
                        kw_sync::sync(&mut store, &opts, &Quiet, &AtomicBool::new(false)).unwrap();
                    assert!(rep.ok());
                    assert_eq!(rep.totals.entries(), total);
                    (dir, store)
                },
                BatchSize::PerIteration,
            );
        },
    );
    group.finish();

    // The machine this runs on may be shared: wall-clock throughput then measures the other
    // load too. Report the process's CPU time as well (replay server threads included, so the
    // client's own figure is higher still).
    let runs = 3;
    let (cpu0, wall0) = (cpu_seconds(), std::time::Instant::now());
    for _ in 0..runs {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        kw_sync::sync(&mut store, &opts, &Quiet, &AtomicBool::new(false)).unwrap();
    }
    let (cpu, wall) = (cpu_seconds() - cpu0, wall0.elapsed().as_secs_f64());
    let n = (total * runs) as f64;
    println!(
        "sync: {total} entities x {runs} runs: {:.0} entities/s wall-clock, {:.0} entities per CPU-second \
         (process CPU time, server threads included; load average {})",
        n / wall,
        n / cpu.max(1e-9),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split(' ')
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
}

/// User plus system CPU time of this process, from `/proc/self/stat` (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name; the
    // clock tick is 100 Hz on Linux.
    (ticks(11) + ticks(12)) / 100.0
}

criterion_group!(benches, bench);
criterion_main!(benches);
