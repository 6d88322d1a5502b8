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

/// Exit code: some category failed (the rest was done), or the Kamer's service failed.
const EXIT_FAILED: u8 = 1;
/// Exit code: a bad `--base-url` or `--categories`.
const EXIT_USAGE: u8 = 2;
/// Exit code: `fetch motion` found no such motion.
const EXIT_NOT_FOUND: u8 = 3;
/// Exit code: interrupted by Ctrl-C.
const EXIT_INTERRUPTED: u8 = 130;

/// The shortest `--follow` interval.
pub const MIN_FOLLOW: Duration = Duration::from_secs(1);
/// The longest duration any option takes (a year): longer ones cannot be waited for.
pub const MAX_DURATION: Duration = Duration::from_secs(366 * 86_400);
/// The slowest `--rate` other than 0: one request per 1000 seconds.
pub const MIN_RATE: f64 = 0.001;
/// The longest `--timeout` in seconds (a day).
pub const MAX_TIMEOUT: u64 = 86_400;

/// How a command treats the Kamer's service: the options `sync` and `fetch` share.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct PolitenessArgs {
    /// Requests per second at most (0 = no limit, else at least 0.001; be kind to the Kamer's
    /// servers).
    #[arg(long, default_value_t = 2.0)]
    pub rate: f64,
    /// Seconds each phase of a request (connect, send, response head, body) may take before
    /// the request is retried (at most 86400).
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Attempts per request (429, 5xx answers and timeouts are retried with backoff).
    #[arg(long, default_value_t = 5)]
    pub attempts: u32,
    /// The longest wait before a retry: caps the exponential backoff and a server's
    /// `Retry-After` (`500ms`, `30s`, `2m`).
    #[arg(long, value_name = "DURATION", env = "KAMERWACHT_MAX_BACKOFF", default_value = "60s", value_parser = parse_duration)]
    pub max_backoff: Duration,
}

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
    /// Keep syncing, waiting INTERVAL between the end of one run and the start of the next
    /// (`30s`, `10m`, `1h`, `1h30m`; at least 1s). Ctrl-C stops it (exit code 130).
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    pub follow: Option<Duration>,
    /// The service root under which /SyncFeed/2.0/Feed and /OData/v4/2.0/ live.
    #[arg(long, env = "KAMERWACHT_TK_BASE_URL", default_value = kw_sync::DEFAULT_BASE_URL)]
    pub base_url: String,
    #[command(flatten)]
    pub polite: PolitenessArgs,
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
    #[command(flatten)]
    pub polite: PolitenessArgs,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Parses a duration: a sequence of `<n><unit>` with units `ms`, `s`, `m`, `h`, `d`
/// (`1h30m`, `500ms`).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let hint = "expected e.g. 500ms, 30s, 10m or 1h";
    let text = s.trim();
    let mut total = Duration::ZERO;
    let mut rest = text;
    if rest.is_empty() {
        return Err(format!("bad duration {s:?}: {hint}"));
    }
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n: u64 = rest[..digits]
            .parse()
            .map_err(|_| format!("bad duration {s:?}: {hint}"))?;
        rest = &rest[digits..];
        let letters = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        let part = match &rest[..letters] {
            "ms" => Duration::from_millis(n),
            "s" => Duration::from_secs(n),
            "m" => Duration::from_secs(n.saturating_mul(60)),
            "h" => Duration::from_secs(n.saturating_mul(3600)),
            "d" => Duration::from_secs(n.saturating_mul(86_400)),
            "" => {
                return Err(format!(
                    "bad duration {s:?}: a number needs a unit (ms, s, m, h or d)"
                ));
            }
            u => {
                return Err(format!(
                    "bad duration {s:?}: unknown unit {u:?} (use ms, s, m, h or d)"
                ));
            }
        };
        rest = &rest[letters..];
        total = total.saturating_add(part);
    }
    if total.is_zero() {
        return Err(format!("bad duration {s:?}: must be longer than zero"));
    }
    if total > MAX_DURATION {
        return Err(format!("bad duration {s:?}: the longest is 366d"));
    }
    Ok(total)
}

/// Parses a `--follow` interval: a duration of at least [`MIN_FOLLOW`].
pub fn parse_interval(s: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d < MIN_FOLLOW {
        return Err(format!(
            "interval {s:?} is too short: the shortest is {}s",
            MIN_FOLLOW.as_secs()
        ));
    }
    Ok(d)
}

