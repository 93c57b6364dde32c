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
                "timing {name:<14} {:>8.1} ms  (total {:>8.1} ms, resident {:>6} MiB)",
                (now - self.last).as_secs_f64() * 1000.0,
                (now - self.started).as_secs_f64() * 1000.0,
                resident_mib().map_or_else(|| "?".into(), |m| m.to_string())
            );
        }
        self.last = now;
    }
}

/// The memory the process holds now, from `/proc/self/statm` (Linux; none elsewhere).
fn resident_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1024 * 1024))
}
