//! Repair of text extracted from PDFs and scrapers: encoding, normalisation, page furniture,
//! paragraphs, line-end hyphens and footnote markers; every change is recorded as a [`Repair`].
//!
//! # Entry points
//! - [`repair_text`] runs the whole generic pipeline on a text and returns a [`Repaired`].
//! - The stages are public too, so the readers in [`crate::read`] can put structural steps
//!   (letterhead, Kamerstuk header, signature) between them:
//!   [`encoding::fix_double_encoding`], [`normalize::normalize`], [`layout::split_lines`],
//!   [`layout::strip_furniture`], [`layout::take_footnote_texts`], [`layout::rebuild_paragraphs`],
//!   [`footnote::detach_markers`]. The hyphen decision is [`hyphen::decide`].
//!
//! # Positions in the audit
//! [`Repair::position`] is a byte offset in the text *before the stage that made it* ran:
//! - `mojibake`: the input text;
//! - `soft-hyphen`, `nbsp`, `zero-width`, `control`: the text after the encoding repair;
//! - `nfkc`: that text after the removals above (NFKC runs last, so that combining marks a
//!   removed character separated are normalised together);
//! - layout rules (`running-head`, `page-number`, `kst-footer`, `page-label`, `footnote-text`,
//!   `kst-header`, `letterhead`, `signature`) and `hyphen-join`: the normalised text;
//! - `footnote-detach`: the rebuilt paragraphs joined with `"\n\n"` (the [`Repaired::text`] before
//!   markers were taken out).
//!
//! Only changes to non-whitespace are recorded: turning a line break into a space while
//! rebuilding a paragraph is not a repair.
//!
//! # Rules (stable names)
//! `mojibake`, `nfkc`, `soft-hyphen`, `nbsp`, `zero-width`, `control`, `running-head`,
//! `page-number`, `page-label`, `kst-footer`, `footnote-text`, `hyphen-join`, `footnote-detach`,
//! and, from the readers, `kst-header`, `letterhead`, `signature`.

pub mod encoding;
pub mod footnote;
pub mod hyphen;
pub mod layout;
pub mod normalize;

use crate::doc::{Footnote, Repair, SourceFormat};

/// The result of [`repair_text`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repaired {
    /// The repaired paragraphs joined with `"\n\n"`.
    pub text: String,
    /// The repaired paragraphs, in order; none contains a line break.
    pub paragraphs: Vec<String>,
    /// Every change, in pipeline order.
    pub repairs: Vec<Repair>,
    /// Footnote markers taken out of the text, with the note text when the page bottom had it.
    pub footnotes: Vec<Footnote>,
}

/// Repairs a text as a whole: double encoding, NFKC and odd spaces, page furniture (running
/// heads, page numbers, Kamerstuk last-page footer), footnote texts at page bottoms (for
/// [`SourceFormat::PlainText`] and [`SourceFormat::Pdf`]), paragraphs from lines, line-end
/// hyphens and footnote markers. Footnote texts are only looked for when the text has page
/// breaks (form feeds), as pdftotext writes them.
///
/// For the XML formats only the character-level stages run and every line is a paragraph.
/// Never panics; idempotent: `repair_text(&r.text, f).text == r.text`.
pub fn repair_text(input: &str, format: SourceFormat) -> Repaired {
    let mut repairs = Vec::new();
    let text = clean_chars(input, &mut repairs);
    let layout_stages = matches!(format, SourceFormat::PlainText | SourceFormat::Pdf);
    let mut lines = layout::split_lines(&text);
    let mut notes = Vec::new();
    if layout_stages {
        layout::strip_furniture(&text, &mut lines, &mut repairs);
        if text.contains('\u{000C}') {
            notes = layout::take_footnote_texts(&text, &mut lines, &mut repairs);
        }
    }
    let mode = match format {
        SourceFormat::Pdf => layout::Mode::Wrapped,
        SourceFormat::PlainText => layout::Mode::Auto,
        SourceFormat::KstXml | SourceFormat::HandelingenXml => layout::Mode::Lines,
    };
    let paragraphs = layout::rebuild_paragraphs(&text, &lines, mode, &mut repairs);
    let (paragraphs, footnotes) = footnote::detach_markers(paragraphs, &notes, &mut repairs);
    Repaired {
        text: paragraphs.join("\n\n"),
        paragraphs,
        repairs,
        footnotes,
    }
}

/// The character-level stages: double encoding, then normalisation, repeated (at most three
/// times) until neither changes anything, so that their output is a fixpoint of both.
pub fn clean_chars(input: &str, repairs: &mut Vec<Repair>) -> String {
    use std::borrow::Cow;
    let first = encoding::fix_double_encoding(input, repairs);
    let mut text = normalize::normalize(&first, repairs);
    for _ in 0..3 {
        match encoding::fix_double_encoding(&text, repairs) {
            Cow::Borrowed(_) => break,
            Cow::Owned(fixed) => {
                // Mojibake repaired after normalising: normalise the result again.
                text = normalize::normalize(&fixed, repairs);
            }
        }
    }
    text
}
