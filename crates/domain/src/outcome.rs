//! The outcome of a motion from its decisions (Besluit) and vote lines (Stemming): which
//! decision counts, the tally, and the data-quality findings where the data disagrees.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::parties::parse_date;

/// One Stemming row (vote line). Field names as in the OData API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct StemmingInput {
    /// `Stemming.Id`.
    #[serde(rename = "Id", default)]
    pub id: Option<String>,
    /// `Stemming.Soort`: "Voor", "Tegen", "Niet deelgenomen".
    #[serde(rename = "Soort", default)]
    pub soort: Option<String>,
    /// `Stemming.FractieGrootte`: the fractie's seats.
    #[serde(rename = "FractieGrootte", default)]
    pub fractie_grootte: Option<i64>,
    /// `Stemming.ActorNaam`: the fractie ("VVD"), or the member in a roll call
    /// ("Dijk van, I. (Inge)").
    #[serde(rename = "ActorNaam", default)]
    pub actor_naam: Option<String>,
    /// `Stemming.ActorFractie`.
    #[serde(rename = "ActorFractie", default)]
    pub actor_fractie: Option<String>,
    /// `Stemming.Vergissing` (absent = false).
    #[serde(rename = "Vergissing", default)]
    pub vergissing: Option<bool>,
    /// `Stemming.Persoon_Id` (roll calls).
    #[serde(rename = "Persoon_Id", default)]
    pub persoon_id: Option<String>,
    /// `Stemming.Fractie_Id`.
    #[serde(rename = "Fractie_Id", default)]
    pub fractie_id: Option<String>,
    /// `Stemming.Verwijderd`; deleted lines are ignored.
    #[serde(rename = "Verwijderd", default)]
    pub verwijderd: Option<bool>,
}

/// One Besluit (decision) with its vote lines. Field names as in the OData API; the date of
/// the Besluit's Agendapunt's Activiteit is not an OData field of Besluit: the store fills
/// `activiteit_datum` (JSON `ActiviteitDatum`) from Besluit→Agendapunt→Activiteit.Datum.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct BesluitInput {
    /// `Besluit.Id`.
    #[serde(rename = "Id", default)]
    pub id: Option<String>,
    /// `Besluit.BesluitSoort` ("Stemmen - aangenomen", "Stemmen", "Overgenomen", …).
    #[serde(rename = "BesluitSoort", default)]
    pub besluit_soort: Option<String>,
    /// `Besluit.StemmingsSoort` ("Met handopsteken", "Hoofdelijk", null).
    #[serde(rename = "StemmingsSoort", default)]
    pub stemmings_soort: Option<String>,
    /// `Besluit.BesluitTekst`.
    #[serde(rename = "BesluitTekst", default)]
    pub besluit_tekst: Option<String>,
    /// `Besluit.ApiGewijzigdOp`: the order key when the Activiteit date is unknown.
    #[serde(rename = "ApiGewijzigdOp", default)]
    pub api_gewijzigd_op: Option<String>,
    /// `Besluit.Verwijderd`; deleted decisions are ignored.
    #[serde(rename = "Verwijderd", default)]
    pub verwijderd: Option<bool>,
    /// Activiteit.Datum of the Besluit's Agendapunt, when known.
    #[serde(rename = "ActiviteitDatum", default)]
    pub activiteit_datum: Option<String>,
    /// The Besluit's Stemming rows (`$expand=Stemming`).
    #[serde(rename = "Stemming", default)]
    pub stemmingen: Vec<StemmingInput>,
}

impl BesluitInput {
    /// Whether this is a roll call (StemmingsSoort "Hoofdelijk").
    pub fn is_roll_call(&self) -> bool {
        self.stemmings_soort
            .as_deref()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("hoofdelijk"))
    }

    /// Whether this decision can carry the outcome: BesluitSoort starts with "Stemmen" or
    /// is "Overgenomen".
    pub fn is_outcome_decision(&self) -> bool {
        let s = self.besluit_soort.as_deref().unwrap_or("").trim();
        s.to_lowercase().starts_with("stemmen") || s.eq_ignore_ascii_case("overgenomen")
    }

    fn order_key(&self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>, String) {
        let api = self.api_gewijzigd_op.as_deref().and_then(parse_ts);
        let act = self.activiteit_datum.as_deref().and_then(parse_ts);
        (act.or(api), api, self.id.clone().unwrap_or_default())
    }
}

fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(d.and_utc());
    }
    parse_date(s)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

/// What happened to a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Adopted by vote.
    Aangenomen,
    /// Rejected by vote (a tie is a rejection).
    Verworpen,
    /// Held over ("Stemmen - aangehouden").
    Aangehouden,
    /// Withdrawn ("Stemmen - ingetrokken", incl. "(al tijdens debat)").
    Ingetrokken,
    /// Taken over by the government ("Overgenomen"): no vote.
    Overgenomen,
    /// Adopted without a vote ("Stemmen - zonder stemming aannemen").
    ZonderStemmingAangenomen,
    /// Lapsed ("vervallen" in the BesluitSoort).
    Vervallen,
    /// No decision that says what happened.
    Onbekend,
}

impl Outcome {
    /// Adopted in any form (aangenomen, zonder stemming aangenomen, overgenomen).
    pub fn is_adopted(self) -> bool {
        matches!(
            self,
            Outcome::Aangenomen | Outcome::ZonderStemmingAangenomen | Outcome::Overgenomen
        )
    }

    /// Decided either way (adopted, or verworpen).
    pub fn is_decided(self) -> bool {
        self.is_adopted() || self == Outcome::Verworpen
    }
}

/// How the outcome was determined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeBasis {
    /// From the BesluitSoort (for a vote: the tally was checked against it).
    BesluitSoort,
    /// From the tally, because the BesluitSoort names no outcome (bare "Stemmen").
    Tally,
    /// Nothing to go on.
    None,
}

/// How the vote was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteMode {
    /// "Met handopsteken": one line per fractie, FractieGrootte seats each.
    Handopsteken,
    /// "Hoofdelijk": one line per member, one vote each.
    Hoofdelijk,
}

/// One vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    /// "Voor".
    Voor,
    /// "Tegen".
    Tegen,
    /// "Niet deelgenomen".
    NietDeelgenomen,
}

impl Vote {
    /// Parses Stemming.Soort.
    pub fn parse(s: &str) -> Option<Vote> {
        match s.trim().to_lowercase().as_str() {
            "voor" => Some(Vote::Voor),
            "tegen" => Some(Vote::Tegen),
            "niet deelgenomen" | "niet_deelgenomen" => Some(Vote::NietDeelgenomen),
            _ => None,
        }
    }
}

/// A party's vote on one motion. In a roll call: `voor`/`tegen` when every member who
/// voted took that side (members who did not take part are counted apart, in the line's
/// `niet_deelgenomen`), `verdeeld` when members voted both ways, `niet_deelgenomen` when
/// none voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyVote {
    /// All counted votes Voor.
    Voor,
    /// All counted votes Tegen.
    Tegen,
    /// Did not take part.
    NietDeelgenomen,
    /// Members of the party voted Voor and Tegen (roll call).
    Verdeeld,
}

/// The count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Seats (hand vote) or members (roll call) voting Voor.
    pub voor: i64,
    /// Seats or members voting Tegen.
    pub tegen: i64,
    /// Seats or members that did not take part.
    pub niet_deelgenomen: i64,
    /// voor + tegen + niet_deelgenomen.
    pub total: i64,
}

/// A party's line in the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyLine {
    /// The party as written (Stemming.ActorFractie, else ActorNaam).
    pub party: String,
    /// Kamerwacht party id, when resolved (filled by [`crate::motion::MotionView::build`]).
    pub party_id: Option<String>,
    /// Hand vote: the line's FractieGrootte; roll call: the number of member lines.
    pub seats: i64,
    /// The party's vote; `verdeeld` when a roll call split it.
    pub vote: PartyVote,
    /// Votes counted Voor / Tegen / Niet deelgenomen for this line.
    pub voor: i64,
    /// See `voor`.
    pub tegen: i64,
    /// See `voor`.
    pub niet_deelgenomen: i64,
    /// A hand-vote line whose ActorNaam is not the fractie (a member voting apart).
    pub actor: Option<String>,
    /// Vergissing on the line (hand vote) or on any of its member lines (roll call).
    pub vergissing: bool,
}

