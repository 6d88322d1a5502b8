//! Kamerwacht store: the SQLite file under the data directory, its numbered migrations,
//! versioned upserts with tombstones, imported files, and the queries the CLI and web need.
//!
//! **Invariants:** every write goes through [`Store::write`], one transaction; an older record
//! never overwrites a newer one and a tie keeps the stored record (`kw_domain::decide`);
//! references are columns, never foreign keys.

mod columns;
pub mod error;
mod migrate;
pub mod stats;

use std::path::{Path, PathBuf};

use kw_domain::{Decision, Entity, Version, decide};
use kw_formats::Record;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

pub use columns::columns;
pub use error::StoreError;
pub use rusqlite;

/// The file name of the database inside the data directory.
pub const DB_FILE: &str = "kamerwacht.sqlite";

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Applied {
    /// A record not seen before.
    New,
    /// A newer version replaced the stored one.
    Updated,
    /// The incoming copy was older or the same version: nothing changed.
    Unchanged,
    /// A deletion took effect (on a stored record, or as a tombstone for an unknown id).
    Tombstoned,
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| StoreError::DataDir(data_dir.to_path_buf(), e))?;
        let path = data_dir.join(DB_FILE);
        let conn = Connection::open(&path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // 8 KiB pages for a new file (an existing one keeps its size): a record with its raw
        // text and fields JSON is 1–3 KiB, and a sync writes half as many WAL frames (and
        // checkpoints half as often) as with 4 KiB pages.
        conn.pragma_update(None, "page_size", 8192)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let mut store = Store { conn, path };
        migrate::run(&mut store.conn)?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        // `&mut self` rules out a nested transaction; the shared borrow lets the transaction
        // hold prepared statements of the same connection.
        let conn = &self.conn;
        let tx =
            rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Deferred)
                .map_err(StoreError::from)?;
        let mut wrapped = Tx {
            held: Vec::new(),
            conn,
            tx,
        };
        let value = f(&mut wrapped)?;
        let Tx { held, tx, .. } = wrapped;
        drop(held);
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }
}

/// A write transaction.
pub struct Tx<'c> {
    /// The statements of the upsert path, taken from the connection's cache once per
    /// transaction rather than once per record (a cache lookup hashes the whole SQL text).
    /// Declared first so that they are dropped (reset, back into the cache) first.
    held: Vec<(&'static str, rusqlite::CachedStatement<'c>)>,
    conn: &'c Connection,
    tx: rusqlite::Transaction<'c>,
}

