//! Tests: detection and the OData reader on the real pages of `data/sample`, with the record
//! counts the provenance notes give for each page.

use std::collections::BTreeMap;
use std::path::PathBuf;

use kw_domain::Entity;
use kw_formats::detect::{Detected, Format};
use kw_formats::{Record, detect};

fn sample(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/sample")
        .join(rel)
}

fn read(rel: &str) -> Vec<Record> {
    let bytes = std::fs::read(sample(rel)).unwrap();
    assert_eq!(
        detect(&bytes),
        Detected::Supported(Format::ODataJson),
        "{rel}"
    );
    let mut out = Vec::new();
    kw_formats::odata::read_slice(&bytes, &mut |r| {
        out.push(r);
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{rel}: {e}"));
    out
}

fn counts(recs: &[Record]) -> BTreeMap<Entity, usize> {
    let mut m = BTreeMap::new();
    for r in recs {
        *m.entry(r.entity).or_default() += 1;
    }
    m
}

#[test]
fn bare_arrays_are_classified_by_their_fields() {
    let cases = [
        (
            "odata/fractie/fractie_page_1_fullterm_20251003_002438.json",
            Entity::Fractie,
            11,
        ),
        (
            "odata/persoon/persoon_page_1_fullterm_20251003_002435.json",
            Entity::Persoon,
            221,
        ),
        (
            "odata/besluit/besluit_page_1_fullterm_20251002_235637.json",
            Entity::Besluit,
            250,
        ),
        (
            "odata/stemming/stemming_page_1_fullterm_20251002_234209.json",
            Entity::Stemming,
            250,
        ),
        (
            "odata/stemming_complete/stemming_page_1_complete_20251003_084727.json",
            Entity::Stemming,
            250,
        ),
        (
            "odata/activiteit/activiteit_page_1_fullterm_20251003_000833.json",
            Entity::Activiteit,
            250,
        ),
        (
            "odata/agendapunt/agendapunt_page_1_fullterm_20251003_002447.json",
            Entity::Agendapunt,
            250,
        ),
        (
            "odata/vergadering/vergadering_page_1_fullterm_20251003_002441.json",
            Entity::Vergadering,
            250,
        ),
        (
            "odata/document/document_page_6_fullterm_20251002_235832.json",
            Entity::Document,
            250,
        ),
        (
            "odata/zaak/zaak_page_35_fullterm_20251002_231518.json",
            Entity::Zaak,
            250,
        ),
        (
            "odata/fractie_zetel_persoon/active_members_fullterm_20251003_080615.json",
            Entity::FractieZetelPersoon,
            150,
        ),
    ];
    for (rel, entity, n) in cases {
        let recs = read(rel);
        assert_eq!(counts(&recs), BTreeMap::from([(entity, n)]), "{rel}");
        assert!(
            recs.iter().all(|r| r.version.is_some()),
            "{rel}: every record has ApiGewijzigdOp"
        );
    }
}

#[test]
fn an_expand_page_is_flattened_into_its_entities() {
    let recs = read("odata/stemming_enriched/stemming_page_0001_enriched_20251004T192605Z.json");
    let c = counts(&recs);
    assert_eq!(c[&Entity::Stemming], 100);
    // Besluit($expand=Agendapunt($expand=Zaak)), Fractie, Persoon: one of each per vote line
    assert_eq!(c[&Entity::Besluit], 100);
    assert!(c[&Entity::Zaak] >= 100, "{c:?}");
    let stemming = recs.iter().find(|r| r.entity == Entity::Stemming).unwrap();
    assert!(stemming.str_field("Besluit_Id").is_some());
    let besluit = recs.iter().find(|r| r.entity == Entity::Besluit).unwrap();
    assert!(
        besluit.str_field("Agendapunt_Id").is_some(),
        "the expanded Agendapunt becomes a reference"
    );
    assert!(
        recs.iter()
            .any(|r| r.links.iter().any(|l| l.rel == "zaak_agendapunt"))
    );
    // the raw text of a record keeps no nested entity
    assert!(!stemming.raw.contains("\"Besluit\":{"));
}

#[test]
fn a_tkmoties_file_is_a_motion_with_actors_decisions_and_votes() {
    let dir = sample("tkmoties/2023");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("02dacd9f"))
        .expect("the file of 2023Z20568");
    let bytes = std::fs::read(&file).unwrap();
    let mut recs = Vec::new();
    kw_formats::odata::read_slice(&bytes, &mut |r| {
        recs.push(r);
        Ok(())
    })
    .unwrap();
    let zaak = &recs[0];
    assert_eq!(
        (zaak.entity, zaak.str_field("Nummer")),
        (Entity::Zaak, Some("2023Z20568"))
    );
    assert_eq!(zaak.str_field("Soort"), Some("Motie"));
    assert_eq!(
        zaak.derived,
        ["Soort"],
        "Soort is marked as derived, not read"
    );
    let c = counts(&recs);
    assert_eq!(c[&Entity::Stemming], 15);
    assert!(
        recs.iter()
            .filter(|r| r.entity == Entity::ZaakActor)
            .all(|r| r.str_field("Zaak_Id") == Some(zaak.id.as_str()))
    );
    let besluit = recs.iter().find(|r| r.entity == Entity::Besluit).unwrap();
    assert_eq!(besluit.links[0].rel, "besluit_zaak");
    assert!(
        recs.iter()
            .filter(|r| r.entity == Entity::Stemming)
            .all(|r| r.str_field("Besluit_Id") == Some(besluit.id.as_str()))
    );
}

#[test]
fn every_sample_file_is_detected_as_what_it_is() {
    let mut by_format: BTreeMap<String, usize> = BTreeMap::new();
    let mut stack = vec![sample("")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            let key = match detect(&bytes[..bytes.len().min(65536)]) {
                Detected::Supported(f) => f.as_str().to_string(),
                Detected::Unsupported(w) => format!("unsupported: {w}"),
                Detected::Unsafe(w) => format!("unsafe: {w}"),
            };
            *by_format.entry(key).or_default() += 1;
        }
    }
    assert_eq!(by_format["kst-xml"], 450);
    assert_eq!(by_format["text-json"], 450);
    assert_eq!(by_format["handelingen-xml"], 10);
    assert_eq!(by_format["text"], 1, "the seed letter");
    assert_eq!(
        by_format["unsupported: Markdown"], 1,
        "the provenance README"
    );
    assert_eq!(by_format.len(), 6, "{by_format:?}");
}
