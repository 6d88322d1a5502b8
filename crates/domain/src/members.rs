//! Members of the Kamer across name forms: name normalisation, a [`Directory`] built from
//! Persoon records plus members derived from actor names, and the Onderwerp parser that
//! names a motion's submitters.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::parties::PartyRegistry;

/// The matching key of a name: lower case, diacritics removed (NFD, combining marks
/// dropped), every run of non-alphanumeric characters one space, trimmed.
/// `"Gündogan"` → `"gundogan"`, `"Yeşilgöz-Zegerius"` → `"yesilgoz zegerius"`,
/// `"'t Hart"` → `"t hart"`. Idempotent.
pub fn fold(s: &str) -> String {
    // a few passes reach the fixed point even for the rare letters whose lower case
    // decomposes further or is not alphanumeric
    let mut cur = fold_once(s);
    for _ in 0..4 {
        let next = fold_once(&cur);
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

fn fold_once(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            for l in c.to_lowercase() {
                out.extend(l.nfd().filter(|c| !is_combining_mark(*c)));
            }
        } else {
            space = true;
        }
    }
    out
}

/// Dutch tussenvoegsel words (folded). Used only to tell a bare surname that starts with a
/// capitalised tussenvoegsel ("Van Dijk") from "given name + surname" ("Inge van Dijk").
const TUSSENVOEGSELS: &[&str] = &[
    "van", "de", "der", "den", "het", "ter", "ten", "te", "t", "in", "op", "la", "le", "du", "d",
    "von", "zu", "vande", "vander", "uit", "del", "da", "dos", "des", "di", "l",
];

/// One reading of a name string, in folded keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameParts {
    /// Initials, letters only (`"W.R."` → `"wr"`), when the form has them.
    pub initials: Option<String>,
    /// Given name (roepnaam, or the first word of a "Inge van Dijk" form), folded.
    pub given: Option<String>,
    /// The full surname with its tussenvoegsel in front, folded: `"van dijk"`.
    pub surname: String,
    /// The tussenvoegsel as written (lower case), for display of derived members.
    pub tussenvoegsel: Option<String>,
    /// The surname without tussenvoegsel as written, for display of derived members.
    pub achternaam: String,
    /// The roepnaam as written, when the form has one in parentheses or in front.
    pub roepnaam: Option<String>,
    /// The initials as written.
    pub initialen: Option<String>,
}

fn is_initials_token(t: &str) -> bool {
    t.contains('.') && t.chars().filter(|c| c.is_alphabetic()).count() <= 8
}

fn initials_key(s: &str) -> String {
    fold(s).replace(' ', "")
}

/// Splits "van der Plas" into ("van der", "Plas"): leading words that are written in lower
/// case are the tussenvoegsel.
fn split_tussenvoegsel(words: &[&str]) -> (Option<String>, String) {
    let mut i = 0;
    while i + 1 < words.len() && words[i].chars().next().is_some_and(|c| c.is_lowercase()) {
        i += 1;
    }
    let tv = (i > 0).then(|| words[..i].join(" "));
    (tv, words[i..].join(" "))
}

fn parts(
    initialen: Option<String>,
    roepnaam: Option<String>,
    tussenvoegsel: Option<String>,
    achternaam: String,
) -> NameParts {
    let surname = fold(&format!(
        "{} {}",
        tussenvoegsel.as_deref().unwrap_or(""),
        achternaam
    ));
    NameParts {
        initials: initialen.as_deref().map(initials_key),
        given: roepnaam.as_deref().map(fold),
        surname,
        tussenvoegsel: tussenvoegsel.map(|t| t.to_lowercase()),
        achternaam,
        roepnaam,
        initialen,
    }
}

