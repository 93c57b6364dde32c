//! Phase timings for benchmarks: printed to standard error when `VINHDANH_TIMINGS` is set.

use std::time::Instant;

/// Measures the phases of one command, one after the other.
#[derive(Debug)]
pub struct Timings {
    enabled: bool,
    started: Instant,
    last: Instant,
    last_cpu: f64,
}

impl Timings {
    /// Starts measuring; prints nothing unless `VINHDANH_TIMINGS` is set.
    pub fn start() -> Self {
        let now = Instant::now();
        Timings {
            enabled: std::env::var_os("VINHDANH_TIMINGS").is_some(),
            started: now,
            last: now,
            last_cpu: cpu_seconds().unwrap_or(0.0),
        }
    }

    /// Ends the phase `name`: prints its time and the time since the start.
    pub fn lap(&mut self, name: &str) {
        let now = Instant::now();
        if self.enabled {
            let cpu = cpu_seconds().unwrap_or(0.0);
            eprintln!(
                "timing {name:<14} {:>8.1} ms  (cpu {:>8.1} ms, total {:>8.1} ms, resident {:>6} MiB)",
                (now - self.last).as_secs_f64() * 1000.0,
                (cpu - self.last_cpu) * 1000.0,
                (now - self.started).as_secs_f64() * 1000.0,
                resident_mib().map_or_else(|| "?".into(), |m| m.to_string())
            );
            self.last_cpu = cpu;
        }
        self.last = now;
    }
}

/// The processor time (user and system) the process has used so far, from `/proc/self/stat`
/// (Linux, in clock ticks of 1/100 s; none elsewhere).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may hold spaces: the fields are counted after its closing parenthesis.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// The memory the process holds now, from `/proc/self/statm` (Linux; none elsewhere).
fn resident_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1024 * 1024))
}
