//! The JSON Schema that editors use (assets/deck.schema.json) agrees with the Rust types:
//! every bundled deck validates, and whatever the loader rejects for a wrong key, type,
//! enum value or range, the schema rejects too.

use prepdeck::deck::parse::parse_deck;
use prepdeck::deck::{MOCK_PLANS_FILE, Origin, bundled_files};
use serde_json::{Value, json};

const SCHEMA: &str = include_str!("../assets/deck.schema.json");
const EVERY_TABLE: &str = include_str!("fixtures/every-table.toml");

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
    jsonschema::draft7::new(&schema).expect("the schema is a valid draft-07 schema")
}

fn to_json(toml_text: &str) -> Value {
    toml::from_str(toml_text).expect("the deck is TOML")
}

fn schema_errors(validator: &jsonschema::Validator, deck: &Value) -> Vec<String> {
    validator
        .iter_errors(deck)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn rust_errors(toml_text: &str) -> Vec<String> {
    parse_deck(toml_text, Origin::File("mutated.toml".into()))
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| d.message)
        .collect()
}

#[test]
fn every_bundled_deck_validates_against_the_schema() {
    let validator = validator();
    let mut checked = 0;
    for (name, text) in bundled_files() {
        if *name == MOCK_PLANS_FILE {
            continue;
        }
        let errors = schema_errors(&validator, &to_json(text));
        assert!(errors.is_empty(), "content/{name}: {errors:#?}");
        checked += 1;
    }
    assert!(checked > 1, "no bundled decks were checked");
}

#[test]
fn the_fixture_is_valid_for_both() {
    assert!(
        rust_errors(EVERY_TABLE).is_empty(),
        "{:?}",
        rust_errors(EVERY_TABLE)
    );
    assert!(schema_errors(&validator(), &to_json(EVERY_TABLE)).is_empty());
}

/// Every table of the format, as a JSON pointer into the fixture.
const TABLES: &[&str] = &[
    "",
    "/deck",
    "/cards/0",
    "/cards/0/rubric/0",
    "/cards/0/followups/0",
    "/cards/0/followups/0/rubric/0",
    "/cards/0/followups/0/examples/0",
    "/cards/0/examples/0",
    "/frameworks/0",
    "/frameworks/0/sections/0",
    "/frameworks/0/rubric/0",
    "/frameworks/0/balance/0",
];

/// Applies `change` to the fixture and asserts that both the loader and the schema reject it.
fn both_reject(what: &str, change: impl FnOnce(&mut Value)) {
    let mut deck = to_json(EVERY_TABLE);
    change(&mut deck);
    let text = toml::to_string(&deck).expect("the mutated deck serializes to TOML");
    let rust = rust_errors(&text);
    let schema = schema_errors(&validator(), &deck);
    assert!(!rust.is_empty(), "{what}: the loader accepted it\n{text}");
    assert!(
        !schema.is_empty(),
        "{what}: the loader rejects it ({rust:?}) but the schema accepts it"
    );
}

fn table<'a>(deck: &'a mut Value, pointer: &str) -> &'a mut serde_json::Map<String, Value> {
    deck.pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("the fixture has a table at `{pointer}`"))
}

#[test]
fn an_unknown_key_in_any_table_is_rejected_by_both() {
    for pointer in TABLES {
        both_reject(&format!("unknown key at `{pointer}`"), |deck| {
            table(deck, pointer).insert("colour".into(), json!("blue"));
        });
    }
}

#[test]
fn a_missing_required_key_is_rejected_by_both() {
    for (pointer, key) in [
        ("", "deck"),
        ("/deck", "id"),
        ("/deck", "title"),
        ("/cards/0", "prompt"),
        ("/cards/0", "time_limit"),
        ("/cards/0/rubric/0", "desc"),
        ("/cards/0/followups/0", "time_limit"),
        ("/cards/0/followups/0", "rubric"),
        ("/cards/0/examples/0", "answer"),
        ("/frameworks/0", "title"),
        ("/frameworks/0", "sections"),
        ("/frameworks/0/sections/0", "key"),
        ("/frameworks/0/sections/0", "share"),
        ("/frameworks/0/balance/0", "section"),
        ("/cards/1", "answer"),
    ] {
        both_reject(&format!("`{key}` removed from `{pointer}`"), |deck| {
            table(deck, pointer).remove(key);
        });
    }
}

#[test]
fn wrong_types_enums_ranges_and_ids_are_rejected_by_both() {
    let cases: &[(&str, &str, Value)] = &[
        ("/thesaurus", "shared cart", json!("group basket")),
        ("/deck", "id", json!("Every Table")),
        ("/deck", "version", json!(0)),
        ("/deck", "tags", json!("fixture")),
        ("/cards/0", "id", json!("review_group_orders")),
        ("/cards/0", "kind", json!("essay")),
        ("/cards/0", "difficulty", json!(4)),
        ("/cards/0", "time_limit", json!("10")),
        ("/cards/0", "hints", json!("one hint")),
        ("/cards/0", "rubric", json!([])),
        ("/cards/0/rubric/0", "weight", json!(6)),
        ("/cards/0/rubric/0", "weight", json!(0)),
        ("/cards/0/rubric/0", "needs", json!("numbers")),
        ("/cards/0/rubric/0", "needs", json!(["number", "date"])),
        ("/cards/0/rubric/0", "any", json!("shared cart")),
        ("/cards/0/rubric/0", "every", json!("yes")),
        ("/cards/0/examples/0", "min_score", json!(101)),
        ("/cards/0/examples/0", "max_score", json!(-1)),
        (
            "/cards/0/followups/0/examples/0",
            "min_score",
            json!("high"),
        ),
        ("/cards/1", "tolerance", json!(-0.5)),
        ("/cards/1", "framework", json!("plan-review")),
        ("/frameworks/0", "sections", json!([])),
        ("/frameworks/0/sections/0", "share", json!(1.5)),
        ("/frameworks/0/sections/0", "key", json!("CX")),
        ("/frameworks/0/rubric/0", "needs", json!("someday")),
        ("/frameworks/0/balance/0", "weight", json!(9)),
        ("/frameworks/0/balance/0", "largest", json!(false)),
    ];
    for (pointer, key, value) in cases {
        both_reject(&format!("`{key}` = {value} in `{pointer}`"), |deck| {
            table(deck, pointer).insert((*key).into(), value.clone());
        });
    }
}

#[test]
fn items_without_phrases_are_rejected_by_both() {
    both_reject("a card item with no phrases", |deck| {
        let item = table(deck, "/cards/0/rubric/0");
        item.remove("any");
        item.remove("all");
    });
    both_reject("a framework item with neither phrases nor needs", |deck| {
        table(deck, "/frameworks/0/rubric/0").remove("needs");
    });
}

#[test]
fn every_scaffold_validates_against_the_schema() {
    use prepdeck::deck::Bank;
    use prepdeck::deck::scaffold::{Request, scaffold};
    let bank = Bank::from_files(
        bundled_files()
            .iter()
            .map(|(name, text)| (Origin::Bundled(name), Ok((*text).to_string())))
            .collect(),
    );
    let validator = validator();
    for framework in bank.all_frameworks() {
        let text = scaffold(&Request {
            name: "sample",
            framework,
            framework_file: None,
            schema: "./deck.schema.json",
        });
        let errors = schema_errors(&validator, &to_json(&text));
        assert!(errors.is_empty(), "{}: {errors:#?}", framework.id);
    }
}
