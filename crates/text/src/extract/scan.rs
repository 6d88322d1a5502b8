//! Byte-level helpers for the extraction's pre-scans: cheap searches that find every place a
//! pattern could match, so that the full regular expression runs only there.
//!
//! A pre-scan is only allowed to over-approximate: it may let through a place where the full
//! pattern then fails, but never skip one where it would match. The helpers here are exact for
//! what they promise; each caller states why its use of them is safe.

/// `c` matches `p`, an ASCII lower-case letter, under `(?i)`: its ASCII cases, and for "k"
/// and "s" the Kelvin sign and the long s (Unicode simple case folding).
pub(crate) fn folds_to(c: char, p: u8) -> bool {
    c.to_ascii_lowercase() == char::from(p)
        || (p == b'k' && c == '\u{212A}')
        || (p == b's' && c == '\u{17F}')
}

/// The end of a run of at least one whitespace character (`\s+`, White_Space) at `at`.
pub(crate) fn spaces(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let n = rest.len() - rest.trim_start_matches(char::is_whitespace).len();
    (n > 0).then_some(at + n)
}

/// The end of `word` (lower-case ASCII letters, a space standing for `\s+`) matched under
/// `(?i)` at `at`.
pub(crate) fn word_at(text: &str, mut at: usize, word: &str) -> Option<usize> {
    for (i, part) in word.split(' ').enumerate() {
        if i > 0 {
            at = spaces(text, at)?;
        }
        let mut chars = text[at..].char_indices();
        for &p in part.as_bytes() {
            let (_, c) = chars.next()?;
            if !folds_to(c, p) {
                return None;
            }
        }
        at += chars.next().map_or(text.len() - at, |(j, _)| j);
    }
    Some(at)
}

/// ASCII word bytes, as `(?-u:\b)` sees them: `[0-9A-Za-z_]`.
pub(crate) fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Offsets where `lower` (ASCII lower case letters, digits or punctuation, not empty) occurs
/// in `hay`, compared ASCII case-insensitively, in order. Overlapping occurrences are all
/// reported.
pub(crate) fn ci_find_iter<'a>(hay: &'a [u8], lower: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let first = lower.first().copied().unwrap_or(0);
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay)
        .filter(move |&i| ci_starts_with(hay, i, lower))
}

/// [`ci_find_iter`] from the end of `hay` to its start.
pub(crate) fn ci_rfind_iter<'a>(
    hay: &'a [u8],
    lower: &'a [u8],
) -> impl Iterator<Item = usize> + 'a {
    let first = lower.first().copied().unwrap_or(0);
    memchr::memrchr2_iter(first, first.to_ascii_uppercase(), hay)
        .filter(move |&i| ci_starts_with(hay, i, lower))
}

/// [`ci_find_iter`], collected.
pub(crate) fn ci_positions(hay: &[u8], lower: &[u8]) -> Vec<usize> {
    ci_find_iter(hay, lower).collect()
}

/// True when `text[at..]` starts with `lower`, ASCII case-insensitively.
pub(crate) fn ci_starts_with(text: &[u8], at: usize, lower: &[u8]) -> bool {
    text.get(at..at + lower.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(lower))
}

/// The offset of the first non-ASCII byte of `b` at or after `i`, skipping ASCII eight bytes
/// at a time.
fn next_non_ascii(b: &[u8], mut i: usize) -> Option<usize> {
    // sixteen bytes a step while they are ASCII, then eight
    while let Some(chunk) = b.get(i..i + 16) {
        let mut w = [0u8; 16];
        w.copy_from_slice(chunk);
        if u128::from_ne_bytes(w) & 0x8080_8080_8080_8080_8080_8080_8080_8080 != 0 {
            break;
        }
        i += 16;
    }
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        if u64::from_ne_bytes(w) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    (i..b.len()).find(|&j| b[j] >= 0x80)
}

