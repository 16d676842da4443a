//! Decks: the TOML format, loading the bundled bank and the user's decks, and the located
//! diagnostics of `prepdeck deck check`. Knows nothing of screens or storage.

pub mod bank;
pub mod diag;
mod hash;
pub mod locator;
pub mod model;
pub mod parse;
mod raw;
pub mod scaffold;

pub use bank::{Bank, DeckSources};
pub use diag::{Diagnostic, Severity};
pub use model::*;
pub use parse::Partial;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The content files compiled into the binary, as (file name, text).
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    bundled::BUNDLED
}

/// The name of the content file that holds mock-interview plans rather than a deck.
pub const MOCK_PLANS_FILE: &str = "mocks.toml";