/// A member's line in a roll call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberLine {
    /// Stemming.ActorNaam as written ("Dijk van, I. (Inge)").
    pub name: String,
    /// Stemming.ActorFractie.
    pub party: Option<String>,
    /// Kamerwacht party id, when resolved.
    pub party_id: Option<String>,
    /// Stemming.Persoon_Id.
    pub persoon_id: Option<String>,
    /// Kamerwacht member id, when resolved (filled by MotionView::build).
    pub member_id: Option<String>,
    /// The vote.
    pub vote: Vote,
    /// Stemming.Vergissing.
    pub vergissing: bool,
}

/// What kind of data-quality finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// BesluitSoort is a bare "Stemmen": the outcome comes from the tally.
    BareStemmen,
    /// The tally says otherwise than the BesluitSoort.
    TallyDisagrees,
    /// Voor equals Tegen: counted as verworpen.
    Tie,
    /// A line marked Vergissing (shown, still counted).
    Vergissing,
    /// No decision that says what happened.
    NoDecision,
    /// A BesluitSoort this code does not know.
    UnknownBesluitSoort,
    /// A vote decision without vote lines.
    NoVoteLines,
    /// Vote lines without StemmingsSoort: the mode was inferred.
    ModeInferred,
    /// A vote line with an unknown Soort (not counted).
    UnknownVote,
    /// An actor or roll-call member that resolves to no member.
    UnresolvedMember,
    /// A name that fits several members.
    AmbiguousMember,
    /// A party name the registry does not know.
    UnresolvedParty,
    /// The submitters named in the Onderwerp do not match the actors.
    SubmitterMismatch,
}

/// A data-quality finding: something in the data that disagrees or had to be inferred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind.
    pub kind: FindingKind,
    /// The Zaak.Nummer, when known (filled by MotionView::build).
    pub zaak: Option<String>,
    /// The Besluit.Id concerned, if any.
    pub besluit_id: Option<String>,
    /// A sentence saying what was found and what was done.
    pub message: String,
}

/// The outcome of a motion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MotionOutcome {
    /// What happened.
    pub outcome: Outcome,
    /// How it was determined.
    pub basis: OutcomeBasis,
    /// The Besluit that carries the outcome.
    pub besluit_id: Option<String>,
    /// Its BesluitSoort.
    pub besluit_soort: Option<String>,
    /// Its BesluitTekst.
    pub besluit_tekst: Option<String>,
    /// Its date: the Activiteit date where known.
    pub date: Option<NaiveDate>,
    /// How the vote was taken, when there was one.
    pub mode: Option<VoteMode>,
    /// What the tally alone says (`None` without vote lines).
    pub tally_outcome: Option<Outcome>,
    /// The count, when there were vote lines.
    pub tally: Option<Tally>,
    /// One line per party (hand vote: per Stemming line), most seats first.
    pub party_lines: Vec<PartyLine>,
    /// Roll call: one line per member, by party then name. Empty for a hand vote.
    pub member_lines: Vec<MemberLine>,
    /// Data-quality findings about this outcome.
    pub findings: Vec<Finding>,
}

/// Picks the decision that carries the outcome: non-deleted Besluiten ordered by the
/// Activiteit date where known, else by ApiGewijzigdOp (ties: ApiGewijzigdOp, then Id); the
/// latest whose BesluitSoort starts with "Stemmen" or is "Overgenomen".
pub fn select_besluit(besluiten: &[BesluitInput]) -> Option<&BesluitInput> {
    besluiten
        .iter()
        .filter(|b| b.verwijderd != Some(true) && b.is_outcome_decision())
        .max_by_key(|b| b.order_key())
}