/// True when `text` has a character that makes the ASCII pre-scans of the kamerstuk patterns
/// incomplete: a non-ASCII digit (`\d` is Unicode there; `char::is_numeric` is a superset of
/// the decimal digits), or the Kelvin sign or long s, which Unicode case folding matches to
/// "k" and "s" in `(?i)` literals. Normalised text (NFKC) has neither kind, but the extraction
/// takes any document, so such text goes through the patterns unfiltered.
///
/// Latin-1 letters (U+00C0–U+00FF, lead byte C3) and general punctuation (U+2000–U+203F, bytes
/// E2 80 …), the usual non-ASCII characters of Dutch text, hold neither and are skipped
/// without decoding.
pub(crate) fn has_unusual_chars(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(j) = next_non_ascii(b, i) {
        match (b[j], b.get(j + 1)) {
            (0xC3, _) => i = j + 2,
            (0xE2, Some(0x80)) => i = j + 3,
            _ => {
                let Some(c) = text.get(j..).and_then(|t| t.chars().next()) else {
                    return false;
                };
                if c.is_numeric() || c == '\u{212A}' || c == '\u{17F}' {
                    return true;
                }
                i = j + c.len_utf8();
            }
        }
    }
    false
}

/// Bit `i` set when byte `i` of the eight bytes in `w` (little-endian) is a theme word byte:
/// an ASCII letter or digit, or a byte of a non-ASCII character.
fn word_bits8(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = w & !HIGH;
    let folded = x | (ONES * 0x20);
    // 0x80 where a byte lies in a range; no carries as every byte of x is below 0x80
    let letter = (folded + ONES * (0x80 - 0x61)) & !(folded + ONES * (0x7f - 0x7a));
    let digit = (x + ONES * (0x80 - 0x30)) & !(x + ONES * (0x7f - 0x39));
    let m = ((letter | digit) & HIGH) | (w & HIGH);
    // gather the eight high bits into the low byte
    (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// `s.trim()`, returning `s` at once when its first and last bytes are printable ASCII other
/// than the space (then its first and last characters are not whitespace).
pub(crate) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(0x21..=0x7E), Some(0x21..=0x7E)) => s,
        _ => s.trim(),
    }
}

/// Theme word bytes: ASCII letters and digits and every byte of a non-ASCII character.
pub(crate) fn is_theme_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// The word-byte bits ([`is_theme_word`]) of the 64 bytes of `b` from `start`; bits past
/// the end of `b` are clear.
fn block_bits(b: &[u8], start: usize) -> u64 {
    let block = b.get(start..b.len().min(start + 64)).unwrap_or_default();
    let mut chunks = block.chunks_exact(8);
    let mut m = 0u64;
    let mut shift = 0;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        m |= word_bits8(u64::from_le_bytes(w)) << shift;
        shift += 8;
    }
    for (j, &c) in chunks.remainder().iter().enumerate() {
        if is_theme_word(c) {
            m |= 1 << (shift + j);
        }
    }
    m
}

/// Calls `f(start, end)` for each maximal run of theme word bytes ([`is_theme_word`]) of
/// `b` that is at most three bytes long, in order, and returns the number of all runs
/// ([`for_each_word_start`] without the per-start calls).
#[cfg(test)]
pub(crate) fn for_each_short_word_run(b: &[u8], f: impl FnMut(usize, usize)) -> usize {
    for_each_word_start(b, |_| {}, f)
}

