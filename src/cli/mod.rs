//! The command line: clap definitions and the commands that print. Every command that a
//! script may read has `--json`. Errors reach the user as one sentence on stderr.

mod check;
mod inspect;
mod lint;
mod new;
mod score;
mod watch;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::deck::{Bank, DeckSources};
use crate::paths::Paths;

const EXAMPLES: &str = "\
Examples:
  prepdeck                                   open the trainer
  prepdeck list                              decks, card counts and frameworks
  prepdeck show carpool/track-performance    a card's prompt, sections and rubric
  prepdeck score reels/launch-metrics --answer answer.md
  prepdeck deck new team-metrics             start a deck from a commented sample
  prepdeck deck check my-decks/              check decks like code
  prepdeck deck lint my-decks/               and warn about weak rubrics
  prepdeck --decks ~/team-decks list         add a folder of decks for this run";

#[derive(Debug, Parser)]
#[command(name = "prepdeck", version, about = "Drill product-sense, metrics and behavioral interview questions in your terminal.", after_help = EXAMPLES)]
pub struct Cli {
    /// Load decks from this file or folder too (repeatable).
    #[arg(long = "decks", value_name = "PATH", global = true)]
    pub decks: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List decks with their card counts, the frameworks, and any broken decks.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one card: prompt, framework sections with their time shares, and rubric.
    Show {
        /// The card's full id, DECK/CARD.
        card: String,
        #[arg(long)]
        json: bool,
    },
    /// Score an answer against a card's rubric.
    Score {
        /// The card's full id, DECK/CARD, or DECK/CARD#FOLLOWUP for a follow-up.
        card: String,
        /// The answer as Markdown; `-` or nothing reads standard input.
        #[arg(long, value_name = "FILE")]
        answer: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Hints revealed while answering; each lowers the suggested rating a step.
        #[arg(long, value_name = "N", default_value_t = 0)]
        hints_used: u32,
    },
    /// Work on decks: start one, check it like code, lint it.
    #[command(subcommand)]
    Deck(DeckCommand),
    /// Where the config file is, and the settings in force.
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Debug, Subcommand)]
pub enum DeckCommand {
    /// Report every problem in every deck, with file:line:col; run worked examples through the scorer.
    Check {
        /// Deck files or folders (default: the bundled bank and your decks folder).
        paths: Vec<PathBuf>,
        /// Check again every time one of the files is saved (Ctrl-C stops).
        #[arg(long, requires = "paths")]
        watch: bool,
    },
    /// Everything `check` reports, plus warnings: generic or overlapping phrases, items no
    /// example hits, cards without a weak example, hints that give the answer away, odd time limits.
    Lint {
        /// Deck files or folders (default: the bundled bank and your decks folder).
        paths: Vec<PathBuf>,
    },
    /// Write a commented sample deck that passes `deck check`, to start a new deck from.
    New {
        /// The deck's id, kebab-case; the file is NAME.toml.
        name: String,
        /// The framework the sample card is answered in: gsmt, star, or any loaded framework id.
        #[arg(long, value_name = "ID", default_value = "gsmt")]
        framework: String,
        /// Where to write the deck: a file, or a folder for NAME.toml (default: your decks folder).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file.
    Path,
    /// Print the settings in force, defaults included.
    Show,
}

/// A command's failure: the sentence to print and the exit code (1 failure, 2 usage).
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

pub type Outcome = Result<i32, Failure>;

/// Everything a command needs, loaded once.
pub struct App {
    pub paths: Paths,
    pub config: Config,
    pub bank: Bank,
}

impl App {
    fn load(cli_decks: &[PathBuf]) -> Result<App, Failure> {
        let paths = Paths::discover().map_err(Failure::new)?;
        let config = Config::load(&paths.config_file)
            .map_err(|d| Failure::new(d.render().trim_end().to_string()))?;
        let bank = Bank::load(&deck_sources(&paths, cli_decks)?);
        Ok(App {
            paths,
            config,
            bank,
        })
    }

    /// Loads the bank with the bundled decks and reports broken decks on stderr.
    fn for_command(cli_decks: &[PathBuf]) -> Result<App, Failure> {
        let app = App::load(cli_decks)?;
        app.report_bank_problems();
        Ok(app)
    }

