//! The one Dutch deadline parser: turns expressions such as "voor de zomer van 2025", "Q3 2025",
//! "uiterlijk 1 september 2026" or "binnen vier weken" into date ranges, and finds them in text.
//!
//! # Conventions
//!
//! Every result is a range `{start, end}` of ISO dates; either side may be open (`null`).
//! Expressions without a year ("voor 1 juli", "voor de zomer") and relative ones ("binnen twee
//! maanden", "eind dit jaar") are resolved against a *reference date*, normally the document date:
//! the first occurrence that does not lie before the reference date is taken. Without a
//! reference date such expressions keep open bounds and carry the note `needs-reference`.
//!
//! | expression | range |
//! | --- | --- |
//! | `voor 1 juli [2025]` | reference … 30 June (a calendar date after "voor" is exclusive) |
//! | `uiterlijk 1 september 2026`, `tot en met …` | reference … that date (inclusive) |
//! | `voor de zomer [van 2025]`, `voor het zomerreces` | reference … start of the summer recess = **the first Friday of July** |
//! | `na de zomer`, `na het zomerreces` | first sitting day after the summer recess (first Friday of July + 59 days, a Monday) … open |
//! | `voor het kerstreces`, `voor kerst` | reference … start of the Christmas recess = **the last Friday before 25 December** |
//! | `voor het voorjaarsreces` / `krokusreces` | … Friday of ISO week 7 |
//! | `voor het meireces` | … last Friday of April |
//! | `voor het herfstreces` | … Friday of ISO week 42 |
//! | `voor Prinsjesdag` | … Prinsjesdag = third Tuesday of September |
//! | `voor de begrotingsbehandeling` | … 1 October (approximate: the budget debates run October–December) |
//! | `voor de Voorjaarsnota` | … 1 June (the statutory date of the Voorjaarsnota) |
//! | `in het voorjaar / de zomer / het najaar / de winter [van Y]` | meteorological seasons: Mar–May, Jun–Aug, Sep–Nov, Dec–Feb |
//! | `begin / medio / eind Y` | Jan–Mar / Jun–Jul / Oct–Dec of Y |
//! | `begin / medio / eind <maand>` | days 1–10 / 11–20 / 21–last |
//! | `Q3 2025`, `in q4 van 2024`, `het derde kwartaal van 2025` | the quarter |
//! | `de eerste / tweede helft van Y` | Jan–Jun / Jul–Dec |
//! | `in 2026`, `in maart 2026` | the whole year / month |
//! | `voor 2026`, `voor maart 2024` | reference … the day before the period starts |
//! | `voor (het) eind(e) (van) 2025`, `uiterlijk 2026` | reference … the end of the period |
//! | `na 2030` | the day after the period … open |
//! | `vanaf 2026`, `met ingang van 1 januari 2025` | start … open |
//! | `per 1 januari 2025` | that day |
//! | `binnen twee maanden`, `binnen vier weken` | reference … reference + duration |
//! | `over een jaar` | reference + duration |
//! | `zo spoedig mogelijk`, `op korte termijn`, `de komende jaren` | reference … open, `vague: true` |
//!
//! Event dates (recesses, Prinsjesdag, Voorjaarsnota, begrotingsbehandeling) are *inclusive*
//! after "voor": a letter sent on the day the recess starts still arrives "voor de zomer". The
//! recess dates follow the Kamer's usual pattern and are approximate (`approximate: true`).
//!
//! The parser never panics and never does I/O.

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};
use serde::Serialize;

/// A deadline expression resolved to a date range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The expression as it stands in the text.
    pub text: String,
    /// First day of the range (ISO), or null when open or unresolved.
    pub start: Option<String>,
    /// Last day of the range (ISO), or null when open or unresolved.
    pub end: Option<String>,
    /// `date`, `before`, `period`, `after`, `from`, `within`, `vague`.
    pub kind: String,
    /// True for "zo spoedig mogelijk", "op korte termijn" and the like: no usable end.
    pub vague: bool,
    /// True when the date rests on a convention (recesses, budget debates).
    pub approximate: bool,
    /// `needs-reference` when a relative expression had no reference date.
    pub note: Option<String>,
}

/// A deadline expression found in a text, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub deadline: Deadline,
}

