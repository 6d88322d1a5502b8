//! The document stage against the replay server: a listed XML publication that answers 404
//! falls back to the document's PDF resource; a document served by neither is reported missing
//! and the run goes on; a document resource offering `Last-Modified` is re-asked conditionally.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use kw_domain::Entity;
use kw_sync::replay::{FeedEntity, ReplayServer, Response, serve_feed};
use kw_sync::{Quiet, sync};
use serde_json::{Map, Value};

use crate::support::*;

/// Motion kst-19637-3194's document (with its current version and publications, as OData
/// `$expand` serves it) from `data/sample/motion-texts/zaak_documents`.
pub fn motion_document() -> Map<String, Value> {
    let zd: Value = serde_json::from_slice(
        &std::fs::read(
            sample_dir()
                .join("motion-texts/zaak_documents/8f842025-5680-4874-9c18-ecc422f0d6fe.json"),
        )
        .unwrap(),
    )
    .unwrap();
    zd["Document"][0].as_object().unwrap().clone()
}

/// The listed XML publication of that document.
pub const XML_PUBLICATION: &str = "00335f73-baa9-45f6-8130-1e5685169e71";

/// The PDF of the motion (see `tests/data/pdf/README.md`).
pub fn motion_pdf() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pdf/kst-19637-3194.pdf")
}

/// Serves documents in the Document feed and their OData `$expand` objects.
fn serve_documents(server: &ReplayServer, docs: &[&Map<String, Value>]) {
    let base = server.base_url();
    let entries: Vec<String> = docs
        .iter()
        .map(|o| {
            let mut o = (*o).clone();
            o.remove("HuidigeDocumentVersie");
            FeedEntity::new(Entity::Document, o).to_entry(&base)
        })
        .collect();
    serve_feed(server, Entity::Document, &[entries]);
    for o in docs {
        let id = o["Id"].as_str().unwrap();
        server.set(
            &format!(
                "/OData/v4/2.0/Document({id})?$expand=HuidigeDocumentVersie($expand=DocumentPublicatie)"
            ),
            Response::bytes("application/json", serde_json::to_vec(o).unwrap()),
        );
    }
}

