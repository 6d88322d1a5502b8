//! Readers for official-publication XML: Kamerstukken (`kst-*.xml`, `<kamerstuk>`) and
//! Handelingen (`h-tk-*.xml`, `<handelingen>`), through a small bounded element tree.
//!
//! DTD entities are never expanded: a `<!DOCTYPE>` is ignored with a diagnostic, and a
//! reference to an entity that is not one of the five predefined ones is dropped with a
//! diagnostic, so an entity-expansion bomb reads as a small document. Nesting deeper than
//! [`MAX_DEPTH`] is an error.

use std::sync::LazyLock;

use quick_xml::Reader;
use quick_xml::events::Event;
use regex::Regex;

use super::{dutch_date_to_iso, is_closing_formula};
use crate::doc::{Diagnostic, DocMeta, Repair, Signer, SourceDoc, SourceFormat};
use crate::error::TextError;
use crate::repair::normalize::normalize;

/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;

/// An element of the bounded tree.
#[derive(Debug, Default)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Child>,
}

#[derive(Debug)]
pub(crate) enum Child {
    El(Node),
    /// A run of character data (entities resolved), not yet trimmed.
    Text(String),
}

impl Node {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub fn elements(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::El(n) => Some(n),
            Child::Text(_) => None,
        })
    }
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.elements().find(|n| n.name == name)
    }
    /// First descendant (depth-first, document order) with this name.
    pub fn find(&self, name: &str) -> Option<&Node> {
        for c in self.elements() {
            if c.name == name {
                return Some(c);
            }
            if let Some(n) = c.find(name) {
                return Some(n);
            }
        }
        None
    }
    /// The element's text: runs trimmed, inner whitespace collapsed, and joined with a space
    /// except after an opening and before a closing bracket or punctuation.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.text_into(&mut out);
        out
    }
    fn text_into(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Child::El(n) => n.text_into(out),
                Child::Text(t) => push_piece(out, t),
            }
        }
    }
}

/// Appends a text run with the spacing rules of [`Node::text`].
fn push_piece(out: &mut String, piece: &str) {
    let mut words = piece.split_whitespace();
    let Some(first) = words.next() else { return };
    if !out.is_empty()
        && !out.ends_with(['(', '[', '/', ' ', '‘', '“'])
        && !first.starts_with([')', ']', ',', '.', ';', ':', '/', '!', '?', '’', '”'])
    {
        out.push(' ');
    }
    out.push_str(first);
    for w in words {
        out.push(' ');
        out.push_str(w);
    }
}

fn xml_err(e: impl std::fmt::Display, pos: u64) -> TextError {
    TextError::Xml(format!("{e} (at byte {pos})"))
}

