//! Drill and mock-interview sessions as pure state machines: a timed, sectioned answer being
//! written, or a mock's questions asked one after another under one clock. The clock
//! is an argument (`now`, a reading of the caller's monotonic clock as a [`Duration`] since
//! an origin the caller picks), never read here, so every transition is testable without
//! sleeping. A finished session yields an [`Attempt`]: the answer as the Markdown the scorer
//! reads, with the words per section and the time used.
//!
//! [`Duration`]: std::time::Duration

mod drill;
pub mod mock;
mod stopwatch;

pub use drill::{
    Attempt, Draft, DraftSection, Drill, Event, Finish, MAX_ANSWER_CHARS, Phase, Policy, Shape,
    Slot, Timer, TimerLevel,
};
pub use mock::{
    MAX_PAUSES, Mock, MockEnd, MockEvent, MockPhase, MockSnapshot, Mode, Part, PartEnd, PartResult,
};
pub use stopwatch::Stopwatch;
