//! Fuzz target: arbitrary bytes as a whole SyncFeed Atom page. The parser must never panic,
//! what it returns must hold its invariants, and it must equal the result of reading every
//! child event by event.
#![no_main]

use kw_formats::syncfeed::{is_guid, parse_page, parse_page_evented, skiptoken_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = parse_page(data);
    // The shortcut for plain children must read what reading every event reads.
    assert_eq!(format!("{parsed:?}"), format!("{:?}", parse_page_evented(data)));
    if let Ok(page) = parsed {
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
