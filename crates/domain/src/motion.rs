//! A motion as a user sees it: [`MotionView`], assembled from a [`MotionInput`] (Zaak with
//! actors, decisions, vote lines and documents) with the member [`Directory`] and the
//! [`PartyRegistry`]. Its JSON is what `kamerwacht motion --json` prints.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::members::{
    Directory, MotionKind, NameContext, Resolution, name_matches, parse_onderwerp,
};
use crate::outcome::{BesluitInput, Finding, FindingKind, MotionOutcome, compute_outcome};
use crate::parties::{PartyRegistry, parse_date};

/// One ZaakActor row. Field names as in the OData API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ActorInput {
    /// `ZaakActor.Id`.
    #[serde(rename = "Id", default)]
    pub id: Option<String>,
    /// `ZaakActor.ActorNaam` ("I. (Inge) van Dijk").
    #[serde(rename = "ActorNaam", default)]
    pub naam: Option<String>,
    /// `ZaakActor.ActorFractie` ("CDA").
    #[serde(rename = "ActorFractie", default)]
    pub fractie: Option<String>,
    /// `ZaakActor.Relatie` ("Indiener", "Medeindiener", …); absent in tkmoties files.
    #[serde(rename = "Relatie", default)]
    pub relatie: Option<String>,
    /// `ZaakActor.Functie`.
    #[serde(rename = "Functie", default)]
    pub functie: Option<String>,
    /// `ZaakActor.Persoon_Id`.
    #[serde(rename = "Persoon_Id", default)]
    pub persoon_id: Option<String>,
    /// `ZaakActor.Fractie_Id`.
    #[serde(rename = "Fractie_Id", default)]
    pub fractie_id: Option<String>,
}

/// `DocumentVersie`, only what a motion view needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct DocumentVersieInput {
    /// `DocumentVersie.ExterneIdentifier` ("kst-36470-14").
    #[serde(rename = "ExterneIdentifier", default)]
    pub externe_identifier: Option<String>,
}

/// One Document of the Zaak. Field names as in the OData API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct DocumentInput {
    /// `Document.Id`.
    #[serde(rename = "Id", default)]
    pub id: Option<String>,
    /// `Document.DocumentNummer` ("2023D50417").
    #[serde(rename = "DocumentNummer", default)]
    pub nummer: Option<String>,
    /// `Document.Soort` ("Motie", "Motie (gewijzigd/nader)").
    #[serde(rename = "Soort", default)]
    pub soort: Option<String>,
    /// `Document.Titel`.
    #[serde(rename = "Titel", default)]
    pub titel: Option<String>,
    /// `Document.Datum`.
    #[serde(rename = "Datum", default)]
    pub datum: Option<String>,
    /// `Document.Volgnummer`.
    #[serde(rename = "Volgnummer", default)]
    pub volgnummer: Option<i64>,
    /// The kamerstuk id ("36470-14") when the store has it; otherwise taken from
    /// `HuidigeDocumentVersie.ExterneIdentifier` without its "kst-" prefix.
    #[serde(rename = "Kamerstuk", default)]
    pub kamerstuk: Option<String>,
    /// `Document.HuidigeDocumentVersie` (`$expand`).
    #[serde(rename = "HuidigeDocumentVersie", default)]
    pub huidige_versie: Option<DocumentVersieInput>,
    /// `Document.Verwijderd`.
    #[serde(rename = "Verwijderd", default)]
    pub verwijderd: Option<bool>,
}

impl DocumentInput {
    /// The kamerstuk id: `kamerstuk`, else the ExterneIdentifier without "kst-".
    pub fn kamerstuk_id(&self) -> Option<String> {
        self.kamerstuk.clone().or_else(|| {
            let e = self
                .huidige_versie
                .as_ref()?
                .externe_identifier
                .as_deref()?;
            Some(e.strip_prefix("kst-").unwrap_or(e).to_string())
        })
    }
}

