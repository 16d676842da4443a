//! The `prepdeck` binary: parses the command line and hands over to the library.

fn main() {
    std::process::exit(prepdeck::cli::run(std::env::args_os()));
}
