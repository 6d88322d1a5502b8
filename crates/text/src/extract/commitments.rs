//! Commitments: sentences in which the government commits to future or ongoing action, with
//! actor, action and deadline. Predictions ("zal onvermijdelijk negatieve gevolgen hebben") and
//! descriptions ("Het VK blijft … een strategische partner") are not commitments.
//!
//! Rules, tried in this order on each sentence:
//! - `intent`: a government actor holds an ambition, intention or plan ("Het kabinet houdt de
//!   ambitie om …", "Ik ben voornemens …", "Het kabinet zet in op …").
//! - `present`: the present tense used for the future, as letters do ("Ik informeer uw Kamer
//!   voor de zomer", "Ik stuur uw Kamer …", "Ik kom hier in het najaar op terug", "Ik verwacht
//!   uw Kamer in mei te informeren", "Uw Kamer ontvangt …"); "informeer/stuur" need "Kamer" or a
//!   deadline in the sentence, "verwacht dat …" is a prediction.
//! - `future`: an auxiliary of future or continued action ("zal", "zullen", "gaat", "blijft",
//!   "blijven") whose subject is a government actor (before it in the same clause, or right after
//!   it in inverted order) and which governs an action verb from a fixed list ("inzetten",
//!   "investeren", "informeren" …). Copular "blijft … partner" has no action verb, and a subject
//!   that is not the government ("het VK", "het vertrek van het VK") does not commit anyone.
//! - `focus`: the government's focus will lie somewhere ("Het accent van … de overheid zal liggen op …").
//! - `passive`: a present or future passive of an action verb ("wordt gestreefd naar",
//!   "wordt … geïnvesteerd", "zal worden onderzocht"); the actor is the government by implication.
//!
//! Sentences with prediction markers ("onvermijdelijk", "hoe dan ook", "naar verwachting"),
//! negation between actor and verb, or that report a request ("op welke wijze het kabinet …
//! zal geven", "verzoekt de regering") are skipped.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::sentences::{sentences, units};
use super::{Body, Commitment, Person};
use crate::deadline;

const ACTOR: &str = r"(?:(?:het|dit)\s+kabinet(?:\s+en\s+de\s+EU)?|de\s+regering|de\s+minister(?:-president)?|de\s+staatssecretaris|ik|wij|we|Nederland|de\s+(?:rijks)?overheid|het\s+Rijk|(?:mijn|ons|het)\s+ministerie|ons\s+land)";

const VERBS: &str = "inzetten|investeren|werken|zorgen|informeren|sturen|toesturen|zenden|versturen|rapporteren|onderzoeken|bezien|verkennen|uitwerken|ontwikkelen|opstellen|voorleggen|aanbieden|bespreken|overleggen|pleiten|steunen|ondersteunen|bevorderen|versterken|stimuleren|intensiveren|uitbreiden|voortzetten|continueren|monitoren|evalueren|nemen|treffen|uitvoeren|implementeren|invoeren|starten|beginnen|organiseren|aanpassen|wijzigen|opnemen|verbeteren|realiseren|financieren|verstrekken|aanpakken|handhaven|geven|richten|streven|volgen|agenderen|aankaarten|inbrengen|uitdragen|benutten|versnellen|waarborgen|bewaken|samenwerken|faciliteren|betrekken|zoeken|opzetten|inrichten|instellen|herzien|terugkoppelen|delen|publiceren|presenteren|maken|houden|leveren|bijdragen|reageren|beantwoorden|toelichten|komen|brengen|stellen|vragen|aandringen|oproepen|bijstaan|helpen|verhogen|verlagen|vergroten|beperken|voorkomen|bestrijden|beschermen|hervormen|regelen|vastleggen|afronden|voltooien|ondertekenen|ratificeren|indienen|toetsen|controleren|inventariseren|analyseren|uitnodigen|verduidelijken|verbreden|verdiepen|opvolgen|aanscherpen|uitrollen|opschalen|meenemen|oppakken|doorzetten";

