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

/// The text output gives a commitment's deadline as words and a date range, not as JSON.
#[test]
fn extract_text_output_gives_a_deadline_as_a_range() {
    let data = tempfile::tempdir().unwrap();
    let letter = data.path().join("brief.txt");
    std::fs::write(
        &letter,
        "Datum 3 maart 2025\nBetreft Voortgang\n\nGeachte voorzitter,\n\n\
         Het kabinet zal de Kamer voor de zomer van 2025 informeren over de uitkomsten.\n\n\
         De minister van Financi\u{eb}n,\n\nE. Heinen\n",
    )
    .unwrap();
    let out = run(data.path(), &["extract", letter.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "(termijn: voor de zomer van 2025 → 2025-03-03 t/m 2025-07-04, bij benadering)"
        ),
        "{text}"
    );
    assert!(!text.contains("{\""), "{text}");
}

#[test]
fn extract_of_a_missing_file_names_it_and_fails() {
    let data = tempfile::tempdir().unwrap();
    let out = run(data.path(), &["extract", "/nonexistent/brief.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/nonexistent/brief.pdf"));
}

/// `serve` under a service manager is stopped with SIGTERM: it must finish cleanly (exit 0),
/// not be killed mid-request.
#[test]
fn serve_stops_cleanly_on_sigterm() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};
    let data = crate::common::sample_store();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = std::process::Command::new(bin())
        .arg("--data-dir")
        .arg(data.path())
        .args(["serve", "--addr", &addr])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it answers a request.
    let start = Instant::now();
    let page = loop {
        if let Ok(mut s) = std::net::TcpStream::connect(&addr) {
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut body = String::new();
            let _ = s.read_to_string(&mut body);
            break body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "serve never answered"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("serve did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
}
