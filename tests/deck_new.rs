//! `prepdeck deck new`: the scaffold passes `deck check` as written, for every bundled
//! framework; it refuses to overwrite without `--force`; names must be kebab-case.

mod common;

use common::{Home, stderr, stdout};
use prepdeck::deck::{Bank, Origin, bundled_files};

#[test]
fn the_default_scaffold_lands_in_the_decks_folder_and_passes_check_and_lint() {
    let home = Home::new();
    let output = home
        .cmd()
        .args(["deck", "new", "team-metrics"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let deck = home.path().join("decks/team-metrics.toml");
    let text = std::fs::read_to_string(&deck).unwrap();
    assert!(text.starts_with("#:schema ./deck.schema.json\n"), "{text}");
    assert!(home.path().join("decks/deck.schema.json").is_file());
    for key in [
        "[thesaurus]",
        "hints = ",
        "outline = ",
        "any = ",
        "all = ",
        "none = ",
        "section = ",
        "needs = ",
        "weight = ",
        "[[cards.followups]]",
        "[[cards.followups.rubric]]",
        "[[cards.followups.examples]]",
        "min_score = ",
        "max_score = ",
    ] {
        assert!(text.contains(key), "the scaffold does not use `{key}`");
    }

    let path = deck.to_str().unwrap();
    let check = home.cmd().args(["deck", "check", path]).output().unwrap();
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(stdout(&check).contains("4 worked examples: no problems"));
    // With no paths, check looks at the bundled bank and the decks folder, scaffold included.
    let whole = home.cmd().args(["deck", "check"]).output().unwrap();
    assert!(
        !stdout(&whole).contains("team-metrics.toml"),
        "{}",
        stdout(&whole)
    );
    let lint = home.cmd().args(["deck", "lint", path]).output().unwrap();
    assert!(lint.status.success(), "{}", stdout(&lint));

    let score = home
        .cmd()
        .args(["score", "team-metrics/group-ordering", "--json"])
        .write_stdin("## Goals\nFriends order together and split the bill.\n")
        .output()
        .unwrap();
    assert!(score.status.success(), "{}", stderr(&score));
}

#[test]
fn a_scaffold_for_every_bundled_framework_passes_check() {
    let bank = Bank::from_files(
        bundled_files()
            .iter()
            .map(|(name, text)| (Origin::Bundled(name), Ok((*text).to_string())))
            .collect(),
    );
    let mut ids: Vec<&str> = bank.all_frameworks().map(|f| f.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert!(ids.contains(&"gsmt") && ids.contains(&"star"));
    let home = Home::new();
    let out = tempfile::tempdir().unwrap();
    for id in ids {
        let name = format!("sample-{id}");
        let made = home
            .cmd()
            .args(["deck", "new", &name, "--framework", id, "--out"])
            .arg(out.path())
            .output()
            .unwrap();
        assert!(made.status.success(), "{id}: {}", stderr(&made));
        assert!(stderr(&made).is_empty(), "{id}: {}", stderr(&made));
        let file = out.path().join(format!("{name}.toml"));
        let check = home
            .cmd()
            .args(["deck", "check"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "the `{id}` scaffold fails deck check:\n{}",
            stdout(&check)
        );
    }
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let home = Home::new();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("mine.toml");
    std::fs::write(&file, "# my own work\n").unwrap();
    let refused = home
        .cmd()
        .args(["deck", "new", "mine", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("already exists; pass --force to overwrite it"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "# my own work\n");

    let forced = home
        .cmd()
        .args(["deck", "new", "mine", "--force", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(forced.status.success(), "{}", stderr(&forced));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("id = \"mine\""), "{text}");
}

#[test]
fn bad_names_and_unknown_frameworks_are_usage_errors() {
    let home = Home::new();
    let bad_name = home
        .cmd()
        .args(["deck", "new", "Team Metrics"])
        .output()
        .unwrap();
    assert_eq!(bad_name.status.code(), Some(2));
    assert!(stderr(&bad_name).contains("is not kebab-case"));
    let bad_framework = home
        .cmd()
        .args(["deck", "new", "team", "--framework", "starr"])
        .output()
        .unwrap();
    assert_eq!(bad_framework.status.code(), Some(2));
    assert!(
        stderr(&bad_framework).contains("did you mean `star`?"),
        "{}",
        stderr(&bad_framework)
    );
    assert!(!home.path().join("decks").exists());
}

#[test]
fn a_framework_from_decks_is_named_in_the_scaffold() {
    let home = Home::new();
    let shared = tempfile::tempdir().unwrap();
    std::fs::write(
        shared.path().join("team.toml"),
        "[deck]\nid = \"team\"\ntitle = \"Team\"\n\n[[frameworks]]\nid = \"launch-review\"\ntitle = \"Launch review\"\n\n[[frameworks.sections]]\nid = \"risks\"\ntitle = \"Risks\"\nkey = \"R\"\nshare = 0.6\n\n[[frameworks.sections]]\nid = \"plan\"\ntitle = \"Plan\"\nkey = \"P\"\nshare = 0.4\n\n[[frameworks.balance]]\nid = \"plan-short\"\ndesc = \"The plan stays short\"\nsection = \"plan\"\nmax_share = 0.45\n",
    )
    .unwrap();
    let made = home
        .cmd()
        .arg("--decks")
        .arg(shared.path())
        .args(["deck", "new", "review", "--framework", "launch-review"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(stderr(&made).is_empty(), "{}", stderr(&made));
    let file = home.path().join("decks/review.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("--decks"), "{text}");
    let check = home
        .cmd()
        .arg("--decks")
        .arg(shared.path())
        .args(["deck", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stdout(&check));
}
