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
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad base URL"));
}

#[test]
fn sync_refuses_a_rate_too_small_to_wait_for_instead_of_panicking() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    serve(
        &server,
        Entity::Fractie,
        &entities(Entity::Fractie, "fractie", 3),
        10,
    );
    let dir = scratch("tiny-rate");
    for (flag, value) in [("--rate", "1e-20"), ("--timeout", "18446744073709551615")] {
        let out = run(
            &dir,
            &[
                "sync",
                "--categories",
                "Fractie",
                "--no-documents",
                flag,
                value,
                "--base-url",
                &base,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(flag) && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
    for (flag, value) in [
        ("--follow", "18446744073709551615m"),
        ("--max-backoff", "400d"),
    ] {
        let out = run(&dir, &["sync", flag, value, "--base-url", &base]);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("the longest is 366d"));
    }
    assert!(server.requests().is_empty());
}

/// The OData `$expand` reply for a motion, reshaped from its tkmoties file and its
/// zaak_documents object into the Kamer's OData form.
fn motion_reply(nummer: &str) -> Vec<u8> {
    let mut zaak: serde_json::Map<String, Value> =
        std::fs::read_dir(sample().join("tkmoties/2023"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| serde_json::from_slice::<Value>(&std::fs::read(e.path()).unwrap()).unwrap())
            .find(|v| v["Nummer"] == nummer)
            .unwrap()
            .as_object()
            .unwrap()
            .clone();
    zaak.remove("Stats");
    for b in zaak["Besluit"].as_array_mut().unwrap() {
        b.as_object_mut().unwrap().remove("Stats");
    }
    let zd: Value = serde_json::from_slice(
        &std::fs::read(sample().join(format!(
            "motion-texts/zaak_documents/{}.json",
            zaak["Id"].as_str().unwrap()
        )))
        .unwrap(),
    )
    .unwrap();
    zaak.insert("Document".into(), zd["Document"].clone());
    let reply = serde_json::json!({
        "@odata.context": "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/$metadata#Zaak",
        "value": [Value::Object(zaak)],
    });
    serde_json::to_vec(&reply).unwrap()
}

#[test]
fn fetch_motion_stores_motion_votes_and_text() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    server.set(
        "/OData/v4/2.0/Zaak?$filter=Nummer eq '2023Z20568'&$expand=Besluit($expand=Stemming),ZaakActor,Document($expand=HuidigeDocumentVersie($expand=DocumentPublicatie))",
        Response::bytes("application/json", motion_reply("2023Z20568")),
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
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no motion 2099Z99999") && stderr.contains("no Zaak with that Nummer"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
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

/// Sends SIGINT (what Ctrl-C sends) to a child process.
fn interrupt(child: &std::process::Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits for a child to end, at most `limit`.
fn wait_at_most(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the process did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The rows of a table.
fn rows(dir: &Path, table: &str) -> i64 {
    Store::open(dir)
        .unwrap()
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn sync_follow_picks_up_records_added_later_and_stops_on_sigint_with_130() {
    use std::io::BufRead;
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    let zaken = entities(Entity::Zaak, "zaak", 40);
    serve(&server, Entity::Zaak, &zaken[..20], 10);
    let dir = scratch("follow");
    let mut child = bin()
        .arg("--data-dir")
        .arg(&dir)
        .args([
            "sync",
            "--follow",
            "1s",
            "--categories",
            "Zaak",
            "--no-documents",
            "--json",
            "--rate",
            "0",
            "--base-url",
            &base,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let next_run = || -> Value {
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("a summary per run")
            .unwrap();
        serde_json::from_str(&line).unwrap()
    };
    let read = |run: &Value| -> (u64, u64) {
        let c = &run["categories"][0]["counts"];
        (
            c["pages"].as_u64().unwrap(),
            c["new"].as_u64().unwrap() + c["deleted"].as_u64().unwrap(),
        )
    };

    let first = next_run();
    assert_eq!(first["run"], 1);
    assert_eq!(read(&first), (2, 20));
    assert_eq!(first["categories"][0]["outcome"]["state"], "caught_up");
    assert_eq!(first["categories"][0]["cursor"], replay::token(1));

    // The Kamer publishes 20 more records: the tail page grows a next link. The new pages are
    // in place before the tail points at them.
    let entries: Vec<String> = zaken.iter().map(|e| e.to_entry(&base)).collect();
    let pages: Vec<Vec<String>> = entries.chunks(10).map(<[String]>::to_vec).collect();
    for (target, body) in replay::build_feed(&base, Entity::Zaak, &pages)
        .into_iter()
        .rev()
    {
        server.set(&target, Response::atom(body));
    }
    let mut runs = vec![first];
    let picked_up = loop {
        let run = next_run();
        assert_eq!(run["run"], runs.len() as u64 + 1, "{run}");
        let (_, records) = read(&run);
        runs.push(run.clone());
        if records > 0 {
            break run;
        }
        // A run that started before the change saw nothing new.
        assert!(runs.len() < 10, "the new records never arrived");
    };
    // The tail page again (its records unchanged) and the two new pages.
    let c = &picked_up["categories"][0]["counts"];
    assert_eq!(c["pages"], 3, "{picked_up}");
    assert_eq!(c["unchanged"], 10, "{picked_up}");
    assert_eq!(read(&picked_up).1, 20);
    assert_eq!(picked_up["categories"][0]["cursor"], replay::token(3));

    // Ctrl-C while it waits for the next run: exit 130, the store complete and consistent.
    interrupt(&child);
    let status = wait_at_most(&mut child, Duration::from_secs(15));
    assert_eq!(status.code(), Some(130));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("stopping"), "{stderr}");
    assert_eq!(rows(&dir, "zaak"), 40);
    assert!(dump(&dir).contains(&format!("cursor Zaak {}\n", replay::token(3))));
}

#[test]
fn sync_interrupted_by_sigint_mid_run_keeps_cursor_and_records_in_step() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    let targets = serve(
        &server,
        Entity::Besluit,
        &entities(Entity::Besluit, "besluit", 100),
        10,
    );
    assert_eq!(targets.len(), 10);
    let dir = scratch("sigint");
    let args = [
        "sync",
        "--categories",
        "Besluit",
        "--no-documents",
        "--quiet",
        "--base-url",
        &base,
    ];
    let mut child = bin()
        .arg("--data-dir")
        .arg(&dir)
        .args(args)
        .args(["--rate", "4"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.requests().len() < 3 {
        assert!(started.elapsed() < Duration::from_secs(20), "no progress");
        std::thread::sleep(Duration::from_millis(10));
    }
    interrupt(&child);
    let status = wait_at_most(&mut child, Duration::from_secs(15));
    assert_eq!(status.code(), Some(130));
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    assert!(stdout.contains("interrupted"), "{stdout}");

    // Every page before the cursor is stored whole; nothing after it.
    let cursor: String = Store::open(&dir)
        .unwrap()
        .conn()
        .query_row(
            "SELECT skiptoken FROM sync_cursor WHERE feed = 'Besluit'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let applied = (1..10)
        .find(|&i| replay::token(i) == cursor)
        .expect("the cursor is a page's skiptoken");
    assert!(applied < 9, "interrupted before the last page");
    assert_eq!(rows(&dir, "besluit"), 10 * applied as i64);

    // The next run completes from there.
    let out = run(&dir, &[&args[..], &["--rate", "0"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(rows(&dir, "besluit"), 100);
}

#[test]
fn sync_waits_out_a_retry_after_capped_by_max_backoff() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    let targets = serve(
        &server,
        Entity::Besluit,
        &entities(Entity::Besluit, "besluit", 20),
        10,
    );
    server.push_once(
        &targets[1],
        Response::Status(429).with_header("Retry-After", "3600"),
    );
    let dir = scratch("retry-after");
    let out = run(
        &dir,
        &[
            "sync",
            "--categories",
            "Besluit",
            "--no-documents",
            "--rate",
            "0",
            "--max-backoff",
            "300ms",
            "--base-url",
            &base,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let asked: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.target == targets[1])
        .collect();
    assert_eq!(asked.len(), 2);
    assert!(asked[1].at - asked[0].at >= Duration::from_millis(300));
    assert_eq!(rows(&dir, "besluit"), 20);
}

/// Serves motion kst-19637-3194's document in the Document feed and its OData reply (with
/// its versions and publications); the document's id.
fn serve_kst_19637_3194(server: &ReplayServer) -> String {
    let zd: Value = serde_json::from_slice(
        &std::fs::read(
            sample().join("motion-texts/zaak_documents/8f842025-5680-4874-9c18-ecc422f0d6fe.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let doc = zd["Document"][0].as_object().unwrap().clone();
    let id = doc["Id"].as_str().unwrap().to_string();
    let mut feed_doc = doc.clone();
    feed_doc.remove("HuidigeDocumentVersie");
    serve(
        server,
        Entity::Document,
        &[FeedEntity::new(Entity::Document, feed_doc)],
        10,
    );
    server.set(
        &format!(
            "/OData/v4/2.0/Document({id})?$expand=HuidigeDocumentVersie($expand=DocumentPublicatie)"
        ),
        Response::bytes("application/json", serde_json::to_vec(&doc).unwrap()),
    );
    id
}

#[test]
fn sync_falls_back_to_the_pdf_and_stores_its_extraction() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    // Motion kst-19637-3194's document: its XML publication is listed but answers 404; the
    // document's own resource is the PDF made from that XML.
    let id = serve_kst_19637_3194(&server);
    server.set(
        "/OData/v4/2.0/DocumentPublicatie(00335f73-baa9-45f6-8130-1e5685169e71)/Resource",
        Response::Status(404),
    );
    let pdf = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../sync/tests/data/pdf/kst-19637-3194.pdf"),
    )
    .unwrap();
    server.set(
        &format!("/OData/v4/2.0/Document({id})/resource"),
        Response::bytes("application/pdf", pdf.clone()),
    );
    let dir = scratch("pdf");
    let out = run(
        &dir,
        &[
            "sync",
            "--categories",
            "Document",
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
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["documents"]["resource"], 1, "{report}");
    assert_eq!(report["documents"]["xml"], 0, "{report}");
    assert_eq!(report["documents_extracted"]["extracted"], 1, "{report}");

    // The PDF is stored under the document, and its extraction reads as the official XML's.
    let store = Store::open(&dir).unwrap();
    let (bytes, ok, json): (Vec<u8>, bool, String) = store
        .conn()
        .query_row(
            "SELECT f.bytes, e.ok, e.json FROM source_file f
             JOIN extraction e ON e.source_file_id = f.id WHERE f.origin = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(bytes, pdf);
    assert!(ok, "{json}");
    let stored: Value = serde_json::from_str(&json).unwrap();
    let xml = std::fs::read(
        sample()
            .join("motion-texts/document_publications/00335f73-baa9-45f6-8130-1e5685169e71.xml"),
    )
    .unwrap();
    let official = serde_json::to_value(kw_app::documents::extract(&xml).unwrap()).unwrap();
    for field in ["kind", "kamerstuk", "date", "submitters", "requests"] {
        assert_eq!(stored[field], official[field], "{field}");
    }
    assert!(!stored["requests"].as_array().unwrap().is_empty());
}

#[test]
fn sync_reports_a_document_served_by_neither_and_exits_0() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    let id = serve_kst_19637_3194(&server);
    // Neither the XML publication nor the resource is served (the replay server answers 404).
    let dir = scratch("missing");
    let out = run(
        &dir,
        &[
            "sync",
            "--categories",
            "Document",
            "--rate",
            "0",
            "--base-url",
            &base,
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 pending, 0 xml, 0 pdf/other, 0 unchanged, 1 missing, 0 failed"),
        "{stdout}"
    );
    assert_eq!(
        server.hits(&format!("/OData/v4/2.0/Document({id})/resource")),
        1
    );
    assert_eq!(rows(&dir, "source_file"), 0);
}

#[test]
fn fetch_motion_retries_a_server_error_then_succeeds() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
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
    let reply = serde_json::json!({ "value": [Value::Object(zaak)] });
    let target = "/OData/v4/2.0/Zaak?$filter=Nummer eq '2023Z20568'&$expand=Besluit($expand=Stemming),ZaakActor,Document($expand=HuidigeDocumentVersie($expand=DocumentPublicatie))";
    server.set(
        target,
        Response::bytes("application/json", serde_json::to_vec(&reply).unwrap()),
    );
    server.push_once(target, Response::Status(500));
    let dir = scratch("fetch-500");
    let out = bin()
        .arg("--data-dir")
        .arg(&dir)
        .args(["fetch", "motion", "2023Z20568", "--json", "--rate", "0"])
        .args(["--base-url", &base])
        .env("KAMERWACHT_MAX_BACKOFF", "50ms")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(server.hits(target), 2);
    let rep: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rep["by_entity"]["Stemming"], 15);
    assert_eq!(rows(&dir, "stemming"), 15);
}

#[test]
fn fetch_motion_exits_1_not_4_when_the_service_keeps_failing() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    let target = "/OData/v4/2.0/Zaak?$filter=Nummer eq '2023Z20568'&$expand=Besluit($expand=Stemming),ZaakActor,Document($expand=HuidigeDocumentVersie($expand=DocumentPublicatie))";
    // A server that keeps failing: the command says so and exits 1 (the service failed), where
    // it used to exit 4 as if Kamerwacht itself had.
    server.set(target, Response::Status(503));
    let dir = scratch("fetch-503");
    let out = bin()
        .arg("--data-dir")
        .arg(&dir)
        .args([
            "fetch",
            "motion",
            "2023Z20568",
            "--rate",
            "0",
            "--attempts",
            "2",
        ])
        .args(["--max-backoff", "20ms", "--base-url", &base])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gave up after 2 attempts"), "{stderr}");
    assert_eq!(server.hits(target), 2);
}

#[test]
fn fetch_motion_stores_the_motion_and_exits_1_when_a_text_cannot_be_fetched() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    let target = "/OData/v4/2.0/Zaak?$filter=Nummer eq '2023Z20568'&$expand=Besluit($expand=Stemming),ZaakActor,Document($expand=HuidigeDocumentVersie($expand=DocumentPublicatie))";
    server.set(
        target,
        Response::bytes(
            "application/json; odata.metadata=minimal",
            motion_reply("2023Z20568"),
        ),
    );
    // The motion's text: the service keeps failing.
    let publication =
        "/OData/v4/2.0/DocumentPublicatie(98e2cedb-b0bd-4623-be0b-b15776ca979d)/Resource";
    server.set(publication, Response::Status(500));
    let dir = scratch("fetch-text-500");
    let out = bin()
        .arg("--data-dir")
        .arg(&dir)
        .args(["fetch", "motion", "2023Z20568", "--json", "--rate", "0"])
        .args([
            "--attempts",
            "2",
            "--max-backoff",
            "20ms",
            "--base-url",
            &base,
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("text not fetched: document ") && stderr.contains("500"),
        "{stderr}"
    );
    let rep: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rep["texts_failed"].as_array().map(Vec::len), Some(1));
    assert_eq!(rep["by_entity"]["Stemming"], 15);
    // The records are stored all the same.
    assert_eq!(rows(&dir, "stemming"), 15);
    assert_eq!(server.hits(publication), 2);
}

#[test]
fn sync_follow_prints_a_summary_per_run_in_text_form() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    let fracties = entities(Entity::Fractie, "fractie", 12);
    assert!(fracties.len() > 10);
    let n = fracties.len().to_string();
    // A later poll re-reads the tail page: its records are unchanged.
    let tail = ((fracties.len() - 1) % 5 + 1).to_string();
    serve(&server, Entity::Fractie, &fracties, 5);
    let dir = scratch("follow-text");
    let mut child = bin()
        .arg("--data-dir")
        .arg(&dir)
        .args([
            "sync",
            "--follow",
            "1s",
            "--categories",
            "Fractie",
            "--no-documents",
        ])
        .args(["--rate", "0", "--base-url", &base])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The first run reads the three pages; every later run polls the tail page once.
    let started = Instant::now();
    while server.requests().len() < 5 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no second poll"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    interrupt(&child);
    let status = wait_at_most(&mut child, Duration::from_secs(15));
    assert_eq!(status.code(), Some(130));
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let heads: Vec<&str> = stdout.lines().filter(|l| l.contains("sync from")).collect();
    assert!(heads.len() >= 2, "{stdout}");
    for (i, h) in heads.iter().enumerate() {
        assert!(
            h.starts_with(&format!("run {}: sync from {base}", i + 1)),
            "{h}"
        );
    }
    let fractie: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("Fractie"))
        .collect();
    assert!(
        fractie[0]
            .split_whitespace()
            .eq(["Fractie", "3", &n, "0", "0", "0", "0", "caught", "up"]),
        "{stdout}"
    );
    assert!(
        fractie[1]
            .split_whitespace()
            .eq(["Fractie", "1", "0", "0", &tail, "0", "0", "caught", "up"]),
        "{stdout}"
    );
    assert!(stderr.contains("next sync in 1s"), "{stderr}");
}

#[test]
fn sync_stops_on_sigint_during_a_retry_after_wait_without_retrying() {
    let server = ReplayServer::start().unwrap();
    let base = loopback(&server);
    let targets = serve(
        &server,
        Entity::Besluit,
        &entities(Entity::Besluit, "besluit", 30),
        10,
    );
    server.set(
        &targets[1],
        Response::Status(429).with_header("Retry-After", "3600"),
    );
    let dir = scratch("sigint-wait");
    let mut child = bin()
        .arg("--data-dir")
        .arg(&dir)
        .args([
            "sync",
            "--categories",
            "Besluit",
            "--no-documents",
            "--quiet",
        ])
        .args(["--rate", "0", "--max-backoff", "10m", "--base-url", &base])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.hits(&targets[1]) == 0 {
        assert!(started.elapsed() < Duration::from_secs(20), "no progress");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Now it waits up to ten minutes for the retry; Ctrl-C ends the wait.
    std::thread::sleep(Duration::from_millis(100));
    interrupt(&child);
    let status = wait_at_most(&mut child, Duration::from_secs(15));
    assert_eq!(status.code(), Some(130));
    assert_eq!(server.hits(&targets[1]), 1, "no retry after Ctrl-C");
    assert_eq!(rows(&dir, "besluit"), 10);
    assert!(dump(&dir).contains(&format!("cursor Besluit {}\n", replay::token(1))));
}
