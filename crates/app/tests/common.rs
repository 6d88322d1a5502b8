//! Tests: helpers shared by the kw-app integration tests.

use std::path::PathBuf;

/// The sample bundled with the source tree.
pub fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/sample")
}
