//! Tests: the record rules — versions, ties, deletions and tombstones, references out of order.

use kw_formats::Record;
use kw_store::{Applied, Store, StoreError};

fn records(json: &str) -> Vec<Record> {
    let mut out = Vec::new();
    kw_formats::odata::read_slice(json.as_bytes(), &mut |r| {
        out.push(r);
        Ok(())
    })
    .expect("test JSON reads");
    out
}

fn apply(store: &mut Store, json: &str) -> Vec<Applied> {
    store
        .write(|tx| {
            records(json)
                .iter()
                .map(|r| tx.upsert(r))
                .collect::<Result<Vec<_>, StoreError>>()
        })
        .expect("upsert")
}

fn zaak(store: &Store, id: &str) -> Option<(String, String, i64)> {
    store
        .conn()
        .query_row(
            "SELECT onderwerp, version, deleted FROM zaak WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    r.get(1)?,
                    r.get(2)?,
                ))
            },
        )
        .ok()
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    (dir, store)
}

const NEW: &str = r#"[{"Id":"AAAA","Nummer":"2024Z00001","Soort":"Motie","Onderwerp":"nieuw","ApiGewijzigdOp":"2024-05-01T10:00:00.1234567Z","Verwijderd":false}]"#;
const OLD: &str = r#"[{"Id":"aaaa","Nummer":"2024Z00001","Soort":"Motie","Onderwerp":"oud","ApiGewijzigdOp":"2024-04-01T10:00:00Z","Verwijderd":false}]"#;
const TIE: &str = r#"[{"Id":"aaaa","Nummer":"2024Z00001","Soort":"Motie","Onderwerp":"zelfde tijd","ApiGewijzigdOp":"2024-05-01T12:00:00.1234567+02:00","Verwijderd":false}]"#;

#[test]
fn an_older_version_never_overwrites_a_newer_one() {
    let (_d, mut s) = open();
    assert_eq!(apply(&mut s, NEW), [Applied::New]);
    assert_eq!(apply(&mut s, OLD), [Applied::Unchanged]);
    assert_eq!(zaak(&s, "aaaa").unwrap().0, "nieuw");
}

#[test]
fn a_newer_version_replaces_the_stored_one() {
    let (_d, mut s) = open();
    apply(&mut s, OLD);
    assert_eq!(apply(&mut s, NEW), [Applied::Updated]);
    let (onderwerp, version, _) = zaak(&s, "aaaa").unwrap();
    assert_eq!(onderwerp, "nieuw");
    assert_eq!(version, "2024-05-01T10:00:00.123456700Z");
}

#[test]
fn on_a_tie_the_stored_record_stays() {
    let (_d, mut s) = open();
    apply(&mut s, NEW);
    // Same instant written with another offset: a tie, not a newer version.
    assert_eq!(apply(&mut s, TIE), [Applied::Unchanged]);
    assert_eq!(zaak(&s, "aaaa").unwrap().0, "nieuw");
}

