//! SyncFeed Atom pages (`/SyncFeed/2.0/Feed?category=…`) turned into [`Record`]s: a pure,
//! bounded parser that never expands DTD entities and never panics on any input.
//!
//! One page is one Atom `<feed>`: `<link rel="self">`, while more data exists
//! `<link rel="next" href="…?skiptoken=<n>&category=…">`, and `<entry>` elements whose
//! `<content>` holds one entity element in the tkData namespace
//! (`<zaak id="…" tk:bijgewerkt="…" tk:verwijderd="false">…</zaak>`). Scalars are
//! lowerCamelCase child elements mapped onto the OData names (`nummer` → `Nummer`), nulls are
//! `xsi:nil="true"`, and relations are child elements with a `ref` attribute: single ones
//! become `<Nav>_Id` fields (`<besluit ref=…/>` in a stemming is `Besluit_Id`), many-valued
//! ones become [`Link`]s named as the OData reader names them (`besluit_zaak`, `zaak_agendapunt`).
//!
//! A page that is not well-formed XML (or not an Atom feed, or over the limits) is a
//! [`FormatError`]; an entry that is well-formed but not a usable record is an
//! [`EntryError`] in [`Page::entries`], so the caller can skip it and move on.

use kw_domain::{Entity, Version};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{PrefixDeclaration, QName};
use serde_json::Value;
use std::borrow::Cow;

use crate::FormatError;
use crate::record::{Fields, Link, RawFormat, Record};
use crate::xmllex::{Lexer, Plain};

/// The tkData namespace of the entity elements and of `tk:bijgewerkt` / `tk:verwijderd`.
pub const TK_NS: &str = "http://www.tweedekamer.nl/xsd/tkData/v1-0";
/// The Atom namespace.
pub const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
/// The XML Schema instance namespace (`xsi:nil`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Largest page accepted, in bytes.
pub const MAX_PAGE_BYTES: usize = 64 << 20;
/// Deepest element nesting accepted (a real page nests 5 deep: feed, entry, content,
/// entity, field).
pub const MAX_DEPTH: usize = 32;

/// One parsed SyncFeed page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// `<link rel="self" href>`.
    pub self_link: Option<String>,
    /// `<link rel="next" href>`, absolute, as given; absent when the feed is caught up.
    pub next: Option<String>,
    /// The `skiptoken` query parameter of `next`: the cursor to store.
    pub skiptoken: Option<String>,
    /// The entries in page order; a bad entry is an `Err` with the reason.
    pub entries: Vec<Result<Record, EntryError>>,
}

/// Why one entry of a well-formed page was not turned into a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// 0-based position of the entry in its page.
    pub index: usize,
    /// The entity id, when one could be read.
    pub id: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for EntryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.id {
            Some(id) => write!(f, "entry {} ({id}): {}", self.index, self.reason),
            None => write!(f, "entry {}: {}", self.index, self.reason),
        }
    }
}

impl std::error::Error for EntryError {}

/// The XSD type of a child element, as far as the mapping needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A relation with at most one target (`referentieLiteral`, `maxOccurs=1`).
    Ref,
    /// A relation with many targets (`maxOccurs="unbounded"`).
    RefMany,
    /// Text (strings, tokens, date-times, durations).
    Text,
    /// A calendar date (`xs:date` and the XSD's `datum` union): OData gives these as a
    /// date-time at local midnight, the feed as the date alone (`2023-12-05`).
    Date,
    /// An integer (`xs:int`, `xs:unsignedInt`, `xs:short`, `xs:long`).
    Int,
    /// `xs:boolean`.
    Bool,
}

/// One child element of an entity's `xs:sequence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The element's lowerCamelCase name.
    pub name: &'static str,
    pub kind: Kind,
    /// `nillable="true"` in the XSD.
    pub nillable: bool,
}