const MONTHS: &str = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan\\.|feb\\.|mrt\\.|apr\\.|jun\\.|jul\\.|aug\\.|sept?\\.|okt\\.|nov\\.|dec\\.";
const NUMBERS: &str = "\\d{1,3}|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|vijftien|twintig|dertig|veertig|zestig|negentig|honderd";
const RELYEAR: &str = "\\d{4}|dit\\s+jaar|volgend\\s+jaar|komend\\s+jaar";

static FINDER: LazyLock<Regex> = LazyLock::new(|| {
    let prep = r"(?:(?P<prep>uiterlijk(?:\s+(?:in|op|vóór|voor|per|binnen))?|nog\s+(?:voor|vóór)|(?:ruim\s+)?(?:voor|vóór)|tot\s+en\s+met|t/m|tot|binnen|over|na(?:\s+afloop\s+van)?|vanaf|met\s+ingang\s+van|per|in\s+de\s+loop\s+van|rond|omstreeks|in|op|tijdens|bij)\s+)?";
    let core = format!(
        r"(?:(?P<vague>zo\s+(?:spoedig|snel)\s+(?:als\s+)?mogelijk|op\s+(?:zo\s+)?korte?\s+(?:mogelijke\s+)?termijn|binnenkort|z\.s\.m\.|te\s+zijner\s+tijd|(?:in\s+)?de\s+komende\s+(?:jaren|maanden|weken|periode)|(?:in\s+)?deze\s+kabinetsperiode)|(?P<dur_n>{NUMBERS})\s+(?P<dur_u>werkdagen|dagen|dag|weken|week|maanden|maand|jaren|jaar|kwartalen|kwartaal)|(?P<day>\d{{1,2}})\s+(?P<dmon>{MONTHS})(?:\s+(?P<dyear>\d{{4}}))?|(?:(?:het\s+)?(?P<qord>eerste|tweede|derde|vierde|1e|2e|3e|4e)\s+kwartaal|[Qq](?P<qnum>[1-4]))(?:\s+(?:van\s+)?(?P<qyear>{RELYEAR}))?|(?:de\s+)?(?P<half>eerste|tweede)\s+helft\s+van\s+(?P<hyear>{RELYEAR})|(?:het\s+)?(?:(?:komende|volgende|eerstvolgende)\s+)?(?P<reces>zomer|kerst|herfst|voorjaars|krokus|mei)reces(?:\s+\(?\s*(?:van\s+)?(?P<ryear>\d{{4}})\s*\)?)?|(?:(?:het|de)\s+|(?P<sdet>dit|deze|komend|komende|volgend|volgende)\s+)?(?P<season>voorjaar|zomer|najaar|herfst|winter)(?:\s+\(?\s*van\s+(?P<syear>{RELYEAR})\s*\)?)?|(?P<kerst>kerst(?:mis)?)|(?:de\s+)?(?P<event>prinsjesdag|behandeling\s+van\s+de\s+\w*begroting|\w*begrotingsbehandeling(?:en)?|voorjaarsnota|miljoenennota|najaarsnota)(?:\s+(?:van\s+)?(?P<eyear>\d{{4}}))?|(?:(?P<mpos>begin|eind|einde|medio|half|midden)\s+)?(?P<month>{MONTHS})(?:\s+(?P<myear>\d{{4}}))?|(?:(?P<ypos>begin|eind|einde|medio|half|midden|het\s+eind(?:e)?\s+van|het\s+begin\s+van|de\s+loop\s+van|het\s+midden\s+van)\s+)?(?:(?P<year>(?:19|20|21)\d\d)|(?P<yrel>dit|volgend|komend|het\s+lopende|het\s+komende|het\s+volgende)\s+jaar))"
    );
    Regex::new(&format!(r"(?i)(?-u:\b){prep}{core}(?-u:\b)")).expect("deadline finder regex")
});

/// Parse one expression. Returns the first deadline expression found in `expr`, resolved
/// against `reference` (normally the document date), or `None` when `expr` holds none.
pub fn parse(expr: &str, reference: Option<NaiveDate>) -> Option<Deadline> {
    find(expr, reference).into_iter().next().map(|f| f.deadline)
}

