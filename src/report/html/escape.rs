//! Escaping for HTML and SVG text and attribute values. Everything a report shows can come from
//! evidence files (messages quote commands, source lines are copied verbatim), so every piece of
//! text goes through here before it reaches the document.

/// `s` safe as element text and as a double- or single-quoted attribute value. Control characters
/// other than tab and line breaks (not allowed in HTML text) become U+FFFD.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let bytes = s.as_bytes();
    // Runs that need nothing are copied whole (most text); `start` and `i` always sit between
    // characters, as every byte acted on is ASCII or the first of a two-byte character.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (replacement, width) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\r' => ("\n", 1),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            0..0x20 | 0x7f => ("\u{FFFD}", 1),
            // U+0080 to U+009F, the other control characters, are 0xC2 0x80 to 0xC2 0x9F.
            0xc2 if bytes.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)) => ("\u{FFFD}", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        out.push_str(replacement);
        i += width;
        start = i;
    }
    out.push_str(&s[start..]);
    out
}

/// `s` escaped, with each pair of backticks (as messages quote commands and ids: `` `Set-X` ``)
/// made a `<code>` span. An unpaired backtick stays as it is.
pub(super) fn inline(s: &str) -> String {
    let escaped = esc(s);
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len() < 3 {
        return escaped;
    }
    let paired = parts.len() % 2 == 1;
    let mut out = String::with_capacity(escaped.len() + 16 * parts.len());
    for (i, part) in parts.iter().enumerate() {
        let last_unpaired = !paired && i == parts.len() - 1;
        if i % 2 == 1 && !last_unpaired {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            if last_unpaired {
                out.push('`');
            }
            out.push_str(part);
        }
    }
    out
}

/// At most `max` characters of `s` (whitespace runs folded), with `…` when cut. For labels in the
/// diagram, where the full text is in a tooltip and the table below.
pub(super) fn truncate(s: &str, max: usize) -> String {
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

    /// `esc` character by character, as it was first written: the reference for the byte scan.
    fn by_characters(s: &str) -> String {
        let mut out = String::new();
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

    #[test]
    fn the_byte_scan_escapes_every_character_as_the_character_walk() {
        // Every character up to U+0800 (all one- and two-byte ones), then a sample above,
        // each alone and between others.
        let chars = (0u32..0x800)
            .chain([0xfffd, 0x2028, 0xffff, 0x1d11e, 0x10ffff])
            .filter_map(char::from_u32);
        for c in chars {
            for text in [c.to_string(), format!("a{c}b"), format!("{c}\u{85}{c}<")] {
                assert_eq!(esc(&text), by_characters(&text), "{:?}", c);
            }
        }
    }

    #[test]
    fn backtick_pairs_become_code() {
        assert_eq!(inline("run `Set-X` now"), "run <code>Set-X</code> now");
        assert_eq!(
            inline("`a<b>` and `c`"),
            "<code>a&lt;b&gt;</code> and <code>c</code>"
        );
        assert_eq!(inline("no quotes"), "no quotes");
        assert_eq!(inline("one ` only"), "one ` only");
        assert_eq!(inline("`a` and ` b"), "<code>a</code> and ` b");
        assert_eq!(inline("``"), "<code></code>");
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
