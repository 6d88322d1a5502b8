//! Parties (fracties) under their many names: a [`PartyRegistry`] built from Fractie records
//! plus the alias table in `data/parties.json`, resolving any name to one party, per date.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::members::fold;

/// The alias table, kept as data (see its `_note`).
const ALIAS_TABLE: &str = include_str!("../data/parties.json");

/// A Fractie record as the OData API and the store give it. Build it with serde from the
/// OData JSON (field names as in the API), or with [`FractieInput::new`] from store columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct FractieInput {
    /// `Fractie.Id`.
    #[serde(rename = "Id")]
    pub id: String,
    /// `Fractie.Afkorting` (sometimes the full name, e.g. "Nieuw Sociaal Contract").
    #[serde(rename = "Afkorting", default)]
    pub afkorting: Option<String>,
    /// `Fractie.NaamNL`.
    #[serde(rename = "NaamNL", default)]
    pub naam_nl: Option<String>,
    /// `Fractie.NaamEN`.
    #[serde(rename = "NaamEN", default)]
    pub naam_en: Option<String>,
    /// `Fractie.AantalZetels`.
    #[serde(rename = "AantalZetels", default)]
    pub aantal_zetels: Option<i64>,
    /// `Fractie.DatumActief` (ISO 8601).
    #[serde(rename = "DatumActief", default)]
    pub datum_actief: Option<String>,
    /// `Fractie.DatumInactief` (ISO 8601).
    #[serde(rename = "DatumInactief", default)]
    pub datum_inactief: Option<String>,
    /// `Fractie.Verwijderd`; deleted records are ignored.
    #[serde(rename = "Verwijderd", default)]
    pub verwijderd: Option<bool>,
}

impl FractieInput {
    /// A Fractie from its columns.
    pub fn new(id: &str, afkorting: Option<&str>, naam_nl: Option<&str>) -> FractieInput {
        FractieInput {
            id: id.to_string(),
            afkorting: afkorting.map(str::to_string),
            naam_nl: naam_nl.map(str::to_string),
            ..FractieInput::default()
        }
    }
}

/// One party, as Kamerwacht knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    /// Kamerwacht's stable party id (`nsc`, `gl-pvda`, …; for a Fractie record not in the
    /// alias table: `fractie:<Fractie.Id>`).
    pub id: String,
    /// The short name to show (`NSC`, `GroenLinks-PvdA`).
    pub short: String,
    /// The full name.
    pub name: String,
    /// The Fractie record's Id, when one was loaded for this party.
    pub fractie_id: Option<String>,
    /// Seats according to the Fractie record (`AantalZetels`), when loaded.
    pub seats: Option<i64>,
    /// First day in the Kamer, where known.
    pub from: Option<NaiveDate>,
    /// Last day in the Kamer, where known.
    pub until: Option<NaiveDate>,
    /// The party the members joined when this one merged (e.g. GroenLinks → `gl-pvda`).
    pub successor: Option<String>,
    /// Every name this party is known by.
    pub names: Vec<String>,
}

impl Party {
    /// Whether the party sat in the Kamer on `date` (unknown bounds count as open).
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }
}

/// The date a new Kamer was installed after an election.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Election {
    /// Election day.
    pub election: NaiveDate,
    /// The day the newly elected Kamer was installed: the new composition votes from here.
    pub installed: NaiveDate,
}

#[derive(Deserialize)]
struct AliasTable {
    elections: Vec<Election>,
    parties: Vec<AliasEntry>,
}

#[derive(Deserialize)]
struct AliasEntry {
    id: String,
    short: String,
    name: String,
    names: Vec<String>,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    #[serde(default)]
    successor: Option<String>,
}

/// All parties, by every name. Build with [`PartyRegistry::new`].
#[derive(Debug, Clone)]
pub struct PartyRegistry {
    parties: Vec<Party>,
    by_name: BTreeMap<String, Vec<usize>>,
    elections: Vec<Election>,
}

impl Default for PartyRegistry {
    fn default() -> Self {
        PartyRegistry::new(&[])
    }
}

