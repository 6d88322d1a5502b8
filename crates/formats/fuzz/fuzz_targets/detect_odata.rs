//! Fuzz target: format detection and the OData JSON reader must never panic, on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kw_formats::detect(data);
    let mut n = 0usize;
    let _ = kw_formats::odata::read_slice(data, &mut |rec| {
        // every record the reader yields is complete enough to store
        assert!(!rec.id.is_empty());
        n += 1;
        Ok(())
    });
});
