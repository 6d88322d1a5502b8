//! Benchmark (not a test): a full sync of a replayed SyncFeed (pages generated from the real
//! records in `data/sample`, served on loopback) into a real SQLite store, in entities per
//! second, with the CPU cost split into parsing, HTTP and the store's writer.
//!
//! The request-rate limit is off here (`rate = 0`): with the default 2 requests/s the figure
//! would measure the politeness delay, not the client. The real records are repeated under
//! derived ids to reach a size where per-run setup does not dominate. Everything a real sync
//! does is measured: HTTP over loopback (the server runs in this process, so its CPU time is
//! in the process figures too), parsing of every entry, and the versioned upserts with links,
//! tombstones and the cursor in each page's transaction.
//!
//! Two feeds are synced: the replayed feed as built from the sample records (whose OData pages
//! carry no many-valued relations, so it has none), and the same records stating the relations
//! a real feed states (each Besluit its Zaak, each Document its Zaak and dossier, each Zaak its
//! dossier and Agendapunt: about 18k links, which the store writes as rows of the link table
//! with its three indexes).
//!
//! `cargo bench -p kw-sync --bench sync [-- sync|parse]`: the argument `sync` skips the
//! component measurements, `parse` measures parsing only (both for profiling);
//! `KW_BENCH_RUNS` sets the number of sync runs (default 7).

/// The allocator of the `kamerwacht` binary, so the bench measures what users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use kw_domain::Entity;
use kw_store::Store;
use kw_sync::http::{Http, Politeness};
use kw_sync::replay::{FeedEntity, ReplayServer, odata_objects, serve_feed};
use kw_sync::{BaseUrl, Quiet, SyncOptions};
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

/// The many-valued relations a real feed states, which the OData sample pages do not carry:
/// each Besluit names its Zaak, each Document its Zaak and Kamerstukdossier, each Zaak its
/// Kamerstukdossier and Agendapunt (targets taken round-robin from the other sets; dossier ids
/// derived from the Zaak's). The store writes these as links, as it would in a real sync.
fn add_relations(lists: &mut [(Entity, Vec<FeedEntity>)]) {
    let ids = |lists: &[(Entity, Vec<FeedEntity>)], entity: Entity| -> Vec<String> {
        lists
            .iter()
            .filter(|(e, _)| *e == entity)
            .flat_map(|(_, l)| l.iter().map(FeedEntity::id))
            .collect()
    };
    let zaken = ids(lists, Entity::Zaak);
    let agendapunten = ids(lists, Entity::Agendapunt);
    let dossier = |zaak: &str| format!("d0551e{}", &zaak[6..]);
    for (entity, list) in lists.iter_mut() {
        for (i, e) in list.iter_mut().enumerate() {
            let zaak = zaken[i % zaken.len()].clone();
            let refs: Vec<(&str, String)> = match entity {
                Entity::Besluit => vec![("zaak", zaak)],
                Entity::Document => vec![("kamerstukdossier", dossier(&zaak)), ("zaak", zaak)],
                Entity::Zaak => vec![
                    ("kamerstukdossier", dossier(&e.id())),
                    ("agendapunt", agendapunten[i % agendapunten.len()].clone()),
                ],
                _ => vec![],
            };
            for (name, target) in refs {
                e.refs.entry(name.to_string()).or_default().push(target);
            }
        }
    }
}