#[test]
fn a_deletion_of_an_unknown_record_is_a_tombstone_that_older_copies_cannot_undo() {
    let (_d, mut s) = open();
    let deletion = r#"[{"Id":"aaaa","Nummer":"2024Z00001","Soort":"Motie","ApiGewijzigdOp":"2024-04-15T00:00:00Z","Verwijderd":true}]"#;
    assert_eq!(apply(&mut s, deletion), [Applied::Tombstoned]);
    assert_eq!(zaak(&s, "aaaa").unwrap().2, 1);
    // An older copy arrives later: the tombstone stays.
    assert_eq!(apply(&mut s, OLD), [Applied::Unchanged]);
    assert_eq!(zaak(&s, "aaaa").unwrap().2, 1);
    // A newer copy (the record came back) wins.
    assert_eq!(apply(&mut s, NEW), [Applied::Updated]);
    assert_eq!(zaak(&s, "aaaa").unwrap().2, 0);
    let visible: i64 = s
        .conn()
        .query_row("SELECT COUNT(*) FROM zaak WHERE deleted = 0", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(visible, 1);
}

#[test]
fn a_deletion_keeps_the_record_and_hides_it() {
    let (_d, mut s) = open();
    apply(&mut s, NEW);
    let deletion = r#"[{"Id":"aaaa","Nummer":"2024Z00001","Soort":"Motie","Onderwerp":"nieuw","ApiGewijzigdOp":"2024-06-01T00:00:00Z","Verwijderd":true}]"#;
    assert_eq!(apply(&mut s, deletion), [Applied::Tombstoned]);
    let (onderwerp, _, deleted) = zaak(&s, "aaaa").unwrap();
    assert_eq!((onderwerp.as_str(), deleted), ("nieuw", 1));
    let stats = kw_store::stats::stats(s.conn()).unwrap();
    let z = stats.entities["Zaak"];
    assert_eq!((z.stored, z.visible, z.deleted), (1, 0, 1));
}

#[test]
fn a_vote_that_arrives_before_its_decision_is_kept_and_resolved_later() {
    let (_d, mut s) = open();
    let vote = r#"{"@odata.context":"https://x/OData/v4/2.0/$metadata#Stemming","value":[
        {"Id":"s1","Besluit_Id":"b1","Soort":"Voor","FractieGrootte":24,"ActorNaam":"D66","ActorFractie":"D66","Vergissing":false,"ApiGewijzigdOp":"2024-01-02T00:00:00Z","Verwijderd":false}]}"#;
    assert_eq!(apply(&mut s, vote), [Applied::New]);
    let join = |s: &Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT COUNT(*) FROM stemming st JOIN besluit b ON b.id = st.besluit_id",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(join(&s), 0, "the decision is not there yet");
    let besluit = r#"[{"Id":"B1","BesluitSoort":"Stemmen - aangenomen","StemmingsSoort":"Met handopsteken","ApiGewijzigdOp":"2024-01-01T00:00:00Z","Verwijderd":false}]"#;
    assert_eq!(apply(&mut s, besluit), [Applied::New]);
    assert_eq!(join(&s), 1, "resolved once both sides are present");
}

#[test]
fn raw_records_are_kept_verbatim() {
    let (_d, mut s) = open();
    apply(&mut s, NEW);
    let raw: String = s
        .conn()
        .query_row("SELECT raw FROM zaak", [], |r| r.get(0))
        .unwrap();
    assert_eq!(raw, &NEW[1..NEW.len() - 1]);
}

#[test]
fn a_failed_transaction_leaves_nothing_behind() {
    let (_d, mut s) = open();
    let result: Result<(), StoreError> = s.write(|tx| {
        for r in records(NEW) {
            tx.upsert(&r)?;
        }
        Err(StoreError::Sql(kw_store::rusqlite::Error::InvalidQuery))
    });
    assert!(result.is_err());
    assert!(zaak(&s, "aaaa").is_none());
}

#[test]
fn migrations_are_recorded_and_reopening_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let s = Store::open(dir.path()).unwrap();
    let n: i64 = s
        .conn()
        .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    for e in kw_domain::Entity::ALL {
        for (_, col) in kw_store::columns(e) {
            s.conn()
                .prepare(&format!("SELECT {col} FROM {}", e.table()))
                .unwrap_or_else(|err| panic!("{}.{col}: {err}", e.table()));
        }
    }
}

#[test]
fn a_relation_stated_by_an_unchanged_copy_is_still_kept() {
    // Regression (2023Z19781–2023Z19786): the same Besluit came first from a Stemming page
    // without its Zaak, then nested under its Zaak in a tkmoties file with the same version.
    let (_d, mut s) = open();
    let alone = r#"[{"Id":"b1","BesluitSoort":"Stemmen - aangenomen","StemmingsSoort":"Met handopsteken","ApiGewijzigdOp":"2024-01-01T00:00:00Z"}]"#;
    assert_eq!(apply(&mut s, alone), [Applied::New]);
    let nested = r#"{"Id":"z1","Nummer":"2024Z00002","Onderwerp":"Motie van het lid X over y","ApiGewijzigdOp":"2024-01-01T00:00:00Z",
        "Besluit":[{"Id":"b1","BesluitSoort":"Stemmen - aangenomen","StemmingsSoort":"Met handopsteken","ApiGewijzigdOp":"2024-01-01T00:00:00Z"}]}"#;
    assert_eq!(apply(&mut s, nested), [Applied::New, Applied::Unchanged]);
    let linked: i64 = s
        .conn()
        .query_row("SELECT COUNT(*) FROM link WHERE rel = 'besluit_zaak' AND from_id = 'b1' AND to_id = 'z1'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(linked, 1);
}