    /// Tells the user, once, which decks were skipped.
    fn report_bank_problems(&self) {
        for broken in &self.bank.broken {
            let errors = if broken.errors == 1 {
                "1 error".to_string()
            } else {
                format!("{} errors", broken.errors)
            };
            eprintln!(
                "prepdeck: warning: skipped the broken deck {} ({errors}); run `prepdeck deck check` for details",
                broken.path
            );
        }
    }

    /// Finds a card or fails with the nearest ids as suggestions.
    pub fn card(&self, id: &str) -> Result<&crate::deck::Card, Failure> {
        self.bank.card(id).ok_or_else(|| {
            let suggestions = self.bank.suggest_cards(id, 3);
            let clean = crate::text::strip_control(id);
            if suggestions.is_empty() {
                Failure::new(format!("there is no card `{clean}`; `prepdeck list` shows the decks and `prepdeck show DECK/CARD` a card"))
            } else {
                Failure::new(format!("there is no card `{clean}`; did you mean {}?", suggestions.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or ")))
            }
        })
    }
}

pub(crate) fn deck_sources(paths: &Paths, cli_decks: &[PathBuf]) -> Result<DeckSources, Failure> {
    Ok(DeckSources {
        user_dir: Some(paths.decks_dir()),
        ..deck_sources_without_user_dir(cli_decks)?
    })
}

/// The bundled bank and the `--decks` paths, which must exist.
pub(crate) fn deck_sources_without_user_dir(cli_decks: &[PathBuf]) -> Result<DeckSources, Failure> {
    for path in cli_decks {
        if !path.exists() {
            return Err(Failure::usage(format!(
                "the --decks path `{}` does not exist",
                path.display()
            )));
        }
    }
    Ok(DeckSources {
        bundled: true,
        user_dir: None,
        extra: cli_decks.to_vec(),
    })
}

/// Parses `args` and runs the command; returns the process exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return code;
        }
    };
    match dispatch(cli) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("prepdeck: error: {}", failure.message);
            failure.code
        }
    }
}

fn dispatch(cli: Cli) -> Outcome {
    match cli.command {
        None => {
            use std::io::IsTerminal;
            if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
                let app = App::for_command(&cli.decks)?;
                crate::tui::run(&app.paths, app.config, app.bank).map_err(Failure::new)?;
                return Ok(0);
            }
            // Not a terminal (a script, CI, a pipe): the trainer would wait for keys that
            // never come, so show what the commands are instead.
            use clap::CommandFactory;
            Cli::command()
                .print_help()
                .map_err(|e| Failure::new(e.to_string()))?;
            Ok(0)
        }
        Some(Command::Config(command)) => {
            let paths = Paths::discover().map_err(Failure::new)?;
            match command {
                ConfigCommand::Path => println!("{}", paths.config_file.display()),
                ConfigCommand::Show => {
                    let config = Config::load(&paths.config_file)
                        .map_err(|d| Failure::new(d.render().trim_end().to_string()))?;
                    let state = if paths.config_file.exists() {
                        ""
                    } else {
                        " (not created; every setting is at its default)"
                    };
                    println!(
                        "# {}{state}\n{}",
                        paths.config_file.display(),
                        config.to_toml()
                    );
                }
            }
            Ok(0)
        }
        Some(Command::Deck(DeckCommand::Check {
            paths,
            watch: false,
        })) => check::run(&cli.decks, &paths),
        Some(Command::Deck(DeckCommand::Check { paths, watch: true })) => {
            watch::run(&paths, || check::run(&cli.decks, &paths))
        }
        Some(Command::Deck(DeckCommand::Lint { paths })) => lint::run(&cli.decks, &paths),
        Some(Command::Deck(DeckCommand::New {
            name,
            framework,
            out,
            force,
        })) => new::run(
            &cli.decks,
            &new::Options {
                name: &name,
                framework: &framework,
                out: out.as_deref(),
                force,
            },
        ),
        Some(Command::List { json }) => inspect::list(&App::for_command(&cli.decks)?, json),
        Some(Command::Show { card, json }) => {
            inspect::show(&App::for_command(&cli.decks)?, &card, json)
        }
        Some(Command::Score {
            card,
            answer,
            json,
            hints_used,
        }) => score::run(
            &App::for_command(&cli.decks)?,
            &card,
            answer.as_deref(),
            json,
            hints_used,
        ),
    }
}

/// Prints JSON to stdout.
pub fn print_json(value: &serde_json::Value) -> Outcome {
    println!(
        "{}",
        serde_json::to_string_pretty(value).map_err(|e| Failure::new(e.to_string()))?
    );
    Ok(0)
}
