//! Character-level normalisation: NFKC (ligatures, superscript digits, full-width forms), soft
//! hyphens, non-breaking and other odd spaces, zero-width characters, stray control characters,
//! and CRLF line ends. Each change to a visible character is recorded.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::doc::Repair;

fn record(
    repairs: &mut Vec<Repair>,
    position: usize,
    before: &str,
    after: &str,
    rule: &'static str,
) {
    repairs.push(Repair {
        position,
        before: before.to_string(),
        after: after.to_string(),
        rule: rule.into(),
    });
}

fn is_space_like(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2000}'..='\u{200A}' | '\u{3000}'
    )
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Normalises `input`; the audit positions are byte offsets in `input`.
///
/// - `\r\n` and lone `\r` become `\n`; tabs become spaces (whitespace, not recorded);
/// - form feeds (page breaks) are kept;
/// - U+00AD soft hyphen: removed (`soft-hyphen`); at a line end the line break goes too, so the
///   two halves of the word are joined;
/// - non-breaking and other fixed-width spaces become a plain space (`nbsp`);
/// - zero-width characters and a byte-order mark are removed (`zero-width`);
/// - other control characters are removed (`control`);
/// - everything else that is not in NFKC is replaced by its NFKC form (`nfkc`), per base
///   character with its combining marks.
pub fn normalize(input: &str, repairs: &mut Vec<Repair>) -> String {
    let cleaned = clean_controls(input, repairs);
    nfkc_segments(cleaned, repairs)
}

/// Bytes that end a run of plain ASCII: non-ASCII, and control characters other than `\n` and
/// form feed.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b >= 0x80 || (b < 0x20 && b != b'\n' as usize && b != 0x0C) || b == 0x7F;
        b += 1;
    }
    t
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Eight bytes from `i` as a little-endian word, if there are eight.
fn word_at(b: &[u8], i: usize) -> Option<u64> {
    let mut w = [0u8; 8];
    w.copy_from_slice(b.get(i..i + 8)?);
    Some(u64::from_le_bytes(w))
}

/// 0x80 in each byte of `v` that is zero (exact per byte).
fn zero_bytes(v: u64) -> u64 {
    !(((v & !HIGH).wrapping_add(!HIGH)) | v | !HIGH)
}

