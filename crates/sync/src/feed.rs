//! `sync`: replicate categories through the SyncFeed, one transaction per page holding the
//! page's records and the category's cursor, so a crash never skips or duplicates anything.

use std::sync::atomic::{AtomicBool, Ordering};

use kw_domain::Entity;
use kw_formats::syncfeed::{self, EntryError, Page, skiptoken_of};
use kw_store::{Applied, Store};
use serde::Serialize;

use crate::base::BaseUrl;
use crate::documents::{self, DocumentReport};
use crate::http::{Http, Politeness, Retry};
use crate::{SyncError, state};

/// What to sync and how.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub base: BaseUrl,
    /// The categories, in order; [`default_categories`] when the user named none.
    pub categories: Vec<Entity>,
    pub politeness: Politeness,
    /// Fetch the texts of motions, amendments and government letters after the feeds.
    pub documents: bool,
    /// Attempts at a page that does not parse before its category stops.
    pub page_attempts: u32,
}

impl SyncOptions {
    pub fn new(base: BaseUrl) -> SyncOptions {
        SyncOptions {
            base,
            categories: default_categories(),
            politeness: Politeness::default(),
            documents: true,
            page_attempts: 3,
        }
    }
}

/// Every stored entity that has a SyncFeed category (DocumentPublicatie has none; its rows
/// come through OData with the documents).
pub fn default_categories() -> Vec<Entity> {
    Entity::ALL
        .into_iter()
        .filter(|e| *e != Entity::DocumentPublicatie)
        .collect()
}

/// Parses a `--categories` list (`zaak,Besluit stemming`), case-insensitively.
pub fn parse_categories(list: &[String]) -> Result<Vec<Entity>, SyncError> {
    let mut out = Vec::new();
    for item in list
        .iter()
        .flat_map(|s| s.split([',', ' ']))
        .filter(|s| !s.is_empty())
    {
        let e = Entity::parse(item).map_err(|_| SyncError::UnknownCategory(item.to_string()))?;
        if !out.contains(&e) {
            out.push(e);
        }
    }
    Ok(out)
}

/// Counts of one category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pages: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deleted: usize,
    pub skipped: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.pages += o.pages;
        self.new += o.new;
        self.updated += o.updated;
        self.unchanged += o.unchanged;
        self.deleted += o.deleted;
        self.skipped += o.skipped;
    }

    /// Entities read (bad entries included).
    pub fn entries(&self) -> usize {
        self.new + self.updated + self.unchanged + self.deleted + self.skipped
    }
}

/// How a category's sync ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "reason")]
pub enum Outcome {
    /// The feed has no `next` link (or answered 304): up to date.
    CaughtUp,
    /// Stopped at a page boundary on request (Ctrl-C).
    Interrupted,
    /// Stopped on an error; the cursor stays at the last stored page.
    Failed(String),
}

/// The result of one category.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryReport {
    pub category: String,
    pub counts: Counts,
    pub outcome: Outcome,
    /// The stored skiptoken after the run.
    pub cursor: Option<String>,
    /// Why entries were skipped (at most 100 reasons kept).
    pub skipped_entries: Vec<String>,
}

/// The result of a run.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    pub base_url: String,
    pub categories: Vec<CategoryReport>,
    pub documents: Option<DocumentReport>,
    pub totals: Counts,
    pub requests: u64,
    pub interrupted: bool,
}

impl SyncReport {
    /// True when no category failed.
    pub fn ok(&self) -> bool {
        self.categories
            .iter()
            .all(|c| !matches!(c.outcome, Outcome::Failed(_)))
    }

    /// The failures, one line each.
    pub fn failures(&self) -> Vec<String> {
        self.categories
            .iter()
            .filter_map(|c| match &c.outcome {
                Outcome::Failed(r) => Some(format!("{}: {r}", c.category)),
                _ => None,
            })
            .collect()
    }
}

