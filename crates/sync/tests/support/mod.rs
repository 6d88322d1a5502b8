//! Test support: real records from the repository's `data/sample`, validation of generated
//! entity elements against the official XSDs with `xmllint`, stores in temporary directories,
//! and a canonical dump of a store for comparisons.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use kw_domain::Entity;
use kw_store::Store;
use kw_sync::replay::{FeedEntity, ReplayServer, odata_objects, tkmoties_entities};
use kw_sync::{BaseUrl, Politeness, SyncOptions};
use serde_json::{Map, Value};

/// The repository's bundled real records.
pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample")
}

/// The official XSDs copied into this crate.
pub fn xsd() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/xsd/tkData-v1-0.xsd")
}

/// The objects of the OData pages in `data/sample/odata/<set>`.
pub fn objects(set: &str) -> Vec<Map<String, Value>> {
    odata_objects(&sample_dir().join("odata").join(set)).expect("sample OData pages")
}

/// Feed entities of type `entity` from `data/sample/odata/<set>`, at most `n`.
/// (each id once: the sample pages overlap).
pub fn entities(entity: Entity, set: &str, n: usize) -> Vec<FeedEntity> {
    let mut seen = std::collections::HashSet::new();
    objects(set)
        .into_iter()
        .map(|o| FeedEntity::new(entity, o))
        .filter(|e| seen.insert(e.id()))
        .take(n)
        .collect()
}

/// The tkmoties file of a motion, by Zaak.Nummer.
pub fn tkmoties_file(nummer: &str) -> Map<String, Value> {
    for year in ["2022", "2023"] {
        let dir = sample_dir().join("tkmoties").join(year);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            let v: Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
            if v.get("Nummer").and_then(Value::as_str) == Some(nummer) {
                return v.as_object().unwrap().clone();
            }
        }
    }
    panic!("no tkmoties file for {nummer}");
}

/// The entities of the first `n` tkmoties files of 2023 (Zaak, ZaakActor, Besluit, Stemming).
pub fn tkmoties(n: usize) -> Vec<FeedEntity> {
    let dir = sample_dir().join("tkmoties/2023");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .into_iter()
        .take(n)
        .flat_map(|f| {
            let v: Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
            tkmoties_entities(v.as_object().unwrap())
        })
        .collect()
}

/// The publication of 2023Z20568's motion text (kst-36470-14) in the sample.
pub const MOTION_PUBLICATION: &str = "98e2cedb-b0bd-4623-be0b-b15776ca979d";

/// The official XML of [`MOTION_PUBLICATION`].
pub fn motion_publication_xml() -> Vec<u8> {
    std::fs::read(sample_dir().join(format!(
        "motion-texts/document_publications/{MOTION_PUBLICATION}.xml"
    )))
    .unwrap()
}

/// The server target of a publication's resource.
pub fn publication_target(id: &str) -> String {
    format!("/OData/v4/2.0/DocumentPublicatie({id})/Resource")
}

/// Validates entity elements against the official XSDs with `xmllint` (libxml2-utils).
pub fn validate_xsd(elements: &[String]) {
    let dir = tempfile::tempdir().unwrap();
    for (batch_no, batch) in elements.chunks(400).enumerate() {
        let mut files = Vec::new();
        for (i, xml) in batch.iter().enumerate() {
            let p = dir.path().join(format!("e{batch_no}-{i}.xml"));
            std::fs::write(
                &p,
                format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{xml}\n"),
            )
            .unwrap();
            files.push(p);
        }
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(xsd())
            .args(&files)
            .output()
            .expect("xmllint must be installed (Debian: apt-get install -y libxml2-utils)");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let problems: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.ends_with(" validates"))
            .take(30)
            .collect();
        assert!(
            out.status.success(),
            "XSD validation failed:\n{}",
            problems.join("\n")
        );
        assert_eq!(
            stderr.matches(" validates").count(),
            batch.len(),
            "{stderr}"
        );
    }
}

/// Asserts that a URL points at the loopback replay server, never beyond.
pub fn assert_loopback(url: &str) {
    let b = BaseUrl::parse(url).unwrap();
    assert_eq!(b.host(), "127.0.0.1", "tests must stay on loopback: {url}");
}

/// Fast, test-sized politeness: no rate limit, short backoff and timeout.
pub fn fast() -> Politeness {
    Politeness {
        rate: 0.0,
        max_attempts: 4,
        backoff_base: Duration::from_millis(5),
        backoff_max: Duration::from_millis(50),
        timeout: Duration::from_secs(5),
    }
}

/// Sync options against a replay server: the given categories, no document stage.
pub fn options(server: &ReplayServer, categories: &[Entity]) -> SyncOptions {
    assert_loopback(&server.base_url());
    let mut o = SyncOptions::new(BaseUrl::parse(&server.base_url()).unwrap());
    o.categories = categories.to_vec();
    o.politeness = fast();
    o.documents = false;
    o
}

/// A new store in a temporary directory.
pub fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

/// A canonical text of everything a sync writes: every entity row (id, version, deleted,
/// fields), every link and every cursor. Two stores with equal dumps hold the same data.
pub fn dump(store: &Store) -> String {
    let conn = store.conn();
    let mut out = String::new();
    for e in Entity::ALL {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT id, version, deleted, fields FROM {} ORDER BY id",
                e.table()
            ))
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} {} {:?} {} {}\n",
                    e.table(),
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?
                ))
            })
            .unwrap();
        for r in rows {
            out.push_str(&r.unwrap());
        }
    }
    let mut stmt = conn
        .prepare("SELECT rel, from_id, to_id FROM link ORDER BY 1, 2, 3")
        .unwrap();
    for r in stmt
        .query_map([], |r| {
            Ok(format!(
                "link {} {} {}\n",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            ))
        })
        .unwrap()
    {
        out.push_str(&r.unwrap());
    }
    let mut stmt = conn
        .prepare("SELECT feed, skiptoken FROM sync_cursor ORDER BY 1")
        .unwrap();
    for r in stmt
        .query_map([], |r| {
            Ok(format!(
                "cursor {} {}\n",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?
            ))
        })
        .unwrap()
    {
        out.push_str(&r.unwrap());
    }
    out
}

/// Count of rows in a table matching a WHERE clause.
pub fn count(store: &Store, table: &str, cond: &str) -> i64 {
    store
        .conn()
        .query_row(
            &format!("SELECT count(*) FROM {table} WHERE {cond}"),
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// The stored cursor of a category.
pub fn cursor(store: &Store, entity: Entity) -> Option<String> {
    kw_sync::state::cursor(store, entity.name()).unwrap()
}

/// Splits entries into pages of `size`.
pub fn pages(entries: Vec<String>, size: usize) -> Vec<Vec<String>> {
    entries.chunks(size).map(<[String]>::to_vec).collect()
}

/// Copies an object with a new `ApiGewijzigdOp` and field values.
pub fn changed(fe: &FeedEntity, version: &str, set: &[(&str, Value)]) -> FeedEntity {
    let mut c = fe.clone();
    c.object
        .insert("ApiGewijzigdOp".into(), Value::String(version.into()));
    for (k, v) in set {
        c.object.insert((*k).into(), v.clone());
    }
    c
}
