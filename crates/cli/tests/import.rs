//! Tests: `kamerwacht import` and `stats` as a user runs them — exit codes, summaries, the
//! JSON, and large input in bounded memory.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{run, sample, stderr, stdout};

#[test]
fn import_then_stats_json_and_a_second_import_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let first = run(
        data.path(),
        &["import", "--json", sample().to_str().unwrap()],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert!(report["entities"]["Stemming"]["new"].as_u64().unwrap() > 9000);

    let stats = run(data.path(), &["stats", "--json"]);
    assert!(stats.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["schema"], 1);
    assert!(stats["zaak_soort"]["Motie"].as_u64().unwrap() >= 440);
    assert!(stats["entities"]["Persoon"]["stored"].as_u64().unwrap() >= 221);
    assert!(stats["entities"]["Fractie"]["visible"].as_u64().unwrap() >= 11);

    let again = run(
        data.path(),
        &["import", "--json", sample().to_str().unwrap()],
    );
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    for (name, c) in again["entities"].as_object().unwrap() {
        assert_eq!(
            (c["new"].as_u64(), c["updated"].as_u64()),
            (Some(0), Some(0)),
            "{name}"
        );
    }
}

#[test]
fn an_unknown_format_named_on_the_command_line_is_rejected_with_exit_code_1() {
    let data = tempfile::tempdir().unwrap();
    let inputs = tempfile::tempdir().unwrap();
    let notes = inputs.path().join("notes.md");
    std::fs::write(&notes, "# Aantekeningen\n\nGeen data.\n").unwrap();
    let good = sample().join("odata/fractie");
    let out = run(
        data.path(),
        &["import", notes.to_str().unwrap(), good.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("notes.md") && err.contains("Markdown"),
        "{err}"
    );
    assert!(
        stdout(&out).contains("Fractie"),
        "the other file still imported"
    );
}

#[test]
fn stats_survives_a_closed_pipe() {
    let data = crate::common::sample_store();
    let mut child = Command::new(crate::common::bin())
        .args(["--data-dir", data.path().to_str().unwrap(), "stats"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
    let out = child.wait_with_output().unwrap();
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

/// Runs an import and samples the child's peak resident memory (VmHWM) until it exits.
fn import_measuring_memory(data: &Path, file: &Path) -> (Option<i32>, String, u64) {
    let mut child = Command::new(crate::common::bin())
        .args([
            "--data-dir",
            data.to_str().unwrap(),
            "import",
            "--quiet",
            file.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(&status_file)
            && let Some(line) = s.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb: u64 = line
                .split_whitespace()
                .nth(1)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    (status.code(), err, peak_kb)
}

const MB: usize = 1024 * 1024;

#[test]
fn a_200_mb_valid_array_imports_in_bounded_memory() {
    let inputs = tempfile::tempdir().unwrap();
    let path = inputs.path().join("big.json");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    // ~10 kB per Zaak: 20,000 Zaken make 200 MB.
    let filler = "x".repeat(10_000);
    f.write_all(b"[").unwrap();
    let mut written = 1;
    let mut n = 0u32;
    while written < 200 * MB {
        let rec = format!(
            "{}{{\"Id\":\"00000000-0000-0000-0000-{n:012}\",\"Nummer\":\"2024Z{n:05}\",\"Soort\":\"Motie\",\"Onderwerp\":\"{filler}\",\"ApiGewijzigdOp\":\"2024-01-01T00:00:00Z\",\"Verwijderd\":false}}",
            if n == 0 { "" } else { "," }
        );
        f.write_all(rec.as_bytes()).unwrap();
        written += rec.len();
        n += 1;
    }
    f.write_all(b"]").unwrap();
    f.flush().unwrap();
    drop(f);
    let data = tempfile::tempdir().unwrap();
    let (code, err, peak_kb) = import_measuring_memory(data.path(), &path);
    assert_eq!(code, Some(0), "{err}");
    eprintln!(
        "peak memory importing a {} MB array of {n} records: {} MB",
        written / MB,
        peak_kb / 1024
    );
    assert!(
        peak_kb < 120 * 1024,
        "peak {peak_kb} kB: the array was not streamed"
    );
    let stats = run(data.path(), &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(
        stats["entities"]["Zaak"]["stored"].as_u64(),
        Some(u64::from(n))
    );
}

#[test]
fn two_hundred_mb_of_garbage_is_rejected_without_reading_it_all() {
    let inputs = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    for (name, first) in [("garbage.bin", 0u8), ("garbage.json", b'[')] {
        let path = inputs.path().join(name);
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut x: u32 = 0x9e37_79b9;
        let mut chunk = vec![0u8; MB];
        for _ in 0..200 {
            for b in chunk.iter_mut() {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                *b = x as u8;
            }
            f.write_all(&chunk).unwrap();
        }
        f.flush().unwrap();
        drop(f);
        if first != 0 {
            let mut bytes = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            bytes.write_all(&[first]).unwrap();
        }
        let (code, err, peak_kb) = import_measuring_memory(data.path(), &path);
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains(name), "the error names the file: {err}");
        assert!(peak_kb < 64 * 1024, "{name}: peak {peak_kb} kB");
    }
}
