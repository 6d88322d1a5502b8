//! A Dutch sentence splitter that knows abbreviations ("nr.", "t.v.v.", initials "S.A.").

const ABBREVIATIONS: &[&str] = &[
    "nr", "nrs", "t.v.v", "o.a", "bijv", "d.w.z", "m.b.t", "i.v.m", "z.s.m", "e.d", "etc", "mr",
    "dr", "drs", "ir", "prof", "ca", "resp", "jl", "blz", "art", "zgn", "incl", "excl", "vgl",
    "mln", "mld", "mrd", "vs", "o.m", "c.s", "p", "pag", "min", "max", "evt", "mw", "dhr", "st",
    "a.s", "j.l", "ongev", "cf", "e.a", "i.c", "n.a.v", "t.a.v", "m.u.v", "m.i.v", "z.g", "n.v.t",
];

/// Paragraphs as units of text: a paragraph that does not end a sentence and is followed by
/// one starting in lower case is joined to it (the reader may have kept line breaks).
pub(crate) fn units(paragraphs: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in paragraphs {
        let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        if p.is_empty() {
            continue;
        }
        let starts_lower = p.chars().next().is_some_and(|c| c.is_lowercase());
        if let Some(last) = out.last_mut()
            && starts_lower
            && !last.ends_with(['.', '!', '?', ':', ';'])
        {
            last.push(' ');
            last.push_str(&p);
            continue;
        }
        out.push(p);
    }
    out
}

/// Split a unit of text into sentences.
pub(crate) fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // next must be whitespace then an upper-case letter, digit or quote
        let Some(&(_, n1)) = chars.get(k + 1) else {
            continue;
        };
        if !n1.is_whitespace() {
            continue;
        }
        let next = chars[k + 1..].iter().find(|(_, ch)| !ch.is_whitespace());
        let Some(&(_, n2)) = next else { continue };
        if !(n2.is_uppercase() || n2.is_ascii_digit() || matches!(n2, '‘' | '“' | '"' | '\'' | '('))
        {
            continue;
        }
        if c == '.' {
            let word_start = text[..i]
                .rfind(|ch: char| ch.is_whitespace() || ch == '(')
                .map_or(0, |p| p + 1);
            let word = &text[word_start..i];
            let lw = word.to_lowercase();
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            let dotted_initials =
                word.contains('.') && word.split('.').all(|p| p.chars().count() <= 1);
            if initial || dotted_initials || ABBREVIATIONS.contains(&lw.as_str()) {
                continue;
            }
        }
        let s = text[start..=i].trim();
        if !s.is_empty() {
            out.push(s.to_string());
        }
        start = i + c.len_utf8();
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
    out
}
