//! Mock interview sessions: the session and its report as a JSON payload, so the mock
//! interview code owns the shape and the store only keeps it safe.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::record::new_uid;
use super::{Store, StoreError, json_column, millis, optional_time_column, time_column, to_json};

/// One mock interview, started or finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MockSession {
    /// Unique across databases; saving again with the same uid updates the session.
    pub uid: String,
    /// The mock plan's id.
    pub plan: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// The session and its report, as the mock interview code writes them.
    pub payload: serde_json::Value,
}

impl MockSession {
    /// A new session of `plan` with a fresh uid.
    pub fn new(plan: &str, started_at: DateTime<Utc>, payload: serde_json::Value) -> MockSession {
        MockSession {
            uid: new_uid(),
            plan: plan.to_string(),
            started_at,
            finished_at: None,
            payload,
        }
    }
}

impl Store {
    /// Saves a mock session, replacing the one with the same uid.
    pub fn save_mock_session(&mut self, session: &MockSession) -> Result<(), StoreError> {
        self.write(|tx| {
            upsert(tx, session)?;
            Ok(())
        })
    }

    /// Every mock session, oldest first.
    pub fn mock_sessions(&self) -> Result<Vec<MockSession>, StoreError> {
        self.read(|conn| Ok(read_all(conn)?))
    }
}

pub(super) fn upsert(conn: &Connection, session: &MockSession) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO mock_sessions (uid, plan, started_at, finished_at, payload)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (uid) DO UPDATE SET plan = excluded.plan, started_at = excluded.started_at,
             finished_at = excluded.finished_at, payload = excluded.payload",
        params![
            session.uid,
            session.plan,
            millis(session.started_at),
            session.finished_at.map(millis),
            to_json(&session.payload)?,
        ],
    )?;
    Ok(())
}

pub(super) fn read_all(conn: &Connection) -> rusqlite::Result<Vec<MockSession>> {
    let mut statement = conn.prepare(
        "SELECT uid, plan, started_at, finished_at, payload FROM mock_sessions
         ORDER BY started_at, uid",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(MockSession {
            uid: row.get(0)?,
            plan: row.get(1)?,
            started_at: time_column(row, 2)?,
            finished_at: optional_time_column(row, 3)?,
            payload: json_column(row, 4)?,
        })
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn sessions_are_saved_updated_and_listed() {
        let (_dir, mut store) = store();
        let started = at("2025-03-01T10:00:00Z").to_utc();
        let mut session = MockSession::new("pm-loop", started, serde_json::json!({"cards": 3}));
        store.save_mock_session(&session).unwrap();
        session.finished_at = Some(started + chrono::Duration::minutes(45));
        session.payload = serde_json::json!({"cards": 3, "score": 71});
        store.save_mock_session(&session).unwrap();
        assert_eq!(store.mock_sessions().unwrap(), vec![session]);
    }
}