/// The `xs:sequence` of each stored entity's content element in the official XSDs
/// (TweedeKamerDerStaten-Generaal/OpenDataPortaal, `xsd/tkData-v1-0-*.xsd`), relations first.
///
/// Kinds follow the XSD, except `nummer` of persoon and fractie: text in the XSD, `Edm.Int32`
/// in OData, read as integers so that both sources give the same value.
#[rustfmt::skip]
pub const SCHEMA: &[(&str, &[Field])] = &[
    ("zaak", &[
        Field { name: "kamerstukdossier", kind: Kind::Ref, nillable: false },
        Field { name: "activiteit", kind: Kind::RefMany, nillable: false },
        Field { name: "agendapunt", kind: Kind::RefMany, nillable: false },
        Field { name: "gerelateerdVanuit", kind: Kind::RefMany, nillable: false },
        Field { name: "vervangenVanuit", kind: Kind::RefMany, nillable: false },
        Field { name: "nummer", kind: Kind::Text, nillable: false },
        Field { name: "soort", kind: Kind::Text, nillable: true },
        Field { name: "onderwerp", kind: Kind::Text, nillable: false },
        Field { name: "gestartOp", kind: Kind::Text, nillable: false },
        Field { name: "organisatie", kind: Kind::Text, nillable: true },
        Field { name: "titel", kind: Kind::Text, nillable: true },
        Field { name: "citeertitel", kind: Kind::Text, nillable: true },
        Field { name: "alias", kind: Kind::Text, nillable: true },
        Field { name: "grondslagvoorhang", kind: Kind::Text, nillable: true },
        Field { name: "termijn", kind: Kind::Text, nillable: true },
        Field { name: "vergaderjaar", kind: Kind::Text, nillable: false },
        Field { name: "volgnummer", kind: Kind::Int, nillable: true },
        Field { name: "status", kind: Kind::Text, nillable: true },
        Field { name: "huidigeBehandelstatus", kind: Kind::Text, nillable: true },
        Field { name: "afgedaan", kind: Kind::Bool, nillable: true },
        Field { name: "grootProject", kind: Kind::Bool, nillable: true },
        Field { name: "kabinetsappreciatie", kind: Kind::Text, nillable: true },
    ]),
    ("zaakActor", &[
        Field { name: "zaak", kind: Kind::Ref, nillable: false },
        Field { name: "persoon", kind: Kind::Ref, nillable: false },
        Field { name: "fractie", kind: Kind::Ref, nillable: false },
        Field { name: "commissie", kind: Kind::Ref, nillable: false },
        Field { name: "actorNaam", kind: Kind::Text, nillable: true },
        Field { name: "actorFractie", kind: Kind::Text, nillable: true },
        Field { name: "actorAfkorting", kind: Kind::Text, nillable: true },
        Field { name: "functie", kind: Kind::Text, nillable: true },
        Field { name: "relatie", kind: Kind::Text, nillable: true },
        Field { name: "sidActor", kind: Kind::Text, nillable: true },
    ]),
    ("document", &[
        Field { name: "huidigeDocumentVersie", kind: Kind::Ref, nillable: true },
        Field { name: "bronDocument", kind: Kind::RefMany, nillable: false },
        Field { name: "activiteit", kind: Kind::RefMany, nillable: false },
        Field { name: "agendapunt", kind: Kind::RefMany, nillable: false },
        Field { name: "zaak", kind: Kind::RefMany, nillable: false },
        Field { name: "kamerstukdossier", kind: Kind::Ref, nillable: false },
        Field { name: "soort", kind: Kind::Text, nillable: true },
        Field { name: "documentNummer", kind: Kind::Text, nillable: false },
        Field { name: "titel", kind: Kind::Text, nillable: true },
        Field { name: "onderwerp", kind: Kind::Text, nillable: false },
        Field { name: "datum", kind: Kind::Text, nillable: false },
        Field { name: "volgnummer", kind: Kind::Int, nillable: false },
        Field { name: "vergaderjaar", kind: Kind::Text, nillable: false },
        Field { name: "kamer", kind: Kind::Int, nillable: false },
        Field { name: "citeertitel", kind: Kind::Text, nillable: true },
        Field { name: "alias", kind: Kind::Text, nillable: true },
        Field { name: "datumRegistratie", kind: Kind::Text, nillable: true },
        Field { name: "datumOntvangst", kind: Kind::Text, nillable: true },
        Field { name: "aanhangselnummer", kind: Kind::Text, nillable: true },
        Field { name: "kenmerkAfzender", kind: Kind::Text, nillable: true },
        Field { name: "organisatie", kind: Kind::Text, nillable: false },
    ]),
    ("documentActor", &[
        Field { name: "document", kind: Kind::Ref, nillable: false },
        Field { name: "persoon", kind: Kind::Ref, nillable: false },
        Field { name: "fractie", kind: Kind::Ref, nillable: false },
        Field { name: "commissie", kind: Kind::Ref, nillable: false },
        Field { name: "actorNaam", kind: Kind::Text, nillable: true },
        Field { name: "actorFractie", kind: Kind::Text, nillable: true },
        Field { name: "functie", kind: Kind::Text, nillable: true },
        Field { name: "relatie", kind: Kind::Text, nillable: true },
        Field { name: "sidActor", kind: Kind::Text, nillable: true },
    ]),
    ("documentVersie", &[
        Field { name: "document", kind: Kind::Ref, nillable: false },
        Field { name: "status", kind: Kind::Text, nillable: true },
        Field { name: "versienummer", kind: Kind::Int, nillable: true },
        Field { name: "bestandsgrootte", kind: Kind::Int, nillable: true },
        Field { name: "extensie", kind: Kind::Text, nillable: true },
        Field { name: "datum", kind: Kind::Text, nillable: true },
        Field { name: "externeidentifier", kind: Kind::Text, nillable: true },
    ]),
    ("kamerstukdossier", &[
        Field { name: "titel", kind: Kind::Text, nillable: true },
        Field { name: "citeertitel", kind: Kind::Text, nillable: true },
        Field { name: "alias", kind: Kind::Text, nillable: true },
        Field { name: "nummer", kind: Kind::Int, nillable: false },
        Field { name: "toevoeging", kind: Kind::Text, nillable: true },
        Field { name: "hoogsteVolgnummer", kind: Kind::Int, nillable: false },
        Field { name: "afgesloten", kind: Kind::Bool, nillable: true },
        Field { name: "kamer", kind: Kind::Text, nillable: true },
    ]),
    ("besluit", &[
        Field { name: "agendapunt", kind: Kind::Ref, nillable: false },
        Field { name: "zaak", kind: Kind::RefMany, nillable: false },
        Field { name: "stemmingsSoort", kind: Kind::Text, nillable: true },
        Field { name: "besluitSoort", kind: Kind::Text, nillable: true },
        Field { name: "besluitTekst", kind: Kind::Text, nillable: true },
        Field { name: "opmerking", kind: Kind::Text, nillable: true },
        Field { name: "status", kind: Kind::Text, nillable: true },
        Field { name: "agendapuntZaakBesluitVolgorde", kind: Kind::Int, nillable: true },
    ]),
    ("stemming", &[
        Field { name: "besluit", kind: Kind::Ref, nillable: false },
        Field { name: "persoon", kind: Kind::Ref, nillable: false },
        Field { name: "fractie", kind: Kind::Ref, nillable: false },
        Field { name: "soort", kind: Kind::Text, nillable: true },
        Field { name: "fractieGrootte", kind: Kind::Int, nillable: true },
        Field { name: "actorNaam", kind: Kind::Text, nillable: true },
        Field { name: "actorFractie", kind: Kind::Text, nillable: true },
        Field { name: "vergissing", kind: Kind::Bool, nillable: true },
        Field { name: "sidActorLid", kind: Kind::Text, nillable: true },
        Field { name: "sidActorFractie", kind: Kind::Text, nillable: true },
    ]),
    ("persoon", &[
        Field { name: "nummer", kind: Kind::Int, nillable: false },
        Field { name: "titels", kind: Kind::Text, nillable: true },
        Field { name: "initialen", kind: Kind::Text, nillable: true },
        Field { name: "tussenvoegsel", kind: Kind::Text, nillable: true },
        Field { name: "achternaam", kind: Kind::Text, nillable: true },
        Field { name: "voornamen", kind: Kind::Text, nillable: true },
        Field { name: "roepnaam", kind: Kind::Text, nillable: true },
        Field { name: "geslacht", kind: Kind::Text, nillable: true },
        Field { name: "functie", kind: Kind::Text, nillable: true },
        Field { name: "geboortedatum", kind: Kind::Date, nillable: true },
        Field { name: "geboorteplaats", kind: Kind::Text, nillable: true },
        Field { name: "geboorteland", kind: Kind::Text, nillable: true },
        Field { name: "overlijdensdatum", kind: Kind::Date, nillable: true },
        Field { name: "overlijdensplaats", kind: Kind::Text, nillable: true },
        Field { name: "woonplaats", kind: Kind::Text, nillable: true },
        Field { name: "land", kind: Kind::Text, nillable: true },
        Field { name: "fractielabel", kind: Kind::Text, nillable: true },
    ]),
    ("fractie", &[
        Field { name: "nummer", kind: Kind::Int, nillable: false },
        Field { name: "afkorting", kind: Kind::Text, nillable: true },
        Field { name: "naamNl", kind: Kind::Text, nillable: true },
        Field { name: "naamEn", kind: Kind::Text, nillable: true },
        Field { name: "aantalZetels", kind: Kind::Int, nillable: true },
        Field { name: "aantalStemmen", kind: Kind::Int, nillable: true },
        Field { name: "datumActief", kind: Kind::Date, nillable: true },
        Field { name: "datumInactief", kind: Kind::Date, nillable: true },
    ]),
    ("fractieZetel", &[
        Field { name: "fractie", kind: Kind::Ref, nillable: false },
        Field { name: "gewicht", kind: Kind::Int, nillable: true },
    ]),
    ("fractieZetelPersoon", &[
        Field { name: "fractieZetel", kind: Kind::Ref, nillable: false },
        Field { name: "persoon", kind: Kind::Ref, nillable: false },
        Field { name: "functie", kind: Kind::Text, nillable: true },
        Field { name: "van", kind: Kind::Date, nillable: true },
        Field { name: "totEnMet", kind: Kind::Date, nillable: true },
    ]),
    ("activiteit", &[
        Field { name: "voortouwcommissie", kind: Kind::Ref, nillable: false },
        Field { name: "voortgezetVanuit", kind: Kind::Ref, nillable: false },
        Field { name: "vervangenVanuit", kind: Kind::Ref, nillable: false },
        Field { name: "soort", kind: Kind::Text, nillable: true },
        Field { name: "nummer", kind: Kind::Text, nillable: true },
        Field { name: "onderwerp", kind: Kind::Text, nillable: true },
        Field { name: "datumSoort", kind: Kind::Text, nillable: true },
        Field { name: "datum", kind: Kind::Text, nillable: true },
        Field { name: "aanvangstijd", kind: Kind::Text, nillable: true },
        Field { name: "eindtijd", kind: Kind::Text, nillable: true },
        Field { name: "locatie", kind: Kind::Text, nillable: true },
        Field { name: "besloten", kind: Kind::Bool, nillable: false },
        Field { name: "status", kind: Kind::Text, nillable: false },
        Field { name: "vergaderjaar", kind: Kind::Text, nillable: true },
        Field { name: "kamer", kind: Kind::Text, nillable: false },
        Field { name: "noot", kind: Kind::Text, nillable: true },
        Field { name: "vrsNummer", kind: Kind::Text, nillable: true },
        Field { name: "sidVoortouw", kind: Kind::Text, nillable: true },
        Field { name: "voortouwnaam", kind: Kind::Text, nillable: true },
        Field { name: "voortouwafkorting", kind: Kind::Text, nillable: true },
        Field { name: "voortouwkortenaam", kind: Kind::Text, nillable: true },
        Field { name: "aanvraagdatum", kind: Kind::Text, nillable: true },
        Field { name: "datumVerzoekEersteVerlenging", kind: Kind::Text, nillable: true },
        Field { name: "datumMededelingEersteVerlenging", kind: Kind::Text, nillable: true },
        Field { name: "datumVerzoekTweedeVerlenging", kind: Kind::Text, nillable: true },
        Field { name: "datumMededelingTweedeVerlenging", kind: Kind::Text, nillable: true },
        Field { name: "vervaldatum", kind: Kind::Text, nillable: true },
    ]),
    ("agendapunt", &[
        Field { name: "activiteit", kind: Kind::Ref, nillable: false },
        Field { name: "nummer", kind: Kind::Text, nillable: true },
        Field { name: "onderwerp", kind: Kind::Text, nillable: true },
        Field { name: "aanvangstijd", kind: Kind::Text, nillable: true },
        Field { name: "eindtijd", kind: Kind::Text, nillable: true },
        Field { name: "volgorde", kind: Kind::Int, nillable: true },
        Field { name: "rubriek", kind: Kind::Text, nillable: true },
        Field { name: "noot", kind: Kind::Text, nillable: true },
        Field { name: "status", kind: Kind::Text, nillable: true },
    ]),
    ("vergadering", &[
        Field { name: "soort", kind: Kind::Text, nillable: true },
        Field { name: "titel", kind: Kind::Text, nillable: true },
        Field { name: "zaal", kind: Kind::Text, nillable: true },
        Field { name: "vergaderjaar", kind: Kind::Text, nillable: true },
        Field { name: "vergaderingNummer", kind: Kind::Int, nillable: true },
        Field { name: "datum", kind: Kind::Text, nillable: true },
        Field { name: "aanvangstijd", kind: Kind::Text, nillable: true },
        Field { name: "sluiting", kind: Kind::Text, nillable: true },
        Field { name: "kamer", kind: Kind::Text, nillable: true },
    ]),
    ("toezegging", &[
        Field { name: "toegezegdAanFractie", kind: Kind::Ref, nillable: true },
        Field { name: "toegezegdAanPersoon", kind: Kind::Ref, nillable: true },
        Field { name: "isHerhalingVan", kind: Kind::RefMany, nillable: false },
        Field { name: "isAanvullingOp", kind: Kind::RefMany, nillable: false },
        Field { name: "isWijzigingVan", kind: Kind::RefMany, nillable: false },
        Field { name: "aanmaakdatum", kind: Kind::Text, nillable: true },
        Field { name: "nummer", kind: Kind::Text, nillable: true },
        Field { name: "activiteit", kind: Kind::Ref, nillable: false },
        Field { name: "activiteitNummer", kind: Kind::Text, nillable: true },
        Field { name: "naam", kind: Kind::Text, nillable: true },
        Field { name: "achternaam", kind: Kind::Text, nillable: true },
        Field { name: "initialen", kind: Kind::Text, nillable: true },
        Field { name: "tussenvoegsel", kind: Kind::Text, nillable: true },
        Field { name: "voornaam", kind: Kind::Text, nillable: true },
        Field { name: "achtervoegsel", kind: Kind::Text, nillable: true },
        Field { name: "titulatuur", kind: Kind::Text, nillable: true },
        Field { name: "functie", kind: Kind::Text, nillable: true },
        Field { name: "status", kind: Kind::Text, nillable: true },
        Field { name: "datumNakoming", kind: Kind::Text, nillable: true },
        Field { name: "kamerbriefNakoming", kind: Kind::Text, nillable: true },
        Field { name: "ministerie", kind: Kind::Text, nillable: true },
        Field { name: "tekst", kind: Kind::Text, nillable: true },
    ]),
];

