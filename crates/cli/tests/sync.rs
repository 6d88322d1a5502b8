//! Tests of `kamerwacht sync` and `kamerwacht fetch motion`: the real binary against a loopback
//! replay server serving SyncFeed pages and OData replies built from the real records in
//! `data/sample`. Includes `kill -9` in the middle of a sync followed by a resume.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use kw_domain::Entity;
use kw_store::Store;
use kw_sync::replay::{self, FeedEntity, ReplayServer, Response};
use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kamerwacht"))
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample")
}

/// A fresh directory under the target's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "sync-{name}-{}-{:?}",
        std::process::id(),
        Instant::now()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn loopback(server: &ReplayServer) -> String {
    let base = server.base_url();
    assert!(
        base.starts_with("http://127.0.0.1:"),
        "tests must stay on loopback: {base}"
    );
    base
}

fn entities(entity: Entity, set: &str, n: usize) -> Vec<FeedEntity> {
    let mut seen = std::collections::HashSet::new();
    replay::odata_objects(&sample().join("odata").join(set))
        .unwrap()
        .into_iter()
        .map(|o| FeedEntity::new(entity, o))
        .filter(|e| seen.insert(e.id()))
        .take(n)
        .collect()
}

fn serve(
    server: &ReplayServer,
    entity: Entity,
    list: &[FeedEntity],
    per_page: usize,
) -> Vec<String> {
    let base = server.base_url();
    let entries: Vec<String> = list.iter().map(|e| e.to_entry(&base)).collect();
    let pages: Vec<Vec<String>> = entries.chunks(per_page).map(<[String]>::to_vec).collect();
    replay::serve_feed(server, entity, &pages)
}

