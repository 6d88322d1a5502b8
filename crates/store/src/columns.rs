//! Which OData field goes into which typed column, per entity (the rest stays in `fields`).

use kw_domain::Entity;

/// `(OData field, column)` pairs of an entity's typed columns, matching the migrations.
pub fn columns(entity: Entity) -> &'static [(&'static str, &'static str)] {
    use Entity as E;
    match entity {
        E::Zaak => &[
            ("Nummer", "nummer"), ("Soort", "soort"), ("Titel", "titel"), ("Onderwerp", "onderwerp"),
            ("GestartOp", "gestart_op"), ("Vergaderjaar", "vergaderjaar"), ("Volgnummer", "volgnummer"),
            ("Status", "status"), ("Afgedaan", "afgedaan"), ("Kabinetsappreciatie", "kabinetsappreciatie"),
        ],
        E::ZaakActor => &[
            ("Zaak_Id", "zaak_id"), ("ActorNaam", "actor_naam"), ("ActorFractie", "actor_fractie"),
            ("ActorAfkorting", "actor_afkorting"), ("Functie", "functie"), ("Relatie", "relatie"),
            ("Persoon_Id", "persoon_id"), ("Fractie_Id", "fractie_id"),
        ],
        E::Document => &[
            ("DocumentNummer", "document_nummer"), ("Soort", "soort"), ("Titel", "titel"),
            ("Onderwerp", "onderwerp"), ("Datum", "datum"), ("Vergaderjaar", "vergaderjaar"),
            ("Volgnummer", "volgnummer"), ("HuidigeDocumentVersie_Id", "huidige_document_versie_id"),
        ],
        E::DocumentActor => &[
            ("Document_Id", "document_id"), ("ActorNaam", "actor_naam"), ("ActorFractie", "actor_fractie"),
            ("Functie", "functie"), ("Relatie", "relatie"), ("Persoon_Id", "persoon_id"), ("Fractie_Id", "fractie_id"),
        ],
        E::DocumentVersie => &[
            ("Document_Id", "document_id"), ("Versienummer", "versienummer"), ("Status", "status"),
            ("Extensie", "extensie"), ("Datum", "datum"), ("ExterneIdentifier", "externe_identifier"),
        ],
        E::DocumentPublicatie => &[
            ("DocumentVersie_Id", "document_versie_id"), ("Identifier", "identifier"), ("FileName", "file_name"),
            ("ContentType", "content_type"), ("PublicatieDatum", "publicatie_datum"),
        ],
        E::Kamerstukdossier => &[
            ("Nummer", "nummer"), ("Toevoeging", "toevoeging"), ("Titel", "titel"), ("Afgesloten", "afgesloten"),
        ],
        E::Besluit => &[
            ("Agendapunt_Id", "agendapunt_id"), ("BesluitSoort", "besluit_soort"), ("BesluitTekst", "besluit_tekst"),
            ("StemmingsSoort", "stemmings_soort"), ("Status", "status"), ("Opmerking", "opmerking"),
        ],
        E::Stemming => &[
            ("Besluit_Id", "besluit_id"), ("Soort", "soort"), ("FractieGrootte", "fractie_grootte"),
            ("ActorNaam", "actor_naam"), ("ActorFractie", "actor_fractie"), ("Vergissing", "vergissing"),
            ("Fractie_Id", "fractie_id"), ("Persoon_Id", "persoon_id"),
        ],
        E::Persoon => &[
            ("Nummer", "nummer"), ("Initialen", "initialen"), ("Tussenvoegsel", "tussenvoegsel"),
            ("Achternaam", "achternaam"), ("Voornamen", "voornamen"), ("Roepnaam", "roepnaam"),
            ("Functie", "functie"), ("Fractielabel", "fractielabel"),
        ],
        E::Fractie => &[
            ("Nummer", "nummer"), ("Afkorting", "afkorting"), ("NaamNL", "naam_nl"), ("AantalZetels", "aantal_zetels"),
            ("DatumActief", "datum_actief"), ("DatumInactief", "datum_inactief"),
        ],
        E::FractieZetel => &[("Fractie_Id", "fractie_id"), ("Gewicht", "gewicht")],
        E::FractieZetelPersoon => &[
            ("FractieZetel_Id", "fractie_zetel_id"), ("Persoon_Id", "persoon_id"), ("Functie", "functie"),
            ("Van", "van"), ("TotEnMet", "tot_en_met"),
        ],
        E::Activiteit => &[
            ("Nummer", "nummer"), ("Soort", "soort"), ("Onderwerp", "onderwerp"), ("Datum", "datum"),
            ("Status", "status"), ("Vergaderjaar", "vergaderjaar"), ("Voortouwnaam", "voortouwnaam"),
        ],
        E::Agendapunt => &[
            ("Activiteit_Id", "activiteit_id"), ("Nummer", "nummer"), ("Onderwerp", "onderwerp"),
            ("Volgorde", "volgorde"), ("Rubriek", "rubriek"),
        ],
        E::Vergadering => &[
            ("Soort", "soort"), ("Titel", "titel"), ("Datum", "datum"), ("VergaderingNummer", "vergadering_nummer"),
            ("Vergaderjaar", "vergaderjaar"),
        ],
        E::Toezegging => &[
            ("Nummer", "nummer"), ("Tekst", "tekst"), ("Status", "status"), ("Aanmaakdatum", "aanmaakdatum"),
            ("DatumNakoming", "datum_nakoming"), ("Ministerie", "ministerie"), ("Naam", "naam"),
            ("Functie", "functie"), ("Activiteit_Id", "activiteit_id"), ("KamerbriefNakoming", "kamerbrief_nakoming"),
        ],
    }
}