fn from_soort(soort: &str) -> Option<Option<Outcome>> {
    // Some(Some(o)): names an outcome; Some(None): bare "Stemmen"; None: unknown.
    let s = soort.trim().to_lowercase();
    if s == "overgenomen" {
        return Some(Some(Outcome::Overgenomen));
    }
    let rest = s.strip_prefix("stemmen")?;
    let rest = rest.trim().trim_start_matches(['-', '–', ':']).trim();
    if rest.is_empty() {
        return Some(None);
    }
    let o = if rest.contains("zonder stemming") {
        Outcome::ZonderStemmingAangenomen
    } else if rest.starts_with("aangenomen") {
        Outcome::Aangenomen
    } else if rest.starts_with("verworpen") {
        Outcome::Verworpen
    } else if rest.starts_with("aangehouden") {
        Outcome::Aangehouden
    } else if rest.starts_with("ingetrokken") {
        Outcome::Ingetrokken
    } else if rest.contains("vervallen") {
        Outcome::Vervallen
    } else {
        return None;
    };
    Some(Some(o))
}

/// Counts the vote lines of one decision. Hand vote: FractieGrootte seats per line; roll
/// call: one per member line. Vergissing lines count as recorded. Lines with an unknown
/// Soort are not counted (and get a finding); deleted lines are skipped.
pub fn tally(besluit: &BesluitInput) -> (Option<VoteMode>, Tally, Vec<Finding>) {
    let mut findings = Vec::new();
    let lines: Vec<&StemmingInput> = besluit
        .stemmingen
        .iter()
        .filter(|s| s.verwijderd != Some(true))
        .collect();
    let mode = match besluit
        .stemmings_soort
        .as_deref()
        .map(|s| s.trim().to_lowercase())
    {
        Some(s) if s == "hoofdelijk" => Some(VoteMode::Hoofdelijk),
        Some(s) if s == "met handopsteken" => Some(VoteMode::Handopsteken),
        _ if lines.is_empty() => None,
        other => {
            let roll = lines.iter().any(|s| s.persoon_id.is_some()) || lines.len() > 40;
            let m = if roll {
                VoteMode::Hoofdelijk
            } else {
                VoteMode::Handopsteken
            };
            findings.push(Finding {
                kind: FindingKind::ModeInferred,
                zaak: None,
                besluit_id: besluit.id.clone(),
                message: format!(
                    "StemmingsSoort is {:?}; counted as {} from the {} vote lines",
                    other,
                    if roll { "a roll call" } else { "a hand vote" },
                    lines.len()
                ),
            });
            Some(m)
        }
    };
    let mut t = Tally::default();
    for s in &lines {
        let weight = match mode {
            Some(VoteMode::Hoofdelijk) => 1,
            _ => s.fractie_grootte.unwrap_or(0),
        };
        match s.soort.as_deref().and_then(Vote::parse) {
            Some(Vote::Voor) => t.voor += weight,
            Some(Vote::Tegen) => t.tegen += weight,
            Some(Vote::NietDeelgenomen) => t.niet_deelgenomen += weight,
            None => findings.push(Finding {
                kind: FindingKind::UnknownVote,
                zaak: None,
                besluit_id: besluit.id.clone(),
                message: format!(
                    "vote line {:?} of {:?} has Soort {:?}: not counted",
                    s.id, s.actor_naam, s.soort
                ),
            }),
        }
    }
    t.total = t.voor + t.tegen + t.niet_deelgenomen;
    (mode, t, findings)
}

/// The outcome the tally alone gives: more Voor than Tegen is aangenomen; otherwise
/// verworpen (a tie is verworpen: a motion needs a majority of the votes cast). `None`
/// when nobody voted Voor or Tegen.
pub fn tally_outcome(t: &Tally) -> Option<Outcome> {
    if t.voor == 0 && t.tegen == 0 {
        None
    } else if t.voor > t.tegen {
        Some(Outcome::Aangenomen)
    } else {
        Some(Outcome::Verworpen)
    }
}

