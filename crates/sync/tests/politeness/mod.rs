//! Politeness against the replay server, measured on the server's own request log: `Retry-After`
//! (seconds and HTTP-date) honoured and capped, 5xx backoff, the request rate as a lower bound
//! on the spacing of requests, the User-Agent, and conditional requests with `Last-Modified`.

use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant, SystemTime};

use kw_domain::Entity;
use kw_sync::http::{Retry, format_http_date, parse_http_date};
use kw_sync::replay::{self, ReplayServer, Request, Response, serve_feed, token};
use kw_sync::{Outcome, Progress, Quiet, sync};

use crate::support::*;

/// Records every retry's reason and wait.
#[derive(Default)]
struct Retries(Mutex<Vec<(String, Duration)>>);

impl Progress for Retries {
    fn retry(&self, r: &Retry<'_>) {
        self.0.lock().unwrap().push((r.reason.to_string(), r.wait));
    }
}

impl Retries {
    fn list(&self) -> Vec<(String, Duration)> {
        self.0.lock().unwrap().clone()
    }
}

/// The entries of `n` real Besluit records under `base`, in pages of 10.
fn besluit_pages(base: &str, n: usize) -> Vec<Vec<String>> {
    let entries = entities(Entity::Besluit, "besluit", n)
        .iter()
        .map(|e| e.to_entry(base))
        .collect();
    pages(entries, 10)
}

/// A Besluit feed of `n` real records in pages of 10; the page targets.
fn besluit_feed(server: &ReplayServer, n: usize) -> Vec<String> {
    serve_feed(
        server,
        Entity::Besluit,
        &besluit_pages(&server.base_url(), n),
    )
}

/// Syncs the Besluit feed `server` serves, with the backoff bounds given, recording the
/// retries; the run must succeed.
fn sync_recording_retries(
    server: &ReplayServer,
    backoff_base: Option<Duration>,
    backoff_max: Duration,
) -> (kw_sync::SyncReport, Retries) {
    let (_dir, mut store) = store();
    let mut opts = options(server, &[Entity::Besluit]);
    if let Some(b) = backoff_base {
        opts.politeness.backoff_base = b;
    }
    opts.politeness.backoff_max = backoff_max;
    let retries = Retries::default();
    let rep = sync(&mut store, &opts, &retries, &AtomicBool::new(false)).unwrap();
    assert!(rep.ok(), "{:?}", rep.failures());
    (rep, retries)
}

/// The server's log of requests for `target`.
fn requests_for(server: &ReplayServer, target: &str) -> Vec<Request> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.target == target)
        .collect()
}

#[test]
fn a_429_with_retry_after_in_seconds_waits_that_long() {
    let server = ReplayServer::start().unwrap();
    let targets = besluit_feed(&server, 20);
    server.push_once(
        &targets[1],
        Response::Status(429).with_header("Retry-After", "1"),
    );
    let (rep, retries) = sync_recording_retries(&server, None, Duration::from_secs(5));
    assert_eq!(rep.categories[0].counts.new, 20);
    assert_eq!(
        retries.list(),
        vec![("HTTP 429".to_string(), Duration::from_secs(1))]
    );
    let asked = requests_for(&server, &targets[1]);
    assert_eq!(asked.len(), 2);
    let gap = asked[1].at - asked[0].at;
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");
}

#[test]
fn a_429_with_retry_after_as_an_http_date_waits_until_that_date() {
    let server = ReplayServer::start().unwrap();
    let targets = besluit_feed(&server, 20);
    // Two seconds from now, in whole seconds as HTTP-dates are.
    let date = format_http_date(SystemTime::now() + Duration::from_secs(2));
    let due = parse_http_date(&date).unwrap();
    let due_instant = Instant::now() + due.duration_since(SystemTime::now()).unwrap();
    server.push_once(
        &targets[0],
        Response::Status(429).with_header("Retry-After", &date),
    );
    let (_, retries) = sync_recording_retries(&server, None, Duration::from_secs(5));
    let list = retries.list();
    assert_eq!(list.len(), 1, "{list:?}");
    assert!(
        list[0].1 > Duration::from_millis(500) && list[0].1 <= Duration::from_secs(2),
        "{list:?}"
    );
    let asked = requests_for(&server, &targets[0]);
    assert_eq!(asked.len(), 2);
    // The clocks behind Instant and SystemTime differ by rounding only.
    assert!(
        asked[1].at + Duration::from_millis(5) >= due_instant,
        "retried {:?} before the date",
        due_instant - asked[1].at
    );
}

#[test]
fn retry_after_is_capped_by_the_max_backoff() {
    let server = ReplayServer::start().unwrap();
    let targets = besluit_feed(&server, 20);
    server.push_once(
        &targets[1],
        Response::Status(503).with_header("Retry-After", "3600"),
    );
    let (_, retries) = sync_recording_retries(&server, None, Duration::from_millis(200));
    assert_eq!(
        retries.list(),
        vec![("HTTP 503".to_string(), Duration::from_millis(200))]
    );
    let asked = requests_for(&server, &targets[1]);
    assert!(asked[1].at - asked[0].at >= Duration::from_millis(200));
}