/// A Kamerstukdossier of the Zaak.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct DossierInput {
    /// `Kamerstukdossier.Nummer` (36470).
    #[serde(rename = "Nummer", default)]
    pub nummer: Option<i64>,
    /// `Kamerstukdossier.Toevoeging` ("IX").
    #[serde(rename = "Toevoeging", default)]
    pub toevoeging: Option<String>,
    /// `Kamerstukdossier.Titel`.
    #[serde(rename = "Titel", default)]
    pub titel: Option<String>,
}

/// A motion (Zaak) with everything needed to show it. Field names as in the OData API, so
/// that a tkmoties file or a `Zaak?$expand=ZaakActor,Besluit($expand=Stemming),Document`
/// page deserialises directly; the store builds it from its columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct MotionInput {
    /// `Zaak.Id`.
    #[serde(rename = "Id")]
    pub id: String,
    /// `Zaak.Nummer` ("2023Z20568").
    #[serde(rename = "Nummer", default)]
    pub nummer: Option<String>,
    /// `Zaak.Soort` ("Motie"); absent in tkmoties files.
    #[serde(rename = "Soort", default)]
    pub soort: Option<String>,
    /// `Zaak.Titel` (usually the dossier title).
    #[serde(rename = "Titel", default)]
    pub titel: Option<String>,
    /// `Zaak.Onderwerp` ("Motie van het lid X over …").
    #[serde(rename = "Onderwerp", default)]
    pub onderwerp: Option<String>,
    /// `Zaak.GestartOp`.
    #[serde(rename = "GestartOp", default)]
    pub gestart_op: Option<String>,
    /// `Zaak.Kabinetsappreciatie`.
    #[serde(rename = "Kabinetsappreciatie", default)]
    pub kabinetsappreciatie: Option<String>,
    /// `Zaak.Vergaderjaar`.
    #[serde(rename = "Vergaderjaar", default)]
    pub vergaderjaar: Option<String>,
    /// `Zaak.Volgnummer` (the ondernummer in the dossier).
    #[serde(rename = "Volgnummer", default)]
    pub volgnummer: Option<i64>,
    /// `Zaak.Kamerstukdossier` (`$expand`).
    #[serde(rename = "Kamerstukdossier", default)]
    pub dossiers: Vec<DossierInput>,
    /// `Zaak.ZaakActor` (`$expand`).
    #[serde(rename = "ZaakActor", default)]
    pub actors: Vec<ActorInput>,
    /// `Zaak.Besluit` (`$expand`, each with `Stemming`).
    #[serde(rename = "Besluit", default)]
    pub besluiten: Vec<BesluitInput>,
    /// `Zaak.Document` (`$expand`, optionally with `HuidigeDocumentVersie`).
    #[serde(rename = "Document", default)]
    pub documents: Vec<DocumentInput>,
}

/// A submitter's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The first submitter.
    Indiener,
    /// A co-submitter.
    Medeindiener,
    /// Neither the Relatie nor the Onderwerp says.
    Onbekend,
}

/// Where the role came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleSource {
    /// ZaakActor.Relatie.
    Relatie,
    /// The Onderwerp's list of names.
    Onderwerp,
    /// Not known.
    None,
}

/// One submitter of the motion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submitter {
    /// ZaakActor.ActorNaam as written.
    pub name: String,
    /// The resolved member's id (Persoon.Id or `afgeleid:…`).
    pub member_id: Option<String>,
    /// The resolved member's display name.
    pub member_name: Option<String>,
    /// The Persoon.Id, when the member has a Persoon record.
    pub persoon_id: Option<String>,
    /// ZaakActor.ActorFractie as written.
    pub party: Option<String>,
    /// Kamerwacht party id.
    pub party_id: Option<String>,
    /// Indiener, medeindiener or onbekend.
    pub role: Role,
    /// Where the role came from.
    pub role_source: RoleSource,
}

