//! `kamerwacht stats`: counts per entity, per Zaak Soort and per BesluitSoort.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use kw_store::Store;

use crate::output;

/// Arguments of `stats`.
#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    /// Print JSON (stable; see docs/cli.md).
    #[arg(long)]
    pub json: bool,
}

/// Runs `stats`.
pub fn run(args: &StatsArgs, data_dir: &Path) -> anyhow::Result<ExitCode> {
    let store = Store::open(data_dir)
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    let stats = kw_store::stats::stats(store.conn())?;
    if args.json {
        output::print_json(&stats)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{:<24} {:>8} {:>8} {:>8}",
        "Records per entity",
        "stored",
        "visible",
        "deleted"
    );
    for (name, c) in &stats.entities {
        outln!(
            "  {name:<22} {:>8} {:>8} {:>8}",
            c.stored,
            c.visible,
            c.deleted
        );
    }
    outln!("\nZaken per Soort:");
    for (k, n) in &stats.zaak_soort {
        outln!("  {k:<40} {n:>8}");
    }
    outln!("\nBesluiten per BesluitSoort:");
    for (k, n) in &stats.besluit_soort {
        outln!("  {k:<40} {n:>8}");
    }
    outln!("\nDocument files per format:");
    for (k, n) in &stats.documents {
        outln!("  {k:<40} {n:>8}");
    }
    Ok(ExitCode::SUCCESS)
}