/// The offset of the first [`SPECIAL`] byte at or after `i` (the length when none), sixteen
/// or eight bytes at a time while they are ASCII.
fn next_special(b: &[u8], mut i: usize) -> usize {
    // 0x80 in every byte at or above 0x7F or below 0x20 (and maybe in others when one is at
    // or above 0x80): zero for most words of text, which are passed sixteen bytes a step;
    // the word where it is not (a line end, most often) is looked at exactly
    let rough = |w: u64| (w | w.wrapping_add(ONES) | !w.wrapping_add(ONES * 0x60)) & HIGH;
    loop {
        while let (Some(w1), Some(w2)) = (word_at(b, i), word_at(b, i + 8)) {
            if rough(w1) | rough(w2) != 0 {
                break;
            }
            i += 16;
        }
        let Some(w) = word_at(b, i) else {
            break;
        };
        if w & HIGH != 0 {
            break;
        }
        // every byte is below 0x80 here, so the sums cannot carry into the next byte
        let below_space = !(w + ONES * 0x60) & HIGH;
        let kept = zero_bytes(w ^ (ONES * 0x0A)) | zero_bytes(w ^ (ONES * 0x0C));
        let special = (below_space & !kept) | zero_bytes(w ^ (ONES * 0x7F));
        if special != 0 {
            return i + (special.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    (i..b.len())
        .find(|&j| SPECIAL[usize::from(b[j])])
        .unwrap_or(b.len())
}

/// The offset of the first non-ASCII byte at or after `i` (the length when none), eight bytes
/// at a time.
fn next_non_ascii(b: &[u8], mut i: usize) -> usize {
    while let Some(w) = word_at(b, i) {
        if w & HIGH != 0 {
            return i + ((w & HIGH).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    (i..b.len()).find(|&j| b[j] >= 0x80).unwrap_or(b.len())
}

/// First half of [`normalize`]: line ends, tabs, soft hyphens, odd spaces, zero-width and
/// control characters. Done before NFKC so that combining marks that a removed character
/// separated are normalised together (repairing twice then gives the same text).
fn clean_controls(input: &str, repairs: &mut Vec<Repair>) -> String {
    let mut out = String::with_capacity(input.len());
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Copy a run of plain ASCII at once.
        let start = i;
        i = next_special(bytes, i);
        out.push_str(&input[start..i]);
        if i >= bytes.len() {
            break;
        }
        let b = bytes[i];
        if b < 0x80 {
            match b {
                b'\r' => {
                    if bytes.get(i + 1) != Some(&b'\n') {
                        out.push('\n');
                    }
                }
                b'\t' => out.push(' '),
                _ => record(repairs, i, &input[i..=i], "", "control"),
            }
            i += 1;
            continue;
        }
        let pos = i;
        let Some(c) = input[pos..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        match c {
            '\u{00AD}' => {
                // A soft hyphen at a line end: join the halves.
                let rest = &input[i..];
                let trimmed = rest.trim_start_matches([' ', '\t']);
                let ws = rest.len() - trimmed.len();
                if trimmed.starts_with('\n') {
                    let end = i + ws + 1;
                    record(repairs, pos, &input[pos..end], "", "soft-hyphen");
                    i = end;
                } else {
                    record(repairs, pos, "\u{00AD}", "", "soft-hyphen");
                }
            }
            c if is_space_like(c) => {
                record(repairs, pos, &input[pos..i], " ", "nbsp");
                out.push(' ');
            }
            c if is_zero_width(c) => record(repairs, pos, &input[pos..i], "", "zero-width"),
            c if c.is_control() => record(repairs, pos, &input[pos..i], "", "control"),
            c => out.push(c),
        }
    }
    out
}

/// Second half of [`normalize`]: NFKC per base character with its combining marks; positions
/// of `nfkc` repairs are offsets in the text after the first half.
fn nfkc_segments(input: String, repairs: &mut Vec<Repair>) -> String {
    if input.is_ascii() {
        return input;
    }
    let mut out = String::with_capacity(input.len());
    let bytes = input.as_bytes();
    let mut i = 0;
    let is_mark = |n: char| !n.is_ascii() && unicode_normalization::char::is_combining_mark(n);
    while i < bytes.len() {
        let start = i;
        i = next_non_ascii(bytes, i);
        // An ASCII letter followed by a combining mark is the base of the next segment.
        if i < bytes.len() && i > start && input[i..].starts_with(is_mark) {
            i -= 1;
        }
        out.push_str(&input[start..i]);
        if i >= bytes.len() {
            break;
        }
        let pos = i;
        let Some(c) = input[pos..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        let next_is_mark = input[i..].starts_with(is_mark);
        if !next_is_mark && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
            out.push(c);
            continue;
        }
        // The character with its following combining marks.
        for n in input[i..].chars() {
            if unicode_normalization::char::is_combining_mark(n) {
                i += n.len_utf8();
            } else {
                break;
            }
        }
        let seg = &input[pos..i];
        if is_nfkc_quick(seg.chars()) == IsNormalized::Yes {
            out.push_str(seg);
        } else {
            let norm: String = seg.nfkc().collect();
            if norm == seg {
                out.push_str(seg);
            } else {
                record(repairs, pos, seg, &norm, "nfkc");
                out.push_str(&norm);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn byte_scans_find_the_first_byte(
            s in proptest::collection::vec(proptest::sample::select(vec![b'a', b' ', b'\n', 0x0C, 0x09, 0x0D, 0x00, 0x1F, 0x7F, 0x7E, 0x20, 0x80, 0xC3, 0xFF]), 0..40),
            from in 0usize..40,
        ) {
            let from = from.min(s.len());
            let want = (from..s.len()).find(|&j| SPECIAL[usize::from(s[j])]).unwrap_or(s.len());
            prop_assert_eq!(next_special(&s, from), want);
            let want = (from..s.len()).find(|&j| s[j] >= 0x80).unwrap_or(s.len());
            prop_assert_eq!(next_non_ascii(&s, from), want);
        }

        #[test]
        fn special_scan_finds_rare_bytes_in_long_text(
            s in proptest::collection::vec((0u8..100, proptest::sample::select(vec![b'\n', 0x0C, 0x09, 0x0D, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF])), 0..120),
            from in 0usize..120,
        ) {
            // mostly printable ASCII, now and then a byte that is special or almost
            let s: Vec<u8> = s.iter().map(|&(x, c)| if x < 95 { b' ' + x % 95 } else { c }).collect();
            let from = from.min(s.len());
            let want = (from..s.len()).find(|&j| SPECIAL[usize::from(s[j])]).unwrap_or(s.len());
            prop_assert_eq!(next_special(&s, from), want);
        }
    }
}