/// A document of the motion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentView {
    /// Document.Id.
    pub id: Option<String>,
    /// Document.DocumentNummer.
    pub nummer: Option<String>,
    /// Document.Soort.
    pub soort: Option<String>,
    /// Document.Titel.
    pub titel: Option<String>,
    /// Document.Datum (date only).
    pub date: Option<NaiveDate>,
    /// Kamerstuk id ("36470-14").
    pub kamerstuk: Option<String>,
}

/// A motion as shown to the user; the JSON of `kamerwacht motion --json`.
/// Field order is fixed; see crates/domain/README.md for every field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MotionView {
    /// Zaak.Id.
    pub id: String,
    /// Zaak.Nummer.
    pub nummer: Option<String>,
    /// Zaak.Soort.
    pub soort: Option<String>,
    /// motie, gewijzigde_motie or nader_gewijzigde_motie (from the Onderwerp).
    pub kind: Option<MotionKind>,
    /// The subject: the Onderwerp after "over", without "t.v.v. …"; the whole Onderwerp when
    /// it does not parse.
    pub subject: Option<String>,
    /// Zaak.Onderwerp as written (whitespace collapsed).
    pub onderwerp: Option<String>,
    /// Zaak.Titel (the dossier's title).
    pub titel: Option<String>,
    /// The kamerstuk a gewijzigde motie replaces ("36470-8").
    pub replaces: Option<String>,
    /// Zaak.GestartOp (date only).
    pub date: Option<NaiveDate>,
    /// Zaak.Vergaderjaar.
    pub vergaderjaar: Option<String>,
    /// The dossier ("36470", "36800-IX").
    pub dossier: Option<String>,
    /// The motion's own kamerstuk id ("36470-14").
    pub kamerstuk: Option<String>,
    /// Zaak.Kabinetsappreciatie.
    pub kabinetsappreciatie: Option<String>,
    /// The submitters: the indiener first, then medeindieners in Onderwerp order, then the
    /// rest by name.
    pub submitters: Vec<Submitter>,
    /// The outcome with tally, party lines and (roll call) member lines.
    pub outcome: MotionOutcome,
    /// Documents, by number.
    pub documents: Vec<DocumentView>,
    /// Every data-quality finding about this motion (the outcome's included).
    pub findings: Vec<Finding>,
}

