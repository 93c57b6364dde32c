//! Loading a record file never panics, and every problem it reports can be printed.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vinhdanh::load::records_from_text;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (records, diagnostics) = records_from_text(Path::new("data/records/fuzz.toml"), text);
    for record in &records {
        assert!(vinhdanh::base::text::is_valid_id(&record.id.value));
    }
    let _ = diagnostics.is_empty();
});
