//! Phase timings for benchmarks: printed to standard error when `VINHDANH_TIMINGS` is set.

use std::time::Instant;

/// Measures the phases of one command, one after the other.
#[derive(Debug)]
pub struct Timings {
    enabled: bool,
    started: Instant,
    last: Instant,
}

impl Timings {
    /// Starts measuring; prints nothing unless `VINHDANH_TIMINGS` is set.
    pub fn start() -> Self {
        let now = Instant::now();
        Timings {
            enabled: std::env::var_os("VINHDANH_TIMINGS").is_some(),
            started: now,
            last: now,
        }
    }

    /// Ends the phase `name`: prints its time and the time since the start.
    pub fn lap(&mut self, name: &str) {
        let now = Instant::now();
        if self.enabled {
            eprintln!(
                "timing {name:<14} {:>8.1} ms  (total {:>8.1} ms)",
                (now - self.last).as_secs_f64() * 1000.0,
                (now - self.started).as_secs_f64() * 1000.0
            );
        }
        self.last = now;
    }
}
