//! The database schema and its forward migrations. `PRAGMA user_version` holds the number of
//! migrations applied; each migration runs once, in order, inside the opening transaction.
//! A migration is never edited once released: a change is a new migration appended here.

/// Every migration, oldest first; the schema version is their count.
pub const MIGRATIONS: &[&str] = &[V1, V2];

/// The schema version this prepdeck writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Times are Unix milliseconds (UTC); `day` columns are the local calendar day as
/// `YYYY-MM-DD`, fixed when the row was written, for daily limits and per-day statistics.
const V1: &str = "
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    card_id TEXT NOT NULL,
    card_hash TEXT NOT NULL,
    mode TEXT NOT NULL,
    at INTEGER NOT NULL,
    day TEXT NOT NULL,
    answers TEXT NOT NULL CHECK (json_valid(answers)),
    time_used_ms INTEGER NOT NULL CHECK (time_used_ms >= 0),
    hints_used INTEGER NOT NULL CHECK (hints_used >= 0),
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    suggested TEXT NOT NULL CHECK (suggested IN ('again', 'hard', 'good', 'easy')),
    flags TEXT NOT NULL CHECK (json_valid(flags))
);
CREATE INDEX attempts_by_card ON attempts (card_id, at);
CREATE INDEX attempts_by_day ON attempts (day);

CREATE TABLE item_results (
    attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    card_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('card', 'framework')),
    description TEXT NOT NULL,
    weight INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('hit', 'partial', 'miss')),
    credit REAL NOT NULL,
    PRIMARY KEY (attempt_id, position)
) WITHOUT ROWID;

-- Hits and misses per concept (rubric item id) and card, kept by the triggers below, so the
-- weakest concepts are found without reading every item result.
CREATE TABLE concept_tallies (
    item_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    description TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    hits INTEGER NOT NULL,
    partials INTEGER NOT NULL,
    misses INTEGER NOT NULL,
    PRIMARY KEY (item_id, card_id)
) WITHOUT ROWID;
CREATE INDEX concept_tallies_by_card ON concept_tallies (card_id);

CREATE TRIGGER item_results_tally AFTER INSERT ON item_results BEGIN
    INSERT INTO concept_tallies (item_id, card_id, description, attempts, hits, partials, misses)
    VALUES (NEW.item_id, NEW.card_id, NEW.description, 1, NEW.status = 'hit',
            NEW.status = 'partial', NEW.status = 'miss')
    ON CONFLICT (item_id, card_id) DO UPDATE SET
        description = excluded.description,
        attempts = attempts + 1,
        hits = hits + excluded.hits,
        partials = partials + excluded.partials,
        misses = misses + excluded.misses;
END;

CREATE TRIGGER item_results_untally AFTER DELETE ON item_results BEGIN
    UPDATE concept_tallies SET
        attempts = attempts - 1,
        hits = hits - (OLD.status = 'hit'),
        partials = partials - (OLD.status = 'partial'),
        misses = misses - (OLD.status = 'miss')
    WHERE item_id = OLD.item_id AND card_id = OLD.card_id;
    DELETE FROM concept_tallies
    WHERE item_id = OLD.item_id AND card_id = OLD.card_id AND attempts <= 0;
END;

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    card_id TEXT NOT NULL,
    attempt_id INTEGER REFERENCES attempts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('new', 'review', 'relearning')),
    rating TEXT NOT NULL CHECK (rating IN ('again', 'hard', 'good', 'easy')),
    suggested TEXT CHECK (suggested IN ('again', 'hard', 'good', 'easy')),
    at INTEGER NOT NULL,
    day TEXT NOT NULL,
    state_before TEXT CHECK (state_before IS NULL OR json_valid(state_before)),
    state_after TEXT NOT NULL CHECK (json_valid(state_after))
);
CREATE INDEX reviews_by_card ON reviews (card_id, at);
CREATE INDEX reviews_by_day ON reviews (day, kind);
CREATE INDEX reviews_by_time ON reviews (at);
CREATE INDEX reviews_by_attempt ON reviews (attempt_id);

CREATE TABLE card_states (
    card_id TEXT PRIMARY KEY,
    stability REAL NOT NULL,
    difficulty REAL NOT NULL,
    phase TEXT NOT NULL CHECK (phase IN ('review', 'relearning')),
    due INTEGER NOT NULL,
    last_review INTEGER NOT NULL,
    last_day TEXT NOT NULL,
    interval_days INTEGER NOT NULL,
    reps INTEGER NOT NULL,
    lapses INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE drafts (
    card_id TEXT PRIMARY KEY,
    answers TEXT NOT NULL CHECK (json_valid(answers)),
    elapsed_ms INTEGER NOT NULL,
    hints_used INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE mock_sessions (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    plan TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    payload TEXT NOT NULL CHECK (json_valid(payload))
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
";

/// Indexes for the queries the trainer runs at every start, so they read a few rows and not
/// the whole attempts table (each row carries its answer): the newest attempts for the score
/// trend, and each card's latest score (covered by the index, no row read at all).
const V2: &str = "
CREATE INDEX attempts_by_time ON attempts (at, id);
CREATE INDEX attempts_latest_score ON attempts (card_id, at, score);
";