fn sync_status(store: &kw_store::Store, id: &str) -> (String, Option<String>) {
    store
        .conn()
        .query_row(
            "SELECT status, url FROM sync_document WHERE document_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

#[test]
fn a_listed_xml_publication_answering_404_falls_back_to_the_pdf_resource() {
    let server = ReplayServer::start().unwrap();
    let doc = motion_document();
    let id = doc["Id"].as_str().unwrap().to_string();
    serve_documents(&server, &[&doc]);
    let xml_target = publication_target(XML_PUBLICATION);
    server.set(&xml_target, Response::Status(404));
    let pdf = std::fs::read(motion_pdf()).unwrap();
    let resource = format!("/OData/v4/2.0/Document({id})/resource");
    server.set(&resource, Response::bytes("application/pdf", pdf.clone()));

    let (_dir, mut store) = store();
    let mut opts = options(&server, &[Entity::Document]);
    opts.documents = true;
    let rep = sync(&mut store, &opts, &Quiet, &AtomicBool::new(false)).unwrap();
    assert!(rep.ok(), "{:?}", rep.failures());
    let docs = rep.documents.unwrap();
    assert_eq!(
        (docs.pending, docs.xml, docs.resource, docs.missing),
        (1, 0, 1, 0),
        "{docs:?}"
    );
    assert!(docs.failed.is_empty(), "{:?}", docs.failed);
    // The XML was asked for first, then the resource.
    let asked: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    let xml_at = asked.iter().position(|t| *t == xml_target).unwrap();
    let pdf_at = asked.iter().position(|t| *t == resource).unwrap();
    assert!(xml_at < pdf_at, "{asked:?}");
    let (name, format, bytes): (String, String, Vec<u8>) = store
        .conn()
        .query_row(
            "SELECT file_name, format, bytes FROM source_file WHERE origin = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let nummer = doc["DocumentNummer"].as_str().unwrap();
    assert_eq!(
        (name, format, bytes),
        (format!("{nummer}.pdf"), "pdf".to_string(), pdf)
    );
    let (status, url) = sync_status(&store, &id);
    assert_eq!(status, "resource");
    assert!(url.unwrap().ends_with(&format!("Document({id})/resource")));
    // Fetched for this version: the next run asks for no document.
    let rep = sync(&mut store, &opts, &Quiet, &AtomicBool::new(false)).unwrap();
    assert_eq!(rep.documents.unwrap().pending, 0);
}

#[test]
fn a_document_served_by_neither_is_reported_missing_and_the_run_goes_on() {
    let server = ReplayServer::start().unwrap();
    let gone = motion_document();
    let gone_id = gone["Id"].as_str().unwrap().to_string();
    // A second, well-served motion document in the same run (2023Z20568's).
    let zd: Value = serde_json::from_slice(
        &std::fs::read(
            sample_dir()
                .join("motion-texts/zaak_documents/02dacd9f-55df-4bfd-98ea-04d98ce94a7f.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let served = zd["Document"][0].as_object().unwrap().clone();
    serve_documents(&server, &[&gone, &served]);
    let xml = motion_publication_xml();
    server.set(
        &publication_target(MOTION_PUBLICATION),
        Response::bytes("application/xml", xml),
    );
    server.set(&publication_target(XML_PUBLICATION), Response::Status(404));
    server.set(
        &format!("/OData/v4/2.0/Document({gone_id})/resource"),
        Response::Status(404),
    );

    let (_dir, mut store) = store();
    let mut opts = options(&server, &[Entity::Document]);
    opts.documents = true;
    let rep = sync(&mut store, &opts, &Quiet, &AtomicBool::new(false)).unwrap();
    assert!(rep.ok(), "{:?}", rep.failures());
    let docs = rep.documents.unwrap();
    assert_eq!(
        (docs.pending, docs.xml, docs.resource, docs.missing),
        (2, 1, 0, 1),
        "{docs:?}"
    );
    assert!(docs.failed.is_empty(), "{:?}", docs.failed);
    assert_eq!(sync_status(&store, &gone_id).0, "missing");
    assert_eq!(
        count(&store, "source_file", &format!("origin = '{gone_id}'")),
        0
    );
    assert_eq!(count(&store, "source_file", "1"), 1);
}

#[test]
fn a_document_resource_with_last_modified_is_asked_for_again_conditionally() {
    let server = ReplayServer::start().unwrap();
    let mut doc = motion_document();
    let id = doc["Id"].as_str().unwrap().to_string();
    // No XML publication: the PDF is the text.
    doc.insert("HuidigeDocumentVersie".into(), Value::Null);
    doc.insert("HuidigeDocumentVersie_Id".into(), Value::Null);
    serve_documents(&server, &[&doc]);
    let stamp = "Fri, 22 Dec 2023 15:36:33 GMT";
    let resource = format!("/OData/v4/2.0/Document({id})/resource");
    let pdf = std::fs::read(motion_pdf()).unwrap();
    server.set(
        &resource,
        Response::bytes("application/pdf", pdf).with_header("Last-Modified", stamp),
    );
    let (_dir, mut store) = store();
    let mut opts = options(&server, &[Entity::Document]);
    opts.documents = true;
    let rep = sync(&mut store, &opts, &Quiet, &AtomicBool::new(false)).unwrap();
    assert_eq!(rep.documents.unwrap().resource, 1);

    // A newer version of the document: its resource is asked for with If-Modified-Since, and
    // the 304 keeps the stored bytes.
    doc.insert(
        "ApiGewijzigdOp".into(),
        Value::String("2030-01-01T00:00:00Z".into()),
    );
    serve_documents(&server, &[&doc]);
    let rep = sync(&mut store, &opts, &Quiet, &AtomicBool::new(false)).unwrap();
    let docs = rep.documents.unwrap();
    assert_eq!(
        (docs.pending, docs.unchanged, docs.resource),
        (1, 1, 0),
        "{docs:?}"
    );
    let last = server.requests().pop().unwrap();
    assert_eq!(last.target, resource);
    assert_eq!(last.if_modified_since.as_deref(), Some(stamp));
    assert_eq!(sync_status(&store, &id).0, "unchanged");
    assert_eq!(count(&store, "source_file", &format!("origin = '{id}'")), 1);
}

#[test]
fn a_listed_xml_publication_answering_410_gone_also_falls_back_to_the_pdf_resource() {
    let server = ReplayServer::start().unwrap();
    let doc = motion_document();
    let id = doc["Id"].as_str().unwrap().to_string();
    serve_documents(&server, &[&doc]);
    let xml_target = publication_target(XML_PUBLICATION);
    server.set(&xml_target, Response::Status(410));
    let resource = format!("/OData/v4/2.0/Document({id})/resource");
    let pdf = std::fs::read(motion_pdf()).unwrap();
    server.set(&resource, Response::bytes("application/pdf", pdf));

    let (_dir, mut store) = store();
    let mut opts = options(&server, &[Entity::Document]);
    opts.documents = true;
    let rep = sync(&mut store, &opts, &Quiet, &AtomicBool::new(false)).unwrap();
    let docs = rep.documents.unwrap();
    assert_eq!(
        (docs.pending, docs.xml, docs.resource, docs.missing),
        (1, 0, 1, 0),
        "{docs:?}"
    );
    assert_eq!(sync_status(&store, &id).0, "resource");
}
