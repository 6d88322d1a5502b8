//! A loopback HTTP server that replays scripted answers, and a generator that turns OData JSON
//! records into SyncFeed Atom pages (entity elements in the tkData namespace, child elements in
//! the XSD's `xs:sequence` order, relations first). For tests and benchmarks only (feature
//! `replay`); it binds 127.0.0.1 and nothing else. Self-contained (std, serde_json, kw-domain,
//! kw-formats) so that the CLI's integration tests can include it by path.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use kw_domain::Entity;
use kw_formats::syncfeed::{self, ATOM_NS, Kind, TK_NS, XSI_NS};
use serde_json::{Map, Value};

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Response {
    /// A body with a status (200 unless set otherwise) and an optional ETag; a request whose
    /// `If-None-Match` equals the ETag is answered 304.
    Body {
        status: u16,
        content_type: String,
        body: Arc<Vec<u8>>,
        etag: Option<String>,
    },
    /// A status with an empty body.
    Status(u16),
    /// Wait, then answer.
    Delay(Duration, Box<Response>),
    /// Close the connection without answering.
    Hangup,
    /// The inner answer with extra headers (`Retry-After`, `Last-Modified`, …). A request whose
    /// `If-Modified-Since` equals a `Last-Modified` given here is answered 304.
    Headers(Vec<(String, String)>, Box<Response>),
}

impl Response {
    /// `200` with an Atom body.
    pub fn atom(body: impl Into<Vec<u8>>) -> Response {
        Response::Body {
            status: 200,
            content_type: "application/atom+xml; charset=utf-8".into(),
            body: Arc::new(body.into()),
            etag: None,
        }
    }

    /// `200` with a body of the given content type.
    pub fn bytes(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response::Body {
            status: 200,
            content_type: content_type.into(),
            body: Arc::new(body.into()),
            etag: None,
        }
    }

    /// The same answer with an ETag.
    pub fn with_etag(self, etag: &str) -> Response {
        match self {
            Response::Body {
                status,
                content_type,
                body,
                ..
            } => Response::Body {
                status,
                content_type,
                body,
                etag: Some(etag.into()),
            },
            other => other,
        }
    }

    /// The same answer with an extra header.
    pub fn with_header(self, name: &str, value: &str) -> Response {
        Response::Headers(vec![(name.into(), value.into())], Box::new(self))
    }
}

/// A request the server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Path and query, percent-decoded.
    pub target: String,
    pub user_agent: Option<String>,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    /// When the server had read the request.
    pub at: Instant,
}

#[derive(Default)]
struct Route {
    once: VecDeque<Response>,
    then: Option<Response>,
}

#[derive(Default)]
struct Inner {
    routes: Mutex<HashMap<String, Route>>,
    log: Mutex<Vec<Request>>,
}

/// The server; it stops when dropped.
pub struct ReplayServer {
    addr: SocketAddr,
    inner: Arc<Inner>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl ReplayServer {
    /// Starts a server on 127.0.0.1 with a port chosen by the system.
    pub fn start() -> std::io::Result<ReplayServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        let inner = Arc::new(Inner::default());
        let stop = Arc::new(AtomicBool::new(false));
        let (i, s) = (inner.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(conn) = conn {
                    let i = i.clone();
                    std::thread::spawn(move || serve(conn, &i));
                }
            }
        });
        Ok(ReplayServer {
            addr,
            inner,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers `target` (path and query, unencoded) with `response` from now on.
    pub fn set(&self, target: &str, response: Response) {
        lock(&self.inner.routes)
            .entry(target.to_string())
            .or_default()
            .then = Some(response);
    }

    /// Answers the next request for `target` with `response`, before the standing answer.
    pub fn push_once(&self, target: &str, response: Response) {
        lock(&self.inner.routes)
            .entry(target.to_string())
            .or_default()
            .once
            .push_back(response);
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.inner.log).clone()
    }

    /// How many requests asked for `target`.
    pub fn hits(&self, target: &str) -> usize {
        lock(&self.inner.log)
            .iter()
            .filter(|r| r.target == target)
            .count()
    }
}

