//! `prepdeck deck new`: writes a commented sample deck that passes `deck check` as written,
//! with the deck's JSON Schema beside it so editors complete keys and flag mistakes.

use std::path::{Path, PathBuf};

use super::check::{Scope, check};
use super::{App, Failure, Outcome};
use crate::deck::bank::io_reason;
use crate::deck::diag::nearest;
use crate::deck::parse::is_kebab;
use crate::deck::scaffold::{Request, scaffold};
use crate::deck::{Bank, DeckSources, Framework, Origin};

/// The schema compiled into the binary, written beside new decks.
const SCHEMA: &str = include_str!("../../assets/deck.schema.json");
const SCHEMA_FILE: &str = "deck.schema.json";

pub struct Options<'a> {
    pub name: &'a str,
    pub framework: &'a str,
    pub out: Option<&'a Path>,
    pub force: bool,
}

pub fn run(cli_decks: &[PathBuf], options: &Options) -> Outcome {
    let name = options.name;
    if !is_kebab(name) {
        return Err(Failure::usage(format!(
            "the deck name `{}` is not kebab-case; use lowercase letters, digits and single dashes, like `team-metrics`",
            crate::text::strip_control(name)
        )));
    }
    let app = App::for_command(cli_decks)?;
    let (framework, origin) = find_framework(&app.bank, options.framework)?;
    let path = match options.out {
        // Decks are found by their .toml extension, so any other path names a folder.
        Some(out) if out.is_dir() || out.extension().is_none_or(|e| e != "toml") => {
            out.join(format!("{name}.toml"))
        }
        Some(out) => out.to_path_buf(),
        None => app.paths.decks_dir().join(format!("{name}.toml")),
    };
    if path.exists() && !options.force {
        return Err(Failure::new(format!(
            "{} already exists; pass --force to overwrite it, or choose another file with --out",
            path.display()
        )));
    }
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|e| cannot_write(folder, &e))?;
    let framework_file = match origin {
        Origin::File(file) => Some(file.display().to_string()),
        Origin::Bundled(_) => None,
    };
    let text = scaffold(&Request {
        name,
        framework,
        framework_file: framework_file.as_deref(),
        schema: &format!("./{SCHEMA_FILE}"),
    });
    let schema_path = folder.join(SCHEMA_FILE);
    if std::fs::read_to_string(&schema_path).ok().as_deref() != Some(SCHEMA) {
        std::fs::write(&schema_path, SCHEMA).map_err(|e| cannot_write(&schema_path, &e))?;
    }
    std::fs::write(&path, text).map_err(|e| cannot_write(&path, &e))?;
    println!(
        "wrote {} (a sample card answered in {}) and the schema {} beside it",
        path.display(),
        framework.title,
        SCHEMA_FILE
    );
    if sample_has_problems(&app, cli_decks, &path) {
        eprintln!(
            "prepdeck: warning: the sample does not pass `deck check` with the `{}` framework; run `prepdeck deck check {}` to see why",
            framework.id,
            path.display()
        );
    } else {
        println!(
            "next: edit it, then run `prepdeck deck check {}`",
            path.display()
        );
    }
    Ok(0)
}

/// The framework with this id among every loaded deck, with the deck it comes from.
fn find_framework<'a>(bank: &'a Bank, id: &str) -> Result<(&'a Framework, &'a Origin), Failure> {
    let found = bank.decks.iter().find_map(|deck| {
        deck.frameworks
            .iter()
            .find(|f| f.id == id)
            .map(|f| (f, &deck.origin))
    });
    found.ok_or_else(|| {
        let mut known: Vec<&str> = bank.all_frameworks().map(|f| f.id.as_str()).collect();
        known.sort_unstable();
        known.dedup();
        let clean = crate::text::strip_control(id);
        match nearest(id, known.iter().copied()) {
            Some(close) => Failure::usage(format!(
                "there is no framework `{clean}`; did you mean `{close}`?"
            )),
            None => Failure::usage(format!(
                "there is no framework `{clean}`; the loaded ones are {}",
                known.join(", ")
            )),
        }
    })
}

/// Checks the written sample with everything the app loaded, so a framework from the user's
/// decks or `--decks` resolves; the sample is built to pass, and this catches a framework
/// whose own rules it cannot meet.
fn sample_has_problems(app: &App, cli_decks: &[PathBuf], path: &Path) -> bool {
    let mut extra = vec![path.to_path_buf()];
    extra.extend(cli_decks.iter().cloned());
    let bank = Bank::load(&DeckSources {
        bundled: true,
        user_dir: Some(app.paths.decks_dir()),
        extra,
    });
    let scope = Scope::new(bank, vec![path.to_path_buf()]);
    !check(&scope).diagnostics.is_empty()
}

fn cannot_write(path: &Path, error: &std::io::Error) -> Failure {
    Failure::new(format!(
        "cannot write {}: {}",
        path.display(),
        io_reason(error)
    ))
}
