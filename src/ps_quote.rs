//! Values written into PowerShell that hybridlint prints for people to run (per-finding fixes,
//! `fix`, the "still open" commands of `diagnose`, the HTML report): every value becomes a
//! single-quoted literal, never text inside a double-quoted string, and text written into a
//! comment never leaves the comment. Evidence often comes from someone else; this is what keeps
//! a value in it from becoming code in the admin's shell.
//!
//! PowerShell reads `'` and the typographic ‘ ’ ‚ ‛ all as single quotes, and inside a
//! single-quoted string two of them in a row stand for one. A single-quoted string expands
//! nothing (`$`, backtick and `$(…)` are plain characters), so doubling every one of those five
//! characters is the whole escaping. Line breaks end a `#` comment: in comments they are
//! replaced, so the rest of the value stays on the comment's line.

/// The characters PowerShell accepts as a single quote.
pub const SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// The characters PowerShell accepts as a double quote.
pub const DOUBLE_QUOTES: [char; 4] = ['"', '\u{201C}', '\u{201D}', '\u{201E}'];

/// The characters that end a line for PowerShell or for an editor showing the script: a
/// comment must not contain any of them.
pub const LINE_BREAKS: [char; 5] = ['\n', '\r', '\u{0085}', '\u{2028}', '\u{2029}'];

/// `value` as one PowerShell single-quoted string literal that evaluates to exactly `value`.
///
/// ```
/// use hybridlint::ps_quote::literal;
/// assert_eq!(literal("C:\\OAuth\\$(Remove-Item x).cer"), "'C:\\OAuth\\$(Remove-Item x).cer'");
/// assert_eq!(literal("a’; Remove-Item x; ’"), "'a’’; Remove-Item x; ’’'");
/// ```
pub fn literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if SINGLE_QUOTES.contains(&c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// `text` made safe to follow `#` on one line: each line break becomes a space, so nothing of it
/// can leave the comment.
pub fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| if LINE_BREAKS.contains(&c) { ' ' } else { c })
        .collect()
}

/// `text` (several lines, say a fix) as comment lines, each starting with `prefix` (`#     `):
/// split at every line break PowerShell or an editor knows, not only `\n`.
pub fn comment_lines(prefix: &str, text: &str) -> String {
    let mut out = String::new();
    // `\r\n` splits into a line and an empty piece; blank lines say nothing in a comment.
    for line in text.split(LINE_BREAKS).filter(|l| !l.trim().is_empty()) {
        out.push_str(prefix);
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_every_single_quote_character() {
        assert_eq!(literal(""), "''");
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal("‘’‚‛"), "'‘‘’’‚‚‛‛'");
        // Double quotes and everything that expands in them are plain text here.
        assert_eq!(literal("\"$x`n$(y)@(z)\""), "'\"$x`n$(y)@(z)\"'");
    }

    #[test]
    fn comments_keep_to_their_line() {
        assert_eq!(
            comment_text("a\nb\rc\u{2028}d\u{2029}e\u{85}f"),
            "a b c d e f"
        );
        assert_eq!(
            comment_lines("# ", "one\r\ntwo\rthree"),
            "# one\n# two\n# three\n"
        );
        assert_eq!(
            comment_lines("# ", "x\u{2028}Remove-Item y"),
            "# x\n# Remove-Item y\n"
        );
    }
}
