//! A mock as the store keeps it: its progress saved as it goes (so a crash resumes it), and
//! at the end its report stored and each answered question recorded as a review, as a drill
//! would be. The one part of the mock code that touches the store.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use super::{MockReport, PastMock, Plan, Saved, score_parts};
use crate::config::Config;
use crate::deck::Bank;
use crate::session::{Mock, MockEvent, Mode};
use crate::store::{MockSession, NewAttempt, SectionAnswer, Store, StoreError};

/// How many of the user's weakest concepts steer an ad-hoc mock.
const WEAK_CONCEPTS: usize = 20;

/// A mock being sat: the timed session and the record the store keeps of it.
pub struct Sitting {
    pub mock: Mock,
    pub record: MockSession,
}

/// Begins `plan` as a new mock at `wall`, in `mode`. Nothing is stored until its progress is
/// first saved.
pub fn begin(
    plan: Plan,
    bank: &Bank,
    mode: Mode,
    wall: DateTime<FixedOffset>,
) -> Result<Sitting, String> {
    let record = MockSession::new(&plan.id, wall.to_utc(), serde_json::Value::Null);
    let mock = Mock::start(plan, bank, mode, Duration::ZERO)?;
    Ok(Sitting { mock, record })
}

/// The latest unfinished mock, ready to go on where it stopped.
pub fn resume(store: &Store, bank: &Bank) -> Result<Option<Sitting>, String> {
    let Some((record, saved)) = unfinished(store).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let mock = Mock::resume(saved.snapshot, bank, Duration::ZERO)?;
    Ok(Some(Sitting { mock, record }))
}

/// Ends the unfinished mock, if there is one, where it stopped, and returns its report.
pub fn close_unfinished(
    store: &mut Store,
    bank: &Bank,
    config: &Config,
    wall: DateTime<FixedOffset>,
) -> Result<Option<MockReport>, String> {
    match unfinished(store).map_err(|e| e.to_string())? {
        Some((record, saved)) => close(store, bank, config, &record, saved, wall).map(Some),
        None => Ok(None),
    }
}

