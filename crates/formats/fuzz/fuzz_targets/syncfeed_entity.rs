//! Fuzz target: arbitrary bytes as the body of an entity element inside a well-formed page,
//! so the fuzzer spends its time in the entity mapping (refs, `xsi:nil`, typed scalars,
//! entity references) rather than in the Atom envelope; the plain-child shortcut is checked
//! against reading every event.
#![no_main]

use kw_formats::syncfeed::{parse_page, parse_page_evented};
use libfuzzer_sys::fuzz_target;

const HEAD: &str = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\" \
    xmlns:tk=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
    <link rel=\"next\" href=\"https://h/SyncFeed/2.0/Feed?skiptoken=1&amp;category=Zaak\"/><entry>\
    <category term=\"zaak\"/><content type=\"application/xml\">";
const TAIL: &str = "</content></entry></feed>";

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    // The input length picks the entity element; the input is its content.
    let names = [
        "zaak",
        "besluit",
        "stemming",
        "document",
        "toezegging",
        "documentVersie",
        "persoon",
        "fractie",
    ];
    let name = names[body.len() % names.len()];
    let page = format!(
        "{HEAD}<{name} xmlns=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" id=\"02dacd9f-55df-4bfd-98ea-04d98ce94a7f\" \
         tk:bijgewerkt=\"2024-01-01T00:00:00Z\" tk:verwijderd=\"false\">{body}</{name}>{TAIL}"
    );
    // The shortcut for plain children must read what reading every event reads.
    let fast = parse_page(page.as_bytes());
    let evented = parse_page_evented(page.as_bytes());
    assert_eq!(format!("{fast:?}"), format!("{evented:?}"));
});
