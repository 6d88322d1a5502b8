//! `kamerwacht serve` and `kamerwacht demo`: the web UI.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use kw_store::Store;

use crate::cmd::import::{exit_code, import_paths};

/// Arguments of `serve`.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

/// Arguments of `demo`.
#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The sample to import (defaults to the sample bundled with the source).
    #[arg(long)]
    pub sample: Option<PathBuf>,
    /// Import only, do not serve (for scripts and tests).
    #[arg(long)]
    pub no_serve: bool,
}

/// The bundled sample: `data/sample` of the source tree.
pub fn bundled_sample() -> PathBuf {
    let here = PathBuf::from("data/sample");
    if here.is_dir() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample")
}

/// Runs `serve`.
pub fn run_serve(
    args: &ServeArgs,
    data_dir: &Path,
    stop: &Arc<AtomicBool>,
) -> anyhow::Result<ExitCode> {
    serve(data_dir, args.addr, stop)
}

/// Runs `demo`: a fresh data directory under the system's temporary folder, the sample
/// imported into it, then the web UI.
pub fn run_demo(args: &DemoArgs, stop: &Arc<AtomicBool>) -> anyhow::Result<ExitCode> {
    let sample = args.sample.clone().unwrap_or_else(bundled_sample);
    anyhow::ensure!(
        sample.is_dir(),
        "the sample folder {} does not exist",
        sample.display()
    );
    let data_dir = std::env::temp_dir().join(format!("kamerwacht-demo-{}", std::process::id()));
    if data_dir.exists() {
        std::fs::remove_dir_all(&data_dir)
            .with_context(|| format!("clearing {}", data_dir.display()))?;
    }
    eprintln!(
        "kamerwacht demo: importing {} into {}",
        sample.display(),
        data_dir.display()
    );
    let mut store = Store::open(&data_dir)?;
    let report = import_paths(&mut store, &[sample], stop, false);
    drop(store);
    let n: u64 = report.entities.values().map(|c| c.new).sum();
    eprintln!(
        "kamerwacht demo: {} files, {n} records, {} documents; {} skipped, {} rejected",
        report.files,
        report.documents.new,
        report.skipped.len(),
        report.rejected.len()
    );
    for r in &report.rejected {
        eprintln!("  rejected {}: {}", r.path.display(), r.reason);
    }
    if args.no_serve || report.interrupted {
        return Ok(exit_code(&report));
    }
    serve(&data_dir, args.addr, stop)
}

/// Serves until the process is asked to stop (Ctrl-C, SIGTERM or SIGHUP set `stop`; see
/// `main`), then lets requests in flight finish.
fn serve(data_dir: &Path, addr: SocketAddr, stop: &Arc<AtomicBool>) -> anyhow::Result<ExitCode> {
    let rt = tokio::runtime::Runtime::new()?;
    eprintln!("kamerwacht: serving http://{addr}/ (Ctrl-C to stop)");
    let stop = stop.clone();
    rt.block_on(kw_web::serve(data_dir.to_path_buf(), addr, async move {
        while !stop.load(Ordering::SeqCst) {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }))?;
    Ok(ExitCode::SUCCESS)
}