/// Find every deadline expression in `text`, left to right, with its byte span.
pub fn find(text: &str, reference: Option<NaiveDate>) -> Vec<Found> {
    FINDER
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let deadline = resolve(&c, reference)?;
            Some(Found {
                start: m.start(),
                // The optional "(van) 2025)" tail may end in white space it did not use.
                end: m.start() + m.as_str().trim_end().len(),
                deadline,
            })
        })
        .collect()
}

/// Parse an ISO date (`YYYY-MM-DD`, or the date part of a longer timestamp).
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CoreKind {
    /// A calendar date.
    Date,
    /// A period (year, month, quarter, season).
    Period,
    /// "eind(e) X": after "voor" the end of the period counts.
    EndOf,
    /// A moment in the Kamer's calendar; `end` is the first day after it (recesses).
    Event,
}

#[derive(Clone, Copy)]
struct Core {
    start: NaiveDate,
    end: NaiveDate,
    kind: CoreKind,
    approximate: bool,
}

fn g<'a>(c: &'a Captures, name: &str) -> Option<&'a str> {
    c.name(name).map(|m| m.as_str())
}

fn lower_ws(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn resolve(c: &Captures, reference: Option<NaiveDate>) -> Option<Deadline> {
    let text = c.get(0)?.as_str().trim_end().to_string();
    let prep = g(c, "prep").map(lower_ws).unwrap_or_default();
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut out = Deadline {
        text,
        start: None,
        end: None,
        kind: String::new(),
        vague: false,
        approximate: false,
        note: None,
    };

    if g(c, "vague").is_some() {
        out.kind = "vague".into();
        out.vague = true;
        out.start = reference.map(iso);
        return Some(out);
    }
    if let (Some(n), Some(u)) = (g(c, "dur_n"), g(c, "dur_u")) {
        let n = number(n)?;
        let unit = u.to_lowercase();
        let within = matches!(prep.as_str(), "binnen" | "uiterlijk binnen");
        if !within && prep != "over" {
            return None;
        }
        out.kind = if within { "within" } else { "date" }.into();
        match reference {
            Some(r) => {
                let e = add_duration(r, n, &unit)?;
                out.start = Some(iso(if within { r } else { e }));
                out.end = Some(iso(e));
            }
            None => out.note = Some("needs-reference".into()),
        }
        return Some(out);
    }

    // Year-less or relative expressions need the reference date.
    let core = match core(c, &prep, reference) {
        Ok(core) => core,
        Err(Skip::NotADeadline) => return None,
        Err(Skip::NeedsReference) => {
            out.kind = kind_for_prep(&prep).into();
            out.note = Some("needs-reference".into());
            return Some(out);
        }
    };
    out.approximate = core.approximate;
    let pred = |d: NaiveDate| d.pred_opt().unwrap_or(d);
    let succ = |d: NaiveDate| d.succ_opt().unwrap_or(d);
    let (start, end): (Option<NaiveDate>, Option<NaiveDate>) = match prep.as_str() {
        "voor" | "vóór" | "nog voor" | "nog vóór" | "ruim voor" | "ruim vóór"
        | "uiterlijk voor" | "uiterlijk vóór" | "tot" => {
            out.kind = "before".into();
            let end = match core.kind {
                CoreKind::Date | CoreKind::Period => pred(core.start),
                CoreKind::EndOf => core.end,
                CoreKind::Event => core.start,
            };
            (reference, Some(end))
        }
        "uiterlijk" | "uiterlijk in" | "uiterlijk op" | "uiterlijk per" | "tot en met" | "t/m" => {
            out.kind = "before".into();
            let end = match core.kind {
                CoreKind::Event => core.start,
                _ => core.end,
            };
            (reference, Some(end))
        }
        "na" | "na afloop van" => {
            out.kind = "after".into();
            let start = match core.kind {
                CoreKind::Event => core.end,
                _ => succ(core.end),
            };
            (Some(start), None)
        }
        "vanaf" | "met ingang van" => {
            out.kind = "from".into();
            (Some(core.start), None)
        }
        _ => {
            out.kind = match core.kind {
                CoreKind::Date => "date",
                _ => "period",
            }
            .into();
            match core.kind {
                // during a recess: from its first day to the day before the Kamer returns
                CoreKind::Event => (Some(core.start), Some(pred(core.end).max(core.start))),
                _ => (Some(core.start), Some(core.end)),
            }
        }
    };
    // A "before" range whose reference lies after its end keeps only the end.
    let start = match (start, end) {
        (Some(s), Some(e)) if s > e => None,
        _ => start,
    };
    out.start = start.map(iso);
    out.end = end.map(iso);
    Some(out)
}

fn kind_for_prep(prep: &str) -> &'static str {
    match prep {
        p if p.starts_with("voor") || p.starts_with("vóór") || p.starts_with("uiterlijk") => {
            "before"
        }
        p if p.starts_with("tot") || p == "t/m" || p.starts_with("nog") => "before",
        p if p.starts_with("na") => "after",
        "vanaf" | "met ingang van" => "from",
        _ => "period",
    }
}