/// Everything a sync writes, canonically: entity rows, links, cursors.
fn dump(dir: &Path) -> String {
    let store = Store::open(dir).unwrap();
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

fn run(dir: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn sync_killed_with_sigkill_then_resumed_equals_a_clean_full_sync() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    let zaak = serve(
        &server,
        Entity::Zaak,
        &entities(Entity::Zaak, "zaak", 300),
        25,
    );
    let besluit = serve(
        &server,
        Entity::Besluit,
        &entities(Entity::Besluit, "besluit", 150),
        25,
    );
    let stemming = serve(
        &server,
        Entity::Stemming,
        &entities(Entity::Stemming, "stemming_complete", 150),
        25,
    );
    let total_pages = zaak.len() + besluit.len() + stemming.len();
    assert_eq!(total_pages, 24);
    let common = [
        "--categories",
        "Zaak,Besluit,Stemming",
        "--no-documents",
        "--quiet",
        "--base-url",
        &base,
    ];

    // A clean full sync.
    let full = scratch("full");
    let out = run(
        &full,
        &[&["sync", "--once", "--rate", "0"][..], &common[..]].concat(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let full_requests = server.requests().len();
    assert_eq!(full_requests, total_pages);

    // The same sync, slowed down and killed with SIGKILL part-way.
    let killed = scratch("killed");
    let mut child = bin()
        .arg("--data-dir")
        .arg(&killed)
        .args([&["sync", "--once", "--rate", "5"][..], &common[..]].concat())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.requests().len() < full_requests + 9 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the sync made no progress"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the sync ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let partial = dump(&killed);
    assert_ne!(partial, dump(&full), "killed before the end");
    assert!(
        partial.contains("cursor Zaak "),
        "some pages were committed before the kill"
    );

    // The resume starts at the stored cursor and ends equal to the clean sync.
    let before = server.requests().len();
    let out = run(
        &killed,
        &[
            &["sync", "--once", "--rate", "0", "--json"][..],
            &common[..],
        ]
        .concat(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(dump(&killed), dump(&full));
    let resumed: Vec<_> = server.requests()[before..]
        .iter()
        .map(|r| r.target.clone())
        .collect();
    let first_zaak = resumed
        .iter()
        .find(|t| t.contains("category=Zaak"))
        .unwrap();
    assert_ne!(first_zaak, &zaak[0], "the resume did not start over");
    // Nothing is fetched twice except the one page in flight at the kill.
    let killed_run = server.requests()[full_requests..before].len();
    assert!(
        killed_run + resumed.len() <= total_pages + 1,
        "{killed_run} + {}",
        resumed.len()
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["categories"].as_array().unwrap().len(), 3);
    for c in report["categories"].as_array().unwrap() {
        assert_eq!(c["outcome"]["state"], "caught_up");
    }
}

#[test]
fn sync_exits_non_zero_and_says_why_when_a_page_does_not_parse() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    let targets = serve(
        &server,
        Entity::Besluit,
        &entities(Entity::Besluit, "besluit", 40),
        10,
    );
    server.set(
        &targets[2],
        Response::atom("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"),
    );
    let dir = scratch("bad");
    let out = run(
        &dir,
        &[
            "sync",
            "--categories",
            "besluit",
            "--no-documents",
            "--quiet",
            "--rate",
            "0",
            "--base-url",
            &base,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("does not parse after 3 attempts"),
        "{stderr}"
    );
    assert_eq!(server.hits(&targets[2]), 3);
    assert!(dump(&dir).contains(&format!("cursor Besluit {}", replay::token(2))));
}

#[test]
fn sync_rejects_a_bad_base_url() {
    let dir = scratch("badurl");
    let out = run(&dir, &["sync", "--base-url", "ftp://example.invalid"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad base URL"));
}

#[test]
fn fetch_motion_stores_motion_votes_and_text() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    // The OData $expand reply, reshaped from the motion's tkmoties file and its zaak_documents
    // object into the Kamer's OData form.
    let mut zaak: serde_json::Map<String, Value> =
        std::fs::read_dir(sample().join("tkmoties/2023"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| serde_json::from_slice::<Value>(&std::fs::read(e.path()).unwrap()).unwrap())
            .find(|v| v["Nummer"] == "2023Z20568")
            .unwrap()
            .as_object()
            .unwrap()
            .clone();
    zaak.remove("Stats");
    for b in zaak["Besluit"].as_array_mut().unwrap() {
        b.as_object_mut().unwrap().remove("Stats");
    }
    let zd: Value = serde_json::from_slice(
        &std::fs::read(
            sample().join("motion-texts/zaak_documents/02dacd9f-55df-4bfd-98ea-04d98ce94a7f.json"),
        )
        .unwrap(),
    )
    .unwrap();
    zaak.insert("Document".into(), zd["Document"].clone());
    let reply = serde_json::json!({
        "@odata.context": "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/$metadata#Zaak",
        "value": [Value::Object(zaak)],
    });
    server.set(
        "/OData/v4/2.0/Zaak?$filter=Nummer eq '2023Z20568'&$expand=Besluit($expand=Stemming),ZaakActor,Document($expand=HuidigeDocumentVersie($expand=DocumentPublicatie))",
        Response::bytes("application/json", serde_json::to_vec(&reply).unwrap()),
    );
    let xml = std::fs::read(
        sample()
            .join("motion-texts/document_publications/98e2cedb-b0bd-4623-be0b-b15776ca979d.xml"),
    )
    .unwrap();
    server.set(
        "/OData/v4/2.0/DocumentPublicatie(98e2cedb-b0bd-4623-be0b-b15776ca979d)/Resource",
        Response::bytes("application/xml", xml.clone()),
    );
    let dir = scratch("fetch");
    let out = run(
        &dir,
        &[
            "fetch",
            "motion",
            "2023Z20568",
            "--json",
            "--rate",
            "0",
            "--base-url",
            &base,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rep: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rep["zaak_id"], "02dacd9f-55df-4bfd-98ea-04d98ce94a7f");
    assert_eq!(rep["by_entity"]["Stemming"], 15);
    assert_eq!(rep["texts_xml"], 1);
    for r in server.requests() {
        assert!(
            r.user_agent
                .as_deref()
                .is_some_and(|ua| ua.starts_with("kamerwacht/"))
        );
    }
    let store = Store::open(&dir).unwrap();
    let stored: Vec<u8> = store
        .conn()
        .query_row(
            "SELECT bytes FROM source_file WHERE file_name = 'kst-36470-14.xml'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, xml);
    let votes: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM stemming WHERE besluit_id = '43e987c6-f7a3-4d4e-b159-230a11cc40e6'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(votes, 15);

    // An unknown motion: not found, exit 3.
    server.set(
        "/OData/v4/2.0/Zaak?$filter=Nummer eq '2099Z99999'&$expand=Besluit($expand=Stemming),ZaakActor,Document($expand=HuidigeDocumentVersie($expand=DocumentPublicatie))",
        Response::bytes("application/json", br#"{"value": []}"#.to_vec()),
    );
    let out = run(
        &dir,
        &[
            "fetch",
            "motion",
            "2099Z99999",
            "--rate",
            "0",
            "--base-url",
            &base,
        ],
    );
    assert_eq!(out.status.code(), Some(3));
}

/// A saved SyncFeed page imports like any other file; a bad entry inside it is rejected on its
/// own (named in the summary, exit code 1) while the good entries are stored.
#[test]
fn import_accepts_a_saved_syncfeed_page_and_reports_a_bad_entry() {
    let base = "https://gegevensmagazijn.tweedekamer.nl";
    let good: Vec<String> = entities(Entity::Fractie, "fractie", 3)
        .iter()
        .map(|e| e.to_entry(base))
        .collect();
    let dir = scratch("import-page");
    let clean = dir.join("page-clean.xml");
    std::fs::write(
        &clean,
        replay::feed(
            &format!("{base}/SyncFeed/2.0/Feed?category=Fractie"),
            None,
            &good,
        ),
    )
    .unwrap();
    let mut with_bad = good.clone();
    with_bad.push(replay::entry(
        base,
        Entity::Fractie,
        "not-a-guid",
        "2025-01-01T00:00:00Z",
        "<fractie/>",
    ));
    let bad = dir.join("page-bad.xml");
    std::fs::write(
        &bad,
        replay::feed(
            &format!("{base}/SyncFeed/2.0/Feed?category=Fractie"),
            None,
            &with_bad,
        ),
    )
    .unwrap();

    let data = dir.join("data");
    let out = bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["import", "--json"])
        .arg(&clean)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["entities"]["Fractie"]["new"], 3);

    let out = bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["import", "--json"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["entities"]["Fractie"]["unchanged"], 3);
    let rejected = report["rejected_records"].as_array().unwrap();
    assert_eq!(rejected.len(), 1, "{report}");
    assert!(
        rejected[0]["reason"].as_str().unwrap().contains("entry 4"),
        "{report}"
    );
}
