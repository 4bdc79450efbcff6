//! Human output: findings grouped by file, each with severity, rule id, message, the source line
//! with the offending span underlined, the fix, and the `explain` hint; then a summary line.

use std::fmt::Write as _;

use super::ReportInput;
use crate::findings::{Finding, Severity};

pub fn render(input: &ReportInput) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for f in &input.report.findings {
        let path = f
            .location
            .as_ref()
            .map(|l| l.path.as_str())
            .unwrap_or("(no file)");
        if current != Some(path) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{path}");
            current = Some(path);
        }
        finding(&mut out, f);
    }
    let r = input.report;
    let _ = writeln!(
        out,
        "{}{} error(s), {} warning(s), {} info in {} file(s)",
        if r.findings.is_empty() { "" } else { "\n" },
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info),
        r.files
    );
    out
}

fn finding(out: &mut String, f: &Finding) {
    let where_ = match &f.location {
        Some(l) if !l.is_whole_file() => format!("{}:{}:{}", l.path, l.line, l.column),
        Some(l) => l.path.clone(),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "{}[{}]: {}\n  --> {}",
        f.severity, f.rule, f.message, where_
    );
    if let (Some(line), Some(l)) = (&f.source_line, &f.location) {
        let _ = writeln!(out, "   | {}", line.text);
        let pad = " ".repeat(l.column.saturating_sub(1) as usize);
        let len = if l.len == 0 {
            line.text
                .chars()
                .count()
                .saturating_sub(l.column as usize - 1)
                .max(1)
        } else {
            l.len as usize
        };
        let _ = writeln!(out, "   | {pad}{}", "^".repeat(len));
    }
    if let Some(fix) = &f.fix {
        let _ = writeln!(out, "  fix:");
        for l in fix.lines() {
            let _ = writeln!(out, "    {l}");
        }
    }
    let _ = writeln!(
        out,
        "  = help: run `hybridlint explain {}` for details",
        f.rule
    );
}
