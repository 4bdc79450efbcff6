//! The JSON report, a contract: `{"version": 1, "tool": {…}, "findings": […], "summary": {…}}`.
//! Fields may be added; these must stay.

use serde::Serialize;

use super::ReportInput;
use crate::findings::{Finding, Severity};

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    line: Option<u32>,
    column: Option<u32>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    location: Option<Location<'a>>,
    fix: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    error: usize,
    warning: usize,
    info: usize,
    files: usize,
    /// Findings hidden by `[[ignore]]` tables and inline suppressions.
    suppressed: usize,
    /// Findings hidden by the baseline.
    baselined: usize,
}

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
    /// The procedure's steps and their state.
    #[serde(skip_serializing_if = "Option::is_none")]
    checklist: Option<&'a crate::checklist::Checklist>,
    /// `hybridlint diagnose` only.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    diagnoses: &'a [crate::diagnose::Diagnosis],
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: &f.rule,
        severity: f.severity,
        message: &f.message,
        location: f.location.as_ref().map(|l| Location {
            path: &l.path,
            line: (!l.is_whole_file()).then_some(l.line),
            column: (!l.is_whole_file()).then_some(l.column),
        }),
        fix: f.fix.as_deref(),
    }
}

pub fn render(input: &ReportInput) -> String {
    let r = input.report;
    let out = Output {
        version: 1,
        tool: Tool {
            name: "hybridlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: r.findings.iter().map(finding).collect(),
        summary: Summary {
            error: r.count(Severity::Error),
            warning: r.count(Severity::Warning),
            info: r.count(Severity::Info),
            files: r.files,
            suppressed: r.suppressed,
            baselined: r.baselined,
        },
        checklist: r.checklist.as_ref(),
        diagnoses: &r.diagnoses,
    };
    let mut s =
        serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
