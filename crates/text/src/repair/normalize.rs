//! Character-level normalisation: NFKC (ligatures, superscript digits, full-width forms), soft
//! hyphens, non-breaking and other odd spaces, zero-width characters, stray control characters,
//! and CRLF line ends. Each change to a visible character is recorded.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::doc::Repair;

fn record(repairs: &mut Vec<Repair>, position: usize, before: &str, after: &str, rule: &str) {
    repairs.push(Repair {
        position,
        before: before.to_string(),
        after: after.to_string(),
        rule: rule.to_string(),
    });
}

fn is_space_like(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2000}'..='\u{200A}' | '\u{3000}'
    )
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
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
    let mut out = String::with_capacity(input.len());
    if input.is_ascii() {
        let bytes = input.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let replace: Option<&str> = match b {
                b'\r' => Some(if bytes.get(i + 1) == Some(&b'\n') {
                    ""
                } else {
                    "\n"
                }),
                b'\t' => Some(" "),
                0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F => {
                    record(repairs, i, &input[i..=i], "", "control");
                    Some("")
                }
                _ => None,
            };
            if let Some(r) = replace {
                out.push_str(&input[start..i]);
                out.push_str(r);
                start = i + 1;
            }
        }
        out.push_str(&input[start..]);
        return out;
    }
    let quick_ok = is_nfkc_quick(input.chars()) == IsNormalized::Yes;
    let mut iter = input.char_indices().peekable();
    while let Some((pos, c)) = iter.next() {
        match c {
            '\r' => {
                if !matches!(iter.peek(), Some((_, '\n'))) {
                    out.push('\n');
                }
            }
            '\t' => out.push(' '),
            '\n' | '\u{000C}' => out.push(c),
            '\u{00AD}' => {
                // A soft hyphen at a line end: join the halves.
                let rest = &input[pos + 2..];
                let trimmed = rest.trim_start_matches([' ', '\t']);
                let ws = rest.len() - trimmed.len();
                if trimmed.starts_with('\n') {
                    let end = pos + 2 + ws + 1;
                    record(repairs, pos, &input[pos..end], "", "soft-hyphen");
                    while let Some(&(p, _)) = iter.peek() {
                        if p < end {
                            iter.next();
                        } else {
                            break;
                        }
                    }
                } else {
                    record(repairs, pos, "\u{00AD}", "", "soft-hyphen");
                }
            }
            c if is_space_like(c) => {
                record(repairs, pos, &input[pos..pos + c.len_utf8()], " ", "nbsp");
                out.push(' ');
            }
            c if is_zero_width(c) => {
                record(repairs, pos, &input[pos..pos + c.len_utf8()], "", "zero-width");
            }
            c if c.is_control() => {
                record(repairs, pos, &input[pos..pos + c.len_utf8()], "", "control");
            }
            c if c.is_ascii() || quick_ok => out.push(c),
            c => {
                // The base character with its following combining marks.
                let mut end = pos + c.len_utf8();
                while let Some(&(p, n)) = iter.peek() {
                    if unicode_normalization::char::is_combining_mark(n) {
                        end = p + n.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                let seg = &input[pos..end];
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
        }
    }
    out
}