/// Hears what a run does, for progress bars and logs. Every method has a no-op default.
/// It is called from the writer and from the page fetcher, which run on two threads.
pub trait Progress: Sync {
    fn category_started(&self, _entity: Entity, _cursor: Option<&str>) {}
    fn page_applied(&self, _entity: Entity, _page: &Counts, _total: &Counts) {}
    fn entry_skipped(&self, _entity: Entity, _error: &EntryError) {}
    fn retry(&self, _retry: &Retry<'_>) {}
    fn category_finished(&self, _report: &CategoryReport) {}
    fn documents_started(&self, _count: usize) {}
    fn document_done(&self, _done: usize, _count: usize) {}
}

/// A [`Progress`] that reports nothing.
pub struct Quiet;
impl Progress for Quiet {}

/// Runs one sync: every category in `opts`, then the documents. Category failures are in the
/// report (the other categories still run); an `Err` is a failure of the store or the client.
pub fn sync(
    store: &mut Store,
    opts: &SyncOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<SyncReport, SyncError> {
    state::ensure(store)?;
    let mut http = Http::new(opts.politeness.clone()).with_stop(stop);
    let mut report = SyncReport {
        base_url: opts.base.to_string(),
        categories: Vec::new(),
        documents: None,
        totals: Counts::default(),
        requests: 0,
        interrupted: false,
    };
    report.interrupted = replicate(
        store,
        &mut http,
        opts,
        &opts.categories,
        progress,
        stop,
        &mut |cat| {
            progress.category_finished(&cat);
            report.totals.add(&cat.counts);
            report.categories.push(cat);
        },
    )?;
    if opts.documents && !report.interrupted {
        let docs = documents::fetch_pending(store, &mut http, &opts.base, progress, stop)?;
        report.interrupted |= docs.interrupted;
        report.documents = Some(docs);
    }
    report.requests = http.requests();
    Ok(report)
}

/// Where a category's feed starts: its stored cursor, first URL and that URL's validators.
struct Start {
    entity: Entity,
    cursor: Option<String>,
    url: String,
    validators: Option<crate::http::Validators>,
}

/// Syncs `entities` in order, handing each category's report to `done`; returns whether the
/// run was interrupted (the categories after an interrupted one are not started).
///
/// Pipeline: one thread fetches and parses pages while this one writes them to the store,
/// across category boundaries (the next category's first page is fetched while the last page
/// of the current one is written; only this writer changes a category's cursor, so the
/// cursors are read up front). The channel holds [`PAGES_AHEAD`] pages, so the fetcher goes on
/// through the writer's slow pages (a WAL checkpoint) and the writer through the fetcher's;
/// a page fetched but not applied (Ctrl-C, a failure) is simply not stored, and the cursor
/// stays at the last applied page.
fn replicate(
    store: &mut Store,
    http: &mut Http,
    opts: &SyncOptions,
    entities: &[Entity],
    progress: &dyn Progress,
    stop: &AtomicBool,
    done: &mut dyn FnMut(CategoryReport),
) -> Result<bool, SyncError> {
    let mut starts = Vec::with_capacity(entities.len());
    for &entity in entities {
        if starts.iter().any(|s: &Start| s.entity == entity) {
            continue; // once per run: the cursors are read up front
        }
        let cursor = state::cursor(store, entity.name())?;
        let url = opts.base.feed(entity, cursor.as_deref());
        let validators = state::validators(store, &url)?;
        starts.push(Start {
            entity,
            cursor,
            url,
            validators,
        });
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, String, Fetched)>(PAGES_AHEAD);
    let mut fatal: Option<SyncError> = None;
    let mut interrupted = false;
    std::thread::scope(|scope| {
        let starts = &starts;
        scope.spawn(move || {
            'categories: for (i, start) in starts.iter().enumerate() {
                let mut url = start.url.clone();
                let mut validators = start.validators.clone();
                loop {
                    if stop.load(Ordering::SeqCst) {
                        break 'categories;
                    }
                    let fetched = fetch_page(
                        http,
                        opts,
                        start.entity,
                        &url,
                        validators.take().as_ref(),
                        progress,
                    );
                    let next = match &fetched {
                        Ok(Some((page, _, _))) => page.next.clone(),
                        _ => None,
                    };
                    if tx.send((i, url.clone(), fetched)).is_err() {
                        break 'categories; // the writer stopped
                    }
                    match next {
                        Some(n) if n != url => url = n,
                        // Caught up, failed, or a loop the writer reports: the next category.
                        _ => break,
                    }
                }
            }
        });
        let mut pending = None;
        for (i, start) in starts.iter().enumerate() {
            if stop.load(Ordering::SeqCst) {
                interrupted = true;
                break;
            }
            let entity = start.entity;
            progress.category_started(entity, start.cursor.as_deref());
            let mut rep = CategoryReport {
                category: entity.name().to_string(),
                counts: Counts::default(),
                outcome: Outcome::CaughtUp,
                cursor: start.cursor.clone(),
                skipped_entries: Vec::new(),
            };
            let mut reached_end = false;
            'pages: loop {
                let Some((cat, url, fetched)) = pending.take().or_else(|| rx.recv().ok()) else {
                    break; // the fetcher stopped: only a stop request does that
                };
                if cat > i {
                    // The fetcher moved on without a page that ends this category: cannot
                    // happen (it stops a category only on what stops the writer too); the
                    // category counts as interrupted.
                    pending = Some((cat, url, fetched));
                    break;
                }
                if stop.load(Ordering::SeqCst) {
                    rep.outcome = Outcome::Interrupted;
                    break;
                }
                let (page, encoded, reply_validators) = match fetched {
                    Ok(Some(v)) => v,
                    Ok(None) => {
                        reached_end = true; // 304: nothing new since the last time this page was read.
                        break;
                    }
                    Err(e @ SyncError::Store(_)) => {
                        fatal = Some(e);
                        break;
                    }
                    Err(e) => {
                        rep.outcome = Outcome::Failed(e.to_string());
                        break;
                    }
                };
                // Pages of this category the fetcher has ready are stored in the same
                // transaction (each with its cursor, in order): when the writer is the slower
                // thread, the index pages a run of pages touches are written once, not once
                // per page. A page that ends the category is always the last of a batch.
                let mut batch = vec![(url, page, encoded, reply_validators)];
                while batch.len() < MAX_BATCH
                    && batch
                        .last()
                        .is_some_and(|(u, p, ..)| p.next.as_ref().is_some_and(|n| n != u))
                {
                    match rx.try_recv() {
                        Ok((c, u, Ok(Some((p, e, v))))) if c == i => batch.push((u, p, e, v)),
                        Ok(other) => {
                            pending = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                let all_counts = match apply_batch(store, entity, &batch) {
                    Ok(c) => c,
                    Err(e) => {
                        fatal = Some(e);
                        break;
                    }
                };
                for ((url, mut page, _, reply_validators), counts) in
                    batch.into_iter().zip(all_counts)
                {
                    for e in page.entries.iter().filter_map(|e| e.as_ref().err()) {
                        progress.entry_skipped(entity, e);
                        if rep.skipped_entries.len() < 100 {
                            rep.skipped_entries.push(e.to_string());
                        }
                    }
                    rep.counts.add(&counts);
                    if let Some(t) = &page.skiptoken {
                        rep.cursor = Some(t.clone());
                    }
                    progress.page_applied(entity, &counts, &rep.counts);
                    let next = page.next.take();
                    // Freed here rather than on the fetcher, which is the busier of the two threads.
                    drop(page);

                    match next {
                        None => {
                            // The tail page: remember its validators so the next poll can be
                            // conditional.
                            reached_end = true;
                            // The next poll requests the URL built from the cursor; a `next` link
                            // written otherwise (its parameters in another order, another name
                            // for the host) reached the same page: remember it under both.
                            let poll = opts.base.feed(entity, rep.cursor.as_deref());
                            let same_page = skiptoken_of(&url) == rep.cursor;
                            let remembered = state::remember(store, &url, &reply_validators)
                                .and_then(|()| match poll != url && same_page {
                                    true => state::remember(store, &poll, &reply_validators),
                                    false => Ok(()),
                                });
                            if let Err(e) = remembered {
                                fatal = Some(e);
                            }
                            break 'pages;
                        }
                        Some(next) if next == url => {
                            rep.outcome =
                                Outcome::Failed(format!("the next link of {url} points to itself"));
                            break 'pages;
                        }
                        Some(_) => {}
                    }
                }
            }
            if fatal.is_some() {
                break;
            }
            if !reached_end && rep.outcome == Outcome::CaughtUp {
                // The fetcher stopped before the feed's tail: only a stop request does that.
                rep.outcome = Outcome::Interrupted;
            }
            let stopped = rep.outcome == Outcome::Interrupted;
            done(rep);
            if stopped {
                interrupted = true;
                break;
            }
        }
        // Dropping the receiver ends the fetcher at its next send.
        drop(rx);
    });
    match fatal {
        Some(e) => Err(e),
        None => Ok(interrupted),
    }
}

/// How many parsed pages may wait for the writer (a page of 250 records is about 1 MB).
/// Alternated with a rendezvous channel on the bench: medians 70.2k → 78.2k entities/s.
const PAGES_AHEAD: usize = 4;

/// The most pages stored in one transaction (see the writer in [`replicate`]).
const MAX_BATCH: usize = 4;

/// What the fetcher hands the writer: a parsed page with its validators, a 304, or why not.
/// With the page, the stored text of each good entry's fields, computed on the fetcher (the
/// writer is the busier thread); `None` where that failed, and the writer tries again.
type Fetched = Result<Option<(Page, Vec<Option<String>>, crate::http::Validators)>, SyncError>;

/// Fetches and parses one page, retrying a page that does not parse. `Ok(None)` is a 304.
fn fetch_page(
    http: &mut Http,
    opts: &SyncOptions,
    entity: Entity,
    url: &str,
    validators: Option<&crate::http::Validators>,
    progress: &dyn Progress,
) -> Fetched {
    let attempts = opts.page_attempts.max(1);
    let mut last = String::new();
    for attempt in 1..=attempts {
        // A retry after a bad page must fetch the body again, unconditionally.
        let v = if attempt == 1 { validators } else { None };
        let reply = http.get(url, v, &mut |r| progress.retry(r))?;
        if reply.not_modified() {
            return Ok(None);
        }
        match syncfeed::parse_page(&reply.body) {
            Ok(page) => {
                let encoded = page
                    .entries
                    .iter()
                    .map(|e| {
                        e.as_ref()
                            .ok()
                            .and_then(|r| kw_store::encode_fields(&r.fields).ok())
                    })
                    .collect();
                return Ok(Some((page, encoded, reply.validators)));
            }
            Err(e) => last = e.to_string(),
        }
        if attempt < attempts {
            let wait = http.backoff(attempt);
            progress.retry(&Retry {
                url,
                attempt,
                reason: &format!("unparseable page: {last}"),
                wait,
            });
            if !http.wait(wait) {
                // A stop ends the wait, and the page is not requested again.
                return Err(SyncError::Interrupted {
                    url: url.to_string(),
                });
            }
        }
    }
    Err(SyncError::UnparseablePage {
        category: entity.name().to_string(),
        url: url.to_string(),
        attempts,
        reason: last,
    })
}

/// Stores one page's records and the cursor taken from its `next` link, in one transaction.
pub fn apply_page(store: &mut Store, entity: Entity, page: &Page) -> Result<Counts, SyncError> {
    apply_encoded(store, entity, page, &[])
}

/// [`apply_page`], with the fields' stored text of the entries computed beforehand (one per
/// entry, in order; missing ones are computed here).
fn apply_encoded(
    store: &mut Store,
    entity: Entity,
    page: &Page,
    encoded: &[Option<String>],
) -> Result<Counts, SyncError> {
    store.write(|tx| apply_in(tx, entity, page, encoded))
}

/// Several pages of one category in one transaction, in order, each with its cursor; the
/// counts of each page.
fn apply_batch<U, V>(
    store: &mut Store,
    entity: Entity,
    pages: &[(U, Page, Vec<Option<String>>, V)],
) -> Result<Vec<Counts>, SyncError> {
    store.write(|tx| {
        pages
            .iter()
            .map(|(_, page, encoded, _)| apply_in(tx, entity, page, encoded))
            .collect()
    })
}

/// One page's records and cursor, inside a transaction.
fn apply_in(
    tx: &mut kw_store::Tx<'_>,
    entity: Entity,
    page: &Page,
    encoded: &[Option<String>],
) -> Result<Counts, SyncError> {
    let mut c = Counts {
        pages: 1,
        ..Counts::default()
    };
    for (i, entry) in page.entries.iter().enumerate() {
        match entry {
            Ok(rec) => match tx.upsert_encoded(rec, encoded.get(i).and_then(Option::as_deref))? {
                Applied::New => c.new += 1,
                Applied::Updated => c.updated += 1,
                Applied::Unchanged => c.unchanged += 1,
                Applied::Tombstoned => c.deleted += 1,
            },
            Err(_) => c.skipped += 1,
        }
    }
    if let Some(token) = &page.skiptoken {
        tx.set_cursor(entity.name(), token)?;
    }
    Ok(c)
}
