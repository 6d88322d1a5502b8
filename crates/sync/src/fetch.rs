//! `fetch motion <Zaak.Nummer>`: one motion complete through OData `$expand` (decisions with
//! their votes, actors, documents with their current version and publications), then its text.

use kw_domain::Entity;
use kw_store::{Applied, Store};
use serde::Serialize;

use crate::SyncError;
use crate::base::BaseUrl;
use crate::documents::{self, Fetched};
use crate::feed::Progress;
use crate::http::{Http, Politeness};
use crate::state;

/// The `$expand` of a targeted motion fetch.
pub const MOTION_EXPAND: &str = "Besluit($expand=Stemming),ZaakActor,Document($expand=HuidigeDocumentVersie($expand=DocumentPublicatie))";

/// What `fetch motion` stored.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FetchReport {
    pub nummer: String,
    pub zaak_id: String,
    pub records: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Per entity type, records received.
    pub by_entity: std::collections::BTreeMap<String, usize>,
    pub texts_xml: usize,
    pub texts_resource: usize,
    pub texts_unchanged: usize,
    pub texts_missing: usize,
    /// Documents whose text could not be fetched (the service kept failing, or answered
    /// what is not a document), each with why; the motion's records are stored all the same.
    pub texts_failed: Vec<String>,
    pub requests: u64,
}

/// The OData URL of a motion by number.
pub fn motion_url(base: &BaseUrl, nummer: &str) -> String {
    let quoted = nummer.replace('\'', "''");
    base.odata(&format!(
        "Zaak?$filter=Nummer eq '{quoted}'&$expand={MOTION_EXPAND}"
    ))
}

/// Fetches one motion and its documents' texts into the store.
pub fn fetch_motion(
    store: &mut Store,
    base: &BaseUrl,
    politeness: &Politeness,
    nummer: &str,
    progress: &dyn Progress,
) -> Result<FetchReport, SyncError> {
    crate::state::ensure(store)?;
    let mut http = Http::new(politeness.clone());
    let url = motion_url(base, nummer);
    let reply = http.get(&url, None, &mut |r| progress.retry(r))?;
    let records = documents::read_odata(&url, &reply.body)?;
    let Some(zaak) = records.iter().find(|r| {
        r.entity == Entity::Zaak
            && r.str_field("Nummer")
                .is_some_and(|n| n.eq_ignore_ascii_case(nummer))
    }) else {
        return Err(SyncError::NotFound(nummer.to_string()));
    };
    let mut rep = FetchReport {
        nummer: nummer.to_string(),
        zaak_id: zaak.id.clone(),
        ..FetchReport::default()
    };
    for (r, applied) in records.iter().zip(documents::upsert_all(store, &records)?) {
        *rep.by_entity
            .entry(r.entity.name().to_string())
            .or_default() += 1;
        match applied {
            Applied::New | Applied::Tombstoned => rep.new += 1,
            Applied::Updated => rep.updated += 1,
            Applied::Unchanged => rep.unchanged += 1,
        }
    }
    rep.records = records.len();
    for doc in records
        .iter()
        .filter(|r| r.entity == Entity::Document && !r.deleted)
    {
        // One document that fails does not stop the others; it is reported, and stays
        // pending for the next sync (as the sync's document stage does).
        match documents::fetch_text(store, &mut http, base, doc, &records, progress) {
            Ok(Fetched::Xml) => rep.texts_xml += 1,
            Ok(Fetched::Resource) => rep.texts_resource += 1,
            Ok(Fetched::Unchanged) => rep.texts_unchanged += 1,
            Ok(Fetched::Missing) => rep.texts_missing += 1,
            Err(e @ SyncError::Store(_)) => return Err(e),
            Err(e) => {
                let id = &doc.id;
                store.write(|tx| state::record_document(tx, id, None, "failed", None, None))?;
                rep.texts_failed.push(format!("document {id}: {e}"));
            }
        }
    }
    rep.requests = http.requests();
    Ok(rep)
}
