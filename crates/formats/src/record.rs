//! One source record as every reader produces it: verbatim text beside the typed fields.

use kw_domain::{Entity, Version};
use serde_json::{Map, Value};

/// How [`Record::raw`] is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawFormat {
    /// A JSON object as the OData API (or a collector of it) gave it.
    ODataJson,
    /// One `<content>` element of a SyncFeed Atom entry.
    SyncFeedXml,
}

impl RawFormat {
    /// Stable name stored beside the raw text.
    pub fn as_str(self) -> &'static str {
        match self {
            RawFormat::ODataJson => "odata-json",
            RawFormat::SyncFeedXml => "syncfeed-xml",
        }
    }
}

/// A many-to-many relation between two records, by id. Single-valued references are fields
/// (`Besluit_Id`) instead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Link {
    /// Canonical relation name, `<from>_<to>` in table names, e.g. `besluit_zaak`,
    /// `zaak_document`, `zaak_kamerstukdossier`, `document_kamerstukdossier`.
    pub rel: String,
    pub from: String,
    pub to: String,
}

/// One source record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub entity: Entity,
    /// The GUID, lower-cased.
    pub id: String,
    /// `ApiGewijzigdOp` / `tk:bijgewerkt`, normalised; `None` when the source gave none.
    pub version: Option<Version>,
    /// `Verwijderd` / `tk:verwijderd`.
    pub deleted: bool,
    /// The record exactly as the source gave it. For JSON: the object's text with the
    /// entities nested in it by `$expand` taken out (they are records of their own).
    pub raw: String,
    pub raw_format: RawFormat,
    /// Scalar fields under their OData names (`Nummer`, `Besluit_Id`), including references
    /// derived from nesting and values derived by a reader; see `derived`.
    pub fields: Map<String, Value>,
    /// Names of the fields in `fields` that the reader derived rather than read (e.g. the
    /// `Soort` of a tkmoties file, the `Relatie` of its actors, a `Besluit_Id` from nesting).
    pub derived: Vec<String>,
    /// Many-to-many relations this record states.
    pub links: Vec<Link>,
}

impl Record {
    /// A string field, if present and a string.
    pub fn str_field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(Value::as_str)
    }
}
