//! The command line: clap definitions and the commands that print. Every command that a
//! script may read has `--json`. Errors reach the user as one sentence on stderr.

mod backup;
mod check;
mod history;
mod inspect;
mod lint;
mod mock;
mod new;
mod optimize;
mod preview;
mod queue;
mod report;
mod review;
mod score;
mod stats;
mod watch;
pub mod when;

use std::ffi::OsString;
use std::io::Write as _;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::deck::{Bank, DeckSources};
use crate::paths::Paths;
use crate::score::Rating;
use crate::store::{Focus, Store};

const EXAMPLES: &str = "\
Examples:
  prepdeck                                   open the trainer
  prepdeck list                              decks, card counts and frameworks
  prepdeck list reels                        a deck's cards: ids, kinds, titles
  prepdeck show carpool/track-performance    a card's prompt, sections and rubric
  prepdeck score reels/launch-metrics --answer answer.md
  prepdeck deck new team-metrics             start a deck from a commented sample
  prepdeck next                              the cards due now, in order
  prepdeck review reels/launch-metrics --answer answer.md --time-used 9m
  prepdeck stats                             retention, forecast, weakest concepts
  prepdeck export --out backup.json          the whole history as JSON
  prepdeck deck check my-decks/              check decks like code
  prepdeck deck lint my-decks/               and warn about weak rubrics
  prepdeck --decks my.toml deck preview my/card   try a card in the drill screen, unrecorded
  prepdeck report merge anna.json ben.json   the concepts a cohort of candidates misses
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
    /// List decks with their card counts, the frameworks, and any broken decks; or, given a
    /// deck, its cards.
    List {
        /// A deck id: list its cards (id, kind, title) instead.
        deck: Option<String>,
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
    /// The cards due now, in the scheduler's order, within the daily limits.
    Next {
        /// Only this deck's cards.
        #[arg(long, value_name = "DECK")]
        deck: Option<String>,
        /// `weak` puts the cards exercising the concepts you miss most first.
        #[arg(long, value_enum, default_value_t = FocusArg::Due)]
        focus: FocusArg,
        /// List cards that are not due, to drill ahead without changing their schedule.
        #[arg(long)]
        cram: bool,
        #[arg(long)]
        json: bool,
    },
    /// Score an answer, record the attempt and its rating, and print the next due date.
    Review {
        /// The card's full id, DECK/CARD.
        card: String,
        /// The answer as Markdown; `-` or nothing reads standard input.
        #[arg(long, value_name = "FILE")]
        answer: Option<PathBuf>,
        /// Override the rating the score suggests: again, hard, good or easy.
        #[arg(long, value_parser = parse_rating)]
        rating: Option<Rating>,
        /// Time spent answering, such as 9m or 8m30s.
        #[arg(long, value_name = "TIME", value_parser = crate::duration::parse_time_spent)]
        time_used: Option<std::time::Duration>,
        /// Hints revealed while answering; each lowers the suggested rating a step.
        #[arg(long, value_name = "N", default_value_t = 0)]
        hints_used: u32,
        /// Record the attempt without changing the card's schedule.
        #[arg(long)]
        cram: bool,
        #[arg(long)]
        json: bool,
    },
    /// Reviews per day, retention, the 30-day forecast, mastery per deck, weakest concepts.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Every attempt and review of a card, and what it keeps missing.
    History {
        /// The card's full id, DECK/CARD.
        card: String,
        #[arg(long)]
        json: bool,
    },
    /// Take back the last review: the card returns to its schedule before it.
    Undo {
        #[arg(long)]
        json: bool,
    },
    /// Write the whole history as JSON (to standard output unless --out).
    Export {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Merge an export into your history; what is already there is skipped.
    Import {
        /// A file written by `prepdeck export`.
        file: PathBuf,
    },
    /// Fit personal FSRS parameters to your review history.
    Optimize {
        #[arg(long)]
        json: bool,
    },
    /// Work on decks: start one, check it like code, lint it.
    #[command(subcommand)]
    Deck(DeckCommand),
    /// Sit a timed mock interview, or run one as the interviewer; list and export reports.
    Mock(mock::MockArgs),
    /// Reports for coaches over several candidates' files.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Where the config file is, and the settings in force.
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// The order of `prepdeck next`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FocusArg {
    /// The scheduler's order.
    Due,
    /// Cards exercising your weakest concepts first.
    Weak,
}

impl From<FocusArg> for Focus {
    fn from(focus: FocusArg) -> Focus {
        match focus {
            FocusArg::Due => Focus::Due,
            FocusArg::Weak => Focus::Weak,
        }
    }
}

fn parse_rating(text: &str) -> Result<Rating, String> {
    Rating::parse(text).ok_or_else(|| "use again, hard, good or easy".to_string())
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
    /// Try a card as a candidate will see it: the drill screen in practice mode, then the
    /// results, with nothing saved or recorded.
    Preview {
        /// The card's full id, DECK/CARD (load a deck outside your decks folder with --decks).
        card: String,
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

    /// Finds a card or fails with the nearest ids as suggestions, or with the command that
    /// lists what there is.
    pub fn card(&self, id: &str) -> Result<&crate::deck::Card, Failure> {
        self.bank.card(id).ok_or_else(|| {
            let suggestions = self.bank.suggest_cards(id, 3);
            let clean = crate::text::strip_control(id);
            if !suggestions.is_empty() {
                return Failure::new(format!("there is no card `{clean}`; did you mean {}?", suggestions.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or ")));
            }
            match clean.split_once('/') {
                Some((deck, _)) if self.bank.deck(deck).is_some() => Failure::new(format!(
                    "there is no card `{clean}`; `prepdeck list {deck}` lists the cards of `{deck}`"
                )),
                Some((deck, _)) => Failure::new(format!(
                    "there is no card `{clean}`: there is no deck `{deck}`; `prepdeck list` shows the decks and `prepdeck list DECK` a deck's cards"
                )),
                None => Failure::new(format!(
                    "there is no card `{clean}`; a card id is DECK/CARD, and `prepdeck list DECK` lists a deck's cards"
                )),
            }
        })
    }

    /// Finds a deck or fails with the nearest deck id, if one is close.
    pub fn deck(&self, id: &str) -> Result<&crate::deck::Deck, Failure> {
        self.bank.deck(id).ok_or_else(|| {
            let clean = crate::text::strip_control(id);
            let ids = self.bank.decks.iter().map(|d| d.id.0.as_str());
            match crate::deck::diag::nearest(&clean, ids) {
                Some(near) => Failure::new(format!(
                    "there is no deck `{clean}`; did you mean `{near}`?"
                )),
                None => Failure::new(format!(
                    "there is no deck `{clean}`; `prepdeck list` shows the decks"
                )),
            }
        })
    }
}

/// The clock: `PREPDECK_NOW` (an RFC 3339 time) when set, so scripts and tests can replay
/// days; the local time otherwise.
pub fn now() -> Result<DateTime<FixedOffset>, Failure> {
    match std::env::var("PREPDECK_NOW") {
        Ok(text) if !text.is_empty() => DateTime::parse_from_rfc3339(&text).map_err(|_| {
            Failure::usage(format!(
                "PREPDECK_NOW is `{}`, not a time like 2025-03-01T09:00:00+01:00",
                crate::text::strip_control(&text)
            ))
        }),
        _ => Ok(chrono::Local::now().fixed_offset()),
    }
}

/// The wall clock for the screens: fixed at `PREPDECK_NOW` when that is set, the local time
/// otherwise.
fn wall_clock() -> Result<impl Fn() -> DateTime<FixedOffset>, Failure> {
    let start = now()?;
    let fixed = std::env::var_os("PREPDECK_NOW").is_some_and(|v| !v.is_empty());
    Ok(move || {
        if fixed {
            start
        } else {
            chrono::Local::now().fixed_offset()
        }
    })
}

/// True when both standard input and output are a terminal, which the screens need.
fn on_a_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

/// "1 review", "3 reviews".
fn plural(n: u32, one: &str, many: &str) -> String {
    crate::text::counted(n as usize, one, many)
}

/// How often a concept fell short, half credit counted apart from misses: "missed 2 of 3
/// attempts", "missed 1, partial 1 of 2 attempts", "partial 1 of 1 attempt".
fn shortfall(concept: &crate::store::ConceptStat) -> String {
    let of = plural(concept.attempts, "attempt", "attempts");
    match (concept.misses, concept.partials) {
        (misses, 0) => format!("missed {misses} of {of}"),
        (0, partials) => format!("partial {partials} of {of}"),
        (misses, partials) => format!("missed {misses}, partial {partials} of {of}"),
    }
}

/// Opens the database in the data folder.
pub fn open_store(app: &App) -> Result<Store, Failure> {
    Store::open(&app.paths).map_err(|e| Failure::new(e.to_string()))
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
            // The terminal may be gone (a closed window ends the trainer): the exit code
            // still tells, and a failed write must not turn into a panic.
            let _ = writeln!(std::io::stderr(), "prepdeck: error: {}", failure.message);
            failure.code
        }
    }
}

fn dispatch(cli: Cli) -> Outcome {
    match cli.command {
        None => {
            if on_a_terminal() {
                let app = App::for_command(&cli.decks)?;
                crate::tui::run(&app.paths, app.config, app.bank, wall_clock()?)
                    .map_err(Failure::new)?;
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
        Some(Command::Deck(DeckCommand::Preview { card })) => {
            preview::run(App::for_command(&cli.decks)?, &card)
        }
        Some(Command::Report(command)) => report::run(&command),
        Some(Command::Mock(args)) => mock::run(&App::for_command(&cli.decks)?, &args),
        Some(Command::List { deck: None, json }) => {
            inspect::list(&App::for_command(&cli.decks)?, json)
        }
        Some(Command::List {
            deck: Some(deck),
            json,
        }) => inspect::list_deck(&App::for_command(&cli.decks)?, &deck, json),
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
        Some(Command::Next {
            deck,
            focus,
            cram,
            json,
        }) => queue::run(
            &App::for_command(&cli.decks)?,
            now()?,
            deck.as_deref(),
            focus.into(),
            cram,
            json,
        ),
        Some(Command::Review {
            card,
            answer,
            rating,
            time_used,
            hints_used,
            cram,
            json,
        }) => review::run(
            &App::for_command(&cli.decks)?,
            now()?,
            &review::ReviewArgs {
                card: &card,
                answer: answer.as_deref(),
                rating,
                time_used,
                hints_used,
                cram,
                json,
            },
        ),
        Some(Command::Stats { json }) => stats::run(&App::for_command(&cli.decks)?, now()?, json),
        Some(Command::History { card, json }) => {
            history::run(&App::for_command(&cli.decks)?, now()?, &card, json)
        }
        Some(Command::Undo { json }) => review::undo(&App::for_command(&cli.decks)?, now()?, json),
        Some(Command::Export { out }) => {
            backup::export(&App::for_command(&cli.decks)?, out.as_deref())
        }
        Some(Command::Import { file }) => backup::import(&App::for_command(&cli.decks)?, &file),
        Some(Command::Optimize { json }) => optimize::run(&App::for_command(&cli.decks)?, json),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortfall_counts_partials_apart_from_misses() {
        let concept = |misses, partials, attempts| crate::store::ConceptStat {
            id: "match-rate".into(),
            desc: "Match success rate".into(),
            attempts,
            hits: attempts - misses - partials,
            partials,
            misses,
            cards: 1,
            weakness: 0.5,
        };
        assert_eq!(shortfall(&concept(2, 0, 3)), "missed 2 of 3 attempts");
        assert_eq!(shortfall(&concept(0, 1, 1)), "partial 1 of 1 attempt");
        assert_eq!(
            shortfall(&concept(1, 1, 2)),
            "missed 1, partial 1 of 2 attempts"
        );
    }
}
