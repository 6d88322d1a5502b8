//! `kamerwacht sync` (replicate the Kamer's SyncFeed into the store, once or following) and
//! `kamerwacht fetch motion <Zaak.Nummer>` (one motion complete through OData).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use kw_domain::Entity;
use kw_formats::syncfeed::EntryError;
use kw_store::Store;
use kw_sync::http::Retry;
use kw_sync::{
    BaseUrl, CategoryReport, Counts, Outcome, Politeness, Progress, SyncOptions, SyncReport,
};

/// Exit code: some category failed (the rest was done).
const EXIT_FAILED: u8 = 1;
/// Exit code: interrupted by Ctrl-C.
const EXIT_INTERRUPTED: u8 = 130;

/// Arguments of `sync`.
#[derive(clap::Args, Debug, Clone)]
pub struct SyncArgs {
    /// Categories (entity types) to sync, e.g. `Zaak,Besluit,Stemming`; default: every
    /// entity the store holds.
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    pub categories: Vec<String>,
    /// Sync once and exit (the default).
    #[arg(long, conflicts_with = "follow")]
    pub once: bool,
    /// Keep syncing, waiting INTERVAL between runs (`30s`, `10m`, `1h`, `1h30m`).
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    pub follow: Option<Duration>,
    /// The service root under which /SyncFeed/2.0/Feed and /OData/v4/2.0/ live.
    #[arg(long, env = "KAMERWACHT_TK_BASE_URL", default_value = kw_sync::DEFAULT_BASE_URL)]
    pub base_url: String,
    /// Requests per second at most (0 = no limit; be kind to the Kamer's servers).
    #[arg(long, default_value_t = 2.0)]
    pub rate: f64,
    /// Seconds one request may take before it is retried.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Attempts per request (5xx answers and timeouts are retried with backoff).
    #[arg(long, default_value_t = 5)]
    pub attempts: u32,
    /// Do not fetch the texts of motions, amendments and letters.
    #[arg(long)]
    pub no_documents: bool,
    /// Print the summary as JSON (one object per run).
    #[arg(long)]
    pub json: bool,
    /// No progress bars.
    #[arg(long, short)]
    pub quiet: bool,
}

/// What `fetch` fetches.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchKind {
    /// A motion by its Zaak number (e.g. 2023Z20568).
    Motion,
}

/// Arguments of `fetch`.
#[derive(clap::Args, Debug, Clone)]
pub struct FetchArgs {
    /// What to fetch.
    #[arg(value_enum)]
    pub kind: FetchKind,
    /// The Zaak number, e.g. 2023Z20568.
    pub nummer: String,
    /// The service root under which /OData/v4/2.0/ lives.
    #[arg(long, env = "KAMERWACHT_TK_BASE_URL", default_value = kw_sync::DEFAULT_BASE_URL)]
    pub base_url: String,
    /// Requests per second at most.
    #[arg(long, default_value_t = 2.0)]
    pub rate: f64,
    /// Seconds one request may take before it is retried.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Parses an interval: a sequence of `<n><unit>` with units `s`, `m`, `h`, `d` (`1h30m`).
pub fn parse_interval(s: &str) -> Result<Duration, String> {
    let mut total = 0u64;
    let mut num = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u64 = num
            .parse()
            .map_err(|_| format!("bad interval {s:?}: expected e.g. 10m or 1h"))?;
        num.clear();
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => {
                return Err(format!(
                    "bad interval {s:?}: unknown unit {c:?} (use s, m, h or d)"
                ));
            }
        };
        total = total.saturating_add(n.saturating_mul(unit));
    }
    if !num.is_empty() {
        return Err(format!(
            "bad interval {s:?}: a number needs a unit (s, m, h or d)"
        ));
    }
    if total == 0 {
        return Err(format!("bad interval {s:?}: must be longer than zero"));
    }
    Ok(Duration::from_secs(total))
}

fn politeness(rate: f64, timeout: u64, attempts: u32) -> anyhow::Result<Politeness> {
    anyhow::ensure!(
        rate.is_finite() && rate >= 0.0,
        "--rate must be 0 or more, not {rate}"
    );
    anyhow::ensure!(timeout > 0, "--timeout must be at least 1 second");
    Ok(Politeness {
        rate,
        timeout: Duration::from_secs(timeout),
        max_attempts: attempts.max(1),
        ..Politeness::default()
    })
}

