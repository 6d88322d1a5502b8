//! The XML tokenizer of the SyncFeed reader: quick-xml's events, cut from a `&str` page
//! without checking every event's bytes for UTF-8 again.
//!
//! A page is validated as UTF-8 once, as a whole; every event ends at an ASCII delimiter
//! (`<`, `>`, `&`, `;`), so its text is a slice of the page, taken by index. The events are
//! quick-xml's own types (built with their borrowing constructors), so the reader above
//! handles them exactly as it handles quick-xml's reader. The rules are those of
//! `quick_xml::Reader` with `check_end_names` on, `expand_empty_elements` and text trimming
//! off: start tags end at the first `>` outside quotes, an end tag must name the element it
//! closes (trailing whitespace allowed), `&name;` is a reference and a lone `&` an error,
//! comments, CDATA sections, processing instructions and the declaration are whole events,
//! and a `<!DOCTYPE` is reported as such (the reader refuses it). The test module compares
//! the events with quick-xml's on real pages and on malformed input.

use quick_xml::events::{
    BytesCData, BytesDecl, BytesEnd, BytesPI, BytesRef, BytesStart, BytesText, Event,
};

/// A tokenizer over one page.
pub(crate) struct Lexer<'i> {
    text: &'i str,
    pos: usize,
    /// Where the last error started.
    error_at: usize,
    /// The names of the open elements, innermost last.
    open: Vec<&'i str>,
    /// The text of the last `Text` event, as a slice of the page.
    last_text: &'i str,
}

impl<'i> Lexer<'i> {
    pub(crate) fn new(text: &'i str) -> Lexer<'i> {
        Lexer {
            text,
            pos: 0,
            error_at: 0,
            open: Vec::new(),
            last_text: "",
        }
    }

    /// The byte offset after the last event.
    pub(crate) fn buffer_position(&self) -> usize {
        self.pos
    }

    /// The byte offset where the last error started.
    pub(crate) fn error_position(&self) -> usize {
        self.error_at
    }

    /// The text of the last `Text` event, before line-end normalisation.
    pub(crate) fn last_text(&self) -> &'i str {
        self.last_text
    }

