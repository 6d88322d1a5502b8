//! `kamerwacht quality`: the data-quality findings over all motions (where the data disagrees
//! with itself or had to be inferred).

use std::path::Path;
use std::process::ExitCode;

use kw_app::motions::quality;

use crate::cmd::motion::{load_catalog, word};
use crate::output;

/// Arguments of `quality`.
#[derive(clap::Args, Debug)]
pub struct QualityArgs {
    /// Print JSON (stable; see docs/cli.md).
    #[arg(long)]
    pub json: bool,
}

/// Runs `quality`.
pub fn run(args: &QualityArgs, data_dir: &Path) -> anyhow::Result<ExitCode> {
    let catalog = load_catalog(data_dir)?;
    let report = quality(&catalog);
    if args.json {
        output::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("{} findings over {} motions", report.count, report.motions);
    for (kind, n) in &report.by_kind {
        outln!("  {:<24} {n:>6}", word(kind));
    }
    for f in &report.findings {
        outln!(
            "{:<11} {:<22} {}",
            f.zaak.as_deref().unwrap_or("-"),
            word(&f.kind),
            f.message
        );
    }
    Ok(ExitCode::SUCCESS)
}
