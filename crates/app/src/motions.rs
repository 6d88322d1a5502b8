//! Motions, members and parties from the store: loads every motion with its actors, decisions,
//! vote lines and documents in a few set-based queries, builds the pure domain views once
//! ([`Catalog`]), and answers the `motion`, `member`, `party` and `quality` queries on it.
//!
//! Deleted rows (`deleted = 1`) are never read. References between rows are compared on the
//! lower-cased GUID, the form the store keeps its `id` column in.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use kw_domain::members::Member;
use kw_domain::motion::{ActorInput, DocumentInput, DocumentVersieInput, DossierInput, Role};
use kw_domain::outcome::{FindingKind, Vote};
use kw_domain::stats::{self, MotionCounts, Period};
use kw_domain::{
    BesluitInput, Directory, Finding, FractieInput, MotionInput, MotionView, NameContext, Outcome,
    Party, PartyRegistry, PersoonInput, Resolution, StemmingInput,
};
use kw_store::rusqlite::{Connection, Row};
use serde::Serialize;

use crate::AppError;

/// The motions whose rows the queries below read: visible Zaken of Soort "Motie".
const MOTION_IDS: &str = "SELECT id FROM zaak WHERE deleted = 0 AND soort = 'Motie'";

/// Everything the domain core needs, as read from the store.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Every visible Fractie record.
    pub fracties: Vec<FractieInput>,
    /// Every visible Persoon record.
    pub persons: Vec<PersoonInput>,
    /// Every visible motion (Zaak Soort "Motie") with actors, Besluiten (with Stemmingen and
    /// the Activiteit date), documents (with their kamerstuk id) and dossiers; ordered by
    /// Zaak.Nummer, then Id.
    pub motions: Vec<MotionInput>,
}

fn lower(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
}

fn flag(v: Option<i64>) -> Option<bool> {
    v.map(|v| v != 0)
}

