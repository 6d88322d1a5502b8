//! Kamerwacht live sync: SyncFeed and OData clients, resumable and polite.
//!
//! - [`sync`] replicates categories through `GET {base}/SyncFeed/2.0/Feed?category=<Entity>`,
//!   following absolute `next` links; each page's records and the category's skiptoken are
//!   stored in one transaction, so a crash never skips or duplicates anything. Bad entries are
//!   skipped and reported; a page that does not parse is retried and then stops its category
//!   without moving the cursor. Then the texts of motions, amendments and letters are fetched.
//! - [`fetch_motion`] fetches one motion complete through OData `$expand`.
//! - [`http::Http`] is polite: a request rate (2/s by default), retries of 5xx and timeouts
//!   with exponential backoff and jitter, a User-Agent naming the project, conditional requests.
//! - With the `replay` feature, [`replay`] is a loopback server and SyncFeed page generator for
//!   tests and benchmarks.

pub mod base;
pub mod documents;
pub mod error;
pub mod feed;
pub mod fetch;
pub mod http;
#[cfg(feature = "replay")]
pub mod replay;
pub mod state;

pub use base::{BASE_URL_ENV, BaseUrl, DEFAULT_BASE_URL};
pub use documents::DocumentReport;
pub use error::SyncError;
pub use feed::{
    CategoryReport, Counts, Outcome, Progress, Quiet, SyncOptions, SyncReport, default_categories,
    parse_categories, sync,
};
pub use fetch::{FetchReport, fetch_motion};
pub use http::{Politeness, USER_AGENT};
