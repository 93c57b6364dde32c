//! The front-matter splitter never panics, and what it returns is a slice of its input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vinhdanh::load::split_front_matter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parts) = split_front_matter(text) {
        assert!(parts.toml_offset <= text.len());
        assert!(text[parts.toml_offset..].starts_with(parts.toml));
        assert!(text.ends_with(parts.body));
    }
});