/// Every plausible reading of a name string, most likely first:
///
/// * `"Dijk van, I. (Inge)"` / `"Dijk van, I."` (roll-call Stemming.ActorNaam): surname
///   before the comma, trailing lower-case words are the tussenvoegsel.
/// * `"I. (Inge) van Dijk"` / `"W.R. van Haga"` (ZaakActor.ActorNaam): initials, optional
///   roepnaam, surname.
/// * `"Van Dijk"`, `"Six Dijkstra"`, `"Inge van Dijk"` (Onderwerp, signatures): first the
///   whole string as a surname, then (when the first word is not a tussenvoegsel) the first
///   word as given name and the rest as surname.
pub fn parse_name(s: &str) -> Vec<NameParts> {
    let s: String = s.nfc().collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Vec::new();
    }
    // roepnaam in parentheses
    let mut roepnaam = None;
    let mut rest = s.clone();
    if let (Some(a), Some(b)) = (s.find('('), s.find(')'))
        && a < b
    {
        let r = s[a + 1..b].trim();
        if !r.is_empty() {
            roepnaam = Some(r.to_string());
        }
        rest = format!("{} {}", &s[..a], &s[b + 1..]);
        rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    if let Some((sur, given)) = rest.split_once(',') {
        let words: Vec<&str> = sur.split_whitespace().collect();
        let mut j = words.len();
        while j > 1
            && words[j - 1]
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase())
        {
            j -= 1;
        }
        let tv = (j < words.len()).then(|| words[j..].join(" "));
        let ach = words[..j].join(" ");
        let g = given.trim();
        let (ini, extra_given) = if g.split_whitespace().all(is_initials_token) && !g.is_empty() {
            (Some(g.replace(' ', "")), None)
        } else if g.is_empty() {
            (None, None)
        } else {
            (None, Some(g.to_string()))
        };
        return vec![parts(ini, roepnaam.or(extra_given), tv, ach)];
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let n_ini = words.iter().take_while(|w| is_initials_token(w)).count();
    if n_ini > 0 && n_ini < words.len() {
        let ini = words[..n_ini].concat();
        let (tv, ach) = split_tussenvoegsel(&words[n_ini..]);
        return vec![parts(Some(ini), roepnaam, tv, ach)];
    }
    let mut out = Vec::new();
    // whole string as surname ("Van Dijk", "Six Dijkstra", "van der Plas")
    {
        let mut i = 0;
        while i + 1 < words.len() && TUSSENVOEGSELS.contains(&fold(words[i]).as_str()) {
            i += 1;
        }
        let tv = (i > 0).then(|| words[..i].join(" "));
        out.push(parts(None, roepnaam.clone(), tv, words[i..].join(" ")));
    }
    // first word as given name ("Inge van Dijk", "Léon de Jong")
    if words.len() >= 2 && !TUSSENVOEGSELS.contains(&fold(words[0]).as_str()) {
        let (tv, ach) = split_tussenvoegsel(&words[1..]);
        out.push(parts(None, Some(words[0].to_string()), tv, ach));
    }
    out
}

/// A Persoon record as the OData API and the store give it (field names as in the API).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PersoonInput {
    /// `Persoon.Id`.
    #[serde(rename = "Id")]
    pub id: String,
    /// `Persoon.Nummer`.
    #[serde(rename = "Nummer", default)]
    pub nummer: Option<i64>,
    /// `Persoon.Initialen` ("I.", "W.R.").
    #[serde(rename = "Initialen", default)]
    pub initialen: Option<String>,
    /// `Persoon.Tussenvoegsel` ("van", "van der").
    #[serde(rename = "Tussenvoegsel", default)]
    pub tussenvoegsel: Option<String>,
    /// `Persoon.Achternaam` ("Dijk").
    #[serde(rename = "Achternaam", default)]
    pub achternaam: Option<String>,
    /// `Persoon.Voornamen`.
    #[serde(rename = "Voornamen", default)]
    pub voornamen: Option<String>,
    /// `Persoon.Roepnaam`.
    #[serde(rename = "Roepnaam", default)]
    pub roepnaam: Option<String>,
    /// `Persoon.Functie` ("Tweede Kamerlid", "Oud Kamerlid").
    #[serde(rename = "Functie", default)]
    pub functie: Option<String>,
    /// `Persoon.Fractielabel`.
    #[serde(rename = "Fractielabel", default)]
    pub fractielabel: Option<String>,
    /// `Persoon.Verwijderd`; deleted records are ignored.
    #[serde(rename = "Verwijderd", default)]
    pub verwijderd: Option<bool>,
}

