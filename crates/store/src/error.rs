//! The crate's one error type.

use std::path::PathBuf;

/// A store failure. `DataDir` is the user's to fix; the others are internal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The data directory cannot be created or opened.
    #[error("data directory {0}: {1}")]
    DataDir(PathBuf, #[source] std::io::Error),
    /// The database was written by a newer Kamerwacht.
    #[error(
        "the store's schema version {found} is newer than this program knows ({known}); upgrade Kamerwacht"
    )]
    TooNew { found: i64, known: i64 },
    /// SQLite failed.
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A value could not be encoded.
    #[error("encoding: {0}")]
    Json(#[from] serde_json::Error),
}
