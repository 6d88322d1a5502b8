//! `kamerwacht import PATH...`: files and folders into the store, with progress and a summary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use kw_app::import::{self, ImportReport};
use kw_store::Store;

use crate::output::{self, EXIT_INTERRUPTED, EXIT_REJECTED};

/// Arguments of `import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Files and folders to import; folders are read recursively.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print the summary as JSON (stable; see docs/cli.md).
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `import`.
pub fn run(args: &ImportArgs, data_dir: &Path, stop: &AtomicBool) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(data_dir)
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    let report = import_paths(&mut store, &args.paths, stop, args.quiet || args.json);
    if args.json {
        output::print_json(&report)?;
    } else {
        print_summary(&report);
    }
    Ok(exit_code(&report))
}

/// Imports with a progress bar (hidden when `quiet` or not a terminal).
pub fn import_paths(
    store: &mut Store,
    paths: &[PathBuf],
    stop: &AtomicBool,
    quiet: bool,
) -> ImportReport {
    let (files, missing) = import::collect(paths);
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(files.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} importing [{bar:30}] {pos}/{len} files {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let mut report = import::import(store, &files, stop, &mut |i, path| {
        bar.set_position(i as u64);
        bar.set_message(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
    });
    bar.finish_and_clear();
    report.rejected.splice(0..0, missing);
    if !report.interrupted {
        // Derived state: the text of every new document.
        let spinner = if quiet {
            ProgressBar::hidden()
        } else {
            ProgressBar::new_spinner()
        };
        spinner.set_message("reading document texts");
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
        match kw_app::documents::refresh(store) {
            Ok(r) => report.documents_extracted = Some(r),
            Err(e) => eprintln!("kamerwacht: reading document texts failed: {e}"),
        }
        spinner.finish_and_clear();
    }
    report
}

/// 0 when everything was imported, 1 when something was rejected, 130 when interrupted.
pub fn exit_code(report: &ImportReport) -> ExitCode {
    if report.interrupted {
        ExitCode::from(EXIT_INTERRUPTED)
    } else if report.rejected.is_empty() && report.rejected_records.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_REJECTED)
    }
}

fn print_summary(r: &ImportReport) {
    outln!("Imported {} file(s).", r.files);
    outln!(
        "{:<22} {:>8} {:>8} {:>10} {:>11}",
        "entity",
        "new",
        "updated",
        "unchanged",
        "tombstoned"
    );
    for (name, c) in &r.entities {
        if c.new + c.updated + c.unchanged + c.tombstoned > 0 {
            outln!(
                "{name:<22} {:>8} {:>8} {:>10} {:>11}",
                c.new,
                c.updated,
                c.unchanged,
                c.tombstoned
            );
        }
    }
    let d = &r.documents;
    if d.new + d.unchanged > 0 {
        outln!(
            "{:<22} {:>8} {:>8} {:>10} {:>11}",
            "document files",
            d.new,
            "-",
            d.unchanged,
            "-"
        );
    }
    if !r.skipped.is_empty() {
        outln!(
            "\nSkipped {} file(s) in no supported format:",
            r.skipped.len()
        );
        for s in &r.skipped {
            outln!("  {}  ({})", s.path.display(), s.reason);
        }
    }
    if !r.rejected.is_empty() {
        eprintln!(
            "\nRejected {} file(s); nothing of them was stored:",
            r.rejected.len()
        );
        for s in &r.rejected {
            eprintln!("  {}: {}", s.path.display(), s.reason);
        }
    }
    if !r.rejected_records.is_empty() {
        eprintln!(
            "\nRejected {} record(s) inside imported files:",
            r.rejected_records.len()
        );
        for s in &r.rejected_records {
            eprintln!("  {}: {}", s.path.display(), s.reason);
        }
    }
    if r.interrupted {
        eprintln!(
            "\nInterrupted: the files not listed above were not read. Run the same import again to continue."
        );
    }
}
