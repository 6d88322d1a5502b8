//! The sync client's own bookkeeping beside the store's tables: HTTP validators per URL (for
//! conditional requests) and which document's bytes were fetched for which version.
//!
//! The tables are created here with `CREATE TABLE IF NOT EXISTS` through the store's
//! connection; they hold nothing the store's own tables need.

use kw_store::Store;
use kw_store::rusqlite::{OptionalExtension, params};

use crate::SyncError;
use crate::http::Validators;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sync_http_validator (
  url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sync_document (
  document_id TEXT PRIMARY KEY, document_version TEXT, status TEXT NOT NULL,
  url TEXT, source_file_id INTEGER, fetched_at TEXT NOT NULL
);
";

/// Creates the tables when missing.
pub fn ensure(store: &Store) -> Result<(), SyncError> {
    store
        .conn()
        .execute_batch(SCHEMA)
        .map_err(kw_store::StoreError::from)?;
    Ok(())
}

/// The validators remembered for `url`.
pub fn validators(store: &Store, url: &str) -> Result<Option<Validators>, SyncError> {
    let v = store
        .conn()
        .prepare_cached("SELECT etag, last_modified FROM sync_http_validator WHERE url = ?1")
        .and_then(|mut s| {
            s.query_row([url], |r| {
                Ok(Validators {
                    etag: r.get(0)?,
                    last_modified: r.get(1)?,
                })
            })
            .optional()
        })
        .map_err(kw_store::StoreError::from)?;
    Ok(v.filter(|v| !v.is_empty()))
}

/// Remembers the validators of an answer whose content is safely stored.
pub fn remember(store: &Store, url: &str, v: &Validators) -> Result<(), SyncError> {
    let conn = store.conn();
    let result = if v.is_empty() {
        conn.execute("DELETE FROM sync_http_validator WHERE url = ?1", [url])
    } else {
        conn.execute(
            "INSERT INTO sync_http_validator (url, etag, last_modified, updated_at) VALUES (?1, ?2, ?3, datetime('now'))
             ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
             updated_at = excluded.updated_at",
            params![url, v.etag, v.last_modified],
        )
    };
    result.map_err(kw_store::StoreError::from)?;
    Ok(())
}

/// The stored skiptoken of a category feed.
pub fn cursor(store: &Store, feed: &str) -> Result<Option<String>, SyncError> {
    let v = store
        .conn()
        .query_row(
            "SELECT skiptoken FROM sync_cursor WHERE feed = ?1",
            [feed],
            |r| r.get(0),
        )
        .optional()
        .map_err(kw_store::StoreError::from)?;
    Ok(v)
}

/// Documents (motions, amendments, government letters) whose current version's bytes are not
/// fetched yet: `(id, version)`.
pub fn pending_documents(store: &Store) -> Result<Vec<(String, Option<String>)>, SyncError> {
    let conn = store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT d.id, d.version FROM document d
             LEFT JOIN sync_document s ON s.document_id = d.id
             WHERE d.deleted = 0
               AND (d.soort LIKE 'motie%' OR d.soort LIKE '%amendement%' OR d.soort = 'Brief regering')
               AND (s.document_id IS NULL OR s.status = 'failed'
                    OR s.document_version IS NOT d.version)
             ORDER BY d.id",
        )
        .map_err(kw_store::StoreError::from)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(kw_store::StoreError::from)?;
    Ok(rows)
}

/// Records the outcome of a document fetch, inside the caller's transaction.
pub fn record_document(
    tx: &kw_store::Tx<'_>,
    document_id: &str,
    document_version: Option<&str>,
    status: &str,
    url: Option<&str>,
    source_file_id: Option<i64>,
) -> Result<(), SyncError> {
    tx.conn()
        .execute(
            "INSERT INTO sync_document (document_id, document_version, status, url, source_file_id, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, datetime('now'))
             ON CONFLICT(document_id) DO UPDATE SET document_version = excluded.document_version,
               status = excluded.status, url = excluded.url,
               source_file_id = COALESCE(excluded.source_file_id, sync_document.source_file_id),
               fetched_at = excluded.fetched_at",
            params![document_id, document_version, status, url, source_file_id],
        )
        .map_err(kw_store::StoreError::from)?;
    Ok(())
}