impl PartyRegistry {
    /// The alias table plus the given Fractie records. A Fractie record joins the table entry
    /// that has its Afkorting, NaamNL or NaamEN among its names (its dates and seats then
    /// override the table's); a Fractie that matches no entry becomes a party of its own.
    pub fn new(fracties: &[FractieInput]) -> PartyRegistry {
        let table: AliasTable =
            serde_json::from_str(ALIAS_TABLE).expect("data/parties.json is valid (tested)");
        let mut parties: Vec<Party> = table
            .parties
            .into_iter()
            .map(|e| Party {
                id: e.id,
                short: e.short,
                name: e.name,
                fractie_id: None,
                seats: None,
                from: e.from,
                until: e.until,
                successor: e.successor,
                names: e.names,
            })
            .collect();
        let mut reg = PartyRegistry {
            parties: Vec::new(),
            by_name: BTreeMap::new(),
            elections: table.elections,
        };
        reg.elections.sort();
        for f in fracties.iter().filter(|f| f.verwijderd != Some(true)) {
            let names: Vec<&String> = [&f.afkorting, &f.naam_nl, &f.naam_en]
                .into_iter()
                .flatten()
                .filter(|n| !n.trim().is_empty())
                .collect();
            let hit = parties.iter().position(|p| {
                p.fractie_id.is_none()
                    && names
                        .iter()
                        .any(|n| p.names.iter().any(|pn| fold(pn) == fold(n)))
            });
            let idx = match hit {
                Some(i) => i,
                None => {
                    let first = names.first().map(|s| s.to_string()).unwrap_or_default();
                    parties.push(Party {
                        id: format!("fractie:{}", f.id),
                        short: f.afkorting.clone().unwrap_or_else(|| first.clone()),
                        name: f.naam_nl.clone().unwrap_or(first),
                        fractie_id: None,
                        seats: None,
                        from: None,
                        until: None,
                        successor: None,
                        names: Vec::new(),
                    });
                    parties.len() - 1
                }
            };
            let p = &mut parties[idx];
            p.fractie_id = Some(f.id.clone());
            p.seats = f.aantal_zetels;
            if let Some(d) = f.datum_actief.as_deref().and_then(parse_date) {
                p.from = Some(d);
            }
            if let Some(d) = f.datum_inactief.as_deref().and_then(parse_date) {
                p.until = Some(d);
            }
            if let Some(n) = &f.naam_nl {
                p.name = n.clone();
            }
            for n in names {
                if !p.names.iter().any(|pn| fold(pn) == fold(n)) {
                    p.names.push(n.clone());
                }
            }
        }
        for (i, p) in parties.iter().enumerate() {
            let mut keys: Vec<String> = p.names.iter().map(|n| fold(n)).collect();
            keys.push(fold(&p.id));
            keys.sort();
            keys.dedup();
            for k in keys {
                reg.by_name.entry(k).or_default().push(i);
            }
        }
        reg.parties = parties;
        reg
    }

    /// Every party, in table order.
    pub fn parties(&self) -> &[Party] {
        &self.parties
    }

    /// The party with this Kamerwacht id.
    pub fn get(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    /// The party with this Fractie.Id.
    pub fn by_fractie_id(&self, fractie_id: &str) -> Option<&Party> {
        self.parties
            .iter()
            .find(|p| p.fractie_id.as_deref() == Some(fractie_id))
    }

    /// Every party known by this name (case, diacritics and punctuation folded), whatever
    /// the date.
    pub fn candidates(&self, name: &str) -> Vec<&Party> {
        self.by_name
            .get(&fold(name))
            .map(|v| v.iter().map(|&i| &self.parties[i]).collect())
            .unwrap_or_default()
    }

    /// The one party meant by `name` (an abbreviation, a full name, a Kamerwacht id), on
    /// `date` when given.
    ///
    /// * One party with that name: that party — unless `date` lies after its last day and
    ///   it has a successor that sits on that date (GroenLinks on 2024-01-10 is
    ///   GroenLinks-PvdA).
    /// * Several: the one that sits on `date`; without a date, or when not exactly one sits,
    ///   `None` (use [`PartyRegistry::candidates`]).
    pub fn resolve(&self, name: &str, date: Option<NaiveDate>) -> Option<&Party> {
        let cands = self.candidates(name);
        let picked = match (cands.len(), date) {
            (0, _) => return None,
            (1, _) => cands[0],
            (_, None) => return None,
            (_, Some(d)) => {
                let active: Vec<&Party> =
                    cands.iter().copied().filter(|p| p.active_on(d)).collect();
                if active.len() == 1 {
                    active[0]
                } else {
                    return None;
                }
            }
        };
        match date {
            Some(d) => Some(self.follow_successor(picked, d)),
            None => Some(picked),
        }
    }

    fn follow_successor<'a>(&'a self, mut p: &'a Party, date: NaiveDate) -> &'a Party {
        for _ in 0..8 {
            let gone = p.until.is_some_and(|u| date > u);
            match (&p.successor, gone) {
                (Some(s), true) => match self.get(s) {
                    Some(next) => p = next,
                    None => break,
                },
                _ => break,
            }
        }
        p
    }

    /// Whether two names mean the same party on `date`.
    pub fn same_party(&self, a: &str, b: &str, date: Option<NaiveDate>) -> bool {
        if fold(a) == fold(b) {
            return true;
        }
        match (self.resolve(a, date), self.resolve(b, date)) {
            (Some(x), Some(y)) => x.id == y.id,
            _ => false,
        }
    }

    /// The elections (with the day the new Kamer was installed) from the alias table,
    /// oldest first.
    pub fn elections(&self) -> &[Election] {
        &self.elections
    }
}

/// The calendar date of an ISO 8601 date or timestamp (`2023-12-19T00:00:00+01:00` →
/// 2023-12-19: the local date as written, not converted to UTC).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_and_ids_are_unique() {
        let reg = PartyRegistry::default();
        let mut ids: Vec<&str> = reg.parties().iter().map(|p| p.id.as_str()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        // no name may point at two parties that sit at the same time
        for (k, v) in &reg.by_name {
            assert_eq!(v.len(), 1, "name {k:?} is ambiguous in the table");
        }
    }

    #[test]
    fn parse_date_takes_local_date() {
        assert_eq!(
            parse_date("2023-12-19T00:00:00+01:00"),
            NaiveDate::from_ymd_opt(2023, 12, 19)
        );
        assert_eq!(parse_date("x"), None);
    }
}