/// A party a member was seen with (in a ZaakActor or Stemming row), and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartySighting {
    /// The party name as written in the data (`ActorFractie`).
    pub party: String,
    /// Earliest date seen with it, where known.
    pub first: Option<NaiveDate>,
    /// Latest date seen with it, where known.
    pub last: Option<NaiveDate>,
}

/// One member (a person), from a Persoon record or derived from actor names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    /// Kamerwacht's member id: the Persoon.Id, or `afgeleid:<initials>-<surname>` for a
    /// derived member (`afgeleid:wr-van-haga`).
    pub id: String,
    /// The Persoon.Id, when there is a Persoon record.
    pub persoon_id: Option<String>,
    /// True when no Persoon record exists and the member was derived from actor names.
    pub derived: bool,
    /// The name to show: "Roepnaam tussenvoegsel Achternaam", else "Initialen …".
    pub name: String,
    /// Initials as written.
    pub initialen: Option<String>,
    /// Roepnaam.
    pub roepnaam: Option<String>,
    /// Voornamen (Persoon records only).
    pub voornamen: Option<String>,
    /// Tussenvoegsel.
    pub tussenvoegsel: Option<String>,
    /// Achternaam without tussenvoegsel.
    pub achternaam: String,
    /// Persoon.Functie.
    pub functie: Option<String>,
    /// The parties the member was seen with, in order of first sighting.
    pub parties: Vec<PartySighting>,
    /// Every actor-name form this member was seen under (sorted).
    pub forms: Vec<String>,
    #[serde(skip)]
    surname_key: String,
    #[serde(skip)]
    initials_key: Option<String>,
    #[serde(skip)]
    given_keys: Vec<String>,
}

impl Member {
    fn compatible(&self, p: &NameParts) -> bool {
        if self.surname_key != p.surname {
            return false;
        }
        if let (Some(a), Some(b)) = (&p.initials, &self.initials_key)
            && a != b
        {
            return false;
        }
        if let Some(g) = &p.given {
            if !self.given_keys.is_empty() {
                if !self.given_keys.contains(g) {
                    return false;
                }
            } else if let (Some(ik), Some(c)) = (&self.initials_key, g.chars().next())
                && !ik.starts_with(c)
            {
                return false;
            }
        }
        true
    }

    fn date_range(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let first = self.parties.iter().filter_map(|s| s.first).min();
        let last = self.parties.iter().filter_map(|s| s.last).max();
        (first, last)
    }

    fn refresh_name(&mut self) {
        let sur = match &self.tussenvoegsel {
            Some(t) if !t.is_empty() => format!("{t} {}", self.achternaam),
            _ => self.achternaam.clone(),
        };
        self.name = match (&self.roepnaam, &self.initialen) {
            (Some(r), _) => format!("{r} {sur}"),
            (None, Some(i)) => format!("{i} {sur}"),
            (None, None) => sur,
        };
        let mut g = Vec::new();
        if let Some(r) = &self.roepnaam {
            g.push(fold(r));
        }
        if let Some(v) = &self.voornamen
            && let Some(first) = v.split_whitespace().next()
        {
            g.push(fold(first));
        }
        g.dedup();
        self.given_keys = g;
    }
}

/// Context that helps choose between members with the same name form.
#[derive(Debug, Clone, Copy, Default)]
pub struct NameContext<'a> {
    /// The party the name was written with (any name form of the party).
    pub party: Option<&'a str>,
    /// The date of the record the name comes from.
    pub date: Option<NaiveDate>,
    /// Used to compare party names ("NSC" = "Nieuw Sociaal Contract"); without it, party
    /// names are compared folded.
    pub registry: Option<&'a PartyRegistry>,
}

