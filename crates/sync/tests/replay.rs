//! Replay tests: SyncFeed pages generated from the real records in `data/sample`, validated
//! against the official XSDs, served on loopback and synced into a real store.

mod documents;
mod politeness;
mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use kw_domain::Entity;
use kw_formats::syncfeed::{self, Kind};
use kw_sync::replay::{self, FeedEntity, ReplayServer, Response, page_target, serve_feed, token};
use kw_sync::{Outcome, Progress, Quiet, SyncError, sync};
use serde_json::Value;
use support::*;

fn no_stop() -> AtomicBool {
    AtomicBool::new(false)
}

/// Every entity set of the sample, as feed entities.
fn all_sample_entities() -> Vec<FeedEntity> {
    let mut all = Vec::new();
    all.extend(entities(Entity::Zaak, "zaak", 300));
    all.extend(entities(Entity::Document, "document", 300));
    all.extend(entities(Entity::Besluit, "besluit", 250));
    all.extend(entities(Entity::Stemming, "stemming_complete", 250));
    all.extend(entities(Entity::Persoon, "persoon", 250));
    all.extend(entities(Entity::Fractie, "fractie", 50));
    all.extend(entities(
        Entity::FractieZetelPersoon,
        "fractie_zetel_persoon",
        150,
    ));
    all.extend(entities(Entity::Activiteit, "activiteit", 250));
    all.extend(entities(Entity::Agendapunt, "agendapunt", 250));
    all.extend(entities(Entity::Vergadering, "vergadering", 250));
    all.extend(tkmoties(40));
    all
}

#[test]
fn generated_entities_validate_against_the_official_xsds_and_parse_back() {
    let mut all = all_sample_entities();
    // A deletion with an empty body validates too.
    let mut del = all[0].clone();
    del.object.insert("Verwijderd".into(), Value::Bool(true));
    all.push(del);
    let xml: Vec<String> = all.iter().map(FeedEntity::to_xml).collect();
    validate_xsd(&xml);

    // The parser reads back every schema field the generator wrote, under its OData name.
    let base = "http://127.0.0.1:1";
    let entries: Vec<String> = all.iter().map(|e| e.to_entry(base)).collect();
    let text = replay::feed(base, None, &entries);
    let page = syncfeed::parse_page(text.as_bytes()).unwrap();
    assert_eq!(page.entries.len(), all.len());
    // The shortcut for plain children reads what reading every event reads.
    assert_eq!(page, syncfeed::parse_page_evented(text.as_bytes()).unwrap());
    let mut compared = 0;
    for (fe, rec) in all.iter().zip(&page.entries) {
        let rec = rec.as_ref().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rec.entity, fe.entity);
        assert_eq!(rec.id, fe.id());
        assert_eq!(
            rec.version,
            Some(kw_domain::Version::parse(&fe.bijgewerkt()).unwrap())
        );
        if rec.deleted {
            continue;
        }
        for f in syncfeed::schema(fe.entity).unwrap() {
            if matches!(f.kind, Kind::Ref | Kind::RefMany) {
                if syncfeed::link_rel(fe.entity, f.name).is_none() {
                    let key = format!("{}_Id", syncfeed::odata_name(f.name));
                    let want = fe
                        .object
                        .get(&key)
                        .and_then(Value::as_str)
                        .map(str::to_ascii_lowercase);
                    assert_eq!(
                        rec.str_field(&key).map(str::to_string),
                        want,
                        "{} {key}",
                        fe.entity
                    );
                }
                continue;
            }
            let key = syncfeed::odata_name(f.name);
            match fe.object.get(&key) {
                Some(Value::String(s)) if s.trim().is_empty() => {}
                Some(Value::Null) if !f.nillable => {}
                Some(Value::String(s)) if f.kind == Kind::Date => {
                    let want = Value::String(replay::date_part(s).to_string());
                    assert_eq!(
                        rec.fields.get(&key),
                        Some(&want),
                        "{} {} {key}",
                        fe.entity,
                        fe.id()
                    );
                    compared += 1;
                }
                Some(v) => {
                    assert_eq!(
                        rec.fields.get(&key),
                        Some(v),
                        "{} {} {key}",
                        fe.entity,
                        fe.id()
                    );
                    compared += 1;
                }
                None => assert!(!rec.fields.contains_key(&key)),
            }
        }
        for (el, targets) in &fe.refs {
            let rel = syncfeed::link_rel(fe.entity, el).unwrap();
            for t in targets {
                assert!(
                    rec.links
                        .iter()
                        .any(|l| l.rel == rel && l.from == rec.id && &l.to == t)
                );
            }
        }
    }
    assert!(compared > 20_000, "compared {compared} values");
}

