//! Format detection from content, never from the file name.

/// How many leading bytes [`detect`] wants to see. Give it fewer only at end of file.
pub const PREFIX_LEN: usize = 64 * 1024;

/// A format Kamerwacht reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// OData v4 JSON: a bare array of entities, a `{"value": [...]}` page, or one entity object
    /// (tkmoties per-motion files included).
    ODataJson,
    /// A collector's plain-text rendering of a publication: `{"content": "...", "source": {...}}`.
    TextJson,
    /// Official-publication XML of a kamerstuk (`kst-*.xml`).
    KstXml,
    /// Handelingen XML (`h-tk-*.xml`), possibly double-encoded by a scraper.
    HandelingenXml,
    /// A SyncFeed Atom page.
    SyncFeedAtom,
    /// A PDF file.
    Pdf,
    /// Plain prose text (UTF-8).
    PlainText,
}

impl Format {
    /// Stable name, as stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::ODataJson => "odata-json",
            Format::TextJson => "text-json",
            Format::KstXml => "kst-xml",
            Format::HandelingenXml => "handelingen-xml",
            Format::SyncFeedAtom => "syncfeed-atom",
            Format::Pdf => "pdf",
            Format::PlainText => "text",
        }
    }
}

/// The verdict on a file's leading bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    Supported(Format),
    /// A format Kamerwacht does not read; the text names it ("XML Schema", "Markdown", …).
    Unsupported(String),
    /// Input that is refused outright, e.g. XML that declares entities (expansion bombs).
    Unsafe(String),
}

/// The byte-order mark of UTF-8 after a scraper read it as Latin-1 and wrote it as UTF-8.
const MANGLED_BOM: &[u8] = &[0xc3, 0xaf, 0xc2, 0xbb, 0xc2, 0xbf];

/// Detects the format from the first bytes of a file (up to [`PREFIX_LEN`]).
pub fn detect(prefix: &[u8]) -> Detected {
    let mut p = prefix;
    let mut mojibake = false;
    if let Some(rest) = p.strip_prefix(&[0xef, 0xbb, 0xbf][..]) {
        p = rest;
    } else if let Some(rest) = p.strip_prefix(MANGLED_BOM) {
        p = rest;
        mojibake = true;
    }
    let start = p
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(p.len());
    let p = &p[start..];
    if p.is_empty() {
        return Detected::Unsupported("empty file".into());
    }
    if p.starts_with(b"%PDF-") {
        return Detected::Supported(Format::Pdf);
    }
    match p[0] {
        b'[' => return Detected::Supported(Format::ODataJson),
        b'{' => {
            let head = String::from_utf8_lossy(&p[..p.len().min(4096)]);
            if head.contains("\"content\"")
                && !head.contains("\"@odata")
                && !head.contains("\"Id\"")
            {
                return Detected::Supported(Format::TextJson);
            }
            return Detected::Supported(Format::ODataJson);
        }
        b'<' => return detect_xml(p, mojibake),
        _ => {}
    }
    detect_text(p)
}

fn detect_xml(p: &[u8], mojibake: bool) -> Detected {
    let text = String::from_utf8_lossy(p);
    // `p` is at most the 64 KiB prefix, so the whole of it is the head.
    let head: &str = &text;
    if let Some(dt) = head.find("<!DOCTYPE") {
        let dtd = &head[dt..];
        let end = dtd
            .find("]>")
            .or_else(|| dtd.find('>'))
            .unwrap_or(dtd.len());
        if dtd[..end].contains("<!ENTITY") {
            return Detected::Unsafe(
                "XML declares entities in its DTD (possible entity-expansion bomb); refused".into(),
            );
        }
    }
    let Some(root) = root_element(head) else {
        return Detected::Unsupported("XML without a root element in its first 64 KiB".into());
    };
    let local = root.rsplit(':').next().unwrap_or(root);
    match local {
        "officiele-publicatie" => {
            if head.contains("<handelingen") || mojibake {
                Detected::Supported(Format::HandelingenXml)
            } else if head.contains("<kamerstuk") {
                Detected::Supported(Format::KstXml)
            } else {
                Detected::Unsupported(
                    "official publication that is not a kamerstuk or Handelingen".into(),
                )
            }
        }
        "handelingen" => Detected::Supported(Format::HandelingenXml),
        "feed" if head.contains("http://www.w3.org/2005/Atom") => {
            Detected::Supported(Format::SyncFeedAtom)
        }
        "schema" => Detected::Unsupported("XML Schema (XSD)".into()),
        "Edmx" => Detected::Unsupported("OData $metadata (CSDL)".into()),
        "TEI" | "teiCorpus" => Detected::Unsupported("TEI (ParlaMint) XML".into()),
        "RDF" => Detected::Unsupported("RDF/XML".into()),
        other => Detected::Unsupported(format!("XML with root element <{other}>")),
    }
}