/// The politeness of the options, or why they are unusable (a usage error).
fn politeness(args: &PolitenessArgs) -> Result<Politeness, String> {
    let PolitenessArgs {
        rate,
        timeout,
        attempts,
        max_backoff,
    } = *args;
    if !(rate == 0.0 || (rate.is_finite() && rate >= MIN_RATE)) {
        return Err(format!(
            "--rate must be 0 (no limit) or at least {MIN_RATE} requests per second, not {rate}"
        ));
    }
    if !(1..=MAX_TIMEOUT).contains(&timeout) {
        return Err(format!(
            "--timeout must be from 1 to {MAX_TIMEOUT} seconds, not {timeout}"
        ));
    }
    let defaults = Politeness::default();
    Ok(Politeness {
        rate,
        timeout: Duration::from_secs(timeout),
        max_attempts: attempts.max(1),
        backoff_base: defaults.backoff_base.min(max_backoff),
        backoff_max: max_backoff,
    })
}

/// Says why the options are unusable; the usage exit code.
fn usage(why: &str) -> ExitCode {
    eprintln!("kamerwacht: {why}");
    ExitCode::from(EXIT_USAGE)
}

/// The exit code for a failure of the sync client that the user or the Kamer's service must
/// resolve, after saying why; `None` for internal errors.
fn user_failure(e: &kw_sync::SyncError) -> Option<ExitCode> {
    use kw_sync::SyncError as E;
    if !e.is_user_error() {
        return None;
    }
    eprintln!("kamerwacht: {e}");
    Some(ExitCode::from(match e {
        E::BadBaseUrl { .. } | E::UnknownCategory(_) => EXIT_USAGE,
        E::NotFound(_) => EXIT_NOT_FOUND,
        _ => EXIT_FAILED,
    }))
}

