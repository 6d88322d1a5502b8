//! Statistics over motions: per party the motions tabled (as indiener and as co-submitter)
//! and their adoption rate; between parties how often they voted alike over a period.
//! Pure over slices of [`MotionView`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::motion::{MotionView, Role};
use crate::outcome::Outcome;
use crate::parties::PartyRegistry;

/// Counts of motions and what happened to them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MotionCounts {
    /// Motions counted.
    pub motions: u32,
    /// Adopted: aangenomen, zonder stemming aangenomen or overgenomen.
    pub adopted: u32,
    /// Verworpen.
    pub rejected: u32,
    /// Anything else (aangehouden, ingetrokken, vervallen, onbekend).
    pub other: u32,
    /// adopted / (adopted + rejected); `null` when nothing was decided.
    pub adoption_rate: Option<f64>,
}

impl MotionCounts {
    fn add(&mut self, o: Outcome) {
        self.motions += 1;
        if o.is_adopted() {
            self.adopted += 1;
        } else if o == Outcome::Verworpen {
            self.rejected += 1;
        } else {
            self.other += 1;
        }
        let decided = self.adopted + self.rejected;
        self.adoption_rate = (decided > 0).then(|| f64::from(self.adopted) / f64::from(decided));
    }
}

/// One party's tabled motions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyMotionStats {
    /// Kamerwacht party id (or the name as written when it did not resolve).
    pub party: String,
    /// Motions whose indiener sat for this party.
    pub as_indiener: MotionCounts,
    /// Motions with at least one medeindiener of this party, and an indiener of another.
    pub as_medeindiener: MotionCounts,
}

fn party_key(id: &Option<String>, name: &Option<String>) -> Option<String> {
    id.clone()
        .or_else(|| name.clone())
        .filter(|s| !s.is_empty())
}

/// Per party: motions tabled as indiener and as co-submitter, with adoption rates. Sorted by
/// party id.
pub fn party_motion_stats(motions: &[MotionView]) -> Vec<PartyMotionStats> {
    let mut map: BTreeMap<String, PartyMotionStats> = BTreeMap::new();
    for m in motions {
        let ind: BTreeSet<String> = m
            .submitters
            .iter()
            .filter(|s| s.role == Role::Indiener)
            .filter_map(|s| party_key(&s.party_id, &s.party))
            .collect();
        let mede: BTreeSet<String> = m
            .submitters
            .iter()
            .filter(|s| s.role == Role::Medeindiener)
            .filter_map(|s| party_key(&s.party_id, &s.party))
            .filter(|k| !ind.contains(k))
            .collect();
        for (k, as_indiener) in ind
            .iter()
            .map(|k| (k, true))
            .chain(mede.iter().map(|k| (k, false)))
        {
            let e = map.entry(k.clone()).or_insert_with(|| PartyMotionStats {
                party: k.clone(),
                as_indiener: MotionCounts::default(),
                as_medeindiener: MotionCounts::default(),
            });
            if as_indiener {
                e.as_indiener.add(m.outcome.outcome);
            } else {
                e.as_medeindiener.add(m.outcome.outcome);
            }
        }
    }
    map.into_values().collect()
}

/// The motions a member submitted (any role), in the given order.
pub fn member_motions<'a>(member_id: &str, motions: &'a [MotionView]) -> Vec<&'a MotionView> {
    motions
        .iter()
        .filter(|m| {
            m.submitters
                .iter()
                .any(|s| s.member_id.as_deref() == Some(member_id))
        })
        .collect()
}

/// A closed date range; `None` bounds are open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day (inclusive).
    pub from: Option<NaiveDate>,
    /// Last day (inclusive).
    pub to: Option<NaiveDate>,
}

impl Period {
    /// Whether `d` lies in the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }
}

/// The default period and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodChoice {
    /// The period.
    pub period: Period,
    /// How it was determined, in a sentence.
    pub reason: String,
}

/// The latest composition of the Kamer in the data: from the installation of the Kamer
/// elected at the latest election (in the registry's table) whose new Kamer was installed
/// on or before the latest vote date among `motions`, to that latest vote date. Vote dates
/// are [`MotionView::vote_date`] (Activiteit date, else GestartOp).
pub fn default_period(motions: &[MotionView], registry: &PartyRegistry) -> PeriodChoice {
    let latest = motions.iter().filter_map(|m| m.vote_date()).max();
    let Some(latest) = latest else {
        return PeriodChoice {
            period: Period::default(),
            reason: "no motion has a date: all motions".to_string(),
        };
    };
    match registry
        .elections()
        .iter()
        .rev()
        .find(|e| e.installed <= latest)
    {
        Some(e) => PeriodChoice {
            period: Period {
                from: Some(e.installed),
                to: Some(latest),
            },
            reason: format!(
                "latest composition: the Kamer elected on {} and installed on {}, the latest installation on or before the latest vote in the data ({latest})",
                e.election, e.installed
            ),
        },
        None => PeriodChoice {
            period: Period {
                from: None,
                to: Some(latest),
            },
            reason: format!("no election known before the latest vote ({latest}): all motions"),
        },
    }
}

/// How often two parties voted alike.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairAgreement {
    /// Party id (the smaller of the two).
    pub a: String,
    /// Party id.
    pub b: String,
    /// Votes where both took a side (Voor or Tegen).
    pub compared: u32,
    /// Of those, the votes where they took the same side.
    pub agreed: u32,
    /// agreed / compared.
    pub rate: Option<f64>,
}

/// Voting agreement over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// The period.
    pub period: Period,
    /// Motions with vote lines in the period.
    pub votes: u32,
    /// Every pair of parties that both took a side at least once, sorted by (a, b).
    pub pairs: Vec<PairAgreement>,
}

/// A party's side on one vote: Voor (`true`) or Tegen (`false`) by the majority of its
/// counted votes (seats or members); `None` when it did not take part or split evenly.
fn sides(m: &MotionView) -> BTreeMap<String, bool> {
    let mut acc: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for l in &m.outcome.party_lines {
        let Some(k) = party_key(&l.party_id, &Some(l.party.clone())) else {
            continue;
        };
        let e = acc.entry(k).or_default();
        e.0 += l.voor;
        e.1 += l.tegen;
    }
    acc.into_iter()
        .filter(|(_, (v, t))| v != t)
        .map(|(k, (v, t))| (k, v > t))
        .collect()
}

/// How often each pair of parties voted alike on the motions voted in `period`.
pub fn agreement(motions: &[MotionView], period: Period) -> Agreement {
    let mut pairs: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
    let mut votes = 0;
    for m in motions {
        if m.outcome.party_lines.is_empty() || !m.vote_date().is_some_and(|d| period.contains(d)) {
            continue;
        }
        votes += 1;
        let s: Vec<(String, bool)> = sides(m).into_iter().collect();
        for i in 0..s.len() {
            for j in i + 1..s.len() {
                let e = pairs.entry((s[i].0.clone(), s[j].0.clone())).or_default();
                e.0 += 1;
                if s[i].1 == s[j].1 {
                    e.1 += 1;
                }
            }
        }
    }
    Agreement {
        period,
        votes,
        pairs: pairs
            .into_iter()
            .map(|((a, b), (c, g))| PairAgreement {
                a,
                b,
                compared: c,
                agreed: g,
                rate: (c > 0).then(|| f64::from(g) / f64::from(c)),
            })
            .collect(),
    }
}