/// The name of the first element that is not a declaration, comment or processing instruction.
fn root_element(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        let lt = rest.find('<')?;
        rest = &rest[lt..];
        if rest.starts_with("<?") {
            rest = &rest[rest.find("?>")? + 2..];
        } else if rest.starts_with("<!--") {
            rest = &rest[rest.find("-->")? + 3..];
        } else if rest.starts_with("<!") {
            let end = rest
                .find("]>")
                .map(|i| i + 2)
                .or_else(|| rest.find('>').map(|i| i + 1))?;
            rest = &rest[end..];
        } else {
            let name_end = rest[1..]
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .map(|i| i + 1)?;
            return Some(&rest[1..name_end]);
        }
    }
}

fn detect_text(p: &[u8]) -> Detected {
    // Allow a multi-byte character cut off at the end of the prefix.
    let text = match std::str::from_utf8(p) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > p.len() => {
            // only the last, incomplete character is bad
            match std::str::from_utf8(&p[..e.valid_up_to()]) {
                Ok(t) => t,
                Err(_) => return Detected::Unsupported("binary data".into()),
            }
        }
        Err(_) => return Detected::Unsupported("binary data (not UTF-8 text)".into()),
    };
    let total = text.chars().count().max(1);
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if control * 100 > total {
        return Detected::Unsupported("binary data (control characters)".into());
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with("@prefix")
        || trimmed.starts_with("PREFIX ")
        || trimmed.starts_with("@base")
    {
        return Detected::Unsupported("Turtle (RDF)".into());
    }
    let lines: Vec<&str> = text
        .lines()
        .take(50)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let markdown = lines
        .iter()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("# ")
                || t.starts_with("## ")
                || t.starts_with("```")
                || (t.starts_with('|') && t.contains("---"))
        })
        .count();
    if markdown >= 1
        && lines
            .first()
            .is_some_and(|l| l.trim_start().starts_with('#'))
        || markdown >= 3
    {
        return Detected::Unsupported("Markdown".into());
    }
    if looks_like_csv(&lines) {
        return Detected::Unsupported("CSV".into());
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters * 2 < total {
        return Detected::Unsupported("text that is not prose (too few letters)".into());
    }
    Detected::Supported(Format::PlainText)
}

fn looks_like_csv(lines: &[&str]) -> bool {
    if lines.len() < 3 {
        return false;
    }
    [',', ';', '\t'].iter().any(|&sep| {
        let counts: Vec<usize> = lines.iter().map(|l| l.matches(sep).count()).collect();
        counts[0] >= 1 && counts.iter().all(|&c| c == counts[0])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        assert_eq!(
            detect(b"  [{\"Id\":1}]"),
            Detected::Supported(Format::ODataJson)
        );
        assert_eq!(detect(b"%PDF-1.7\n"), Detected::Supported(Format::Pdf));
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><xs:schema xmlns:xs=\"x\"/>"),
            Detected::Unsupported("XML Schema (XSD)".into())
        );
        assert!(matches!(
            detect(b"<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aa\">]><l>&a;</l>"),
            Detected::Unsafe(_)
        ));
        assert_eq!(
            detect(b"# Title\n\ntext"),
            Detected::Unsupported("Markdown".into())
        );
        assert_eq!(
            detect(b"a,b,c\n1,2,3\n4,5,6\n"),
            Detected::Unsupported("CSV".into())
        );
        assert_eq!(
            detect("Geachte voorzitter,\n\nHierbij informeer ik u over de motie.".as_bytes()),
            Detected::Supported(Format::PlainText)
        );
        assert!(matches!(
            detect(&[0u8, 159, 146, 150, 1, 2, 3]),
            Detected::Unsupported(_)
        ));
        assert_eq!(detect(b""), Detected::Unsupported("empty file".into()));
    }
}
