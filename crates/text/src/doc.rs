//! The contract between readers and extraction: a document as read, repaired and laid out.

use std::borrow::Cow;

use serde::Serialize;

/// Where the text came from; decides which layout rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// Official-publication XML (`kst-*.xml`).
    KstXml,
    /// Handelingen XML (`h-tk-*.xml`).
    HandelingenXml,
    /// Plain text, possibly extracted from a PDF.
    PlainText,
    /// Text extracted from a PDF by this project.
    Pdf,
}

/// One change the repair made, so a user can check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// Byte offset in the text *before* this repair stage ran.
    pub position: usize,
    pub before: String,
    pub after: String,
    /// Stable rule name, e.g. `hyphen-join`, `footnote-detach`, `running-head`, `mojibake`.
    /// The rule names are fixed strings, borrowed (one allocation less per repair); the JSON
    /// is the same as for a `String`.
    pub rule: Cow<'static, str>,
}

/// A footnote marker with the word it was attached to, and the note text when found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    pub marker: String,
    pub word: String,
    pub text: Option<String>,
}

/// Something noteworthy about the input that did not stop reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `no-date`, `mojibake-repaired`.
    pub code: String,
    pub message: String,
}

/// A document after reading and repair, before extraction.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceDoc {
    pub format: Option<SourceFormat>,
    /// Metadata the reader found in markup or layout (letterhead "Datum"/"Betreft", kst meta).
    pub meta: DocMeta,
    /// Repaired body paragraphs, letterhead and running heads removed.
    pub paragraphs: Vec<String>,
    pub footnotes: Vec<Footnote>,
    pub repairs: Vec<Repair>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Metadata taken from markup or from the layout, each field only when the source states it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocMeta {
    /// e.g. `kst-36600-XVI-58`.
    pub kst_id: Option<String>,
    /// e.g. `36600` (no spaces).
    pub dossier: Option<String>,
    /// begrotingshoofdstuk or raadnummer, e.g. `XVI`, `32`.
    pub toevoeging: Option<String>,
    pub ondernummer: Option<String>,
    pub title: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Letter subject ("Betreft").
    pub subject: Option<String>,
    /// Signer lines as the markup or layout gives them, in order (name and optional function).
    pub signers: Vec<Signer>,
    /// The ministry or sender from a letterhead.
    pub sender: Option<String>,
    /// Document kind as the markup names it (e.g. `motie`, `brief`), lower case.
    pub kind_hint: Option<String>,
    /// Title of the (first) dossier, e.g. "Vreemdelingenbeleid". Added by part A.
    pub dossier_title: Option<String>,
    /// Parliamentary year as stated, e.g. `2024-2025` (ASCII hyphen). Added by part A.
    pub vergaderjaar: Option<String>,
    /// Publication identifier of any official publication, e.g. `kst-36600-XVI-58` or
    /// `h-tk-20172018-70-3`. Added by part A.
    pub publication_id: Option<String>,
}

/// A signer as found in a signature block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Signer {
    pub name: String,
    /// e.g. "Minister van Buitenlandse Zaken".
    pub function: Option<String>,
}
