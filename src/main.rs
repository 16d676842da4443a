//! The `prepdeck` binary: parses the command line and hands over to the library.

fn main() {
    restore_default_sigpipe();
    std::process::exit(prepdeck::cli::run(std::env::args_os()));
}

/// Rust ignores SIGPIPE, so `prepdeck list | head` would panic on the closed pipe; with the
/// default action restored, the process ends quietly like any other filter.
#[cfg(unix)]
fn restore_default_sigpipe() {
    // SAFETY: called once at start-up before any thread exists; it only resets a signal
    // disposition to the default, which has no Rust-side invariants.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}
