//! Fuzz target: the repair pipeline on arbitrary text (the first byte picks the format);
//! checks that repairing twice gives the same text as repairing once.
#![no_main]

use kw_text::SourceFormat;
use kw_text::repair::repair_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = match first % 3 {
        0 => SourceFormat::Pdf,
        1 => SourceFormat::PlainText,
        _ => SourceFormat::KstXml,
    };
    let once = repair_text(text, format);
    let twice = repair_text(&once.text, format);
    assert_eq!(once.text, twice.text, "repair is not idempotent");
});
