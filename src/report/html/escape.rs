//! Escaping for HTML and SVG text and attribute values. Everything a report shows can come from
//! evidence files (messages quote commands, source lines are copied verbatim), so every piece of
//! text goes through here before it reaches the document.

/// `s` safe as element text and as a double- or single-quoted attribute value. Control characters
/// other than tab and line breaks (not allowed in HTML text) become U+FFFD.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push('\n'),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `s` (whitespace runs folded), with `…` when cut. For labels in the
/// diagram, where the full text is in a tooltip and the table below.
pub fn truncate(s: &str, max: usize) -> String {
    let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        return folded;
    }
    let mut out: String = folded.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            esc(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(esc("a\u{1}b\r\nc\td"), "a\u{FFFD}b\n\nc\td");
        assert_eq!(esc("für 日本"), "für 日本");
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a  b\n c", 10), "a b c");
        assert_eq!(truncate("abcdefghijk", 5), "abcd…");
        assert_eq!(truncate("ab cdef", 4), "ab…");
        assert_eq!(truncate("日本語のテキスト", 4), "日本語…");
    }
}
