//! Fuzz target: the plain-text reader (letter and Kamerstuk layouts) on arbitrary text.
#![no_main]

use kw_text::SourceFormat;
use kw_text::read::read_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = read_text(text, SourceFormat::PlainText);
    let _ = read_text(text, SourceFormat::Pdf);
});
