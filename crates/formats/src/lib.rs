//! Kamerwacht source formats: content-based detection, and readers that turn the Kamer's
//! OData JSON (every shape), the tkmoties per-motion files and SyncFeed Atom pages into
//! [`Record`]s.
//!
//! **Invariant:** pure. Readers take a caller's `std::io::Read` or bytes and never open files,
//! sockets or databases; no input may panic them.

pub mod detect;
pub mod error;
pub mod odata;
pub mod record;
pub mod syncfeed;
mod xmllex;

pub use detect::{Format, detect};
pub use error::FormatError;
pub use record::{Fields, Link, RawFormat, Record};