#[test]
fn a_chain_of_pages_syncs_everything_then_polls_conditionally() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let zaken = entities(Entity::Zaak, "zaak", 240);
    let targets = serve_feed(
        &server,
        Entity::Zaak,
        &pages(zaken.iter().map(|e| e.to_entry(&base)).collect(), 40),
    );
    assert_eq!(targets.len(), 6);
    // The tail page offers an ETag.
    let tail = replay::build_feed(
        &base,
        Entity::Zaak,
        &pages(zaken.iter().map(|e| e.to_entry(&base)).collect(), 40),
    )
    .pop()
    .unwrap();
    server.set(&tail.0, Response::atom(tail.1).with_etag("\"tail-1\""));

    let (_dir, mut store) = store();
    let opts = options(&server, &[Entity::Zaak]);
    let rep = sync(&mut store, &opts, &Quiet, &no_stop()).unwrap();
    assert!(rep.ok(), "{:?}", rep.failures());
    let c = &rep.categories[0];
    // The real pages hold a few deleted records (Verwijderd = true): they arrive as deletions.
    let deleted = zaken
        .iter()
        .filter(|z| z.object.get("Verwijderd") == Some(&Value::Bool(true)))
        .count();
    assert!(deleted > 0);
    assert_eq!(
        (
            c.counts.pages,
            c.counts.new,
            c.counts.deleted,
            c.counts.skipped
        ),
        (6, 240 - deleted, deleted, 0)
    );
    assert_eq!(c.outcome, Outcome::CaughtUp);
    assert_eq!(cursor(&store, Entity::Zaak), Some(token(5)));
    assert_eq!(count(&store, "zaak", "deleted = 0") as usize, 240 - deleted);
    assert_eq!(count(&store, "zaak", "deleted = 1") as usize, deleted);
    // Fields and typed columns hold the real values.
    let z = &zaken[17];
    let nummer: String = store
        .conn()
        .query_row("SELECT nummer FROM zaak WHERE id = ?1", [z.id()], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        Some(nummer.as_str()),
        z.object.get("Nummer").and_then(Value::as_str)
    );
    // Each page was asked for once, with the project's User-Agent.
    for t in &targets {
        assert_eq!(server.hits(t), 1, "{t}");
    }
    for r in server.requests() {
        assert_eq!(r.user_agent.as_deref(), Some(kw_sync::USER_AGENT));
    }

    // A second run resumes at the stored cursor; the tail answers 304 to the ETag.
    let rep = sync(&mut store, &opts, &Quiet, &no_stop()).unwrap();
    assert_eq!(rep.categories[0].counts.pages, 0);
    assert_eq!(rep.requests, 1);
    let last = server.requests().pop().unwrap();
    assert_eq!(last.target, targets[5]);
    assert_eq!(last.if_none_match.as_deref(), Some("\"tail-1\""));
}