#[test]
fn an_odata_deletion_without_data_keeps_the_stored_fields() {
    let (_d, mut s) = open();
    apply(&mut s, NEW);
    let deletion = r#"{"@odata.context":"https://x/OData/v4/2.0/$metadata#Zaak","value":[
        {"Id":"aaaa","ApiGewijzigdOp":"2024-06-01T00:00:00Z","GewijzigdOp":"2024-06-01T02:00:00+02:00","Verwijderd":true}]}"#;
    assert_eq!(apply(&mut s, deletion), [Applied::Tombstoned]);
    let (onderwerp, version, deleted) = zaak(&s, "aaaa").unwrap();
    assert_eq!((onderwerp.as_str(), deleted), ("nieuw", 1));
    assert_eq!(version, "2024-06-01T00:00:00.000000000Z");
}

/// A SyncFeed page with one Besluit of version `at` stating a `besluit_zaak` link to each of
/// `zaken`.
fn feed_besluit(at: &str, zaken: &[&str]) -> Vec<Record> {
    const TK: &str = kw_formats::syncfeed::TK_NS;
    const ATOM: &str = kw_formats::syncfeed::ATOM_NS;
    let refs: String = zaken
        .iter()
        .map(|z| format!("<zaak ref=\"{z}\"/>"))
        .collect();
    let page = format!(
        "<feed xmlns=\"{ATOM}\"><entry><title>43e987c6-f7a3-4d4e-b159-230a11cc40e6</title>\
         <content type=\"application/xml\"><besluit xmlns=\"{TK}\" xmlns:tk=\"{TK}\" \
         id=\"43e987c6-f7a3-4d4e-b159-230a11cc40e6\" tk:bijgewerkt=\"{at}\" tk:verwijderd=\"false\">\
         {refs}<besluitSoort>Stemmen - aangenomen</besluitSoort></besluit></content></entry></feed>"
    );
    kw_formats::syncfeed::parse_page(page.as_bytes())
        .expect("page parses")
        .entries
        .into_iter()
        .map(|e| e.expect("entry reads"))
        .collect()
}

fn upsert_all(store: &mut Store, records: &[Record]) -> Vec<Applied> {
    store
        .write(|tx| {
            records
                .iter()
                .map(|r| tx.upsert(r))
                .collect::<Result<Vec<_>, StoreError>>()
        })
        .expect("upsert")
}

fn stated_zaken(store: &Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT to_id FROM link WHERE rel = 'besluit_zaak' \
             AND stated_by = '43e987c6-f7a3-4d4e-b159-230a11cc40e6' ORDER BY to_id",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_feed_record_replaces_the_links_it_stated_before_and_keeps_unchanged_ones() {
    const Z1: &str = "02dacd9f-55df-4bfd-98ea-04d98ce94a7f";
    const Z2: &str = "1f0d2c57-4a3e-4c1b-9a55-7f7e36a0b2c1";
    const Z3: &str = "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e";
    let (_d, mut s) = open();
    let first = feed_besluit("2024-01-01T00:00:00Z", &[Z1, Z2]);
    assert_eq!(upsert_all(&mut s, &first), [Applied::New]);
    assert_eq!(stated_zaken(&s), [Z1, Z2]);
    // A newer version stating the same links: they stay.
    let same = feed_besluit("2024-02-01T00:00:00Z", &[Z2, Z1]);
    assert_eq!(upsert_all(&mut s, &same), [Applied::Updated]);
    assert_eq!(stated_zaken(&s), [Z1, Z2]);
    // A newer version stating fewer links, then other ones: exactly those remain.
    let fewer = feed_besluit("2024-03-01T00:00:00Z", &[Z2]);
    assert_eq!(upsert_all(&mut s, &fewer), [Applied::Updated]);
    assert_eq!(stated_zaken(&s), [Z2]);
    let other = feed_besluit("2024-04-01T00:00:00Z", &[Z2, Z3]);
    assert_eq!(upsert_all(&mut s, &other), [Applied::Updated]);
    assert_eq!(stated_zaken(&s), [Z2, Z3]);
    // An older copy changes nothing, a newer one without relations removes them all.
    assert_eq!(upsert_all(&mut s, &first), [Applied::Unchanged]);
    assert_eq!(stated_zaken(&s), [Z2, Z3]);
    let none = feed_besluit("2024-05-01T00:00:00Z", &[]);
    assert_eq!(upsert_all(&mut s, &none), [Applied::Updated]);
    assert!(stated_zaken(&s).is_empty());
}
