//! The texts of motions, amendments and government letters: the official-publication XML
//! through OData `DocumentPublicatie(<id>)/Resource`, or the document itself (usually PDF)
//! through `Document(<id>)/resource` when there is no XML publication.

use std::sync::atomic::{AtomicBool, Ordering};

use kw_domain::Entity;
use kw_formats::Record;
use kw_store::Store;
use kw_store::rusqlite::OptionalExtension;
use serde::Serialize;

use crate::base::BaseUrl;
use crate::feed::Progress;
use crate::http::Http;
use crate::{SyncError, state};

/// What the document stage did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentReport {
    /// Documents that needed fetching.
    pub pending: usize,
    /// Official-publication XML texts stored.
    pub xml: usize,
    /// Document resources (PDF, DOCX) stored for documents without an XML publication.
    pub resource: usize,
    /// Answered 304: the stored bytes are current.
    pub unchanged: usize,
    /// Neither an XML publication nor a resource exists (404).
    pub missing: usize,
    /// Failed fetches, one line each (retried next run).
    pub failed: Vec<String>,
    pub interrupted: bool,
}

/// Where a document's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub url: String,
    /// The file name to store the bytes under.
    pub name: String,
    /// `xml` for an official publication; otherwise decided by the reply's content type.
    pub format: Option<&'static str>,
}

/// Picks the source of a document's text from its records (the Document, its versions and
/// their publications): the XML publication of the current version when there is one, else
/// the document's own resource.
pub fn pick_source(base: &BaseUrl, document: &Record, related: &[Record]) -> Source {
    let current = document.str_field("HuidigeDocumentVersie_Id");
    let versions: Vec<&str> = related
        .iter()
        .filter(|r| r.entity == Entity::DocumentVersie && !r.deleted)
        .filter(|r| r.str_field("Document_Id").is_none_or(|d| d == document.id))
        .map(|r| r.id.as_str())
        .collect();
    let xml = related
        .iter()
        .filter(|r| r.entity == Entity::DocumentPublicatie && !r.deleted)
        .filter(|r| {
            let v = r.str_field("DocumentVersie_Id");
            match current {
                Some(cur) => v == Some(cur),
                None => v.is_some_and(|v| versions.contains(&v)),
            }
        })
        .find(|r| {
            let name = r.str_field("FileName").unwrap_or("").to_ascii_lowercase();
            let ct = r
                .str_field("ContentType")
                .unwrap_or("")
                .to_ascii_lowercase();
            name.ends_with(".xml") || ct.contains("xml")
        });
    match xml {
        Some(p) => Source {
            url: base.odata(&format!("DocumentPublicatie({})/Resource", p.id)),
            name: p
                .str_field("FileName")
                .map(str::to_string)
                .unwrap_or_else(|| format!("{}.xml", p.id)),
            format: Some("xml"),
        },
        None => Source {
            url: base.odata(&format!("Document({})/resource", document.id)),
            name: document
                .str_field("DocumentNummer")
                .map(str::to_string)
                .unwrap_or_else(|| document.id.clone()),
            format: None,
        },
    }
}

/// The stored format name for a reply's content type.
fn format_of(content_type: Option<&str>) -> (&'static str, &'static str) {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.contains("pdf") {
        ("pdf", ".pdf")
    } else if ct.contains("wordprocessingml") || ct.contains("msword") {
        ("docx", ".docx")
    } else if ct.contains("html") {
        ("html", ".html")
    } else if ct.contains("xml") {
        ("xml", ".xml")
    } else {
        ("bin", "")
    }
}

/// The result of fetching one document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    Xml,
    Resource,
    Unchanged,
    Missing,
}

/// Whether a status says the resource is not there: 404 Not Found or 410 Gone.
fn gone(status: u16) -> bool {
    status == 404 || status == 410
}

