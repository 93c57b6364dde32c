//! What a privacy gate found no guarded value in, so that the fold can leave it out when it
//! comes again: the header, footer and class names of a theme are on every page.

use std::ops::Range;

use rustc_hash::FxHashSet;

/// The stretches of HTML and the attribute values one gate found clean.
#[derive(Debug, Default)]
pub struct Clean {
    /// The number of the gate they were found clean by.
    gate: u64,
    /// Stretches of HTML from one block tag to the next.
    pub units: Seen,
    pub values: Seen,
}

impl Clean {
    /// Readies the cache for a file the gate numbered `gate` looks through: what another gate
    /// found clean is forgotten.
    pub fn for_gate(&mut self, gate: u64) {
        if self.gate != gate {
            *self = Clean {
                gate,
                ..Clean::default()
            };
        }
        self.units.read.clear();
        self.values.read.clear();
    }

    /// What was read in `file` since [`Clean::for_gate`] is clean.
    pub fn found_clean(&mut self, file: &[u8]) {
        self.units.keep(file);
        self.values.keep(file);
    }
}

/// Byte strings found clean, and those read in the file at hand.
#[derive(Debug, Default)]
pub struct Seen {
    known: FxHashSet<Box<[u8]>>,
    /// The bytes `known` holds.
    held: usize,
    read: Vec<Range<usize>>,
}

impl Seen {
    /// Longer strings are not kept: they seldom come again.
    const LONGEST: usize = 4096;
    /// The most bytes kept, for each thread that folds: on a national site the header,
    /// footer and lists that come again are kept long before this fills.
    const BUDGET: usize = 8 << 20;

    /// Whether `bytes`, at `range` of the file, were found clean; if not, they are noted as
    /// read.
    pub fn known(&mut self, bytes: &[u8], range: Range<usize>) -> bool {
        if bytes.len() > Self::LONGEST {
            return false;
        }
        if self.known.contains(bytes) {
            return true;
        }
        self.read.push(range);
        false
    }

    fn keep(&mut self, file: &[u8]) {
        for range in self.read.drain(..) {
            if self.held + range.len() > Self::BUDGET {
                continue;
            }
            self.held += range.len();
            self.known.insert(file[range].into());
        }
    }
}
