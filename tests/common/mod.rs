//! Shared helpers for integration tests: the real binary in a throwaway PREPDECK_HOME, run
//! as a command or in a pseudo-terminal ([`pty`]).

#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary prepdeck home; dropped with the test.
pub struct Home {
    pub dir: TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The binary, with this home and no colour or editor from the developer's environment.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("prepdeck").expect("the prepdeck binary is built");
        cmd.env("PREPDECK_HOME", self.path())
            .env("NO_COLOR", "1")
            .env_remove("EDITOR")
            .env_remove("VISUAL");
        cmd
    }

    /// Writes a file under the home and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent dirs");
        }
        std::fs::write(&path, contents).expect("write test file");
        path
    }
}

/// A small valid deck using the bundled GSM-T framework.
pub fn valid_deck(id: &str) -> String {
    format!(
        r#"[deck]
id = "{id}"
title = "Test deck {id}"

[[cards]]
id = "checkout"
title = "Checkout redesign"
prompt = "How would you measure the new one-page checkout?"
framework = "gsmt"
time_limit = "12m"

[[cards.rubric]]
id = "conversion"
desc = "Defines checkout conversion as orders over checkout starts"
section = "metrics"
needs = "formula"
weight = 3
any = ["checkout conversion", "orders per checkout start", "share of checkouts completed"]

[[cards.rubric]]
id = "abandonment"
desc = "Tracks cart abandonment as a guardrail"
any = ["cart abandonment", "abandoned carts"]
"#
    )
}

/// Standard output of a finished command, as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error of a finished command, as text.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
