//! `kamerwacht extract FILE`: the repaired text of a document and what it says.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use kw_text::extract::Extraction;

use crate::output;

/// Arguments of `extract`.
#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// The document: official-publication XML, Handelingen XML, plain text or PDF.
    pub file: PathBuf,
    /// Print the full extraction as JSON (stable; see crates/text/README.md).
    #[arg(long)]
    pub json: bool,
}

/// Runs `extract`. It reads the file only; the store is not touched.
pub fn run(args: &ExtractArgs, _data_dir: &Path) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let x =
        kw_app::documents::extract(&bytes).with_context(|| format!("{}", args.file.display()))?;
    if args.json {
        output::print_json(&x)?;
    } else {
        print_text(&x);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(x: &Extraction) {
    outln!("Soort:       {}", x.kind);
    if let Some(k) = &x.kamerstuk {
        outln!("Kamerstuk:   {}", k.id.as_deref().unwrap_or("-"));
    }
    outln!("Datum:       {}", x.date.as_deref().unwrap_or("-"));
    outln!("Titel:       {}", x.title.as_deref().unwrap_or("-"));
    for p in &x.submitters {
        outln!(
            "Indiener:    {} ({})",
            p.name,
            p.role.as_deref().unwrap_or("-")
        );
    }
    for p in &x.signatories {
        outln!(
            "Ondertekend: {}, {}",
            p.name,
            p.role.as_deref().unwrap_or("-")
        );
    }
    for r in &x.references {
        let who = if r.submitters.is_empty() {
            String::new()
        } else {
            format!(" van {}", r.submitters.join(", "))
        };
        let over = r
            .subject
            .as_deref()
            .map(|s| format!(" over {s}"))
            .unwrap_or_default();
        let kst = r
            .kamerstuk
            .as_ref()
            .map(|k| format!(" [{}]", k.id.as_deref().unwrap_or("-")))
            .unwrap_or_default();
        outln!("Verwijzing:  {}{who}{over}{kst}", r.kind);
    }
    if !x.themes.is_empty() {
        let names: Vec<&str> = x.themes.iter().map(|t| t.label.as_str()).collect();
        outln!("Thema's:     {}", names.join(", "));
    }
    for c in &x.commitments {
        let by = c
            .deadline
            .as_ref()
            .map(|d| format!(" (termijn: {})", deadline_text(d)))
            .unwrap_or_default();
        outln!("Toezegging:  {} — {}{by}", c.actor, c.action);
    }
    outln!(
        "\n{} alinea's, {} voetnoten, {} herstellingen, {} meldingen",
        x.text.len(),
        x.footnotes.len(),
        x.repairs.len(),
        x.diagnostics.len()
    );
    for d in &x.diagnostics {
        outln!("  melding {}: {}", d.code, d.message);
    }
}

/// A deadline for people: the expression, then the range it stands for ("voor de zomer →
/// t/m 2021-07-02, bij benadering").
fn deadline_text(d: &kw_text::deadline::Deadline) -> String {
    let range = match (&d.start, &d.end) {
        (Some(s), Some(e)) if s == e => s.clone(),
        (Some(s), Some(e)) => format!("{s} t/m {e}"),
        (None, Some(e)) => format!("t/m {e}"),
        (Some(s), None) => format!("vanaf {s}"),
        (None, None) if d.vague => "geen einddatum".to_string(),
        (None, None) => "niet te bepalen".to_string(),
    };
    let approx = if d.approximate {
        ", bij benadering"
    } else {
        ""
    };
    format!("{} → {range}{approx}", d.text.trim())
}
