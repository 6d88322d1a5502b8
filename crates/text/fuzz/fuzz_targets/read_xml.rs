//! Fuzz target: the XML readers (kst and Handelingen) and format detection on arbitrary bytes.
#![no_main]

use kw_text::SourceFormat;
use kw_text::read::{read_bytes, read_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_bytes(data);
    if let Ok(text) = std::str::from_utf8(data) {
        // The same text inside a Kamerstuk skeleton, so that the fuzzer reaches the reader.
        let wrapped = format!(
            "<officiele-publicatie><kamerstuk><dossier><dossiernummer><dossiernr>36 600</dossiernr></dossiernummer></dossier><stuk><algemeen>{text}</algemeen></stuk></kamerstuk></officiele-publicatie>"
        );
        let _ = read_text(&wrapped, SourceFormat::KstXml);
    }
});