/// The XSD sequence of an entity's content element (`None` for entities without an XSD in
/// the SyncFeed set, such as DocumentPublicatie).
pub fn schema(entity: Entity) -> Option<&'static [Field]> {
    SCHEMA
        .iter()
        .find(|(name, _)| *name == entity.feed_name())
        .map(|(_, fields)| *fields)
}

/// The OData property name of a scalar element: `nummer` → `Nummer`, with the few names whose
/// capitals differ (`externeidentifier` → `ExterneIdentifier`, `naamNl` → `NaamNL`).
pub fn odata_name(element: &str) -> String {
    const SPECIAL: [&str; 6] = [
        "ExterneIdentifier",
        "NaamNL",
        "NaamEN",
        "NaamWebNL",
        "NaamWebEN",
        "VRSNummer",
    ];
    if let Some(s) = SPECIAL.iter().find(|s| s.eq_ignore_ascii_case(element)) {
        return (*s).to_string();
    }
    let mut chars = element.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The link relation a many-valued relation element states, named as the OData reader names
/// it; `None` when the element is a single reference stored as a `<Nav>_Id` field.
pub fn link_rel(entity: Entity, element: &str) -> Option<&'static str> {
    use Entity as E;
    let mut buf = [0u8; 24];
    let el = match element.as_bytes() {
        b if b.len() <= buf.len() => {
            buf[..b.len()].copy_from_slice(b);
            buf[..b.len()].make_ascii_lowercase();
            std::str::from_utf8(&buf[..b.len()]).ok()?
        }
        _ => return None,
    };
    Some(match (entity, el) {
        (E::Zaak, "kamerstukdossier") => "zaak_kamerstukdossier",
        (E::Zaak, "activiteit") => "zaak_activiteit",
        (E::Zaak, "agendapunt") => "zaak_agendapunt",
        (E::Zaak, "gerelateerdvanuit") => "zaak_gerelateerd_vanuit",
        (E::Zaak, "vervangenvanuit") => "zaak_vervangen_vanuit",
        (E::Besluit, "zaak") => "besluit_zaak",
        (E::Document, "zaak") => "document_zaak",
        (E::Document, "kamerstukdossier") => "document_kamerstukdossier",
        (E::Document, "activiteit") => "document_activiteit",
        (E::Document, "agendapunt") => "document_agendapunt",
        (E::Document, "brondocument") => "document_bron_document",
        (E::Activiteit, "voortgezetvanuit") => "activiteit_voortgezet_vanuit",
        (E::Activiteit, "vervangenvanuit") => "activiteit_vervangen_vanuit",
        (E::Toezegging, "toegezegdaanfractie") => "toezegging_fractie",
        (E::Toezegging, "toegezegdaanpersoon") => "toezegging_persoon",
        (E::Toezegging, "toegezegdaan") => "toezegging_toegezegd_aan",
        (E::Toezegging, "kamerbriefnakoming") => "toezegging_document",
        (E::Toezegging, "isherhalingvan") => "toezegging_is_herhaling_van",
        (E::Toezegging, "isaanvullingop") => "toezegging_is_aanvulling_op",
        (E::Toezegging, "iswijzigingvan") => "toezegging_is_wijziging_van",
        _ => return None,
    })
}

/// The `skiptoken` query parameter of a `next` link (case-insensitive name).
pub fn skiptoken_of(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k.eq_ignore_ascii_case("skiptoken") && !v.is_empty()).then(|| v.to_string())
    })
}

