//! The `kamerwacht` binary: command-line glue over the library crates.
//!
//! Exit codes: 0 success; 1 some input was rejected (the rest was done); 2 usage error;
//! 3 nothing found for a query; 4 internal error; 130 interrupted (Ctrl-C).

/// mimalloc: the sync and import allocate and free many small strings per record, often on
/// another thread than the one that allocated them; measured +15% entities/s on the sync bench.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[macro_use]
mod macros;
mod cmd;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Parser, Subcommand};

/// Kamerwacht: follow what the Tweede Kamer asks of the government — motions, votes,
/// letters and commitments.
#[derive(Parser, Debug)]
#[command(name = "kamerwacht", version, about, long_about = None)]
struct Cli {
    /// Data directory (the SQLite store lives here).
    #[arg(
        long,
        global = true,
        env = "KAMERWACHT_DATA",
        default_value = "./kamerwacht-data"
    )]
    data_dir: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Import files and folders (OData JSON, tkmoties, kst/Handelingen XML, text, PDF).
    Import(cmd::import::ImportArgs),
    /// Counts per entity, per Zaak Soort and per BesluitSoort.
    Stats(cmd::stats::StatsArgs),
    /// Repair and read one document (XML, text, PDF): structure, references, commitments.
    Extract(cmd::extract::ExtractArgs),
    /// Replicate the Kamer's data through the SyncFeed (resumable; polite).
    Sync(cmd::sync::SyncArgs),
    /// Fetch one record complete through OData (`fetch motion 2023Z20568`).
    Fetch(cmd::sync::FetchArgs),
    /// Serve the web UI on a data directory.
    Serve(cmd::serve::ServeArgs),
    /// Import the bundled real sample into a fresh data directory and serve the web UI.
    Demo(cmd::serve::DemoArgs),
    /// What happened to a motion and who voted how (Zaak.Nummer, Id or kamerstuk id).
    Motion(cmd::motion::MotionArgs),
    /// A member: who they are, their motions and their roll-call votes.
    Member(cmd::member::MemberArgs),
    /// A party: tabled motions, adoption rate and voting agreement with the other parties.
    Party(cmd::party::PartyArgs),
    /// The data-quality findings over all motions.
    Quality(cmd::quality::QualityArgs),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KAMERWACHT_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // Ctrl-C, SIGTERM and SIGHUP (the `termination` feature of ctrlc) ask every command to
        // stop at its next safe point; a second one ends the process at once.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("\nkamerwacht: stopping after the current step (Ctrl-C again to quit now)");
        });
    }
    let result = match &cli.command {
        Command::Import(a) => cmd::import::run(a, &cli.data_dir, &stop),
        Command::Stats(a) => cmd::stats::run(a, &cli.data_dir),
        Command::Extract(a) => cmd::extract::run(a, &cli.data_dir),
        Command::Sync(a) => cmd::sync::run_sync(a, &cli.data_dir, false, stop.clone()),
        Command::Fetch(a) => cmd::sync::run_fetch(a, &cli.data_dir, false),
        Command::Serve(a) => cmd::serve::run_serve(a, &cli.data_dir, &stop),
        Command::Demo(a) => cmd::serve::run_demo(a, &stop),
        Command::Motion(a) => cmd::motion::run(a, &cli.data_dir),
        Command::Member(a) => cmd::member::run(a, &cli.data_dir),
        Command::Party(a) => cmd::party::run(a, &cli.data_dir),
        Command::Quality(a) => cmd::quality::run(a, &cli.data_dir),
    };
    match result {
        Ok(code) => code,
        Err(e) => output::fail(&e),
    }
}
