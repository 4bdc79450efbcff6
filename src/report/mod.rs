//! Reporters: turn findings into human, JSON, SARIF, JUnit, GitHub Actions or HTML output. They see
//! only the report (findings, checklist, diagnoses) and the rules' descriptions, never the evidence
//! or the rule engine.

#[cfg(test)]
mod awkward_text;
pub mod azure;
mod ci_command_text;
pub mod concise;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod human_draw;
pub mod human_shape;
mod in_pieces;
pub mod json;
mod json_findings;
pub mod junit;
pub mod sarif;
mod sarif_results;
pub mod sections;
pub mod statistics;
pub mod terminal_text;
pub mod text_edit;

use std::ops::Range;

use crate::findings::Finding;
use crate::rule_description::RuleDescription;
use crate::run_report::Report;

/// Everything a reporter may use.
pub struct ReportInput<'a> {
    pub report: &'a Report,
    /// The rules' descriptions (the rule catalogue builds them: `rules::Rule::description`).
    pub rules: &'a [RuleDescription],
    /// Whether to colour the output (a terminal, and NO_COLOR not set).
    pub color: bool,
    /// How people-facing reports lay themselves out.
    pub display: Display,
}

/// Layout choices for the human and concise reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Display {
    /// The terminal's width in columns, when writing to one.
    pub width: Option<usize>,
    /// Counts per rule instead of the findings (`--statistics`).
    pub statistics: bool,
    /// The findings only, no summary or checklist (`-q`).
    pub quiet: bool,
}

/// The page documenting `rule`, for reports that link to it (SARIF `helpUri`, JSON `doc_url`).
pub fn doc_url(rule: &str) -> String {
    format!("{}/blob/main/docs/rules/{rule}.md", sarif::INFORMATION_URI)
}

/// The byte range for 1-based character `column` and `len` characters (0 = to the end of the
/// line), clamped to the text so a stale or wrong location cannot panic or slice inside a
/// character.
pub fn span(text: &str, column: u32, len: u32) -> Range<usize> {
    let start_char = column.saturating_sub(1) as usize;
    if text.is_ascii() {
        // Characters are bytes: no need to walk them (the human report asks for every finding).
        let start = start_char.min(text.len());
        let end = if len == 0 {
            text.len()
        } else {
            start_char.saturating_add(len as usize).min(text.len())
        };
        return start..end;
    }
    let byte_at = |char_index: usize| {
        text.char_indices()
            .nth(char_index)
            .map_or(text.len(), |(b, _)| b)
    };
    let start = byte_at(start_char);
    let end = if len == 0 {
        text.len()
    } else {
        byte_at(start_char.saturating_add(len as usize))
    };
    start..end
}

/// A finding's other places as text, for formats with one location per finding (GitHub, GitLab,
/// Azure, concise): ` (the error record: t.txt:12)`, or nothing.
pub fn related_suffix(f: &Finding) -> String {
    if f.related.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = f
        .related
        .iter()
        .map(|r| {
            let l = &r.location;
            if l.is_whole_file() {
                format!("{}: {}", r.message, l.path)
            } else {
                format!("{}: {}:{}", r.message, l.path, l.line)
            }
        })
        .collect();
    format!(" ({})", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::span;

    /// `span` by walking the characters, as it does for text that is not ASCII.
    fn by_characters(text: &str, column: u32, len: u32) -> std::ops::Range<usize> {
        let byte_at = |i: usize| text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
        let start_char = column.saturating_sub(1) as usize;
        let end = if len == 0 {
            text.len()
        } else {
            byte_at(start_char.saturating_add(len as usize))
        };
        byte_at(start_char)..end
    }

    proptest! {
        /// The shortcut for ASCII text gives the range the character walk gives.
        #[test]
        fn ascii_spans_are_the_character_walks(
            text in "[ -~]{0,40}",
            column in prop_oneof![0..50u32, Just(u32::MAX)],
            len in prop_oneof![0..50u32, Just(u32::MAX)],
        ) {
            prop_assert_eq!(span(&text, column, len), by_characters(&text, column, len));
        }
    }
}