/// The result of resolving a name: one member, several (never a guess), or none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "members", rename_all = "snake_case")]
pub enum Resolution<'a> {
    /// Exactly one member fits.
    Found(&'a Member),
    /// Several members fit and the context does not decide; all are listed.
    Ambiguous(Vec<&'a Member>),
    /// No member fits.
    NotFound,
}

impl<'a> Resolution<'a> {
    /// The member, when exactly one was found.
    pub fn found(&self) -> Option<&'a Member> {
        match self {
            Resolution::Found(m) => Some(m),
            _ => None,
        }
    }
}

/// Every member, findable by any name form. Build with [`Directory::new`] from Persoon
/// records, then [`Directory::observe`] every actor name (ZaakActor, roll-call Stemming) so
/// that members without a Persoon record are derived and party sightings recorded
/// ([`Directory::observe_motion`] does this for one motion).
#[derive(Debug, Clone, Default)]
pub struct Directory {
    members: Vec<Member>,
    by_surname: BTreeMap<String, Vec<usize>>,
    by_id: BTreeMap<String, usize>,
}

impl Directory {
    /// A directory of the given Persoon records (deleted ones and ones without Achternaam
    /// are skipped).
    pub fn new(persons: &[PersoonInput]) -> Directory {
        let mut d = Directory::default();
        for p in persons {
            if p.verwijderd == Some(true) || d.by_id.contains_key(&p.id) {
                continue;
            }
            let Some(ach) = p.achternaam.as_deref().filter(|a| !a.trim().is_empty()) else {
                continue;
            };
            let tv = p.tussenvoegsel.clone().filter(|t| !t.trim().is_empty());
            let surname_key = fold(&format!("{} {}", tv.as_deref().unwrap_or(""), ach));
            let mut m = Member {
                id: p.id.clone(),
                persoon_id: Some(p.id.clone()),
                derived: false,
                name: String::new(),
                initialen: p.initialen.clone(),
                roepnaam: p.roepnaam.clone().filter(|r| !r.trim().is_empty()),
                voornamen: p.voornamen.clone(),
                tussenvoegsel: tv,
                achternaam: ach.to_string(),
                functie: p.functie.clone(),
                parties: Vec::new(),
                forms: Vec::new(),
                surname_key,
                initials_key: p.initialen.as_deref().map(initials_key),
                given_keys: Vec::new(),
            };
            m.refresh_name();
            d.insert(m);
        }
        d
    }

    fn insert(&mut self, m: Member) -> usize {
        let i = self.members.len();
        self.by_surname
            .entry(m.surname_key.clone())
            .or_default()
            .push(i);
        self.by_id.insert(m.id.clone(), i);
        self.members.push(m);
        i
    }

    /// Every member, Persoon records first, then derived members in order of first sighting.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// The member with this id (Persoon.Id or `afgeleid:…`).
    pub fn get(&self, id: &str) -> Option<&Member> {
        self.by_id.get(id).map(|&i| &self.members[i])
    }

    fn candidates(&self, name: &str) -> Vec<usize> {
        for p in parse_name(name) {
            let hits: Vec<usize> = self
                .by_surname
                .get(&p.surname)
                .map(|v| {
                    v.iter()
                        .copied()
                        .filter(|&i| self.members[i].compatible(&p))
                        .collect()
                })
                .unwrap_or_default();
            if !hits.is_empty() {
                return hits;
            }
        }
        Vec::new()
    }

