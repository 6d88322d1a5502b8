//! Benchmark (not a test): import of real folders into a fresh store, then the all-unchanged
//! re-import; median of 5 runs each.
//!
//! `cargo bench -p kw-app --bench import` measures the bundled sample. To measure other
//! folders (e.g. the three source folders the foundation issue names) set
//! `KAMERWACHT_BENCH_DATA` to a `:`-separated list of paths.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use kw_app::import;
use kw_store::Store;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let paths: Vec<PathBuf> = match std::env::var("KAMERWACHT_BENCH_DATA") {
        Ok(list) => list.split(':').map(PathBuf::from).collect(),
        Err(_) => vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/sample")],
    };
    let (files, missing) = import::collect(&paths);
    assert!(missing.is_empty(), "missing: {missing:?}");
    let stop = AtomicBool::new(false);
    let mut fresh = Vec::new();
    let mut again = Vec::new();
    let mut records = 0;
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(dir.path()).expect("store");
        let t = Instant::now();
        let report = import::import(&mut store, &files, &stop, &mut |_, _| {});
        fresh.push(t.elapsed());
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        records = report
            .entities
            .values()
            .map(|c| c.new + c.updated + c.unchanged + c.tombstoned)
            .sum::<u64>();
        let t = Instant::now();
        let report = import::import(&mut store, &files, &stop, &mut |_, _| {});
        again.push(t.elapsed());
        assert_eq!(
            report
                .entities
                .values()
                .map(|c| c.new + c.updated)
                .sum::<u64>(),
            0
        );
    }
    let (f, a) = (median(fresh.clone()), median(again.clone()));
    println!(
        "import of {} files ({records} records) from {paths:?}",
        files.len()
    );
    println!(
        "  fresh:      median {:>8.1} ms  (runs: {:?})",
        f.as_secs_f64() * 1e3,
        ms(&fresh)
    );
    println!(
        "  unchanged:  median {:>8.1} ms  (runs: {:?})",
        a.as_secs_f64() * 1e3,
        ms(&again)
    );
    println!(
        "  records/s (fresh): {:.0}",
        records as f64 / f.as_secs_f64()
    );
}

fn ms(v: &[Duration]) -> Vec<u64> {
    v.iter().map(|d| d.as_millis() as u64).collect()
}
