//! The `vinhdanh` command: parses the command line and runs it.

/// mimalloc instead of the system allocator: a build allocates many small strings on two or
/// more threads, where glibc's allocator spent a fifth of the time (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(vinhdanh::cli::run());
}
