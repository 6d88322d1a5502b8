//! `kamerwacht import`: files and folders in, detected by content, one transaction per file.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use kw_domain::Entity;
use kw_formats::detect::{Detected, PREFIX_LEN};
use kw_formats::{Format, FormatError, Record};
use kw_store::{Applied, Store, StoreError};
use serde::Serialize;
use serde_json::Value;

/// Largest document (not record stream) read into memory: PDF, XML, text.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Counts of one entity (or of documents) in a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub tombstoned: u64,
}

impl Counts {
    fn add(&mut self, a: Applied) {
        match a {
            Applied::New => self.new += 1,
            Applied::Updated => self.updated += 1,
            Applied::Unchanged => self.unchanged += 1,
            Applied::Tombstoned => self.tombstoned += 1,
        }
    }
    fn merge(&mut self, o: &Counts) {
        self.new += o.new;
        self.updated += o.updated;
        self.unchanged += o.unchanged;
        self.tombstoned += o.tombstoned;
    }
}

/// A file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileNote {
    pub path: PathBuf,
    pub reason: String,
}

/// The outcome of an import run (the stable JSON of `import --json`).
#[derive(Debug, Default, Clone, Serialize)]
pub struct ImportReport {
    /// Files imported (each in its own transaction).
    pub files: u64,
    /// Per entity, by OData name.
    pub entities: BTreeMap<String, Counts>,
    /// Document files (XML, PDF, text) stored: new or unchanged (same bytes seen before).
    pub documents: Counts,
    /// Files in a folder that are in no supported format.
    pub skipped: Vec<FileNote>,
    /// Files that could not be imported; nothing of them was stored.
    pub rejected: Vec<FileNote>,
    /// Single records rejected inside files that were otherwise imported (bad SyncFeed
    /// entries); the reason names the entry and its id.
    pub rejected_records: Vec<FileNote>,
    /// The run was stopped (Ctrl-C) before all files were read.
    pub interrupted: bool,
    /// Document texts read after the import (derived state), when that step ran.
    pub documents_extracted: Option<crate::documents::Refreshed>,
}

impl ImportReport {
    fn add_counts(&mut self, counts: BTreeMap<Entity, Counts>) {
        for (e, n) in counts {
            self.entities
                .entry(e.name().to_string())
                .or_default()
                .merge(&n);
        }
    }
}

/// A file to import; `named` when the user named it (then an unsupported format is an error).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub named: bool,
}

/// Expands paths into files: folders recursively, in sorted order. Paths that do not exist
/// are returned as rejections.
pub fn collect(paths: &[PathBuf]) -> (Vec<Candidate>, Vec<FileNote>) {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut files, &mut missing);
        } else if p.is_file() {
            files.push(Candidate {
                path: p.clone(),
                named: true,
            });
        } else {
            missing.push(FileNote {
                path: p.clone(),
                reason: "no such file or folder".into(),
            });
        }
    }
    (files, missing)
}

fn walk(dir: &Path, out: &mut Vec<Candidate>, missing: &mut Vec<FileNote>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            missing.push(FileNote {
                path: dir.to_path_buf(),
                reason: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out, missing);
        } else if p.is_file() {
            out.push(Candidate {
                path: p,
                named: false,
            });
        }
    }
}

/// Imports `candidates` into `store`. `progress` is called before each file with its index.
/// Stops between files when `stop` is set.
pub fn import(
    store: &mut Store,
    candidates: &[Candidate],
    stop: &AtomicBool,
    progress: &mut dyn FnMut(usize, &Path),
) -> ImportReport {
    let mut report = ImportReport::default();
    for (i, c) in candidates.iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            report.interrupted = true;
            break;
        }
        progress(i, &c.path);
        match import_file(store, &c.path) {
            Ok(FileResult::Records(counts)) => {
                report.files += 1;
                report.add_counts(counts);
            }
            Ok(FileResult::Feed(counts, bad)) => {
                report.files += 1;
                report.add_counts(counts);
                report
                    .rejected_records
                    .extend(bad.into_iter().map(|reason| FileNote {
                        path: c.path.clone(),
                        reason,
                    }));
            }
            Ok(FileResult::Document(applied)) => {
                report.files += 1;
                report.documents.add(applied);
            }
            Ok(FileResult::Unsupported(what)) if !c.named => {
                report.skipped.push(FileNote {
                    path: c.path.clone(),
                    reason: what,
                });
            }
            Ok(FileResult::Unsupported(what)) => report.rejected.push(FileNote {
                path: c.path.clone(),
                reason: format!("not a format Kamerwacht imports ({what})"),
            }),
            Err(reason) => report.rejected.push(FileNote {
                path: c.path.clone(),
                reason,
            }),
        }
    }
    for e in Entity::ALL {
        report.entities.entry(e.name().to_string()).or_default();
    }
    report
}

