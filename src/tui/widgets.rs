//! Pieces every screen uses: panels, width-aware wrapping and truncation (so CJK and emoji
//! line up), the footer, the key-help overlay, text bars, the "terminal too small" notice,
//! and the terminal cursor placed in an editor.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::keys::KeyHelp;
use super::theme::Theme;
use crate::session::Shape;
use crate::store::ConceptStat;

/// The smallest terminal the trainer draws into.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// A bordered panel with a title; the focused one stands out.
pub fn panel<'a>(title: impl Into<Line<'a>>, theme: &Theme, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(if focused {
            theme.focus_border
        } else {
            theme.border
        })
        .title(
            title
                .into()
                .style(if focused { theme.title } else { theme.text }),
        )
}

/// The weakest concepts, as Home and Stats show them: how often each was missed (a partial
/// counts) out of the attempts that judged it, as `prepdeck stats` words it. They are
/// ordered by a smoothed rate, so one miss does not outrank a habit, but the counts are
/// what is shown: a smoothed share after one attempt reads as a measurement it is not.
pub fn weakest_panel(frame: &mut Frame, area: Rect, weakest: &[ConceptStat], theme: &Theme) {
    let inner = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = if weakest.is_empty() {
        vec![Line::styled("No misses recorded yet.", theme.dim)]
    } else {
        let counts: Vec<String> = weakest
            .iter()
            .map(|c| format!("{}/{}", c.misses + c.partials, c.attempts))
            .collect();
        let count_width = counts.iter().map(|c| width(c)).max().unwrap_or(0);
        weakest
            .iter()
            .zip(&counts)
            .map(|(concept, count)| {
                Line::from(vec![
                    Span::styled(format!("{count:>count_width$} "), theme.bad),
                    Span::styled(
                        truncate(&concept.desc, inner.saturating_sub(count_width + 1)),
                        theme.text,
                    ),
                ])
            })
            .collect()
    };
    let title = " Weakest concepts · missed/tried ";
    frame.render_widget(
        Paragraph::new(Text::from(lines)).block(panel(title, theme, false)),
        area,
    );
}

/// Display width of a string in terminal cells.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to at most `max` cells, ending with `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// Joins the hard line breaks of text written in a TOML file, so it wraps to the screen;
/// blank lines and lines that start a list item keep their breaks.
pub fn reflow(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        let starts_item = trimmed.starts_with(['-', '*', '•'])
            || trimmed
                .split_once(['.', ')'])
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        let previous_blank = out.ends_with('\n') || out.is_empty();
        if i > 0 {
            if trimmed.is_empty() {
                if !out.ends_with('\n') {
                    out.push_str("\n\n");
                }
                continue;
            }
            if starts_item || previous_blank {
                if !previous_blank {
                    out.push('\n');
                }
            } else {
                out.push(' ');
            }
        }
        out.push_str(trimmed);
    }
    out
}

/// Word-wraps `text` to lines of at most `max` cells, keeping its own line breaks. A word
/// longer than a line is split wherever it must be.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ') {
            let word_width = width(word);
            let gap = usize::from(!line.is_empty());
            if used + gap + word_width <= max {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > max && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// A bar of `cells` cells, `ratio` of them filled.
pub fn bar(ratio: f64, cells: usize) -> (String, String) {
    let filled = ((ratio.clamp(0.0, 1.0) * cells as f64).round() as usize).min(cells);
    ("█".repeat(filled), "░".repeat(cells - filled))
}

/// The footer: the main keys of the screen, as many as fit.
pub fn footer(helps: &[KeyHelp], theme: &Theme, max: u16) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (keys, what) in helps.iter().filter_map(|h| h.footer.map(|f| (h.keys, f))) {
        let cost = width(keys) + width(what) + 3;
        if used + cost > usize::from(max) {
            break;
        }
        spans.push(Span::styled(format!(" {keys}"), theme.key));
        spans.push(Span::styled(format!(" {what} "), theme.dim));
        used += cost;
    }
    Line::from(spans)
}

/// What the bottom line and the help overlay show for the screen on top.
pub struct Chrome<'a> {
    pub name: &'a str,
    /// Keys are text being typed, so help is on F1 rather than `?`.
    pub typing: bool,
    pub helps: &'a [KeyHelp],
    pub global: &'a [KeyHelp],
    /// Shown instead of the main keys.
    pub notice: Option<&'a str>,
    pub help_open: bool,
}

