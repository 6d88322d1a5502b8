//! Document text as derived state: every stored document file gets its extraction (repaired
//! text, structure, references, commitments), recomputed when the extractor changes.

use kw_formats::Format;
use kw_store::Store;
use kw_text::extract::Extraction;
use kw_text::{SourceFormat, TextError};
use serde_json::Value;

use crate::AppError;

/// Names the extractor whose output is stored; a new version re-extracts every document.
pub const EXTRACTOR: &str = concat!("kw-text/", env!("CARGO_PKG_VERSION"), "+1");

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The bytes are in no document format Kamerwacht reads.
    #[error("{0}")]
    Unsupported(String),
    /// The text layer rejected the document.
    #[error(transparent)]
    Text(#[from] TextError),
    /// The PDF could not be read.
    #[error(transparent)]
    Pdf(#[from] kw_pdf::PdfError),
}

/// Extracts a document of any supported format from its bytes.
pub fn extract(bytes: &[u8]) -> Result<Extraction, DocumentError> {
    let format = match kw_formats::detect(&bytes[..bytes.len().min(kw_formats::detect::PREFIX_LEN)])
    {
        kw_formats::detect::Detected::Supported(f) => f,
        kw_formats::detect::Detected::Unsupported(what) => {
            return Err(DocumentError::Unsupported(what));
        }
        kw_formats::detect::Detected::Unsafe(why) => return Err(DocumentError::Unsupported(why)),
    };
    match format {
        Format::Pdf => {
            let pdf = kw_pdf::extract_text(bytes)?;
            let doc = kw_text::read::read_text(&pdf.text, SourceFormat::Pdf);
            Ok(kw_text::extract::extract_owned(doc))
        }
        Format::TextJson => {
            let v: Value = serde_json::from_slice(bytes)
                .map_err(|e| DocumentError::Unsupported(format!("malformed text JSON: {e}")))?;
            let content = v.get("content").and_then(Value::as_str).ok_or_else(|| {
                DocumentError::Unsupported("text JSON without \"content\"".into())
            })?;
            let doc = kw_text::read::read_text(content, SourceFormat::PlainText);
            Ok(kw_text::extract::extract_owned(doc))
        }
        Format::KstXml | Format::HandelingenXml | Format::PlainText => {
            Ok(kw_text::extract::extract_bytes(bytes)?)
        }
        Format::ODataJson | Format::SyncFeedAtom => Err(DocumentError::Unsupported(format!(
            "{} holds records, not a document",
            format.as_str()
        ))),
    }
}

/// Counts of a refresh.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Refreshed {
    pub extracted: u64,
    pub failed: u64,
}

/// Extracts every stored document that has no extraction by the current extractor.
pub fn refresh(store: &mut Store) -> Result<Refreshed, AppError> {
    let ids: Vec<i64> = {
        let mut stmt = store.conn().prepare(
            "SELECT f.id FROM source_file f LEFT JOIN extraction e ON e.source_file_id = f.id
             WHERE e.extractor IS NULL OR e.extractor <> ?1 ORDER BY f.id",
        )?;
        let rows = stmt.query_map([EXTRACTOR], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut done = Refreshed::default();
    for chunk in ids.chunks(64) {
        let mut results = Vec::with_capacity(chunk.len());
        for id in chunk {
            let bytes: Vec<u8> = store.conn().query_row(
                "SELECT bytes FROM source_file WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            let (ok, json) = match extract(&bytes) {
                Ok(x) => (true, serde_json::to_string(&x)?),
                Err(e) => (
                    false,
                    serde_json::json!({ "error": e.to_string() }).to_string(),
                ),
            };
            if ok {
                done.extracted += 1;
            } else {
                done.failed += 1;
            }
            results.push((*id, ok, json));
        }
        store.write(|tx| {
            for (id, ok, json) in &results {
                tx.put_extraction(*id, EXTRACTOR, *ok, json)?;
            }
            Ok::<_, AppError>(())
        })?;
    }
    Ok(done)
}
