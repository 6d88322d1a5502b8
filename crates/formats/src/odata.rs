//! OData v4 JSON in every shape the Kamer's API (and its collectors) produce: a bare array,
//! a `{"value": [...]}` page with or without `@odata.context`, or one bare entity object.
//! Entities nested by `$expand` are flattened into records of their own plus references
//! (`Besluit_Id`) or links (`besluit_zaak`). Arrays are streamed: memory stays bounded by the
//! largest single entity, whatever the file size.

use std::fmt;
use std::io::Read;

use kw_domain::{Entity, Version};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::FormatError;
use crate::record::{Fields, Link, RawFormat, Record};

/// The callback that receives each record; an error stops the read and is returned as
/// [`FormatError::Sink`].
pub type Sink<'a> = dyn FnMut(Record) -> Result<(), String> + 'a;

/// Counts of a finished read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReadSummary {
    /// Top-level entities read (the array elements, or 1 for a bare object).
    pub top_level: usize,
    /// Records produced, nested ones included.
    pub records: usize,
}

/// Reads OData JSON from `reader`, calling `sink` for every record, nested ones first-parent
/// order (parent before children).
pub fn read_json<R: Read>(reader: R, sink: &mut Sink<'_>) -> Result<ReadSummary, FormatError> {
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    let mut state = State {
        sink,
        summary: ReadSummary::default(),
        error: None,
        hint: None,
    };
    let result = TopSeed { state: &mut state }.deserialize(&mut de);
    if let Some(err) = state.error.take() {
        return Err(err);
    }
    result?;
    de.end()?;
    Ok(state.summary)
}

/// Reads one OData JSON document held in memory.
pub fn read_slice(bytes: &[u8], sink: &mut Sink<'_>) -> Result<ReadSummary, FormatError> {
    read_json(bytes, sink)
}

struct State<'s, 'a> {
    sink: &'s mut Sink<'a>,
    summary: ReadSummary,
    /// The first failure inside a visitor, kept with its type (serde can only carry strings).
    error: Option<FormatError>,
    /// Entity type named by `@odata.context`.
    hint: Option<Entity>,
}

impl State<'_, '_> {
    fn element(&mut self, raw: &RawValue) -> Result<(), FormatError> {
        let index = self.summary.top_level;
        self.summary.top_level += 1;
        let value: Value = serde_json::from_str(raw.get())?;
        let Value::Object(obj) = value else {
            return Err(FormatError::BadRecord {
                index,
                message: "an entity must be a JSON object".into(),
            });
        };
        let entity = match self.hint {
            Some(e) => e,
            None => classify(&obj).ok_or_else(|| FormatError::BadRecord {
                index,
                message: "cannot tell which entity this object is (no @odata.context and no tell-tale fields)".into(),
            })?,
        };
        let mut out = Vec::new();
        flatten(entity, obj, Some(raw.get()), None, &mut out)
            .map_err(|message| FormatError::BadRecord { index, message })?;
        for rec in out {
            self.summary.records += 1;
            (self.sink)(rec).map_err(FormatError::Sink)?;
        }
        Ok(())
    }

    fn fail<E: serde::de::Error>(&mut self, err: FormatError) -> E {
        let msg = err.to_string();
        self.error = Some(err);
        E::custom(msg)
    }
}

struct TopSeed<'x, 's, 'a> {
    state: &'x mut State<'s, 'a>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(TopVisitor { state: self.state })
    }
}

struct TopVisitor<'x, 's, 'a> {
    state: &'x mut State<'s, 'a>,
}

