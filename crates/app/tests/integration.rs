//! The one integration-test binary of kw-app: real SQLite stores in temporary folders, real
//! sample files. One module per topic.

mod common;
mod import;
mod motions;