impl Drop for ReplayServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn serve(conn: TcpStream, inner: &Inner) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(30)));
    // A reply's last partial segment goes out at once, not after the client's ACK.
    let _ = conn.set_nodelay(true);
    let Ok(write_half) = conn.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(conn);
    let mut writer = write_half;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut headers = HashMap::new();
        let mut content_length = 0usize;
        loop {
            let mut h = String::new();
            match reader.read_line(&mut h) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                let k = k.trim().to_ascii_lowercase();
                if k == "content-length" {
                    content_length = v.trim().parse().unwrap_or(0);
                }
                headers.insert(k, v.trim().to_string());
            }
        }
        if content_length > 0 {
            let mut sink = vec![0; content_length.min(1 << 20)];
            let _ = reader.read_exact(&mut sink);
        }
        let req = Request {
            target: crate::base::decode(&target),
            user_agent: headers.get("user-agent").cloned(),
            if_none_match: headers.get("if-none-match").cloned(),
            if_modified_since: headers.get("if-modified-since").cloned(),
            at: Instant::now(),
        };
        lock(&inner.log).push(req.clone());
        let response = {
            let mut routes = lock(&inner.routes);
            match routes.get_mut(&req.target) {
                Some(route) => route.once.pop_front().or_else(|| route.then.clone()),
                None => None,
            }
        };
        let mut response = response.unwrap_or(Response::Status(404));
        let mut extra: Vec<(String, String)> = Vec::new();
        loop {
            match response {
                Response::Delay(d, next) => {
                    std::thread::sleep(d);
                    response = *next;
                }
                Response::Headers(h, next) => {
                    extra.extend(h);
                    response = *next;
                }
                other => {
                    response = other;
                    break;
                }
            }
        }
        let (status, ct, body, etag) = match response {
            Response::Hangup => return,
            Response::Status(s) => (s, "text/plain".to_string(), Arc::new(Vec::new()), None),
            Response::Body {
                status,
                content_type,
                body,
                etag,
            } => (status, content_type, body, etag),
            Response::Delay(..) | Response::Headers(..) => return,
        };
        let last_modified = extra
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("last-modified"))
            .map(|(_, v)| v.clone());
        let not_modified = (etag.is_some() && req.if_none_match == etag)
            || (last_modified.is_some() && req.if_modified_since == last_modified);
        let (status, body) = if not_modified {
            (304, Arc::new(Vec::new()))
        } else {
            (status, body)
        };
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n",
            reason(status),
            body.len()
        );
        if let Some(e) = &etag {
            head.push_str(&format!("ETag: {e}\r\n"));
        }
        for (k, v) in &extra {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        if writer
            .write_all(head.as_bytes())
            .and_then(|_| writer.write_all(&body))
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

// ---------------------------------------------------------------------------------------
// The SyncFeed page generator.

/// Escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// One entity to put in a feed, built from an OData JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntity {
    pub entity: Entity,
    /// The OData object (`Id`, `ApiGewijzigdOp`, scalars, `<Nav>_Id` references).
    pub object: Map<String, Value>,
    /// Many-valued relations by element name (`zaak` of a besluit): target ids.
    pub refs: BTreeMap<String, Vec<String>>,
}

impl FeedEntity {
    pub fn new(entity: Entity, object: Map<String, Value>) -> FeedEntity {
        FeedEntity {
            entity,
            object,
            refs: BTreeMap::new(),
        }
    }