/// Runs `sync`.
pub fn run_sync(
    args: &SyncArgs,
    data_dir: &Path,
    json: bool,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<ExitCode> {
    let json = json || args.json;
    let base = BaseUrl::parse(&args.base_url)?;
    let mut opts = SyncOptions::new(base);
    if !args.categories.is_empty() {
        opts.categories = kw_sync::parse_categories(&args.categories)?;
    }
    opts.politeness = politeness(args.rate, args.timeout, args.attempts)?;
    opts.documents = !args.no_documents;
    let mut store = Store::open(data_dir)
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    let progress = Bars::new(args.quiet || json);
    loop {
        let report = kw_sync::sync(&mut store, &opts, &progress, &stop)?;
        // Derived state: the texts of the documents this run fetched. Outcomes, members and
        // parties are computed from the records when read, so they are current already.
        if let Err(e) = kw_app::documents::refresh(&mut store) {
            eprintln!("kamerwacht: reading document texts failed: {e}");
        }
        progress.finish();
        if json {
            outln!("{}", serde_json::to_string(&report)?);
        } else {
            print_summary(&report);
        }
        for f in report.failures() {
            eprintln!("kamerwacht: sync failed: {f}");
        }
        let code = if report.interrupted || stop.load(Ordering::SeqCst) {
            EXIT_INTERRUPTED
        } else if !report.ok() {
            EXIT_FAILED
        } else {
            0
        };
        let Some(interval) = args.follow else {
            return Ok(ExitCode::from(code));
        };
        if code == EXIT_INTERRUPTED {
            return Ok(ExitCode::from(code));
        }
        if !json && !args.quiet {
            eprintln!("kamerwacht: next sync in {}", humanize(interval));
        }
        let until = std::time::Instant::now() + interval;
        while std::time::Instant::now() < until {
            if stop.load(Ordering::SeqCst) {
                return Ok(ExitCode::from(EXIT_INTERRUPTED));
            }
            std::thread::sleep(Duration::from_millis(200).min(until - std::time::Instant::now()));
        }
    }
}

/// Runs `fetch`.
pub fn run_fetch(args: &FetchArgs, data_dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let json = json || args.json;
    let base = BaseUrl::parse(&args.base_url)?;
    let politeness = politeness(args.rate, args.timeout, Politeness::default().max_attempts)?;
    let mut store = Store::open(data_dir)
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    let FetchKind::Motion = args.kind;
    let progress = Bars::new(true);
    let report =
        match kw_sync::fetch_motion(&mut store, &base, &politeness, &args.nummer, &progress) {
            Ok(r) => r,
            Err(e @ kw_sync::SyncError::NotFound(_)) => {
                eprintln!("kamerwacht: {e}");
                return Ok(ExitCode::from(3));
            }
            Err(e) => return Err(e.into()),
        };
    if let Err(e) = kw_app::documents::refresh(&mut store) {
        eprintln!("kamerwacht: reading document texts failed: {e}");
    }
    if json {
        outln!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        let by: Vec<String> = report
            .by_entity
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        outln!(
            "motion {} ({}): {} records ({}): {} new, {} updated, {} unchanged; texts: {} xml, {} pdf/other, {} unchanged, {} missing",
            report.nummer,
            report.zaak_id,
            report.records,
            by.join(", "),
            report.new,
            report.updated,
            report.unchanged,
            report.texts_xml,
            report.texts_resource,
            report.texts_unchanged,
            report.texts_missing
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn humanize(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

fn outcome_text(o: &Outcome) -> &str {
    match o {
        Outcome::CaughtUp => "caught up",
        Outcome::Interrupted => "interrupted",
        Outcome::Failed(_) => "FAILED",
    }
}

fn print_summary(report: &SyncReport) {
    outln!(
        "sync from {} ({} requests)",
        report.base_url,
        report.requests
    );
    outln!(
        "  {:<20} {:>6} {:>8} {:>8} {:>8} {:>8}  state",
        "category",
        "pages",
        "new",
        "updated",
        "deleted",
        "skipped"
    );
    for c in &report.categories {
        let n = &c.counts;
        outln!(
            "  {:<20} {:>6} {:>8} {:>8} {:>8} {:>8}  {}",
            c.category,
            n.pages,
            n.new,
            n.updated,
            n.deleted,
            n.skipped,
            outcome_text(&c.outcome)
        );
        for s in c.skipped_entries.iter().take(5) {
            outln!("      skipped {s}");
        }
    }
    if let Some(d) = &report.documents {
        outln!(
            "  documents: {} pending, {} xml, {} pdf/other, {} unchanged, {} missing, {} failed",
            d.pending,
            d.xml,
            d.resource,
            d.unchanged,
            d.missing,
            d.failed.len()
        );
        for f in d.failed.iter().take(5) {
            outln!("      {f}");
        }
    }
}

/// Progress bars on stderr (hidden when quiet or not a terminal).
struct Bars {
    bar: ProgressBar,
    quiet: bool,
}

impl Bars {
    fn new(quiet: bool) -> Bars {
        let bar = if quiet {
            ProgressBar::hidden()
        } else {
            ProgressBar::new_spinner()
        };
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix:>12} {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Bars { bar, quiet }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bars {
    fn category_started(&self, entity: Entity, cursor: Option<&str>) {
        self.bar.set_prefix(entity.name().to_string());
        self.bar.set_message(match cursor {
            Some(t) => format!("resuming at skiptoken {t}"),
            None => "from the start".to_string(),
        });
    }

    fn page_applied(&self, _entity: Entity, _page: &Counts, t: &Counts) {
        self.bar.set_message(format!(
            "page {}: {} new, {} updated, {} deleted, {} skipped",
            t.pages, t.new, t.updated, t.deleted, t.skipped
        ));
    }

    fn entry_skipped(&self, entity: Entity, error: &EntryError) {
        if !self.quiet {
            self.bar.println(format!("skipped a {entity} {error}"));
        }
    }

    fn retry(&self, r: &Retry<'_>) {
        if !self.quiet {
            self.bar.println(format!(
                "retrying {} in {:.1}s (attempt {} failed: {})",
                r.url,
                r.wait.as_secs_f64(),
                r.attempt,
                r.reason
            ));
        }
    }

    fn category_finished(&self, report: &CategoryReport) {
        if !self.quiet {
            self.bar.println(format!(
                "{}: {} pages, {} new, {} updated, {} deleted, {} skipped — {}",
                report.category,
                report.counts.pages,
                report.counts.new,
                report.counts.updated,
                report.counts.deleted,
                report.counts.skipped,
                outcome_text(&report.outcome)
            ));
        }
    }

    fn documents_started(&self, count: usize) {
        self.bar.set_prefix("documents");
        self.bar.set_message(format!("0/{count}"));
    }

    fn document_done(&self, done: usize, count: usize) {
        self.bar.set_message(format!("{done}/{count}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_interval("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_interval("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_interval("45s"), Ok(Duration::from_secs(45)));
        for bad in ["", "10", "m", "0m", "10x", "-1m"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }
}