/// Parses `text` into a tree. Returns the root element and diagnostics.
pub(crate) fn parse_tree(text: &str) -> Result<(Node, Vec<Diagnostic>), TextError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut unknown_entities = 0usize;
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event().map_err(|e| xml_err(e, pos))?;
        match ev {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(TextError::Xml(format!(
                        "elements nested deeper than {MAX_DEPTH} levels (at byte {pos})"
                    )));
                }
                stack.push(make_node(&e));
            }
            Event::Empty(e) => {
                let node = make_node(&e);
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::El(node));
                }
            }
            Event::End(_) => {
                if stack.len() <= 1 {
                    return Err(xml_err("closing tag without opening tag", pos));
                }
                let node = stack.pop().expect("checked length");
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::El(node));
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                push_text(&mut stack, &s);
            }
            Event::CData(c) => {
                let s = c.into_inner().into_owned();
                push_text(&mut stack, &s);
            }
            Event::GeneralRef(r) => {
                if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => push_text(&mut stack, c.encode_utf8(&mut [0; 4])),
                        _ => diags.push(Diagnostic {
                            code: "bad-char-ref".into(),
                            message: format!("character reference &{}; is not valid", &*r),
                        }),
                    }
                } else {
                    let rep = match &*r {
                        "amp" => Some("&"),
                        "lt" => Some("<"),
                        "gt" => Some(">"),
                        "quot" => Some("\""),
                        "apos" => Some("'"),
                        _ => None,
                    };
                    match rep {
                        Some(s) => push_text(&mut stack, s),
                        None => {
                            unknown_entities += 1;
                            if unknown_entities == 1 {
                                diags.push(Diagnostic {
                                    code: "entity-not-expanded".into(),
                                    message: format!(
                                        "entity &{}; is not expanded (DTD entities are never expanded)",
                                        &*r
                                    ),
                                });
                            }
                        }
                    }
                }
            }
            Event::DocType(_) => diags.push(Diagnostic {
                code: "doctype-ignored".into(),
                message: "the document type declaration is ignored; its entities are not expanded"
                    .into(),
            }),
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if unknown_entities > 1 {
        diags.push(Diagnostic {
            code: "entity-not-expanded".into(),
            message: format!("{unknown_entities} references to undefined entities were dropped"),
        });
    }
    if stack.len() != 1 {
        return Err(TextError::Xml(format!(
            "document ends inside <{}>",
            stack.last().map_or("", |n| n.name.as_str())
        )));
    }
    let mut top = stack.pop().expect("one element");
    let root = top.children.drain(..).find_map(|c| match c {
        Child::El(n) => Some(n),
        Child::Text(_) => None,
    });
    root.map(|r| (r, diags))
        .ok_or_else(|| TextError::Xml("no root element".into()))
}

fn make_node(e: &quick_xml::events::BytesStart<'_>) -> Node {
    let mut attrs = Vec::new();
    for a in e.attributes().flatten() {
        let v = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| a.value.to_string());
        attrs.push((a.key.as_ref().to_string(), v));
    }
    Node {
        name: e.name().as_ref().to_string(),
        attrs,
        children: Vec::new(),
    }
}

fn push_text(stack: &mut [Node], s: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Child::Text(t)) = top.children.last_mut() {
            t.push_str(s);
        } else {
            top.children.push(Child::Text(s.to_string()));
        }
    }
}

static KST_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:kst|h-tk|h-ek|ah-tk|stb|stcrt|blg)-[0-9A-Za-z-]+?)(?:/metadata\.xml|\.xml|$)")
        .expect("static regex")
});

/// Adds the paragraphs, normalised, recording repairs at their offset in the joined text.
struct Body {
    paragraphs: Vec<String>,
    repairs: Vec<Repair>,
    offset: usize,
}