/// Reads all inputs: about eight queries, whatever the number of motions.
pub fn load_inputs(conn: &Connection) -> Result<Inputs, AppError> {
    let fracties = query_all(
        conn,
        "SELECT id, afkorting, naam_nl, json_extract(fields, '$.NaamEN'), aantal_zetels,
                datum_actief, datum_inactief
         FROM fractie WHERE deleted = 0 ORDER BY id",
        |r| {
            Ok(FractieInput {
                id: r.get(0)?,
                afkorting: r.get(1)?,
                naam_nl: r.get(2)?,
                naam_en: r.get(3)?,
                aantal_zetels: r.get(4)?,
                datum_actief: r.get(5)?,
                datum_inactief: r.get(6)?,
                verwijderd: Some(false),
            })
        },
    )?;
    let persons = query_all(
        conn,
        "SELECT id, nummer, initialen, tussenvoegsel, achternaam, voornamen, roepnaam, functie,
                fractielabel
         FROM persoon WHERE deleted = 0 ORDER BY id",
        |r| {
            Ok(PersoonInput {
                id: r.get(0)?,
                nummer: r.get(1)?,
                initialen: r.get(2)?,
                tussenvoegsel: r.get(3)?,
                achternaam: r.get(4)?,
                voornamen: r.get(5)?,
                roepnaam: r.get(6)?,
                functie: r.get(7)?,
                fractielabel: r.get(8)?,
                verwijderd: Some(false),
            })
        },
    )?;
    let mut motions = query_all(
        conn,
        "SELECT id, nummer, soort, titel, onderwerp, gestart_op, kabinetsappreciatie,
                vergaderjaar, volgnummer
         FROM zaak WHERE deleted = 0 AND soort = 'Motie' ORDER BY nummer, id",
        |r| {
            Ok(MotionInput {
                id: r.get(0)?,
                nummer: r.get(1)?,
                soort: r.get(2)?,
                titel: r.get(3)?,
                onderwerp: r.get(4)?,
                gestart_op: r.get(5)?,
                kabinetsappreciatie: r.get(6)?,
                vergaderjaar: r.get(7)?,
                volgnummer: r.get(8)?,
                ..MotionInput::default()
            })
        },
    )?;
    let index: HashMap<String, usize> = motions
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.to_ascii_lowercase(), i))
        .collect();
    let at = |zaak: &Option<String>| lower(zaak.clone()).and_then(|z| index.get(&z).copied());

    // ZaakActor rows of the motions.
    let actors = query_all(
        conn,
        &format!(
            "SELECT zaak_id, id, actor_naam, actor_fractie, relatie, functie, persoon_id, fractie_id
             FROM zaak_actor WHERE deleted = 0 AND lower(zaak_id) IN ({MOTION_IDS})
             ORDER BY id"
        ),
        |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                ActorInput {
                    id: r.get(1)?,
                    naam: r.get(2)?,
                    fractie: r.get(3)?,
                    relatie: r.get(4)?,
                    functie: r.get(5)?,
                    persoon_id: lower(r.get(6)?),
                    fractie_id: lower(r.get(7)?),
                },
            ))
        },
    )?;
    for (zaak, a) in actors {
        if let Some(i) = at(&zaak) {
            motions[i].actors.push(a);
        }
    }

    // Besluiten linked to the motions, with the date of their Agendapunt's Activiteit.
    let besluiten = query_all(
        conn,
        &format!(
            "SELECT l.to_id, b.id, b.besluit_soort, b.stemmings_soort, b.besluit_tekst,
                    COALESCE(json_extract(b.fields, '$.ApiGewijzigdOp'), b.version),
                    act.datum
             FROM link l
             JOIN besluit b ON b.id = l.from_id AND b.deleted = 0
             LEFT JOIN agendapunt ap ON ap.id = lower(b.agendapunt_id) AND ap.deleted = 0
             LEFT JOIN activiteit act ON act.id = lower(ap.activiteit_id) AND act.deleted = 0
             WHERE l.rel = 'besluit_zaak' AND l.to_id IN ({MOTION_IDS})
             ORDER BY l.to_id, b.id"
        ),
        |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                BesluitInput {
                    id: r.get(1)?,
                    besluit_soort: r.get(2)?,
                    stemmings_soort: r.get(3)?,
                    besluit_tekst: r.get(4)?,
                    api_gewijzigd_op: r.get(5)?,
                    verwijderd: Some(false),
                    activiteit_datum: r.get(6)?,
                    stemmingen: Vec::new(),
                },
            ))
        },
    )?;
    // (motion index, position in its besluiten) per Besluit id; one Besluit can decide
    // several motions.
    let mut besluit_at: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (zaak, b) in besluiten {
        if let Some(i) = at(&zaak) {
            let key = b.id.clone().unwrap_or_default().to_ascii_lowercase();
            besluit_at
                .entry(key)
                .or_default()
                .push((i, motions[i].besluiten.len()));
            motions[i].besluiten.push(b);
        }
    }

    // Stemming rows of those Besluiten.
    let lines = query_all(
        conn,
        &format!(
            "SELECT besluit_id, id, soort, fractie_grootte, actor_naam, actor_fractie, vergissing,
                    persoon_id, fractie_id
             FROM stemming
             WHERE deleted = 0 AND besluit_id IN (
                 SELECT l.from_id FROM link l
                 WHERE l.rel = 'besluit_zaak' AND l.to_id IN ({MOTION_IDS}))
             ORDER BY besluit_id, id"
        ),
        |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                StemmingInput {
                    id: r.get(1)?,
                    soort: r.get(2)?,
                    fractie_grootte: r.get(3)?,
                    actor_naam: r.get(4)?,
                    actor_fractie: r.get(5)?,
                    vergissing: flag(r.get(6)?),
                    persoon_id: lower(r.get(7)?),
                    fractie_id: lower(r.get(8)?),
                    verwijderd: Some(false),
                },
            ))
        },
    )?;
    for (besluit, s) in lines {
        let Some(places) = lower(besluit).and_then(|b| besluit_at.get(&b)) else {
            continue;
        };
        for &(i, j) in places {
            motions[i].besluiten[j].stemmingen.push(s.clone());
        }
    }

    // Documents linked to the motions, with the kamerstuk id of their current version (else
    // of their latest version that has one).
    let documents = query_all(
        conn,
        &format!(
            "SELECT l.to_id, d.id, d.document_nummer, d.soort, d.titel, d.datum, d.volgnummer,
                    COALESCE(
                      (SELECT v.externe_identifier FROM document_versie v
                       WHERE v.id = lower(d.huidige_document_versie_id) AND v.deleted = 0),
                      (SELECT v.externe_identifier FROM document_versie v
                       WHERE v.document_id = d.id AND v.deleted = 0
                         AND v.externe_identifier IS NOT NULL
                       ORDER BY v.versienummer DESC LIMIT 1))
             FROM link l
             JOIN document d ON d.id = l.from_id AND d.deleted = 0
             WHERE l.rel = 'document_zaak' AND l.to_id IN ({MOTION_IDS})
             ORDER BY l.to_id, d.document_nummer, d.id"
        ),
        |r| {
            let extern_id: Option<String> = r.get(7)?;
            Ok((
                r.get::<_, Option<String>>(0)?,
                DocumentInput {
                    id: r.get(1)?,
                    nummer: r.get(2)?,
                    soort: r.get(3)?,
                    titel: r.get(4)?,
                    datum: r.get(5)?,
                    volgnummer: r.get(6)?,
                    kamerstuk: None,
                    huidige_versie: extern_id.map(|e| DocumentVersieInput {
                        externe_identifier: Some(e),
                    }),
                    verwijderd: Some(false),
                },
            ))
        },
    )?;
    for (zaak, d) in documents {
        if let Some(i) = at(&zaak) {
            motions[i].documents.push(d);
        }
    }

    // Kamerstukdossiers of the motions.
    let dossiers = query_all(
        conn,
        &format!(
            "SELECT l.from_id, k.nummer, k.toevoeging, k.titel
             FROM link l JOIN kamerstukdossier k ON k.id = l.to_id AND k.deleted = 0
             WHERE l.rel = 'zaak_kamerstukdossier' AND l.from_id IN ({MOTION_IDS})
             ORDER BY l.from_id, k.nummer, k.toevoeging"
        ),
        |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                DossierInput {
                    nummer: r.get(1)?,
                    toevoeging: r.get(2)?,
                    titel: r.get(3)?,
                },
            ))
        },
    )?;
    for (zaak, d) in dossiers {
        if let Some(i) = at(&zaak) {
            motions[i].dossiers.push(d);
        }
    }

    Ok(Inputs {
        fracties,
        persons,
        motions,
    })
}

