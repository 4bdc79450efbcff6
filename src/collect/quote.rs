//! PowerShell single-quoted string literals for values written into the collector script.
//! A minimal private version until the project-wide one (issue #17) lands: PowerShell treats
//! `'` and the typographic quotes `‘ ’ ‚ ‛` alike as single quotes, so each is doubled, and
//! nothing inside a single-quoted string is expanded.

/// The characters PowerShell accepts as a single quote (its tokenizer's `IsSingleQuote`).
const SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// `value` as a single-quoted literal: `it's` → `'it''s'`.
pub(super) fn single_quoted(value: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_single_quote_is_doubled() {
        assert_eq!(single_quoted("plain"), "'plain'");
        assert_eq!(single_quoted("it's"), "'it''s'");
        assert_eq!(
            single_quoted("\u{2018}a\u{2019}b\u{201A}c\u{201B}"),
            "'\u{2018}\u{2018}a\u{2019}\u{2019}b\u{201A}\u{201A}c\u{201B}\u{201B}'"
        );
        assert_eq!(single_quoted("$(Remove-Item x)"), "'$(Remove-Item x)'");
        assert_eq!(single_quoted(""), "''");
    }
}
