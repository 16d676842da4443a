//! `prepdeck mock`: sit a mock interview (a plan, or an ad-hoc one drawn toward your weakest
//! concepts), as the candidate or as the interviewer; `mock plans`, `mock list` and
//! `mock report ID --format markdown|json` for the plans and the stored reports.

use std::io::Write as _;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use super::{App, Failure, Outcome, now, on_a_terminal, open_store, print_json};
use crate::mock::sitting::{self, saved};
use crate::mock::{
    AdhocOptions, MockReport, Plan, adhoc_candidates, adhoc_plan, load_plans, render_json,
    render_markdown,
};
use crate::session::Mode;
use crate::store::{MockSession, Store};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MockArgs {
    #[command(subcommand)]
    pub command: Option<MockCommand>,
    /// A plan's id (`prepdeck mock plans` lists them); without one, an ad-hoc mock from the bank.
    pub plan: Option<String>,
    /// Ad hoc: only this deck's cards.
    #[arg(long, value_name = "DECK")]
    pub deck: Option<String>,
    /// Ad hoc: only cards with one of these tags (comma-separated).
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Ad hoc: how many questions.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub count: usize,
    /// The overall clock in minutes (default: the plan's, or the questions' limits summed).
    #[arg(long, value_name = "M")]
    pub minutes: Option<u64>,
    /// Run the interviewer's screen: prompts to read aloud, a rubric to tick, notes.
    #[arg(long)]
    pub interviewer: bool,
    /// Start a new mock even when an unfinished one is waiting (that one is ended where it
    /// stopped and gets its report).
    #[arg(long)]
    pub fresh: bool,
}