    /// The lower-cased id.
    pub fn id(&self) -> String {
        self.object
            .get("Id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase()
    }

    /// `ApiGewijzigdOp`, the feed's `bijgewerkt`.
    pub fn bijgewerkt(&self) -> String {
        self.object
            .get("ApiGewijzigdOp")
            .and_then(Value::as_str)
            .unwrap_or("2000-01-01T00:00:00Z")
            .to_string()
    }

    /// The entity element, with its own namespace declarations so it stands alone (for
    /// validation against the XSD).
    pub fn to_xml(&self) -> String {
        let feed_name = self.entity.feed_name();
        let deleted = self
            .object
            .get("Verwijderd")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut out = format!(
            "<{feed_name} xmlns=\"{TK_NS}\" xmlns:tk=\"{TK_NS}\" xmlns:xsi=\"{XSI_NS}\" id=\"{}\" tk:bijgewerkt=\"{}\" tk:verwijderd=\"{deleted}\"",
            escape(&self.id()),
            escape(&self.bijgewerkt()),
        );
        if deleted {
            // Deletions arrive with an empty body.
            out.push_str("/>");
            return out;
        }
        out.push('>');
        for f in syncfeed::schema(self.entity).unwrap_or(&[]) {
            match f.kind {
                Kind::Ref | Kind::RefMany if syncfeed::link_rel(self.entity, f.name).is_some() => {
                    let targets = self.refs.get(f.name).map(Vec::as_slice).unwrap_or(&[]);
                    let limit = if f.kind == Kind::Ref { 1 } else { usize::MAX };
                    for t in targets.iter().take(limit) {
                        out.push_str(&format!("<{} ref=\"{}\"/>", f.name, escape(t)));
                    }
                }
                Kind::Ref | Kind::RefMany => {
                    let key = format!("{}_Id", syncfeed::odata_name(f.name));
                    if let Some(t) = self.object.get(&key).and_then(Value::as_str) {
                        out.push_str(&format!(
                            "<{} ref=\"{}\"/>",
                            f.name,
                            escape(&t.to_ascii_lowercase())
                        ));
                    }
                }
                Kind::Text | Kind::Int | Kind::Bool | Kind::Date => {
                    let key = syncfeed::odata_name(f.name);
                    match self.object.get(&key) {
                        None => {}
                        Some(Value::Null) if f.nillable => {
                            out.push_str(&format!("<{} xsi:nil=\"true\"/>", f.name));
                        }
                        Some(Value::Null) => {}
                        Some(Value::String(s)) if s.trim().is_empty() => {}
                        Some(Value::String(s)) if f.kind == Kind::Date => {
                            out.push_str(&format!("<{0}>{1}</{0}>", f.name, escape(date_part(s))));
                        }
                        Some(Value::String(s)) => {
                            out.push_str(&format!("<{0}>{1}</{0}>", f.name, escape(s)))
                        }
                        Some(Value::Bool(b)) => out.push_str(&format!("<{0}>{b}</{0}>", f.name)),
                        Some(Value::Number(n)) => out.push_str(&format!("<{0}>{n}</{0}>", f.name)),
                        Some(_) => {}
                    }
                }
            }
        }
        out.push_str(&format!("</{feed_name}>"));
        out
    }

    /// The Atom entry holding this entity.
    pub fn to_entry(&self, base: &str) -> String {
        entry(
            base,
            self.entity,
            &self.id(),
            &self.bijgewerkt(),
            &self.to_xml(),
        )
    }
}

/// The date of an OData date-time (`2023-12-05T00:00:00+01:00` → `2023-12-05`): the local
/// date, which is what the feed's `xs:date` elements carry.
pub fn date_part(s: &str) -> &str {
    match s.split_once('T') {
        Some((d, _)) => d,
        None => s,
    }
}

/// An Atom entry around an entity element.
pub fn entry(base: &str, entity: Entity, id: &str, bijgewerkt: &str, content: &str) -> String {
    format!(
        "<entry><title>{id}</title><id>{base}/SyncFeed/2.0/Entiteiten/{id}</id><updated>{}</updated>\
         <category term=\"{}\"/><content type=\"application/xml\">{content}</content></entry>",
        escape(bijgewerkt),
        entity.feed_name()
    )
}

/// A whole Atom page.
pub fn feed(self_url: &str, next: Option<&str>, entries: &[String]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"{ATOM_NS}\"><title type=\"text\">SyncFeed</title>\
         <id>{0}</id><updated>2025-10-03T00:00:00Z</updated><author><name>Tweede Kamer der Staten-Generaal</name></author>\
         <link rel=\"self\" href=\"{0}\"/>",
        escape(self_url)
    );
    if let Some(n) = next {
        out.push_str(&format!("<link rel=\"next\" href=\"{}\"/>", escape(n)));
    }
    for e in entries {
        out.push_str(e);
    }
    out.push_str("</feed>\n");
    out
}