#[test]
fn server_errors_back_off_exponentially_with_jitter() {
    let server = ReplayServer::start().unwrap();
    let targets = besluit_feed(&server, 20);
    for status in [500, 502, 503] {
        server.push_once(&targets[1], Response::Status(status));
    }
    let (_, retries) = sync_recording_retries(
        &server,
        Some(Duration::from_millis(40)),
        Duration::from_secs(1),
    );
    let list = retries.list();
    let reasons: Vec<&str> = list.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(reasons, ["HTTP 500", "HTTP 502", "HTTP 503"]);
    // Attempt n waits between half and all of base·2^(n-1).
    for (n, (_, wait)) in list.iter().enumerate() {
        let full = Duration::from_millis(40 << n);
        assert!(*wait >= full / 2 && *wait <= full, "retry {n}: {wait:?}");
    }
    // The server saw each retry at least that long after the failure before it.
    let asked = requests_for(&server, &targets[1]);
    assert_eq!(asked.len(), 4);
    for (i, (_, wait)) in list.iter().enumerate() {
        let gap = asked[i + 1].at - asked[i].at;
        assert!(gap >= *wait, "retry {i}: {gap:?} < {wait:?}");
    }
}

#[test]
fn requests_are_spaced_at_least_one_over_the_rate_apart() {
    let server = ReplayServer::start().unwrap();
    let targets = besluit_feed(&server, 50);
    assert_eq!(targets.len(), 5);
    let (_dir, mut store) = store();
    let mut opts = options(&server, &[Entity::Besluit]);
    opts.politeness.rate = 4.0;
    let rep = sync(&mut store, &opts, &Quiet, &AtomicBool::new(false)).unwrap();
    assert!(rep.ok(), "{:?}", rep.failures());
    let log = server.requests();
    assert_eq!(log.len(), 5);
    // The client spaces the moments it sends by 250 ms; the server reads each request a little
    // after it was sent, so a gap can come out shorter by that delay, never by more.
    let interval = Duration::from_millis(250);
    let slack = Duration::from_millis(40);
    for w in log.windows(2) {
        let gap = w[1].at - w[0].at;
        assert!(
            gap + slack >= interval,
            "{} then {}: {gap:?}",
            w[0].target,
            w[1].target
        );
    }
    assert!(log[4].at - log[0].at + slack >= interval * 4);
    // Every request names the project and its version.
    let ua = format!("kamerwacht/{} (+", env!("CARGO_PKG_VERSION"));
    for r in &log {
        assert!(
            r.user_agent.as_deref().is_some_and(|u| u.starts_with(&ua)),
            "{:?}",
            r.user_agent
        );
    }
}

#[test]
fn a_tail_page_with_last_modified_is_polled_with_if_modified_since_and_a_304_is_unchanged() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let zaken = entities(Entity::Zaak, "zaak", 30);
    let entries: Vec<String> = zaken.iter().map(|e| e.to_entry(&base)).collect();
    let feed = replay::build_feed(&base, Entity::Zaak, &pages(entries[..20].to_vec(), 10));
    let stamp = "Wed, 01 Oct 2025 10:00:00 GMT";
    for (i, (target, body)) in feed.iter().enumerate() {
        let r = Response::atom(body.clone());
        let r = if i + 1 == feed.len() {
            r.with_header("Last-Modified", stamp)
        } else {
            r
        };
        server.set(target, r);
    }
    let tail = feed[1].0.clone();
    let (_dir, mut store) = store();
    let opts = options(&server, &[Entity::Zaak]);
    let stop = AtomicBool::new(false);
    let rep = sync(&mut store, &opts, &Quiet, &stop).unwrap();
    assert_eq!(rep.categories[0].counts.new, 20);
    let first = dump(&store);

    // The next poll asks for the tail conditionally; the 304 changes nothing.
    let rep = sync(&mut store, &opts, &Quiet, &stop).unwrap();
    let c = &rep.categories[0];
    assert_eq!((c.counts.pages, c.outcome.clone()), (0, Outcome::CaughtUp));
    assert_eq!(c.cursor, Some(token(1)));
    let last = server.requests().pop().unwrap();
    assert_eq!(last.target, tail);
    assert_eq!(last.if_modified_since.as_deref(), Some(stamp));
    assert_eq!(last.if_none_match, None);
    assert_eq!(dump(&store), first);

    // New records behind the tail: the tail changes, the poll reads them.
    let grown = replay::build_feed(&base, Entity::Zaak, &pages(entries.clone(), 10));
    for (target, body) in &grown {
        server.set(
            target,
            Response::atom(body.clone())
                .with_header("Last-Modified", "Thu, 02 Oct 2025 10:00:00 GMT"),
        );
    }
    let rep = sync(&mut store, &opts, &Quiet, &stop).unwrap();
    let c = &rep.categories[0];
    assert_eq!((c.counts.pages, c.counts.new), (2, 10), "{c:?}");
    assert_eq!(cursor(&store, Entity::Zaak), Some(token(2)));
    assert_eq!(count(&store, "zaak", "1"), 30);
}

