//! The deck file exactly as written: serde structs that mirror the TOML, with the source spans
//! that the checker needs to point at mistakes. `parse` turns these into the validated model.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeckMeta {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub version: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCard {
    pub id: Spanned<String>,
    pub title: String,
    pub prompt: String,
    pub framework: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub answer: Option<f64>,
    pub tolerance: Option<Spanned<f64>>,
    pub unit: Option<String>,
    pub time_limit: Spanned<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub difficulty: Option<Spanned<i64>>,
    #[serde(default)]
    pub hints: Vec<String>,
    #[serde(default)]
    pub outline: String,
    #[serde(default)]
    pub rubric: Vec<Spanned<RawRubricItem>>,
    #[serde(default)]
    pub followups: Vec<Spanned<RawFollowup>>,
    #[serde(default)]
    pub examples: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRubricItem {
    pub id: Spanned<String>,
    pub desc: String,
    pub weight: Option<Spanned<i64>>,
    #[serde(default)]
    pub any: Vec<String>,
    #[serde(default)]
    pub all: Vec<String>,
    #[serde(default)]
    pub none: Vec<String>,
    pub section: Option<Spanned<String>>,
    pub needs: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    pub every: bool,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFollowup {
    pub id: Spanned<String>,
    pub prompt: String,
    pub time_limit: Spanned<String>,
    #[serde(default)]
    pub hints: Vec<String>,
    #[serde(default)]
    pub outline: String,
    #[serde(default)]
    pub rubric: Vec<Spanned<RawRubricItem>>,
    #[serde(default)]
    pub examples: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub label: String,
    pub answer: String,
    pub min_score: Option<Spanned<i64>>,
    pub max_score: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFramework {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sections: Vec<Spanned<RawSection>>,
    #[serde(default)]
    pub rubric: Vec<Spanned<RawRubricItem>>,
    #[serde(default)]
    pub balance: Vec<Spanned<RawBalanceRule>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: Spanned<String>,
    pub title: String,
    pub key: Spanned<String>,
    pub share: Spanned<f64>,
    #[serde(default)]
    pub guide: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBalanceRule {
    pub id: Spanned<String>,
    pub desc: String,
    pub weight: Option<Spanned<i64>>,
    pub section: Spanned<String>,
    #[serde(default)]
    pub largest: bool,
    pub min_share: Option<f64>,
    pub max_share: Option<f64>,
}

/// Keys allowed in each table, for "did you mean" hints on unknown keys.
pub const ROOT_KEYS: &[&str] = &["deck", "thesaurus", "cards", "frameworks"];