/// Draws the bottom line (the notice or the screen's main keys, and the help key with the
/// screen's name) into `foot`, and the help overlay when it is open.
pub fn draw_chrome(frame: &mut Frame, foot: Rect, chrome: &Chrome, theme: &Theme) {
    let [keys, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width(chrome.name) as u16 + 12),
    ])
    .areas(foot);
    match chrome.notice {
        Some(notice) => frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", truncate(notice, usize::from(keys.width) - 1)),
                theme.warn,
            )),
            keys,
        ),
        None => frame.render_widget(
            Paragraph::new(footer(chrome.helps, theme, keys.width)),
            keys,
        ),
    }
    let help_key = if chrome.typing { "F1" } else { "?" };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{help_key} "), theme.key),
            Span::styled(format!("help · {} ", chrome.name), theme.dim),
        ]))
        .right_aligned(),
        right,
    );
    if chrome.help_open {
        help_overlay(frame, chrome.name, chrome.helps, chrome.global, theme);
    }
}

/// A rectangle of at most `w`×`h` in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// The `?` overlay: every key of the screen, then the keys that work everywhere.
pub fn help_overlay(
    frame: &mut Frame,
    screen: &str,
    helps: &[KeyHelp],
    global: &[KeyHelp],
    theme: &Theme,
) {
    let keys_width = helps
        .iter()
        .chain(global)
        .map(|h| width(h.keys))
        .max()
        .unwrap_or(0);
    let mut rows = Vec::new();
    let section = |title: &str, helps: &[KeyHelp], rows: &mut Vec<HelpRow>| {
        rows.push(HelpRow::Title(Line::styled(title.to_string(), theme.title)));
        for help in helps {
            rows.push(HelpRow::Key(Line::from(vec![
                Span::styled(
                    format!("  {:<keys_width$}", help.keys, keys_width = keys_width),
                    theme.key,
                ),
                Span::styled(format!("  {}", help.what), theme.text),
            ])));
        }
    };
    section(&format!("{screen} keys"), helps, &mut rows);
    rows.push(HelpRow::Gap);
    section("Everywhere", global, &mut rows);

    let area = frame.area();
    let one_column = rows.len() as u16 + 2;
    // A popup taller than half the screen hides most of what its keys act on (at 80×24,
    // Home's panel titles), so the list flows into two columns when they fit across.
    let lines = match two_columns(rows.clone()) {
        Some(lines) if one_column * 2 > area.height && fits_across(&lines, area) => lines,
        _ => rows.into_iter().map(HelpRow::into_line).collect(),
    };
    let content_width = lines.iter().map(Line::width).max().unwrap_or(20) as u16;
    let popup = centered(area, content_width + 4, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(Text::from(lines)).block(panel(" Help · Esc closes ", theme, true)),
        popup,
    );
}

/// The space between the help's two columns.
const HELP_COLUMN_GAP: usize = 3;

#[derive(Clone)]
enum HelpRow {
    Title(Line<'static>),
    Key(Line<'static>),
    Gap,
}

impl HelpRow {
    fn into_line(self) -> Line<'static> {
        match self {
            HelpRow::Title(line) | HelpRow::Key(line) => line,
            HelpRow::Gap => Line::default(),
        }
    }
}

/// The help rows side by side, the first half on the left. The section titles set the
/// sections apart, so the blank row between them goes, and a title never ends the left
/// column. `None` when there is nothing to split.
fn two_columns(rows: Vec<HelpRow>) -> Option<Vec<Line<'static>>> {
    let mut rows: Vec<HelpRow> = rows
        .into_iter()
        .filter(|row| !matches!(row, HelpRow::Gap))
        .collect();
    let mut split = rows.len().div_ceil(2);
    if split > 0 && matches!(rows[split - 1], HelpRow::Title(_)) {
        split -= 1;
    }
    let right = rows.split_off(split);
    if rows.is_empty() || right.is_empty() {
        return None;
    }
    let left: Vec<Line> = rows.into_iter().map(HelpRow::into_line).collect();
    let right: Vec<Line> = right.into_iter().map(HelpRow::into_line).collect();
    let right_start = left.iter().map(Line::width).max().unwrap_or(0) + HELP_COLUMN_GAP;
    let height = left.len().max(right.len());
    let mut left = left.into_iter();
    let mut right = right.into_iter();
    Some(
        (0..height)
            .map(|_| {
                let mut line = left.next().unwrap_or_default();
                if let Some(beside) = right.next() {
                    line.spans
                        .push(Span::raw(" ".repeat(right_start - line.width())));
                    line.spans.extend(beside.spans);
                }
                line
            })
            .collect(),
    )
}

/// Whether help lines fit the screen with the popup's border and margin.
fn fits_across(lines: &[Line], area: Rect) -> bool {
    lines.iter().map(Line::width).max().unwrap_or(0) + 4 <= usize::from(area.width)
}