impl<'c> Tx<'c> {
    /// The underlying connection, for writers of derived state.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The prepared statement of `sql`, held for the rest of the transaction.
    fn held(
        &mut self,
        sql: &'static str,
    ) -> Result<&mut rusqlite::CachedStatement<'c>, StoreError> {
        let i = match self.held.iter().position(|(s, _)| std::ptr::eq(*s, sql)) {
            Some(i) => i,
            None => {
                let stmt = self.conn.prepare_cached(sql)?;
                self.held.push((sql, stmt));
                self.held.len() - 1
            }
        };
        Ok(&mut self.held[i].1)
    }

    /// Stores `rec` under the version rule and returns what happened.
    pub fn upsert(&mut self, rec: &Record) -> Result<Applied, StoreError> {
        self.upsert_encoded(rec, None)
    }

    /// [`Tx::upsert`], with the fields' stored text computed beforehand by [`encode_fields`]
    /// (on another thread, say); `None` computes it here.
    pub fn upsert_encoded(
        &mut self,
        rec: &Record,
        fields_text: Option<&str>,
    ) -> Result<Applied, StoreError> {
        let table = rec.entity.table();
        let stored: Option<(Option<String>, bool)> = self
            .held(select_sql(rec.entity))?
            .query_row([&rec.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let stored_version = stored
            .as_ref()
            .map(|(v, _)| v.clone().map(Version::from_stored));
        let decision = decide(
            stored_version.as_ref().map(Option::as_ref),
            rec.version.as_ref(),
        );
        let applied = match decision {
            Decision::Keep => {
                // The stored copy stays, but a reader may state a relation the stored copy did
                // not (the same Besluit nested under its Zaak in another file): keep it.
                if rec.raw_format != kw_formats::RawFormat::SyncFeedXml {
                    self.insert_links(rec)?;
                }
                return Ok(Applied::Unchanged);
            }
            Decision::Insert if rec.deleted => Applied::Tombstoned,
            Decision::Insert => Applied::New,
            Decision::Replace if rec.deleted => Applied::Tombstoned,
            Decision::Replace => Applied::Updated,
        };
        let version = rec.version.as_ref().map(Version::as_str);
        // A deletion that carries no data of its own (the SyncFeed sends an empty body) hides
        // the stored record and keeps its data.
        if decision == Decision::Replace && is_bare_deletion(rec) {
            self.tx
                .prepare_cached(&format!(
                    "UPDATE {table} SET version = ?2, deleted = 1 WHERE id = ?1"
                ))?
                .execute(params![rec.id, version])?;
            return Ok(applied);
        }
        let cols = columns(rec.entity);
        let computed;
        let fields = match fields_text {
            Some(f) => f,
            None => {
                computed = encode_fields(&rec.fields)?;
                computed.as_str()
            }
        };
        let derived = if rec.derived.is_empty() {
            "[]".to_string()
        } else {
            serde_json::to_string(&rec.derived)?
        };
        let deleted = rec.deleted as i64;
        let raw_format = rec.raw_format.as_str();
        let typed: Vec<JsonSql<'_>> = cols
            .iter()
            .map(|(f, _)| JsonSql(rec.fields.get(f)))
            .collect();
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(7 + cols.len());
        values.extend([
            &rec.id as &dyn rusqlite::ToSql,
            &version,
            &deleted,
            &rec.raw,
            &raw_format,
            &fields,
            &derived,
        ]);
        values.extend(typed.iter().map(|v| v as &dyn rusqlite::ToSql));
        self.held(upsert_sql(rec.entity))?
            .execute(values.as_slice())?;
        drop(typed);
        if rec.raw_format == kw_formats::RawFormat::SyncFeedXml {
            // A feed record states all its relations: replace what it said before. A record
            // not stored before stated nothing (links are written only beside a stored row,
            // and rows are never removed), and links stated again unchanged stay as they are.
            if decision == Decision::Insert {
                self.insert_links(rec)?;
            } else if self.stated_links_differ(rec)? {
                self.held("DELETE FROM link WHERE stated_by = ?1")?
                    .execute([&rec.id])?;
                self.insert_links(rec)?;
            }
            return Ok(applied);
        }
        self.insert_links(rec)?;
        Ok(applied)
    }

    /// True when the links stored as stated by `rec.id` are not exactly `rec.links`.
    fn stated_links_differ(&mut self, rec: &Record) -> Result<bool, StoreError> {
        let stmt = self.held("SELECT rel, from_id, to_id FROM link WHERE stated_by = ?1")?;
        let mut rows = stmt.query([&rec.id])?;
        let mut stored = 0usize;
        while let Some(row) = rows.next()? {
            let (rel, from, to): (String, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
            if !rec
                .links
                .iter()
                .any(|l| l.rel == rel && l.from == from && l.to == to)
            {
                return Ok(true);
            }
            stored += 1;
        }
        // Every stored link is stated; the same number (a record's links have no duplicates,
        // the parser drops them) means every stated link is stored.
        Ok(stored != rec.links.len())
    }

    /// Adds the links a record states (existing ones stay).
    fn insert_links(&mut self, rec: &Record) -> Result<(), StoreError> {
        if rec.links.is_empty() {
            return Ok(());
        }
        let stmt = self.held(
            "INSERT OR IGNORE INTO link (rel, from_id, to_id, stated_by) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for link in &rec.links {
            stmt.execute(params![link.rel, link.from, link.to, rec.id])?;
        }
        Ok(())
    }

    /// The stored SyncFeed skiptoken of a feed (category).
    pub fn cursor(&self, feed: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .tx
            .prepare_cached("SELECT skiptoken FROM sync_cursor WHERE feed = ?1")?
            .query_row([feed], |r| r.get(0))
            .optional()?)
    }

    /// Stores the skiptoken of a feed, in this transaction.
    pub fn set_cursor(&mut self, feed: &str, skiptoken: &str) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO sync_cursor (feed, skiptoken, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(feed) DO UPDATE SET skiptoken = excluded.skiptoken, updated_at = excluded.updated_at",
            )?
            .execute(params![feed, skiptoken, now()])?;
        Ok(())
    }

    /// Stores a document's bytes under their SHA-256; returns the row id and whether it is new.
    /// The same bytes stored again keep their first row (and first file name).
    pub fn put_document(
        &mut self,
        name: &str,
        bytes: &[u8],
        format: &str,
        origin: Option<&str>,
    ) -> Result<(i64, bool), StoreError> {
        use sha2::Digest;
        let sha = hex::encode(sha2::Sha256::digest(bytes));
        if let Some(id) = self
            .tx
            .prepare_cached("SELECT id FROM source_file WHERE sha256 = ?1")?
            .query_row([&sha], |r| r.get::<_, i64>(0))
            .optional()?
        {
            return Ok((id, false));
        }
        self.tx
            .prepare_cached(
                "INSERT INTO source_file (sha256, file_name, format, size, bytes, origin, first_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![sha, name, format, bytes.len() as i64, bytes, origin, now()])?;
        Ok((self.tx.last_insert_rowid(), true))
    }

    /// Stores the extraction of a source file (replacing an earlier one).
    pub fn put_extraction(
        &mut self,
        source_file_id: i64,
        extractor: &str,
        ok: bool,
        json: &str,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("INSERT OR REPLACE INTO extraction (source_file_id, extractor, ok, json) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![source_file_id, extractor, ok, json])?;
        Ok(())
    }
}

/// A deletion whose fields are only bookkeeping (id, version, the deletion flag itself).
fn is_bare_deletion(rec: &Record) -> bool {
    const BOOKKEEPING: [&str; 4] = ["Id", "Verwijderd", "ApiGewijzigdOp", "GewijzigdOp"];
    rec.deleted && rec.fields.keys().all(|k| BOOKKEEPING.contains(&k))
}

/// The version lookup of an entity's table.
fn select_sql(entity: Entity) -> &'static str {
    static SQL: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        Entity::ALL
            .iter()
            .map(|e| format!("SELECT version, deleted FROM {} WHERE id = ?1", e.table()))
            .collect()
    });
    let i = Entity::ALL.iter().position(|&e| e == entity).unwrap_or(0);
    &SQL[i]
}