/// True for a GUID in the canonical 8-4-4-4-12 hex form (either case).
pub fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Parses one SyncFeed Atom page.
pub fn parse_page(bytes: &[u8]) -> Result<Page, FormatError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(FormatError::Xml(format!(
            "page of {} bytes exceeds the limit of {MAX_PAGE_BYTES}",
            bytes.len()
        )));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| FormatError::Xml(format!("page is not UTF-8: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Parser::new(text).page()
}

/// [`parse_page`] reading every child element event by event (no shortcut for the plainest
/// ones): the same result, slower. For tests and fuzzing, which compare the two.
#[doc(hidden)]
pub fn parse_page_evented(bytes: &[u8]) -> Result<Page, FormatError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return parse_page(bytes);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| FormatError::Xml(format!("page is not UTF-8: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser::new(text);
    parser.shortcut = false;
    parser.page()
}

/// The namespace of an element, without an allocation for the two a page uses.
enum Ns {
    None,
    Atom,
    Tk,
    Xsi,
    Other(String),
}

impl Ns {
    fn as_str(&self) -> Option<&str> {
        match self {
            Ns::None => None,
            Ns::Atom => Some(ATOM_NS),
            Ns::Tk => Some(TK_NS),
            Ns::Xsi => Some(XSI_NS),
            Ns::Other(n) => Some(n),
        }
    }
}

/// Most attributes [`plain_attrs`] reads from one tag.
const PLAIN_ATTRS: usize = 8;

/// The prefix (before the first `:`) and the local part of a qualified name; a byte loop,
/// as names are short.
fn split_prefix(qname: &str) -> (Option<&str>, &str) {
    match qname.bytes().position(|c| c == b':') {
        Some(i) => (qname.get(..i), qname.get(i + 1..).unwrap_or("")),
        None => (None, qname),
    }
}

/// Bytes that end an attribute name in [`plain_attrs`].
static NAME_END: [bool; 256] = byte_set(b"= \t\r\n\"'<>/&");
/// A [`plain_attrs`] result as byte ranges (name start and end, value start and end) of
/// the attribute text at an address with a length, and their number.
type PlainSpans = (
    usize,
    usize,
    [(usize, usize, usize, usize); PLAIN_ATTRS],
    usize,
);

/// Bytes in an attribute value that send the tag to the general reader.
static VALUE_SPECIAL: [bool; 256] = byte_set(b"&<\t\r\n");

const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

/// The attributes of a start tag when they are all written plainly: `name="value"` (or
/// single quotes) separated by whitespace, no whitespace around `=`, no duplicate names, and
/// values whose normalized form is the text as written (no `&`, `<`, tab or line break).
/// `None` sends the tag to quick-xml's general attribute reader, which gives the same values
/// for plain tags and reports the errors of the others.
fn plain_attrs(raw: &str) -> Option<([(&str, &str); PLAIN_ATTRS], usize)> {
    let mut out = [("", ""); PLAIN_ATTRS];
    let mut n = 0;
    let b = raw.as_bytes();
    let mut i = 0;
    loop {
        let ws = i;
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        if i == b.len() {
            return Some((out, n));
        }
        if i == ws && n > 0 {
            return None; // attributes not separated by whitespace
        }
        let name_start = i;
        while i < b.len() && !NAME_END[usize::from(b[i])] {
            i += 1;
        }
        if i == name_start || b.get(i) != Some(&b'=') {
            return None;
        }
        let name = raw.get(name_start..i)?;
        let quote = *b.get(i + 1)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 2;
        let len = memchr::memchr(quote, b.get(value_start..)?)?;
        let value = raw.get(value_start..value_start + len)?;
        // No early exit, so that the check runs over whole vectors.
        let special = value
            .bytes()
            .fold(false, |acc, c| acc | VALUE_SPECIAL[usize::from(c)]);
        if special {
            return None; // a reference, `<`, a tab or a line break
        }
        if n == PLAIN_ATTRS || out[..n].iter().any(|(k, _)| *k == name) {
            return None;
        }
        out[n] = (name, value);
        n += 1;
        i = value_start + len + 1;
    }
}

/// The `xml` prefix's namespace, bound without a declaration.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The `xmlns` prefix's namespace, bound without a declaration.
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";
/// Most namespace declarations in scope at once.
const MAX_BINDINGS: usize = 256;

impl Ns {
    fn of(uri: &str) -> Ns {
        match uri {
            "" => Ns::None,
            ATOM_NS => Ns::Atom,
            TK_NS => Ns::Tk,
            XSI_NS => Ns::Xsi,
            other => Ns::Other(other.to_string()),
        }
    }
}

/// One namespace declaration in scope: `prefix` is empty for the default namespace.
struct Binding {
    prefix: Cow<'static, str>,
    ns: Ns,
    /// Depth of the element that declared it.
    level: usize,
}

/// A child element's value while an entity element is read.
enum Child {
    Ref(Option<String>),
    Scalar(Option<String>),
}

struct Parser<'i> {
    text: &'i str,
    reader: Lexer<'i>,
    depth: usize,
    /// The namespace declarations in scope, innermost last. (quick-xml's `NsReader` scans
    /// every element's attributes for them; a page declares them on few elements.)
    bindings: Vec<Binding>,
    /// The attributes [`plain_attrs`] last read for [`Parser::declare`], as byte ranges of
    /// the attribute text at (address, length): the entity element's are read again by
    /// [`Parser::attrs`].
    plain: Option<PlainSpans>,
    /// Whether an entity's plainest children are read whole ([`Lexer::plain_child`]) rather
    /// than event by event; off only to test that both ways agree.
    shortcut: bool,
}

impl<'i> Parser<'i> {
    fn new(text: &'i str) -> Self {
        Parser {
            text,
            reader: Lexer::new(text),
            depth: 0,
            bindings: Vec::new(),
            plain: None,
            shortcut: true,
        }
    }

    /// Takes in the namespace declarations of an element at depth `level`.
    fn declare(&mut self, start: &BytesStart<'_>, level: usize) -> Result<(), FormatError> {
        let raw = start.attributes_raw();
        if !raw.contains("xmlns") {
            return Ok(());
        }
        if let Some((list, n)) = plain_attrs(raw) {
            let base = raw.as_ptr() as usize;
            let mut spans = [(0, 0, 0, 0); PLAIN_ATTRS];
            for (span, &(key, value)) in spans.iter_mut().zip(&list[..n]) {
                let k = key.as_ptr() as usize - base;
                let v = value.as_ptr() as usize - base;
                *span = (k, k + key.len(), v, v + value.len());
            }
            self.plain = Some((base, raw.len(), spans, n));
            for &(key, uri) in &list[..n] {
                if let Some(decl) = QName(key).as_namespace_binding() {
                    self.bind(decl, uri, level)?;
                }
            }
            return Ok(());
        }
        for a in start.attributes().with_checks(false) {
            let Ok(a) = a else { break };
            let Some(decl) = a.key.as_namespace_binding() else {
                continue;
            };
            self.bind(decl, &a.value, level)?;
        }
        Ok(())
    }

    /// Adds one namespace declaration of an element at depth `level`.
    fn bind(
        &mut self,
        decl: PrefixDeclaration<'_>,
        uri: &str,
        level: usize,
    ) -> Result<(), FormatError> {
        let prefix = match decl {
            PrefixDeclaration::Default => "",
            PrefixDeclaration::Named("xml") if uri == XML_NS => return Ok(()),
            PrefixDeclaration::Named(p @ ("xml" | "xmlns")) => {
                return Err(FormatError::Xml(format!(
                    "the prefix {p:?} cannot be bound to {uri:?}"
                )));
            }
            PrefixDeclaration::Named(p) => {
                if uri == XML_NS || uri == XMLNS_NS {
                    return Err(FormatError::Xml(format!(
                        "the prefix {p:?} cannot be bound to {uri:?}"
                    )));
                }
                p
            }
        };
        if self.bindings.len() >= MAX_BINDINGS {
            return Err(FormatError::Xml(format!(
                "more than {MAX_BINDINGS} namespace declarations in scope"
            )));
        }
        let prefix = match prefix {
            "" => Cow::Borrowed(""),
            "tk" => Cow::Borrowed("tk"),
            "xsi" => Cow::Borrowed("xsi"),
            p => Cow::Owned(p.to_string()),
        };
        self.bindings.push(Binding {
            prefix,
            ns: Ns::of(uri),
            level,
        });
        Ok(())
    }

    /// The namespace a prefix stands for (`None`: the default namespace); `Err` names an
    /// undeclared prefix. An undeclared default namespace is no namespace.
    fn lookup(&self, prefix: Option<&str>) -> Result<Option<&str>, String> {
        let wanted = match prefix {
            None => "",
            Some("xml") => return Ok(Some(XML_NS)),
            Some("xmlns") => return Ok(Some(XMLNS_NS)),
            Some(p) => p,
        };
        match self.bindings.iter().rev().find(|b| b.prefix == wanted) {
            Some(b) => match b.ns.as_str() {
                None if prefix.is_some() => Err(format!("undeclared namespace prefix {wanted:?}")),
                ns => Ok(ns),
            },
            None if prefix.is_none() => Ok(None),
            None => Err(format!("undeclared namespace prefix {wanted:?}")),
        }
    }

    fn pos(&self) -> usize {
        self.reader.buffer_position()
    }

    /// The next event, with the element depth tracked and DTDs refused; the namespace is
    /// resolved for `Start` and `Empty` events only.
    fn next(&mut self) -> Result<(Ns, Event<'i>), FormatError> {
        // Declarations of elements that have ended (or were empty) go out of scope.
        while self.bindings.last().is_some_and(|b| b.level > self.depth) {
            self.bindings.pop();
        }
        let event = match self.reader.read_event() {
            Ok(v) => v,
            Err(e) => {
                let at = self.reader.error_position();
                return Err(FormatError::Xml(format!("at byte {at}: {e}")));
            }
        };
        // Only element starts are resolved (an end tag's namespace is its start's).
        let ns = match &event {
            Event::Start(s) | Event::Empty(s) => {
                self.declare(s, self.depth + 1)?;
                let name = s.name();
                match self.lookup(split_prefix(name.as_ref()).0) {
                    Ok(None) => Ns::None,
                    Ok(Some(TK_NS)) => Ns::Tk,
                    Ok(Some(ATOM_NS)) => Ns::Atom,
                    Ok(Some(other)) => Ns::Other(other.to_string()),
                    Err(e) => return Err(FormatError::Xml(e)),
                }
            }
            _ => Ns::None,
        };
        match &event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(FormatError::Xml(format!(
                        "elements nested deeper than {MAX_DEPTH}"
                    )));
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::DocType(_) => {
                return Err(FormatError::Xml(
                    "a DOCTYPE is not allowed in a SyncFeed page".into(),
                ));
            }
            _ => {}
        }
        Ok((ns, event))
    }

    /// Skips the rest of an element whose `Start` was just read.
    fn skip(&mut self) -> Result<(), FormatError> {
        let target = self.depth - 1;
        while self.depth > target {
            if let (_, Event::Eof) = self.next()? {
                return Err(FormatError::Xml("unexpected end of page".into()));
            }
        }
        Ok(())
    }

    /// The text content of an element whose `Start` was just read, up to its `End`;
    /// `Err(reason)` inside when it holds child elements or unknown entity references.
    fn text_content(&mut self) -> Result<Result<String, String>, FormatError> {
        let mut out = String::new();
        let mut problem = None;
        let target = self.depth - 1;
        loop {
            let (_, event) = self.next()?;
            match event {
                // A value is mostly one text event: its copy is the string, allocated once
                // (taken from the page directly when there is no line end to normalise).
                Event::Text(t) if out.is_empty() => {
                    let raw = self.reader.last_text();
                    out = if raw.contains('\r') {
                        t.xml10_content().into_owned()
                    } else {
                        raw.to_string()
                    };
                }
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(c) => out.push_str(&c.xml10_content()),
                Event::GeneralRef(r) => match r.resolve_char_ref() {
                    Ok(Some(c)) => out.push(c),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => out.push_str(s),
                        None => {
                            problem.get_or_insert_with(|| format!("unknown entity &{};", &*r));
                        }
                    },
                    Err(e) => {
                        problem.get_or_insert_with(|| format!("bad character reference: {e}"));
                    }
                },
                Event::Start(_) | Event::Empty(_) => {
                    problem.get_or_insert_with(|| "unexpected element inside a value".into());
                }
                Event::End(_) if self.depth == target => break,
                Event::Eof => return Err(FormatError::Xml("unexpected end of page".into())),
                _ => {}
            }
        }
        Ok(match problem {
            Some(p) => Err(p),
            None => Ok(out),
        })
    }

    /// The values of several attributes, read in one pass: `wanted` holds (namespace, local
    /// name) pairs; the result has one slot per pair.
    fn attrs<'s, const N: usize>(
        &self,
        start: &'s BytesStart<'_>,
        wanted: [(Option<&str>, &str); N],
    ) -> Result<[Option<Cow<'s, str>>; N], String> {
        let mut out: [Option<Cow<'s, str>>; N] = std::array::from_fn(|_| None);
        let raw = start.attributes_raw();
        if raw.trim_ascii_start().is_empty() {
            return Ok(out); // most value elements have no attributes
        }
        let cached = match self.plain {
            // The same text (address and length) as `declare` read: the same attributes.
            Some((base, len, spans, n)) if base == raw.as_ptr() as usize && len == raw.len() => {
                let mut list = [("", ""); PLAIN_ATTRS];
                for (pair, &(k0, k1, v0, v1)) in list.iter_mut().zip(&spans[..n]) {
                    *pair = (raw.get(k0..k1).unwrap_or(""), raw.get(v0..v1).unwrap_or(""));
                }
                Some((list, n))
            }
            _ => None,
        };
        if let Some((list, n)) = cached.or_else(|| plain_attrs(raw)) {
            for &(key, value) in &list[..n] {
                let (a_ns, local) = match split_prefix(key) {
                    (None, local) => (None, local),
                    (prefix, local) => (self.lookup(prefix)?, local),
                };
                if let Some(i) = wanted.iter().position(|(ns, l)| *l == local && *ns == a_ns)
                    && out[i].is_none()
                {
                    out[i] = Some(Cow::Borrowed(value));
                }
            }
            return Ok(out);
        }
        for a in start.attributes() {
            let a = a.map_err(|e| format!("bad attribute: {e}"))?;
            // An unprefixed attribute is in no namespace (the default one does not apply).
            let a_ns = match a.key.prefix() {
                None => None,
                Some(p) => self.lookup(Some(p.as_ref()))?,
            };
            let name = a.key.local_name();
            let local = name.as_ref();
            if let Some(i) = wanted.iter().position(|(ns, l)| *l == local && *ns == a_ns)
                && out[i].is_none()
            {
                let v = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| format!("bad value of attribute {local}: {e}"))?;
                out[i] = Some(v);
            }
        }
        Ok(out)
    }

    fn attr(
        &self,
        start: &BytesStart<'_>,
        ns: Option<&str>,
        local: &str,
    ) -> Result<Option<String>, String> {
        let [value] = self.attrs(start, [(ns, local)])?;
        Ok(value.map(Cow::into_owned))
    }

    fn page(mut self) -> Result<Page, FormatError> {
        let mut page = Page {
            self_link: None,
            next: None,
            skiptoken: None,
            entries: Vec::new(),
        };
        // The root element.
        loop {
            let (ns, event) = self.next()?;
            match event {
                Event::Start(s) if s.local_name().as_ref() == "feed" => {
                    if ns.as_str().is_some_and(|n| n != ATOM_NS) {
                        return Err(FormatError::Xml(format!(
                            "root <feed> in namespace {:?}",
                            ns.as_str()
                        )));
                    }
                    break;
                }
                Event::Empty(s) if s.local_name().as_ref() == "feed" => return Ok(page),
                Event::Start(s) | Event::Empty(s) => {
                    return Err(FormatError::Xml(format!(
                        "not an Atom feed: root element <{}>",
                        s.local_name().as_ref()
                    )));
                }
                Event::Text(t) if t.trim().is_empty() => {}
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                    return Err(FormatError::Xml("text before the root element".into()));
                }
                Event::Eof => return Err(FormatError::Xml("empty document".into())),
                _ => {}
            }
        }
        // Children of <feed>.
        loop {
            let (_, event) = self.next()?;
            match event {
                Event::Start(s) | Event::Empty(s) if s.local_name().as_ref() == "link" => {
                    let is_start = self.depth == 2;
                    let rel = self.attr(&s, None, "rel").map_err(FormatError::Xml)?;
                    let href = self.attr(&s, None, "href").map_err(FormatError::Xml)?;
                    if is_start {
                        self.skip()?;
                    }
                    match rel.as_deref().map(str::to_ascii_lowercase).as_deref() {
                        Some("self") => page.self_link = href,
                        Some("next") => {
                            page.skiptoken = href.as_deref().and_then(skiptoken_of);
                            page.next = href.filter(|h| !h.trim().is_empty());
                        }
                        _ => {}
                    }
                }
                Event::Start(s) if s.local_name().as_ref() == "entry" => {
                    let index = page.entries.len();
                    page.entries.push(self.entry(index)?);
                }
                Event::Empty(s) if s.local_name().as_ref() == "entry" => {
                    let index = page.entries.len();
                    page.entries.push(Err(EntryError {
                        index,
                        id: None,
                        reason: "empty entry".into(),
                    }));
                }
                Event::Start(_) => self.skip()?,
                Event::End(_) => break,
                Event::Eof => return Err(FormatError::Xml("unexpected end of page".into())),
                _ => {}
            }
        }
        // Nothing but whitespace, comments and PIs may follow.
        loop {
            match self.next()?.1 {
                Event::Eof => return Ok(page),
                Event::Text(t) if t.trim().is_empty() => {}
                Event::Comment(_) | Event::PI(_) => {}
                _ => return Err(FormatError::Xml("content after the root element".into())),
            }
        }
    }

    /// The entity a `<category term>` names, or else the term.
    fn category(&self, start: &BytesStart<'_>) -> Option<Result<Entity, String>> {
        let [term] = self.attrs(start, [(None, "term")]).ok()?;
        let term = term?;
        Some(entity_named(term.trim()).map_err(|_| term.into_owned()))
    }

    /// Reads one `<entry>` whose `Start` was just read.
    fn entry(&mut self, index: usize) -> Result<Result<Record, EntryError>, FormatError> {
        let target = self.depth - 1;
        let mut title = None;
        let mut category = None;
        let mut updated = None;
        let mut record: Option<Result<Record, String>> = None;
        loop {
            // `<title>`, `<id>`, `<updated>` in their plainest form, read whole (what the
            // events below make of them: the text of a title or updated element; an empty
            // one, and any other, is passed over).
            if self.shortcut
                && self.depth < MAX_DEPTH
                && let Some((plain @ (Plain::Text(name, _) | Plain::Empty(name)), end)) =
                    self.reader.peek_plain(|_| false)
                && !matches!(name, "content" | "category")
            {
                self.reader.skip_to(end);
                match plain {
                    Plain::Text("title", text) => title = Some(text.to_string()),
                    Plain::Text("updated", text) => updated = Some(text.to_string()),
                    _ => {}
                }
                continue;
            }
            let before = self.pos();
            let (_, event) = self.next()?;
            match event {
                Event::Start(s) => match s.local_name().as_ref() {
                    "title" => title = self.text_content()?.ok(),
                    "updated" => updated = self.text_content()?.ok(),
                    "category" => {
                        category = self.category(&s);
                        self.skip()?;
                    }
                    "content" if record.is_none() => {
                        let r = self.content()?;
                        let raw = self
                            .text
                            .get(before..self.pos())
                            .unwrap_or("")
                            .trim()
                            .to_string();
                        record = Some(r.map(|mut rec| {
                            rec.raw = raw;
                            rec
                        }));
                    }
                    _ => self.skip()?,
                },
                Event::Empty(s) => match s.local_name().as_ref() {
                    "category" => category = self.category(&s),
                    "content" if record.is_none() => {
                        record = Some(Err("empty <content>".into()));
                    }
                    _ => {}
                },
                Event::End(_) if self.depth == target => break,
                Event::Eof => return Err(FormatError::Xml("unexpected end of page".into())),
                _ => {}
            }
        }
        // The title is only needed to name an entry that failed.
        let title_id = || {
            title
                .as_deref()
                .map(|t| t.trim().to_ascii_lowercase())
                .filter(|t| is_guid(t))
        };
        let fail = |reason: String, id: Option<String>| Ok(Err(EntryError { index, id, reason }));
        let mut rec = match record {
            Some(Ok(rec)) => rec,
            Some(Err(reason)) => return fail(reason, title_id()),
            None => return fail("entry without <content>".into(), title_id()),
        };
        if let Some(category) = category {
            match category {
                Ok(e) if e == rec.entity => {}
                Ok(e) => {
                    return fail(
                        format!("category {e} does not match content element {}", rec.entity),
                        Some(rec.id),
                    );
                }
                Err(term) => return fail(format!("unknown category {term:?}"), Some(rec.id)),
            }
        }
        if rec.version.is_none() {
            // `tk:bijgewerkt` is required by the XSD; the entry's <updated> is the fallback.
            if let Some(v) = updated.as_deref().and_then(|u| Version::parse(u).ok()) {
                rec.version = Some(v);
            }
        }
        Ok(Ok(rec))
    }

    /// Reads a `<content>` whose `Start` was just read: one entity element.
    fn content(&mut self) -> Result<Result<Record, String>, FormatError> {
        let target = self.depth - 1;
        let mut result: Option<Result<Record, String>> = None;
        loop {
            let (ns, event) = self.next()?;
            match event {
                Event::Start(s) | Event::Empty(s) => {
                    let empty = self.depth == target + 1;
                    if result.is_some() {
                        if !empty {
                            self.skip()?;
                        }
                        result = Some(Err("more than one element in <content>".into()));
                        continue;
                    }
                    result = Some(self.entity(ns.as_str(), &s, empty)?);
                }
                Event::Text(t) if t.trim().is_empty() => {}
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                    result.get_or_insert_with(|| Err("text in <content>".into()));
                }
                Event::End(_) if self.depth == target => break,
                Event::Eof => return Err(FormatError::Xml("unexpected end of page".into())),
                _ => {}
            }
        }
        Ok(result.unwrap_or_else(|| Err("empty <content>".into())))
    }

    /// Reads one entity element (`Start` or, when `empty`, `Empty` just read).
    fn entity(
        &mut self,
        ns: Option<&str>,
        start: &BytesStart<'i>,
        empty: bool,
    ) -> Result<Result<Record, String>, FormatError> {
        let mut problem: Option<String> = None;
        let local_name = start.local_name();
        let local: &str = local_name.as_ref();
        if ns != Some(TK_NS) {
            problem = Some(format!("<{local}> is not in the tkData namespace"));
        }
        let entity = match entity_named(local) {
            Ok(e) => Some(e),
            Err(_) => {
                problem.get_or_insert_with(|| format!("unknown entity element <{local}>"));
                None
            }
        };
        let attrs = self
            .attrs(
                start,
                [
                    (None, "id"),
                    (Some(TK_NS), "bijgewerkt"),
                    (None, "bijgewerkt"),
                    (Some(TK_NS), "verwijderd"),
                    (None, "verwijderd"),
                    (Some(TK_NS), "contentType"),
                    (Some(TK_NS), "contentLength"),
                ],
            )
            .map(|[id, bq, bu, vq, vu, ct, cl]| (id, bq.or(bu), vq.or(vu), ct, cl));
        let mut fields = Fields::with_capacity(entity.map_or(0, |e| slots(e).len()) + 6);
        let mut links = Vec::new();
        let mut id = String::new();
        let mut version = None;
        let mut deleted = false;
        match attrs {
            Err(e) => {
                problem.get_or_insert(e);
            }
            Ok((raw_id, bijgewerkt, verwijderd, content_type, content_length)) => {
                match raw_id.map(|s| s.trim().to_ascii_lowercase()) {
                    Some(s) if is_guid(&s) => id = s,
                    Some(s) => {
                        problem.get_or_insert_with(|| format!("id {s:?} is not a GUID"));
                    }
                    None => {
                        problem.get_or_insert_with(|| "entity without id".into());
                    }
                }
                if let Some(b) = bijgewerkt {
                    match Version::parse(&b) {
                        Ok(v) => {
                            let b = match b {
                                Cow::Owned(o) if o.trim().len() == o.len() => o,
                                b => b.trim().to_string(),
                            };
                            fields.insert("ApiGewijzigdOp", Value::String(b));
                            version = Some(v);
                        }
                        Err(_) => {
                            problem.get_or_insert_with(|| format!("bad tk:bijgewerkt {b:?}"));
                        }
                    }
                }
                match verwijderd.as_deref().map(str::trim) {
                    None | Some("false") | Some("0") => {}
                    Some("true") | Some("1") => deleted = true,
                    Some(other) => {
                        problem.get_or_insert_with(|| format!("bad tk:verwijderd {other:?}"));
                    }
                }
                if let Some(ct) = content_type {
                    fields.insert("ContentType", Value::String(ct.into_owned()));
                }
                if let Some(cl) = content_length {
                    match cl.trim().parse::<i64>() {
                        Ok(n) => {
                            fields.insert("ContentLength", Value::from(n));
                        }
                        Err(_) => {
                            problem.get_or_insert_with(|| format!("bad contentLength {cl:?}"));
                        }
                    }
                }
            }
        }
        let mut children = 0usize;
        // Children come in schema order: the lookup of each starts after the last one found.
        let mut hint = 0usize;
        if !empty {
            let target = self.depth - 1;
            loop {
                // The declarations in scope: a sibling's (deeper) are dropped only at the
                // next event, so they are passed over here.
                let (bindings, depth) = (&self.bindings, self.depth);
                let is_xsi = |prefix: &str| {
                    bindings
                        .iter()
                        .rev()
                        .find(|b| b.level <= depth && b.prefix == prefix)
                        .is_some_and(|b| b.ns.as_str() == Some(XSI_NS))
                };
                if self.shortcut
                    && self.depth < MAX_DEPTH
                    && let Some(plain) = self.reader.plain_child(is_xsi)
                {
                    // What `child` makes of the same events.
                    children += 1;
                    let (name, child) = match plain {
                        Plain::Text(name, text) => {
                            (name, Ok(Child::Scalar(Some(text.to_string()))))
                        }
                        Plain::Empty(name) => (name, Ok(Child::Scalar(Some(String::new())))),
                        Plain::Nil(name, value) => match value.trim() {
                            "true" | "1" => (name, Ok(Child::Scalar(None))),
                            _ => (name, Ok(Child::Scalar(Some(String::new())))),
                        },
                        Plain::Ref(name, value) => {
                            let r = value.trim().to_ascii_lowercase();
                            let child = if is_guid(&r) {
                                Ok(Child::Ref(Some(r)))
                            } else {
                                Err(format!("ref {r:?} is not a GUID"))
                            };
                            (name, child)
                        }
                    };
                    if let Err(p) =
                        take_child(entity, &id, name, child, &mut hint, &mut fields, &mut links)
                    {
                        problem.get_or_insert(p);
                    }
                    continue;
                }
                let (_, event) = self.next()?;
                match event {
                    event @ (Event::Start(_) | Event::Empty(_)) => {
                        let child_empty = matches!(event, Event::Empty(_));
                        children += 1;
                        let (Event::Start(s) | Event::Empty(s)) = event else {
                            continue;
                        };
                        let local_name = s.local_name();
                        let name = local_name.as_ref();
                        let child = self.child(&s, child_empty)?;
                        if let Err(p) =
                            take_child(entity, &id, name, child, &mut hint, &mut fields, &mut links)
                        {
                            problem.get_or_insert(p);
                        }
                    }
                    Event::Text(t) if t.trim().is_empty() => {}
                    Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                        problem.get_or_insert_with(|| {
                            "text directly inside the entity element".into()
                        });
                    }
                    Event::End(_) if self.depth == target => break,
                    Event::Eof => return Err(FormatError::Xml("unexpected end of page".into())),
                    _ => {}
                }
            }
        }
        if let Some(p) = problem {
            return Ok(Err(p));
        }
        let Some(entity) = entity else {
            return Ok(Err("unknown entity".into()));
        };
        if deleted && children == 0 {
            // A deletion with an empty body states nothing but the deletion: the stored
            // record keeps its data (and `version` carries the time).
            fields.clear();
        }
        fields.insert("Id", Value::String(id.clone()));
        fields.insert("Verwijderd", Value::Bool(deleted));
        Ok(Ok(Record {
            entity,
            id,
            version,
            deleted,
            raw: String::new(),
            raw_format: RawFormat::SyncFeedXml,
            fields,
            derived: Vec::new(),
            links,
        }))
    }

    /// Reads one child of an entity element.
    fn child(
        &mut self,
        s: &BytesStart<'i>,
        empty: bool,
    ) -> Result<Result<Child, String>, FormatError> {
        let attrs = self
            .attrs(s, [(None, "ref"), (Some(XSI_NS), "nil")])
            .map(|[r, nil]| (r, nil));
        let (r, nil) = match attrs {
            Ok(v) => v,
            Err(p) => {
                if !empty {
                    self.skip()?;
                }
                return Ok(Err(p));
            }
        };
        let nil = matches!(nil.as_deref().map(str::trim), Some("true") | Some("1"));
        if let Some(r) = r {
            if !empty {
                // A relation may hold <annotatie> children; they are not data.
                self.skip()?;
            }
            let r = r.trim().to_ascii_lowercase();
            if !is_guid(&r) {
                return Ok(Err(format!("ref {r:?} is not a GUID")));
            }
            return Ok(Ok(Child::Ref(Some(r))));
        }
        if nil {
            if !empty {
                self.skip()?;
            }
            return Ok(Ok(Child::Scalar(None)));
        }
        if empty {
            return Ok(Ok(Child::Scalar(Some(String::new()))));
        }
        Ok(self.text_content()?.map(|t| Child::Scalar(Some(t))))
    }
}