/// Calls `start(i)` for the first byte `i` of each maximal run of theme word bytes
/// ([`is_theme_word`]) of `b`, and `short(start, end)` for each such run that is at most
/// three bytes long, right after its `start` call; runs in order. Returns the number of runs.
///
/// The bytes are classified 64 at a time. A run starts at byte `i` of a block when bit `i` is
/// set and the bit before it (the last bit of the previous block for `i = 0`) is clear, so
/// the number of runs is the sum of the start masks' popcounts. A run starting at `i` is at
/// most three bytes long exactly when one of bits `i + 1 ..= i + 3` is clear; the bits are
/// read from the block and the next one side by side (a 128-bit window), and bits past the
/// end of `b` are clear, so a run that ends with `b` ends there (test: the short runs are
/// those of [`for_each_word_run`] filtered).
///
/// Inlined, so that the caller's per-start closures keep their state in registers.
#[inline(always)]
pub(crate) fn for_each_word_start(
    b: &[u8],
    mut start: impl FnMut(usize),
    mut short: impl FnMut(usize, usize),
) -> usize {
    let mut words = 0;
    let mut base = 0;
    let mut m = block_bits(b, 0);
    let mut last_before = 0u64;
    while base < b.len() {
        let next = if base + 64 < b.len() {
            block_bits(b, base + 64)
        } else {
            0
        };
        let mut starts = m & !((m << 1) | last_before);
        words += starts.count_ones() as usize;
        let not_w = !(u128::from(m) | (u128::from(next) << 64));
        // bit i of `end_k`: byte i + k is not a word byte
        let (end1, end2, end3) = (
            (not_w >> 1) as u64,
            (not_w >> 2) as u64,
            (not_w >> 3) as u64,
        );
        let ends_near = end1 | end2 | end3;
        while starts != 0 {
            let i = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            start(base + i);
            if ends_near >> i & 1 != 0 {
                // the first non-word byte after the start (byte i is a word byte)
                let len = if end1 >> i & 1 != 0 {
                    1
                } else if end2 >> i & 1 != 0 {
                    2
                } else {
                    3
                };
                short(base + i, base + i + len);
            }
        }
        last_before = m >> 63;
        m = next;
        base += 64;
    }
    words
}