/// The insert-or-update statement of an entity's table, built once per entity.
fn upsert_sql(entity: Entity) -> &'static str {
    static SQL: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        Entity::ALL
            .iter()
            .map(|&e| {
                let cols = columns(e);
                let names: Vec<&str> = [
                    "id",
                    "version",
                    "deleted",
                    "raw",
                    "raw_format",
                    "fields",
                    "derived",
                ]
                .into_iter()
                .chain(cols.iter().map(|(_, c)| *c))
                .collect();
                let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
                let sets: Vec<String> = names[1..]
                    .iter()
                    .map(|c| format!("{c} = excluded.{c}"))
                    .collect();
                format!(
                    "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT(id) DO UPDATE SET {}",
                    e.table(),
                    names.join(", "),
                    marks.join(", "),
                    sets.join(", ")
                )
            })
            .collect()
    });
    let i = Entity::ALL.iter().position(|&e| e == entity).unwrap_or(0);
    &SQL[i]
}

/// A JSON scalar as an SQL value, borrowed where it can be (booleans as 0/1; objects and
/// arrays as JSON text).
struct JsonSql<'a>(Option<&'a Value>);

impl rusqlite::ToSql for JsonSql<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value as S, ValueRef};
        Ok(match self.0 {
            None | Some(Value::Null) => ToSqlOutput::Owned(S::Null),
            Some(Value::Bool(b)) => ToSqlOutput::Owned(S::Integer(*b as i64)),
            Some(Value::Number(n)) => ToSqlOutput::Owned(
                n.as_i64()
                    .map(S::Integer)
                    .or_else(|| n.as_f64().map(S::Real))
                    .unwrap_or(S::Null),
            ),
            Some(Value::String(s)) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Some(other) => ToSqlOutput::Owned(S::Text(other.to_string())),
        })
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A record's fields as the store writes them (see [`Tx::upsert_encoded`]): their JSON text,
/// `serde_json::to_string(fields)` byte for byte, without the serializer's per-value overhead
/// for the scalars a record's fields are (other values go through serde_json).
pub fn encode_fields(fields: &kw_formats::Fields) -> Result<String, StoreError> {
    let mut out = String::with_capacity(64 + fields.len() * 32);
    out.push('{');
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_str(key, &mut out);
        out.push(':');
        match value {
            Value::Null => out.push_str("null"),
            Value::Bool(true) => out.push_str("true"),
            Value::Bool(false) => out.push_str("false"),
            Value::String(s) => json_str(s, &mut out),
            Value::Number(n) if n.is_i64() || n.is_u64() => {
                use std::fmt::Write;
                // Integers print the same through Display as through the serializer.
                let _ = write!(out, "{n}");
            }
            other => out.push_str(&serde_json::to_string(other)?),
        }
    }
    out.push('}');
    Ok(out)
}

