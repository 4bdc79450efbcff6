//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding,
//! with `file`, `line`, `col`, `endColumn` and `title` properties, which GitHub shows as
//! annotations on the pull request's diff. Then a plain summary line for the log.
//!
//! Escaping follows the Actions toolkit (`@actions/core`, `command.ts`): in the message `%`,
//! `\r` and `\n` become `%25`, `%0D` and `%0A`; in property values also `:` and `,` become
//! `%3A` and `%2C`.

use std::fmt::Write as _;

use super::ReportInput;
use crate::findings::{Finding, Severity};

pub fn render(input: &ReportInput) -> String {
    let mut out = String::new();
    for f in &input.report.findings {
        out.push_str(&command(f));
        out.push('\n');
    }
    let r = input.report;
    let _ = writeln!(
        out,
        "hybridlint: {} error(s), {} warning(s), {} info in {} file(s)",
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info),
        r.files
    );
    out
}

/// One finding as a workflow command.
pub fn command(f: &Finding) -> String {
    let name = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties: Vec<(&str, String)> = Vec::new();
    if let Some(l) = &f.location {
        // Relative to the workspace, as GitHub expects: `./x` and `x` are the same file.
        let path = l.path.replace('\\', "/");
        properties.push(("file", path.trim_start_matches("./").to_string()));
        if !l.is_whole_file() {
            properties.push(("line", l.line.to_string()));
            if l.column > 0 {
                properties.push(("col", l.column.to_string()));
                if l.len > 0 {
                    properties.push(("endColumn", l.column.saturating_add(l.len).to_string()));
                }
            }
        }
    }
    properties.push(("title", format!("hybridlint {}", f.rule)));
    let properties: Vec<String> = properties
        .into_iter()
        .map(|(k, v)| format!("{k}={}", escape_property(&v)))
        .collect();
    let mut message = format!("{}{}", f.message, super::related_suffix(f));
    if let Some(fix) = f
        .fix
        .as_deref()
        .map(str::trim_end)
        .filter(|x| !x.is_empty())
    {
        let _ = write!(message, "\nfix: {fix}");
    }
    let _ = write!(message, "\nhelp: run `hybridlint explain {}`", f.rule);
    format!(
        "::{name} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Escapes a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;
    use crate::run_report::Report;

    fn f(location: Option<Location>, severity: Severity) -> Finding {
        Finding {
            related: Vec::new(),
            subject: None,
            rule: "tenant/spn-missing".into(),
            severity,
            message: "100% wrong: a, b\r\nnext".into(),
            location,
            fix: Some("Set-X -A 1\n".into()),
            source_line: None,
        }
    }

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
    }

    #[test]
    fn commands_carry_location_and_title() {
        let c = command(&f(
            Some(Location::new("logs\\run,1:a.txt", 12, 5, 3)),
            Severity::Error,
        ));
        assert_eq!(
            c,
            "::error file=logs/run%2C1%3Aa.txt,line=12,col=5,endColumn=8,title=hybridlint tenant/spn-missing::100%25 wrong: a, b%0D%0Anext%0Afix: Set-X -A 1%0Ahelp: run `hybridlint explain tenant/spn-missing`"
        );
        let whole = command(&f(Some(Location::file("a.cer")), Severity::Warning));
        assert!(whole.starts_with("::warning file=a.cer,title="), "{whole}");
        let nowhere = command(&f(None, Severity::Info));
        assert!(nowhere.starts_with("::notice title="), "{nowhere}");
        assert!(!c.contains('\n'));
    }

    #[test]
    fn one_line_per_finding_then_a_summary() {
        let report = Report {
            findings: vec![f(None, Severity::Info), f(None, Severity::Error)],
            files: 2,
            ..Report::default()
        };
        let out = render(&ReportInput {
            report: &report,
            rules: &[],
            color: false,
            display: Default::default(),
        });
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[2],
            "hybridlint: 1 error(s), 0 warning(s), 1 info in 2 file(s)"
        );
    }
}
