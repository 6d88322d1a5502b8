//! Tests: `kamerwacht demo` imports the bundled sample cleanly; `kamerwacht extract` reads the
//! seed letter.

use crate::common::{bin, run, sample, stderr};

#[test]
fn demo_imports_the_whole_sample_without_rejections() {
    let out = std::process::Command::new(bin())
        .args(["demo", "--no-serve", "--sample", sample().to_str().unwrap()])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("0 rejected"), "{err}");
}

#[test]
fn extract_reads_the_seed_letter() {
    let data = tempfile::tempdir().unwrap();
    let seed = sample().join("seed/000_983e7923bac65099.txt");
    let out = run(data.path(), &["extract", "--json", seed.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let x: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(x["kind"], "brief");
    let names: Vec<&str> = x["signatories"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["S.A. Blok", "S.A.M. Kaag"]);
    let motion = &x["references"].as_array().unwrap()[0];
    assert_eq!(
        motion["submitters"],
        serde_json::json!(["Baudet", "Van Haga"])
    );
}

#[test]
fn extract_of_a_missing_file_names_it_and_fails() {
    let data = tempfile::tempdir().unwrap();
    let out = run(data.path(), &["extract", "/nonexistent/brief.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/nonexistent/brief.pdf"));
}
