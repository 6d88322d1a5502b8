//! Repair of double-encoded text (UTF-8 bytes read as Latin-1 and encoded again, "LaÃ§in").
//!
//! A sequence is repaired only when its characters, taken as Latin-1 bytes, form one valid
//! UTF-8 multi-byte character: a lead character U+00C2–U+00F4 followed by the right number of
//! continuation characters U+0080–U+00BF. Correct text ("één", "café", "coöperatie") never has
//! that shape, so it is never touched. The stage runs to a fixpoint, so triple encoding is
//! undone too and a second run changes nothing.

use std::borrow::Cow;

use crate::doc::Repair;

/// Number of continuation bytes a Latin-1 lead character announces, or `None`.
fn lead_len(c: char) -> Option<usize> {
    match c as u32 {
        0xC2..=0xDF => Some(1),
        0xE0..=0xEF => Some(2),
        0xF0..=0xF4 => Some(3),
        _ => None,
    }
}

fn is_cont(c: char) -> bool {
    (0x80..=0xBF).contains(&(c as u32))
}

/// Byte offsets where a double-encoded sequence may start: a lead character U+00C2–U+00F4
/// (UTF-8 `C3 82`–`C3 B4`) followed by a continuation character U+0080–U+00BF (`C2 80`–`C2 BF`).
fn candidates(input: &str) -> impl Iterator<Item = usize> + '_ {
    let b = input.as_bytes();
    memchr::memchr_iter(0xC3, b).filter(move |&i| {
        b.get(i + 1).is_some_and(|&y| (0x82..=0xB4).contains(&y))
            && b.get(i + 2) == Some(&0xC2)
            && b.get(i + 3).is_some_and(|&y| (0x80..=0xBF).contains(&y))
    })
}

/// One pass; returns `None` when nothing changed.
fn pass(input: &str, repairs: &mut Vec<Repair>) -> Option<String> {
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    for pos in candidates(input) {
        if pos < copied {
            continue;
        }
        let mut chars = input[pos..].chars();
        let Some(c) = chars.next() else { continue };
        let Some(n) = lead_len(c) else { continue };
        let mut bytes = [0u8; 4];
        bytes[0] = c as u32 as u8;
        let mut consumed = c.len_utf8();
        let mut ok = true;
        for i in 0..n {
            match chars.next() {
                Some(cc) if is_cont(cc) => {
                    bytes[i + 1] = cc as u32 as u8;
                    consumed += cc.len_utf8();
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        let Ok(s) = std::str::from_utf8(&bytes[..=n]) else {
            continue;
        };
        let o = out.get_or_insert_with(|| String::with_capacity(input.len()));
        o.push_str(&input[copied..pos]);
        o.push_str(s);
        repairs.push(Repair {
            position: pos,
            before: input[pos..pos + consumed].to_string(),
            after: s.to_string(),
            rule: "mojibake".into(),
        });
        copied = pos + consumed;
    }
    out.map(|mut o| {
        o.push_str(&input[copied..]);
        o
    })
}

/// Repairs double encoding wherever it occurs and records each repaired sequence
/// (rule `mojibake`). Returns the input unchanged (borrowed) when it is correct.
pub fn fix_double_encoding<'a>(input: &'a str, repairs: &mut Vec<Repair>) -> Cow<'a, str> {
    let mut current: Cow<'a, str> = Cow::Borrowed(input);
    // Each pass shortens the text, so this ends; four passes undo quadruple encoding.
    for _ in 0..4 {
        match pass(&current, repairs) {
            Some(next) => current = Cow::Owned(next),
            None => break,
        }
    }
    current
}

/// True when the text holds at least one double-encoded sequence.
pub fn looks_double_encoded(input: &str) -> bool {
    let mut scratch = Vec::new();
    pass(input, &mut scratch).is_some()
}

/// Decodes a whole document that was double encoded, as the Handelingen collector stored them:
/// decode UTF-8, encode Latin-1, decode UTF-8, strip a leading U+FEFF and whitespace.
/// Returns `None` when the text is not entirely of that shape (then use
/// [`fix_double_encoding`], which repairs sequence by sequence).
pub fn decode_whole_document(input: &str) -> Option<String> {
    if input.chars().any(|c| c as u32 > 0xFF) || input.is_ascii() {
        return None;
    }
    let bytes: Vec<u8> = input.chars().map(|c| c as u32 as u8).collect();
    let s = String::from_utf8(bytes).ok()?;
    if s == input {
        return None;
    }
    Some(
        s.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .to_string(),
    )
}