fn query_all<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&Row<'_>) -> kw_store::rusqlite::Result<T>,
) -> Result<Vec<T>, AppError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], f)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The parties, the members and every motion's view, built once per command.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// All parties (alias table joined with the Fractie records).
    pub registry: PartyRegistry,
    /// All members (Persoon records, plus members derived from actor names).
    pub directory: Directory,
    /// Every motion, in the order of [`Inputs::motions`].
    pub views: Vec<MotionView>,
    /// Lower-cased Zaak.Nummer and Zaak.Id → index in `views`.
    by_key: HashMap<String, usize>,
    /// Normalised kamerstuk id → indexes in `views` of the motions with a document of it;
    /// `true` where it is the motion's own kamerstuk.
    by_kamerstuk: HashMap<String, Vec<(usize, bool)>>,
}

impl Catalog {
    /// Loads everything from the store and builds the views.
    pub fn load(conn: &Connection) -> Result<Catalog, AppError> {
        Ok(Catalog::build(&load_inputs(conn)?))
    }

    /// Builds the catalog from inputs: the registry, the directory (every motion observed
    /// before any view is built) and the views.
    pub fn build(inputs: &Inputs) -> Catalog {
        let registry = PartyRegistry::new(&inputs.fracties);
        let mut directory = Directory::new(&inputs.persons);
        for m in &inputs.motions {
            directory.observe_motion(m);
        }
        let views: Vec<MotionView> = inputs
            .motions
            .iter()
            .map(|m| MotionView::build(m, &directory, &registry))
            .collect();
        let mut by_key = HashMap::new();
        let mut by_kamerstuk: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
        for (i, v) in views.iter().enumerate() {
            by_key.insert(v.id.to_ascii_lowercase(), i);
            if let Some(n) = &v.nummer {
                by_key.entry(n.to_ascii_lowercase()).or_insert(i);
            }
            let own = v.kamerstuk.as_deref().map(kamerstuk_key);
            let mut seen: Vec<String> = Vec::new();
            for d in &v.documents {
                if let Some(k) = d.kamerstuk.as_deref().map(kamerstuk_key)
                    && !seen.contains(&k)
                {
                    let is_own = own.as_deref() == Some(k.as_str());
                    by_kamerstuk.entry(k.clone()).or_default().push((i, is_own));
                    seen.push(k);
                }
            }
        }
        Catalog {
            registry,
            directory,
            views,
            by_key,
            by_kamerstuk,
        }
    }
}

