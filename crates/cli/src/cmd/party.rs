//! `kamerwacht party <name | abbreviation>`: a party's tabled motions with their adoption
//! rate, and how often it voted like every other party.

use std::path::Path;
use std::process::ExitCode;

use kw_app::motions::{PartyReport, party};
use kw_domain::stats::MotionCounts;

use crate::cmd::motion::{load_catalog, word};
use crate::output;

/// Arguments of `party`.
#[derive(clap::Args, Debug)]
pub struct PartyArgs {
    /// Any name of the party ("NSC", "Nieuw Sociaal Contract") or its Kamerwacht id.
    pub name: String,
    /// Print JSON (stable; see docs/cli.md).
    #[arg(long)]
    pub json: bool,
}

/// Runs `party`.
pub fn run(args: &PartyArgs, data_dir: &Path) -> anyhow::Result<ExitCode> {
    let catalog = load_catalog(data_dir)?;
    let report = party(&catalog, &args.name)?;
    if args.json {
        output::print_json(&report)?;
    } else {
        print_text(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn rate(r: Option<f64>) -> String {
    r.map_or("-".to_string(), |r| format!("{:.0}%", r * 100.0))
}

fn counts(label: &str, c: &MotionCounts) {
    outln!(
        "  {label:<16} {:>4} motions: {} adopted, {} rejected, {} other; adoption rate {}",
        c.motions,
        c.adopted,
        c.rejected,
        c.other,
        rate(c.adoption_rate)
    );
}

fn print_text(r: &PartyReport) {
    let p = &r.party;
    outln!("{} — {}  ({})", p.short, p.name, p.id);
    if let Some(s) = p.seats {
        outln!("  Seats:     {s}");
    }
    if p.from.is_some() || p.until.is_some() {
        outln!(
            "  Sitting:   {} – {}",
            p.from.map_or("?".to_string(), |d| d.to_string()),
            p.until.map_or(String::new(), |d| d.to_string())
        );
    }
    if let Some(s) = &p.successor {
        outln!("  Succeeded by: {s}");
    }
    outln!("  Also known as: {}", p.names.join("; "));
    outln!("Tabled motions:");
    counts("as indiener", &r.tabled.as_indiener);
    counts("as medeindiener", &r.tabled.as_medeindiener);
    for m in &r.motions {
        outln!(
            "    {:<11} {:<11} {:<13} {:<20} {}",
            m.nummer.as_deref().unwrap_or("-"),
            m.date.map_or("-".to_string(), |d| d.to_string()),
            word(&m.role),
            word(&m.outcome),
            m.subject.as_deref().unwrap_or("-")
        );
    }
    let a = &r.agreement;
    outln!(
        "Voted alike, {} – {} ({} votes):",
        a.period.from.map_or("…".to_string(), |d| d.to_string()),
        a.period.to.map_or("…".to_string(), |d| d.to_string()),
        a.votes
    );
    outln!("  ({})", a.reason);
    for w in &a.with {
        outln!(
            "    {:<28} {:>5}  ({} of {})",
            w.short,
            rate(w.rate),
            w.agreed,
            w.compared
        );
    }
}
