//! Key bindings as data. Each screen lists the keys it handles once, as [`Binding`]s; the
//! same list turns key presses into the screen's actions and draws the footer and the `?`
//! overlay, so the help can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui_textarea::{Input, Key};

/// One key, with or without Ctrl or Shift. For characters (and Shift-Tab) Shift is part of
/// the key (`?`, `G`) and not checked, since terminals differ on whether they report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub code: KeyCode,
    pub ctrl: bool,
    pub shift: bool,
}

impl Chord {
    pub const fn key(code: KeyCode) -> Chord {
        Chord {
            code,
            ctrl: false,
            shift: false,
        }
    }

    /// A non-character key with Shift held, such as Shift-↑.
    pub const fn shifted(code: KeyCode) -> Chord {
        Chord {
            code,
            ctrl: false,
            shift: true,
        }
    }

    pub const fn char(c: char) -> Chord {
        Chord::key(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Chord {
        Chord {
            code: KeyCode::Char(c),
            ctrl: true,
            shift: false,
        }
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        if key.modifiers.contains(KeyModifiers::ALT) {
            return false;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let code = match key.code {
            // Ctrl with a letter arrives as the lowercase or the uppercase letter.
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        let shift_matters = !matches!(code, KeyCode::Char(_) | KeyCode::BackTab);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        code == self.code && ctrl == self.ctrl && (!shift_matters || shift == self.shift)
    }
}

/// A key binding: the chords, how the help writes them, what they do, and the action.
#[derive(Debug, Clone)]
pub struct Binding<A> {
    pub chords: Vec<Chord>,
    pub keys: &'static str,
    pub what: &'static str,
    pub action: A,
    /// Shown in the footer as well as in the `?` overlay, with this shorter wording.
    pub footer: Option<&'static str>,
}

impl<A> Binding<A> {
    pub fn new(chords: &[Chord], keys: &'static str, what: &'static str, action: A) -> Self {
        Binding {
            chords: chords.to_vec(),
            keys,
            what,
            action,
            footer: None,
        }
    }

    /// Also shows the binding in the footer.
    pub fn main(mut self) -> Self {
        self.footer = Some(self.what);
        self
    }

    /// Also shows the binding in the footer, in fewer words.
    pub fn main_as(mut self, short: &'static str) -> Self {
        self.footer = Some(short);
        self
    }
}

/// A binding as the help and the footer show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHelp {
    pub keys: &'static str,
    pub what: &'static str,
    /// The footer's wording, for the keys the footer shows.
    pub footer: Option<&'static str>,
}

/// The help key: F1 always, and `?` too when keys are not being typed as text.
pub fn help_binding<A>(typing: bool, action: A) -> Binding<A> {
    let chords: &[Chord] = if typing {
        &[Chord::key(KeyCode::F(1))]
    } else {
        &[Chord::key(KeyCode::F(1)), Chord::char('?')]
    };
    Binding::new(chords, if typing { "F1" } else { "?/F1" }, "help", action)
}

/// True for a key press; releases and repeats-as-releases from terminals that report them
/// are not actions.
pub fn is_press(key: &KeyEvent) -> bool {
    key.kind != KeyEventKind::Release
}

/// The keys every screen has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    Help,
    Quit,
}

/// The keys every screen has; `quit` says what Ctrl-C does with the work in progress.
pub fn global_keymap(typing: bool, quit: &'static str) -> Vec<Binding<Global>> {
    vec![
        help_binding(typing, Global::Help).main(),
        Binding::new(&[Chord::ctrl('c')], "^C", quit, Global::Quit),
    ]
}

/// What a key press is, once the keys every screen shares have had their turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    /// Ctrl-C: stop, keeping the work.
    Quit,
    /// The help overlay used it (opened or closed it, or it was pressed while help was open).
    Taken,
    /// The screen's own key.
    ForScreen,
}

/// Gives the keys every screen shares their turn: F1 (or `?` when not typing) toggles the
/// help overlay, which Esc or `q` also closes and which swallows other keys while open;
/// Ctrl-C quits from anywhere.
pub fn shared_key(key: &KeyEvent, typing: bool, help_open: &mut bool) -> Shared {
    match action_for(&global_keymap(typing, ""), key) {
        Some(Global::Quit) => Shared::Quit,
        Some(Global::Help) => {
            *help_open = !*help_open;
            Shared::Taken
        }
        None if *help_open => {
            if matches!(key.code, KeyCode::Esc | KeyCode::Char('q')) {
                *help_open = false;
            }
            Shared::Taken
        }
        None => Shared::ForScreen,
    }
}

/// The editor's reading of a key typed into an answer. A bare line feed (Ctrl-J) is a new
/// line, as the terminals that send it for Enter mean it, rather than the editor's own
/// "delete to the start of the line", which would silently wipe what was just written.
pub fn editor_input(key: &KeyEvent) -> Input {
    match Input::from(*key) {
        Input {
            key: Key::Char('j'),
            ctrl: true,
            alt: false,
            ..
        } => Input {
            key: Key::Enter,
            ctrl: false,
            alt: false,
            shift: false,
        },
        input => input,
    }
}

/// The action bound to `key`, if any.
pub fn action_for<A: Clone>(bindings: &[Binding<A>], key: &KeyEvent) -> Option<A> {
    bindings
        .iter()
        .find(|b| b.chords.iter().any(|c| c.matches(key)))
        .map(|b| b.action.clone())
}

pub fn help<A>(bindings: &[Binding<A>]) -> Vec<KeyHelp> {
    bindings
        .iter()
        .map(|b| KeyHelp {
            keys: b.keys,
            what: b.what,
            footer: b.footer,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn chords_match_with_and_without_ctrl() {
        let bindings = vec![
            Binding::new(
                &[Chord::char('q'), Chord::key(KeyCode::Esc)],
                "q",
                "back",
                1,
            ),
            Binding::new(&[Chord::ctrl('s')], "^S", "submit", 2).main(),
            Binding::new(&[Chord::char('?')], "?", "help", 3),
        ];
        let find = |code, modifiers| action_for(&bindings, &press(code, modifiers));
        assert_eq!(find(KeyCode::Char('q'), KeyModifiers::NONE), Some(1));
        assert_eq!(find(KeyCode::Esc, KeyModifiers::NONE), Some(1));
        assert_eq!(find(KeyCode::Char('q'), KeyModifiers::CONTROL), None);
        assert_eq!(find(KeyCode::Char('s'), KeyModifiers::CONTROL), Some(2));
        assert_eq!(find(KeyCode::Char('S'), KeyModifiers::CONTROL), Some(2));
        assert_eq!(find(KeyCode::Char('s'), KeyModifiers::NONE), None);
        assert_eq!(find(KeyCode::Char('?'), KeyModifiers::SHIFT), Some(3));
        assert_eq!(find(KeyCode::Char('q'), KeyModifiers::ALT), None);
        let arrows = vec![
            Binding::new(&[Chord::shifted(KeyCode::Up)], "S-↑", "scroll", 1),
            Binding::new(&[Chord::key(KeyCode::BackTab)], "S-Tab", "back", 2),
        ];
        let find = |code, modifiers| action_for(&arrows, &press(code, modifiers));
        assert_eq!(find(KeyCode::Up, KeyModifiers::SHIFT), Some(1));
        assert_eq!(find(KeyCode::Up, KeyModifiers::NONE), None);
        assert_eq!(find(KeyCode::BackTab, KeyModifiers::SHIFT), Some(2));
        let shown = help(&bindings);
        assert_eq!(shown.len(), 3);
        assert!(shown[1].footer.is_some() && shown[0].footer.is_none());
    }

    #[test]
    fn shared_keys_open_and_close_help_and_quit_from_anywhere() {
        let mut help_open = false;
        let key = |code| press(code, KeyModifiers::NONE);
        let shared = |k: KeyEvent, typing, open: &mut bool| shared_key(&k, typing, open);
        assert_eq!(
            shared(key(KeyCode::Char('?')), false, &mut help_open),
            Shared::Taken
        );
        assert!(help_open);
        assert_eq!(
            shared(key(KeyCode::Char('x')), false, &mut help_open),
            Shared::Taken,
            "help swallows other keys"
        );
        assert_eq!(
            shared(key(KeyCode::Esc), false, &mut help_open),
            Shared::Taken
        );
        assert!(!help_open);
        assert_eq!(
            shared(key(KeyCode::Char('?')), true, &mut help_open),
            Shared::ForScreen,
            "`?` is text while typing"
        );
        assert_eq!(
            shared(key(KeyCode::F(1)), true, &mut help_open),
            Shared::Taken
        );
        assert_eq!(
            shared(
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                true,
                &mut help_open
            ),
            Shared::Quit
        );
    }

    #[test]
    fn a_line_feed_is_a_new_line_in_the_editor() {
        let line_feed = press(KeyCode::Char('j'), KeyModifiers::CONTROL);
        assert_eq!(editor_input(&line_feed).key, Key::Enter);
        assert!(!editor_input(&line_feed).ctrl);
        let plain = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(editor_input(&plain).key, Key::Char('j'));
    }

    #[test]
    fn releases_are_not_presses() {
        let mut key = press(KeyCode::Char('a'), KeyModifiers::NONE);
        assert!(is_press(&key));
        key.kind = KeyEventKind::Release;
        assert!(!is_press(&key));
    }
}
