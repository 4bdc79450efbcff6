//! The findings section: grouped by file like the human output, each with severity, rule, message,
//! location, the source line with the offending span marked, the rule's summary and the fix.

use std::fmt::Write as _;

use super::escape::{esc, inline};
use super::line_and_column;
use crate::findings::Finding;
use crate::rule_description::RuleDescription;

/// The heading for findings that name no file.
const NO_FILE: &str = "(about the evidence as a whole)";

pub(super) fn render(out: &mut String, findings: &[Finding], rules: &[RuleDescription]) {
    out.push_str("<section id=\"findings\">\n<h2>Findings</h2>\n");
    if findings.is_empty() {
        out.push_str("<p class=\"none\">✓ No findings.</p>\n</section>\n");
        return;
    }
    let mut current: Option<Option<&str>> = None;
    for (i, f) in findings.iter().enumerate() {
        let path = f.location.as_ref().map(|l| l.path.as_str());
        if current != Some(path) {
            let _ = writeln!(
                out,
                "<h3 class=\"file\">{}</h3>",
                esc(path.unwrap_or(NO_FILE))
            );
            current = Some(path);
        }
        finding(out, i + 1, f, rules);
    }
    out.push_str("</section>\n");
}

fn finding(out: &mut String, n: usize, f: &Finding, rules: &[RuleDescription]) {
    let sev = f.severity.as_str();
    let _ = write!(
        out,
        "<article class=\"finding {sev}\" id=\"finding-{n}\" data-rule=\"{rule}\">\n\
         <p class=\"head\"><span class=\"sev {sev}\">{sev}</span> <code class=\"rule\">{rule}</code> <code class=\"loc\">{loc}</code></p>\n\
         <p class=\"message\">{message}</p>\n",
        rule = esc(&f.rule),
        loc = esc(&line_and_column(f.location.as_ref())),
        message = inline(&f.message),
    );
    if let (Some(l), Some(src)) = (&f.location, &f.source_line)
        && !l.is_whole_file()
    {
        let text = src.text.split(['\n', '\r']).next().unwrap_or("").trim_end();
        let (before, marked, after) = split_span(text, l.column, l.len);
        let _ = writeln!(
            out,
            "<pre class=\"source\"><span class=\"ln\">{}</span>{}<mark>{}</mark>{}</pre>",
            l.line,
            esc(before),
            esc(marked),
            esc(after)
        );
    }
    // The other places the finding is about, each with what it is and its line.
    for r in &f.related {
        let _ = writeln!(
            out,
            "<p class=\"related\">{} <code class=\"loc\">{}</code></p>",
            inline(&r.message),
            esc(&format!(
                "{}, {}",
                r.location.path,
                line_and_column(Some(&r.location))
            ))
        );
        if let Some(src) = r
            .source_line
            .as_ref()
            .filter(|_| !r.location.is_whole_file())
        {
            let text = src.text.split(['\n', '\r']).next().unwrap_or("").trim_end();
            let (before, marked, after) = split_span(text, r.location.column, r.location.len);
            let _ = writeln!(
                out,
                "<pre class=\"source related\"><span class=\"ln\">{}</span>{}<mark>{}</mark>{}</pre>",
                r.location.line,
                esc(before),
                esc(marked),
                esc(after)
            );
        }
    }
    if let Some(rule) = rules.iter().find(|r| r.id == f.rule)
        && rule.summary.trim() != f.message.trim()
    {
        let _ = writeln!(out, "<p class=\"why\">{}</p>", inline(rule.summary.trim()));
    }
    if let Some(fix) = f
        .fix
        .as_deref()
        .map(str::trim_end)
        .filter(|s| !s.is_empty())
    {
        let _ = writeln!(
            out,
            "<p class=\"fix-label\">Fix</p>\n<pre class=\"fix\">{}</pre>",
            esc(fix)
        );
    }
    out.push_str("</article>\n");
}

/// `text` split around 1-based character `column` and `len` characters (0: to the end), clamped
/// so a stale location cannot panic or cut a character. Column 0 marks nothing.
fn split_span(text: &str, column: u32, len: u32) -> (&str, &str, &str) {
    if column == 0 {
        return (text, "", "");
    }
    let range = super::super::span(text, column, len);
    let (start, end) = (range.start, range.end);
    (&text[..start], &text[start..end], &text[end..])
}

#[cfg(test)]
mod tests {
    use super::split_span;

    #[test]
    fn spans_count_characters_and_clamp() {
        assert_eq!(split_span("abcdef", 2, 3), ("a", "bcd", "ef"));
        assert_eq!(split_span("abcdef", 4, 0), ("abc", "def", ""));
        assert_eq!(split_span("für x", 2, 2), ("f", "ür", " x"));
        assert_eq!(split_span("ab", 9, 4), ("ab", "", ""));
        assert_eq!(split_span("ab", 0, 1), ("ab", "", ""));
        assert_eq!(split_span("日本語", 2, 99), ("日", "本語", ""));
    }
}