enum Skip {
    NotADeadline,
    NeedsReference,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let first = ymd(y, m, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

fn period(y: i32, m1: u32, m2: u32) -> Option<(NaiveDate, NaiveDate)> {
    Some((ymd(y, m1, 1)?, last_of_month(y, m2)?))
}

/// Resolve a year expression ("2025", "dit jaar", "volgend jaar").
fn year_of(s: &str, reference: Option<NaiveDate>) -> Result<i32, Skip> {
    let s = lower_ws(s);
    if let Ok(y) = s.parse::<i32>() {
        return Ok(y);
    }
    let r = reference.ok_or(Skip::NeedsReference)?;
    if s.contains("volgend") || s.contains("komend") {
        Ok(r.year() + 1)
    } else {
        Ok(r.year())
    }
}

/// Pick the first year (from the reference year on) whose period does not end before the reference.
fn first_year_from<F>(reference: Option<NaiveDate>, make: F) -> Result<Core, Skip>
where
    F: Fn(i32) -> Option<Core>,
{
    let r = reference.ok_or(Skip::NeedsReference)?;
    for y in [r.year() - 1, r.year(), r.year() + 1] {
        if let Some(c) = make(y) {
            if c.kind == CoreKind::Event && c.start >= r {
                return Ok(c);
            }
            if c.kind != CoreKind::Event && c.end >= r {
                return Ok(c);
            }
        }
    }
    make(r.year() + 1).ok_or(Skip::NotADeadline)
}

fn with_year<F>(year: Option<&str>, reference: Option<NaiveDate>, make: F) -> Result<Core, Skip>
where
    F: Fn(i32) -> Option<Core>,
{
    match year {
        Some(y) => make(year_of(y, reference)?).ok_or(Skip::NotADeadline),
        None => first_year_from(reference, make),
    }
}

fn nth_weekday(y: i32, m: u32, wd: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(y, m, wd, n)
}

/// The Kamer's recesses by convention: (first day, first sitting day after).
fn recess(name: &str, y: i32) -> Option<(NaiveDate, NaiveDate)> {
    match name {
        "zomer" => {
            let s = nth_weekday(y, 7, Weekday::Fri, 1)?;
            Some((s, s.checked_add_days(Days::new(59))?))
        }
        "kerst" => {
            let mut d = ymd(y, 12, 24)?;
            while d.weekday() != Weekday::Fri {
                d = d.pred_opt()?;
            }
            Some((d, d.checked_add_days(Days::new(24))?))
        }
        "voorjaars" | "krokus" => {
            let s = NaiveDate::from_isoywd_opt(y, 7, Weekday::Fri)?;
            Some((s, s.checked_add_days(Days::new(10))?))
        }
        "mei" => {
            let mut d = ymd(y, 4, 30)?;
            while d.weekday() != Weekday::Fri {
                d = d.pred_opt()?;
            }
            Some((d, d.checked_add_days(Days::new(17))?))
        }
        "herfst" => {
            let s = NaiveDate::from_isoywd_opt(y, 42, Weekday::Fri)?;
            Some((s, s.checked_add_days(Days::new(10))?))
        }
        _ => None,
    }
}

fn month_number(s: &str) -> Option<u32> {
    let s = s.to_lowercase();
    let k = s.trim_end_matches('.');
    let names = [
        "jan", "feb", "m", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    if k.starts_with("maart") || k == "mrt" {
        return Some(3);
    }
    names
        .iter()
        .position(|n| *n != "m" && k.starts_with(n))
        .map(|i| i as u32 + 1)
}

fn number(s: &str) -> Option<u32> {
    let s = s.to_lowercase();
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    Some(match s.as_str() {
        "een" | "één" => 1,
        "twee" => 2,
        "drie" => 3,
        "vier" => 4,
        "vijf" => 5,
        "zes" => 6,
        "zeven" => 7,
        "acht" => 8,
        "negen" => 9,
        "tien" => 10,
        "elf" => 11,
        "twaalf" => 12,
        "vijftien" => 15,
        "twintig" => 20,
        "dertig" => 30,
        "veertig" => 40,
        "zestig" => 60,
        "negentig" => 90,
        "honderd" => 100,
        _ => return None,
    })
}

fn add_duration(r: NaiveDate, n: u32, unit: &str) -> Option<NaiveDate> {
    if unit.starts_with("werkdag") {
        r.checked_add_days(Days::new(u64::from(n) * 7 / 5))
    } else if unit.starts_with("dag") {
        r.checked_add_days(Days::new(u64::from(n)))
    } else if unit.starts_with("we") {
        r.checked_add_days(Days::new(u64::from(n) * 7))
    } else if unit.starts_with("maand") {
        r.checked_add_months(Months::new(n))
    } else if unit.starts_with("kwarta") {
        r.checked_add_months(Months::new(n.checked_mul(3)?))
    } else {
        r.checked_add_months(Months::new(n.checked_mul(12)?))
    }
}

fn season_months(name: &str) -> (u32, u32) {
    match name {
        "voorjaar" => (3, 5),
        "zomer" => (6, 8),
        "najaar" | "herfst" => (9, 11),
        _ => (12, 2),
    }
}

fn core(c: &Captures, prep: &str, reference: Option<NaiveDate>) -> Result<Core, Skip> {
    // "over 2024" is "about 2024"; "bij" only goes with Kamer events ("bij de Voorjaarsnota").
    if prep == "over" || (prep == "bij" && g(c, "event").is_none()) {
        return Err(Skip::NotADeadline);
    }
    let period_core = |s: NaiveDate, e: NaiveDate| Core {
        start: s,
        end: e,
        kind: CoreKind::Period,
        approximate: false,
    };
    if let (Some(day), Some(mon)) = (g(c, "day"), g(c, "dmon")) {
        let d: u32 = day.parse().map_err(|_| Skip::NotADeadline)?;
        let m = month_number(mon).ok_or(Skip::NotADeadline)?;
        let make = |y: i32| {
            ymd(y, m, d).map(|x| Core {
                start: x,
                end: x,
                kind: CoreKind::Date,
                approximate: false,
            })
        };
        return with_year(g(c, "dyear"), reference, make);
    }
    if g(c, "qord").is_some() || g(c, "qnum").is_some() {
        let q: u32 = match g(c, "qnum") {
            Some(n) => n.parse().map_err(|_| Skip::NotADeadline)?,
            None => match g(c, "qord").unwrap_or("").to_lowercase().as_str() {
                "eerste" | "1e" => 1,
                "tweede" | "2e" => 2,
                "derde" | "3e" => 3,
                _ => 4,
            },
        };
        let make = |y: i32| period(y, q * 3 - 2, q * 3).map(|(s, e)| period_core(s, e));
        return with_year(g(c, "qyear"), reference, make);
    }
    if let (Some(h), Some(y)) = (g(c, "half"), g(c, "hyear")) {
        let y = year_of(y, reference)?;
        let (a, b) = if h.eq_ignore_ascii_case("eerste") {
            (1, 6)
        } else {
            (7, 12)
        };
        return period(y, a, b)
            .map(|(s, e)| period_core(s, e))
            .ok_or(Skip::NotADeadline);
    }
    if let Some(name) = g(c, "reces") {
        let name = name.to_lowercase();
        let make = |y: i32| {
            recess(&name, y).map(|(s, e)| Core {
                start: s,
                end: e,
                kind: CoreKind::Event,
                approximate: true,
            })
        };
        return with_year(g(c, "ryear"), reference, make);
    }
    if let Some(season) = g(c, "season") {
        let season = season.to_lowercase();
        let recess_like = season == "zomer"
            && (prep.starts_with("voor")
                || prep.starts_with("vóór")
                || prep.starts_with("na")
                || prep.starts_with("nog")
                || prep.starts_with("uiterlijk")
                || prep == "tot");
        let year = g(c, "syear").map(str::to_string).or_else(|| {
            g(c, "sdet").map(|d| {
                if d.eq_ignore_ascii_case("dit") || d.eq_ignore_ascii_case("deze") {
                    "dit jaar".to_string()
                } else {
                    String::new()
                }
            })
        });
        // "komend/volgend voorjaar": the next one after the reference, like a year-less one.
        let year = year.filter(|y| !y.is_empty());
        if recess_like {
            let make = |y: i32| {
                recess("zomer", y).map(|(s, e)| Core {
                    start: s,
                    end: e,
                    kind: CoreKind::Event,
                    approximate: true,
                })
            };
            return with_year(year.as_deref(), reference, make);
        }
        let (a, b) = season_months(&season);
        let make = |y: i32| {
            let s = ymd(y, a, 1)?;
            let e = if b < a {
                last_of_month(y + 1, b)?
            } else {
                last_of_month(y, b)?
            };
            Some(period_core(s, e))
        };
        return with_year(year.as_deref(), reference, make);
    }
    if g(c, "kerst").is_some() {
        if !(prep.starts_with("voor") || prep.starts_with("vóór") || prep.starts_with("na")) {
            return Err(Skip::NotADeadline);
        }
        let make = |y: i32| {
            recess("kerst", y).map(|(s, e)| Core {
                start: s,
                end: e,
                kind: CoreKind::Event,
                approximate: true,
            })
        };
        return with_year(None, reference, make);
    }
    if let Some(ev) = g(c, "event") {
        let ev = lower_ws(ev);
        let make = |y: i32| {
            let (d, approximate) = if ev == "prinsjesdag" || ev == "miljoenennota" {
                (nth_weekday(y, 9, Weekday::Tue, 3)?, false)
            } else if ev == "voorjaarsnota" {
                (ymd(y, 6, 1)?, false)
            } else if ev == "najaarsnota" {
                (ymd(y, 11, 30)?, true)
            } else {
                (ymd(y, 10, 1)?, true)
            };
            Some(Core {
                start: d,
                end: d,
                kind: CoreKind::Event,
                approximate,
            })
        };
        return with_year(g(c, "eyear"), reference, make);
    }
    if let Some(mon) = g(c, "month") {
        let m = month_number(mon).ok_or(Skip::NotADeadline)?;
        let pos = g(c, "mpos").map(str::to_lowercase);
        if prep.is_empty() && g(c, "myear").is_none() && pos.is_none() {
            return Err(Skip::NotADeadline);
        }
        let endof = matches!(pos.as_deref(), Some("eind" | "einde"));
        let make = |y: i32| {
            let last = last_of_month(y, m)?;
            let (s, e) = match pos.as_deref() {
                Some("begin") => (ymd(y, m, 1)?, ymd(y, m, 10)?),
                Some("medio" | "half" | "midden") => (ymd(y, m, 11)?, ymd(y, m, 20)?),
                Some(_) => (ymd(y, m, 21)?, last),
                None => (ymd(y, m, 1)?, last),
            };
            Some(Core {
                start: s,
                end: e,
                kind: if endof {
                    CoreKind::EndOf
                } else {
                    CoreKind::Period
                },
                approximate: false,
            })
        };
        return with_year(g(c, "myear"), reference, make);
    }
    let ytext = g(c, "year").or_else(|| g(c, "yrel").map(|_| ""));
    if let Some(yt) = ytext {
        let pos = g(c, "ypos").map(lower_ws);
        if prep.is_empty() && pos.is_none() && g(c, "yrel").is_none() {
            return Err(Skip::NotADeadline);
        }
        let y = if yt.is_empty() {
            let rel = g(c, "yrel").unwrap_or("dit");
            year_of(&format!("{rel} jaar"), reference)?
        } else {
            year_of(yt, reference)?
        };
        let (a, b, endof) = match pos.as_deref() {
            Some("begin" | "het begin van") => (1, 3, false),
            Some("medio" | "half" | "midden" | "het midden van") => (6, 7, false),
            Some(p) if p.contains("eind") => (10, 12, true),
            _ => (1, 12, false),
        };
        let (s, e) = period(y, a, b).ok_or(Skip::NotADeadline)?;
        return Ok(Core {
            start: s,
            end: e,
            kind: if endof {
                CoreKind::EndOf
            } else {
                CoreKind::Period
            },
            approximate: false,
        });
    }
    Err(Skip::NotADeadline)
}