#[test]
fn an_empty_feed_is_caught_up() {
    let server = ReplayServer::start().unwrap();
    serve_feed(&server, Entity::Toezegging, &[]);
    let (_dir, mut store) = store();
    let rep = sync(
        &mut store,
        &options(&server, &[Entity::Toezegging]),
        &Quiet,
        &no_stop(),
    )
    .unwrap();
    assert!(rep.ok());
    assert_eq!(
        rep.categories[0].counts,
        kw_sync::Counts {
            pages: 1,
            ..Default::default()
        }
    );
    assert_eq!(rep.categories[0].outcome, Outcome::CaughtUp);
    assert_eq!(cursor(&store, Entity::Toezegging), None);
}

#[test]
fn deletions_including_one_of_a_record_never_seen() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let docs = entities(Entity::Document, "document", 3);
    let (a, b, c) = (&docs[0], &docs[1], &docs[2]);
    let mut del_a = changed(a, "2030-01-01T00:00:00Z", &[]);
    del_a.object.insert("Verwijderd".into(), Value::Bool(true));
    let mut del_c = changed(c, "2030-01-01T00:00:00Z", &[]);
    del_c.object.insert("Verwijderd".into(), Value::Bool(true));
    // After the tombstone, an older live copy of C arrives: it must not bring C back.
    let old_c = changed(c, "2020-01-01T00:00:00Z", &[]);
    let pages = vec![
        vec![a.to_entry(&base), b.to_entry(&base)],
        vec![del_a.to_entry(&base), del_c.to_entry(&base)],
        vec![old_c.to_entry(&base)],
    ];
    serve_feed(&server, Entity::Document, &pages);
    let (_dir, mut store) = store();
    let rep = sync(
        &mut store,
        &options(&server, &[Entity::Document]),
        &Quiet,
        &no_stop(),
    )
    .unwrap();
    let counts = &rep.categories[0].counts;
    assert_eq!((counts.new, counts.deleted, counts.unchanged), (2, 2, 1));
    let deleted = |id: &str| -> i64 {
        store
            .conn()
            .query_row("SELECT deleted FROM document WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(deleted(&a.id()), 1);
    // The empty-bodied deletion hides A but keeps what was known of it.
    let nummer: Option<String> = store
        .conn()
        .query_row(
            "SELECT document_nummer FROM document WHERE id = ?1",
            [a.id()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        nummer.as_deref(),
        a.object.get("DocumentNummer").and_then(Value::as_str)
    );
    assert_eq!(deleted(&b.id()), 0);
    assert_eq!(deleted(&c.id()), 1, "a tombstone for a record never seen");
    let version: String = store
        .conn()
        .query_row(
            "SELECT version FROM document WHERE id = ?1",
            [c.id()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(version.starts_with("2030-01-01"));
}

#[test]
fn an_entity_updated_twice_across_pages_keeps_the_latest() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let zaken = entities(Entity::Zaak, "zaak", 12);
    let x = &zaken[0];
    let v2 = changed(
        x,
        "2031-01-01T00:00:00Z",
        &[("Onderwerp", Value::String("tweede versie".into()))],
    );
    let v3 = changed(
        x,
        "2032-01-01T00:00:00.5Z",
        &[("Onderwerp", Value::String("derde versie".into()))],
    );
    let pages = vec![
        vec![x.to_entry(&base), zaken[1].to_entry(&base)],
        vec![zaken[2].to_entry(&base), v2.to_entry(&base)],
        vec![zaken[3].to_entry(&base)],
        vec![v3.to_entry(&base), zaken[4].to_entry(&base)],
        // A stale copy arriving late changes nothing.
        vec![v2.to_entry(&base)],
    ];
    serve_feed(&server, Entity::Zaak, &pages);
    let (_dir, mut store) = store();
    let rep = sync(
        &mut store,
        &options(&server, &[Entity::Zaak]),
        &Quiet,
        &no_stop(),
    )
    .unwrap();
    let c = &rep.categories[0].counts;
    assert_eq!((c.new, c.updated, c.unchanged), (5, 2, 1));
    let (onderwerp, version): (String, String) = store
        .conn()
        .query_row(
            "SELECT onderwerp, version FROM zaak WHERE id = ?1",
            [x.id()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(onderwerp, "derde versie");
    assert_eq!(version, "2032-01-01T00:00:00.500000000Z");
    assert_eq!(count(&store, "zaak", "1"), 5);
}

#[test]
fn a_vote_arriving_before_its_decision_is_resolved_when_both_are_present() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let motion = replay::tkmoties_entities(&tkmoties_file("2023Z20568"));
    let of = |e: Entity| -> Vec<String> {
        motion
            .iter()
            .filter(|f| f.entity == e)
            .map(|f| f.to_entry(&base))
            .collect()
    };
    serve_feed(&server, Entity::Stemming, &pages(of(Entity::Stemming), 4));
    serve_feed(&server, Entity::Besluit, &[of(Entity::Besluit)]);
    serve_feed(&server, Entity::Zaak, &[of(Entity::Zaak)]);
    let (_dir, mut store) = store();
    let stop = no_stop();
    // The votes first: stored although their decision is unknown.
    let rep = sync(
        &mut store,
        &options(&server, &[Entity::Stemming]),
        &Quiet,
        &stop,
    )
    .unwrap();
    assert_eq!(rep.categories[0].counts.new, 15);
    assert_eq!(
        count(
            &store,
            "stemming",
            "besluit_id = '43e987c6-f7a3-4d4e-b159-230a11cc40e6'"
        ),
        15
    );
    assert_eq!(count(&store, "besluit", "1"), 0);
    // Then the decision and the motion: the references resolve.
    let rep = sync(
        &mut store,
        &options(&server, &[Entity::Besluit, Entity::Zaak]),
        &Quiet,
        &stop,
    )
    .unwrap();
    assert!(rep.ok());
    let (voor, tegen): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT sum(CASE WHEN s.soort = 'Voor' THEN s.fractie_grootte END),
                    sum(CASE WHEN s.soort = 'Tegen' THEN s.fractie_grootte END)
             FROM stemming s JOIN besluit b ON b.id = s.besluit_id
             JOIN link l ON l.rel = 'besluit_zaak' AND l.from_id = b.id
             JOIN zaak z ON z.id = l.to_id WHERE z.nummer = '2023Z20568'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((voor, tegen), (105, 44));
}

#[test]
fn a_500_on_one_page_is_retried_then_succeeds() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let targets = serve_feed(
        &server,
        Entity::Besluit,
        &pages(
            entities(Entity::Besluit, "besluit", 30)
                .iter()
                .map(|e| e.to_entry(&base))
                .collect(),
            10,
        ),
    );
    server.push_once(&targets[1], Response::Status(500));
    server.push_once(&targets[1], Response::Status(503));
    let (_dir, mut store) = store();
    let retries = std::sync::Mutex::new(Vec::new());
    struct Log<'a>(&'a std::sync::Mutex<Vec<String>>);
    impl Progress for Log<'_> {
        fn retry(&self, r: &kw_sync::http::Retry<'_>) {
            self.0.lock().unwrap().push(r.reason.to_string());
        }
    }
    let rep = sync(
        &mut store,
        &options(&server, &[Entity::Besluit]),
        &Log(&retries),
        &no_stop(),
    )
    .unwrap();
    assert!(rep.ok());
    assert_eq!(rep.categories[0].counts.new, 30);
    assert_eq!(server.hits(&targets[1]), 3);
    assert_eq!(
        *retries.lock().unwrap(),
        vec!["HTTP 500".to_string(), "HTTP 503".to_string()]
    );
}

#[test]
fn a_timeout_is_retried_then_succeeds() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let targets = serve_feed(
        &server,
        Entity::Persoon,
        &pages(
            entities(Entity::Persoon, "persoon", 20)
                .iter()
                .map(|e| e.to_entry(&base))
                .collect(),
            10,
        ),
    );
    server.push_once(
        &targets[1],
        Response::Delay(Duration::from_secs(3), Box::new(Response::Status(200))),
    );
    let (_dir, mut store) = store();
    let mut opts = options(&server, &[Entity::Persoon]);
    opts.politeness.timeout = Duration::from_millis(400);
    let started = std::time::Instant::now();
    let rep = sync(&mut store, &opts, &Quiet, &no_stop()).unwrap();
    assert!(rep.ok(), "{:?}", rep.failures());
    assert_eq!(rep.categories[0].counts.new, 20);
    assert_eq!(server.hits(&targets[1]), 2);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the slow answer was not awaited"
    );
}

