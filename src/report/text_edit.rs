//! Which fixes are text edits: a one-line fix that is the finding's own source line with only
//! the underlined span changed (a mistyped id replaced by the right one) can be applied by an
//! editor or a code-scanning "apply fix" button. Only for scripts (`.ps1`, `.psm1`): a transcript
//! is a record of what ran, and editing it fixes nothing.

use crate::findings::Finding;

/// A replacement of one span: 1-based line, character columns `[start, end)`, and the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub line: u32,
    pub start_column: u32,
    pub end_column: u32,
    pub replacement: String,
}

/// The edit `f.fix` amounts to, when it is one.
pub fn of(f: &Finding) -> Option<TextEdit> {
    let l = f.location.as_ref()?;
    let is_script = {
        let lower = l.path.to_ascii_lowercase();
        lower.ends_with(".ps1") || lower.ends_with(".psm1")
    };
    if !is_script || l.is_whole_file() || l.column == 0 || l.len == 0 {
        return None;
    }
    let fix = f.fix.as_deref()?.trim_end();
    let source = f.source_line.as_ref()?.text.trim_end();
    if fix.contains('\n') || fix.is_empty() {
        return None;
    }
    let span = super::span(source, l.column, l.len);
    let (before, after) = (&source[..span.start], &source[span.end..]);
    // The fix keeps everything after the span, and (without any indentation) everything before.
    let head = fix.strip_suffix(after)?;
    let kept = before.trim_start();
    let replacement = head.strip_prefix(kept)?;
    if replacement.is_empty() || replacement == &source[span.clone()] {
        return None;
    }
    Some(TextEdit {
        line: l.line,
        start_column: l.column,
        end_column: l.column.saturating_add(l.len),
        replacement: replacement.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Severity, SourceLine};
    use crate::model::Location;

    fn finding(path: &str, source: &str, column: u32, len: u32, fix: &str) -> Finding {
        Finding {
            related: Vec::new(),
            subject: None,
            rule: "guid/truncated".into(),
            severity: Severity::Error,
            message: "m".into(),
            location: Some(Location::new(path, 17, column, len)),
            fix: Some(fix.into()),
            source_line: Some(SourceLine {
                text: source.into(),
            }),
        }
    }

    #[test]
    fn a_fixed_id_in_a_script_is_a_replacement_of_its_span() {
        let source = "    New-X -AppPrincipalId 00000004-0000-0ff1-ce00-00000000000 -Type A";
        let fix = "New-X -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -Type A";
        let f = finding("a.ps1", source, 27, 35, fix);
        assert_eq!(
            of(&f),
            Some(TextEdit {
                line: 17,
                start_column: 27,
                end_column: 62,
                replacement: "00000004-0000-0ff1-ce00-000000000000".into(),
            })
        );
    }

    #[test]
    fn transcripts_multi_line_fixes_and_other_changes_are_not_edits() {
        let source = "New-X -AppPrincipalId 0000 -Type A";
        assert!(
            of(&finding(
                "t.txt",
                source,
                23,
                4,
                "New-X -AppPrincipalId 1111 -Type A"
            ))
            .is_none()
        );
        assert!(
            of(&finding(
                "a.ps1",
                source,
                23,
                4,
                "New-X -AppPrincipalId 1111\n-Type A"
            ))
            .is_none()
        );
        assert!(
            of(&finding(
                "a.ps1",
                source,
                23,
                4,
                "Set-X -AppPrincipalId 1111 -Type A"
            ))
            .is_none()
        );
        assert!(of(&finding("a.ps1", source, 23, 4, source)).is_none());
    }
}
