//! Kamerwacht PDF text extraction: pure-Rust extractor isolated against panics, pdftotext when installed.
//!
//! [`extract_text`] runs two extractors and keeps the better text:
//! - **pdf-extract** (pure Rust, on lopdf). It is known to panic on odd fonts, so it runs in a
//!   worker thread under `catch_unwind` with a timeout: a panic or a hang becomes a
//!   [`Candidate`] with an error, never a crash;
//! - **pdftotext** (poppler-utils), when it is on `PATH`, as a child process with a timeout.
//!
//! Each candidate text gets a [`Quality`] (letters recovered, broken tokens); the highest score
//! wins (pdf-extract on a tie: pdftotext is used when it recovers more), and
//! [`PdfText::extractor`] says which. Pages are separated by a form feed (`\x0C`) in
//! both cases, so a text reader can see page boundaries (`kw_text::read::read_text` with
//! `SourceFormat::Pdf`).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Which extractor produced a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extractor {
    /// The pure-Rust `pdf-extract` crate.
    PdfExtract,
    /// poppler's `pdftotext`.
    Pdftotext,
}

impl std::fmt::Display for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Extractor::PdfExtract => "pdf-extract",
            Extractor::Pdftotext => "pdftotext",
        })
    }
}

/// How good an extracted text is.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Quality {
    /// Alphabetic characters.
    pub letters: usize,
    /// Whitespace-separated tokens.
    pub tokens: usize,
    /// Tokens that look broken: a replacement character, a control character, `(cid:N)`, or a
    /// run of three or more one-letter tokens (letter-spaced text such as "I n f").
    pub broken_tokens: usize,
    /// `letters - 10 × broken_tokens`; higher is better.
    pub score: i64,
}

/// Measures a text.
pub fn quality(text: &str) -> Quality {
    let mut q = Quality::default();
    let mut single_run = 0usize;
    for tok in text.split_whitespace() {
        q.tokens += 1;
        let letters = tok.chars().filter(|c| c.is_alphabetic()).count();
        q.letters += letters;
        let broken = tok.contains('\u{FFFD}')
            || tok.chars().any(|c| c.is_control())
            || tok.contains("(cid:");
        if broken {
            q.broken_tokens += 1;
        }
        if tok.chars().count() == 1 && letters == 1 {
            single_run += 1;
            if single_run == 3 {
                q.broken_tokens += 3;
            } else if single_run > 3 {
                q.broken_tokens += 1;
            }
        } else {
            single_run = 0;
        }
    }
    q.score = q.letters as i64 - 10 * q.broken_tokens as i64;
    q
}

/// One extractor's attempt.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub extractor: Extractor,
    /// The text (pages separated by form feeds), or `None` when the extractor failed.
    pub text: Option<String>,
    pub quality: Quality,
    /// Why the extractor failed or was skipped.
    pub error: Option<String>,
    pub elapsed: Duration,
}

/// The chosen text and what was tried.
#[derive(Debug, Clone)]
pub struct PdfText {
    /// Text with a form feed between pages.
    pub text: String,
    /// The extractor whose text won.
    pub extractor: Extractor,
    pub quality: Quality,
    /// Every attempt, the winner included, in the order tried.
    pub candidates: Vec<Candidate>,
}

/// Errors of PDF extraction. User errors (the input) are kept apart from internal ones.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// The bytes are not a PDF (no `%PDF-` header).
    #[error("not a PDF: {0}")]
    NotPdf(String),
    /// The PDF is malformed or unreadable by every extractor; the message says what each said.
    #[error("malformed PDF: {0}")]
    Malformed(String),
    /// The PDF was read but holds no text (for example a scan without a text layer).
    #[error("the PDF holds no extractable text")]
    NoText,
    /// Something went wrong on our side (temporary file, thread, child process).
    #[error("internal error during PDF extraction: {0}")]
    Internal(String),
}

/// Extraction options.
#[derive(Debug, Clone)]
pub struct Options {
    /// Time limit for each extractor.
    pub timeout: Duration,
    /// Try `pdftotext` when it is on `PATH`.
    pub use_pdftotext: bool,
    /// Try the pure-Rust extractor.
    pub use_pdf_extract: bool,
    /// The pdftotext program (default `pdftotext`, looked up on `PATH`).
    pub pdftotext: PathBuf,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(30),
            use_pdftotext: true,
            use_pdf_extract: true,
            pdftotext: PathBuf::from("pdftotext"),
        }
    }
}

/// Extracts the text of a PDF with [`Options::default`].
pub fn extract_text(bytes: &[u8]) -> Result<PdfText, PdfError> {
    extract_text_with(bytes, &Options::default())
}

