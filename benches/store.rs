//! The store's speed with a long history: 10,000 reviews (each with its attempt, a
//! two-kilobyte answer and every rubric item's verdict). Opening the database and computing
//! the due queue and the statistics must take under 20 ms (median).

#[path = "support/history.rs"]
mod history;

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use history::{history, now};
use prepdeck::config::ScheduleSettings;
use prepdeck::deck::{Bank, DeckSources};
use prepdeck::store::{QueueOptions, Store};

const REVIEWS: usize = 10_000;

fn main() {
    divan::main();
}

static BANK: LazyLock<Bank> = LazyLock::new(|| {
    Bank::load(&DeckSources {
        bundled: true,
        ..DeckSources::default()
    })
});

/// A database holding `REVIEWS` reviews, built once through `import` (one transaction).
static HISTORY: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("prepdeck.sqlite3");
    let mut store = Store::open_at(&path).expect("a new database");
    store
        .import(&history(&BANK, REVIEWS), "bench")
        .expect("the generated history imports");
    (dir, path)
});

#[divan::bench(sample_count = 40)]
fn open_queue_and_stats(bencher: Bencher) {
    let path = &HISTORY.1;
    let settings = ScheduleSettings::default();
    bencher.bench(|| {
        let store = Store::open_at(path).expect("the database opens");
        let scheduler = store.scheduler(&settings).expect("a scheduler");
        let queue = store
            .due_queue(&BANK, now(), &QueueOptions::new(&settings))
            .expect("a queue");
        let stats = store.stats(&BANK, &scheduler, now()).expect("statistics");
        assert_eq!(stats.reviews as usize, REVIEWS);
        (queue, stats)
    });
}
