//! prepdeck: a terminal trainer for product-sense, metrics and behavioral interview questions.
//!
//! The crate is a functional core with thin shells. [`deck`] loads and checks the TOML decks,
//! [`score`] judges an answer against a card's rubric, and [`cli`] prints what they return.
//! Nothing in the core reads the clock or the terminal: time and input are passed in, so every
//! step can be tested without sleeping or a screen.

pub mod cli;
pub mod cohort;
pub mod config;
pub mod deck;
pub mod duration;
pub mod lint;
pub mod mock;
pub mod paths;
pub mod schedule;
pub mod score;
pub mod session;
pub mod store;
pub mod text;
pub mod tui;