#[test]
fn a_server_that_keeps_failing_stops_the_category_without_moving_the_cursor() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let targets = serve_feed(
        &server,
        Entity::Agendapunt,
        &pages(
            entities(Entity::Agendapunt, "agendapunt", 20)
                .iter()
                .map(|e| e.to_entry(&base))
                .collect(),
            10,
        ),
    );
    server.set(&targets[1], Response::Status(502));
    let (_dir, mut store) = store();
    let opts = options(&server, &[Entity::Agendapunt]);
    let rep = sync(&mut store, &opts, &Quiet, &no_stop()).unwrap();
    assert!(!rep.ok());
    assert!(
        rep.failures()[0].contains("gave up after 4 attempts"),
        "{:?}",
        rep.failures()
    );
    assert_eq!(server.hits(&targets[1]), 4);
    assert_eq!(cursor(&store, Entity::Agendapunt), Some(token(1)));
}

#[test]
fn a_page_that_does_not_parse_stops_its_category_and_keeps_the_cursor() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let acts = entities(Entity::Activiteit, "activiteit", 50);
    let targets = serve_feed(
        &server,
        Entity::Activiteit,
        &pages(acts.iter().map(|e| e.to_entry(&base)).collect(), 10),
    );
    let good_page_2 = replay::build_feed(
        &base,
        Entity::Activiteit,
        &pages(acts.iter().map(|e| e.to_entry(&base)).collect(), 10),
    )
    .swap_remove(2)
    .1;
    // Page 2 is cut off in the middle of an element.
    server.set(
        &targets[2],
        Response::atom(good_page_2[..good_page_2.len() / 2].to_string()),
    );
    // Another category in the same run still syncs.
    serve_feed(
        &server,
        Entity::Vergadering,
        &[entities(Entity::Vergadering, "vergadering", 5)
            .iter()
            .map(|e| e.to_entry(&base))
            .collect()],
    );
    let (_dir, mut store) = store();
    let opts = options(&server, &[Entity::Activiteit, Entity::Vergadering]);
    let rep = sync(&mut store, &opts, &Quiet, &no_stop()).unwrap();
    assert!(!rep.ok());
    let failures = rep.failures();
    assert_eq!(failures.len(), 1);
    assert!(
        failures[0].contains("does not parse after 3 attempts"),
        "{failures:?}"
    );
    assert!(failures[0].contains(&targets[2]), "{failures:?}");
    assert_eq!(server.hits(&targets[2]), 3);
    assert_eq!(
        cursor(&store, Entity::Activiteit),
        Some(token(2)),
        "the cursor did not move past the bad page"
    );
    assert_eq!(count(&store, "activiteit", "1"), 20);
    assert_eq!(rep.categories[1].counts.new, 5);

    // Once the server sends the page whole, the next run resumes there and completes.
    server.set(&targets[2], Response::atom(good_page_2));
    let rep = sync(&mut store, &opts, &Quiet, &no_stop()).unwrap();
    assert!(rep.ok());
    let c = &rep.categories[0].counts;
    assert_eq!(c.new + c.deleted, 30);
    assert_eq!(
        server.hits(&targets[0]),
        1,
        "resumed from the cursor, not from the start"
    );
    assert_eq!(count(&store, "activiteit", "1"), 50);
}

