//! Helpers shared by the integration tests: the real binary with its own PREPDECK_HOME.
// Each test file compiles its own copy of this module and uses only some of the helpers.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary prepdeck home, removed when dropped.
pub fn home() -> TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// The prepdeck binary with `home` as its PREPDECK_HOME.
pub fn prepdeck(home: &Path) -> Command {
    let mut command = Command::cargo_bin("prepdeck").expect("the binary is built");
    command.env("PREPDECK_HOME", home).env_remove("NO_COLOR");
    command
}

/// Standard output of a finished command, as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error of a finished command, as text.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