/// The skiptoken of page `i` (`i ≥ 1`) of a generated feed.
pub fn token(i: usize) -> String {
    (1000 + i * 17).to_string()
}

/// The URL path and query of page `i` of a category's feed.
pub fn page_target(entity: Entity, i: usize) -> String {
    if i == 0 {
        format!("/SyncFeed/2.0/Feed?category={}", entity.name())
    } else {
        format!(
            "/SyncFeed/2.0/Feed?skiptoken={}&category={}",
            token(i),
            entity.name()
        )
    }
}

/// Builds the pages of a category feed (each a list of entry texts) and returns
/// `(target, page text)` pairs, chained by absolute `next` links under `base`.
pub fn build_feed(base: &str, entity: Entity, pages: &[Vec<String>]) -> Vec<(String, String)> {
    let n = pages.len().max(1);
    (0..n)
        .map(|i| {
            let target = page_target(entity, i);
            let next = (i + 1 < n).then(|| format!("{base}{}", page_target(entity, i + 1)));
            let entries = pages.get(i).map(Vec::as_slice).unwrap_or(&[]);
            (
                target.clone(),
                feed(&format!("{base}{target}"), next.as_deref(), entries),
            )
        })
        .collect()
}

/// Serves a category feed on `server`; returns the page targets.
pub fn serve_feed(server: &ReplayServer, entity: Entity, pages: &[Vec<String>]) -> Vec<String> {
    build_feed(&server.base_url(), entity, pages)
        .into_iter()
        .map(|(target, body)| {
            server.set(&target, Response::atom(body));
            target
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Real records from the repository's data/sample folder.

/// The objects of every OData JSON page under `dir` (a bare array or `{"value": [...]}`),
/// in file-name order.
pub fn odata_objects(dir: &std::path::Path) -> std::io::Result<Vec<Map<String, Value>>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let v: Value = serde_json::from_slice(&std::fs::read(&f)?)?;
        let items = match v {
            Value::Array(a) => a,
            Value::Object(mut o) => match o.remove("value") {
                Some(Value::Array(a)) => a,
                _ => vec![Value::Object(o)],
            },
            _ => Vec::new(),
        };
        out.extend(items.into_iter().filter_map(|v| match v {
            Value::Object(o) => Some(o),
            _ => None,
        }));
    }
    Ok(out)
}

/// The entities of one tkmoties file (a Zaak with nested ZaakActor, Besluit and Stemming),
/// with the relations the nesting states: ZaakActor→Zaak, Besluit→Zaak, Stemming→Besluit.
pub fn tkmoties_entities(zaak: &Map<String, Value>) -> Vec<FeedEntity> {
    let mut out = Vec::new();
    let mut z = zaak.clone();
    let zaak_id = z
        .get("Id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let actors = z.remove("ZaakActor");
    let besluiten = z.remove("Besluit");
    out.push(FeedEntity::new(Entity::Zaak, z));
    for a in array_objects(actors) {
        let mut a = a;
        a.insert("Zaak_Id".into(), Value::String(zaak_id.clone()));
        out.push(FeedEntity::new(Entity::ZaakActor, a));
    }
    for b in array_objects(besluiten) {
        let mut b = b;
        let besluit_id = b
            .get("Id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let stemmingen = b.remove("Stemming");
        let mut fb = FeedEntity::new(Entity::Besluit, b);
        fb.refs.insert("zaak".into(), vec![zaak_id.clone()]);
        out.push(fb);
        for s in array_objects(stemmingen) {
            let mut s = s;
            s.insert("Besluit_Id".into(), Value::String(besluit_id.clone()));
            out.push(FeedEntity::new(Entity::Stemming, s));
        }
    }
    out
}

fn array_objects(v: Option<Value>) -> Vec<Map<String, Value>> {
    match v {
        Some(Value::Array(a)) => a
            .into_iter()
            .filter_map(|v| match v {
                Value::Object(o) => Some(o),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
