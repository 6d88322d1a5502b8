//! The one integration-test binary of kw-store: the record rules on a real SQLite file.

mod rules;
