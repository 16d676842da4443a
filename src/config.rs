//! Settings from `config.toml`: every key optional, every default documented here and
//! printed by `prepdeck config show`. An invalid file is a located error, never ignored.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::deck::diag::{Diagnostic, Severity};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub rating: RatingThresholds,
    pub schedule: ScheduleSettings,
    pub drill: DrillSettings,
    pub ui: UiSettings,
}

/// Score thresholds for the suggested rating: Again below `again_below`, Hard below
/// `hard_below`, Good below `good_below`, Easy from there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RatingThresholds {
    pub again_below: u8,
    pub hard_below: u8,
    pub good_below: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleSettings {
    /// The recall probability FSRS aims for when it picks an interval.
    pub desired_retention: f64,
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// The longest interval the scheduler may give, in days.
    pub max_interval_days: u32,
    /// Failures after which a card is flagged as a leech.
    pub leech_threshold: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DrillSettings {
    /// Multiplies every time limit; 1.5 gives a slower typist half as much time again.
    pub time_multiplier: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiSettings {
    /// "default" or "mono"; `NO_COLOR` forces "mono".
    pub theme: String,
}

impl Default for RatingThresholds {
    fn default() -> Self {
        RatingThresholds {
            again_below: 40,
            hard_below: 65,
            good_below: 85,
        }
    }
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        ScheduleSettings {
            desired_retention: 0.9,
            new_per_day: 5,
            reviews_per_day: 50,
            max_interval_days: 365,
            leech_threshold: 6,
        }
    }
}

impl Default for DrillSettings {
    fn default() -> Self {
        DrillSettings {
            time_multiplier: 1.0,
        }
    }
}

impl Default for UiSettings {
    fn default() -> Self {
        UiSettings {
            theme: "default".into(),
        }
    }
}

impl Config {
    /// Reads the config file; a missing file means every default.
    pub fn load(path: &Path) -> Result<Config, Box<Diagnostic>> {
        let display = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                let reason = crate::deck::bank::io_reason(&e);
                let message = format!("cannot read the config file: {reason}");
                return Err(Box::new(Diagnostic::file(
                    Severity::Error,
                    &display,
                    message,
                )));
            }
        };
        Self::parse(&text, &display)
    }

    pub fn parse(text: &str, display: &str) -> Result<Config, Box<Diagnostic>> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let message = e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid config")
                .trim_end_matches('.')
                .to_string();
            let message = message.replace("unknown field", "unknown setting");
            match e.span() {
                Some(span) => Diagnostic::at(
                    Severity::Error,
                    display,
                    text,
                    span,
                    format!("invalid config: {message}"),
                ),
                None => Diagnostic::file(
                    Severity::Error,
                    display,
                    format!("invalid config: {message}"),
                ),
            }
        })?;
        config.validate().map_err(|message| {
            Diagnostic::file(
                Severity::Error,
                display,
                format!("invalid config: {message}"),
            )
        })?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        let r = &self.rating;
        if !(r.again_below <= r.hard_below && r.hard_below <= r.good_below && r.good_below <= 100) {
            return Err(
                "rating thresholds must rise: again_below <= hard_below <= good_below <= 100"
                    .into(),
            );
        }
        let s = &self.schedule;
        if !(0.7..=0.99).contains(&s.desired_retention) {
            return Err(format!(
                "schedule.desired_retention must be between 0.70 and 0.99, not {}",
                s.desired_retention
            ));
        }
        if s.max_interval_days == 0 || s.leech_threshold == 0 {
            return Err(
                "schedule.max_interval_days and schedule.leech_threshold must be at least 1".into(),
            );
        }
        if !(0.25..=4.0).contains(&self.drill.time_multiplier) {
            return Err(format!(
                "drill.time_multiplier must be between 0.25 and 4, not {}",
                self.drill.time_multiplier
            ));
        }
        if !["default", "mono"].contains(&self.ui.theme.as_str()) {
            return Err(format!(
                "ui.theme must be \"default\" or \"mono\", not \"{}\"",
                self.ui.theme
            ));
        }
        Ok(())
    }

    /// The settings in force, as TOML, for `prepdeck config show`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_all_defaults() {
        assert_eq!(Config::parse("", "c.toml").unwrap(), Config::default());
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let config = Config::parse("[schedule]\nnew_per_day = 10\n", "c.toml").unwrap();
        assert_eq!(config.schedule.new_per_day, 10);
        assert_eq!(config.schedule.reviews_per_day, 50);
    }

    #[test]
    fn errors_are_located() {
        let e = Config::parse("[schedule]\nnew_per_dya = 10\n", "c.toml").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert!(
            e.message.contains("unknown setting `new_per_dya`"),
            "{}",
            e.message
        );
        let e = Config::parse("[rating]\nagain_below = 90\n", "c.toml").unwrap_err();
        assert!(e.message.contains("must rise"));
    }

    #[test]
    fn shown_config_parses_back() {
        let config = Config::default();
        assert_eq!(Config::parse(&config.to_toml(), "c.toml").unwrap(), config);
    }
}