/// Fetches and stores the text of one document whose records (`document` plus `related`
/// versions and publications) are known.
pub fn fetch_text(
    store: &mut Store,
    http: &mut Http,
    base: &BaseUrl,
    document: &Record,
    related: &[Record],
    progress: &dyn Progress,
) -> Result<Fetched, SyncError> {
    let mut source = pick_source(base, document, related);
    let mut validators = state::validators(store, &source.url)?;
    let mut reply = http.get(&source.url, validators.as_ref(), &mut |r| progress.retry(r));
    if source.format == Some("xml")
        && matches!(reply, Err(SyncError::Status { status, .. }) if gone(status))
    {
        // The publication is listed but not served (404 Not Found, 410 Gone): fall back to the
        // document itself.
        source = Source {
            url: base.odata(&format!("Document({})/resource", document.id)),
            name: document
                .str_field("DocumentNummer")
                .unwrap_or(&document.id)
                .to_string(),
            format: None,
        };
        validators = state::validators(store, &source.url)?;
        reply = http.get(&source.url, validators.as_ref(), &mut |r| progress.retry(r));
    }
    // The version of the stored row (which the pending query compares against).
    let version: Option<String> = store
        .conn()
        .query_row(
            "SELECT version FROM document WHERE id = ?1",
            [&document.id],
            |r| r.get(0),
        )
        .optional()
        .map_err(kw_store::StoreError::from)?
        .flatten();
    let reply = match reply {
        Ok(r) => r,
        Err(SyncError::Status { status, .. }) if gone(status) => {
            store.write(|tx| {
                state::record_document(
                    tx,
                    &document.id,
                    version.as_deref(),
                    "missing",
                    Some(&source.url),
                    None,
                )
            })?;
            return Ok(Fetched::Missing);
        }
        Err(e) => return Err(e),
    };
    if reply.not_modified() {
        store.write(|tx| {
            state::record_document(
                tx,
                &document.id,
                version.as_deref(),
                "unchanged",
                Some(&source.url),
                None,
            )
        })?;
        return Ok(Fetched::Unchanged);
    }
    let (format, ext) = match source.format {
        Some(f) => (f, ""),
        None => format_of(reply.content_type.as_deref()),
    };
    let name = if source.name.contains('.') {
        source.name.clone()
    } else {
        format!("{}{ext}", source.name)
    };
    store.write(|tx| -> Result<(), SyncError> {
        let (file_id, _) = tx.put_document(&name, &reply.body, format, Some(&document.id))?;
        let status = if source.format == Some("xml") {
            "xml"
        } else {
            "resource"
        };
        state::record_document(
            tx,
            &document.id,
            version.as_deref(),
            status,
            Some(&source.url),
            Some(file_id),
        )
    })?;
    state::remember(store, &source.url, &reply.validators)?;
    Ok(if source.format == Some("xml") {
        Fetched::Xml
    } else {
        Fetched::Resource
    })
}

/// Reads an OData reply into records.
pub fn read_odata(url: &str, body: &[u8]) -> Result<Vec<Record>, SyncError> {
    let mut records = Vec::new();
    kw_formats::odata::read_slice(body, &mut |r: Record| {
        records.push(r);
        Ok(())
    })
    .map_err(|e| SyncError::BadReply {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    Ok(records)
}

/// Upserts records in one transaction.
pub fn upsert_all(
    store: &mut Store,
    records: &[Record],
) -> Result<Vec<kw_store::Applied>, SyncError> {
    store.write(|tx| -> Result<_, SyncError> {
        let mut out = Vec::with_capacity(records.len());
        for r in records {
            out.push(tx.upsert(r)?);
        }
        Ok(out)
    })
}

/// Fetches the texts of every pending document (see [`state::pending_documents`]).
pub fn fetch_pending(
    store: &mut Store,
    http: &mut Http,
    base: &BaseUrl,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<DocumentReport, SyncError> {
    let pending = state::pending_documents(store)?;
    let mut rep = DocumentReport {
        pending: pending.len(),
        ..DocumentReport::default()
    };
    progress.documents_started(pending.len());
    for (i, (id, version)) in pending.iter().enumerate() {
        if stop.load(Ordering::SeqCst) {
            rep.interrupted = true;
            break;
        }
        match fetch_one(store, http, base, id, version.as_deref(), progress) {
            Ok(Fetched::Xml) => rep.xml += 1,
            Ok(Fetched::Resource) => rep.resource += 1,
            Ok(Fetched::Unchanged) => rep.unchanged += 1,
            Ok(Fetched::Missing) => rep.missing += 1,
            Err(e @ SyncError::Store(_)) => return Err(e),
            Err(SyncError::Interrupted { .. }) => {
                // Not a failure: the document stays pending for the next run.
                rep.interrupted = true;
                break;
            }
            Err(e) => {
                store.write(|tx| state::record_document(tx, id, None, "failed", None, None))?;
                rep.failed.push(format!("document {id}: {e}"));
            }
        }
        progress.document_done(i + 1, pending.len());
    }
    Ok(rep)
}

/// One pending document: its current version and publications through OData, then its text.
fn fetch_one(
    store: &mut Store,
    http: &mut Http,
    base: &BaseUrl,
    id: &str,
    version: Option<&str>,
    progress: &dyn Progress,
) -> Result<Fetched, SyncError> {
    let url = base.odata(&format!(
        "Document({id})?$expand=HuidigeDocumentVersie($expand=DocumentPublicatie)"
    ));
    let reply = match http.get(&url, None, &mut |r| progress.retry(r)) {
        Err(SyncError::Status { status, .. }) if gone(status) => {
            // Gone upstream since the feed listed it: nothing to fetch.
            store
                .write(|tx| state::record_document(tx, id, version, "missing", Some(&url), None))?;
            return Ok(Fetched::Missing);
        }
        other => other?,
    };
    let records = read_odata(&url, &reply.body)?;
    upsert_all(store, &records)?;
    let Some(document) = records
        .iter()
        .find(|r| r.entity == Entity::Document && r.id == id)
    else {
        return Err(SyncError::BadReply {
            url,
            reason: "the reply holds no such Document".into(),
        });
    };
    fetch_text(store, http, base, document, &records, progress)
}
