//! Benchmark (not a test): versioned upserts of real records into a real SQLite file, fresh
//! and all-unchanged, median of 5 runs; the store's share of import and sync time.

use std::time::{Duration, Instant};

use kw_formats::Record;
use kw_store::Store;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample/odata");
    let mut records: Vec<Record> = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).expect("sample") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).expect("file");
                kw_formats::odata::read_slice(&bytes, &mut |r| {
                    records.push(r);
                    Ok(())
                })
                .expect("reads");
            }
        }
    }
    // Repeat under derived ids to get a size where setup does not dominate.
    let base = records.clone();
    for copy in 1..8 {
        for r in &base {
            let mut r = r.clone();
            r.id = format!("{copy:08x}{}", &r.id[8.min(r.id.len())..]);
            records.push(r);
        }
    }
    let (mut fresh, mut again) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(dir.path()).expect("store");
        for (times, _) in [(&mut fresh, 0), (&mut again, 1)] {
            let t = Instant::now();
            for chunk in records.chunks(250) {
                store
                    .write(|tx| {
                        for r in chunk {
                            tx.upsert(r)?;
                        }
                        Ok::<_, kw_store::StoreError>(())
                    })
                    .expect("write");
            }
            times.push(t.elapsed());
        }
    }
    let n = records.len() as f64;
    let (f, a) = (median(fresh), median(again));
    println!("upsert of {} records in transactions of 250", records.len());
    println!(
        "  fresh:     median {:>7.1} ms, {:>8.0} records/s",
        f.as_secs_f64() * 1e3,
        n / f.as_secs_f64()
    );
    println!(
        "  unchanged: median {:>7.1} ms, {:>8.0} records/s",
        a.as_secs_f64() * 1e3,
        n / a.as_secs_f64()
    );
}