impl<'de> Visitor<'de> for TopVisitor<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an OData entity array, a {\"value\": [...]} page, or one entity object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            if let Err(e) = self.state.element(&raw) {
                return Err(self.state.fail(e));
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Either a page ({"@odata.context", "value"}) or a bare entity. A bare entity is
        // collected whole (entities are small); a page's array is streamed.
        let mut bare: Map<String, Value> = Map::new();
        let mut saw_value = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "value" && bare.is_empty() {
                map.next_value_seed(ValueArraySeed { state: self.state })?;
                saw_value = true;
            } else if key.starts_with("@odata.") && bare.is_empty() {
                let v: Value = map.next_value()?;
                if key == "@odata.context"
                    && let Some(ctx) = v.as_str()
                {
                    self.state.hint = context_entity(ctx);
                }
            } else if saw_value {
                let _: IgnoredAny = map.next_value()?;
            } else {
                let v: Value = map.next_value()?;
                bare.insert(key, v);
            }
        }
        if !saw_value {
            if bare.is_empty() {
                return Err(self
                    .state
                    .fail(FormatError::Shape("an empty JSON object".into())));
            }
            let text = match serde_json::to_string(&Value::Object(bare)) {
                Ok(t) => t,
                Err(e) => return Err(self.state.fail(e.into())),
            };
            let raw = match RawValue::from_string(text) {
                Ok(r) => r,
                Err(e) => return Err(self.state.fail(e.into())),
            };
            if let Err(e) = self.state.element(&raw) {
                return Err(self.state.fail(e));
            }
        }
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        Err(self
            .state
            .fail(FormatError::Shape("a JSON string, not entities".into())))
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Err(self
            .state
            .fail(FormatError::Shape("a JSON number, not entities".into())))
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Err(self
            .state
            .fail(FormatError::Shape("a JSON number, not entities".into())))
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Err(self
            .state
            .fail(FormatError::Shape("a JSON number, not entities".into())))
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Err(self
            .state
            .fail(FormatError::Shape("a JSON boolean, not entities".into())))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Err(self
            .state
            .fail(FormatError::Shape("JSON null, not entities".into())))
    }
}

struct ValueArraySeed<'x, 's, 'a> {
    state: &'x mut State<'s, 'a>,
}

impl<'de> DeserializeSeed<'de> for ValueArraySeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(ArrayVisitor { state: self.state })
    }
}

struct ArrayVisitor<'x, 's, 'a> {
    state: &'x mut State<'s, 'a>,
}

impl<'de> Visitor<'de> for ArrayVisitor<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of entities under \"value\"")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            if let Err(e) = self.state.element(&raw) {
                return Err(self.state.fail(e));
            }
        }
        Ok(())
    }
}

/// The entity set named by an `@odata.context` URL: `…/$metadata#Stemming(...)`,
/// `…#Zaak/$entity`, `…#Zaak(Document())`.
pub fn context_entity(ctx: &str) -> Option<Entity> {
    let after = ctx.rsplit_once('#')?.1;
    let name: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    Entity::parse(&name).ok()
}

/// Tells an entity's type from its fields, for arrays saved without `@odata.context`.
pub fn classify(obj: &Map<String, Value>) -> Option<Entity> {
    let has = |k: &str| obj.contains_key(k);
    let nummer = obj.get("Nummer").and_then(Value::as_str).unwrap_or("");
    let nummer_kind = nummer
        .as_bytes()
        .get(4)
        .copied()
        .filter(|_| nummer.len() > 5 && nummer[..4].bytes().all(|b| b.is_ascii_digit()));
    Some(if has("BesluitSoort") || has("StemmingsSoort") {
        Entity::Besluit
    } else if has("FractieGrootte") {
        Entity::Stemming
    } else if has("DatumNakoming") || has("KamerbriefNakoming") || nummer.starts_with("TZ") {
        Entity::Toezegging
    } else if has("DocumentNummer") {
        Entity::Document
    } else if has("ExterneIdentifier") || has("Versienummer") {
        Entity::DocumentVersie
    } else if has("FileName") && has("Identifier") {
        Entity::DocumentPublicatie
    } else if has("NaamNL") || has("AantalZetels") {
        Entity::Fractie
    } else if has("VergaderingNummer") || has("Sluiting") {
        Entity::Vergadering
    } else if has("Voortouwnaam") || has("Voortouwafkorting") || nummer_kind == Some(b'A') {
        Entity::Activiteit
    } else if has("Rubriek") || nummer_kind == Some(b'P') {
        Entity::Agendapunt
    } else if has("TotEnMet") || has("FractieZetel_Id") {
        Entity::FractieZetelPersoon
    } else if has("Gewicht") {
        Entity::FractieZetel
    } else if has("Achternaam") && has("Initialen") {
        Entity::Persoon
    } else if has("ActorNaam") && has("Document_Id") {
        Entity::DocumentActor
    } else if has("ActorNaam") {
        Entity::ZaakActor
    } else if has("HoogsteVolgnummer")
        || has("Afgesloten")
        || (has("Toevoeging") && obj.get("Nummer").is_some_and(Value::is_number))
    {
        Entity::Kamerstukdossier
    } else if nummer_kind == Some(b'Z') || has("Kabinetsappreciatie") || has("GestartOp") {
        Entity::Zaak
    } else {
        return None;
    })
}