/// What one file gave.
#[derive(Debug)]
pub enum FileResult {
    Records(BTreeMap<Entity, Counts>),
    /// A SyncFeed page: the good entries' counts and the bad entries' reasons.
    Feed(BTreeMap<Entity, Counts>, Vec<String>),
    Document(Applied),
    Unsupported(String),
}

/// Imports one file in one transaction. `Err` carries the reason it was rejected; then
/// nothing of the file is stored.
pub fn import_file(store: &mut Store, path: &Path) -> Result<FileResult, String> {
    let mut file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut prefix = Vec::with_capacity(PREFIX_LEN);
    (&mut file)
        .take(PREFIX_LEN as u64)
        .read_to_end(&mut prefix)
        .map_err(|e| format!("cannot read: {e}"))?;
    let format = match kw_formats::detect(&prefix) {
        Detected::Supported(f) => f,
        Detected::Unsupported(what) => return Ok(FileResult::Unsupported(what)),
        Detected::Unsafe(why) => return Err(why),
    };
    file.rewind().map_err(|e| format!("cannot read: {e}"))?;
    match format {
        Format::ODataJson => import_records(store, file).map(FileResult::Records),
        Format::SyncFeedAtom => import_feed_page(store, file),
        Format::KstXml
        | Format::HandelingenXml
        | Format::TextJson
        | Format::Pdf
        | Format::PlainText => import_document(store, path, file, format).map(FileResult::Document),
    }
}

/// Streams OData JSON records into the store within one transaction.
fn import_records(store: &mut Store, file: File) -> Result<BTreeMap<Entity, Counts>, String> {
    let result: Result<BTreeMap<Entity, Counts>, ImportError> = store.write(|tx| {
        let mut counts: BTreeMap<Entity, Counts> = BTreeMap::new();
        let mut motion = MotionContext::default();
        let mut store_one = |rec: Record| -> Result<(), String> {
            let applied = tx
                .upsert(&rec)
                .map_err(|e| format!("{} {}: {e}", rec.entity, rec.id))?;
            counts.entry(rec.entity).or_default().add(applied);
            Ok(())
        };
        kw_formats::odata::read_json(file, &mut |rec| motion.push(rec, &mut store_one))?;
        motion.flush(&mut store_one).map_err(FormatError::Sink)?;
        Ok(counts)
    });
    result.map_err(|e| e.to_string())
}

