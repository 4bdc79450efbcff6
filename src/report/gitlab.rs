//! GitLab Code Quality report: a JSON array with one issue per finding, as GitLab's merge request
//! widget reads it (docs.gitlab.com/ci/testing/code_quality, "Code Quality report format"):
//! `description`, `check_name`, `fingerprint`, `severity` (info, minor, major, critical,
//! blocker) and `location.path` with `location.lines.begin` (1 for a finding about a whole file).

use serde::Serialize;

use super::ReportInput;
use crate::findings::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn render(input: &ReportInput) -> String {
    let r = input.report;
    let entries = crate::fingerprint::entries(&r.findings, &r.run.fingerprint_base);
    let issues: Vec<Issue> = r
        .findings
        .iter()
        .zip(&entries)
        .map(|(f, e)| Issue {
            description: format!("[{}] {}{}", f.rule, f.message, super::related_suffix(f)),
            check_name: &f.rule,
            fingerprint: e.fingerprint.clone(),
            severity: severity(f.severity),
            location: IssueLocation {
                path: f
                    .location
                    .as_ref()
                    .map_or_else(|| ".".to_string(), |l| l.path.replace('\\', "/")),
                lines: Lines {
                    begin: f
                        .location
                        .as_ref()
                        .filter(|l| !l.is_whole_file())
                        .map_or(1, |l| l.line),
                },
            },
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}
