//! Tests: the front page lists the latest motions with subject, submitters and decision.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use kw_store::Store;

fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    let status = buf
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, buf)
}

#[test]
fn front_page_shows_motions_with_submitters_and_decision() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/sample/tkmoties");
    let (files, _) = kw_app::import::collect(&[sample]);
    let report =
        kw_app::import::import(&mut store, &files, &AtomicBool::new(false), &mut |_, _| {});
    assert!(report.rejected.is_empty());

    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move { axum::serve(listener, kw_web::app(store)).await });

    let (status, body) = get(addr, "/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<html lang=\"nl\">"));
    // The newest tkmoties motion is from late 2023; its row carries subject, submitters and decision.
    assert!(body.contains("Stemmen - aangenomen") || body.contains("Stemmen - verworpen"));
    assert!(
        body.contains("(PVV)") || body.contains("(VVD)") || body.contains("(SP)"),
        "submitters with party"
    );
    assert!(
        body.contains(
            "<caption>De 100 meest recente moties met een besluit van de Kamer</caption>"
        )
    );
    let (status, _) = get(addr, "/healthz");
    assert_eq!(status, 200);
    let (status, body) = get(addr, "/bestaat-niet");
    assert_eq!(status, 404, "{body}");
}
