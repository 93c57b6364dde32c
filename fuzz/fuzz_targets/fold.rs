//! The privacy gate's normalisation reads any bytes, as HTML or as plain text, without
//! panicking, and each folded byte maps back to its place in the input, in order; the gate's
//! reading, which leaves out the stretches it found clean before, does not panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vinhdanh::privacy::{Folded, Markup};

fuzz_target!(|data: &[u8]| {
    for markup in [Markup::Html, Markup::Plain] {
        let mut folded = Folded::new(true);
        folded.fold(data, markup);
        for channel in folded.channels() {
            assert_eq!(channel.bytes.len(), channel.begins.len());
            assert_eq!(channel.bytes.len(), channel.starts.len());
            assert_eq!(channel.bytes.len(), channel.ends.len());
            let mut previous = 0;
            for (&start, &end) in channel.starts.iter().zip(&channel.ends) {
                assert!(previous <= start && start <= end && end <= data.len());
                previous = start;
            }
        }
        let mut gate_reading = Folded::new(false);
        for _ in 0..2 {
            gate_reading.fold_for_gate(data, markup, 1);
            gate_reading.found_clean(data);
        }
    }
});