    fn narrow(&self, cands: Vec<usize>, ctx: &NameContext<'_>) -> Vec<usize> {
        let mut cands = cands;
        if cands.len() > 1
            && let Some(party) = ctx.party
        {
            let same = |a: &str| match ctx.registry {
                Some(r) => r.same_party(a, party, ctx.date),
                None => fold(a) == fold(party),
            };
            let with_party: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&i| self.members[i].parties.iter().any(|s| same(&s.party)))
                .collect();
            if !with_party.is_empty() {
                cands = with_party;
            }
            if cands.len() > 1
                && let Some(d) = ctx.date
            {
                let on_date: Vec<usize> = cands
                    .iter()
                    .copied()
                    .filter(|&i| {
                        self.members[i].parties.iter().any(|s| {
                            same(&s.party)
                                && s.first.is_none_or(|f| f <= d)
                                && s.last.is_none_or(|l| d <= l)
                        })
                    })
                    .collect();
                if !on_date.is_empty() {
                    cands = on_date;
                }
            }
        }
        if cands.len() > 1
            && let Some(d) = ctx.date
        {
            let on_date: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&i| {
                    let (f, l) = self.members[i].date_range();
                    f.is_some_and(|f| f <= d) && l.is_some_and(|l| d <= l)
                })
                .collect();
            if on_date.len() == 1 {
                cands = on_date;
            }
        }
        cands
    }

    /// Resolves any name form (or a member id) to one member. When several members fit the
    /// form (bare "Van Dijk"), the context's party and date narrow the choice; when they do
    /// not decide, the result is [`Resolution::Ambiguous`] with every candidate — never a
    /// guess.
    pub fn resolve(&self, name: &str, ctx: NameContext<'_>) -> Resolution<'_> {
        if let Some(m) = self.get(name.trim()) {
            return Resolution::Found(m);
        }
        let c = self.narrow(self.candidates(name), &ctx);
        match c.len() {
            0 => Resolution::NotFound,
            1 => Resolution::Found(&self.members[c[0]]),
            _ => Resolution::Ambiguous(c.iter().map(|&i| &self.members[i]).collect()),
        }
    }

    /// Records an actor name seen in the data (ZaakActor.ActorNaam or roll-call
    /// Stemming.ActorNaam) with its party and date, and returns the member id it belongs to.
    /// A name with initials that fits no member creates a derived member; a name without
    /// initials that fits none, or a name that fits several, returns `None` (nothing is
    /// created or guessed).
    pub fn observe(
        &mut self,
        name: &str,
        party: Option<&str>,
        date: Option<NaiveDate>,
    ) -> Option<String> {
        let parsed = parse_name(name);
        let first = parsed.first()?.clone();
        let cands = self.narrow(
            self.candidates(name),
            &NameContext {
                party,
                date,
                registry: None,
            },
        );
        let idx = match cands.len() {
            1 => cands[0],
            0 if first.initials.is_some() && !first.surname.is_empty() => {
                let id = format!(
                    "afgeleid:{}-{}",
                    first.initials.as_deref().unwrap_or(""),
                    first.surname.replace(' ', "-")
                );
                let mut m = Member {
                    id,
                    persoon_id: None,
                    derived: true,
                    name: String::new(),
                    initialen: first.initialen.clone(),
                    roepnaam: first.roepnaam.clone(),
                    voornamen: None,
                    tussenvoegsel: first.tussenvoegsel.clone(),
                    achternaam: first.achternaam.clone(),
                    functie: None,
                    parties: Vec::new(),
                    forms: Vec::new(),
                    surname_key: first.surname.clone(),
                    initials_key: first.initials.clone(),
                    given_keys: Vec::new(),
                };
                m.refresh_name();
                self.insert(m)
            }
            _ => return None,
        };
        let m = &mut self.members[idx];
        if m.derived && m.roepnaam.is_none() && first.roepnaam.is_some() {
            m.roepnaam = first.roepnaam.clone();
            m.refresh_name();
        }
        let form = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Err(pos) = m.forms.binary_search(&form) {
            m.forms.insert(pos, form);
        }
        if let Some(p) = party.map(str::trim).filter(|p| !p.is_empty()) {
            match m.parties.iter_mut().find(|s| fold(&s.party) == fold(p)) {
                Some(s) => {
                    if let Some(d) = date {
                        s.first = Some(s.first.map_or(d, |f| f.min(d)));
                        s.last = Some(s.last.map_or(d, |l| l.max(d)));
                    }
                }
                None => m.parties.push(PartySighting {
                    party: p.to_string(),
                    first: date,
                    last: date,
                }),
            }
        }
        Some(m.id.clone())
    }

    /// Observes every ZaakActor and every roll-call Stemming line of one motion (dated by
    /// its GestartOp).
    pub fn observe_motion(&mut self, motion: &crate::motion::MotionInput) {
        let date = motion
            .gestart_op
            .as_deref()
            .and_then(crate::parties::parse_date);
        for a in &motion.actors {
            if let Some(n) = &a.naam {
                self.observe(n, a.fractie.as_deref(), date);
            }
        }
        for b in &motion.besluiten {
            if b.is_roll_call() {
                for s in &b.stemmingen {
                    if let Some(n) = &s.actor_naam {
                        self.observe(n, s.actor_fractie.as_deref(), date);
                    }
                }
            }
        }
    }
}