/// An entity by element name or category term: the exact names first, then
/// [`Entity::parse`]'s lenient match.
fn entity_named(name: &str) -> Result<Entity, kw_domain::DomainError> {
    Entity::ALL
        .into_iter()
        .find(|e| e.feed_name() == name || e.name() == name)
        .map_or_else(|| Entity::parse(name), Ok)
}

/// A schema field with the names the reader gives it, computed once.
struct Slot {
    field: Field,
    /// The OData name of the value (`Nummer`).
    key: String,
    /// The OData name of a single reference (`Besluit_Id`).
    ref_key: String,
    /// The link relation of a many-valued reference.
    rel: Option<&'static str>,
}

/// The slots of an entity's schema, in schema order (empty without a schema).
fn slots(entity: Entity) -> &'static [Slot] {
    static SLOTS: std::sync::LazyLock<Vec<Vec<Slot>>> = std::sync::LazyLock::new(|| {
        Entity::ALL
            .iter()
            .map(|&e| {
                schema(e)
                    .unwrap_or(&[])
                    .iter()
                    .map(|f| Slot {
                        field: *f,
                        key: odata_name(f.name),
                        ref_key: format!("{}_Id", odata_name(f.name)),
                        rel: link_rel(e, f.name),
                    })
                    .collect()
            })
            .collect()
    });
    Entity::ALL
        .iter()
        .position(|&e| e == entity)
        .and_then(|i| SLOTS.get(i))
        .map_or(&[], Vec::as_slice)
}

