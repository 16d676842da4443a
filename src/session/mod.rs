//! Drill sessions as pure state machines: a timed, sectioned answer being written. The clock
//! is an argument (`now`, a reading of the caller's monotonic clock as a [`Duration`] since
//! an origin the caller picks), never read here, so every transition is testable without
//! sleeping. A finished session yields an [`Attempt`]: the answer as the Markdown the scorer
//! reads, with the words per section and the time used.
//!
//! [`Duration`]: std::time::Duration

mod drill;
mod stopwatch;

pub use drill::{
    Attempt, Draft, DraftSection, Drill, Event, Finish, MAX_ANSWER_CHARS, Phase, Policy, Shape,
    Slot, Timer, TimerLevel,
};
pub use stopwatch::Stopwatch;