    fn fail(&mut self, at: usize, reason: impl Into<String>) -> Result<Event<'i>, String> {
        self.error_at = at;
        // After an error the rest of the page is not read.
        self.pos = self.text.len();
        Err(reason.into())
    }

    /// The next event; `Event::Eof` at the end.
    pub(crate) fn read_event(&mut self) -> Result<Event<'i>, String> {
        let text = self.text;
        let bytes = text.as_bytes();
        let start = self.pos;
        let Some(&first) = bytes.get(start) else {
            return Ok(Event::Eof);
        };
        match first {
            b'<' => self.markup(start),
            b'&' => {
                let rest = &bytes[start + 1..];
                match memchr::memchr3(b';', b'&', b'<', rest) {
                    Some(i) if rest[i] == b';' => {
                        self.pos = start + 1 + i + 1;
                        Ok(Event::GeneralRef(BytesRef::new(
                            &text[start + 1..start + 1 + i],
                        )))
                    }
                    _ => self.fail(start, "unclosed reference: a `&` without its `;`"),
                }
            }
            _ => {
                let end =
                    memchr::memchr2(b'<', b'&', &bytes[start..]).map_or(bytes.len(), |i| start + i);
                self.pos = end;
                let t = &text[start..end];
                self.last_text = t;
                Ok(Event::Text(BytesText::from_escaped(t)))
            }
        }
    }

    /// An event that starts with `<` at `start`.
    fn markup(&mut self, start: usize) -> Result<Event<'i>, String> {
        let text = self.text;
        let bytes = text.as_bytes();
        match bytes.get(start + 1) {
            None => self.fail(start, "unclosed tag at the end of the page"),
            Some(b'/') => {
                let Some(gt) = memchr::memchr(b'>', &bytes[start + 2..]).map(|i| start + 2 + i)
                else {
                    return self.fail(start, "unclosed end tag");
                };
                // Whitespace after the name is allowed; a name of only whitespace stays as it
                // is (and matches no start tag), as in quick-xml.
                let raw = &text[start + 2..gt];
                let name = match raw.trim_end_matches([' ', '\t', '\r', '\n']) {
                    "" => raw,
                    trimmed => trimmed,
                };
                match self.open.pop() {
                    Some(expected) if expected == name => {
                        self.pos = gt + 1;
                        Ok(Event::End(BytesEnd::new(name)))
                    }
                    Some(expected) => self.fail(
                        start,
                        format!("end tag </{name}> does not match the start tag <{expected}>"),
                    ),
                    None => self.fail(start, format!("end tag </{name}> without a start tag")),
                }
            }
            Some(b'!') => {
                let rest = &text[start..];
                if let Some(body) = rest.strip_prefix("<!--") {
                    let Some(i) = memchr::memmem::find(body.as_bytes(), b"-->") else {
                        return self.fail(start, "unclosed comment");
                    };
                    self.pos = start + 4 + i + 3;
                    Ok(Event::Comment(BytesText::from_escaped(&body[..i])))
                } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
                    let Some(i) = memchr::memmem::find(body.as_bytes(), b"]]>") else {
                        return self.fail(start, "unclosed CDATA section");
                    };
                    self.pos = start + 9 + i + 3;
                    Ok(Event::CData(BytesCData::new(&body[..i])))
                } else if rest
                    .as_bytes()
                    .get(2..9)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"DOCTYPE"))
                {
                    // Its content is not read: the SyncFeed reader refuses any DOCTYPE.
                    let end =
                        memchr::memchr(b'>', rest.as_bytes()).map_or(text.len(), |i| start + i);
                    self.pos = (end + 1).min(text.len());
                    Ok(Event::DocType(BytesText::from_escaped(
                        &text[start + 9..end],
                    )))
                } else {
                    self.fail(
                        start,
                        "`<!` that starts no comment, CDATA section or DOCTYPE",
                    )
                }
            }
            Some(b'?') => {
                if bytes.get(start + 2) == Some(&b'>') {
                    // `<?>`: its `?` cannot both open and close the instruction.
                    return self.fail(start, "empty processing instruction `<?>`");
                }
                let body = &text[start + 2..];
                let Some(i) = memchr::memmem::find(body.as_bytes(), b"?>") else {
                    return self.fail(start, "unclosed processing instruction");
                };
                self.pos = start + 2 + i + 2;
                let content = &body[..i];
                let is_decl = content.as_bytes().starts_with(b"xml")
                    && content.as_bytes().get(3).is_none_or(|b| is_space(*b));
                if is_decl {
                    Ok(Event::Decl(BytesDecl::from_start(
                        BytesStart::from_content(content, 3),
                    )))
                } else {
                    Ok(Event::PI(BytesPI::new(content)))
                }
            }
            Some(_) => {
                // A start tag: up to the first `>` outside quoted attribute values.
                let mut at = start + 1;
                let gt = loop {
                    match memchr::memchr3(b'>', b'"', b'\'', &bytes[at..]) {
                        None => return self.fail(start, "unclosed start tag"),
                        Some(i) if bytes[at + i] == b'>' => break at + i,
                        Some(i) => {
                            let quote = bytes[at + i];
                            match memchr::memchr(quote, &bytes[at + i + 1..]) {
                                Some(j) => at = at + i + 1 + j + 1,
                                None => return self.fail(start, "unclosed attribute value"),
                            }
                        }
                    }
                };
                self.pos = gt + 1;
                let inner = &text[start + 1..gt];
                let (content, empty) = match inner.strip_suffix('/') {
                    Some(c) => (c, true),
                    None => (inner, false),
                };
                // An empty name (`<>`) is an element, as quick-xml reads it; the reader above
                // finds no use for it.
                let name_len = content.bytes().position(is_space).unwrap_or(content.len());
                let tag = BytesStart::from_content(content, name_len);
                if empty {
                    Ok(Event::Empty(tag))
                } else {
                    self.open.push(&content[..name_len]);
                    Ok(Event::Start(tag))
                }
            }
        }
    }
}

