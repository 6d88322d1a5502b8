//! The Kamer's entity types that Kamerwacht stores, with their OData and SyncFeed names.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// An entity type of the Kamer's open-data model (see `DOMAIN.md` §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Entity {
    Zaak,
    ZaakActor,
    Document,
    DocumentActor,
    DocumentVersie,
    DocumentPublicatie,
    Kamerstukdossier,
    Besluit,
    Stemming,
    Persoon,
    Fractie,
    FractieZetel,
    FractieZetelPersoon,
    Activiteit,
    Agendapunt,
    Vergadering,
    Toezegging,
}

impl Entity {
    /// Every stored entity type, in a stable order (the order of `stats`).
    pub const ALL: [Entity; 17] = [
        Entity::Zaak,
        Entity::ZaakActor,
        Entity::Document,
        Entity::DocumentActor,
        Entity::DocumentVersie,
        Entity::DocumentPublicatie,
        Entity::Kamerstukdossier,
        Entity::Besluit,
        Entity::Stemming,
        Entity::Persoon,
        Entity::Fractie,
        Entity::FractieZetel,
        Entity::FractieZetelPersoon,
        Entity::Activiteit,
        Entity::Agendapunt,
        Entity::Vergadering,
        Entity::Toezegging,
    ];

    /// The OData entity-set name, e.g. `ZaakActor`.
    pub fn name(self) -> &'static str {
        match self {
            Entity::Zaak => "Zaak",
            Entity::ZaakActor => "ZaakActor",
            Entity::Document => "Document",
            Entity::DocumentActor => "DocumentActor",
            Entity::DocumentVersie => "DocumentVersie",
            Entity::DocumentPublicatie => "DocumentPublicatie",
            Entity::Kamerstukdossier => "Kamerstukdossier",
            Entity::Besluit => "Besluit",
            Entity::Stemming => "Stemming",
            Entity::Persoon => "Persoon",
            Entity::Fractie => "Fractie",
            Entity::FractieZetel => "FractieZetel",
            Entity::FractieZetelPersoon => "FractieZetelPersoon",
            Entity::Activiteit => "Activiteit",
            Entity::Agendapunt => "Agendapunt",
            Entity::Vergadering => "Vergadering",
            Entity::Toezegging => "Toezegging",
        }
    }

    /// The SQL table name, e.g. `zaak_actor`.
    pub fn table(self) -> &'static str {
        match self {
            Entity::Zaak => "zaak",
            Entity::ZaakActor => "zaak_actor",
            Entity::Document => "document",
            Entity::DocumentActor => "document_actor",
            Entity::DocumentVersie => "document_versie",
            Entity::DocumentPublicatie => "document_publicatie",
            Entity::Kamerstukdossier => "kamerstukdossier",
            Entity::Besluit => "besluit",
            Entity::Stemming => "stemming",
            Entity::Persoon => "persoon",
            Entity::Fractie => "fractie",
            Entity::FractieZetel => "fractie_zetel",
            Entity::FractieZetelPersoon => "fractie_zetel_persoon",
            Entity::Activiteit => "activiteit",
            Entity::Agendapunt => "agendapunt",
            Entity::Vergadering => "vergadering",
            Entity::Toezegging => "toezegging",
        }
    }

    /// The SyncFeed category and element name, e.g. `zaakActor`.
    pub fn feed_name(self) -> &'static str {
        match self {
            Entity::Zaak => "zaak",
            Entity::ZaakActor => "zaakActor",
            Entity::Document => "document",
            Entity::DocumentActor => "documentActor",
            Entity::DocumentVersie => "documentVersie",
            Entity::DocumentPublicatie => "documentPublicatie",
            Entity::Kamerstukdossier => "kamerstukdossier",
            Entity::Besluit => "besluit",
            Entity::Stemming => "stemming",
            Entity::Persoon => "persoon",
            Entity::Fractie => "fractie",
            Entity::FractieZetel => "fractieZetel",
            Entity::FractieZetelPersoon => "fractieZetelPersoon",
            Entity::Activiteit => "activiteit",
            Entity::Agendapunt => "agendapunt",
            Entity::Vergadering => "vergadering",
            Entity::Toezegging => "toezegging",
        }
    }

    /// Parses an OData, SyncFeed or table name, case-insensitively (`zaak`, `ZaakActor`,
    /// `zaak_actor`).
    pub fn parse(name: &str) -> Result<Entity, DomainError> {
        let wanted: String = name
            .chars()
            .filter(|c| *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        Entity::ALL
            .into_iter()
            .find(|e| e.name().to_lowercase() == wanted)
            .ok_or_else(|| DomainError::UnknownEntity(name.to_string()))
    }
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for e in Entity::ALL {
            assert_eq!(Entity::parse(e.name()), Ok(e));
            assert_eq!(Entity::parse(e.table()), Ok(e));
            assert_eq!(Entity::parse(e.feed_name()), Ok(e));
        }
        assert!(Entity::parse("Verslag").is_err());
    }
}