/// The ids of the user's weakest concepts, which an ad-hoc mock is drawn toward.
pub fn weak_concepts(store: &Store) -> Result<Vec<String>, StoreError> {
    Ok(store
        .weakest_concepts(WEAK_CONCEPTS)?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// Saves the mock as far as it got at `now` (its own clock), to resume after a crash.
pub fn save_progress(
    store: &mut Store,
    record: &MockSession,
    mock: &Mock,
    now: Duration,
) -> Result<(), StoreError> {
    let mut record = record.clone();
    record.payload = payload(&Saved {
        snapshot: mock.snapshot(now),
        report: None,
    });
    store.save_mock_session(&record)
}

/// Scores a finished mock, records each answered question's card as a review and stores the
/// report; `wall` is when it finished. The error is a sentence for the user.
pub fn finish(
    store: &mut Store,
    bank: &Bank,
    config: &Config,
    record: &MockSession,
    mock: &Mock,
    wall: DateTime<FixedOffset>,
) -> Result<MockReport, String> {
    let fail = |e: StoreError| e.to_string();
    let scored = score_parts(mock.results(), mock.mode(), bank, config.rating);
    let earlier = earlier_mocks(store, &record.uid, mock.mode()).map_err(fail)?;
    let report = MockReport::build(&record.uid, record.started_at, mock, &scored, bank, earlier)
        .ok_or("the mock has not ended, so it has no report yet; `prepdeck mock` resumes it")?;
    let scheduler = store.scheduler(&config.schedule).map_err(fail)?;
    // Follow-ups probe the same card, so only the main answer moves the card's schedule; and
    // only a candidate's own answers move it: in interviewer mode the person at the keyboard
    // is a coach ticking someone else's answers, whose schedule is not theirs.
    let own_answers = mock.mode() == Mode::Candidate;
    for part in scored
        .iter()
        .filter(|p| own_answers && p.result.part.followup.is_none())
    {
        let (Some(report), Some(card)) = (&part.report, bank.card(&part.result.part.card)) else {
            continue;
        };
        let attempt = NewAttempt {
            card,
            answers: SectionAnswer::from_markdown(&part.result.answer, bank.framework_for(card)),
            time_used: part.result.elapsed(),
            report,
            hands_in_draft: false,
        };
        store
            .record_review(&attempt, report.rating, &scheduler, wall)
            .map_err(fail)?;
    }
    let mut finished = record.clone();
    finished.finished_at = Some(wall.to_utc());
    finished.payload = payload(&Saved {
        snapshot: mock.snapshot(Duration::ZERO),
        report: Some(report.clone()),
    });
    store.save_mock_session(&finished).map_err(fail)?;
    Ok(report)
}

/// Ends an unfinished mock where it stopped (what was written is kept, the rest is marked
/// not reached) and finishes it, so it gets its report like any other.
pub fn close(
    store: &mut Store,
    bank: &Bank,
    config: &Config,
    record: &MockSession,
    saved: Saved,
    wall: DateTime<FixedOffset>,
) -> Result<MockReport, String> {
    let mut mock = Mock::resume(saved.snapshot, bank, Duration::ZERO)?;
    mock.update(MockEvent::End, Duration::ZERO);
    finish(store, bank, config, record, &mock, wall)
}

/// The finished mocks in this mode other than `except`, oldest first: the report's trend (a
/// coach's ticks and a candidate's typed answers are not scored alike, so they do not mix).
pub fn earlier_mocks(store: &Store, except: &str, mode: Mode) -> Result<Vec<PastMock>, StoreError> {
    Ok(store
        .mock_sessions()?
        .into_iter()
        .filter(|s| s.uid != except)
        .filter_map(|s| {
            let report = saved(&s)?.report.filter(|r| r.mode == mode)?;
            Some(PastMock {
                id: s.uid,
                at: s.started_at,
                plan: s.plan,
                score: report.score,
            })
        })
        .collect())
}

/// What a stored session holds, when it is in the shape this version writes.
pub fn saved(session: &MockSession) -> Option<Saved> {
    serde_json::from_value(session.payload.clone()).ok()
}

/// The latest mock left unfinished, with what it holds.
pub fn unfinished(store: &Store) -> Result<Option<(MockSession, Saved)>, StoreError> {
    Ok(store
        .mock_sessions()?
        .into_iter()
        .rev()
        .filter(|s| s.finished_at.is_none())
        .find_map(|s| saved(&s).map(|saved| (s, saved))))
}

fn payload(saved: &Saved) -> serde_json::Value {
    // Plain data (strings, numbers, lists) always serializes; `Null` would only hide a bug.
    serde_json::to_value(saved).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::load_plans;
    use crate::session::Mode;

    fn bank() -> Bank {
        Bank::bundled()
    }

    /// The bundled bank, a store in a temporary folder (kept alive by the guard) and the
    /// bundled product-sense plan.
    fn product_sense() -> (Bank, tempfile::TempDir, Store, Plan) {
        let bank = bank();
        let dir = tempfile::tempdir().expect("a temp dir");
        let store = Store::open_at(&dir.path().join("db.sqlite3")).expect("a store");
        let plan = load_plans(&bank)
            .0
            .into_iter()
            .find(|p| p.id == "product-sense")
            .expect("the bundled product-sense plan");
        (bank, dir, store, plan)
    }

    fn wall(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).expect("a valid time")
    }

    #[test]
    fn closing_an_unfinished_mock_reports_it_and_records_the_answered_question() {
        let (bank, _dir, mut store, plan) = product_sense();
        let first_card = plan.questions[0].card.clone();
        let started = wall("2026-03-01T09:00:00+01:00");
        let record = MockSession::new(&plan.id, started.to_utc(), serde_json::Value::Null);
        let mut mock = Mock::start(plan, &bank, Mode::Candidate, Duration::ZERO).expect("starts");
        let answer = "Riders who share rides save money; the goal is more shared rides.";
        mock.update(MockEvent::Edit(answer.into()), Duration::from_secs(30));
        mock.update(MockEvent::Submit, Duration::from_secs(60));
        save_progress(&mut store, &record, &mock, Duration::from_secs(90)).expect("saved");

        let (waiting, saved) = unfinished(&store)
            .expect("read")
            .expect("one is unfinished");
        assert_eq!(waiting.uid, record.uid);
        let report = close(
            &mut store,
            &bank,
            &Config::default(),
            &waiting,
            saved,
            wall("2026-03-01T10:00:00+01:00"),
        )
        .expect("closed");

        assert!(unfinished(&store).expect("read").is_none());
        let trend = earlier_mocks(&store, "a later mock", Mode::Candidate).expect("read");
        assert_eq!(trend.len(), 1);
        assert_eq!(
            (trend[0].id.as_str(), trend[0].score),
            (record.uid.as_str(), report.score)
        );
        assert!(
            earlier_mocks(&store, &record.uid, Mode::Candidate)
                .expect("read")
                .is_empty()
        );
        let sessions = store.mock_sessions().expect("read");
        assert_eq!(sessions.len(), 1);
        assert!(sessions[0].finished_at.is_some());
        assert_eq!(saved_report(&sessions[0]), Some(report.clone()));
        assert_eq!(report.questions[0].card, first_card);
        assert!(
            report.questions[0].parts[0]
                .answer
                .contains("Riders who share rides")
        );
        assert_eq!(
            history(&store, &first_card).reviews.len(),
            1,
            "the answered question is reviewed"
        );
        assert!(
            history(&store, &report.questions[1].card)
                .reviews
                .is_empty()
        );
    }

    #[test]
    fn a_mock_keeps_the_draft_of_a_card_it_asks() {
        let (bank, _dir, mut store, plan) = product_sense();
        let card = crate::deck::CardId::parse(&plan.questions[0].card).expect("a card id");
        let draft = crate::store::Draft {
            card: card.clone(),
            answers: vec![crate::store::SectionAnswer {
                section: "goals".into(),
                text: "A draft written in the trainer.".into(),
            }],
            elapsed: Duration::from_secs(40),
            hints_used: 0,
            updated_at: wall("2026-03-01T08:00:00+01:00").to_utc(),
        };
        store.save_draft(&draft).expect("saved");
        let started = wall("2026-03-01T09:00:00+01:00");
        let record = MockSession::new(&plan.id, started.to_utc(), serde_json::Value::Null);
        let mut mock = Mock::start(plan, &bank, Mode::Candidate, Duration::ZERO).expect("starts");
        mock.update(
            MockEvent::Edit("Shared rides per day.".into()),
            Duration::ZERO,
        );
        mock.update(MockEvent::Submit, Duration::from_secs(60));
        mock.update(MockEvent::End, Duration::from_secs(61));
        finish(
            &mut store,
            &bank,
            &Config::default(),
            &record,
            &mock,
            started,
        )
        .expect("finished");
        assert_eq!(history(&store, card.as_str()).reviews.len(), 1);
        assert_eq!(store.load_draft(&card).expect("read"), Some(draft));
    }

    #[test]
    fn an_interviewers_mock_leaves_the_schedule_alone_and_has_its_own_trend() {
        let (bank, _dir, mut store, plan) = product_sense();
        let first_card = plan.questions[0].card.clone();
        let sit = |store: &mut Store, mode, at: &str| {
            let started = wall(at);
            let record = MockSession::new(&plan.id, started.to_utc(), serde_json::Value::Null);
            let mut mock = Mock::start(plan.clone(), &bank, mode, Duration::ZERO).expect("starts");
            let first_move = match mode {
                Mode::Candidate => MockEvent::Edit("We count shared rides.".into()),
                Mode::Interviewer => MockEvent::Toggle(0),
            };
            mock.update(first_move, Duration::ZERO);
            mock.update(MockEvent::Submit, Duration::from_secs(60));
            mock.update(MockEvent::End, Duration::from_secs(61));
            finish(store, &bank, &Config::default(), &record, &mock, started).expect("finished")
        };
        sit(&mut store, Mode::Interviewer, "2026-03-01T09:00:00+01:00");
        assert!(
            history(&store, &first_card).reviews.is_empty(),
            "a coach's ticks are not the coach's own review"
        );
        let candidate = sit(&mut store, Mode::Candidate, "2026-03-02T09:00:00+01:00");
        assert_eq!(history(&store, &first_card).reviews.len(), 1);
        assert!(
            candidate.trend.is_empty(),
            "the interviewer's mock is not this candidate mock's trend: {:?}",
            candidate.trend
        );
    }

    fn history(store: &Store, card: &str) -> crate::store::CardHistory {
        let id = crate::deck::CardId::parse(card).expect("a card id");
        store.card_history(&id).expect("read")
    }

    fn saved_report(session: &MockSession) -> Option<MockReport> {
        saved(session)?.report
    }
}