fn party_lines(b: &BesluitInput, mode: Option<VoteMode>) -> (Vec<PartyLine>, Vec<MemberLine>) {
    let lines: Vec<&StemmingInput> = b
        .stemmingen
        .iter()
        .filter(|s| s.verwijderd != Some(true))
        .collect();
    let mut parties: Vec<PartyLine> = Vec::new();
    let mut members: Vec<MemberLine> = Vec::new();
    match mode {
        None => {}
        Some(VoteMode::Handopsteken) => {
            for s in &lines {
                let Some(v) = s.soort.as_deref().and_then(Vote::parse) else {
                    continue;
                };
                let seats = s.fractie_grootte.unwrap_or(0);
                let party = s
                    .actor_fractie
                    .clone()
                    .or_else(|| s.actor_naam.clone())
                    .unwrap_or_default();
                let actor = s
                    .actor_naam
                    .clone()
                    .filter(|n| crate::members::fold(n) != crate::members::fold(&party));
                let mut pl = PartyLine {
                    party,
                    party_id: None,
                    seats,
                    vote: PartyVote::Voor,
                    voor: 0,
                    tegen: 0,
                    niet_deelgenomen: 0,
                    actor,
                    vergissing: s.vergissing == Some(true),
                };
                match v {
                    Vote::Voor => pl.voor = seats,
                    Vote::Tegen => {
                        pl.tegen = seats;
                        pl.vote = PartyVote::Tegen
                    }
                    Vote::NietDeelgenomen => {
                        pl.niet_deelgenomen = seats;
                        pl.vote = PartyVote::NietDeelgenomen
                    }
                }
                parties.push(pl);
            }
        }
        Some(VoteMode::Hoofdelijk) => {
            for s in &lines {
                let Some(v) = s.soort.as_deref().and_then(Vote::parse) else {
                    continue;
                };
                let party = s.actor_fractie.clone().unwrap_or_default();
                members.push(MemberLine {
                    name: s.actor_naam.clone().unwrap_or_default(),
                    party: s.actor_fractie.clone(),
                    party_id: None,
                    persoon_id: s.persoon_id.clone(),
                    member_id: None,
                    vote: v,
                    vergissing: s.vergissing == Some(true),
                });
                let pl = match parties.iter_mut().find(|p| p.party == party) {
                    Some(p) => p,
                    None => {
                        parties.push(PartyLine {
                            party: party.clone(),
                            party_id: None,
                            seats: 0,
                            vote: PartyVote::Voor,
                            voor: 0,
                            tegen: 0,
                            niet_deelgenomen: 0,
                            actor: None,
                            vergissing: false,
                        });
                        parties.last_mut().expect("just pushed")
                    }
                };
                pl.seats += 1;
                pl.vergissing |= s.vergissing == Some(true);
                match v {
                    Vote::Voor => pl.voor += 1,
                    Vote::Tegen => pl.tegen += 1,
                    Vote::NietDeelgenomen => pl.niet_deelgenomen += 1,
                }
            }
            for p in &mut parties {
                // members who did not take part do not split a party's vote
                p.vote = match (p.voor > 0, p.tegen > 0) {
                    (true, true) => PartyVote::Verdeeld,
                    (true, false) => PartyVote::Voor,
                    (false, true) => PartyVote::Tegen,
                    (false, false) => PartyVote::NietDeelgenomen,
                };
            }
            members.sort_by(|a, b| (&a.party, &a.name).cmp(&(&b.party, &b.name)));
        }
    }
    parties.sort_by(|a, b| {
        b.seats
            .cmp(&a.seats)
            .then_with(|| a.party.cmp(&b.party))
            .then_with(|| a.actor.cmp(&b.actor))
    });
    (parties, members)
}