/// The role of each actor (same order as `actors`), with its source and the position of the
/// actor's name in the Onderwerp's list of submitters.
///
/// * `ZaakActor.Relatie` "Indiener"/"Medeindiener" wins where present.
/// * Otherwise the Onderwerp ("Motie van het lid X c.s. over …", "… van de leden X en Y …"):
///   the one actor whose name fits X is the indiener; when exactly one fits, every other
///   actor is a medeindiener. When no actor or several fit X, the roles stay `onbekend`
///   (never a guess).
///
/// tkmoties files carry no Relatie: this is how the import finds their indiener.
pub fn submitter_roles(
    onderwerp: Option<&str>,
    actors: &[ActorInput],
) -> Vec<(Role, RoleSource, Option<usize>)> {
    let named = onderwerp
        .and_then(parse_onderwerp)
        .map(|p| p.submitters)
        .unwrap_or_default();
    let pos: Vec<Option<usize>> = actors
        .iter()
        .map(|a| {
            let n = collapse(a.naam.as_deref().unwrap_or(""));
            named.iter().position(|x| name_matches(x, &n))
        })
        .collect();
    let first_hits = pos.iter().filter(|p| **p == Some(0)).count();
    actors
        .iter()
        .zip(&pos)
        .map(|(a, &p)| {
            let rel = a.relatie.as_deref().map(|r| r.trim().to_lowercase());
            let (role, src) = match rel.as_deref() {
                Some("indiener") => (Role::Indiener, RoleSource::Relatie),
                Some("medeindiener") => (Role::Medeindiener, RoleSource::Relatie),
                _ if first_hits == 1 && p == Some(0) => (Role::Indiener, RoleSource::Onderwerp),
                _ if first_hits == 1 => (Role::Medeindiener, RoleSource::Onderwerp),
                _ => (Role::Onbekend, RoleSource::None),
            };
            (role, src, p)
        })
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl MotionView {
    /// Assembles the view. `directory` should have observed this motion's actors
    /// ([`Directory::observe_motion`]) so that members without a Persoon record resolve.
    pub fn build(
        input: &MotionInput,
        directory: &Directory,
        parties: &PartyRegistry,
    ) -> MotionView {
        let date = input.gestart_op.as_deref().and_then(parse_date);
        let parsed = input.onderwerp.as_deref().and_then(parse_onderwerp);
        let mut findings: Vec<Finding> = Vec::new();
        let zaak = input.nummer.clone();
        let mut finding = |kind, message: String| {
            findings.push(Finding {
                kind,
                zaak: zaak.clone(),
                besluit_id: None,
                message,
            })
        };

        // submitters
        let mut subs: Vec<(usize, Submitter)> = Vec::new();
        let named = parsed
            .as_ref()
            .map(|p| p.submitters.clone())
            .unwrap_or_default();
        let roles = submitter_roles(input.onderwerp.as_deref(), &input.actors);
        for (ai, a) in input.actors.iter().enumerate() {
            let name = collapse(a.naam.as_deref().unwrap_or(""));
            let ctx = NameContext {
                party: a.fractie.as_deref(),
                date,
                registry: Some(parties),
            };
            let member = if let Some(pid) = a.persoon_id.as_deref().and_then(|p| directory.get(p)) {
                Some(pid)
            } else {
                match directory.resolve(&name, ctx) {
                    Resolution::Found(m) => Some(m),
                    Resolution::Ambiguous(ms) => {
                        finding(
                            FindingKind::AmbiguousMember,
                            format!(
                                "actor {name:?} fits {} members: {}",
                                ms.len(),
                                ms.iter()
                                    .map(|m| m.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                        None
                    }
                    Resolution::NotFound => {
                        finding(
                            FindingKind::UnresolvedMember,
                            format!("actor {name:?} resolves to no member"),
                        );
                        None
                    }
                }
            };
            let party_id = a.fractie.as_deref().and_then(|f| {
                let p = parties.resolve(f, date).map(|p| p.id.clone());
                if p.is_none() {
                    finding(
                        FindingKind::UnresolvedParty,
                        format!("party {f:?} is not known"),
                    );
                }
                p
            });
            let (role, role_source, pos) = roles[ai];
            subs.push((
                pos.unwrap_or(usize::MAX),
                Submitter {
                    name,
                    member_id: member.map(|m| m.id.clone()),
                    member_name: member.map(|m| m.name.clone()),
                    persoon_id: member
                        .and_then(|m| m.persoon_id.clone())
                        .or_else(|| a.persoon_id.clone()),
                    party: a.fractie.clone(),
                    party_id,
                    role,
                    role_source,
                },
            ));
        }
        for (i, n) in named.iter().enumerate() {
            let hits = roles.iter().filter(|r| r.2 == Some(i)).count();
            if hits != 1 && !input.actors.is_empty() {
                finding(
                    FindingKind::SubmitterMismatch,
                    format!("the Onderwerp names {n:?} but {hits} ZaakActors match it"),
                );
            }
        }
        subs.sort_by(|(pa, a), (pb, b)| {
            let ra = a.role != Role::Indiener;
            let rb = b.role != Role::Indiener;
            (ra, *pa, &a.name).cmp(&(rb, *pb, &b.name))
        });
        let submitters: Vec<Submitter> = subs.into_iter().map(|(_, s)| s).collect();

        // outcome, with parties and members resolved
        let mut outcome = compute_outcome(&input.besluiten);
        let vote_date = outcome.date.or(date);
        for pl in &mut outcome.party_lines {
            pl.party_id = parties.resolve(&pl.party, vote_date).map(|p| p.id.clone());
            if pl.party_id.is_none() && !pl.party.is_empty() {
                finding(
                    FindingKind::UnresolvedParty,
                    format!("vote line party {:?} is not known", pl.party),
                );
            }
        }
        for ml in &mut outcome.member_lines {
            ml.party_id = ml
                .party
                .as_deref()
                .and_then(|p| parties.resolve(p, vote_date))
                .map(|p| p.id.clone());
            let by_persoon = ml.persoon_id.as_deref().and_then(|p| directory.get(p));
            let m = match by_persoon {
                Some(m) => Some(m),
                None => match directory.resolve(
                    &ml.name,
                    NameContext {
                        party: ml.party.as_deref(),
                        date: vote_date,
                        registry: Some(parties),
                    },
                ) {
                    Resolution::Found(m) => Some(m),
                    Resolution::Ambiguous(ms) => {
                        finding(
                            FindingKind::AmbiguousMember,
                            format!("roll-call name {:?} fits {} members", ml.name, ms.len()),
                        );
                        None
                    }
                    Resolution::NotFound => {
                        finding(
                            FindingKind::UnresolvedMember,
                            format!("roll-call name {:?} resolves to no member", ml.name),
                        );
                        None
                    }
                },
            };
            ml.member_id = m.map(|m| m.id.clone());
        }
        for f in &mut outcome.findings {
            f.zaak = zaak.clone();
        }
        let mut all = outcome.findings.clone();
        all.append(&mut findings);

        // documents
        let mut documents: Vec<DocumentView> = input
            .documents
            .iter()
            .filter(|d| d.verwijderd != Some(true))
            .map(|d| DocumentView {
                id: d.id.clone(),
                nummer: d.nummer.clone(),
                soort: d.soort.clone(),
                titel: d.titel.clone(),
                date: d.datum.as_deref().and_then(parse_date),
                kamerstuk: d.kamerstuk_id(),
            })
            .collect();
        documents.sort_by(|a, b| (&a.nummer, &a.id).cmp(&(&b.nummer, &b.id)));
        // the motion's own kamerstuk: of its Motie documents the latest by number
        let kamerstuk = documents
            .iter()
            .rev()
            .filter(|d| {
                d.soort
                    .as_deref()
                    .is_some_and(|s| s.to_lowercase().starts_with("motie"))
            })
            .find_map(|d| d.kamerstuk.clone())
            .or_else(|| documents.iter().rev().find_map(|d| d.kamerstuk.clone()));
        let dossier = input
            .dossiers
            .first()
            .and_then(|d| {
                let n = d.nummer?;
                Some(match d.toevoeging.as_deref().filter(|t| !t.is_empty()) {
                    Some(t) => format!("{n}-{t}"),
                    None => n.to_string(),
                })
            })
            .or_else(|| {
                let k = kamerstuk.as_deref()?;
                k.rsplit_once('-').map(|(d, _)| d.to_string())
            });

        MotionView {
            id: input.id.clone(),
            nummer: input.nummer.clone(),
            soort: input.soort.clone(),
            kind: parsed.as_ref().map(|p| p.kind),
            subject: parsed
                .as_ref()
                .map(|p| p.subject.clone())
                .filter(|s| !s.is_empty())
                .or_else(|| input.onderwerp.as_deref().map(collapse)),
            onderwerp: input.onderwerp.as_deref().map(collapse),
            titel: input.titel.clone(),
            replaces: parsed.as_ref().and_then(|p| p.replaces.clone()),
            date,
            vergaderjaar: input.vergaderjaar.clone(),
            dossier,
            kamerstuk,
            kabinetsappreciatie: input.kabinetsappreciatie.clone(),
            submitters,
            outcome,
            documents,
            findings: all,
        }
    }

    /// The date the vote was taken where known (Activiteit date), else the date the motion
    /// was tabled (GestartOp).
    pub fn vote_date(&self) -> Option<NaiveDate> {
        self.outcome.date.or(self.date)
    }
}