impl Body {
    fn new() -> Self {
        Body {
            paragraphs: Vec::new(),
            repairs: Vec::new(),
            offset: 0,
        }
    }
    fn push(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let mut local = Vec::new();
        let norm = normalize(text, &mut local);
        let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
        for mut r in local {
            r.position += self.offset;
            self.repairs.push(r);
        }
        if norm.is_empty() {
            return;
        }
        self.offset += norm.len() + 2;
        self.paragraphs.push(norm);
    }
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads the metadata block shared by both publication kinds.
fn read_metadata(root: &Node, meta: &mut DocMeta) {
    let Some(md) = root.child("metadata") else {
        return;
    };
    for m in md.elements().filter(|n| n.name == "meta") {
        let (Some(name), Some(content)) = (m.attr("name"), m.attr("content")) else {
            continue;
        };
        match name {
            "DC.identifier" if !content.is_empty() => {
                meta.publication_id = Some(content.to_string());
            }
            "OVERHEIDop.externMetadataRecord" if meta.publication_id.is_none() => {
                if let Some(c) = KST_URL.captures(content) {
                    meta.publication_id = Some(c[1].to_string());
                }
            }
            "DC.type" if m.attr("scheme") == Some("OVERHEIDop.KamerstukTypen") => {
                meta.kind_hint = Some(content.to_lowercase());
            }
            _ => {}
        }
    }
}

/// Reads a Kamerstuk (`<officiele-publicatie>` with `<kamerstuk>`) from well-formed XML text.
pub fn read_kst_xml(text: &str) -> Result<SourceDoc, TextError> {
    let (root, diagnostics) = parse_tree(text)?;
    kst_from_tree(&root, diagnostics)
}

pub(crate) fn kst_from_tree(
    root: &Node,
    mut diagnostics: Vec<Diagnostic>,
) -> Result<SourceDoc, TextError> {
    let kst = if root.name == "kamerstuk" {
        root
    } else {
        root.child("kamerstuk")
            .ok_or_else(|| TextError::Unsupported("XML without <kamerstuk>".into()))?
    };
    let mut meta = DocMeta::default();
    read_metadata(root, &mut meta);
    if meta
        .publication_id
        .as_deref()
        .is_some_and(|p| p.starts_with("kst-"))
    {
        meta.kst_id = meta.publication_id.clone();
    }
    if let Some(kop) = kst.child("kamerstukkop") {
        for t in kop.elements().filter(|n| n.name == "tekstregel") {
            if t.attr("inhoud") == Some("vergaderjaar") {
                let v = t.text();
                let v = v
                    .trim_start_matches("Vergaderjaar")
                    .trim()
                    .replace('–', "-");
                if !v.is_empty() {
                    meta.vergaderjaar = Some(v);
                }
            }
        }
    }
    if let Some(dossier) = kst.child("dossier") {
        if let Some(nr) = dossier.find("dossiernr") {
            let d: String = nr.text().chars().filter(|c| !c.is_whitespace()).collect();
            if !d.is_empty() {
                meta.dossier = Some(d);
            }
        }
        let toev = dossier
            .find("begrotingshoofdstuk")
            .or_else(|| dossier.find("raadnr"))
            .map(|n| clean(&n.text()))
            .filter(|s| !s.is_empty());
        meta.toevoeging = toev;
        if let Some(t) = dossier.child("titel") {
            let t = clean(&t.text());
            if !t.is_empty() {
                meta.dossier_title = Some(t);
            }
        }
    } else {
        diagnostics.push(Diagnostic {
            code: "no-dossier".into(),
            message: "the Kamerstuk names no dossier".into(),
        });
    }
    let stuk = kst.child("stuk");
    let mut body = Body::new();
    let mut signers: Vec<Signer> = Vec::new();
    if let Some(stuk) = stuk {
        if let Some(o) = stuk.find("ondernummer") {
            let o = clean(&o.text());
            if !o.is_empty() {
                meta.ondernummer = Some(o);
            }
        }
        if let Some(t) = stuk.child("titel") {
            let t = clean(&t.text());
            if !t.is_empty() {
                meta.title = Some(t);
            }
        }
        if let Some(d) = stuk.find("datum") {
            meta.date = d
                .attr("isodatum")
                .filter(|v| v.len() == 10)
                .map(str::to_string)
                .or_else(|| dutch_date_to_iso(&d.text()));
        }
        let mut closed = false;
        collect_paragraphs(
            stuk,
            &mut body,
            &mut signers,
            &mut closed,
            &mut String::new(),
        );
        if !closed {
            diagnostics.push(Diagnostic {
                code: "no-closing-formula".into(),
                message: "no \"en gaat over tot de orde van de dag\" found; no signers read".into(),
            });
        }
    } else {
        diagnostics.push(Diagnostic {
            code: "no-stuk".into(),
            message: "the Kamerstuk has no <stuk>".into(),
        });
    }
    if meta.kst_id.is_none()
        && let (Some(d), Some(o)) = (&meta.dossier, &meta.ondernummer)
    {
        let id = match &meta.toevoeging {
            Some(t) => format!("kst-{d}-{t}-{o}"),
            None => format!("kst-{d}-{o}"),
        };
        diagnostics.push(Diagnostic {
            code: "kst-id-derived".into(),
            message: format!("the kst id {id} was derived from dossier and ondernummer"),
        });
        meta.kst_id = Some(id);
    }
    if meta.kind_hint.is_none() {
        meta.kind_hint = meta.title.as_deref().and_then(super::kind_from_title);
    }
    if meta.date.is_none() {
        diagnostics.push(Diagnostic {
            code: "no-date".into(),
            message: "the Kamerstuk states no date".into(),
        });
    }
    meta.signers = signers;
    Ok(SourceDoc {
        format: Some(SourceFormat::KstXml),
        meta,
        paragraphs: body.paragraphs,
        footnotes: Vec::new(),
        repairs: body.repairs,
        diagnostics,
    })
}

/// Elements of `<stuk>` that are structure, not body text.
const KST_SKIP: &[&str] = &["stuknr", "titel", "datumtekst", "kop", "noot"];

fn collect_paragraphs(
    node: &Node,
    body: &mut Body,
    signers: &mut Vec<Signer>,
    closed: &mut bool,
    prefix: &mut String,
) {
    for c in node.elements() {
        if KST_SKIP.contains(&c.name.as_str()) {
            continue;
        }
        match c.name.as_str() {
            "al" => {
                let mut t = clean(&c.text());
                if !prefix.is_empty() {
                    t = format!("{} {t}", std::mem::take(prefix));
                }
                if t.is_empty() {
                    continue;
                }
                if *closed {
                    let mut local = Vec::new();
                    let name = normalize(&t, &mut local);
                    signers.push(Signer {
                        name: clean(&name),
                        function: None,
                    });
                } else {
                    body.push(&t);
                    if is_closing_formula(&t) {
                        *closed = true;
                    }
                }
            }
            "li.nr" => {
                *prefix = clean(&c.text());
            }
            _ => collect_paragraphs(c, body, signers, closed, prefix),
        }
    }
}

/// Reads Handelingen (`<officiele-publicatie>` with `<handelingen>`) from well-formed XML text.
/// The caller repairs double encoding first ([`super::read_bytes`] does).
pub fn read_handelingen_xml(text: &str) -> Result<SourceDoc, TextError> {
    let (root, diagnostics) = parse_tree(text)?;
    handelingen_from_tree(&root, diagnostics)
}

pub(crate) fn handelingen_from_tree(
    root: &Node,
    diagnostics: Vec<Diagnostic>,
) -> Result<SourceDoc, TextError> {
    let h = if root.name == "handelingen" {
        root
    } else {
        root.child("handelingen")
            .ok_or_else(|| TextError::Unsupported("XML without <handelingen>".into()))?
    };
    let mut meta = DocMeta {
        kind_hint: Some("handelingen".into()),
        ..DocMeta::default()
    };
    read_metadata(root, &mut meta);
    if let Some(t) = h.find("item-titel") {
        let t = clean(&t.text());
        if !t.is_empty() {
            meta.title = Some(t);
        }
    }
    if let Some(d) = h.find("vergaderdatum") {
        meta.date = dutch_date_to_iso(&d.text());
    }
    let mut body = Body::new();
    collect_handelingen(h, &mut body, &mut String::new());
    Ok(SourceDoc {
        format: Some(SourceFormat::HandelingenXml),
        meta,
        paragraphs: body.paragraphs,
        footnotes: Vec::new(),
        repairs: body.repairs,
        diagnostics,
    })
}

/// Elements of Handelingen that are structure, not text.
const H_SKIP: &[&str] = &[
    "nr",
    "item-titel",
    "vergadering-nummer",
    "vergadertijd",
    "vergaderdatum",
];

fn collect_handelingen(node: &Node, body: &mut Body, prefix: &mut String) {
    for c in node.elements() {
        if H_SKIP.contains(&c.name.as_str()) {
            continue;
        }
        match c.name.as_str() {
            "al" | "spreker" => {
                let mut t = clean(&c.text());
                if !prefix.is_empty() {
                    t = format!("{} {t}", std::mem::take(prefix));
                }
                body.push(&t);
            }
            "titel" => body.push(&clean(&c.text())),
            "li.nr" => *prefix = clean(&c.text()),
            _ => collect_handelingen(c, body, prefix),
        }
    }
}
