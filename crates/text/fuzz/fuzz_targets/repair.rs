//! Fuzz target: the repair pipeline on arbitrary text, in every format; checks idempotence.
#![no_main]

use kw_text::SourceFormat;
use kw_text::repair::repair_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [
        SourceFormat::Pdf,
        SourceFormat::PlainText,
        SourceFormat::KstXml,
    ] {
        let once = repair_text(text, format);
        let twice = repair_text(&once.text, format);
        assert_eq!(once.text, twice.text, "repair is not idempotent");
    }
});
