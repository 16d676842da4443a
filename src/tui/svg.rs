//! Test support: a drawn buffer as an SVG picture, for the README's screenshots. Every
//! character is placed on its cell, so box drawing and wide characters line up whatever
//! monospace font the viewer has.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const CELL_WIDTH: f64 = 8.4;
const CELL_HEIGHT: f64 = 17.0;
const FONT_SIZE: f64 = 14.0;
const BACKGROUND: &str = "#1e1f29";
const FOREGROUND: &str = "#e6e6e6";

/// The xterm-like colours the default theme uses, on a dark background.
fn hex(color: Color) -> Option<String> {
    let named = match color {
        Color::Reset => return None,
        Color::Black => "#000000",
        Color::Red => "#ff5c57",
        Color::Green => "#5af78e",
        Color::Yellow => "#f3f99d",
        Color::Blue => "#3b5bdb",
        Color::Magenta => "#ff6ac1",
        Color::Cyan => "#9aedfe",
        Color::Gray => "#c7c7c7",
        Color::DarkGray => "#808080",
        Color::LightRed => "#ff8a85",
        Color::LightGreen => "#8ff7b0",
        Color::LightYellow => "#f7fbc1",
        Color::LightBlue => "#7ea6ff",
        Color::LightMagenta => "#ff9bd6",
        Color::LightCyan => "#c1f4ff",
        Color::White => "#ffffff",
        Color::Indexed(214) => "#ffaf00",
        Color::Rgb(r, g, b) => return Some(format!("#{r:02x}{g:02x}{b:02x}")),
        Color::Indexed(_) => FOREGROUND,
    };
    Some(named.to_string())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Characters of one style drawn side by side, each at its own cell.
#[derive(Default)]
struct Run {
    attributes: String,
    xs: Vec<String>,
    text: String,
}

impl Run {
    fn flush(&mut self, out: &mut String, baseline: f64) {
        if !self.text.is_empty() {
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{baseline:.1}" {}>{}</text>"#,
                self.xs.join(" "),
                self.attributes,
                escape(&self.text)
            );
        }
        self.xs.clear();
        self.text.clear();
    }
}

/// The buffer as a standalone SVG document.
pub fn render(buffer: &Buffer) -> String {
    let area = buffer.area;
    let width = f64::from(area.width) * CELL_WIDTH;
    let height = f64::from(area.height) * CELL_HEIGHT;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.1} {height:.1}" font-family="'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="{FONT_SIZE}">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" fill="{BACKGROUND}"/>"#
    );
    for y in 0..area.height {
        let top = f64::from(y) * CELL_HEIGHT;
        let baseline = top + CELL_HEIGHT * 0.78;
        let mut run = Run::default();
        let mut skip = 0usize;
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (fg, bg) = if reversed {
                (
                    hex(cell.bg).unwrap_or(BACKGROUND.into()),
                    hex(cell.fg).or(Some(FOREGROUND.into())),
                )
            } else {
                (hex(cell.fg).unwrap_or(FOREGROUND.into()), hex(cell.bg))
            };
            let left = f64::from(x) * CELL_WIDTH;
            if let Some(bg) = bg {
                let _ = writeln!(
                    out,
                    r#"<rect x="{left:.1}" y="{top:.1}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" fill="{bg}"/>"#
                );
            }
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = cell.symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            if symbol.trim().is_empty() {
                run.flush(&mut out, baseline);
                continue;
            }
            let mut attributes = format!(r#"fill="{fg}""#);
            if cell.modifier.contains(Modifier::BOLD) {
                attributes.push_str(r#" font-weight="bold""#);
            }
            if cell.modifier.contains(Modifier::ITALIC) {
                attributes.push_str(r#" font-style="italic""#);
            }
            if cell.modifier.contains(Modifier::DIM) {
                attributes.push_str(r#" opacity="0.6""#);
            }
            if cell.modifier.contains(Modifier::UNDERLINED) {
                attributes.push_str(r#" text-decoration="underline""#);
            }
            if run.attributes != attributes {
                run.flush(&mut out, baseline);
                run.attributes = attributes;
            }
            run.xs.push(format!("{left:.1}"));
            run.text.push_str(symbol);
        }
        run.flush(&mut out, baseline);
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn places_each_character_on_its_cell() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
        buffer.set_string(0, 0, "a<中b", Style::new().fg(Color::Cyan));
        let svg = render(&buffer);
        assert!(
            svg.contains(
                r##"<text x="0.0 8.4 16.8 33.6" y="13.3" fill="#9aedfe">a&lt;中b</text>"##
            ),
            "{svg}"
        );
    }
}
