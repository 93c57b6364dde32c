//! The privacy gate's normalisation reads any bytes, as HTML or as plain text, without
//! panicking, and each folded byte maps back to its place in the input, in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vinhdanh::privacy::{Folded, Markup};

fuzz_target!(|data: &[u8]| {
    for markup in [Markup::Html, Markup::Plain] {
        let mut folded = Folded::new(true);
        folded.fold(data, markup);
        for (channel, _) in folded.channels() {
            assert_eq!(channel.bytes.len(), channel.begins.len());
            assert_eq!(channel.bytes.len(), channel.starts.len());
            assert_eq!(channel.bytes.len(), channel.ends.len());
            let mut previous = 0;
            for (&start, &end) in channel.starts.iter().zip(&channel.ends) {
                assert!(previous <= start && start <= end && end <= data.len());
                previous = start;
            }
        }
    }
});
