//! Fuzz target: the plain-text reader (letter and Kamerstuk layouts) and the extraction on
//! arbitrary text; the first byte picks plain or PDF text.
#![no_main]

use kw_text::SourceFormat;
use kw_text::extract::extract;
use kw_text::read::read_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = if first % 2 == 0 {
        SourceFormat::PlainText
    } else {
        SourceFormat::Pdf
    };
    let doc = read_text(text, format);
    let _ = extract(&doc);
});
