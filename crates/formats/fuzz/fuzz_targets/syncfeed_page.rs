//! Fuzz target: arbitrary bytes as a whole SyncFeed Atom page. The parser must never panic,
//! and what it returns must hold its invariants.
#![no_main]

use kw_formats::syncfeed::{is_guid, parse_page, skiptoken_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = parse_page(data) {
        assert_eq!(page.skiptoken, page.next.as_deref().and_then(skiptoken_of));
        for (i, e) in page.entries.iter().enumerate() {
            match e {
                Ok(r) => {
                    assert!(is_guid(&r.id) && r.id == r.id.to_ascii_lowercase());
                    assert!(r.links.iter().all(|l| l.from == r.id && is_guid(&l.to)));
                }
                Err(err) => assert_eq!(err.index, i),
            }
        }
    }
});