/// A large popup of wrapped text, scrolled `scroll` lines down (clamped to the end).
pub fn text_popup(frame: &mut Frame, title: &str, text: &str, scroll: usize, theme: &Theme) {
    let screen = frame.area();
    let area = centered(
        screen,
        screen.width.saturating_sub(8).min(100),
        screen.height.saturating_sub(4),
    );
    let inner_width = usize::from(area.width.saturating_sub(2));
    let visible = usize::from(area.height.saturating_sub(2));
    let lines = wrap(&crate::text::strip_control(text), inner_width);
    let scroll = scroll.min(lines.len().saturating_sub(visible));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(visible)
        .map(|l| Line::styled(l, theme.text))
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(Text::from(shown)).block(panel(title.to_string(), theme, true)),
        area,
    );
}

/// Drawn instead of a screen when the terminal is below 80×24.
pub fn too_small(frame: &mut Frame, theme: &Theme) {
    let area = frame.area();
    let lines = vec![
        Line::styled("Terminal too small", theme.title),
        Line::styled(
            format!(
                "prepdeck needs {MIN_WIDTH}×{MIN_HEIGHT}; this is {}×{}.",
                area.width, area.height
            ),
            theme.text,
        ),
        Line::styled("Enlarge the window; q quits.", theme.dim),
    ];
    let box_area = centered(area, area.width, lines.len() as u16);
    frame.render_widget(
        Paragraph::new(Text::from(lines)).alignment(ratatui::layout::Alignment::Center),
        box_area,
    );
}

/// A line of text with the characters at `indices` (char positions) in `hit` style.
pub fn highlighted(text: &str, indices: &[usize], base: Style, hit: Style) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (i, c) in text.chars().enumerate() {
        let is_hit = indices.binary_search(&i).is_ok();
        if is_hit != run_hit && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hit { hit } else { base },
            ));
        }
        run_hit = is_hit;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hit { hit } else { base }));
    }
    Line::from(spans)
}

/// Puts the terminal's cursor where the editor drawn in `inner` takes text, so input methods
/// and screen readers follow the typing.
/// An answer editor holding `text`, shared by the drill and the mock so both read the same:
/// prose wraps at word boundaries (a long answer must stay readable without sideways
/// scrolling), a number stays on its one line, and the cursor starts after the text, since
/// whatever is typed next continues a resumed answer rather than being put in front of it.
pub fn answer_editor(text: &str, shape: Shape) -> TextArea<'static> {
    let mut editor: TextArea<'static> = if text.is_empty() {
        TextArea::default()
    } else {
        text.split('\n').collect()
    };
    editor.set_cursor_line_style(Style::new());
    editor.set_wrap_mode(if shape == Shape::Numeric {
        WrapMode::None
    } else {
        WrapMode::WordOrGlyph
    });
    editor.set_placeholder_text(match shape {
        Shape::Numeric => "Type a number",
        _ => "Start typing…",
    });
    editor.set_max_histories(200);
    editor.move_cursor(CursorMove::Bottom);
    editor.move_cursor(CursorMove::End);
    editor
}

pub fn editor_cursor(frame: &mut Frame, editor: &TextArea, inner: Rect) {
    let cursor = editor.screen_cursor();
    let (top_row, top_col) = editor.scroll_offset();
    let row = cursor.row.saturating_sub(usize::from(top_row));
    let col = cursor.col.saturating_sub(usize::from(top_col));
    if row < usize::from(inner.height) && col < usize::from(inner.width) {
        frame.set_cursor_position((inner.x + col as u16, inner.y + row as u16));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        assert_eq!(wrap("中文字符测试", 5), ["中文", "字符", "测试"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        for line in wrap("emoji 🙂🙂🙂 and 中文 words mixed in a sentence", 9) {
            assert!(width(&line) <= 9, "{line}");
        }
    }

    #[test]
    fn reflows_hard_breaks_but_keeps_paragraphs_and_lists() {
        assert_eq!(reflow("one\ntwo\n\n\nthree"), "one two\n\nthree");
        assert_eq!(reflow("List:\n- a\n- b\n1. c"), "List:\n- a\n- b\n1. c");
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a longer title", 8), "a longe…");
        assert_eq!(truncate("中文中文中文", 7), "中文中…");
        assert!(width(&truncate("中文中文中文", 6)) <= 6);
    }

    #[test]
    fn bars_fill_their_share() {
        assert_eq!(bar(0.5, 4), ("██".to_string(), "░░".to_string()));
        assert_eq!(bar(2.0, 3).0.chars().count(), 3);
    }

    #[test]
    fn highlights_matched_characters() {
        let line = highlighted("carpool", &[0, 1, 4], Style::new(), Style::new().bold());
        let parts: Vec<&str> = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(parts, ["ca", "rp", "o", "ol"]);
    }
}
