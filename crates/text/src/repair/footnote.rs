//! Footnote markers: digits glued to a word ("Koninkrijk1") or to punctuation after a word
//! ("VK.2"), or set apart by a space when the page bottom has a note of that number
//! ("aangeboden 1."). Tokens whose digits belong to them are never broken: D66, JA21, BIJ1,
//! 50PLUS, CO2, Q3, COP30, G20, N36, E1, m2, "35 393", "Nr. 14", years.

use crate::doc::{Footnote, Repair};

/// Units and other lower-case tokens that end in digits of their own.
const KEEP_LOWER: &[&str] = &[
    "m2", "m3", "km2", "cm2", "cm3", "mm2", "dm3", "ha2", "co2", "no2", "so2", "h2", "o2", "o3",
    "nox2", "pm2", "pm10", "mp3", "mp4", "covid19", "g7", "g20", "ch4", "n2o",
];

/// Words after which a spaced number counts something ("artikel 1.") and is no marker.
const COUNTING: &[&str] = &[
    "artikel",
    "artikelen",
    "lid",
    "nr",
    "nummer",
    "nummers",
    "bijlage",
    "hoofdstuk",
    "paragraaf",
    "stap",
    "fase",
    "punt",
    "onderdeel",
    "figuur",
    "tabel",
    "pagina",
    "blz",
    "versie",
    "groep",
    "week",
    "dag",
    "jaar",
    "maand",
    "kwartaal",
    "ronde",
    "niveau",
    "klasse",
    "categorie",
    "zone",
    "regel",
    "sectie",
    "deel",
    "boek",
    "titel",
    "afdeling",
    "motie",
    "amendement",
    "vraag",
    "vragen",
    "antwoord",
    "tranche",
    "scenario",
    "optie",
    "variant",
    "uur",
    "minuut",
    "procent",
    "van",
    "tot",
    "en",
    "of",
    "op",
    "in",
    "om",
    "per",
    "met",
    "nog",
    "circa",
    "ruim",
    "bijna",
    "zo'n",
    "dan",
    "na",
    "voor",
    "te",
    "bij",
    "ongeveer",
    "maximaal",
    "minimaal",
    "hoogstens",
];

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

/// Is the glued token `word` + digits one whose digits belong to it?
fn keeps_digits(word: &str, digits: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let lower = word.chars().filter(|c| c.is_lowercase()).count();
    // Acronyms with a number: D66, JA21, BIJ1, CO2, Q3, COP30, G20, N36, E1, A2, F35.
    if lower == 0 {
        return true;
    }
    if letters <= 1 {
        return true;
    }
    let mut token = String::with_capacity(word.len() + digits.len());
    token.extend(word.chars().flat_map(char::to_lowercase));
    token.push_str(digits);
    if KEEP_LOWER.contains(&token.as_str()) {
        return true;
    }
    // Mixed-case product names ending in an upper-case letter before the digits ("eID2"? no:
    // "iPhone15" has lower before digits and is rare in parliamentary text). Keep words that end
    // in an upper-case letter (e.g. "mRNA1").
    word.chars().last().is_some_and(char::is_uppercase)
}