/// Runs `sync`.
pub fn run_sync(
    args: &SyncArgs,
    data_dir: &Path,
    json: bool,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<ExitCode> {
    let json = json || args.json;
    let base = match BaseUrl::parse(&args.base_url) {
        Ok(b) => b,
        Err(e) => return user_failure(&e).ok_or_else(|| e.into()),
    };
    let mut opts = SyncOptions::new(base);
    if !args.categories.is_empty() {
        opts.categories = match kw_sync::parse_categories(&args.categories) {
            Ok(c) => c,
            Err(e) => return user_failure(&e).ok_or_else(|| e.into()),
        };
    }
    opts.politeness = match politeness(&args.polite) {
        Ok(p) => p,
        Err(why) => return Ok(usage(&why)),
    };
    opts.documents = !args.no_documents;
    let mut store = Store::open(data_dir)
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    let mut run = 0u64;
    loop {
        run += 1;
        let progress = Bars::new(args.quiet || json);
        let report = kw_sync::sync(&mut store, &opts, &progress, &stop)?;
        // Derived state: the texts of the documents this run fetched. Outcomes, members and
        // parties are computed from the records when read, so they are current already.
        let extracted = match kw_app::documents::refresh(&mut store) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("kamerwacht: reading document texts failed: {e}");
                None
            }
        };
        progress.finish();
        if json {
            let mut v = serde_json::to_value(&report)?;
            if let Some(obj) = v.as_object_mut() {
                obj.insert("run".into(), run.into());
                obj.insert(
                    "documents_extracted".into(),
                    serde_json::to_value(extracted)?,
                );
            }
            outln!("{}", serde_json::to_string(&v)?);
        } else {
            print_summary(&report, run, args.follow.is_some());
            if let Some(x) = extracted.filter(|x| x.extracted + x.failed > 0) {
                outln!(
                    "  document texts read: {} ({} unreadable)",
                    x.extracted,
                    x.failed
                );
            }
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
        // Each run has its own client: keep the rate limit across runs too.
        let gap = kw_sync::http::rate_interval(opts.politeness.rate)
            .map_or(interval, |i| interval.max(i));
        let until = std::time::Instant::now() + gap;
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
    let base = match BaseUrl::parse(&args.base_url) {
        Ok(b) => b,
        Err(e) => return user_failure(&e).ok_or_else(|| e.into()),
    };
    let politeness = match politeness(&args.polite) {
        Ok(p) => p,
        Err(why) => return Ok(usage(&why)),
    };
    let mut store = Store::open(data_dir)
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    let FetchKind::Motion = args.kind;
    let progress = Bars::new(true);
    let report =
        match kw_sync::fetch_motion(&mut store, &base, &politeness, &args.nummer, &progress) {
            Ok(r) => r,
            Err(kw_sync::SyncError::NotFound(n)) => {
                eprintln!("kamerwacht: no motion {n}: {base} has no Zaak with that Nummer");
                return Ok(ExitCode::from(EXIT_NOT_FOUND));
            }
            Err(e) => return user_failure(&e).ok_or_else(|| e.into()),
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
            "motion {} ({}): {} records ({}): {} new, {} updated, {} unchanged; texts: {} xml, {} pdf/other, {} unchanged, {} missing, {} failed",
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
            report.texts_missing,
            report.texts_failed.len()
        );
    }
    if report.texts_failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    // The records are stored; a text that could not be fetched is a failure of the service
    // (exit 1), named on stderr, and the next sync tries it again.
    for f in &report.texts_failed {
        eprintln!("kamerwacht: text not fetched: {f}");
    }
    Ok(ExitCode::from(EXIT_FAILED))
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

fn print_summary(report: &SyncReport, run: u64, follow: bool) {
    let run = if follow {
        format!("run {run}: ")
    } else {
        String::new()
    };
    outln!(
        "{run}sync from {} ({} requests)",
        report.base_url,
        report.requests
    );
    outln!(
        "  {:<20} {:>6} {:>8} {:>8} {:>9} {:>8} {:>8}  state",
        "category",
        "pages",
        "new",
        "updated",
        "unchanged",
        "deleted",
        "skipped"
    );
    for c in &report.categories {
        let n = &c.counts;
        outln!(
            "  {:<20} {:>6} {:>8} {:>8} {:>9} {:>8} {:>8}  {}",
            c.category,
            n.pages,
            n.new,
            n.updated,
            n.unchanged,
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

    fn polite(
        rate: f64,
        timeout: u64,
        attempts: u32,
        max_backoff: Duration,
    ) -> Result<Politeness, String> {
        politeness(&PolitenessArgs {
            rate,
            timeout,
            attempts,
            max_backoff,
        })
    }

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_interval("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_interval("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_interval("45s"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_interval("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_interval("1s"), Ok(MIN_FOLLOW));
        assert_eq!(parse_interval("1500ms"), Ok(Duration::from_millis(1500)));
        for bad in ["", "10", "m", "0m", "10x", "-1m", "1m2", "ms", "s5"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn follow_intervals_below_one_second_are_refused() {
        let e = parse_interval("500ms").unwrap_err();
        assert!(e.contains("too short"), "{e}");
        assert!(parse_interval("999ms").is_err());
    }

    #[test]
    fn durations_take_milliseconds() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1s250ms"), Ok(Duration::from_millis(1250)));
        assert_eq!(parse_duration(" 2m "), Ok(Duration::from_secs(120)));
        for bad in ["0ms", "5 s", "5sec", "1.5s", "9999999999999999999999s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations_too_long_to_wait_for_are_refused_not_overflowed() {
        // 18446744073709551615 minutes saturated and then overflowed `Instant + Duration`.
        for bad in ["18446744073709551615m", "367d", "99999999h"] {
            let e = parse_interval(bad).unwrap_err();
            assert!(e.contains("longest"), "{bad}: {e}");
        }
        assert_eq!(parse_interval("366d"), Ok(MAX_DURATION));
    }

    #[test]
    fn rates_and_timeouts_that_cannot_be_waited_for_are_refused() {
        let d = Duration::from_secs(60);
        for rate in [1e-20, 0.0005, -1.0, f64::NAN, f64::INFINITY] {
            assert!(polite(rate, 60, 5, d).is_err(), "{rate}");
        }
        for timeout in [0, MAX_TIMEOUT + 1, u64::MAX] {
            assert!(polite(2.0, timeout, 5, d).is_err(), "{timeout}");
        }
        assert!(polite(0.0, 60, 5, d).is_ok());
        assert!(polite(MIN_RATE, MAX_TIMEOUT, 5, d).is_ok());
    }

    #[test]
    fn max_backoff_caps_the_first_backoff_too() {
        let p = polite(2.0, 60, 5, Duration::from_millis(100)).unwrap();
        assert_eq!(p.backoff_max, Duration::from_millis(100));
        assert_eq!(p.backoff_base, Duration::from_millis(100));
        let p = polite(2.0, 60, 5, Duration::from_secs(60)).unwrap();
        assert_eq!(p.backoff_base, Politeness::default().backoff_base);
    }
}
