//! The concise format: one line per finding, `path:line:col: severity[rule] message`, as ruff,
//! compilers and editors' problem matchers read them; a finding about a whole file points at
//! `path:1:1`, one about no file at `-:1:1`. Then the summary line (not with `-q`).

use std::fmt::Write as _;
use std::io;

use super::ReportInput;
use crate::findings::Finding;

/// The report as one string (see [`write`]).
pub fn render(input: &ReportInput) -> String {
    super::in_pieces::to_string(|sink| write(input, sink))
}

/// Writes the report to `sink`, a few findings at a time ([`super::in_pieces`]).
pub fn write(input: &ReportInput, sink: &mut dyn io::Write) -> io::Result<()> {
    if input.display.statistics {
        // Only rule ids, the rules' own summaries and the summary line are printed, none of
        // which comes from the evidence: no terminal-safe copy of the findings is needed.
        return sink.write_all(super::statistics::render(input).as_bytes());
    }
    let mut out = String::new();
    for f in &input.report.findings {
        // Evidence text is shown, never obeyed: no raw escape sequence reaches the terminal.
        out.push_str(&line(&super::terminal_text::finding(f)));
        out.push('\n');
        super::in_pieces::pass_on_when_full(&mut out, sink)?;
    }
    if !input.display.quiet {
        let _ = writeln!(out, "{}", super::human::summary(input));
    }
    sink.write_all(out.as_bytes())
}

/// One finding on one line: line breaks in the message become spaces.
pub fn line(f: &Finding) -> String {
    let (path, line, column) = match &f.location {
        Some(l) if !l.is_whole_file() => (l.path.as_str(), l.line, l.column.max(1)),
        Some(l) => (l.path.as_str(), 1, 1),
        None => ("-", 1, 1),
    };
    let message: String = f
        .message
        .split(['\r', '\n'])
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{path}:{line}:{column}: {}[{}] {message}{}",
        f.severity,
        f.rule,
        super::related_suffix(f)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Severity;
    use crate::model::Location;

    fn finding(location: Option<Location>) -> Finding {
        Finding {
            related: Vec::new(),
            subject: None,
            rule: "guid/truncated".into(),
            severity: Severity::Error,
            message: "one digit short\nsee the fix".into(),
            location,
            fix: None,
            source_line: None,
        }
    }

    #[test]
    fn each_finding_is_one_line_in_the_compiler_shape() {
        let at = finding(Some(Location::new("t.txt", 60, 75, 3)));
        assert_eq!(
            line(&at),
            "t.txt:60:75: error[guid/truncated] one digit short see the fix"
        );
        let whole = finding(Some(Location::file("a.cer")));
        assert!(line(&whole).starts_with("a.cer:1:1: error[guid/truncated] "));
        assert!(line(&finding(None)).starts_with("-:1:1: "));
    }
}