/// Calls `f(start, end)` for each maximal run of theme word bytes ([`is_theme_word`]) of
/// `b`, in order. The bytes are classified 64 at a time and the runs read off the bit masks.
/// The reference for [`for_each_short_word_run`].
#[cfg(test)]
pub(crate) fn for_each_word_run(b: &[u8], mut f: impl FnMut(usize, usize)) {
    let mut open: Option<usize> = None;
    let mut base = 0;
    while base < b.len() {
        let m = block_bits(b, base);
        let before = (m << 1) | u64::from(open.is_some());
        // bit i of `starts`: byte i starts a run; of `ends`: byte i is the first after one (bits
        // past the end of `b` are clear in `m`, so a run open there ends at the end of `b`)
        let mut starts = m & !before;
        let mut ends = !m & before;
        loop {
            match open {
                Some(s) => {
                    if ends == 0 {
                        break;
                    }
                    f(s, (base + ends.trailing_zeros() as usize).min(b.len()));
                    ends &= ends - 1;
                    open = None;
                }
                None => {
                    if starts == 0 {
                        break;
                    }
                    open = Some(base + starts.trailing_zeros() as usize);
                    starts &= starts - 1;
                }
            }
        }
        base += 64;
    }
    if let Some(s) = open {
        f(s, b.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trim_is_str_trim_on_every_byte_at_either_end() {
        for c in (0..=0x7Fu8)
            .map(char::from)
            .chain(['\u{85}', '\u{a0}', '\u{2003}', 'é'])
        {
            for s in [
                format!("{c}"),
                format!("{c}ab"),
                format!("ab{c}"),
                format!("{c} x {c}"),
            ] {
                assert_eq!(trim(&s), s.trim(), "{s:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn trim_is_str_trim(s in "[ \t\u{b}\u{a0}\u{85}\u{3000}a!~\u{7f}\u{1}é]{0,8}") {
            prop_assert_eq!(trim(&s), s.trim());
        }

        #[test]
        fn unusual_chars_are_found(s in "\\PC{0,40}") {
            let want = s.chars().any(|c| !c.is_ascii() && (c.is_numeric() || c == '\u{212A}' || c == '\u{17F}'));
            prop_assert_eq!(has_unusual_chars(&s), want);
        }

        #[test]
        fn ci_positions_finds_every_occurrence(s in "[nNrRx ]{0,30}") {
            let lower = s.to_ascii_lowercase();
            let want: Vec<usize> = (0..s.len()).filter(|&i| lower[i..].starts_with("nr")).collect();
            prop_assert_eq!(ci_positions(s.as_bytes(), b"nr"), want.clone());
            let mut back: Vec<usize> = ci_rfind_iter(s.as_bytes(), b"nr").collect();
            back.reverse();
            prop_assert_eq!(back, want.clone());
        }
    }

    fn naive_runs(b: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !is_theme_word(b[i]) {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && is_theme_word(b[i]) {
                i += 1;
            }
            out.push((s, i));
        }
        out
    }

    proptest! {
        #[test]
        fn word_runs_are_the_runs_of_word_bytes(s in "[a-zA-Z0-9 ,.'@\\[`{/:_\u{7f}\t\n\x00é’]{0,200}") {
            let mut got = Vec::new();
            for_each_word_run(s.as_bytes(), |a, b| got.push((a, b)));
            prop_assert_eq!(got, naive_runs(s.as_bytes()));
        }

        #[test]
        fn short_word_runs_are_the_short_runs(s in "[a-zA-Z0-9 ,.'@\\[`{/:_\u{7f}\t\n\x00é’]{0,300}") {
            check_short_runs(s.as_bytes());
        }

        #[test]
        fn short_word_runs_at_block_edges(words in proptest::collection::vec((1usize..6, 1usize..3), 0..60)) {
            let mut s = Vec::new();
            for (w, gap) in words {
                s.extend(std::iter::repeat_n(b'a', w));
                s.extend(std::iter::repeat_n(b' ', gap));
            }
            check_short_runs(&s);
            s.pop();
            check_short_runs(&s);
        }
    }

    fn check_short_runs(b: &[u8]) {
        let all = naive_runs(b);
        let mut got = Vec::new();
        let n = for_each_short_word_run(b, |x, y| got.push((x, y)));
        let want: Vec<_> = all.iter().copied().filter(|(x, y)| y - x <= 3).collect();
        assert_eq!(
            (got, n),
            (want, all.len()),
            "{:?}",
            String::from_utf8_lossy(b)
        );
        // every start, each short run reported right after its start
        let events = std::cell::RefCell::new(Vec::new());
        let n = for_each_word_start(
            b,
            |x| events.borrow_mut().push((x, None)),
            |x, y| events.borrow_mut().push((x, Some(y))),
        );
        let events = events.into_inner();
        let mut want = Vec::new();
        for &(x, y) in &all {
            want.push((x, None));
            if y - x <= 3 {
                want.push((x, Some(y)));
            }
        }
        assert_eq!(
            (events, n),
            (want, all.len()),
            "{:?}",
            String::from_utf8_lossy(b)
        );
    }

    #[test]
    fn short_word_runs_on_the_corpus() {
        for text in crate::extract::tests::corpus() {
            check_short_runs(text.as_bytes());
        }
        for len in 60..=200 {
            let s: Vec<u8> = (0..len)
                .map(|i| if i % 4 == 3 { b' ' } else { b'x' })
                .collect();
            check_short_runs(&s);
            check_short_runs(&vec![b'x'; len]);
        }
    }

    #[test]
    fn word_bits_of_every_byte() {
        for b in 0..=255u8 {
            for k in 0..8 {
                let mut bytes = [b'.'; 8];
                bytes[k] = b;
                let want = u64::from(is_theme_word(b)) << k;
                assert_eq!(
                    word_bits8(u64::from_le_bytes(bytes)),
                    want,
                    "byte {b:#x} at {k}"
                );
            }
        }
    }

    #[test]
    fn unusual_chars() {
        assert!(!has_unusual_chars("Kamerstuk 36 600, nr. 3 — één ‘x’"));
        assert!(has_unusual_chars("nr. ٣"));
        assert!(has_unusual_chars("\u{212A}amerstuk"));
        assert!(has_unusual_chars("kamer\u{17F}tuk"));
        assert!(has_unusual_chars("nr. ²"));
    }
}