fn main() {
    let only_sync = std::env::args().skip(1).any(|a| a == "sync");
    let only_parse = std::env::args().skip(1).any(|a| a == "parse");
    let runs: usize = std::env::var("KW_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7)
        .max(1);
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
    let (total, bodies, urls) = serve_scenario(&server, &base, &sets, false);
    let bytes: usize = bodies.iter().map(String::len).sum();
    println!(
        "replayed feed: {total} entities in {} pages of {PAGE} ({:.1} MB); load average {}",
        bodies.len(),
        bytes as f64 / 1e6,
        loadavg()
    );
    let per_k = |cpu: f64| cpu * 1e3 / total as f64 * 1e3;

    if !only_sync {
        // Parsing alone, on this thread.
        let mut cpu = Vec::new();
        for _ in 0..5 {
            let t0 = thread_cpu();
            let mut n = 0;
            for body in &bodies {
                n += std::hint::black_box(kw_formats::syncfeed::parse_page(body.as_bytes()))
                    .expect("page parses")
                    .entries
                    .len();
            }
            assert_eq!(n, total);
            cpu.push(thread_cpu() - t0);
        }
        let c = median(cpu);
        println!(
            "parse alone:       {:>6.2} ms CPU per 1,000 entities ({:.0} entities per CPU-second)",
            per_k(c),
            total as f64 / c
        );
        if only_parse {
            return;
        }
        // HTTP alone: every page fetched, client and loopback server (process CPU time).
        let mut http = Http::new(Politeness {
            rate: 0.0,
            ..Politeness::default()
        });
        let mut cpu = Vec::new();
        for _ in 0..5 {
            let t0 = process_cpu();
            for url in &urls {
                let reply = http.get(url, None, &mut |_| {}).expect("page");
                assert_eq!(reply.status, 200);
            }
            cpu.push(process_cpu() - t0);
        }
        println!(
            "HTTP alone:        {:>6.2} ms CPU per 1,000 entities (client and server)",
            per_k(median(cpu))
        );
    }

    let categories: Vec<Entity> = sets.iter().map(|(e, _)| *e).collect();
    sync_runs("sync of the replayed feed", &base, &categories, runs, total);
    let (total, _, _) = serve_scenario(&server, &base, &sets, true);
    sync_runs("sync with relations", &base, &categories, runs, total);
}

/// Serves the sample sets as category feeds (with the relations of [`add_relations`] when
/// `relations`); the number of entities, the page texts and the page URLs.
fn serve_scenario(
    server: &ReplayServer,
    base: &str,
    sets: &[(Entity, &str)],
    relations: bool,
) -> (usize, Vec<String>, Vec<String>) {
    let mut total = 0;
    let mut bodies = Vec::new();
    let mut urls = Vec::new();
    let mut lists: Vec<(Entity, Vec<FeedEntity>)> =
        sets.iter().map(|&(e, set)| (e, records(e, set))).collect();
    if relations {
        add_relations(&mut lists);
    }
    for (entity, list) in lists {
        total += list.len();
        let entries: Vec<String> = list.iter().map(|e| e.to_entry(base)).collect();
        let pages: Vec<Vec<String>> = entries.chunks(PAGE).map(<[String]>::to_vec).collect();
        bodies.extend(
            kw_sync::replay::build_feed(base, entity, &pages)
                .into_iter()
                .map(|(_, b)| b),
        );
        urls.extend(
            serve_feed(server, entity, &pages)
                .into_iter()
                .map(|t| format!("{base}{t}")),
        );
    }
    (total, bodies, urls)
}

/// `runs` syncs of what the server serves into new stores; prints the medians under `label`.
fn sync_runs(label: &str, base: &str, categories: &[Entity], runs: usize, total: usize) {
    let per_k = |cpu: f64| cpu * 1e3 / total as f64 * 1e3;
    let mut opts = SyncOptions::new(BaseUrl::parse(base).expect("base url"));
    opts.categories = categories.to_vec();
    opts.documents = false;
    opts.politeness = Politeness {
        rate: 0.0,
        ..Politeness::default()
    };
    let (mut walls, mut cpus, mut writers, mut queued) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let load_before = loadavg();
    for _ in 0..runs {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(dir.path()).expect("store");
        let (t0, c0, w0, q0) = (Instant::now(), process_cpu(), thread_cpu(), thread_queued());
        let rep = kw_sync::sync(&mut store, &opts, &Quiet, &AtomicBool::new(false)).expect("sync");
        // Closing the store is part of the run: it checkpoints what is left in the WAL.
        drop(store);
        // The writer is this thread; the fetcher (HTTP + parsing) and the server are others.
        let (wall, cpu, writer) = (
            t0.elapsed().as_secs_f64(),
            process_cpu() - c0,
            thread_cpu() - w0,
        );
        assert!(rep.ok(), "{:?}", rep.failures());
        assert_eq!(rep.totals.entries(), total);
        walls.push(wall);
        queued.push(thread_queued() - q0);
        cpus.push(cpu);
        writers.push(writer);
    }
    let (wall, cpu, writer, queued) =
        (median(walls), median(cpus), median(writers), median(queued));
    println!(
        "{label}, {runs} runs (medians): {:.0} entities/s wall-clock; CPU per 1,000 entities {:.2} ms \
         in all ({:.0} entities per CPU-second), writer thread {:.2} ms, fetcher and server {:.2} ms; \
         load average {load_before} before, {} after",
        total as f64 / wall,
        per_k(cpu),
        total as f64 / cpu,
        per_k(writer),
        per_k(cpu - writer),
        loadavg()
    );
    println!(
        "  writer per 1,000 entities: {:.2} ms wall = {:.2} ms on a CPU + {:.2} ms runnable but \
         waiting for a CPU (other load) + {:.2} ms blocked (waiting for pages, or for the disk)",
        per_k(wall),
        per_k(writer),
        per_k(queued),
        per_k(wall - writer - queued)
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split(' ')
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// CPU time of the calling thread in seconds, from `/proc/thread-self/schedstat` (Linux; 0
/// elsewhere).
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// Time the calling thread was runnable but waiting for a CPU, in seconds, from
/// `/proc/thread-self/schedstat` (Linux; 0 elsewhere).
fn thread_queued() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// User plus system CPU time of this process (every thread, finished ones included) in
/// seconds, from `/proc/self/stat` (Linux; 0 elsewhere).
fn process_cpu() -> f64 {
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