/// A child element in one of the plainest shapes, read whole by [`Lexer::plain_child`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plain<'i> {
    /// `<name>text</name>`: no attributes, and text without markup, references or carriage
    /// returns.
    Text(&'i str, &'i str),
    /// `<name/>`, without attributes.
    Empty(&'i str),
    /// `<name ref="value"/>`, the value without markup or references.
    Ref(&'i str, &'i str),
    /// `<name p:nil="value"/>`, where the caller said `p` is bound to the XML Schema
    /// instance namespace; the value without markup or references.
    Nil(&'i str, &'i str),
}

impl<'i> Lexer<'i> {
    /// Reads the next child element whole when, after ASCII whitespace, it has one of the
    /// [`Plain`] shapes and an unprefixed name of ASCII letters, digits, `_`, `-` and `.`; the
    /// events it stands for are those the general path would read (Start, Text, End with the
    /// same name; or Empty) and leave nothing open. Anything else: `None`, and nothing is
    /// consumed.
    pub(crate) fn plain_child(&mut self, is_xsi: impl Fn(&str) -> bool) -> Option<Plain<'i>> {
        let (plain, end) = self.peek_plain(is_xsi)?;
        self.pos = end;
        Some(plain)
    }

    /// Moves past an element [`Lexer::peek_plain`] found: `end` is the offset it returned.
    pub(crate) fn skip_to(&mut self, end: usize) {
        self.pos = end;
    }

    /// What [`Lexer::plain_child`] would read, and the offset after it, without reading it.
    pub(crate) fn peek_plain(&self, is_xsi: impl Fn(&str) -> bool) -> Option<(Plain<'i>, usize)> {
        let text = self.text;
        let b = text.as_bytes();
        let mut p = self.pos;
        while b.get(p).is_some_and(|&c| is_space(c)) {
            p += 1;
        }
        if b.get(p) != Some(&b'<') || !b.get(p + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let name_start = p + 1;
        let mut q = name_start;
        while b
            .get(q)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
        {
            q += 1;
        }
        let name = &text[name_start..q];
        match b.get(q)? {
            b'/' if b.get(q + 1) == Some(&b'>') => Some((Plain::Empty(name), q + 2)),
            b'>' => {
                let body = q + 1;
                let lt = body + memchr::memchr3(b'<', b'&', b'\r', &b[body..])?;
                if b[lt] != b'<' {
                    return None;
                }
                let end = lt + 2 + name.len();
                if b.get(lt + 1) != Some(&b'/')
                    || b.get(lt + 2..end) != Some(name.as_bytes())
                    || b.get(end) != Some(&b'>')
                {
                    return None;
                }
                Some((Plain::Text(name, &text[body..lt]), end + 1))
            }
            b' ' if b.get(q + 1..q + 6) != Some(b"ref=\"") => {
                // ` p:nil="value"/>`
                let pre = q + 1;
                let colon = pre + b[pre..].iter().take(16).position(|&c| c == b':')?;
                let prefix = &text[pre..colon];
                if prefix.is_empty()
                    || !prefix.bytes().all(|c| c.is_ascii_alphanumeric())
                    || b.get(colon + 1..colon + 6) != Some(b"nil=\"")
                    || !is_xsi(prefix)
                {
                    return None;
                }
                let v = colon + 6;
                let close = v + memchr::memchr3(b'"', b'&', b'<', &b[v..])?;
                if b[close] != b'"' || b.get(close + 1..close + 3) != Some(b"/>") {
                    return None;
                }
                Some((Plain::Nil(name, &text[v..close]), close + 3))
            }
            b' ' => {
                let v = q + 6;
                let close = v + memchr::memchr3(b'"', b'&', b'<', &b[v..])?;
                if b[close] != b'"' || b.get(close + 1..close + 3) != Some(b"/>") {
                    return None;
                }
                Some((Plain::Ref(name, &text[v..close]), close + 3))
            }
            _ => None,
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::Reader;

    /// Events as debug strings, up to the end or the first error (`"error"`); a DOCTYPE ends
    /// them too (the reader refuses it, so what follows is never read).
    fn events<'a, E>(mut read: impl FnMut() -> Result<Event<'a>, E>) -> Vec<String> {
        let mut out = Vec::new();
        loop {
            match read() {
                Ok(Event::Eof) => break,
                Ok(Event::DocType(_)) => {
                    out.push("DocType".into());
                    break;
                }
                Ok(e) => out.push(format!("{e:?}")),
                Err(_) => {
                    out.push("error".into());
                    break;
                }
            }
        }
        out
    }

    /// quick-xml's reader, configured as the SyncFeed reader once was.
    fn quick(text: &str) -> Vec<String> {
        let mut r = Reader::from_str(text);
        let c = r.config_mut();
        c.check_end_names = true;
        c.expand_empty_elements = false;
        c.trim_text(false);
        events(|| r.read_event())
    }

    fn ours(text: &str) -> Vec<String> {
        let mut l = Lexer::new(text);
        events(|| l.read_event())
    }

    #[test]
    fn events_equal_quick_xml_on_well_formed_and_malformed_input() {
        let cases = [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><a b='1>2' c=\"x'y\">t &amp; &#233;u</a><e/><f x=\"1\" /></feed>\n",
            "<a><!-- c -- d --><![CDATA[x<y]]><?pi data?></a>",
            "<a>\r\nline\r</a   >",
            "<a></b>",
            "</a>",
            "<a>x & y</a>",
            "<a>x &amp y</a>",
            "<a>x &amp",
            "<a b=\"unclosed></a>",
            "<a",
            "<",
            "<!DOCTYPE a [<!ENTITY x \"y\">]><a/>",
            "<!doctype a><a/>",
            "<!foo>",
            "<?xml?><a/>",
            "<?xmlfoo bar?><a/>",
            "<a><!-- unclosed",
            "<a><![CDATA[ unclosed",
            "<a><? unclosed",
            "<a>é€😀</a>",
            "text only",
            "<a>&;</a>",
            "<a/ >",
            "<a\n  x=\"1\"\n/>",
            "",
        ];
        for case in cases {
            assert_eq!(ours(case), quick(case), "{case:?}");
        }
    }

    /// Random token soups: the events (or the first error) equal quick-xml's on every one.
    #[test]
    fn events_equal_quick_xml_on_random_token_soups() {
        const PIECES: [&str; 24] = [
            "<",
            ">",
            "/",
            "</",
            "/>",
            "a",
            "b:c",
            " ",
            "\r\n",
            "=",
            "\"",
            "'",
            "&",
            ";",
            "&amp;",
            "&#233;",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "<?",
            "?>",
            "xml ",
            "é😀",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            let n = (next() % 16) as usize;
            let case: String = (0..n).map(|_| PIECES[(next() % 24) as usize]).collect();
            assert_eq!(ours(&case), quick(&case), "{case:?}");
        }
    }

    #[test]
    fn positions_follow_the_events() {
        let text = "<a>xy</a><b/>";
        let mut l = Lexer::new(text);
        let mut ends = Vec::new();
        loop {
            let e = l.read_event().unwrap();
            if matches!(e, Event::Eof) {
                break;
            }
            ends.push(l.buffer_position());
        }
        assert_eq!(ends, [3, 5, 9, 13]);
        let mut l = Lexer::new("<a>x</b>");
        while l.read_event().is_ok_and(|e| !matches!(e, Event::Eof)) {}
        assert_eq!(l.error_position(), 4);
    }
}
