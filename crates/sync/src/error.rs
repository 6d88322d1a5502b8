//! The crate's one error type: user errors (bad base URL, a page the Kamer's server sent that
//! cannot be read, a motion that does not exist) apart from internal ones.

/// Why a sync or fetch failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    // ---- user errors: the input or the remote service is at fault ----
    /// `--base-url` / `KAMERWACHT_TK_BASE_URL` is not an http(s) URL.
    #[error("bad base URL {url:?}: {reason}")]
    BadBaseUrl { url: String, reason: String },
    /// An unknown `--categories` entry.
    #[error("unknown category {0:?}")]
    UnknownCategory(String),
    /// A SyncFeed page stayed unparseable after retries; the category's cursor did not move.
    #[error("{category}: page {url} does not parse after {attempts} attempts: {reason}")]
    UnparseablePage {
        category: String,
        url: String,
        attempts: u32,
        reason: String,
    },
    /// The server kept failing (5xx, timeouts, connection errors) after all retries.
    #[error("{url}: gave up after {attempts} attempts: {reason}")]
    GaveUp {
        url: String,
        attempts: u32,
        reason: String,
    },
    /// The server answered with a status that retrying cannot fix (4xx).
    #[error("{url}: HTTP {status}")]
    Status { url: String, status: u16 },
    /// An OData reply that cannot be read.
    #[error("{url}: unreadable OData reply: {reason}")]
    BadReply { url: String, reason: String },
    /// A stop was requested (Ctrl-C) while waiting to send a request; it was not sent.
    #[error("{url}: stopped before the request was sent")]
    Interrupted { url: String },
    /// `fetch motion` found no Zaak with that number.
    #[error("no Zaak with Nummer {0:?}")]
    NotFound(String),

    // ---- internal errors ----
    /// The store failed.
    #[error(transparent)]
    Store(#[from] kw_store::StoreError),
}

impl SyncError {
    /// True for errors the user (or the remote service) must resolve, false for internal ones.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, SyncError::Store(_))
    }
}