/// Imports the entries of a saved SyncFeed Atom page in one transaction; bad entries are
/// reported and skipped, as the live sync does.
fn import_feed_page(store: &mut Store, file: File) -> Result<FileResult, String> {
    let mut bytes = Vec::new();
    file.take(MAX_DOCUMENT_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    let page =
        kw_formats::syncfeed::parse_page(&bytes).map_err(|e| format!("SyncFeed page: {e}"))?;
    let result: Result<(BTreeMap<Entity, Counts>, Vec<String>), ImportError> = store.write(|tx| {
        let mut counts: BTreeMap<Entity, Counts> = BTreeMap::new();
        let mut bad = Vec::new();
        for entry in &page.entries {
            match entry {
                Ok(rec) => counts.entry(rec.entity).or_default().add(tx.upsert(rec)?),
                Err(e) => bad.push(format!(
                    "entry {} ({}): {}",
                    e.index + 1,
                    e.id.as_deref().unwrap_or("no id"),
                    e.reason
                )),
            }
        }
        Ok((counts, bad))
    });
    result
        .map(|(c, b)| FileResult::Feed(c, b))
        .map_err(|e| e.to_string())
}

/// Errors inside an import transaction.
#[derive(Debug, thiserror::Error)]
enum ImportError {
    #[error(transparent)]
    Format(#[from] FormatError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Fills in what the tkmoties per-motion files leave out: the ZaakActor `Relatie`, taken from
/// the Zaak's Onderwerp by `kw_domain::motion::submitter_roles` ("Motie van het lid X c.s." /
/// "van de leden X en Y": X is the indiener, the other actors are medeindieners). The actors of
/// such a Zaak are held back until the last one has arrived, then stored with their roles.
#[derive(Default)]
struct MotionContext {
    zaak_id: String,
    onderwerp: Option<String>,
    pending: Vec<Record>,
}

type Out<'a> = dyn FnMut(Record) -> Result<(), String> + 'a;

impl MotionContext {
    fn push(&mut self, rec: Record, out: &mut Out<'_>) -> Result<(), String> {
        let waiting_actor = rec.entity == Entity::ZaakActor
            && !self.zaak_id.is_empty()
            && rec.str_field("Zaak_Id") == Some(self.zaak_id.as_str())
            && rec.fields.get("Relatie").is_none_or(Value::is_null);
        if waiting_actor {
            self.pending.push(rec);
            return Ok(());
        }
        self.flush(out)?;
        if rec.entity == Entity::Zaak {
            let tkmoties = rec.derived.iter().any(|d| d == "Soort");
            self.zaak_id = if tkmoties {
                rec.id.clone()
            } else {
                String::new()
            };
            self.onderwerp = rec.str_field("Onderwerp").map(str::to_string);
        }
        out(rec)
    }

    fn flush(&mut self, out: &mut Out<'_>) -> Result<(), String> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let actors: Vec<kw_domain::motion::ActorInput> = self
            .pending
            .iter()
            .map(|r| kw_domain::motion::ActorInput {
                naam: r.str_field("ActorNaam").map(str::to_string),
                ..Default::default()
            })
            .collect();
        let roles = kw_domain::motion::submitter_roles(self.onderwerp.as_deref(), &actors);
        for (mut rec, (role, _, _)) in self.pending.drain(..).zip(roles) {
            let relatie = match role {
                kw_domain::motion::Role::Indiener => Some("Indiener"),
                kw_domain::motion::Role::Medeindiener => Some("Medeindiener"),
                kw_domain::motion::Role::Onbekend => None,
            };
            if let Some(relatie) = relatie {
                rec.fields.insert("Relatie", Value::String(relatie.into()));
                rec.derived.push("Relatie".into());
            }
            out(rec)?;
        }
        Ok(())
    }
}

/// Stores a document file (bytes, hash, name) in one transaction.
fn import_document(
    store: &mut Store,
    path: &Path,
    file: File,
    format: Format,
) -> Result<Applied, String> {
    let size = file
        .metadata()
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    if size > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "document of {size} bytes is larger than the limit of {MAX_DOCUMENT_BYTES}"
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_DOCUMENT_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if format == Format::KstXml {
        check_xml(&bytes)?;
    }
    if format == Format::TextJson {
        let v: Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("malformed JSON: {e}"))?;
        if !v.get("content").is_some_and(Value::is_string) {
            return Err("text JSON without a \"content\" string".into());
        }
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let origin = path.to_string_lossy().into_owned();
    let stored: Result<(i64, bool), ImportError> =
        store.write(|tx| Ok(tx.put_document(&name, &bytes, format.as_str(), Some(&origin))?));
    match stored {
        Ok((_, true)) => Ok(Applied::New),
        Ok((_, false)) => Ok(Applied::Unchanged),
        Err(e) => Err(e.to_string()),
    }
}

/// Checks that XML is well-formed without expanding any entity.
fn check_xml(bytes: &[u8]) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => {
                depth += 1;
                if depth > 256 {
                    return Err("XML nested deeper than 256 levels".into());
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(quick_xml::events::Event::DocType(d))
                if AsRef::<str>::as_ref(&d).contains("<!ENTITY") =>
            {
                return Err("XML declares entities in its DTD; refused".into());
            }
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "malformed XML at byte {}: {e}",
                    reader.buffer_position()
                ));
            }
        }
        buf.clear();
    }
    if depth != 0 {
        return Err("malformed XML: unclosed elements at end of file".into());
    }
    Ok(())
}