const PARTICIPLES: &str = "gestreefd|geïnvesteerd|geinvesteerd|ingezet|gewerkt|gezorgd|onderzocht|bezien|verkend|uitgewerkt|opgesteld|voortgezet|versterkt|geïntensiveerd|gestimuleerd|geïnformeerd|gerapporteerd|toegestuurd|verstuurd|geëvalueerd|gemonitord|aangepast|ingevoerd|uitgevoerd|georganiseerd|gestart|opgezet|ingericht|gepleit|ondersteund|gefinancierd|aangepakt|opgepakt|meegenomen|uitgebreid|verbeterd|voorbereid|opgevolgd|aangescherpt|uitgerold|opgeschaald|doorgezet|geagendeerd|ingebracht|uitgedragen|bevorderd";

static AUX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:zal|zullen|ga|gaat|gaan|blijf|blijft|blijven)(?-u:\b)")
        .expect("aux regex")
});
static ACTOR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)(?-u:\b){ACTOR}(?-u:\b)")).expect("actor regex"));
static ACTOR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^\s+({ACTOR})(?-u:\b)")).expect("actor-after regex")
});
static VERB_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)(?-u:\b)(?:{VERBS})(?-u:\b)")).expect("verb regex"));
static INTENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({ACTOR})\s+(?:[\p{{L}}-]+\s+){{0,4}}?(?:(?:heeft|houdt|hebben|heb|houden|hou)\s+(?:[\p{{L}}-]+\s+){{0,3}}?(?:ambitie|voornemen|intentie|streven|plan|doel)\s+(?:om|te)(?-u:\b)|(?:is|ben|zijn)\s+(?:[\p{{L}}-]+\s+){{0,2}}?(?:voornemens|van\s+plan|bereid)(?-u:\b)|(?:streeft|streven|streef|beoogt|beogen|neemt\s+zich\s+voor|nemen\s+zich\s+voor|zet(?:ten)?\s+(?:zich\s+|me\s+|mij\s+|ons\s+)?(?:[\p{{L}}-]+\s+){{0,2}}?in\s+(?:op|voor)|werkt\s+aan|werken\s+aan|werk\s+aan|zeg(?:t|gen)?\s+(?:[\p{{L}}-]+\s+){{0,3}}?toe)(?-u:\b))"
    ))
    .expect("intent regex")
});
static INTENT_INV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:zet|zetten|werkt|werken|streeft|streven|investeert|investeren)\s+({ACTOR})\s+(?:[\p{{L}}-]+\s+){{0,3}}?(?:in\s+op|in\s+voor|aan|naar|in)(?-u:\b)"
    ))
    .expect("intent-inv regex")
});
/// Present tense used for the future, as letters do: "Ik informeer uw Kamer voor de zomer …",
/// "Ik stuur uw Kamer …", "Ik kom hier in het najaar op terug", "Voor de zomer informeer ik uw
/// Kamer", "Ik verwacht uw Kamer in mei te informeren".
static PRESENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:({ACTOR})\s+(?:[\p{{L}}-]+\s+){{0,3}}?(informeer|informeert|informeren|stuur|stuurt|sturen|zend|zendt|zenden|bied|biedt|bieden|kom|komt|komen|verwacht|verwachten)|(informeer|stuur|zend|bied|kom|verwacht)\s+(ik|wij|we|het\s+kabinet))(?-u:\b)"
    ))
    .expect("present regex")
});
/// "Uw Kamer ontvangt …", "ontvangt uw Kamer …", "zal uw Kamer … ontvangen".
static YOU_RECEIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:uw|de)\s+Kamer\s+(?:[\p{L}-]+\s+){0,6}?(?:ontvangt|ontvangen)|ontvangt\s+(?:uw|de)\s+Kamer)(?-u:\b)")
        .expect("receive regex")
});
static KAMER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)Kamer(?-u:\b)").expect("kamer regex"));
static PASSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:wordt|worden|zal|zullen)(?-u:\b)(?:\s+[\p{{L}}-]+){{0,6}}?\s+(?:{PARTICIPLES})(?-u:\b)"
    ))
    .expect("passive regex")
});
static FOCUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:accent|nadruk|focus|prioriteit|zwaartepunt)(?-u:\b).*?(?-u:\b)(?:zal|zullen)\s+(?:[\p{L}-]+\s+){0,2}?liggen(?-u:\b)|(?-u:\b)(?:accent|nadruk|focus|zwaartepunt)(?-u:\b).*?(?-u:\b)komt\s+te\s+liggen(?-u:\b)")
        .expect("focus regex")
});
static GOV_ANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:{ACTOR}|overheid|kabinet|regering|ministerie)(?-u:\b)"
    ))
    .expect("gov regex")
});
static PREDICTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:onvermijdelijk|hoe\s+dan\s+ook|naar\s+verwachting|waarschijnlijk|wellicht|vermoedelijk|naar\s+alle\s+waarschijnlijkheid)(?-u:\b)")
        .expect("prediction regex")
});
static FRAMING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:op\s+welke\s+wijze|in\s+hoeverre|verzoek\s+om|gevraagd\s+(?:om|te)|verzocht\s+(?:om|te)|verzoekt\s+de\s+regering|de\s+motie\s+verzoekt|voldoende\s+ondersteund)").expect("framing regex")
});
static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:niet|geen|nooit)(?-u:\b)").expect("negation regex")
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:die|wat|welke|waar[a-z]*|of|als)(?-u:\b)").expect("relative regex")
});
static BOUNDARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[,;:(]|(?-u:\b)(?:dat|omdat|waarbij|zodat|terwijl|hoewel|doordat|wanneer|nu|indien|zolang|waardoor|waarin)(?-u:\b)")
        .expect("boundary regex")
});

