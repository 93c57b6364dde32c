//! The `vinhdanh` command: parses the command line and runs it.

/// mimalloc instead of the system allocator: a build allocates many small strings on two or
/// more threads, where glibc's allocator spent a fifth of the time (see BENCHMARKS.md). Built
/// with `no_thp`: it does not ask the kernel for transparent huge pages, and follows the
/// system's setting. Where the setting is `madvise` (Debian's default), a million-record
/// `check` spent 5.5 to 5.8 s in the kernel clearing huge pages, against 1.8 s with pages of
/// 4 KiB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(vinhdanh::cli::run());
}
