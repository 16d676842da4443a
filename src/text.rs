//! Text hygiene shared by every room: stripping terminal control characters from deck and
//! answer text before it is drawn, and counting words.

/// True for characters that can drive a terminal: C0 controls other than newline and tab,
/// DEL, and the C1 range (which some terminals read as escape sequences).
pub fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// True when `text` holds any character [`is_control`] rejects.
pub fn has_control(text: &str) -> bool {
    if text.is_ascii() {
        // The ASCII controls are C0 and DEL; bytes need no decoding, and folding them all
        // (rather than stopping at the first) lets the compiler test many at once.
        let control = |b: u8| (b < 0x20) & (b != b'\n') & (b != b'\t') | (b == 0x7f);
        return text.bytes().fold(false, |found, b| found | control(b));
    }
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

/// A count with its noun: "1 card", "3 cards".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Counts whitespace-separated words, the measure used for section lengths.
pub fn word_count(text: &str) -> usize {
    // Scoring counts every line of every answer. Words never span lines, and almost every
    // line is ASCII, which is counted byte by byte several times faster than by
    // `split_whitespace`, with the same result.
    if text.is_ascii() {
        return ascii_word_count(text.as_bytes());
    }
    text.split('\n')
        .map(|line| {
            if line.is_ascii() {
                ascii_word_count(line.as_bytes())
            } else {
                line.split_whitespace().count()
            }
        })
        .sum()
}

/// Counts word starts: a non-space byte first, or after a space. Each byte pair is judged on
/// its own and counted in a byte-wide sum per chunk (at most 255 pairs, so it cannot
/// overflow), which lets the compiler judge sixteen pairs at a time.
fn ascii_word_count(line: &[u8]) -> usize {
    // U+0009 to U+000D and the space: the ASCII characters `char::is_whitespace` accepts.
    // Bitwise operators rather than `||` and `&&`, so there is no branch to stop that.
    let is_space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let Some((&first, rest)) = line.split_first() else {
        return 0;
    };
    let after_space: usize = line
        .chunks(255)
        .zip(rest.chunks(255))
        .map(|(before, bytes)| {
            let starts: u8 = before
                .iter()
                .zip(bytes)
                .map(|(&before, &b)| u8::from(is_space(before) & !is_space(b)))
                .sum();
            usize::from(starts)
        })
        .sum();
    usize::from(!is_space(first)) + after_space
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
        assert!(has_control("del\u{7f}"));
        assert!(!has_control("tabs\tand\nlines"));
        assert!(!has_control("plain — text, ünïcode, 中文 🙂\n"));
    }

    #[test]
    fn counts_with_the_right_noun() {
        assert_eq!(counted(1, "card", "cards"), "1 card");
        assert_eq!(counted(0, "card", "cards"), "0 cards");
        assert_eq!(counted(3, "attempt", "attempts"), "3 attempts");
    }

    #[test]
    fn counts_words() {
        assert_eq!(word_count("  one two\nthree\t four "), 4);
        assert_eq!(word_count(""), 0);
        for text in [
            "a\x0Bb\x0Cc\rd",
            "naïve  café\u{a0}au lait",
            "a\u{85}b\u{1680}c\u{2003}d\u{2028}e\u{202f}f\u{205f}g\u{3000}h",
            "© 2024 — “quoted” ‘text’ … 中文 🙂",
            "\u{200b}zero\u{200b}width",
            "line one\nline  two\r\n\n third\n",
            &"a few words, ".repeat(100),
        ] {
            assert_eq!(
                word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}
