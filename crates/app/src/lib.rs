//! Kamerwacht services: import of files, refresh of derived state, and the queries the CLI and
//! the web UI share. This is the one crate that wires formats, text, store and domain together.

pub mod documents;
pub mod error;
pub mod import;
pub mod motions;
pub mod queries;

pub use error::AppError;