#[derive(Debug, Subcommand)]
pub enum MockCommand {
    /// The mock plans: bundled, and those in your decks folder.
    Plans {
        #[arg(long)]
        json: bool,
    },
    /// Your mocks, oldest first, with their scores and verdicts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print a mock's report.
    Report {
        /// The mock's id as `prepdeck mock list` shows it (a unique prefix is enough).
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Markdown,
    Json,
}

pub fn run(app: &App, args: &MockArgs) -> Outcome {
    match &args.command {
        Some(MockCommand::Plans { json }) => plans(app, *json),
        Some(MockCommand::List { json }) => list(app, *json),
        Some(MockCommand::Report { id, format }) => report(app, id, *format),
        None => sit(app, args),
    }
}

fn plans_checked(app: &App) -> Vec<Plan> {
    let (plans, diagnostics) = load_plans(&app.bank);
    for diagnostic in diagnostics {
        eprintln!(
            "prepdeck: warning: skipped a mock plan: {}",
            diagnostic.headline()
        );
    }
    plans
}

fn plans(app: &App, json: bool) -> Outcome {
    let plans = plans_checked(app);
    if json {
        return print_json(&json!(plans));
    }
    for plan in &plans {
        println!(
            "{:<16} {:>4} min  {} questions  {}",
            plan.id,
            plan.time_limit_secs / 60,
            plan.questions.len(),
            plan.title
        );
    }
    Ok(0)
}

fn list(app: &App, json: bool) -> Outcome {
    let store = open_store(app)?;
    let sessions = store
        .mock_sessions()
        .map_err(|e| Failure::new(e.to_string()))?;
    let rows: Vec<(MockSession, Option<MockReport>)> = sessions
        .into_iter()
        .map(|s| {
            let report = saved(&s).and_then(|saved| saved.report);
            (s, report)
        })
        .collect();
    if json {
        let value: Vec<serde_json::Value> = rows
            .iter()
            .map(|(s, report)| {
                json!({
                    "id": s.uid, "plan": s.plan, "started_at": s.started_at,
                    "finished_at": s.finished_at,
                    "score": report.as_ref().map(|r| r.score),
                    "verdict": report.as_ref().map(|r| r.verdict),
                    "mode": report.as_ref().map(|r| r.mode),
                })
            })
            .collect();
        return print_json(&json!(value));
    }
    if rows.is_empty() {
        println!(
            "No mocks yet: `prepdeck mock plans` lists the plans, `prepdeck mock PLAN` starts one."
        );
        return Ok(0);
    }
    for (session, report) in &rows {
        let result = match report {
            Some(r) => format!("{:>3}/100  {}", r.score, r.verdict.label()),
            None => "unfinished (`prepdeck mock` resumes it)".to_string(),
        };
        println!(
            "{}  {}  {:<16} {}",
            session.uid,
            session.started_at.format("%Y-%m-%d %H:%M"),
            session.plan,
            result
        );
    }
    Ok(0)
}

fn report(app: &App, id: &str, format: Format) -> Outcome {
    let store = open_store(app)?;
    let sessions = store
        .mock_sessions()
        .map_err(|e| Failure::new(e.to_string()))?;
    let clean = crate::text::strip_control(id);
    let matching: Vec<&MockSession> = sessions.iter().filter(|s| s.uid.starts_with(id)).collect();
    let session = match matching.as_slice() {
        [one] => *one,
        [] => {
            return Err(Failure::new(format!(
                "there is no mock `{clean}`; `prepdeck mock list` shows your mocks"
            )));
        }
        _ => {
            return Err(Failure::usage(format!(
                "`{clean}` names {} mocks; give more of the id",
                matching.len()
            )));
        }
    };
    let Some(report) = saved(session).and_then(|s| s.report) else {
        return Err(Failure::new(format!(
            "the mock `{}` is not finished, so it has no report yet; `prepdeck mock` resumes it",
            session.uid
        )));
    };
    match format {
        Format::Markdown => print!("{}", render_markdown(&report)),
        Format::Json => return print_json(&render_json(&report)),
    }
    Ok(0)
}

fn sit(app: &App, args: &MockArgs) -> Outcome {
    // The arguments are checked before the terminal is, so that a mistyped plan or deck is
    // named as such wherever the command runs.
    let named = args
        .plan
        .as_deref()
        .map(|id| named_plan(app, id))
        .transpose()?;
    if let Some(deck) = &args.deck {
        app.deck(deck)?;
    }
    if named.is_none() {
        adhoc_candidates(&app.bank, &adhoc_options(args)).map_err(Failure::usage)?;
    }
    if !on_a_terminal() {
        return Err(Failure::usage(
            "a mock runs in the terminal, and this is not one; `prepdeck mock list` and `prepdeck mock report ID` print results",
        ));
    }
    let mut store = open_store(app)?;
    let started = now()?;
    if args.fresh
        && let Some(report) = sitting::close_unfinished(&mut store, &app.bank, &app.config, started)
            .map_err(Failure::new)?
    {
        eprintln!(
            "prepdeck: ended the unfinished mock `{}` where it stopped ({}/100, {}); `prepdeck mock report {}` prints it",
            report.id,
            report.score,
            report.verdict.label(),
            report.id
        );
    }
    let run = match sitting::resume(&store, &app.bank).map_err(Failure::new)? {
        Some(run) => {
            eprintln!(
                "prepdeck: resuming the unfinished mock `{}` ({}) where it stopped; `prepdeck mock --fresh` starts a new one",
                run.record.uid, run.record.plan
            );
            run
        }
        None => {
            let plan = choose_plan(app, &store, args, named)?;
            let mode = if args.interviewer {
                Mode::Interviewer
            } else {
                Mode::Candidate
            };
            sitting::begin(plan, &app.bank, mode, started).map_err(Failure::new)?
        }
    };
    let stop = crate::tui::StopFlag::install().map_err(Failure::new)?;
    let report = crate::tui::mock::run(run, &app.bank, &app.config, &mut store, &stop, || {
        now().unwrap_or_else(|_| chrono::Local::now().fixed_offset())
    })
    .map_err(Failure::new)?;
    let message = match report {
        Some(report) => report.summary(),
        None => "The mock was saved; `prepdeck mock` resumes it.".to_string(),
    };
    // After a closed terminal ended the mock there is no one to tell, and no reason to fail.
    let _ = writeln!(std::io::stdout(), "{message}");
    Ok(0)
}

/// The plan `id` among the bundled and user plans, or a usage error naming the nearest.
fn named_plan(app: &App, id: &str) -> Result<Plan, Failure> {
    let plans = plans_checked(app);
    let ids: Vec<&str> = plans.iter().map(|p| p.id.as_str()).collect();
    let clean = crate::text::strip_control(id);
    plans.iter().find(|p| p.id == id).cloned().ok_or_else(|| {
        let hint = crate::deck::diag::nearest(id, ids.iter().copied()).map_or_else(
            || format!("the plans are: {}", ids.join(", ")),
            |n| format!("did you mean `{n}`?"),
        );
        Failure::usage(format!("there is no mock plan `{clean}`; {hint}"))
    })
}

fn adhoc_options(args: &MockArgs) -> AdhocOptions {
    AdhocOptions {
        deck: args.deck.clone(),
        tags: args.tags.clone(),
        count: args.count,
        minutes: args.minutes,
    }
}

/// The plan to sit: the one named on the command line, or an ad-hoc one weighted toward the
/// concepts `store` shows are weakest.
fn choose_plan(
    app: &App,
    store: &Store,
    args: &MockArgs,
    named: Option<Plan>,
) -> Result<Plan, Failure> {
    let mut plan = match named {
        Some(plan) => plan,
        None => {
            let weak = sitting::weak_concepts(store).map_err(|e| Failure::new(e.to_string()))?;
            let seed = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0);
            adhoc_plan(&app.bank, &adhoc_options(args), &weak, seed).map_err(Failure::usage)?
        }
    };
    if let Some(minutes) = args.minutes {
        plan.time_limit_secs = minutes * 60;
    }
    Ok(plan)
}
