//! A stopwatch that can be paused, read against a clock the caller passes in.

use std::time::Duration;

/// Elapsed time with pauses taken out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopwatch {
    /// Time counted before the current run.
    banked: Duration,
    /// When the current run started, if the stopwatch is running.
    running_since: Option<Duration>,
}

impl Stopwatch {
    /// A stopwatch that has already counted `banked` and starts running at `now`.
    pub fn start(banked: Duration, now: Duration) -> Self {
        Stopwatch {
            banked,
            running_since: Some(now),
        }
    }

    pub fn elapsed(&self, now: Duration) -> Duration {
        self.banked
            + self
                .running_since
                .map_or(Duration::ZERO, |since| now.saturating_sub(since))
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    pub fn pause(&mut self, now: Duration) {
        self.banked = self.elapsed(now);
        self.running_since = None;
    }

    pub fn resume(&mut self, now: Duration) {
        if self.running_since.is_none() {
            self.running_since = Some(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn pauses_take_time_out() {
        let mut watch = Stopwatch::start(secs(5), secs(100));
        assert_eq!(watch.elapsed(secs(110)), secs(15));
        watch.pause(secs(110));
        assert_eq!(watch.elapsed(secs(500)), secs(15));
        watch.resume(secs(500));
        watch.resume(secs(501));
        assert_eq!(watch.elapsed(secs(510)), secs(25));
    }

    #[test]
    fn a_clock_reading_before_the_start_counts_as_no_time() {
        let watch = Stopwatch::start(Duration::ZERO, secs(10));
        assert_eq!(watch.elapsed(secs(9)), Duration::ZERO);
    }
}
