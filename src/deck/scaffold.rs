//! The deck `prepdeck deck new` writes: a commented sample that uses every key of the
//! format, answered in the sections of any framework, whose worked examples land in their
//! score ranges as written. GSM-T and STAR get a sample written for them; any other
//! framework gets one built from its sections, items and balance rules.

use std::fmt::Write as _;

use super::model::{Framework, RubricItem};

/// What the new deck is built from.
pub struct Request<'a> {
    /// The deck id, kebab-case.
    pub name: &'a str,
    pub framework: &'a Framework,
    /// Where the framework is defined when it is not bundled, to say how to load it.
    pub framework_file: Option<&'a str>,
    /// The `#:schema` target: a path relative to the deck, or a URL.
    pub schema: &'a str,
}

/// The sample card's id in every scaffold.
pub const CARD_ID: &str = "group-ordering";
/// The score range of the worked examples: a strong answer must reach the first, a weak
/// one stay under the second.
const STRONG_MIN: u8 = 70;
const WEAK_MAX: u8 = 40;
const WEAK_FOLLOWUP_MAX: u8 = 30;

/// The deck's text.
pub fn scaffold(request: &Request) -> String {
    let sample = Sample::for_framework(request.framework);
    let mut out = String::new();
    header(&mut out, request);
    deck_table(&mut out, request.name);
    card(&mut out, request, &sample);
    frameworks_note(&mut out);
    out
}

/// A rubric item of the sample, with the comment that explains it where it is the first
/// to use a key.
struct Item {
    id: String,
    desc: String,
    weight: u8,
    section: Option<String>,
    needs: &'static [&'static str],
    any: Vec<String>,
    all: Vec<String>,
    none: Vec<String>,
}

impl Item {
    fn new(id: &str, desc: &str, weight: u8, any: &[&str]) -> Item {
        Item {
            id: id.into(),
            desc: desc.into(),
            weight,
            section: None,
            needs: &[],
            any: strings(any),
            all: Vec::new(),
            none: Vec::new(),
        }
    }

    fn in_section(mut self, section: &str) -> Item {
        self.section = Some(section.into());
        self
    }
}

struct Example {
    label: &'static str,
    min_score: Option<u8>,
    max_score: Option<u8>,
    answer: String,
}

struct Followup {
    id: &'static str,
    prompt: &'static str,
    time_limit: &'static str,
    hints: Vec<String>,
    outline: &'static str,
    rubric: Vec<Item>,
    examples: Vec<Example>,
}

struct Sample {
    title: String,
    prompt: String,
    time_limit: &'static str,
    tags: &'static [&'static str],
    hints: Vec<String>,
    outline: String,
    rubric: Vec<Item>,
    followup: Followup,
    strong: String,
    weak: String,
}