/// The lookup key of a kamerstuk id: lower case, without "kst-" and spaces
/// (`kst-36600-XVI-58` → `36600-xvi-58`).
fn kamerstuk_key(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.strip_prefix("kst-").map(str::to_string).unwrap_or(s)
}

/// Whether `key` (see [`kamerstuk_key`]) has the shape `<dossier>[-<toevoeging>…]-<ondernummer>`.
fn is_kamerstuk(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    parts.len() >= 2
        && digits(parts[0])
        && digits(parts[parts.len() - 1])
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn motion_label(v: &MotionView) -> String {
    format!(
        "{} ({})",
        v.nummer.as_deref().unwrap_or(&v.id),
        v.subject.as_deref().unwrap_or("no subject")
    )
}

/// The motion meant by `query`: a Zaak.Nummer (`2023Z20568`), a Zaak.Id (GUID), or a
/// kamerstuk id (`36470-14`, `kst-36470-14`, `36600-XVI-58`). A kamerstuk id resolves only
/// where a document of a motion in the data carries it.
pub fn motion<'c>(catalog: &'c Catalog, query: &str) -> Result<&'c MotionView, AppError> {
    let q = query.trim();
    if q.is_empty() {
        return Err(AppError::NotFound(
            "no motion: give a Zaak.Nummer, an Id or a kamerstuk id".to_string(),
        ));
    }
    if let Some(&i) = catalog.by_key.get(&q.to_ascii_lowercase()) {
        return Ok(&catalog.views[i]);
    }
    let key = kamerstuk_key(q);
    if !is_kamerstuk(&key) {
        return Err(AppError::NotFound(format!(
            "no motion {q:?} in the data (looked for a Zaak.Nummer such as 2023Z20568, a Zaak.Id, or a kamerstuk id such as 36470-14)"
        )));
    }
    let hits = catalog.by_kamerstuk.get(&key).cloned().unwrap_or_default();
    let own: Vec<usize> = hits.iter().filter(|h| h.1).map(|h| h.0).collect();
    let pick: Vec<usize> = if own.is_empty() {
        hits.iter().map(|h| h.0).collect()
    } else {
        own
    };
    match pick.as_slice() {
        [] => Err(AppError::NotFound(format!(
            "kamerstuk {key} is not in the data: no document of a motion in the store has this kamerstuk id (only motions imported with their documents can be found by kamerstuk)"
        ))),
        [i] => Ok(&catalog.views[*i]),
        many => Err(AppError::Ambiguous(format!(
            "kamerstuk {key} belongs to {} motions: {}",
            many.len(),
            many.iter()
                .map(|&i| motion_label(&catalog.views[i]))
                .collect::<Vec<_>>()
                .join("; ")
        ))),
    }
}