#[test]
fn a_bad_entry_inside_a_good_page_is_skipped_and_the_cursor_moves_on() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let zaken = entities(Entity::Zaak, "zaak", 6);
    let mut bad_int = zaken[1].clone();
    bad_int
        .object
        .insert("Volgnummer".into(), Value::String("veertien".into()));
    let bad_id = zaken[2]
        .to_entry(&base)
        .replace(&format!("id=\"{}\"", zaken[2].id()), "id=\"not-a-guid\"");
    let pages = vec![
        vec![
            zaken[0].to_entry(&base),
            bad_int.to_entry(&base),
            bad_id,
            zaken[3].to_entry(&base),
        ],
        vec![zaken[4].to_entry(&base), zaken[5].to_entry(&base)],
    ];
    serve_feed(&server, Entity::Zaak, &pages);
    let (_dir, mut store) = store();
    let rep = sync(
        &mut store,
        &options(&server, &[Entity::Zaak]),
        &Quiet,
        &no_stop(),
    )
    .unwrap();
    assert!(rep.ok());
    let c = &rep.categories[0];
    assert_eq!((c.counts.new, c.counts.skipped), (4, 2));
    assert_eq!(c.skipped_entries.len(), 2);
    assert!(
        c.skipped_entries[0].contains("not an integer"),
        "{:?}",
        c.skipped_entries
    );
    assert!(
        c.skipped_entries[1].contains("not a GUID"),
        "{:?}",
        c.skipped_entries
    );
    assert_eq!(cursor(&store, Entity::Zaak), Some(token(1)));
}

