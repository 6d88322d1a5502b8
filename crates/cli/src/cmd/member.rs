//! `kamerwacht member <name | id>`: who a member is, the motions they submitted and their
//! roll-call votes.

use std::path::Path;
use std::process::ExitCode;

use kw_app::motions::{MemberReport, member};

use crate::cmd::motion::{load_catalog, word};
use crate::output;

/// Arguments of `member`.
#[derive(clap::Args, Debug)]
pub struct MemberArgs {
    /// Any form of the name ("Van Haga", "Inge van Dijk", "Dijk van, I.") or a member id
    /// (Persoon.Id, `afgeleid:…`).
    pub name: String,
    /// Print JSON (stable; see docs/cli.md).
    #[arg(long)]
    pub json: bool,
}

/// Runs `member`.
pub fn run(args: &MemberArgs, data_dir: &Path) -> anyhow::Result<ExitCode> {
    let catalog = load_catalog(data_dir)?;
    let report = member(&catalog, &args.name)?;
    if args.json {
        output::print_json(&report)?;
    } else {
        print_text(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(r: &MemberReport) {
    let m = &r.member;
    outln!("{}  ({})", m.name, m.id);
    if m.derived {
        outln!("  No Persoon record: derived from the actor names in the data.");
    }
    if let Some(f) = &m.functie {
        outln!("  Functie:   {f}");
    }
    for p in &m.parties {
        outln!(
            "  Party:     {} ({} – {})",
            p.party,
            p.first.map_or("?".to_string(), |d| d.to_string()),
            p.last.map_or("?".to_string(), |d| d.to_string())
        );
    }
    if !m.forms.is_empty() {
        outln!("  Seen as:   {}", m.forms.join("; "));
    }
    outln!("  Motions submitted: {}", r.motions.len());
    for x in &r.motions {
        outln!(
            "    {:<11} {:<11} {:<13} {:<20} {}",
            x.nummer.as_deref().unwrap_or("-"),
            x.date.map_or("-".to_string(), |d| d.to_string()),
            word(&x.role),
            word(&x.outcome),
            x.subject.as_deref().unwrap_or("-")
        );
    }
    if !r.votes.is_empty() {
        outln!("  Roll-call votes: {}", r.votes.len());
        for x in &r.votes {
            outln!(
                "    {:<11} {:<11} {:<17} {:<11} {}{}",
                x.nummer.as_deref().unwrap_or("-"),
                x.date.map_or("-".to_string(), |d| d.to_string()),
                word(&x.vote),
                word(&x.outcome),
                x.subject.as_deref().unwrap_or("-"),
                if x.vergissing { " [Vergissing]" } else { "" }
            );
        }
    }
}
