//! `--statistics`: how many findings each rule made, most first, instead of the findings
//! themselves (as ruff's `--statistics`), then the summary line.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::ReportInput;
use crate::findings::Severity;

pub fn render(input: &ReportInput) -> String {
    let mut counts: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
    for f in &input.report.findings {
        let entry = counts.entry(f.rule.as_str()).or_insert((0, f.severity));
        entry.0 += 1;
        entry.1 = entry.1.max(f.severity);
    }
    let mut rows: Vec<(&str, usize, Severity)> =
        counts.into_iter().map(|(r, (n, s))| (r, n, s)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (rule, n, severity) in rows {
        let summary = input
            .rules
            .iter()
            .find(|r| r.id == rule)
            .map_or("", |r| r.summary.trim());
        let _ = writeln!(
            out,
            "{n:>5}  {rule:width$}  {:7}  {summary}",
            severity.as_str()
        );
    }
    if !input.display.quiet {
        let _ = writeln!(out, "{}", super::human::summary(input));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Finding;
    use crate::report::Display;
    use crate::run_report::Report;

    fn finding(rule: &str, severity: Severity) -> Finding {
        Finding {
            related: Vec::new(),
            subject: None,
            rule: rule.into(),
            severity,
            message: "m".into(),
            location: None,
            fix: None,
            source_line: None,
        }
    }

    #[test]
    fn counts_per_rule_most_first() {
        let report = Report {
            findings: vec![
                finding("b/one", Severity::Warning),
                finding("a/two", Severity::Error),
                finding("a/two", Severity::Error),
            ],
            files: 1,
            ..Report::default()
        };
        let out = render(&ReportInput {
            report: &report,
            rules: &[],
            color: false,
            display: Display {
                statistics: true,
                ..Display::default()
            },
        });
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("    2  a/two  error"), "{out}");
        assert!(lines[1].starts_with("    1  b/one  warning"), "{out}");
        assert!(lines[2].starts_with("2 errors, 1 warning"), "{out}");
    }
}