/// A motion a member submitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberMotion {
    /// Zaak.Id.
    pub id: String,
    /// Zaak.Nummer.
    pub nummer: Option<String>,
    /// Zaak.GestartOp.
    pub date: Option<NaiveDate>,
    /// The motion's subject.
    pub subject: Option<String>,
    /// The motion's kamerstuk id, where known.
    pub kamerstuk: Option<String>,
    /// The member's role: indiener, medeindiener or onbekend.
    pub role: Role,
    /// The party the member submitted it for (ZaakActor.ActorFractie).
    pub party: Option<String>,
    /// The outcome of the motion.
    pub outcome: Outcome,
}

/// A member's vote in a roll call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberVote {
    /// Zaak.Id.
    pub id: String,
    /// Zaak.Nummer.
    pub nummer: Option<String>,
    /// Date of the vote (Activiteit date, else GestartOp).
    pub date: Option<NaiveDate>,
    /// The motion's subject.
    pub subject: Option<String>,
    /// voor, tegen or niet_deelgenomen.
    pub vote: Vote,
    /// The line is marked Vergissing (still counted).
    pub vergissing: bool,
    /// The party on the vote line (Stemming.ActorFractie).
    pub party: Option<String>,
    /// The outcome of the motion.
    pub outcome: Outcome,
}

/// `kamerwacht member`: who the member is, their motions and their roll-call votes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberReport {
    /// The member (Persoon record or derived from actor names).
    pub member: Member,
    /// Motions the member submitted, oldest first.
    pub motions: Vec<MemberMotion>,
    /// The member's votes in roll calls, oldest first.
    pub votes: Vec<MemberVote>,
}

