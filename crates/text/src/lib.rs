//! Kamerwacht document text: repair of PDF-extracted text, readers for official publications,
//! extraction of motions and letters, and the one Dutch deadline parser.
//!
//! **Invariant:** this crate does no I/O. Every entry point takes bytes or text and returns a
//! value with diagnostics; no input may panic.

pub mod deadline;
pub mod doc;
pub mod error;
pub mod extract;
pub mod read;
pub mod repair;

pub use doc::{Diagnostic, Footnote, Repair, SourceDoc, SourceFormat};
pub use error::TextError;
pub use extract::{
    Commitment, Extraction, Kamerstuk, Person, Reference, ThemeHit, extract, extract_bytes,
    extract_owned,
};