/// The slot of a child element: an exact name match, searched from `hint` on (children come
/// in schema order) and then from the start, or else a case-insensitive match. `hint` moves
/// past the slot found.
fn slot(entity: Entity, element: &str, hint: &mut usize) -> Option<&'static Slot> {
    let all = slots(entity);
    let start = (*hint).min(all.len());
    let found = all[start..]
        .iter()
        .position(|s| s.field.name == element)
        .map(|i| start + i)
        .or_else(|| all[..start].iter().position(|s| s.field.name == element))
        .or_else(|| {
            all.iter()
                .position(|s| s.field.name.eq_ignore_ascii_case(element))
        })?;
    *hint = found + 1;
    all.get(found)
}

/// One child element read (or why it could not be), put into the record's fields or links
/// through its schema slot (searched from `hint` on); `Err` says what is wrong with it.
fn take_child(
    entity: Option<Entity>,
    id: &str,
    name: &str,
    child: Result<Child, String>,
    hint: &mut usize,
    fields: &mut Fields,
    links: &mut Vec<Link>,
) -> Result<(), String> {
    let placed = child.and_then(|child| match entity {
        Some(e) => place(e, id, name, slot(e, name, hint), child, fields, links),
        None => Ok(()),
    });
    placed.map_err(|p| format!("<{name}>: {p}"))
}