/// How a nested navigation property relates child to parent.
enum Nav {
    /// The child holds a reference to the parent in this field (`Stemming.Besluit_Id`).
    ChildRef(&'static str),
    /// The parent holds a reference to the child in this field (`Besluit.Agendapunt_Id`).
    ParentRef(&'static str),
    /// A link row; `true` when the parent is the `from` side.
    Link(&'static str, bool),
}

/// The navigation properties Kamerwacht follows: (parent, property) → (child type, relation).
fn nav(parent: Entity, prop: &str) -> Option<(Entity, Nav)> {
    use Entity as E;
    Some(match (parent, prop) {
        (E::Zaak, "ZaakActor") => (E::ZaakActor, Nav::ChildRef("Zaak_Id")),
        (E::Zaak, "Besluit") => (E::Besluit, Nav::Link("besluit_zaak", false)),
        (E::Zaak, "Document") => (E::Document, Nav::Link("document_zaak", false)),
        (E::Zaak, "Kamerstukdossier") => (
            E::Kamerstukdossier,
            Nav::Link("zaak_kamerstukdossier", true),
        ),
        (E::Zaak, "Agendapunt") => (E::Agendapunt, Nav::Link("zaak_agendapunt", true)),
        (E::Zaak, "Activiteit") => (E::Activiteit, Nav::Link("zaak_activiteit", true)),
        (E::Zaak, "GerelateerdVanuit") => (E::Zaak, Nav::Link("zaak_gerelateerd_vanuit", true)),
        (E::Zaak, "GerelateerdNaar") => (E::Zaak, Nav::Link("zaak_gerelateerd_vanuit", false)),
        (E::Zaak, "VervangenVanuit") => (E::Zaak, Nav::Link("zaak_vervangen_vanuit", true)),
        (E::Zaak, "VervangenDoor") => (E::Zaak, Nav::Link("zaak_vervangen_vanuit", false)),
        (E::Besluit, "Stemming") => (E::Stemming, Nav::ChildRef("Besluit_Id")),
        (E::Besluit, "Zaak") => (E::Zaak, Nav::Link("besluit_zaak", true)),
        (E::Besluit, "Agendapunt") => (E::Agendapunt, Nav::ParentRef("Agendapunt_Id")),
        (E::Stemming, "Besluit") => (E::Besluit, Nav::ParentRef("Besluit_Id")),
        (E::Stemming, "Fractie") => (E::Fractie, Nav::ParentRef("Fractie_Id")),
        (E::Stemming, "Persoon") => (E::Persoon, Nav::ParentRef("Persoon_Id")),
        (E::Agendapunt, "Zaak") => (E::Zaak, Nav::Link("zaak_agendapunt", false)),
        (E::Agendapunt, "Besluit") => (E::Besluit, Nav::ChildRef("Agendapunt_Id")),
        (E::Agendapunt, "Activiteit") => (E::Activiteit, Nav::ParentRef("Activiteit_Id")),
        (E::Activiteit, "Agendapunt") => (E::Agendapunt, Nav::ChildRef("Activiteit_Id")),
        (E::Activiteit, "Zaak") => (E::Zaak, Nav::Link("zaak_activiteit", false)),
        (E::Activiteit, "Toezegging") => (E::Toezegging, Nav::ChildRef("Activiteit_Id")),
        (E::Document, "HuidigeDocumentVersie") => (
            E::DocumentVersie,
            Nav::ParentRef("HuidigeDocumentVersie_Id"),
        ),
        (E::Document, "DocumentVersie") => (E::DocumentVersie, Nav::ChildRef("Document_Id")),
        (E::Document, "DocumentActor") => (E::DocumentActor, Nav::ChildRef("Document_Id")),
        (E::Document, "Zaak") => (E::Zaak, Nav::Link("document_zaak", true)),
        (E::Document, "Kamerstukdossier") => (
            E::Kamerstukdossier,
            Nav::Link("document_kamerstukdossier", true),
        ),
        (E::Document, "Activiteit") => (E::Activiteit, Nav::Link("document_activiteit", true)),
        (E::Document, "Agendapunt") => (E::Agendapunt, Nav::Link("document_agendapunt", true)),
        (E::DocumentVersie, "DocumentPublicatie") => {
            (E::DocumentPublicatie, Nav::ChildRef("DocumentVersie_Id"))
        }
        (E::DocumentVersie, "DocumentPublicatieMetadata") => return None,
        (E::DocumentVersie, "Document") => (E::Document, Nav::ParentRef("Document_Id")),
        (E::ZaakActor, "Persoon") => (E::Persoon, Nav::ParentRef("Persoon_Id")),
        (E::ZaakActor, "Fractie") => (E::Fractie, Nav::ParentRef("Fractie_Id")),
        (E::Fractie, "FractieZetel") => (E::FractieZetel, Nav::ChildRef("Fractie_Id")),
        (E::FractieZetel, "FractieZetelPersoon") => {
            (E::FractieZetelPersoon, Nav::ChildRef("FractieZetel_Id"))
        }
        (E::FractieZetelPersoon, "Persoon") => (E::Persoon, Nav::ParentRef("Persoon_Id")),
        (E::Kamerstukdossier, "Zaak") => (E::Zaak, Nav::Link("zaak_kamerstukdossier", false)),
        (E::Kamerstukdossier, "Document") => {
            (E::Document, Nav::Link("document_kamerstukdossier", false))
        }
        _ => return None,
    })
}

/// Turns one JSON object (with its nested expansions) into records, parent first.
/// `raw_text` is the object's exact source text when it has nothing nested.
fn flatten(
    entity: Entity,
    mut obj: Map<String, Value>,
    raw_text: Option<&str>,
    parent: Option<(&str, Entity, &str)>,
    out: &mut Vec<Record>,
) -> Result<(), String> {
    let id = obj
        .get("Id")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
        .ok_or_else(|| format!("{entity} without an \"Id\""))?;
    if id.is_empty() || id.len() > 64 {
        return Err(format!("{entity} with a bad Id {id:?}"));
    }
    let version = match obj.get("ApiGewijzigdOp") {
        Some(Value::String(s)) => {
            Some(Version::parse(s).map_err(|e| format!("{entity} {id}: {e}"))?)
        }
        _ => None,
    };
    let deleted = obj
        .get("Verwijderd")
        .and_then(Value::as_bool)
        .unwrap_or(false);

    // Take nested entities out.
    let nested_keys: Vec<String> = obj
        .iter()
        .filter(|(_, v)| {
            v.is_object() || v.as_array().is_some_and(|a| a.iter().any(Value::is_object))
        })
        .map(|(k, _)| k.clone())
        .collect();
    let mut nested = Vec::new();
    for k in nested_keys {
        if let Some(v) = obj.remove(&k) {
            nested.push((k, v));
        }
    }
    // Empty expanded collections are not data of this record either.
    let empty_expansions: Vec<String> = obj
        .iter()
        .filter(|(k, v)| v.as_array().is_some_and(Vec::is_empty) && nav(entity, k).is_some())
        .map(|(k, _)| k.clone())
        .collect();
    for k in &empty_expansions {
        obj.remove(k);
    }
    let raw = match raw_text {
        Some(t) if nested.is_empty() && empty_expansions.is_empty() => t.to_string(),
        _ => serde_json::to_string(&obj).map_err(|e| e.to_string())?,
    };

    let mut fields: Fields = obj.into_iter().filter(|(_, v)| !v.is_array()).collect();
    let mut derived = Vec::new();
    let mut links = Vec::new();
    if let Some((parent_id, parent_entity, prop)) = parent {
        match nav(parent_entity, prop) {
            Some((_, Nav::ChildRef(field))) => {
                if fields.get(field).is_none_or(Value::is_null) {
                    fields.insert(field.to_string(), Value::String(parent_id.to_string()));
                    derived.push(field.to_string());
                }
            }
            Some((_, Nav::Link(rel, parent_is_from))) => {
                let (from, to) = if parent_is_from {
                    (parent_id, id.as_str())
                } else {
                    (id.as_str(), parent_id)
                };
                links.push(Link {
                    rel: rel.to_string(),
                    from: from.to_string(),
                    to: to.to_string(),
                });
            }
            Some((_, Nav::ParentRef(_))) | None => {}
        }
    }
    // Tell-tale of the tkmoties per-motion files: a Zaak with actors and decisions but no Soort.
    if entity == Entity::Zaak
        && !fields.contains_key("Soort")
        && nested.iter().any(|(k, _)| k == "Besluit")
    {
        fields.insert("Soort", Value::String("Motie".into()));
        derived.push("Soort".into());
    }
    let index = out.len();
    out.push(Record {
        entity,
        id: id.clone(),
        version,
        deleted,
        raw,
        raw_format: RawFormat::ODataJson,
        fields,
        derived,
        links,
    });

    for (prop, value) in nested {
        let Some((child_entity, how)) = nav(entity, &prop) else {
            continue; // a navigation Kamerwacht does not follow; its data is not stored
        };
        let children = match value {
            Value::Array(a) => a,
            v @ Value::Object(_) => vec![v],
            _ => continue,
        };
        for child in children {
            let Value::Object(child) = child else {
                continue;
            };
            if let Nav::ParentRef(field) = how
                && let Some(cid) = child.get("Id").and_then(Value::as_str)
            {
                let rec = &mut out[index];
                if rec.fields.get(field).is_none_or(Value::is_null) {
                    rec.fields
                        .insert(field.to_string(), Value::String(cid.to_ascii_lowercase()));
                    rec.derived.push(field.to_string());
                }
            }
            flatten(child_entity, child, None, Some((&id, entity, &prop)), out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<Vec<Record>, FormatError> {
        let mut v = Vec::new();
        read_json(s.as_bytes(), &mut |r| {
            v.push(r);
            Ok(())
        })?;
        Ok(v)
    }

    #[test]
    fn three_shapes() {
        let arr = read(
            r#"[{"Id":"A","BesluitSoort":"Stemmen","ApiGewijzigdOp":"2024-01-01T00:00:00Z"}]"#,
        )
        .unwrap();
        assert_eq!(arr[0].entity, Entity::Besluit);
        assert_eq!(arr[0].id, "a");
        let page = read(r#"{"@odata.context":"https://x/$metadata#Stemming","value":[{"Id":"b","Soort":"Voor"}]}"#).unwrap();
        assert_eq!(page[0].entity, Entity::Stemming);
        let bare = read(r#"{"Id":"c","Nummer":"2024Z00001","Soort":"Motie","Document":[{"Id":"d","DocumentNummer":"2024D1"}]}"#).unwrap();
        assert_eq!(bare.len(), 2);
        assert_eq!(
            bare[1].links[0],
            Link {
                rel: "document_zaak".into(),
                from: "d".into(),
                to: "c".into()
            }
        );
        assert!(!bare[0].raw.contains("Document\""));
    }

    #[test]
    fn raw_is_verbatim() {
        let src = r#"[{"Id":"A","FractieGrootte":1.0,"Soort":"Voor"}]"#;
        let recs = read(src).unwrap();
        assert_eq!(
            recs[0].raw,
            r#"{"Id":"A","FractieGrootte":1.0,"Soort":"Voor"}"#
        );
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(matches!(read("[{\"Id\":\"a\""), Err(FormatError::Json(_))));
        assert!(matches!(
            read("[{\"Foo\":1}]"),
            Err(FormatError::BadRecord { .. })
        ));
        assert!(matches!(read("[1]"), Err(FormatError::BadRecord { .. })));
        assert!(matches!(read("42"), Err(FormatError::Shape(_))));
        assert!(matches!(read("[] x"), Err(FormatError::Json(_))));
    }
}
