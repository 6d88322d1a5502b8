//! One source record as every reader produces it: verbatim text beside the typed fields.

use std::borrow::Cow;

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
    pub fields: Fields,
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

/// A record's scalar fields under their OData names, in the order a reader put them in.
///
/// A short list rather than a hash map: a record has a few dozen fields at most, a lookup
/// compares a few short names, and a name from a reader's static schema is borrowed rather
/// than allocated for every record. Inserting a name already present replaces its value in
/// place; equality ignores the order, as a map's does.
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(Cow<'static, str>, Value)>);

impl Fields {
    /// No fields.
    pub fn new() -> Fields {
        Fields(Vec::new())
    }

    /// No fields, with room for `n`.
    pub fn with_capacity(n: usize) -> Fields {
        Fields(Vec::with_capacity(n))
    }

    /// The value of a field.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// True when the field is present (a JSON `null` is present).
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets a field; a field already present keeps its place and gets the new value, and
    /// the old value is returned.
    pub fn insert(&mut self, name: impl Into<Cow<'static, str>>, value: Value) -> Option<Value> {
        let name = name.into();
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    /// Removes a field, keeping the order of the others.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(i).1)
    }

    /// Removes every field.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// How many fields there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    /// The (name, value) pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// The fields as a JSON object, in order.
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

impl PartialEq for Fields {
    fn eq(&self, other: &Fields) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl std::ops::Index<&str> for Fields {
    type Output = Value;

    /// The value of a field; panics when it is absent, as a JSON object's index does.
    fn index(&self, name: &str) -> &Value {
        match self.get(name) {
            Some(v) => v,
            None => panic!("no field {name:?}"),
        }
    }
}

impl FromIterator<(String, Value)> for Fields {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Fields {
        let mut f = Fields::new();
        for (k, v) in iter {
            f.insert(k, v);
        }
        f
    }
}

impl From<Map<String, Value>> for Fields {
    fn from(map: Map<String, Value>) -> Fields {
        // A map's names are distinct already.
        Fields(map.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect())
    }
}

impl serde::Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_keep_order_replace_in_place_and_compare_as_maps() {
        let mut f = Fields::new();
        assert_eq!(f.insert("b", json!(1)), None);
        assert_eq!(f.insert("a".to_string(), json!(2)), None);
        assert_eq!(f.insert("b", json!(3)), Some(json!(1)));
        assert_eq!(f.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(serde_json::to_string(&f).unwrap(), r#"{"b":3,"a":2}"#);
        assert_eq!(f["a"], 2);
        assert!(!f.contains_key("absent"));
        let mut g: Fields = [("a".to_string(), json!(2)), ("b".to_string(), json!(3))]
            .into_iter()
            .collect();
        assert_eq!(f, g);
        g.insert("c", Value::Null);
        assert_ne!(f, g);
        assert!(g.contains_key("c"));
        assert_eq!(g.remove("a"), Some(json!(2)));
        assert_eq!(g.keys().collect::<Vec<_>>(), ["b", "c"]);
        assert_eq!(
            f.to_map(),
            serde_json::from_str::<Map<String, Value>>(r#"{"b":3,"a":2}"#).unwrap()
        );
    }
}