/// The end of the clause that starts at `from`: the next ",", ";" or ":" outside parentheses.
fn clause_end(s: &str, from: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in s[from..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' | ':' if depth == 0 => return from + i,
            _ => {}
        }
    }
    s.len()
}

fn action_from(s: &str, from: usize, after: usize) -> String {
    let end = clause_end(s, after.max(from).min(s.len()));
    let a = s[from..end].trim().trim_end_matches(['.', ',', ';']);
    let mut a = a.split_whitespace().collect::<Vec<_>>().join(" ");
    if a.len() > 300 {
        let mut cut = 300;
        while !a.is_char_boundary(cut) {
            cut -= 1;
        }
        a.truncate(cut);
    }
    a
}

fn resolve_actor(actor: &str, signatories: &[Person]) -> String {
    let a = actor.split_whitespace().collect::<Vec<_>>().join(" ");
    let first_person = matches!(a.to_lowercase().as_str(), "ik" | "wij" | "we");
    if first_person && !signatories.is_empty() {
        let roles: Vec<String> = signatories
            .iter()
            .map(|p| p.role.clone().unwrap_or_else(|| p.name.clone()))
            .collect();
        return roles.join(" en ");
    }
    a
}

/// Classify one sentence; `None` when it is not a commitment.
fn classify(s: &str, signatories: &[Person]) -> Option<(String, bool, String, &'static str)> {
    if s.ends_with('?') || PREDICTION.is_match(s) {
        return None;
    }
    if let Some(c) = INTENT.captures(s).or_else(|| INTENT_INV.captures(s)) {
        let m = c.get(0)?;
        let actor = c.get(1)?;
        if !FRAMING.is_match(&s[..actor.start()]) && !NEGATION.is_match(m.as_str()) {
            let action = action_from(s, actor.end(), m.end());
            return Some((
                resolve_actor(actor.as_str(), signatories),
                false,
                action,
                "intent",
            ));
        }
    }
    if let Some(c) = PRESENT.captures(s)
        && !FRAMING.is_match(&s[..c.get(0)?.start()])
    {
        let m = c.get(0)?;
        let actor = c.get(1).or(c.get(4))?;
        let verb = c.get(2).or(c.get(3))?.as_str().to_lowercase();
        let after = &s[m.end()..];
        let has_deadline = !deadline::find(s, None).is_empty();
        let ok = if verb.starts_with("kom") {
            // "kom … terug (op)", "kom … met"
            let rest = &after[..clause_end(after, 0)];
            rest.contains("terug") || rest.starts_with(" met ") || rest.contains(" met een ")
        } else if verb.starts_with("verwacht") {
            // "verwacht … te informeren"; "verwacht dat …" is a prediction
            let rest = &after[..clause_end(after, 0)];
            !rest.trim_start().starts_with("dat") && rest.contains(" te ") && VERB_RE.is_match(rest)
        } else {
            KAMER.is_match(s) || has_deadline
        };
        if ok && !NEGATION.is_match(m.as_str()) {
            let action = action_from(s, m.start(), m.end());
            return Some((
                resolve_actor(actor.as_str(), signatories),
                false,
                action,
                "present",
            ));
        }
    }
    if let Some(m) = YOU_RECEIVE.find(s)
        && !FRAMING.is_match(&s[..m.start()])
        && !NEGATION.is_match(m.as_str())
    {
        let action = action_from(s, m.start(), m.end());
        return Some(("het kabinet".to_string(), true, action, "present"));
    }
    for aux in AUX.find_iter(s) {
        let before = &s[..aux.start()];
        if FRAMING.is_match(before) {
            continue;
        }
        let clause_start = BOUNDARY.find_iter(before).last().map_or(0, |m| m.end());
        let clause = &s[clause_start..aux.start()];
        let actor = ACTOR_RE
            .find_iter(clause)
            .last()
            .map(|m| (m.as_str().to_string(), clause_start + m.end()))
            .or_else(|| {
                ACTOR_AFTER
                    .captures(&s[aux.end()..])
                    .and_then(|c| c.get(1))
                    .map(|m| (m.as_str().to_string(), aux.end() + m.end()))
            });
        let Some((actor, actor_end)) = actor else {
            continue;
        };
        if actor_end <= aux.start() && NEGATION.is_match(&s[actor_end..aux.start()]) {
            continue;
        }
        let from = aux.end().max(actor_end);
        let end = clause_end(s, from);
        let window = &s[from..end];
        let Some(v) = VERB_RE.find(window) else {
            continue;
        };
        if window[..v.start()].split_whitespace().count() > 12
            || NEGATION.is_match(&window[..v.start()])
        {
            continue;
        }
        let action = action_from(s, aux.start(), from + v.end());
        return Some((resolve_actor(&actor, signatories), false, action, "future"));
    }
    if let Some(m) = FOCUS.find(s)
        && GOV_ANY.is_match(m.as_str())
        && !FRAMING.is_match(s)
    {
        let action = action_from(s, m.start(), m.end());
        let actor = GOV_ANY
            .find(m.as_str())
            .map_or("het kabinet".to_string(), |a| a.as_str().to_string());
        return Some((resolve_actor(&actor, signatories), false, action, "focus"));
    }
    for m in PASSIVE.find_iter(s) {
        if NEGATION.is_match(m.as_str()) || FRAMING.is_match(&s[..m.start()]) {
            continue;
        }
        // only a passive in a main clause commits: not "in plaats van dat er wordt
        // geïnvesteerd", "de weg die nu wordt ingezet", "erop rekenen dat zaken worden aangepakt"
        let before = &s[..m.start()];
        let subordinate = BOUNDARY
            .find_iter(before)
            .chain(RELATIVE.find_iter(before))
            .max_by_key(|b| b.end())
            .is_some_and(|b| b.as_str().chars().next().is_some_and(char::is_alphabetic));
        if subordinate {
            continue;
        }
        let action = action_from(s, m.start(), m.end());
        return Some(("het kabinet".to_string(), true, action, "passive"));
    }
    None
}

/// The commitments in a document's body.
pub(crate) fn commitments(
    body: &Body,
    signatories: &[Person],
    reference: Option<NaiveDate>,
) -> Vec<Commitment> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for unit in units(body.paragraphs) {
        for s in sentences(&unit) {
            if s.len() > 2000 {
                continue;
            }
            // a sentence repeated in the document (a title and its text) counts once
            if !seen.insert(s.clone()) {
                continue;
            }
            if let Some((actor, implicit, action, rule)) = classify(&s, signatories) {
                let deadline = deadline::find(&s, reference)
                    .into_iter()
                    .next()
                    .map(|f| f.deadline);
                out.push(Commitment {
                    sentence: s.clone(),
                    actor,
                    actor_implicit: implicit,
                    action,
                    deadline,
                    rule: rule.into(),
                });
            }
        }
    }
    out
}