/// Whether a name form written in a text ("Van Haga", "Inge van Dijk") can be the person of
/// a full actor name ("W.R. van Haga", "I. (Inge) van Dijk", "Dijk van, I.").
pub fn name_matches(form: &str, actor_name: &str) -> bool {
    let Some(full) = parse_name(actor_name).into_iter().next() else {
        return false;
    };
    parse_name(form).iter().any(|p| {
        p.surname == full.surname
            && match (&p.initials, &full.initials) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
            && match &p.given {
                None => true,
                Some(g) => match (&full.given, &full.initials) {
                    (Some(fg), _) => fg == g,
                    (None, Some(fi)) => g.chars().next().is_some_and(|c| fi.starts_with(c)),
                    (None, None) => true,
                },
            }
    })
}

/// The kind of motion an Onderwerp names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MotionKind {
    /// "Motie van …".
    Motie,
    /// "Gewijzigde motie van …".
    GewijzigdeMotie,
    /// "Nader gewijzigde motie van …".
    NaderGewijzigdeMotie,
}

/// What a motion's Onderwerp says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OnderwerpParts {
    /// Motie, gewijzigde or nader gewijzigde motie.
    pub kind: MotionKind,
    /// The submitters' names as written, in order; the first is the indiener.
    pub submitters: Vec<String>,
    /// Whether the list ends in "c.s." (more co-submitters than named).
    pub cs: bool,
    /// The subject: the text after "over", without a trailing "(t.v.v. …)".
    pub subject: String,
    /// The kamerstuk this motion replaces ("t.v.v. 36470-8" → `36470-8`).
    pub replaces: Option<String>,
}

static ONDERWERP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)^\s*(?P<kind>nader\s+gewijzigde\s+motie|gewijzigde\s+motie|motie)\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<rest>.*)$",
    )
    .expect("valid regex")
});
static TVV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s*\(?\s*t\.\s*v\.\s*v\.\s*(?P<k>[0-9A-Za-z]+(?:-[0-9A-Za-z]+)+)\s*\)?\s*\.?\s*$",
    )
    .expect("valid regex")
});
static SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*,\s*|\s+en\s+").expect("valid regex"));

