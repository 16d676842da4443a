//! `prepdeck deck lint`: on decks that pass `deck check`, finds each kind of warning, located
//! like a compiler's, and says nothing about a clean deck.

mod common;

use std::path::PathBuf;

use common::{Home, stdout};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn finds_every_kind_of_warning_on_a_deck_that_passes_check() {
    let home = Home::new();
    let deck = fixture("lint-me.toml");
    let check = home
        .cmd()
        .args(["deck", "check"])
        .arg(&deck)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stdout(&check));

    let lint = home
        .cmd()
        .args(["deck", "lint"])
        .arg(&deck)
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(1));
    let out = stdout(&lint);
    let path = deck.display().to_string();
    for (line, message) in [
        (
            12,
            "warning: card `lint-me/saved-search` has no weak example",
        ),
        (
            16,
            "warning: the time limit 45m is far from the GSM-T norm of 10m–15m",
        ),
        (
            17,
            "warning: this hint gives away \"saved search rate\", a phrase of `adoption`",
        ),
        (
            35,
            "warning: \"weekly saved search rate\" of `weekly-adoption` overlaps \"saved search rate\" of `adoption`",
        ),
        (
            41,
            "warning: the phrase \"everyday words\" of `everyday` is found in",
        ),
        (
            44,
            "warning: no worked example of `lint-me/saved-search` hits `alerting`",
        ),
    ] {
        let located = format!("{path}:{line}:");
        let found = out
            .lines()
            .any(|l| l.starts_with(&located) && l.contains(message));
        assert!(found, "expected `{located}… {message}` in:\n{out}");
    }
    // Each warning shows its source line with a caret under the spot, and a hint.
    assert!(
        out.contains("17 | hints = [\"Start from the saved search rate.\"]\n"),
        "{out}"
    );
    assert!(out.contains("   |          ^^^^^"), "{out}");
    assert!(out.contains("  = hint: "), "{out}");
    assert!(
        out.lines()
            .last()
            .is_some_and(|l| l.contains(": 0 errors, ")),
        "only warnings: {out}"
    );
}

#[test]
fn a_clean_deck_gets_no_warnings() {
    let home = Home::new();
    let lint = home
        .cmd()
        .args(["deck", "lint"])
        .arg(fixture("clean.toml"))
        .output()
        .unwrap();
    let out = stdout(&lint);
    assert!(lint.status.success(), "{out}");
    assert_eq!(
        out,
        "linted 1 deck, 1 card, 2 worked examples: no problems\n"
    );
}

#[test]
fn lint_reports_load_errors_too() {
    let home = Home::new();
    let broken = home.path().join("broken.toml");
    std::fs::write(&broken, "[deck]\nid = \"Broken\"\ntitle = \"B\"\n").unwrap();
    let lint = home
        .cmd()
        .args(["deck", "lint"])
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(1));
    assert!(stdout(&lint).contains("error: the deck id `Broken` is not kebab-case"));
}

#[test]
fn a_hollow_phrase_is_pointed_at_in_its_array() {
    let home = Home::new();
    let deck = common::valid_deck("hollow").replace(
        r#"any = ["cart abandonment", "abandoned carts"]"#,
        r#"any = ["cart abandonment", "what I did", "abandoned carts"]"#,
    );
    let path = home.write("hollow.toml", deck);
    let lint = home
        .cmd()
        .args(["deck", "lint"])
        .arg(&path)
        .output()
        .unwrap();
    let out = stdout(&lint);
    assert!(
        out.contains(&format!(
            "{}:23:28: warning: the phrase \"what I did\" of item `abandonment` has no content words",
            path.display()
        )),
        "{out}"
    );
    assert!(
        out.contains("   |                            ^^^^^^^^^^^^\n"),
        "the whole phrase, quotes included, is underlined: {out}"
    );
}

#[test]
fn an_error_found_after_loading_underlines_the_whole_value() {
    let home = Home::new();
    let deck =
        common::valid_deck("typo").replace(r#"framework = "gsmt""#, r#"framework = "gsmtt""#);
    let path = home.write("typo.toml", deck);
    let check = home
        .cmd()
        .args(["deck", "check"])
        .arg(&path)
        .output()
        .unwrap();
    let out = stdout(&check);
    assert!(out.contains("error: unknown framework `gsmtt`"), "{out}");
    assert!(
        out.contains("9 | framework = \"gsmtt\"\n  |             ^^^^^^^\n"),
        "{out}"
    );
}