#[test]
fn stop_requests_end_the_run_at_a_page_boundary() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let targets = serve_feed(
        &server,
        Entity::Zaak,
        &pages(
            entities(Entity::Zaak, "zaak", 50)
                .iter()
                .map(|e| e.to_entry(&base))
                .collect(),
            10,
        ),
    );
    struct StopAfter<'a>(&'a AtomicBool, usize);
    impl Progress for StopAfter<'_> {
        fn page_applied(&self, _: Entity, _: &kw_sync::Counts, total: &kw_sync::Counts) {
            if total.pages == self.1 {
                self.0.store(true, Ordering::SeqCst);
            }
        }
    }
    let (_dir, mut store) = store();
    let stop = AtomicBool::new(false);
    let rep = sync(
        &mut store,
        &options(&server, &[Entity::Zaak, Entity::Besluit]),
        &StopAfter(&stop, 2),
        &stop,
    )
    .unwrap();
    assert!(rep.interrupted);
    assert_eq!(rep.categories.len(), 1);
    assert_eq!(rep.categories[0].outcome, Outcome::Interrupted);
    // The stop came after page 2 was stored; pages the fetcher had ready by then may have
    // been stored with it, in the same transaction, but the stop ends the run at a page
    // boundary: k pages stored, with the cursor of page k, and nothing after it.
    let k = rep.categories[0].counts.pages;
    assert!((2..5).contains(&k), "{k}");
    assert_eq!(count(&store, "zaak", "1"), 10 * k as i64);
    assert_eq!(cursor(&store, Entity::Zaak), Some(token(k)));
    // The fetcher runs up to a few pages ahead of the writer: later pages may have been read
    // (once each), but were not stored.
    for t in &targets[2..] {
        assert!(server.hits(t) <= 1, "{t}");
    }
}