/// A JSON string literal, escaped as serde_json escapes it: `"`, `\\`, and control
/// characters (the short forms where JSON has one, else `\u00xx`). Eight bytes at a time are
/// checked for anything to escape; most field values have nothing.
fn json_str(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push('"');
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        // The next (up to) eight bytes, padded with spaces, which need no escape.
        let rest = bytes.get(i..).unwrap_or_default();
        let n = rest.len().min(8);
        let mut word = [b' '; 8];
        word[..n].copy_from_slice(&rest[..n]);
        if !needs_escape(u64::from_le_bytes(word)) {
            i += n;
            continue;
        }
        let b = bytes[i];
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => {
                i += 1;
                continue;
            }
        };
        // Every byte matched above is ASCII, so `start` and `i` are character boundaries.
        out.push_str(&s[start..i]);
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(short);
        }
        i += 1;
        start = i;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// True when one of the eight bytes of `w` is a control character, `"` or `\\` (it may also
/// be true for a word whose only such byte is a following one, which is harmless here: the
/// caller then looks at the bytes one by one).
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    control | zero_byte(w ^ (ONES * u64::from(b'"'))) | zero_byte(w ^ (ONES * u64::from(b'\\')))
        != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast writer gives serde_json's bytes for the real sample records and for the
    /// characters that need escaping.
    #[test]
    fn fields_json_matches_serde_json() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample/odata");
        let mut maps = Vec::new();
        for set in [
            "zaak",
            "document",
            "besluit",
            "stemming",
            "persoon",
            "activiteit",
        ] {
            let dir = root.join(set);
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .expect("sample folder")
                .filter_map(Result::ok)
                .map(|e| e.path())
                .collect();
            files.sort();
            let bytes = std::fs::read(&files[0]).expect("sample file");
            kw_formats::odata::read_slice(&bytes, &mut |r| {
                maps.push(r.fields);
                Ok(())
            })
            .expect("sample reads");
        }
        assert!(maps.len() > 1000, "{}", maps.len());
        let tricky = serde_json::json!({
            "q": "\"quoted\" \\ back\\slash / slash",
            "c": "\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\u{7f} end",
            "u": "één – ∑ 😀",
            "n": null, "t": true, "f": false, "i": -42, "big": u64::MAX, "x": 1.5e300,
            "a": [1, "b"], "o": {"k": "v"}
        });
        if let Value::Object(m) = tricky {
            maps.push(m.into());
        }
        // Each escaped character at every offset of a word, among non-ASCII text.
        for c in ['"', '\\', '\n', '\u{1}', '\u{1f}', 'é'] {
            let mut m = kw_formats::Fields::new();
            for at in 0..20 {
                let s: String = (0..24).map(|i| if i == at { c } else { 'a' }).collect();
                m.insert(format!("k{at}"), Value::String(s));
            }
            maps.push(m);
        }
        for m in &maps {
            assert_eq!(encode_fields(m).unwrap(), serde_json::to_string(m).unwrap());
        }
    }
}