/// Parses a motion's Onderwerp: "Motie van het lid X c.s. over …", "Motie van de leden X en
/// Y over …", "Gewijzigde motie van het lid X over … (t.v.v. 36470-8)", "Motie van het lid X
/// en Y over …". `None` when the text does not start like a motion's Onderwerp.
pub fn parse_onderwerp(onderwerp: &str) -> Option<OnderwerpParts> {
    let text = onderwerp.split_whitespace().collect::<Vec<_>>().join(" ");
    let c = ONDERWERP.captures(&text)?;
    let kind_text = c["kind"].to_lowercase();
    let kind = if kind_text.starts_with("nader") {
        MotionKind::NaderGewijzigdeMotie
    } else if kind_text.starts_with("gewijzigde") {
        MotionKind::GewijzigdeMotie
    } else {
        MotionKind::Motie
    };
    let rest = &c["rest"];
    let (names, subject) = match rest.find(" over ") {
        Some(i) => (&rest[..i], rest[i + 6..].trim()),
        None => (rest, ""),
    };
    let (subject, replaces) = match TVV.captures(subject) {
        Some(t) => (
            subject[..t.get(0).map_or(subject.len(), |m| m.start())]
                .trim()
                .to_string(),
            Some(t["k"].to_string()),
        ),
        None => (subject.to_string(), None),
    };
    let mut names = names.trim().to_string();
    let mut cs = false;
    for suffix in [" c.s.", " cs", " c.s"] {
        if names.to_lowercase().ends_with(suffix) {
            names.truncate(names.len() - suffix.len());
            cs = true;
            break;
        }
    }
    let submitters: Vec<String> = SEP
        .split(names.trim())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    Some(OnderwerpParts {
        kind,
        submitters,
        cs,
        subject,
        replaces,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_examples() {
        assert_eq!(fold("Gündogan"), "gundogan");
        assert_eq!(fold("  Van  Dijk "), "van dijk");
        assert_eq!(fold("Yeşilgöz-Zegerius"), "yesilgoz zegerius");
        assert_eq!(fold("'t Hart"), "t hart");
    }

    #[test]
    fn parse_name_forms() {
        let a = &parse_name("I. (Inge) van Dijk")[0];
        assert_eq!(a.surname, "van dijk");
        assert_eq!(a.initials.as_deref(), Some("i"));
        assert_eq!(a.given.as_deref(), Some("inge"));
        let b = &parse_name("Dijk van, I. (Inge)")[0];
        assert_eq!(
            (&b.surname, &b.initials, &b.given),
            (&a.surname, &a.initials, &a.given)
        );
        let c = &parse_name("Plas van der, C.A.M.")[0];
        assert_eq!(c.surname, "van der plas");
        assert_eq!(c.tussenvoegsel.as_deref(), Some("van der"));
        let d = parse_name("Inge van Dijk");
        assert_eq!(d[0].surname, "inge van dijk");
        assert_eq!(d[1].surname, "van dijk");
        assert_eq!(d[1].given.as_deref(), Some("inge"));
        let e = parse_name("Van Dijk");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].surname, "van dijk");
        assert_eq!(parse_name("Dijk, J.P.")[0].surname, "dijk");
    }

    #[test]
    fn onderwerp_forms() {
        let p = parse_onderwerp("Motie van het lid Leijten c.s. over de toeslagen").unwrap();
        assert_eq!(p.submitters, vec!["Leijten"]);
        assert!(p.cs);
        assert_eq!(p.subject, "de toeslagen");
        let p = parse_onderwerp("Motie van de leden Agema en Van Haga over zorg").unwrap();
        assert_eq!(p.submitters, vec!["Agema", "Van Haga"]);
        let p = parse_onderwerp(
            "Gewijzigde motie van het lid Inge van Dijk  over een onderzoek t.v.v. 36470-8",
        )
        .unwrap();
        assert_eq!(p.kind, MotionKind::GewijzigdeMotie);
        assert_eq!(p.submitters, vec!["Inge van Dijk"]);
        assert_eq!(p.replaces.as_deref(), Some("36470-8"));
        assert_eq!(p.subject, "een onderzoek");
        let p =
            parse_onderwerp("Nader gewijzigde motie van het lid Podt over lenen (t.v.v. 36064-16)")
                .unwrap();
        assert_eq!(p.kind, MotionKind::NaderGewijzigdeMotie);
        assert_eq!(p.replaces.as_deref(), Some("36064-16"));
        assert_eq!(p.subject, "lenen");
        let p = parse_onderwerp("Motie van het lid Kuiken en Bikker over iets").unwrap();
        assert_eq!(p.submitters, vec!["Kuiken", "Bikker"]);
        assert!(parse_onderwerp("Brief regering over iets").is_none());
    }

    #[test]
    fn name_matches_forms() {
        assert!(name_matches("Van Haga", "W.R. van Haga"));
        assert!(name_matches("Inge van Dijk", "I. (Inge) van Dijk"));
        assert!(!name_matches("Inge van Dijk", "D.J.H. (Diederik) van Dijk"));
        assert!(!name_matches("Van Dijk", "J.P. Dijk"));
        assert!(name_matches("Six Dijkstra", "J.P.S. Six Dijkstra"));
    }
}
