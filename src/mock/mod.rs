//! Mock interviews as data and results: plans (`mocks.toml`, bundled and the user's, or built
//! ad hoc from the bank), and the report of a finished mock with its Markdown and JSON
//! renderings; and [`sitting`], which keeps a mock in the store as it runs and when it ends.
//! The timed session itself is [`crate::session::Mock`]. Apart from `sitting`, pure: no
//! clock, no terminal, no storage.

mod plan;
mod report;
pub mod sitting;

pub use plan::{
    AdhocOptions, Plan, PlannedQuestion, adhoc_candidates, adhoc_plan, load_plans, parse_plans,
};
pub use report::{
    CheckedItem, MOCK_REPORT_SCHEMA_VERSION, MockReport, PartReport, PastMock, Practice,
    QuestionReport, ScoredPart, VERDICT_THRESHOLDS, Verdict, render_json, render_markdown,
    score_parts,
};

use serde::{Deserialize, Serialize};

use crate::session::MockSnapshot;

/// What the store keeps of a mock: the session as far as it got (to resume it) and, once it
/// is over, its report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub snapshot: MockSnapshot,
    pub report: Option<MockReport>,
}