/// True when `pdftotext` can be run.
pub fn pdftotext_available(program: &std::path::Path) -> bool {
    Command::new(program)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Extracts the text of a PDF: runs the enabled extractors and keeps the best-scoring text.
pub fn extract_text_with(bytes: &[u8], opts: &Options) -> Result<PdfText, PdfError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf(if bytes.is_empty() {
            "the input is empty".into()
        } else {
            "no %PDF- header in the first 1024 bytes".into()
        }));
    }
    let mut candidates = Vec::new();
    if opts.use_pdf_extract {
        candidates.push(run_pdf_extract(bytes, opts.timeout));
    }
    if opts.use_pdftotext {
        if pdftotext_available(&opts.pdftotext) {
            candidates.push(run_pdftotext(bytes, opts)?);
        } else {
            candidates.push(Candidate {
                extractor: Extractor::Pdftotext,
                text: None,
                quality: Quality::default(),
                error: Some("pdftotext is not installed".into()),
                elapsed: Duration::ZERO,
            });
        }
    }
    let best = candidates
        .iter()
        .filter(|c| c.text.is_some())
        // pdftotext is taken only when it recovers strictly more; on a tie the pure-Rust
        // extractor wins.
        .max_by_key(|c| (c.quality.score, c.extractor == Extractor::PdfExtract))
        .cloned();
    match best {
        Some(c) if c.quality.letters > 0 => Ok(PdfText {
            text: c.text.unwrap_or_default(),
            extractor: c.extractor,
            quality: c.quality,
            candidates,
        }),
        Some(_) => Err(PdfError::NoText),
        None => Err(PdfError::Malformed(
            candidates
                .iter()
                .filter_map(|c| c.error.as_ref().map(|e| format!("{}: {e}", c.extractor)))
                .collect::<Vec<_>>()
                .join("; "),
        )),
    }
}

/// Runs pdf-extract in a worker thread; a panic or a timeout becomes an error in the candidate.
fn run_pdf_extract(bytes: &[u8], timeout: Duration) -> Candidate {
    let start = Instant::now();
    let owned = bytes.to_vec();
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("pdf-extract".into())
        .spawn(move || {
            let res = std::panic::catch_unwind(move || {
                pdf_extract::extract_text_from_mem_by_pages(&owned)
            });
            let _ = tx.send(res);
        });
    let (text, error) = match spawned {
        Err(e) => (None, Some(format!("cannot start the worker thread: {e}"))),
        Ok(_handle) => match rx.recv_timeout(timeout) {
            Ok(Ok(Ok(pages))) => (Some(join_pages(&pages)), None),
            Ok(Ok(Err(e))) => (None, Some(e.to_string())),
            Ok(Err(panic)) => {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                (None, Some(format!("the extractor panicked: {msg}")))
            }
            // The worker is left to finish on its own; its result is dropped.
            Err(_) => (None, Some(format!("timed out after {timeout:?}"))),
        },
    };
    let quality = text.as_deref().map(quality).unwrap_or_default();
    Candidate {
        extractor: Extractor::PdfExtract,
        text,
        quality,
        error,
        elapsed: start.elapsed(),
    }
}

fn join_pages(pages: &[String]) -> String {
    let mut out = String::new();
    for p in pages {
        out.push_str(p.trim_end_matches('\n'));
        out.push('\n');
        out.push('\u{000C}');
    }
    out
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Runs pdftotext on a temporary copy of the PDF, with a timeout.
fn run_pdftotext(bytes: &[u8], opts: &Options) -> Result<Candidate, PdfError> {
    let start = Instant::now();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!(
        "kw-pdf-{}-{n}-{}.pdf",
        std::process::id(),
        start.elapsed().as_nanos()
    ));
    let write = std::fs::File::create(&path).and_then(|mut f| f.write_all(bytes));
    if let Err(e) = write {
        let _ = std::fs::remove_file(&path);
        return Err(PdfError::Internal(format!(
            "cannot write a temporary file {}: {e}",
            path.display()
        )));
    }
    let child = Command::new(&opts.pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            return Err(PdfError::Internal(format!("cannot run pdftotext: {e}")));
        }
    };
    // Read stdout in a thread so that a large output cannot block the child.
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(out) = stdout.as_mut() {
            let _ = std::io::Read::read_to_end(out, &mut buf);
        }
        buf
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if start.elapsed() > opts.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                return Err(PdfError::Internal(format!("waiting for pdftotext: {e}")));
            }
        }
    };
    let out = reader.join().unwrap_or_default();
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
    }
    let _ = std::fs::remove_file(&path);
    let (text, error) = match status {
        None => (None, Some(format!("timed out after {:?}", opts.timeout))),
        Some(s) if s.success() => (Some(String::from_utf8_lossy(&out).into_owned()), None),
        Some(s) => (
            None,
            Some(format!(
                "exit status {}{}",
                s.code().map_or("killed".to_string(), |c| c.to_string()),
                if stderr.trim().is_empty() {
                    String::new()
                } else {
                    format!(": {}", stderr.trim())
                }
            )),
        ),
    };
    let quality = text.as_deref().map(quality).unwrap_or_default();
    Ok(Candidate {
        extractor: Extractor::Pdftotext,
        text,
        quality,
        error,
        elapsed: start.elapsed(),
    })
}
