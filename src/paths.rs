//! Where prepdeck keeps things: the data dir (database, user decks) and the config file.
//! `PREPDECK_HOME` puts both in one folder, for tests and portable installs.

use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub config_file: PathBuf,
}

impl Paths {
    /// Resolves the folders from `PREPDECK_HOME` or the platform's conventions.
    pub fn discover() -> Result<Paths, String> {
        if let Some(home) = std::env::var_os("PREPDECK_HOME").filter(|h| !h.is_empty()) {
            let home = PathBuf::from(home);
            return Ok(Paths {
                config_file: home.join("config.toml"),
                data_dir: home,
            });
        }
        let dirs = directories::ProjectDirs::from("", "", "prepdeck").ok_or(
            "cannot find your home directory; set PREPDECK_HOME to the folder prepdeck should use",
        )?;
        Ok(Paths {
            data_dir: dirs.data_dir().to_path_buf(),
            config_file: dirs.config_dir().join("config.toml"),
        })
    }

    /// The folder of the user's own decks.
    pub fn decks_dir(&self) -> PathBuf {
        self.data_dir.join("decks")
    }

    /// The SQLite database with the review history.
    pub fn database(&self) -> PathBuf {
        self.data_dir.join("prepdeck.sqlite3")
    }
}