#[test]
fn a_tail_reached_through_a_next_link_written_otherwise_is_still_polled_conditionally() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let zaken = entities(Entity::Zaak, "zaak", 20);
    let entries: Vec<String> = zaken.iter().map(|e| e.to_entry(&base)).collect();
    // The first page's next link puts its parameters in the other order than the URL
    // Kamerwacht builds from a stored cursor.
    let head = replay::page_target(Entity::Zaak, 0);
    let linked = format!("/SyncFeed/2.0/Feed?category=Zaak&skiptoken={}", token(1));
    let built = replay::page_target(Entity::Zaak, 1);
    assert_ne!(linked, built);
    server.set(
        &head,
        Response::atom(replay::feed(
            &format!("{base}{head}"),
            Some(&format!("{base}{linked}")),
            &entries[..10],
        )),
    );
    let stamp = "Wed, 01 Oct 2025 10:00:00 GMT";
    let tail = replay::feed(&format!("{base}{linked}"), None, &entries[10..]);
    for target in [&linked, &built] {
        server.set(
            target,
            Response::atom(tail.clone()).with_header("Last-Modified", stamp),
        );
    }
    let (_dir, mut store) = store();
    let opts = options(&server, &[Entity::Zaak]);
    let stop = AtomicBool::new(false);
    let rep = sync(&mut store, &opts, &Quiet, &stop).unwrap();
    assert_eq!(rep.categories[0].counts.new, 20);
    assert_eq!(cursor(&store, Entity::Zaak), Some(token(1)));

    // The poll requests the built URL, conditionally, and the 304 changes nothing.
    let rep = sync(&mut store, &opts, &Quiet, &stop).unwrap();
    assert_eq!(rep.categories[0].counts.pages, 0);
    let last = server.requests().pop().unwrap();
    assert_eq!(last.target, built);
    assert_eq!(last.if_modified_since.as_deref(), Some(stamp));
}

/// Requests a stop (as Ctrl-C does) when a retry is announced, i.e. during its wait.
struct StopOnRetry<'a>(&'a AtomicBool);

impl Progress for StopOnRetry<'_> {
    fn retry(&self, _: &Retry<'_>) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn a_stop_during_a_retry_wait_ends_the_wait_and_sends_no_retry() {
    let server = ReplayServer::start().unwrap();
    let targets = besluit_feed(&server, 30);
    server.push_once(
        &targets[1],
        Response::Status(503).with_header("Retry-After", "3600"),
    );
    let (_dir, mut store) = store();
    let mut opts = options(&server, &[Entity::Besluit]);
    // The wait would be 30 s; the stop must end it (this test used to take that long and then
    // send the retry anyway).
    opts.politeness.backoff_max = Duration::from_secs(30);
    opts.documents = true;
    let stop = AtomicBool::new(false);
    let rep = sync(&mut store, &opts, &StopOnRetry(&stop), &stop).unwrap();
    assert!(rep.interrupted);
    assert_eq!(rep.categories[0].outcome, Outcome::Interrupted);
    assert!(
        rep.ok(),
        "an interruption is no failure: {:?}",
        rep.failures()
    );
    assert_eq!(server.hits(&targets[1]), 1, "no retry after the stop");
    assert_eq!(server.hits(&targets[2]), 0);
    // Page 0 is stored with its cursor; nothing of page 1.
    assert_eq!(cursor(&store, Entity::Besluit), Some(token(1)));
    assert_eq!(count(&store, "besluit", "1"), 10);
    assert!(rep.documents.is_none(), "no document stage after a stop");
}

#[test]
fn a_stop_during_the_wait_after_a_page_that_does_not_parse_ends_it() {
    let server = ReplayServer::start().unwrap();
    let targets = besluit_feed(&server, 30);
    // Page 1 answers once with half a page; the retry would get the whole page.
    let base = server.base_url();
    let body = replay::build_feed(&base, Entity::Besluit, &besluit_pages(&base, 30))
        .swap_remove(1)
        .1;
    server.push_once(
        &targets[1],
        Response::atom(body[..body.len() / 2].to_string()),
    );
    let (_dir, mut store) = store();
    let mut opts = options(&server, &[Entity::Besluit]);
    // The wait before the retry would be 30 s; the stop must end it (it used to sleep the
    // whole wait and then fetch the page again).
    opts.politeness.backoff_max = Duration::from_secs(30);
    opts.politeness.backoff_base = Duration::from_secs(30);
    let stop = AtomicBool::new(false);
    let started = Instant::now();
    let rep = sync(&mut store, &opts, &StopOnRetry(&stop), &stop).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(rep.interrupted);
    assert_eq!(rep.categories[0].outcome, Outcome::Interrupted);
    assert_eq!(server.hits(&targets[1]), 1, "no retry after the stop");
    assert_eq!(cursor(&store, Entity::Besluit), Some(token(1)));
    assert_eq!(count(&store, "besluit", "1"), 10);
}
