//! Tests: helpers shared by the CLI integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_kamerwacht")
}

/// The sample bundled with the source tree.
pub fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/sample")
}

/// Runs `kamerwacht --data-dir DATA ARGS…` to completion.
pub fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("KAMERWACHT_DATA")
        .output()
        .expect("the kamerwacht binary runs")
}

/// Stdout of a run as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Stderr of a run as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A data directory with the shipped sample imported (once per call).
pub fn sample_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(
        dir.path(),
        &["import", "--quiet", sample().to_str().expect("utf-8 path")],
    );
    assert!(
        out.status.success(),
        "sample import failed: {}",
        stderr(&out)
    );
    dir
}
