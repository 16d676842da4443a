//! Colours and emphasis. The default theme uses the 16 named colours plus one 256-colour
//! amber; the monochrome theme (`ui.theme = "mono"`, or forced by `NO_COLOR`) says the same
//! things with bold, reverse and underline alone, so it stays readable on any terminal.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub accent: Style,
    pub border: Style,
    pub focus_border: Style,
    pub selected: Style,
    pub good: Style,
    pub partial: Style,
    pub bad: Style,
    /// The countdown with a fifth of the time or less left.
    pub warn: Style,
    /// Overtime.
    pub over: Style,
    /// Characters a search matched.
    pub matched: Style,
    /// Elapsed part of the pacing bar and filled part of gauges.
    pub filled: Style,
    pub key: Style,
    pub mono: bool,
}

impl Theme {
    /// The theme for a `ui.theme` setting; `no_color` (the `NO_COLOR` convention) forces mono.
    pub fn pick(setting: &str, no_color: bool) -> Theme {
        if no_color || setting == "mono" {
            Theme::mono()
        } else {
            Theme::colour()
        }
    }

    pub fn colour() -> Theme {
        let plain = Style::new();
        Theme {
            text: plain,
            dim: plain.fg(Color::DarkGray),
            title: plain.add_modifier(Modifier::BOLD),
            accent: plain.fg(Color::Cyan),
            border: plain.fg(Color::DarkGray),
            focus_border: plain.fg(Color::Cyan),
            selected: plain.bg(Color::Blue).fg(Color::White),
            good: plain.fg(Color::Green),
            partial: plain.fg(Color::Yellow),
            bad: plain.fg(Color::Red),
            warn: plain.fg(Color::Indexed(214)).add_modifier(Modifier::BOLD),
            over: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
            matched: plain.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            filled: plain.fg(Color::Cyan),
            key: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            mono: false,
        }
    }

    pub fn mono() -> Theme {
        let plain = Style::new();
        Theme {
            text: plain,
            dim: plain.add_modifier(Modifier::DIM),
            title: plain.add_modifier(Modifier::BOLD),
            accent: plain.add_modifier(Modifier::BOLD),
            border: plain,
            focus_border: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            good: plain.add_modifier(Modifier::BOLD),
            partial: plain,
            bad: plain.add_modifier(Modifier::UNDERLINED),
            warn: plain.add_modifier(Modifier::BOLD),
            over: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            matched: plain.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            filled: plain,
            key: plain.add_modifier(Modifier::BOLD),
            mono: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_forces_mono() {
        assert!(Theme::pick("default", true).mono);
        assert!(Theme::pick("mono", false).mono);
        assert!(!Theme::pick("default", false).mono);
    }

    #[test]
    fn mono_uses_no_colour() {
        let theme = Theme::mono();
        for style in [
            theme.text,
            theme.dim,
            theme.selected,
            theme.good,
            theme.bad,
            theme.warn,
            theme.over,
            theme.matched,
            theme.filled,
        ] {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
    }
}
