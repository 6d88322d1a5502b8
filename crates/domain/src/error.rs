//! The crate's one error type.

/// A value that breaks a domain rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DomainError {
    /// A timestamp that is not ISO 8601 / RFC 3339.
    #[error("not an ISO 8601 timestamp: {0:?}")]
    BadTimestamp(String),
    /// An entity name the Kamer's data model does not have (or that Kamerwacht does not store).
    #[error("unknown entity {0:?}")]
    UnknownEntity(String),
}