#[test]
fn documents_are_fetched_as_publication_xml_or_as_the_resource() {
    let server = ReplayServer::start().unwrap();
    let base = server.base_url();
    let sample = sample_dir();
    // Motion 2023Z20568's document, as the OData $expand of its version and publications.
    let zd: serde_json::Map<String, Value> = serde_json::from_slice(
        &std::fs::read(
            sample.join("motion-texts/zaak_documents/02dacd9f-55df-4bfd-98ea-04d98ce94a7f.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let doc = zd["Document"][0].as_object().unwrap().clone();
    let doc_id = doc["Id"].as_str().unwrap().to_string();
    let xml = motion_publication_xml();
    // A second motion document without any XML publication: its resource is served.
    let mut other = doc.clone();
    let other_id = "00000000-0000-4000-8000-00000000d0c2".to_string();
    other.insert("Id".into(), Value::String(other_id.clone()));
    other.insert("DocumentNummer".into(), Value::String("2099D00002".into()));
    other.insert("HuidigeDocumentVersie".into(), Value::Null);
    other.insert("HuidigeDocumentVersie_Id".into(), Value::Null);
    // A letter nobody serves.
    let mut letter = doc.clone();
    let letter_id = "00000000-0000-4000-8000-00000000d0c3".to_string();
    letter.insert("Id".into(), Value::String(letter_id.clone()));
    letter.insert("Soort".into(), Value::String("Brief regering".into()));
    letter.insert("HuidigeDocumentVersie".into(), Value::Null);
    letter.insert("HuidigeDocumentVersie_Id".into(), Value::Null);
    let feed_docs: Vec<String> = [&doc, &other, &letter]
        .iter()
        .map(|o| {
            let mut o = (*o).clone();
            o.remove("HuidigeDocumentVersie");
            FeedEntity::new(Entity::Document, o).to_entry(&base)
        })
        .collect();
    serve_feed(&server, Entity::Document, &[feed_docs]);
    let expand = "?$expand=HuidigeDocumentVersie($expand=DocumentPublicatie)";
    for o in [&doc, &other, &letter] {
        let id = o["Id"].as_str().unwrap();
        server.set(
            &format!("/OData/v4/2.0/Document({id}){expand}"),
            Response::bytes("application/json", serde_json::to_vec(o).unwrap()),
        );
    }
    server.set(
        &publication_target(MOTION_PUBLICATION),
        Response::bytes("application/xml", xml.clone()).with_etag("\"x1\""),
    );
    let pdf = b"%PDF-1.4\n% handmade test bytes, not a real document\n".to_vec();
    server.set(
        &format!("/OData/v4/2.0/Document({other_id})/resource"),
        Response::bytes("application/pdf", pdf.clone()),
    );

    let (_dir, mut store) = store();
    let mut opts = options(&server, &[Entity::Document]);
    opts.documents = true;
    let rep = sync(&mut store, &opts, &Quiet, &no_stop()).unwrap();
    let docs = rep.documents.clone().unwrap();
    assert_eq!(
        (docs.pending, docs.xml, docs.resource, docs.missing),
        (3, 1, 1, 1),
        "{docs:?}"
    );
    let stored = |origin: &str| -> (String, String, Vec<u8>) {
        store
            .conn()
            .query_row(
                "SELECT file_name, format, bytes FROM source_file WHERE origin = ?1",
                [origin],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    assert_eq!(
        stored(&doc_id),
        ("kst-36470-14.xml".to_string(), "xml".to_string(), xml)
    );
    assert_eq!(
        stored(&other_id),
        ("2099D00002.pdf".to_string(), "pdf".to_string(), pdf)
    );
    assert_eq!(
        count(&store, "document_publicatie", "1"),
        4,
        "pdf, xml, html and odt"
    );
    assert_eq!(count(&store, "document_versie", "1"), 1);

    // Nothing is pending any more: a second run asks for no document.
    let before = server.requests().len();
    let rep = sync(&mut store, &opts, &Quiet, &no_stop()).unwrap();
    assert_eq!(rep.documents.unwrap().pending, 0);
    assert_eq!(
        server.requests().len() - before,
        1,
        "only the feed's tail page"
    );

    // A newer version of the motion document: its text is asked for again, conditionally,
    // and the server's 304 keeps the stored bytes.
    let mut newer = doc.clone();
    newer.remove("HuidigeDocumentVersie");
    newer.insert(
        "ApiGewijzigdOp".into(),
        Value::String("2030-01-01T00:00:00Z".into()),
    );
    serve_feed(
        &server,
        Entity::Document,
        &[vec![
            FeedEntity::new(Entity::Document, newer).to_entry(&base),
        ]],
    );
    let rep = sync(&mut store, &opts, &Quiet, &no_stop()).unwrap();
    let docs = rep.documents.unwrap();
    assert_eq!((docs.pending, docs.unchanged), (1, 1), "{docs:?}");
    let last = server.requests().pop().unwrap();
    assert!(last.target.ends_with("/Resource"), "{}", last.target);
    assert_eq!(last.if_none_match.as_deref(), Some("\"x1\""));
    assert_eq!(count(&store, "source_file", "1"), 2);
}

#[test]
fn fetch_motion_stores_the_motion_complete_with_its_text() {
    let server = ReplayServer::start().unwrap();
    let reply = motion_reply("2023Z20568");
    let target = kw_sync::base::decode(&kw_sync::fetch::motion_url(
        &kw_sync::BaseUrl::parse("http://h").unwrap(),
        "2023Z20568",
    ))
    .trim_start_matches("http://h")
    .to_string();
    server.set(
        &target,
        Response::bytes("application/json; odata.metadata=minimal", reply),
    );
    let xml = motion_publication_xml();
    server.set(
        &publication_target(MOTION_PUBLICATION),
        Response::bytes("application/xml", xml),
    );
    let (_dir, mut store) = store();
    let opts = options(&server, &[]);
    let rep = kw_sync::fetch_motion(
        &mut store,
        &opts.base,
        &opts.politeness,
        "2023Z20568",
        &Quiet,
    )
    .unwrap();
    assert_eq!(rep.zaak_id, "02dacd9f-55df-4bfd-98ea-04d98ce94a7f");
    assert_eq!(rep.by_entity.get("Stemming"), Some(&15));
    assert_eq!(rep.texts_xml, 1);
    assert_eq!(
        count(
            &store,
            "stemming",
            "besluit_id = '43e987c6-f7a3-4d4e-b159-230a11cc40e6'"
        ),
        15
    );
    assert_eq!(
        count(
            &store,
            "link",
            "rel = 'besluit_zaak' AND to_id = '02dacd9f-55df-4bfd-98ea-04d98ce94a7f'"
        ),
        1
    );
    assert_eq!(
        count(&store, "source_file", "file_name = 'kst-36470-14.xml'"),
        1
    );

    let err = kw_sync::fetch_motion(
        &mut store,
        &opts.base,
        &opts.politeness,
        "2099Z00000",
        &Quiet,
    )
    .unwrap_err();
    assert!(
        matches!(err, SyncError::Status { status: 404, .. }),
        "{err}"
    );
}

/// The OData `$expand` reply for a motion, reshaped from its tkmoties file and its
/// `zaak_documents` object into the Kamer's OData form.
fn motion_reply(nummer: &str) -> Vec<u8> {
    let mut zaak = tkmoties_file(nummer);
    zaak.remove("Stats");
    if let Some(Value::Array(bs)) = zaak.get_mut("Besluit") {
        for b in bs.iter_mut().filter_map(Value::as_object_mut) {
            b.remove("Stats");
        }
    }
    let id = zaak["Id"].as_str().unwrap().to_string();
    let zd: Value = serde_json::from_slice(
        &std::fs::read(sample_dir().join(format!("motion-texts/zaak_documents/{id}.json")))
            .unwrap(),
    )
    .unwrap();
    zaak.insert("Document".into(), zd["Document"].clone());
    let reply = serde_json::json!({
        "@odata.context": "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/$metadata#Zaak(Besluit(Stemming()),ZaakActor(),Document(HuidigeDocumentVersie(DocumentPublicatie())))",
        "value": [Value::Object(zaak)],
    });
    serde_json::to_vec(&reply).unwrap()
}

#[test]
fn no_request_leaves_loopback() {
    let server = ReplayServer::start().unwrap();
    assert_loopback(&server.base_url());
    let target = page_target(Entity::Zaak, 0);
    assert!(target.starts_with("/SyncFeed/2.0/Feed?category=Zaak"));
}