/// Puts one child value into the record's fields or links; `slot` is the child's schema
/// field, if it has one.
fn place(
    entity: Entity,
    id: &str,
    name: &str,
    slot: Option<&'static Slot>,
    child: Child,
    fields: &mut Fields,
    links: &mut Vec<Link>,
) -> Result<(), String> {
    let spec = slot.map(|s| s.field);
    let is_ref = matches!(child, Child::Ref(_))
        || spec.is_some_and(|f| matches!(f.kind, Kind::Ref | Kind::RefMany));
    if is_ref {
        let target = match child {
            Child::Ref(r) => r,
            Child::Scalar(None) => None,
            Child::Scalar(Some(t)) if t.trim().is_empty() => None,
            Child::Scalar(Some(_)) => return Err("relation without a ref attribute".into()),
        };
        let rel = match slot {
            Some(s) => s.rel,
            None => link_rel(entity, name),
        };
        match rel {
            Some(rel) => {
                if let Some(to) = target {
                    let link = Link {
                        rel: rel.to_string(),
                        from: id.to_string(),
                        to,
                    };
                    if !links.contains(&link) {
                        links.push(link);
                    }
                }
            }
            None => {
                let key: Cow<'static, str> = match slot {
                    Some(s) => Cow::Borrowed(s.ref_key.as_str()),
                    None => Cow::Owned(format!("{}_Id", odata_name(name))),
                };
                fields.insert(key, target.map_or(Value::Null, Value::String));
            }
        }
        return Ok(());
    }
    let key: Cow<'static, str> = match slot {
        Some(s) => Cow::Borrowed(s.key.as_str()),
        None => Cow::Owned(odata_name(name)),
    };
    let value = match child {
        Child::Scalar(Some(text)) => match spec.map(|f| f.kind) {
            Some(Kind::Int) => {
                let t = text.trim();
                if t.is_empty() {
                    Value::Null
                } else {
                    Value::from(
                        t.parse::<i64>()
                            .map_err(|_| format!("{t:?} is not an integer"))?,
                    )
                }
            }
            Some(Kind::Bool) => match text.trim() {
                "true" | "1" => Value::Bool(true),
                "false" | "0" => Value::Bool(false),
                "" => Value::Null,
                t => return Err(format!("{t:?} is not a boolean")),
            },
            _ => Value::String(text),
        },
        Child::Scalar(None) | Child::Ref(_) => Value::Null,
    };
    fields.insert(key, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const Z: &str = "02dacd9f-55df-4bfd-98ea-04d98ce94a7f";
    const B: &str = "43e987c6-f7a3-4d4e-b159-230a11cc40e6";

    /// A page with the tk and xsi prefixes declared on the root, as a server may well do.
    fn page(entries: &str, next: Option<&str>) -> String {
        let next = next
            .map(|n| format!("<link rel=\"next\" href=\"{n}\"/>"))
            .unwrap_or_default();
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"{ATOM_NS}\" xmlns:tk=\"{TK_NS}\" \
             xmlns:xsi=\"{XSI_NS}\"><link rel=\"self\" href=\"https://h/SyncFeed/2.0/Feed?category=Zaak\"/>{next}{entries}</feed>"
        )
    }

    fn entry(category: &str, content: &str) -> String {
        format!(
            "<entry><title>{Z}</title><id>https://h/SyncFeed/2.0/Entiteiten/{Z}</id><updated>2024-01-01T00:00:00Z</updated>\
             <category term=\"{category}\"/><content type=\"application/xml\">{content}</content></entry>"
        )
    }

    fn zaak(body: &str) -> String {
        format!(
            "<zaak xmlns=\"{TK_NS}\" id=\"{}\" tk:bijgewerkt=\"2023-12-21T20:21:28.8486781Z\" tk:verwijderd=\"false\">{body}</zaak>",
            Z.to_uppercase()
        )
    }

    /// Both ways of reading children give the same page, or the same error.
    fn same_both_ways(text: &str) {
        let fast = format!("{:?}", parse_page(text.as_bytes()));
        let evented = format!("{:?}", parse_page_evented(text.as_bytes()));
        assert_eq!(fast, evented, "{text}");
    }

    #[test]
    fn the_plain_child_shortcut_reads_what_the_events_read() {
        // Children in every shape, plain or nearly so, picked at random into Zaak and Besluit
        // bodies (the entity reads children in schema order, so misplaced ones are in too).
        const PIECES: [&str; 39] = [
            "<nummer>2023Z20568</nummer>",
            "<nummer></nummer>",
            "<nummer/>",
            "<nummer />",
            "<onderwerp>Motie &amp; meer</onderwerp>",
            "<onderwerp>a\r\nb</onderwerp>",
            "<onderwerp>a > b</onderwerp>",
            "<onderwerp><![CDATA[x]]></onderwerp>",
            "<onderwerp>x<!-- c --></onderwerp>",
            "<titel>é😀</titel>",
            "<volgnummer>14</volgnummer>",
            "<volgnummer>x</volgnummer>",
            "<volgnummer> 7 </volgnummer>",
            "<afgedaan>true</afgedaan>",
            "<afgedaan>ja</afgedaan>",
            "<soort xsi:nil=\"true\"/>",
            "<soort xsi:nil=\"1\"/>",
            "<soort xsi:nil=\" true \"/>",
            "<soort xsi:nil=\"false\"/>",
            "<soort foo:nil=\"true\"/>",
            "<soort xmlns:nil=\"true\"/>",
            "<soort xsi:nil=\"true\" />",
            "<soort xsi:nil=\"a&amp;b\"/>",
            "<x xmlns:xsi=\"urn:y\"/>",
            "<x xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>",
            "<kamerstukdossier ref=\"43E987C6-F7A3-4D4E-B159-230A11CC40E6\"/>",
            "<kamerstukdossier ref=\" 43e987c6-f7a3-4d4e-b159-230a11cc40e6 \"/>",
            "<kamerstukdossier ref=\"nope\"/>",
            "<kamerstukdossier ref=\"a&amp;b\"/>",
            "<kamerstukdossier ref='43e987c6-f7a3-4d4e-b159-230a11cc40e6'/>",
            "<kamerstukdossier  ref=\"43e987c6-f7a3-4d4e-b159-230a11cc40e6\"/>",
            "<agendapunt ref=\"43e987c6-f7a3-4d4e-b159-230a11cc40e6\"></agendapunt>",
            "<zaak ref=\"02dacd9f-55df-4bfd-98ea-04d98ce94a7f\"/>",
            "<tk:nummer>1</tk:nummer>",
            "<nummer>1</Nummer>",
            "<onbekend>x</onbekend>",
            "<Nummer>5</Nummer>",
            "\n  ",
            "tekst",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..5_000 {
            let n = (next() % 8) as usize;
            let body: String = (0..n).map(|_| PIECES[(next() % 39) as usize]).collect();
            let content = if round % 2 == 0 {
                zaak(&body)
            } else {
                // Every fourth Besluit binds `xsi` to another namespace.
                let rebind = if round % 4 == 1 {
                    " xmlns:xsi=\"urn:x\""
                } else {
                    ""
                };
                format!(
                    "<besluit xmlns=\"{TK_NS}\"{rebind} id=\"{B}\" tk:bijgewerkt=\"2023-12-21T20:21:28Z\">{body}</besluit>"
                )
            };
            let category = if round % 2 == 0 { "zaak" } else { "besluit" };
            same_both_ways(&page(&entry(category, &content), None));
        }
    }

    #[test]
    fn the_entry_envelope_shortcut_reads_what_the_events_read() {
        // The content has no tk:bijgewerkt, so the entry's <updated> is the version; a bad
        // entry is named by its <title>.
        let good = format!(
            "<content type=\"application/xml\"><zaak xmlns=\"{TK_NS}\" id=\"{Z}\"><nummer>1</nummer></zaak></content>"
        );
        let bad = format!(
            "<content type=\"application/xml\"><zaak xmlns=\"{TK_NS}\" id=\"x\"/></content>"
        );
        let pieces = [
            format!("<title>{Z}</title>"),
            "<title/>".to_string(),
            "<title></title>".to_string(),
            "<title>geen guid</title>".to_string(),
            format!("<title>{Z} &amp;</title>"),
            "<updated>2024-01-01T00:00:00Z</updated>".to_string(),
            "<updated>2024-02-01T00:00:00.5Z</updated>".to_string(),
            "<updated/>".to_string(),
            "<updated>gisteren</updated>".to_string(),
            "<updated>2024-01-01T00:00:00Z\r\n</updated>".to_string(),
            "<id>x</id>".to_string(),
            "<link href=\"x\"/>".to_string(),
            "<link>t</link>".to_string(),
            "<category term=\"zaak\"/>".to_string(),
            "<category term=\"besluit\"/>".to_string(),
            "<category>zaak</category>".to_string(),
            "<content>tekst</content>".to_string(),
            "<content/>".to_string(),
            good.clone(),
            bad,
            good,
            " \n".to_string(),
        ];
        let mut state = 0x51_7cc1_b727_220a_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3_000 {
            let n = (next() % 7) as usize;
            let inner: String = (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize].as_str())
                .collect();
            same_both_ways(&page(&format!("<entry>{inner}</entry>"), None));
        }
    }

    #[test]
    fn maps_scalars_nulls_refs_and_links() {
        let body = format!(
            "<kamerstukdossier ref=\"{B}\"/><agendapunt ref=\"{B}\"/><nummer>2023Z20568</nummer>\
             <soort xsi:nil=\"true\"/><onderwerp>Motie &amp; meer &#233;</onderwerp><volgnummer>14</volgnummer>\
             <afgedaan>true</afgedaan><titel><![CDATA[Najaarsnota <2023>]]></titel>"
        );
        let xml = page(
            &entry("ZAAK", &zaak(&body)),
            Some("https://h/SyncFeed/2.0/Feed?skiptoken=123&amp;category=Zaak"),
        );
        let p = parse_page(xml.as_bytes()).unwrap();
        assert_eq!(
            p.next.as_deref(),
            Some("https://h/SyncFeed/2.0/Feed?skiptoken=123&category=Zaak")
        );
        assert_eq!(p.skiptoken.as_deref(), Some("123"));
        assert_eq!(
            p.self_link.as_deref(),
            Some("https://h/SyncFeed/2.0/Feed?category=Zaak")
        );
        let r = p.entries[0].as_ref().unwrap();
        assert_eq!(r.entity, Entity::Zaak);
        assert_eq!(r.id, Z);
        assert_eq!(
            r.version.as_ref().unwrap().as_str(),
            "2023-12-21T20:21:28.848678100Z"
        );
        assert!(!r.deleted);
        assert_eq!(r.fields["Nummer"], "2023Z20568");
        assert_eq!(r.fields["Soort"], Value::Null);
        assert_eq!(r.fields["Onderwerp"], "Motie & meer é");
        assert_eq!(r.fields["Volgnummer"], 14);
        assert_eq!(r.fields["Afgedaan"], true);
        assert_eq!(r.fields["Titel"], "Najaarsnota <2023>");
        assert_eq!(r.raw_format, RawFormat::SyncFeedXml);
        assert!(r.raw.starts_with("<content") && r.raw.ends_with("</content>"));
        let rels: Vec<_> = r
            .links
            .iter()
            .map(|l| (l.rel.as_str(), l.from.as_str(), l.to.as_str()))
            .collect();
        assert_eq!(
            rels,
            vec![("zaak_kamerstukdossier", Z, B), ("zaak_agendapunt", Z, B)]
        );
    }

    #[test]
    fn single_references_become_id_fields() {
        let st = format!(
            "<stemming xmlns=\"{TK_NS}\" id=\"{Z}\" tk:bijgewerkt=\"2023-12-22T07:55:19Z\" tk:verwijderd=\"false\">\
             <besluit ref=\"{B}\"/><fractie ref=\"{B}\"/><soort>Voor</soort><fractieGrootte>24</fractieGrootte>\
             <vergissing xsi:nil=\"true\"/></stemming>"
        );
        let p = parse_page(page(&entry("stemming", &st), None).as_bytes()).unwrap();
        assert_eq!(p.next, None);
        let r = p.entries[0].as_ref().unwrap();
        assert_eq!(r.fields["Besluit_Id"], B);
        assert_eq!(r.fields["Fractie_Id"], B);
        assert_eq!(r.fields["FractieGrootte"], 24);
        assert_eq!(r.fields["Vergissing"], Value::Null);
        assert!(r.links.is_empty());
        let dv = format!(
            "<documentVersie xmlns=\"{TK_NS}\" id=\"{Z}\" tk:bijgewerkt=\"2024-01-17T19:17:09Z\" tk:verwijderd=\"false\">\
             <document ref=\"{B}\"/><externeidentifier>kst-36470-14</externeidentifier></documentVersie>"
        );
        let p = parse_page(page(&entry("documentVersie", &dv), None).as_bytes()).unwrap();
        let r = p.entries[0].as_ref().unwrap();
        assert_eq!(r.fields["ExterneIdentifier"], "kst-36470-14");
        assert_eq!(r.fields["Document_Id"], B);
    }

    #[test]
    fn deletions_have_empty_bodies_and_prefixes_may_differ() {
        let del = format!(
            "<besluit xmlns=\"{TK_NS}\" xmlns:k=\"{TK_NS}\" id=\"{B}\" k:bijgewerkt=\"2024-01-01T00:00:00Z\" k:verwijderd=\"true\"/>"
        );
        let p = parse_page(page(&entry("Besluit", &del), None).as_bytes()).unwrap();
        let r = p.entries[0].as_ref().unwrap();
        assert!(r.deleted);
        assert_eq!(r.entity, Entity::Besluit);
        // Only Id and Verwijderd: the store treats it as an empty-bodied deletion.
        assert_eq!(r.fields.len(), 2);
    }

    #[test]
    fn namespace_declarations_are_scoped_to_their_element() {
        // Prefixes declared on one entity element (and on an empty element, for itself)
        // hold there only.
        let own = format!(
            "<zaak xmlns=\"{TK_NS}\" xmlns:k=\"{TK_NS}\" id=\"{Z}\" k:bijgewerkt=\"2023-12-21T20:21:28Z\">\
             <soort xmlns:n=\"{XSI_NS}\" n:nil=\"true\"/><nummer>1</nummer></zaak>"
        );
        let xml = format!("<feed xmlns=\"{ATOM_NS}\">{}</feed>", entry("zaak", &own));
        let p = parse_page(xml.as_bytes()).unwrap();
        let rec = p.entries[0].as_ref().unwrap();
        assert_eq!(rec.fields["Soort"], Value::Null);
        assert!(rec.version.is_some());
        // `n` is out of scope after the empty element that declared it.
        let after = own.replace("<nummer>1</nummer>", "<n:nummer>1</n:nummer>");
        let xml = format!("<feed xmlns=\"{ATOM_NS}\">{}</feed>", entry("zaak", &after));
        assert!(parse_page(xml.as_bytes()).is_err());
        // `k` is out of scope in the next entry: its attribute is an entry error.
        let next = own.replace(" xmlns:k=\"", " xmlns:q=\"");
        let xml = format!(
            "<feed xmlns=\"{ATOM_NS}\">{}{}</feed>",
            entry("zaak", &own),
            entry("zaak", &next)
        );
        let p = parse_page(xml.as_bytes()).unwrap();
        assert!(p.entries[0].is_ok());
        let e = p.entries[1].as_ref().unwrap_err();
        assert!(
            e.reason.contains("undeclared namespace prefix \"k\""),
            "{e}"
        );
        // An unprefixed element after an entity is in the feed's default namespace again.
        let xml = format!(
            "<feed xmlns=\"{ATOM_NS}\">{}<link rel=\"next\" href=\"h?skiptoken=7\"/></feed>",
            entry("zaak", &own)
        );
        assert_eq!(
            parse_page(xml.as_bytes()).unwrap().skiptoken.as_deref(),
            Some("7")
        );
    }

    #[test]
    fn attributes_read_plainly_or_generally_agree() {
        // Plain attributes take the fast path; quotes, references, line breaks and
        // whitespace around `=` take quick-xml's reader; both give the same record.
        let plain = zaak("<nummer>1</nummer><soort xsi:nil=\"true\"/>");
        let general = plain
            .replace("id=\"", "id = '")
            .replace(
                &format!("{}\"", Z.to_uppercase()),
                &format!("{}'", Z.to_uppercase()),
            )
            .replace("tk:verwijderd=\"false\"", "tk:verwijderd=\"&#102;alse\"\n")
            .replace("xsi:nil=\"true\"", "xsi:nil='true'\t");
        assert_ne!(plain, general);
        let a = parse_page(page(&entry("zaak", &plain), None).as_bytes()).unwrap();
        let b = parse_page(page(&entry("zaak", &general), None).as_bytes()).unwrap();
        let (a, b) = (
            a.entries[0].as_ref().unwrap(),
            b.entries[0].as_ref().unwrap(),
        );
        assert_eq!(
            (&a.id, &a.version, a.deleted, &a.fields),
            (&b.id, &b.version, b.deleted, &b.fields)
        );
        assert_eq!(
            plain_attrs(" a=\"1\" b='2' "),
            Some((
                [
                    ("a", "1"),
                    ("b", "2"),
                    ("", ""),
                    ("", ""),
                    ("", ""),
                    ("", ""),
                    ("", ""),
                    ("", "")
                ],
                2
            ))
        );
        assert_eq!(
            plain_attrs(" a=\"x'y\"").map(|(l, n)| l[..n].to_vec()),
            Some(vec![("a", "x'y")])
        );
        for raw in [
            " a=\"1\"b=\"2\"",
            " a = \"1\"",
            " a=\"&amp;\"",
            " a=\"1\" a=\"2\"",
            " a=\"1",
        ] {
            assert_eq!(plain_attrs(raw), None, "{raw}");
        }
    }

    #[test]
    fn bad_entries_are_errors_inside_a_good_page() {
        let entries = [
            entry("zaak", &zaak("<volgnummer>veertien</volgnummer>")),
            entry(
                "zaak",
                &zaak("<nummer>1</nummer>").replace(&Z.to_uppercase(), "nope"),
            ),
            entry("besluit", &zaak("")),
            entry("zaak", &format!("<verslag xmlns=\"{TK_NS}\" id=\"{Z}\"/>")),
            entry("zaak", &zaak("<onderwerp>&ent;</onderwerp>")),
            entry("zaak", &zaak("<kamerstukdossier ref=\"x\"/>")),
            entry(
                "zaak",
                &zaak("").replace(
                    "tk:bijgewerkt=\"2023-12-21T20:21:28.8486781Z\"",
                    "tk:bijgewerkt=\"gisteren\"",
                ),
            ),
            "<entry><title>x</title></entry>".to_string(),
            entry("zaak", &zaak("<nummer>ok</nummer>")),
        ]
        .concat();
        let p = parse_page(page(&entries, None).as_bytes()).unwrap();
        assert_eq!(p.entries.len(), 9);
        let reasons: Vec<String> = p
            .entries
            .iter()
            .filter_map(|e| e.as_ref().err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(reasons.len(), 8, "{reasons:?}");
        for (i, want) in [
            "not an integer",
            "not a GUID",
            "does not match",
            "unknown entity",
            "unknown entity &ent;",
            "not a GUID",
            "bad tk:bijgewerkt",
            "without <content>",
        ]
        .iter()
        .enumerate()
        {
            assert!(
                reasons[i].contains(want),
                "{i}: {} lacks {want}",
                reasons[i]
            );
        }
        assert!(p.entries[8].is_ok());
    }

    #[test]
    fn pages_that_are_not_feeds_or_unsafe_fail() {
        let deep = format!(
            "<feed xmlns=\"{ATOM_NS}\">{}{}</feed>",
            "<x>".repeat(100),
            "</x>".repeat(100)
        );
        let dtd =
            format!("<!DOCTYPE feed [<!ENTITY a \"aaaa\">]><feed xmlns=\"{ATOM_NS}\"></feed>");
        for bad in [
            "".to_string(),
            "not xml".to_string(),
            "<html/>".to_string(),
            format!("<feed xmlns=\"{ATOM_NS}\"><entry>"),
            format!("<feed xmlns=\"{ATOM_NS}\"></feed><feed/>"),
            "<feed xmlns=\"urn:other\"></feed>".to_string(),
            deep,
            dtd,
        ] {
            assert!(parse_page(bad.as_bytes()).is_err(), "{bad}");
        }
        assert!(parse_page(&[0xff, 0xfe, 0x00]).is_err());
    }

    #[test]
    fn an_empty_page_and_any_page_size() {
        let p = parse_page(page("", None).as_bytes()).unwrap();
        assert!(p.entries.is_empty() && p.next.is_none() && p.skiptoken.is_none());
        let many: String = (0..1000)
            .map(|_| entry("zaak", &zaak("<nummer>n</nummer>")))
            .collect();
        let p = parse_page(page(&many, None).as_bytes()).unwrap();
        assert_eq!(p.entries.iter().filter(|e| e.is_ok()).count(), 1000);
    }

    #[test]
    fn skiptokens() {
        assert_eq!(
            skiptoken_of("https://h/Feed?skiptoken=42&category=Zaak").as_deref(),
            Some("42")
        );
        assert_eq!(
            skiptoken_of("https://h/Feed?category=Zaak&SkipToken=7").as_deref(),
            Some("7")
        );
        assert_eq!(skiptoken_of("https://h/Feed?category=Zaak"), None);
        assert_eq!(skiptoken_of("https://h/Feed?skiptoken="), None);
    }

    #[test]
    fn schema_covers_every_feed_entity() {
        for e in Entity::ALL {
            assert_eq!(schema(e).is_some(), e != Entity::DocumentPublicatie, "{e}");
        }
    }
}