fn member_candidates(ms: &[&Member]) -> String {
    ms.iter()
        .map(|m| {
            let parties: Vec<&str> = m.parties.iter().map(|p| p.party.as_str()).collect();
            let party = if parties.is_empty() {
                "party unknown".to_string()
            } else {
                parties.join(", ")
            };
            format!("{} ({party}; id {})", m.name, m.id)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The member meant by `name_or_id` (any name form, a Persoon.Id or an `afgeleid:…` id).
/// Several fitting members give [`AppError::Ambiguous`] listing each with their party.
pub fn member(catalog: &Catalog, name_or_id: &str) -> Result<MemberReport, AppError> {
    let q = name_or_id.trim();
    let found = match catalog.directory.get(&q.to_ascii_lowercase()) {
        Some(m) => m,
        None => match catalog.directory.resolve(
            q,
            NameContext {
                registry: Some(&catalog.registry),
                ..NameContext::default()
            },
        ) {
            Resolution::Found(m) => m,
            Resolution::Ambiguous(ms) => {
                return Err(AppError::Ambiguous(format!(
                    "{q:?} fits {} members: {}",
                    ms.len(),
                    member_candidates(&ms)
                )));
            }
            Resolution::NotFound => {
                return Err(AppError::NotFound(format!("no member {q:?} in the data")));
            }
        },
    };
    let mut motions: Vec<MemberMotion> = stats::member_motions(&found.id, &catalog.views)
        .into_iter()
        .map(|v| {
            let s = v
                .submitters
                .iter()
                .find(|s| s.member_id.as_deref() == Some(found.id.as_str()));
            MemberMotion {
                id: v.id.clone(),
                nummer: v.nummer.clone(),
                date: v.date,
                subject: v.subject.clone(),
                kamerstuk: v.kamerstuk.clone(),
                role: s.map_or(Role::Onbekend, |s| s.role),
                party: s.and_then(|s| s.party.clone()),
                outcome: v.outcome.outcome,
            }
        })
        .collect();
    motions.sort_by(|a, b| (a.date, &a.nummer).cmp(&(b.date, &b.nummer)));
    let mut votes: Vec<MemberVote> = Vec::new();
    for v in &catalog.views {
        for l in &v.outcome.member_lines {
            if l.member_id.as_deref() == Some(found.id.as_str()) {
                votes.push(MemberVote {
                    id: v.id.clone(),
                    nummer: v.nummer.clone(),
                    date: v.vote_date(),
                    subject: v.subject.clone(),
                    vote: l.vote,
                    vergissing: l.vergissing,
                    party: l.party.clone(),
                    outcome: v.outcome.outcome,
                });
            }
        }
    }
    votes.sort_by(|a, b| (a.date, &a.nummer).cmp(&(b.date, &b.nummer)));
    Ok(MemberReport {
        member: found.clone(),
        motions,
        votes,
    })
}

/// A motion a party tabled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyMotion {
    /// Zaak.Id.
    pub id: String,
    /// Zaak.Nummer.
    pub nummer: Option<String>,
    /// Zaak.GestartOp.
    pub date: Option<NaiveDate>,
    /// The motion's subject.
    pub subject: Option<String>,
    /// indiener when the indiener sat for the party, else medeindiener.
    pub role: Role,
    /// The outcome.
    pub outcome: Outcome,
}

/// The motions a party tabled, counted as in `kw_domain::stats::party_motion_stats`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tabled {
    /// Motions whose indiener sat for the party.
    pub as_indiener: MotionCounts,
    /// Motions with a medeindiener of the party and an indiener of another party.
    pub as_medeindiener: MotionCounts,
}

/// How often the party voted like one other party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementWith {
    /// The other party's id.
    pub party: String,
    /// Its short name.
    pub short: String,
    /// Votes where both parties took a side.
    pub compared: u32,
    /// Of those, votes where they took the same side.
    pub agreed: u32,
    /// agreed / compared.
    pub rate: Option<f64>,
}

/// The party's voting agreement with every other party over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyAgreement {
    /// The period (inclusive dates).
    pub period: Period,
    /// Why this period: the default is the latest composition of the Kamer in the data.
    pub reason: String,
    /// Votes with party lines in the period (all parties).
    pub votes: u32,
    /// One entry per other party, highest rate first.
    pub with: Vec<AgreementWith>,
}

/// `kamerwacht party`: the party, its tabled motions and adoption rate, and its agreement
/// with the other parties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyReport {
    /// The party.
    pub party: Party,
    /// Counts of tabled motions with their adoption rate.
    pub tabled: Tabled,
    /// The tabled motions, oldest first.
    pub motions: Vec<PartyMotion>,
    /// Voting agreement over the default period.
    pub agreement: PartyAgreement,
}

