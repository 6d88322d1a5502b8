//! `kamerwacht motion <Zaak.Nummer | Id | kamerstuk id>`: what happened to one motion and who
//! voted how.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use kw_app::motions::{Catalog, motion};
use kw_domain::MotionView;
use kw_domain::outcome::{PartyVote, Vote};
use kw_store::Store;

use crate::output;

/// Arguments of `motion`.
#[derive(clap::Args, Debug)]
pub struct MotionArgs {
    /// A Zaak.Nummer (2023Z20568), a Zaak.Id (GUID) or a kamerstuk id (36470-14, kst-36470-14).
    pub query: String,
    /// Print JSON (stable; see docs/cli.md).
    #[arg(long)]
    pub json: bool,
}

/// Opens the store and builds the catalog of all motions (`KAMERWACHT_LOG=debug` logs how
/// long that took).
pub fn load_catalog(data_dir: &Path) -> anyhow::Result<Catalog> {
    let started = std::time::Instant::now();
    let store = Store::open(data_dir)
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    let inputs =
        kw_app::motions::load_inputs(store.conn()).context("loading the motions from the store")?;
    let read = started.elapsed();
    let catalog = Catalog::build(&inputs);
    tracing::debug!(
        motions = catalog.views.len(),
        members = catalog.directory.members().len(),
        read_ms = read.as_secs_f64() * 1000.0,
        elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
        "catalog loaded"
    );
    Ok(catalog)
}

/// Runs `motion`.
pub fn run(args: &MotionArgs, data_dir: &Path) -> anyhow::Result<ExitCode> {
    let catalog = load_catalog(data_dir)?;
    let view = motion(&catalog, &args.query)?;
    if args.json {
        output::print_json(view)?;
    } else {
        print_text(view);
    }
    Ok(ExitCode::SUCCESS)
}

fn or_dash(s: Option<&str>) -> &str {
    s.unwrap_or("-")
}

/// Serde's snake_case name of an enum value (the same word as in the JSON).
pub fn word<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s.replace('_', " "),
        Ok(other) => other.to_string(),
        Err(_) => "?".to_string(),
    }
}

fn print_text(v: &MotionView) {
    outln!(
        "{}  {}",
        or_dash(v.nummer.as_deref()),
        or_dash(v.subject.as_deref())
    );
    if let Some(o) = &v.onderwerp {
        outln!("  Onderwerp:      {o}");
    }
    if let Some(t) = &v.titel {
        outln!(
            "  Dossier:        {}{}",
            v.dossier
                .as_ref()
                .map_or(String::new(), |d| format!("{d} ")),
            t.trim()
        );
    }
    outln!(
        "  Kamerstuk:      {}{}",
        or_dash(v.kamerstuk.as_deref()),
        v.replaces
            .as_ref()
            .map_or(String::new(), |r| format!(" (replaces {r})"))
    );
    outln!(
        "  Date:           {}",
        v.date.map_or("-".to_string(), |d| d.to_string())
    );
    outln!(
        "  Kabinet:        {}",
        or_dash(v.kabinetsappreciatie.as_deref())
    );
    outln!("  Submitters:");
    for s in &v.submitters {
        outln!(
            "    {:<14} {} ({})",
            word(&s.role),
            s.member_name.as_deref().unwrap_or(&s.name),
            or_dash(s.party.as_deref())
        );
    }
    let o = &v.outcome;
    let tally = o.tally.as_ref().map_or(String::new(), |t| {
        format!(
            ", {}–{} ({} not taking part; {})",
            t.voor,
            t.tegen,
            t.niet_deelgenomen,
            if o.mode == Some(kw_domain::outcome::VoteMode::Hoofdelijk) {
                "members"
            } else {
                "seats"
            }
        )
    });
    outln!(
        "  Outcome:        {}{tally}  [{}; by {}]",
        word(&o.outcome).to_uppercase(),
        or_dash(o.besluit_soort.as_deref()),
        word(&o.basis)
    );
    if let Some(d) = o.date {
        outln!("  Vote date:      {d}");
    }
    if let Some(m) = &o.mode {
        outln!("  Vote:           {}", word(m));
    }
    if !o.party_lines.is_empty() {
        outln!("  Parties:");
        for l in &o.party_lines {
            let line = format!(
                "    {:<28} {:>3}  {:<16}{}{}",
                l.party,
                l.seats,
                word(&l.vote),
                l.actor
                    .as_ref()
                    .map_or(String::new(), |a| format!("  ({a})")),
                if l.vergissing { "  [Vergissing]" } else { "" }
            );
            outln!("{}", line.trim_end());
            if l.vote == PartyVote::Verdeeld {
                outln!(
                    "    {:<28}      voor {}, tegen {}, not taking part {}",
                    "",
                    l.voor,
                    l.tegen,
                    l.niet_deelgenomen
                );
            }
        }
    }
    if !o.member_lines.is_empty() {
        outln!("  Members (roll call):");
        for vote in [Vote::Voor, Vote::Tegen, Vote::NietDeelgenomen] {
            for l in o.member_lines.iter().filter(|l| l.vote == vote) {
                outln!(
                    "    {:<17} {} ({}){}",
                    word(&l.vote),
                    l.name,
                    or_dash(l.party.as_deref()),
                    if l.vergissing { "  [Vergissing]" } else { "" }
                );
            }
        }
    }
    if !v.documents.is_empty() {
        outln!("  Documents:");
        for d in &v.documents {
            outln!(
                "    {:<12} {:<11} {:<14} {}",
                or_dash(d.nummer.as_deref()),
                d.date.map_or("-".to_string(), |x| x.to_string()),
                or_dash(d.kamerstuk.as_deref()),
                or_dash(d.soort.as_deref())
            );
        }
    }
    if !v.findings.is_empty() {
        outln!("  Findings:");
        for f in &v.findings {
            outln!("    {}: {}", word(&f.kind), f.message);
        }
    }
}