/// The offset of the first ASCII digit in `b` at or after `i`, looking at eight bytes at a
/// time (most text has few digits).
fn next_ascii_digit(b: &[u8], mut i: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // 0x80 in each byte from 0x30 to 0x39 (no carries: every byte of x is below 0x80)
    let digits = |w: u64| {
        let x = w & !HIGH;
        (x + ONES * 0x50) & !(x + ONES * 0x46) & !w & HIGH
    };
    let word = |at: usize| {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(bytes)
    };
    // sixteen bytes a step while there are no digits, then eight
    while i + 16 <= b.len() {
        if digits(word(i)) | digits(word(i + 8)) != 0 {
            break;
        }
        i += 16;
    }
    while i + 8 <= b.len() {
        let d = digits(word(i));
        if d != 0 {
            return Some(i + (d.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (i..b.len()).find(|&j| b[j].is_ascii_digit())
}

/// One pass over one paragraph. Returns the new text, pushing repairs and footnotes.
/// `base` is the paragraph's offset in the joined text; `max_seen` the highest marker so far.
#[allow(clippy::too_many_arguments)]
fn detach_in(
    para: &str,
    base: usize,
    notes: &[(u32, String)],
    max_seen: &mut u32,
    repairs: &mut Vec<Repair>,
    footnotes: &mut Vec<Footnote>,
) -> Option<String> {
    let bytes = para.as_bytes();
    // the bytes before the first digit hold no marker: the walk starts there
    let mut i = next_ascii_digit(bytes, 0)?;
    let mut out: Option<String> = None;
    let mut copied = 0usize; // bytes of `para` already copied into `out`
    while i < bytes.len() {
        let Some(d) = next_ascii_digit(bytes, i) else {
            break;
        };
        i = d;
        let ds = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let de = i;
        let digits = &para[ds..de];
        // What follows the digits must end the token.
        let after = para[de..].chars().next();
        let ends_token = match after {
            None => true,
            Some(c) => c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | ')' | '!' | '?'),
        };
        if !ends_token || digits.len() > 2 || digits.starts_with('0') {
            continue;
        }
        // A number followed by another digit group ("35 393") is a number.
        if after == Some(' ') && para[de + 1..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Ok(n) = digits.parse::<u32>() else {
            continue;
        };
        if n == 0 || n > *max_seen + 3 {
            continue;
        }
        let before_digits = &para[..ds];
        let Some(prev) = before_digits.chars().last() else {
            continue;
        };
        let (cut_start, word_start, word_end) = if is_word_char(prev) {
            // Glued to a word: "Koninkrijk1".
            let ws = before_digits
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_word_char(c) || c == '-' || c == '\'')
                .last()
                .map_or(ds, |(k, _)| k);
            let word = &para[ws..ds];
            if word.starts_with('-') || keeps_digits(word, digits) {
                continue;
            }
            // "abc-Koninkrijk1": the token before may not be a digit ("2e3").
            if para[..ws]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric())
            {
                continue;
            }
            (ds, ws, ds)
        } else if matches!(
            prev,
            '.' | ',' | ';' | ':' | ')' | '’' | '”' | '"' | '!' | '?'
        ) {
            // Glued to punctuation after a word: "VK.2", "partner,3".
            let p_start = ds - prev.len_utf8();
            let before_p = &para[..p_start];
            let Some(pp) = before_p.chars().last() else {
                continue;
            };
            if !(pp.is_alphabetic() || pp == ')') {
                continue;
            }
            let ws = before_p
                .char_indices()
                .rev()
                .take_while(|&(_, c)| !c.is_whitespace())
                .last()
                .map_or(p_start, |(k, _)| k);
            let word = &para[ws..p_start];
            let lw = word.trim_end_matches('.').to_lowercase();
            if COUNTING.contains(&lw.as_str()) || lw == "nrs" || lw == "art" || lw == "p" {
                continue;
            }
            (ds, ws, ds)
        } else if prev == ' ' {
            // Set apart by a space: only when the page bottom has a note of that number.
            if !notes.iter().any(|(m, _)| *m == n) {
                continue;
            }
            let sp = ds - 1;
            let before_sp = &para[..sp];
            let Some(pw) = before_sp.chars().last() else {
                continue;
            };
            if !pw.is_alphabetic() {
                continue;
            }
            let ws = before_sp
                .char_indices()
                .rev()
                .take_while(|&(_, c)| c.is_alphabetic())
                .last()
                .map_or(sp, |(k, _)| k);
            let word = &para[ws..sp];
            if COUNTING.contains(&word.to_lowercase().as_str())
                || word.chars().all(char::is_uppercase)
            {
                continue;
            }
            (sp, ws, sp)
        } else {
            continue;
        };
        let o = out.get_or_insert_with(|| String::with_capacity(para.len()));
        o.push_str(&para[copied..cut_start]);
        copied = de;
        *max_seen = (*max_seen).max(n);
        let word = &para[word_start..word_end];
        repairs.push(Repair {
            position: base + word_start,
            before: para[word_start..de].to_string(),
            after: word.to_string(),
            rule: "footnote-detach".into(),
        });
        footnotes.push(Footnote {
            marker: digits.to_string(),
            word: word.to_string(),
            text: notes.iter().find(|(m, _)| *m == n).map(|(_, t)| t.clone()),
        });
    }
    out.map(|mut o| {
        o.push_str(&para[copied..]);
        o
    })
}

/// Takes footnote markers out of the paragraphs, records each (`footnote-detach`) and returns
/// the footnotes in text order. `notes` are the note texts found at page bottoms
/// ([`super::layout::take_footnote_texts`]); notes whose marker is not found in the text are
/// returned too, with an empty `word`.
///
/// A marker is accepted only when it is at most three above the highest marker seen before it
/// (markers count up from 1), has one or two digits and no leading zero.
pub fn detach_markers(
    paragraphs: Vec<String>,
    notes: &[(u32, String)],
    repairs: &mut Vec<Repair>,
) -> (Vec<String>, Vec<Footnote>) {
    let mut footnotes = Vec::new();
    let mut max_seen = 0u32;
    let mut base = 0usize;
    let mut out = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        let len = p.len();
        // Repeat until nothing changes: taking a marker out can make another one visible
        // ("Koninkrijk1.2").
        let mut cur = p;
        for _ in 0..4 {
            match detach_in(&cur, base, notes, &mut max_seen, repairs, &mut footnotes) {
                Some(new) => cur = new,
                None => break,
            }
        }
        out.push(cur);
        base += len + 2;
    }
    for (m, text) in notes {
        let ms = m.to_string();
        if !footnotes.iter().any(|f| f.marker == ms) {
            footnotes.push(Footnote {
                marker: ms,
                word: String::new(),
                text: Some(text.clone()),
            });
        }
    }
    (out, footnotes)
}

#[cfg(test)]
mod tests {
    use super::next_ascii_digit;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn next_ascii_digit_is_the_first_digit(s in "[a0-9 \u{b0}-\u{b9}\u{660}-\u{669}é/:]{0,40}", from in 0usize..40) {
            let b = s.as_bytes();
            let want = (from.min(b.len())..b.len()).find(|&j| b[j].is_ascii_digit());
            prop_assert_eq!(next_ascii_digit(b, from.min(b.len())), want);
        }
    }
}