/// The party meant by `name_or_abbrev` (any of its names, an abbreviation or a Kamerwacht
/// party id): `NSC` and `Nieuw Sociaal Contract` are the same party.
pub fn party(catalog: &Catalog, name_or_abbrev: &str) -> Result<PartyReport, AppError> {
    let q = name_or_abbrev.trim();
    let reg = &catalog.registry;
    let found = match reg.get(q).or_else(|| reg.resolve(q, None)) {
        Some(p) => p,
        None => {
            let cands = reg.candidates(q);
            if cands.is_empty() {
                return Err(AppError::NotFound(format!("no party {q:?} known")));
            }
            return Err(AppError::Ambiguous(format!(
                "{q:?} names {} parties: {}",
                cands.len(),
                cands
                    .iter()
                    .map(|p| format!(
                        "{} ({}; id {}; {} – {})",
                        p.short,
                        p.name,
                        p.id,
                        p.from.map_or("?".to_string(), |d| d.to_string()),
                        p.until.map_or("".to_string(), |d| d.to_string())
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            )));
        }
    };
    let id = found.id.as_str();
    let of_party = |s: &kw_domain::motion::Submitter| {
        s.party_id.as_deref() == Some(id)
            || (s.party_id.is_none() && s.party.as_deref() == Some(id))
    };
    let counts = stats::party_motion_stats(&catalog.views)
        .into_iter()
        .find(|s| s.party == id);
    let tabled = Tabled {
        as_indiener: counts
            .as_ref()
            .map(|c| c.as_indiener.clone())
            .unwrap_or_default(),
        as_medeindiener: counts.map(|c| c.as_medeindiener).unwrap_or_default(),
    };
    let mut motions: Vec<PartyMotion> = Vec::new();
    for v in &catalog.views {
        let ind = v
            .submitters
            .iter()
            .any(|s| s.role == Role::Indiener && of_party(s));
        let mede = v
            .submitters
            .iter()
            .any(|s| s.role == Role::Medeindiener && of_party(s));
        let role = match (ind, mede) {
            (true, _) => Role::Indiener,
            (false, true) => Role::Medeindiener,
            _ => continue,
        };
        motions.push(PartyMotion {
            id: v.id.clone(),
            nummer: v.nummer.clone(),
            date: v.date,
            subject: v.subject.clone(),
            role,
            outcome: v.outcome.outcome,
        });
    }
    motions.sort_by(|a, b| (a.date, &a.nummer).cmp(&(b.date, &b.nummer)));

    let choice = stats::default_period(&catalog.views, reg);
    let agr = stats::agreement(&catalog.views, choice.period);
    let mut with: Vec<AgreementWith> = agr
        .pairs
        .iter()
        .filter_map(|p| {
            let other = if p.a == id {
                &p.b
            } else if p.b == id {
                &p.a
            } else {
                return None;
            };
            Some(AgreementWith {
                party: other.clone(),
                short: reg
                    .get(other)
                    .map_or_else(|| other.clone(), |o| o.short.clone()),
                compared: p.compared,
                agreed: p.agreed,
                rate: p.rate,
            })
        })
        .collect();
    with.sort_by(|a, b| {
        b.rate
            .unwrap_or(-1.0)
            .total_cmp(&a.rate.unwrap_or(-1.0))
            .then_with(|| a.party.cmp(&b.party))
    });
    Ok(PartyReport {
        party: found.clone(),
        tabled,
        motions,
        agreement: PartyAgreement {
            period: agr.period,
            reason: choice.reason,
            votes: agr.votes,
            with,
        },
    })
}

/// `kamerwacht quality`: every data-quality finding over all motions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityReport {
    /// Motions examined.
    pub motions: usize,
    /// Number of findings.
    pub count: usize,
    /// Number of findings per kind.
    pub by_kind: BTreeMap<FindingKind, usize>,
    /// Every finding, in motion order.
    pub findings: Vec<Finding>,
}

/// All findings of all motions.
pub fn quality(catalog: &Catalog) -> QualityReport {
    let findings: Vec<Finding> = catalog
        .views
        .iter()
        .flat_map(|v| v.findings.iter().cloned())
        .collect();
    let mut by_kind = BTreeMap::new();
    for f in &findings {
        *by_kind.entry(f.kind).or_insert(0) += 1;
    }
    QualityReport {
        motions: catalog.views.len(),
        count: findings.len(),
        by_kind,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kamerstuk_keys() {
        assert_eq!(kamerstuk_key("kst-36470-14"), "36470-14");
        assert_eq!(kamerstuk_key(" 36600-XVI-58 "), "36600-xvi-58");
        assert!(is_kamerstuk("36470-14"));
        assert!(is_kamerstuk("36600-xvi-58"));
        assert!(is_kamerstuk("21501-32-1740"));
        assert!(!is_kamerstuk("2023z20568"));
        assert!(!is_kamerstuk("36470"));
        assert!(!is_kamerstuk("36470--14"));
        assert!(!is_kamerstuk("van-haga"));
    }
}
