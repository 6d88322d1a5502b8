//! The crate's one error type.

/// Why a source could not be read. All variants are about the input (user errors); the
/// reader has no internal failure modes besides I/O errors of the caller's reader.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// The JSON is malformed or truncated; serde's message gives line and column.
    #[error("malformed JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The JSON is well-formed but not in a shape this reader knows.
    #[error("unexpected JSON shape: {0}")]
    Shape(String),
    /// A record lacks something every record must have, or has a bad value.
    #[error("record {index}: {message}")]
    BadRecord { index: usize, message: String },
    /// The XML is malformed or unsafe.
    #[error("XML: {0}")]
    Xml(String),
    /// Reading from the caller's source failed.
    #[error("read error: {0}")]
    Io(#[from] std::io::Error),
    /// The record sink (the caller) failed; the message is the caller's.
    #[error("{0}")]
    Sink(String),
}
