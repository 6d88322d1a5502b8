//! Tests: import of the shipped sample and of bad input, on a real SQLite store.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use kw_app::import::{self, ImportReport};
use kw_store::Store;

use crate::common::sample;

fn run(store: &mut Store, paths: &[PathBuf]) -> ImportReport {
    let (files, missing) = import::collect(paths);
    let mut report = import::import(store, &files, &AtomicBool::new(false), &mut |_, _| {});
    report.rejected.extend(missing);
    report
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn the_sample_imports_and_a_second_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let first = run(&mut store, &[sample()]);
    assert!(first.rejected.is_empty(), "{:?}", first.rejected);
    // the provenance note is not data
    assert!(
        first.skipped.iter().any(|s| s.path.ends_with("README.md")),
        "{:?}",
        first.skipped
    );
    assert!(first.entities["Zaak"].new > 0 && first.entities["Stemming"].new > 9000);
    assert!(
        first.documents.new >= 900,
        "450 XML + 450 text JSON + Handelingen + seed"
    );

    let second = run(&mut store, &[sample()]);
    for (name, c) in &second.entities {
        assert_eq!(
            (c.new, c.updated, c.tombstoned),
            (0, 0, 0),
            "{name} changed on re-import"
        );
    }
    assert_eq!(second.documents.new, 0);
}

#[test]
fn tkmoties_actors_get_their_role_from_the_onderwerp() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    run(&mut store, &[sample().join("tkmoties")]);
    // "Motie van de leden Agema en Van Haga …" (2023Z00536): Agema is the indiener.
    let (agema, haga): (String, String) = store
        .conn()
        .query_row(
            "SELECT MAX(CASE WHEN a.actor_naam LIKE '%Agema' THEN a.relatie END),
                    MAX(CASE WHEN a.actor_naam LIKE '%Haga' THEN a.relatie END)
             FROM zaak_actor a JOIN zaak z ON z.id = a.zaak_id WHERE z.nummer = '2023Z00536'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (agema.as_str(), haga.as_str()),
        ("Indiener", "Medeindiener")
    );
    // every tkmoties motion has exactly one indiener
    let without = count(
        &store,
        "SELECT COUNT(*) FROM zaak z WHERE z.soort = 'Motie' AND
           (SELECT COUNT(*) FROM zaak_actor a WHERE a.zaak_id = z.id AND a.relatie = 'Indiener') <> 1",
    );
    assert_eq!(without, 0);
    let derived = count(
        &store,
        "SELECT COUNT(*) FROM zaak WHERE derived LIKE '%\"Soort\"%'",
    );
    assert_eq!(
        derived, 300,
        "the Soort of a tkmoties file is marked as derived"
    );
}

#[test]
fn bad_files_are_rejected_whole_and_the_others_still_import() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // A good file, then a truncated one whose first records are valid.
    let good = sample().join("odata/fractie/fractie_page_1_fullterm_20251003_002438.json");
    let persons =
        std::fs::read(sample().join("odata/persoon/persoon_page_1_fullterm_20251003_002435.json"))
            .unwrap();
    let truncated = write(
        inputs.path(),
        "truncated.json",
        &persons[..persons.len() / 2],
    );
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let random = write(inputs.path(), "random.bin", &random);
    let bomb = write(
        inputs.path(),
        "bomb.xml",
        br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<officiele-publicatie><kamerstuk>&lol3;</kamerstuk></officiele-publicatie>"#,
    );
    let csv = write(inputs.path(), "notes.csv", b"a,b,c\n1,2,3\n4,5,6\n");
    let bad_kst = write(
        inputs.path(),
        "kst-broken.xml",
        b"<?xml version=\"1.0\"?><officiele-publicatie><kamerstuk><al>open",
    );
    let report = run(
        &mut store,
        &[
            good,
            truncated.clone(),
            random.clone(),
            bomb.clone(),
            csv.clone(),
            bad_kst.clone(),
        ],
    );

    let reason = |p: &PathBuf| {
        report
            .rejected
            .iter()
            .find(|r| &r.path == p)
            .map(|r| r.reason.clone())
    };
    assert!(
        reason(&truncated).unwrap().contains("malformed JSON"),
        "{report:?}"
    );
    assert!(reason(&random).unwrap().contains("binary"), "{report:?}");
    assert!(reason(&bomb).unwrap().contains("entities"), "{report:?}");
    assert!(
        reason(&csv).unwrap().contains("CSV"),
        "named on the command line, so rejected: {report:?}"
    );
    assert!(
        reason(&bad_kst).unwrap().contains("malformed XML"),
        "{report:?}"
    );
    assert_eq!(report.rejected.len(), 5);
    // the good file imported; nothing of the truncated one did
    assert_eq!(count(&store, "SELECT COUNT(*) FROM fractie"), 11);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM persoon"), 0);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM source_file"), 0);
}

#[test]
fn unsupported_files_inside_a_folder_are_skipped_not_rejected() {
    let inputs = tempfile::tempdir().unwrap();
    write(inputs.path(), "README.md", b"# Notes\n\nSome text.\n");
    write(
        inputs.path(),
        "schema.xsd",
        br#"<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>"#,
    );
    write(
        inputs.path(),
        "model.ttl",
        b"@prefix tk: <http://example.org/tk#> .\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let report = run(&mut store, &[inputs.path().to_path_buf()]);
    assert!(report.rejected.is_empty(), "{report:?}");
    assert_eq!(report.skipped.len(), 3);
}

#[test]
fn a_path_that_does_not_exist_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let report = run(&mut store, &[PathBuf::from("/nonexistent/kamerwacht")]);
    assert_eq!(report.rejected.len(), 1);
    assert!(report.rejected[0].reason.contains("no such file"));
}