/// The outcome of a motion from all its Besluiten (see [`select_besluit`]).
///
/// * BesluitSoort naming an outcome: that outcome. When there are vote lines, the tally is
///   checked against it; a disagreement is a [`FindingKind::TallyDisagrees`] finding and the
///   Kamer's recorded decision stands.
/// * Bare "Stemmen": the tally decides, with a [`FindingKind::BareStemmen`] finding.
/// * A tie: verworpen, with a [`FindingKind::Tie`] finding.
/// * Every Vergissing line: a [`FindingKind::Vergissing`] finding; the line still counts.
pub fn compute_outcome(besluiten: &[BesluitInput]) -> MotionOutcome {
    let Some(b) = select_besluit(besluiten) else {
        let live = besluiten
            .iter()
            .filter(|b| b.verwijderd != Some(true))
            .count();
        return MotionOutcome {
            outcome: Outcome::Onbekend,
            basis: OutcomeBasis::None,
            besluit_id: None,
            besluit_soort: None,
            besluit_tekst: None,
            date: None,
            mode: None,
            tally_outcome: None,
            tally: None,
            party_lines: Vec::new(),
            member_lines: Vec::new(),
            findings: vec![Finding {
                kind: FindingKind::NoDecision,
                zaak: None,
                besluit_id: None,
                message: format!(
                    "no decision with a BesluitSoort starting with \"Stemmen\" or \"Overgenomen\" among {live} Besluit(en)"
                ),
            }],
        };
    };
    let (mode, t, mut findings) = tally(b);
    let has_lines = mode.is_some();
    let t_out = if has_lines { tally_outcome(&t) } else { None };
    let soort = b.besluit_soort.clone().unwrap_or_default();
    let finding = |kind, message: String| Finding {
        kind,
        zaak: None,
        besluit_id: b.id.clone(),
        message,
    };
    let (outcome, basis) = match from_soort(&soort) {
        Some(Some(o)) => {
            if let Some(to) = t_out
                && matches!(o, Outcome::Aangenomen | Outcome::Verworpen)
                && to != o
            {
                findings.push(finding(
                    FindingKind::TallyDisagrees,
                    format!(
                        "BesluitSoort {soort:?} but the tally is {}–{} ({:?}); the recorded decision is kept",
                        t.voor, t.tegen, to
                    ),
                ));
            }
            if matches!(o, Outcome::Aangenomen | Outcome::Verworpen) && !has_lines {
                findings.push(finding(
                    FindingKind::NoVoteLines,
                    format!("BesluitSoort {soort:?} but the decision has no vote lines"),
                ));
            }
            (o, OutcomeBasis::BesluitSoort)
        }
        Some(None) => match t_out {
            Some(to) => {
                findings.push(finding(
                    FindingKind::BareStemmen,
                    format!(
                        "BesluitSoort is a bare \"Stemmen\": outcome {:?} taken from the tally {}–{}",
                        to, t.voor, t.tegen
                    ),
                ));
                (to, OutcomeBasis::Tally)
            }
            None => {
                findings.push(finding(
                    FindingKind::BareStemmen,
                    "BesluitSoort is a bare \"Stemmen\" and there is no tally: outcome unknown"
                        .to_string(),
                ));
                (Outcome::Onbekend, OutcomeBasis::None)
            }
        },
        None => {
            let o = t_out.unwrap_or(Outcome::Onbekend);
            findings.push(finding(
                FindingKind::UnknownBesluitSoort,
                format!("unknown BesluitSoort {soort:?}; outcome {o:?} from the tally"),
            ));
            let basis = if t_out.is_some() {
                OutcomeBasis::Tally
            } else {
                OutcomeBasis::None
            };
            (o, basis)
        }
    };
    if has_lines && t.voor == t.tegen && t.voor > 0 {
        findings.push(finding(
            FindingKind::Tie,
            format!(
                "tie {}–{}: counted as verworpen (a motion needs a majority of the votes cast)",
                t.voor, t.tegen
            ),
        ));
    }
    for s in b.stemmingen.iter().filter(|s| s.verwijderd != Some(true)) {
        if s.vergissing == Some(true) {
            findings.push(finding(
                FindingKind::Vergissing,
                format!(
                    "vote line {:?} ({}: {}) is marked Vergissing; it still counts as recorded",
                    s.id.as_deref().unwrap_or(""),
                    s.actor_naam.as_deref().unwrap_or("?"),
                    s.soort.as_deref().unwrap_or("?")
                ),
            ));
        }
    }
    let (party_lines, member_lines) = party_lines(b, mode);
    MotionOutcome {
        outcome,
        basis,
        besluit_id: b.id.clone(),
        besluit_soort: b.besluit_soort.clone(),
        besluit_tekst: b.besluit_tekst.clone(),
        date: b.activiteit_datum.as_deref().and_then(parse_date),
        mode,
        tally_outcome: t_out,
        tally: has_lines.then_some(t),
        party_lines,
        member_lines,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(soort: &str, seats: i64, fractie: &str) -> StemmingInput {
        StemmingInput {
            soort: Some(soort.into()),
            fractie_grootte: Some(seats),
            actor_naam: Some(fractie.into()),
            actor_fractie: Some(fractie.into()),
            ..StemmingInput::default()
        }
    }

    fn besluit(
        soort: &str,
        mode: Option<&str>,
        api: &str,
        lines: Vec<StemmingInput>,
    ) -> BesluitInput {
        BesluitInput {
            id: Some(format!("b-{api}")),
            besluit_soort: Some(soort.into()),
            stemmings_soort: mode.map(Into::into),
            api_gewijzigd_op: Some(api.into()),
            stemmingen: lines,
            ..BesluitInput::default()
        }
    }

    #[test]
    fn latest_vote_decision_wins_and_activiteit_date_beats_api_time() {
        let held = besluit(
            "Stemmen - aangehouden",
            None,
            "2023-05-01T00:00:00Z",
            vec![],
        );
        let vote = besluit(
            "Stemmen - verworpen",
            Some("Met handopsteken"),
            "2023-04-01T00:00:00Z",
            vec![line("Tegen", 80, "A"), line("Voor", 70, "B")],
        );
        let proc_ = besluit("Behandelen", None, "2023-06-01T00:00:00Z", vec![]);
        // by ApiGewijzigdOp alone the aangehouden decision is latest
        let o = compute_outcome(&[vote.clone(), held.clone(), proc_.clone()]);
        assert_eq!(o.outcome, Outcome::Aangehouden);
        // with Activiteit dates the vote is later
        let mut vote2 = vote;
        vote2.activiteit_datum = Some("2023-05-10T00:00:00+02:00".into());
        let mut held2 = held;
        held2.activiteit_datum = Some("2023-03-01T00:00:00+01:00".into());
        let o = compute_outcome(&[vote2, held2, proc_]);
        assert_eq!(o.outcome, Outcome::Verworpen);
        assert_eq!(o.tally.unwrap().tegen, 80);
        assert_eq!(o.date, NaiveDate::from_ymd_opt(2023, 5, 10));
    }

    #[test]
    fn outcomes_without_vote() {
        for (s, o) in [
            ("Stemmen - aangehouden", Outcome::Aangehouden),
            ("Stemmen - ingetrokken", Outcome::Ingetrokken),
            (
                "Stemmen - ingetrokken (al tijdens debat)",
                Outcome::Ingetrokken,
            ),
            (
                "Stemmen - zonder stemming aannemen",
                Outcome::ZonderStemmingAangenomen,
            ),
            ("Overgenomen", Outcome::Overgenomen),
        ] {
            let r = compute_outcome(&[besluit(s, None, "2023-01-01T00:00:00Z", vec![])]);
            assert_eq!(r.outcome, o, "{s}");
            assert_eq!(r.basis, OutcomeBasis::BesluitSoort);
            assert!(r.tally.is_none());
            assert!(r.findings.is_empty(), "{s}: {:?}", r.findings);
        }
        let r = compute_outcome(&[besluit("Behandelen", None, "2023-01-01T00:00:00Z", vec![])]);
        assert_eq!(r.outcome, Outcome::Onbekend);
        assert_eq!(r.findings[0].kind, FindingKind::NoDecision);
    }

    #[test]
    fn disagreement_and_tie_are_findings() {
        let b = besluit(
            "Stemmen - aangenomen",
            Some("Met handopsteken"),
            "2023-01-01T00:00:00Z",
            vec![line("Tegen", 76, "A"), line("Voor", 74, "B")],
        );
        let r = compute_outcome(&[b]);
        assert_eq!(r.outcome, Outcome::Aangenomen);
        assert_eq!(r.tally_outcome, Some(Outcome::Verworpen));
        assert!(
            r.findings
                .iter()
                .any(|f| f.kind == FindingKind::TallyDisagrees)
        );
        let b = besluit(
            "Stemmen",
            Some("Met handopsteken"),
            "2023-01-01T00:00:00Z",
            vec![line("Tegen", 75, "A"), line("Voor", 75, "B")],
        );
        let r = compute_outcome(&[b]);
        assert_eq!(r.outcome, Outcome::Verworpen);
        assert_eq!(r.basis, OutcomeBasis::Tally);
        let kinds: Vec<FindingKind> = r.findings.iter().map(|f| f.kind).collect();
        assert!(kinds.contains(&FindingKind::Tie) && kinds.contains(&FindingKind::BareStemmen));
    }
}
