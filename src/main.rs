//! The `vinhdanh` command: parses the command line and runs it.

fn main() {
    std::process::exit(vinhdanh::cli::run());
}
