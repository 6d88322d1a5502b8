//! The crate's one error type.

/// A service failure. `NotFound` and `Ambiguous` are the user's (a query that matched nothing
/// or too much); the rest are internal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// Nothing matched the query; the message says what was looked for.
    #[error("{0}")]
    NotFound(String),
    /// More than one thing matched; the message lists the candidates.
    #[error("{0}")]
    Ambiguous(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] kw_store::StoreError),
    /// SQLite failed in a query of this crate.
    #[error("database: {0}")]
    Sql(#[from] kw_store::rusqlite::Error),
    /// Encoding failed.
    #[error("encoding: {0}")]
    Json(#[from] serde_json::Error),
}