impl Sample {
    fn for_framework(framework: &Framework) -> Sample {
        let ids: Vec<&str> = framework.sections.iter().map(|s| s.id.as_str()).collect();
        match (framework.id.as_str(), ids.as_slice()) {
            ("gsmt", ["goals", "signals", "metrics", "targets"]) => gsmt(),
            ("star", ["situation", "task", "action", "result"]) => star(),
            _ => built_from(framework),
        }
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

const PROMPT: &str = "\
Your food-delivery app launched group ordering six weeks ago: one person opens a shared cart,
friends and coworkers add their own dishes, and the app splits the bill.";

fn gsmt() -> Sample {
    let rubric = vec![
        Item {
            none: strings(&["total downloads", "number of downloads"]),
            ..Item::new(
                "goals-outcome",
                "Goals: the outcome group ordering is for, and for whom",
                2,
                &[
                    "order together",
                    "split the bill",
                    "shared cart",
                    "office lunch",
                    "ordering with friends",
                ],
            )
            .in_section("goals")
        },
        Item::new(
            "signals-events",
            "Signals: the events to log, each with the attributes it carries",
            2,
            &[
                "group_order_created",
                "guest_joined",
                "invite link",
                "item_added",
                "dish added",
            ],
        )
        .in_section("signals"),
        Item {
            all: strings(&["guardrail"]),
            ..Item::new(
                "metrics-completion",
                "Metrics: a completion rate with its numerator and denominator, and a guardrail",
                3,
                &[
                    "completion rate",
                    "completed group orders",
                    "share of group orders",
                    "orders checked out",
                ],
            )
            .in_section("metrics")
        },
        Item {
            needs: &["number", "timeframe"],
            ..Item::new(
                "targets-dated",
                "Targets: a number and a date for the completion rate",
                2,
                &[
                    "aim for",
                    "target of",
                    "success means",
                    "should reach",
                    "by week",
                ],
            )
            .in_section("targets")
        },
    ];
    Sample {
        title: "Is group ordering working?".into(),
        prompt: format!(
            "{PROMPT}\nThe head of product asks how you would know whether it is working. Walk through\nyour measurement plan."
        ),
        time_limit: "12m",
        tags: &["metrics", "marketplace"],
        hints: strings(&[
            "Who starts a group order, who joins one, and what does each of them want from it?",
            "Picture the row the app writes when someone joins: which columns does it need?",
            "Could an engineer write the query for each measure from what you said?",
        ]),
        outline: "\
- Goals: friends and coworkers order together from one basket and split the bill; success is
  more completed group orders, not more downloads.
- Signals: group_order_created, guest_joined, item_added, group_order_checked_out, each with
  order, user and timestamp.
- Metrics: completion rate = group orders checked out / group orders created, per week; guests
  per group order; refunds per group order as a guardrail.
- Targets: completion from 40% to 55% within 8 weeks; refunds per group order under 2% every week."
            .into(),
        rubric,
        followup: drop_followup(),
        strong: "\
## Goals
Group ordering exists so that coworkers and friends can order together from one group basket and split the bill, instead of one person paying and chasing everyone else.

## Signals
- group_order_created when the host opens a group basket, with order_id, host_id and created_at.
- guest_joined when someone follows the invite link, with the guest's user_id.
- group_order_checked_out at payment, with the basket value and the guest count.

## Metrics
- Completion rate = group orders checked out / group orders created, per week.
- Guests per group order, averaged per week, shows whether invites spread.
- Guardrail: refunds per group order, because a confusing bill split shows up as refunds.

## Targets
- I would aim for a completion rate of 55%, up from 40%, within 8 weeks.
- Refunds per group order should stay under 2% every week."
            .into(),
        weak: "I would look at total downloads of the app and the completion rate, and see if both go up after launch.".into(),
    }
}

fn star() -> Sample {
    let rubric = vec![
        Item::new(
            "situation-stakes",
            "Situation: the context and what was at stake, in a few sentences",
            1,
            &[
                "weeks before launch",
                "days before launch",
                "launch date",
                "about to launch",
                "beta",
            ],
        )
        .in_section("situation"),
        Item {
            none: strings(&["not my call", "above my pay grade"]),
            ..Item::new(
                "task-ownership",
                "Task: what you in particular owned",
                1,
                &[
                    "owned the analysis",
                    "my job was",
                    "responsible for",
                    "on me to decide",
                ],
            )
            .in_section("task")
        },
        Item {
            needs: &["first-person"],
            ..Item::new(
                "action-steps",
                "Action: what you did, step by step, in the first person",
                3,
                &[
                    "pulled the data",
                    "dug into",
                    "broke down the funnel",
                    "split the funnel",
                    "ran the numbers",
                ],
            )
            .in_section("action")
        },
        Item {
            needs: &["number"],
            all: strings(&["learned"]),
            ..Item::new(
                "result-measured",
                "Result: the measured outcome, and what you learned",
                2,
                &[
                    "completion rose",
                    "completion went up",
                    "completion climbed",
                    "more baskets completed",
                ],
            )
            .in_section("result")
        },
    ];
    Sample {
        title: "Changed a launch with data".into(),
        prompt: "Tell me about a time you changed a launch plan because of what the data showed.".into(),
        time_limit: "5m",
        tags: &["behavioral", "influence"],
        hints: strings(&[
            "Pick a story where your own analysis changed the decision, not the team's.",
            "End with a number: what moved, and by how much?",
        ]),
        outline: "\
- Situation: two weeks before launch; the beta looked fine, but only a third of group baskets
  reached checkout.
- Task: you owned the launch analysis.
- Action: you broke down the funnel, found the payment step, proposed split payment, made the
  case to the product lead, agreed a two-week delay.
- Result: completion rose from 38% to 61%, and what you learned."
            .into(),
        rubric,
        followup: Followup {
            id: "pushback",
            prompt: "The product lead had already announced the launch date. How did you handle that conversation?",
            time_limit: "3m",
            hints: strings(&["Where and when did you raise it, and what did you bring?"]),
            outline: "\
- Raised it one on one, before the weekly review, so nobody was surprised in public.
- Brought options, not only a problem: launch on time behind a flag, or slip two weeks.",
            rubric: vec![
                Item::new(
                    "private-first",
                    "Raised it with the product lead privately, before any group meeting",
                    2,
                    &["one on one", "privately", "in private", "a quiet word"],
                ),
                Item::new(
                    "brought-options",
                    "Brought options, not only the problem",
                    1,
                    &["two options", "offered options", "a plan b", "smaller launch", "behind a flag"],
                ),
            ],
            examples: vec![
                Example {
                    label: "strong",
                    min_score: Some(STRONG_MIN),
                    max_score: None,
                    answer: "I asked the product lead for a one on one before the weekly review, so nobody was surprised in public. I brought two options: ship on time with split payment behind a flag, or slip two weeks and launch it for everyone.".into(),
                },
                Example {
                    label: "weak",
                    min_score: None,
                    max_score: Some(WEAK_FOLLOWUP_MAX),
                    answer: "I told everyone in the weekly review that the date was wrong and we had to move it.".into(),
                },
            ],
        },
        strong: "\
## Situation
Two weeks before launch, group ordering looked ready. The beta had 4,000 users and the launch date was set, but only a third of group baskets ever reached checkout.

## Task
I owned the launch analysis, so it was my job to say whether the feature was ready to ship.

## Action
I pulled the data from the beta and broke down the funnel one step at a time. I found that most abandoned baskets died at payment, when the organiser had to pay for everyone. I proposed letting each guest pay their own share, and I wrote a one-page case with the funnel numbers. I walked the product lead through it before the weekly review, and I agreed a two-week delay with engineering.

## Result
Completion rose from 38% to 61% in the first month after launch. I learned to look at the payment step before anything else."
            .into(),
        weak: "We launched group ordering on time and it went well. The team worked hard, everyone was happy, and completion went up.".into(),
    }
}

fn drop_followup() -> Followup {
    Followup {
        id: "completion-drop",
        prompt: "Completed group orders halve in one city overnight. What do you check first, and why?",
        time_limit: "4m",
        hints: strings(&["Is the drop in the world, or in the data?"]),
        outline: "\
- Rule out a logging or release change first: did an app release, a tracking change or a
  pipeline delay land yesterday?
- Then slice the drop by platform, app version and restaurant to see where it lives.",
        rubric: vec![
            Item::new(
                "rule-out-logging",
                "Rules out a logging, release or pipeline change before trusting the drop",
                2,
                &[
                    "logging change",
                    "tracking bug",
                    "app release",
                    "pipeline delay",
                    "broken event",
                    "instrumentation",
                ],
            ),
            Item::new(
                "slice-the-drop",
                "Slices the drop by platform, app version or restaurant to find where it lives",
                1,
                &["app version", "by platform", "by restaurant", "ios and android", "which restaurants"],
            ),
        ],
        examples: vec![
            Example {
                label: "strong",
                min_score: Some(STRONG_MIN),
                max_score: None,
                answer: "First I would check whether yesterday's app release or a tracking bug broke the group_order_checked_out event, because a logging change looks exactly like a real drop. If the data holds up, I would split the drop by app version and by restaurant to see where it lives.".into(),
            },
            Example {
                label: "weak",
                min_score: None,
                max_score: Some(WEAK_FOLLOWUP_MAX),
                answer: "I would ask the team why orders went down and wait for next week's numbers.".into(),
            },
        ],
    }
}

/// A sample for any framework, from its sections: one item per section, and a strong answer
/// whose every sentence carries what any `needs` may ask (a first-person act, an event name,
/// a ratio, a number and a timeframe), phrases for the framework's own items, and sentence
/// counts that meet its balance rules.
fn built_from(framework: &Framework) -> Sample {
    let sections = &framework.sections;
    let last = sections.len().saturating_sub(1);
    let mut rubric: Vec<Item> = sections
        .iter()
        .enumerate()
        .map(|(i, section)| {
            let title = section.title.trim();
            let what = if section.guide.trim().is_empty() {
                "the point this section must make about group orders".to_string()
            } else {
                lowercase_start(section.guide.trim())
            };
            let mut item = Item::new(
                &format!("{}-point", section.id),
                &format!("{title}: {what}"),
                if i == 0 { 2 } else { 1 },
                &[],
            )
            .in_section(&section.id);
            item.any = vec![
                format!("{} for group orders", title.to_lowercase()),
                format!("group order {}", title.to_lowercase()),
            ];
            if i == 0 {
                item.none = strings(&["total downloads", "number of downloads"]);
            }
            if i == last && i > 0 {
                item.needs = &["number", "timeframe"];
            }
            item
        })
        .collect();
    rubric.push(Item {
        all: strings(&["organiser", "guests"]),
        ..Item::new(
            "organiser-and-guests",
            "Keeps both sides in view: the organiser who starts the order and the guests who join it",
            1,
            &[],
        )
    });
    let counts = sentence_counts(framework);
    let mut strong = String::new();
    for (i, section) in sections.iter().enumerate() {
        let title = section.title.trim();
        let percent = 40 + 5 * i;
        let weeks = 4 + 2 * i;
        let who = if i == 0 {
            ", where an organiser invites guests to one group basket"
        } else {
            ""
        };
        let covering = framework_phrases(framework, i);
        let _ = write!(
            strong,
            "{}## {title}\nFor {title} on group orders{who}, I would log group_order_placed and track the share of group orders completed per week{covering}, aiming for {percent}% within {weeks} weeks.",
            if i == 0 { "" } else { "\n\n" }
        );
        for extra in 1..counts[i] {
            let _ = write!(
                strong,
                " I would also compare the share of group_order_placed events per city, expecting {}% within {} weeks.",
                percent + extra,
                weeks + extra
            );
        }
    }
    let titles: Vec<&str> = sections.iter().map(|s| s.title.trim()).collect();
    let outline = sections
        .iter()
        .map(|s| {
            let guide = if s.guide.trim().is_empty() {
                "what this section must say"
            } else {
                s.guide.trim()
            };
            format!("- {}: {guide}", s.title.trim())
        })
        .collect::<Vec<_>>()
        .join("\n");
    Sample {
        title: format!("Group ordering, in {}", framework.title.trim()),
        prompt: format!(
            "{PROMPT}\nAnswer in the sections of {}: {}.",
            framework.title.trim(),
            titles.join(", ")
        ),
        time_limit: "12m",
        tags: &["sample"],
        hints: strings(&[
            "Who starts a group order, who joins one, and what does each of them want?",
            "Give every section one concrete sentence with something you could measure.",
        ]),
        outline,
        rubric,
        followup: drop_followup(),
        strong,
        weak: "I would look at total downloads of the app and ask people whether they like ordering together.".into(),
    }
}

/// "Prove the drop is real" reads as "prove the drop is real" after a colon; an acronym
/// ("SQL first") keeps its capitals.
fn lowercase_start(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

/// Words that earn the framework's own phrase items in section `index` (items without a
/// section are answered in the first one).
fn framework_phrases(framework: &Framework, index: usize) -> String {
    let section = &framework.sections[index].id;
    let belongs = |item: &&RubricItem| match &item.section {
        Some(s) => s == section,
        None => index == 0,
    };
    let phrases: Vec<&str> = framework
        .rubric
        .iter()
        .filter(belongs)
        .flat_map(|item| item.any.first().into_iter().chain(&item.all))
        .map(String::as_str)
        .collect();
    if phrases.is_empty() {
        String::new()
    } else {
        format!(", and I would spell out the {}", phrases.join(" and the "))
    }
}

/// Sentences per section so that the answer meets the framework's balance rules: each
/// section gets one, and sections a rule wants larger get more.
fn sentence_counts(framework: &Framework) -> Vec<usize> {
    let sections = &framework.sections;
    let mut counts = vec![1usize; sections.len()];
    // Each round fixes one unmet rule; a framework whose rules contradict each other stops
    // after a bounded number of rounds with the best it found.
    for _ in 0..4 * sections.len() + 4 {
        let total: usize = counts.iter().sum();
        let unmet = framework.balance.iter().find_map(|rule| {
            let i = sections.iter().position(|s| s.id == rule.section)?;
            let share = counts[i] as f64 / total as f64;
            let not_largest = rule.largest
                && counts
                    .iter()
                    .enumerate()
                    .any(|(j, &c)| j != i && c >= counts[i]);
            if not_largest || rule.min_share.is_some_and(|min| share < min) {
                return Some(i);
            }
            if rule.max_share.is_some_and(|max| share > max) {
                return (0..counts.len())
                    .filter(|&j| j != i)
                    .min_by_key(|&j| counts[j]);
            }
            None
        });
        match unmet {
            Some(i) => counts[i] += 1,
            None => break,
        }
    }
    counts
}

fn header(out: &mut String, request: &Request) {
    let name = request.name;
    let _ = writeln!(out, "#:schema {}", request.schema);
    let _ = write!(
        out,
        "#
# {name}: a prepdeck deck. Every key of the format is used below on a sample card; replace
# it with your own questions. The author's guide (content/README.md in the prepdeck sources)
# explains each key and how the scorer reads a rubric.
#
#   prepdeck deck check {name}.toml           errors, and every worked example scored
#   prepdeck deck check --watch {name}.toml   the same, again on every save
#   prepdeck deck lint {name}.toml            warnings: generic or overlapping phrases, untested items
#   prepdeck score {name}/{CARD_ID} --answer answer.md   how one answer scores, and why
"
    );
    if let Some(file) = request.framework_file {
        let _ = write!(
            out,
            "#
# The `{}` framework comes from {file}: load it too when checking, with
#   prepdeck --decks {file} deck check {name}.toml
",
            request.framework.id
        );
    }
    out.push('\n');
}

fn deck_table(out: &mut String, name: &str) {
    let title = name
        .split('-')
        .map(|word| {
            let mut letters = word.chars();
            letters.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(letters).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ");
    let _ = write!(
        out,
        "[deck]
# The deck's id: kebab-case, unique among your decks. Cards are addressed as {name}/CARD.
# A deck with the id of a bundled one replaces it.
id = {}
title = {}
description = \"A new deck. Replace the sample card with your own questions.\"
tags = [\"draft\"]
# Bump the version when you change cards in a way that matters.
version = 1

# Words your field spells several ways. Each key is the canonical term and its list the other
# spellings; they match each other in rubric phrases and answers alike, so the phrase
# \"shared cart\" below also catches \"group basket\". Common abbreviations (DAU, CTR, p95,
# A/B test, ...) are built in.
[thesaurus]
\"shared cart\" = [\"group basket\", \"shared basket\", \"group cart\"]

",
        quoted(name),
        quoted(&title)
    );
}

fn card(out: &mut String, request: &Request, sample: &Sample) {
    let _ = write!(
        out,
        "[[cards]]
# Unique within the deck; the card's full id is {}/{CARD_ID}.
id = {}
title = {}
# The question as an interviewer would ask it.
prompt = {}
# Answered in the sections of this framework (`prepdeck list` shows them all). A card without
# a framework sets kind = \"recall\" (one free-text answer) or kind = \"numeric\" (one number,
# with answer, tolerance and unit).
framework = {}
# \"90s\", \"12m\", \"1h30m\". Practise at interview pace: GSM-T 10-15m, STAR 3-5m, recall 2-3m.
time_limit = {}
tags = {}
# 1 (warm-up) to 3 (hard); 2 when left out.
difficulty = 2
# Revealed one at a time while answering; each one used lowers the suggested rating a step.
# Point toward an idea without the words the rubric looks for.
hints = {}
# The model answer's skeleton, shown after the attempt.
outline = {}

# The rubric: one item per idea a strong answer states. An item is earned by one sentence or
# bullet of the answer that holds one of its `any` phrases: words stemmed, small typos
# forgiven, a two-word phrase also matched in reverse, and never under a negation (\"we would
# not track ...\"). The score is the weighted share of items earned, with the framework's own
# items and balance rules added in.
",
        request.name,
        quoted(CARD_ID),
        quoted(&sample.title),
        multiline(&sample.prompt),
        quoted(&request.framework.id),
        quoted(sample.time_limit),
        string_list(&strings(sample.tags)),
        string_list(&sample.hints),
        multiline(&sample.outline),
    );
    let mut explained = Explained::default();
    for item in &sample.rubric {
        rubric_item(out, "cards.rubric", item, &mut explained);
    }
    followup(out, &sample.followup, &mut explained);
    let _ = write!(
        out,
        "# Worked examples are the rubric's tests: `deck check` scores each one and fails when it
# lands outside its range. Write them as a candidate would, in other words than the phrases.
# A strong answer sets min_score; a weak one, which names the topic but misses the point,
# sets max_score. Sectioned answers use a `## Section` heading per section.
"
    );
    example(
        out,
        "cards.examples",
        &Example {
            label: "strong",
            min_score: Some(STRONG_MIN),
            max_score: None,
            answer: sample.strong.clone(),
        },
    );
    example(
        out,
        "cards.examples",
        &Example {
            label: "weak",
            min_score: None,
            max_score: Some(WEAK_MAX),
            answer: sample.weak.clone(),
        },
    );
}

/// Which keys have had their comment already, so each is explained once, where first used.
#[derive(Default)]
struct Explained {
    desc: bool,
    weight: bool,
    section: bool,
    any: bool,
    all: bool,
    none: bool,
    needs: bool,
}

fn rubric_item(out: &mut String, table: &str, item: &Item, explained: &mut Explained) {
    let _ = writeln!(out, "[[{table}]]");
    let _ = writeln!(out, "id = {}", quoted(&item.id));
    if !std::mem::replace(&mut explained.desc, true) {
        let _ = writeln!(
            out,
            "# What the grader looks for; the candidate reads it in the checklist."
        );
    }
    let _ = writeln!(out, "desc = {}", quoted(&item.desc));
    if !std::mem::replace(&mut explained.weight, true) {
        let _ = writeln!(out, "# 1 to 5; 1 when left out.");
    }
    let _ = writeln!(out, "weight = {}", item.weight);
    if let Some(section) = &item.section {
        if !std::mem::replace(&mut explained.section, true) {
            let _ = writeln!(
                out,
                "# Where the evidence belongs. Found in another section it earns half, and the report says where it was."
            );
        }
        let _ = writeln!(out, "section = {}", quoted(section));
    }
    if !item.needs.is_empty() {
        if !std::mem::replace(&mut explained.needs, true) {
            let _ = writeln!(
                out,
                "# The evidence sentence must also hold these (number, event, formula, timeframe,\n# first-person); without them the item earns half."
            );
        }
        let needs: Vec<String> = item.needs.iter().map(|n| n.to_string()).collect();
        let _ = writeln!(out, "needs = {}", string_list(&needs));
    }
    if !item.any.is_empty() {
        if !std::mem::replace(&mut explained.any, true) {
            let _ = writeln!(
                out,
                "# Ways candidates say it, four to eight of them. Two or three words that name the idea:\n# a single common word (\"users\", \"data\") matches every answer and proves nothing."
            );
        }
        let _ = writeln!(out, "any = {}", string_list(&item.any));
    }
    if !item.all.is_empty() {
        if !std::mem::replace(&mut explained.all, true) {
            let _ = writeln!(
                out,
                "# Phrases that must all appear somewhere in the answer; with any of them missing the item earns half."
            );
        }
        let _ = writeln!(out, "all = {}", string_list(&item.all));
    }
    if !item.none.is_empty() {
        if !std::mem::replace(&mut explained.none, true) {
            let _ = writeln!(
                out,
                "# The tempting wrong answer: said anywhere (and not negated), it turns the item into a miss."
            );
        }
        let _ = writeln!(out, "none = {}", string_list(&item.none));
    }
    out.push('\n');
}

fn followup(out: &mut String, followup: &Followup, explained: &mut Explained) {
    let _ = write!(
        out,
        "# A follow-up: the interviewer's next question after the main answer. It is answered as
# free text (no sections), with its own rubric, hints and worked examples.
[[cards.followups]]
id = {}
prompt = {}
time_limit = {}
hints = {}
outline = {}

",
        quoted(followup.id),
        quoted(followup.prompt),
        quoted(followup.time_limit),
        string_list(&followup.hints),
        multiline(followup.outline),
    );
    for item in &followup.rubric {
        rubric_item(out, "cards.followups.rubric", item, explained);
    }
    for e in &followup.examples {
        example(out, "cards.followups.examples", e);
    }
}

fn example(out: &mut String, table: &str, example: &Example) {
    let _ = writeln!(out, "[[{table}]]");
    let _ = writeln!(out, "label = {}", quoted(example.label));
    if let Some(min) = example.min_score {
        let _ = writeln!(out, "min_score = {min}");
    }
    if let Some(max) = example.max_score {
        let _ = writeln!(out, "max_score = {max}");
    }
    let _ = writeln!(out, "answer = {}", multiline(&example.answer));
    out.push('\n');
}

fn frameworks_note(out: &mut String) {
    out.push_str(
        "# A deck can also define its own framework: the sections its answers are written in.
#
#   [[frameworks]]
#   id = \"launch-review\"
#   title = \"Launch review\"
#
#   [[frameworks.sections]]
#   id = \"risks\"
#   title = \"Risks\"
#   key = \"R\"        # the letter that jumps to the section while answering
#   share = 0.4      # its share of the time budget; a framework's shares add up to 1
#   guide = \"What could go wrong, and how you would know.\"
#
# A framework's own rubric items and balance rules apply to every card that uses it; the
# author's guide describes them. Run `prepdeck deck new NAME --framework launch-review` to
# get a sample card answered in its sections.
",
    );
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A TOML array of strings, on one line when it fits and one element a line when not.
fn string_list(items: &[String]) -> String {
    const FITS: usize = 90;
    let quoted: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    let one_line = format!("[{}]", quoted.join(", "));
    if one_line.chars().count() <= FITS {
        return one_line;
    }
    let lines: String = quoted.iter().map(|q| format!("    {q},\n")).collect();
    format!("[\n{lines}]")
}

/// A TOML multi-line basic string, opened and closed on lines of their own.
fn multiline(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"\"\"\n{escaped}\n\"\"\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RatingThresholds;
    use crate::deck::{Bank, Origin, bundled_files};
    use crate::score::{self, Lexicon, Options};

    fn bundled_bank() -> Bank {
        Bank::from_files(
            bundled_files()
                .iter()
                .map(|(name, text)| (Origin::Bundled(name), Ok((*text).to_string())))
                .collect(),
        )
    }

    /// Loads a scaffold beside the bundled bank and scores its worked examples.
    fn scores_for(framework: &Framework) -> Vec<(String, u8, Option<u8>, Option<u8>)> {
        let text = scaffold(&Request {
            name: "my-deck",
            framework,
            framework_file: None,
            schema: "./deck.schema.json",
        });
        let mut files: Vec<(Origin, Result<String, Box<crate::deck::Diagnostic>>)> =
            bundled_files()
                .iter()
                .map(|(name, text)| (Origin::Bundled(name), Ok((*text).to_string())))
                .collect();
        files.push((Origin::File("my-deck.toml".into()), Ok(text.clone())));
        let bank = Bank::from_files(files);
        let errors: Vec<String> = bank
            .diagnostics
            .iter()
            .filter(|d| d.path == "my-deck.toml")
            .map(|d| d.render())
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}\n{text}",
            framework.id,
            errors.join("\n")
        );
        let deck = bank.deck("my-deck").expect("the scaffold loads");
        let card = &deck.cards[0];
        let lexicon = Lexicon::new(&deck.thesaurus);
        let options = Options {
            thresholds: RatingThresholds::default(),
            hints_used: 0,
        };
        let mut scores = Vec::new();
        for example in &card.examples {
            let report = score::score_card(
                card,
                bank.framework_for(card),
                &lexicon,
                &example.answer,
                options,
            );
            scores.push((
                example.label.clone(),
                report.score,
                example.min_score,
                example.max_score,
            ));
        }
        for followup in &card.followups {
            for example in &followup.examples {
                let report =
                    score::score_followup(card, followup, &lexicon, &example.answer, options);
                scores.push((
                    format!("{}/{}", followup.id, example.label),
                    report.score,
                    example.min_score,
                    example.max_score,
                ));
            }
        }
        scores
    }

    #[test]
    fn every_bundled_framework_gets_a_scaffold_whose_examples_land_in_range() {
        let bank = bundled_bank();
        let frameworks: Vec<&Framework> = bank.all_frameworks().collect();
        assert!(frameworks.len() > 2);
        for framework in frameworks {
            for (label, score, min, max) in scores_for(framework) {
                assert!(
                    min.is_none_or(|m| score >= m) && max.is_none_or(|m| score <= m),
                    "{}: example {label} scores {score}, outside {min:?}..{max:?}",
                    framework.id
                );
            }
        }
    }

    #[test]
    fn balance_rules_shape_the_sentence_counts() {
        let bank = bundled_bank();
        let star = bank.all_frameworks().find(|f| f.id == "star").unwrap();
        let counts = sentence_counts(star);
        let action = star.sections.iter().position(|s| s.id == "action").unwrap();
        assert!(
            counts
                .iter()
                .enumerate()
                .all(|(i, &c)| i == action || c < counts[action])
        );
    }

    #[test]
    fn a_guide_after_a_colon_starts_in_lowercase_unless_it_is_an_acronym() {
        assert_eq!(lowercase_start("Prove it is real"), "prove it is real");
        assert_eq!(lowercase_start("SQL first"), "SQL first");
        assert_eq!(lowercase_start(""), "");
    }

    #[test]
    fn strings_with_quotes_and_backslashes_stay_valid_toml() {
        let text = format!(
            "a = {}\nb = {}\n",
            quoted("say \"hi\" \\ bye"),
            multiline("line \"one\"\n\\two")
        );
        let value: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(value["a"].as_str(), Some("say \"hi\" \\ bye"));
        assert_eq!(value["b"].as_str(), Some("line \"one\"\n\\two\n"));
    }
}
