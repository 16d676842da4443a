//! Text hygiene shared by every room: stripping terminal control characters from deck and
//! answer text before it is drawn, and counting words.

/// True for characters that can drive a terminal: C0 controls other than newline and tab,
/// DEL, and the C1 range (which some terminals read as escape sequences).
pub fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// True when `text` holds any character [`is_control`] rejects.
pub fn has_control(text: &str) -> bool {
    text.chars().any(is_control)
}

/// Removes terminal control characters and the printable remainder of any ANSI escape
/// sequence they introduced, so `"\x1b[31mred"` becomes `"red"` rather than `"[31mred"`.
pub fn strip_control(text: &str) -> String {
    if !has_control(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' || c == '\u{9b}' {
            skip_escape_sequence(c, &mut chars);
        } else if !is_control(c) {
            out.push(c);
        }
    }
    out
}

fn skip_escape_sequence(introducer: char, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    let csi = introducer == '\u{9b}' || chars.next_if_eq(&'[').is_some();
    if csi {
        // CSI: parameter and intermediate bytes, then one final byte in @..~.
        for c in chars.by_ref() {
            if ('@'..='~').contains(&c) {
                break;
            }
        }
    } else if chars.next_if_eq(&']').is_some() {
        // OSC: runs to BEL or ST (ESC \).
        while let Some(c) = chars.next() {
            if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                break;
            }
        }
    } else {
        // A two-character escape such as ESC c (reset).
        chars.next();
    }
}

/// Counts whitespace-separated words, the measure used for section lengths.
pub fn word_count(text: &str) -> usize {
    // Scoring counts every line of every answer: counting word starts in one pass over the
    // bytes, decoding only non-ASCII characters, is several times faster than
    // `split_whitespace().count()`, and counts the same.
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let (space, width) = if byte.is_ascii() {
            // U+0009 to U+000D and U+0020: the ASCII characters `char::is_whitespace` accepts.
            (matches!(byte, b'\t'..=b'\r' | b' '), 1)
        } else {
            match text[at..].chars().next() {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => break,
            }
        };
        count += usize::from(!space && !in_word);
        in_word = !space;
        at += width;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_csi_osc_and_bare_controls() {
        assert_eq!(strip_control("\u{1b}[31mred\u{1b}[0m text"), "red text");
        assert_eq!(strip_control("a\u{1b}]0;title\u{7}b"), "ab");
        assert_eq!(
            strip_control("bell\u{7} and \u{9b}2Jclear"),
            "bell and clear"
        );
        assert_eq!(
            strip_control("keeps\ttabs\nand lines"),
            "keeps\ttabs\nand lines"
        );
    }

    #[test]
    fn detects_controls() {
        assert!(has_control("x\u{1b}[2J"));
        assert!(has_control("\u{85}"));
        assert!(!has_control("plain — text, ünïcode, 中文 🙂\n"));
    }

    #[test]
    fn counts_words() {
        assert_eq!(word_count("  one two\nthree\t four "), 4);
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("a\x0Bb\x0Cc\rd"), 4);
        assert_eq!(word_count("naïve  café\u{a0}au lait"), 4);
    }
}
