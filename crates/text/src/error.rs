//! The crate's one error type: input this crate cannot read at all.

/// Input that cannot be read as a document. Messy but readable input gives diagnostics instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    /// The bytes are not in any document format this crate reads.
    #[error("not a document this reader understands: {0}")]
    Unsupported(String),
    /// The input is empty.
    #[error("the document is empty")]
    Empty,
    /// The XML is malformed; the message says where.
    #[error("malformed XML: {0}")]
    Xml(String),
    /// The input is larger than the limit the caller set.
    #[error("document too large: {size} bytes, limit {limit}")]
    TooLarge { size: usize, limit: usize },
}
