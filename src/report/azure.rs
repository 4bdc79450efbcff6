//! Azure Pipelines logging commands: one `##vso[task.logissue …]` line per error or warning, which
//! the pipeline shows as issues on the run and its summary, then a plain summary line. Info
//! findings have no issue type in Azure Pipelines (only `error` and `warning` exist), so they are
//! plain log lines.
//!
//! Shape and escaping as documented ("Logging commands", learn.microsoft.com/azure/devops/
//! pipelines/scripts/logging-commands) and done by azure-pipelines-task-lib: in the message `%`,
//! `\r` and `\n` become `%AZP25`, `%0D` and `%0A`; in property values also `;` and `]` become
//! `%3B` and `%5D`.

use std::fmt::Write as _;

use super::ReportInput;
use crate::findings::{Finding, Severity};

pub fn render(input: &ReportInput) -> String {
    let mut out = String::new();
    for f in &input.report.findings {
        out.push_str(&command(f));
        out.push('\n');
    }
    let _ = writeln!(out, "hybridlint: {}", super::human::summary(input));
    out
}

/// One finding as a logging command (or, for info, a plain line).
pub fn command(f: &Finding) -> String {
    let kind = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => {
            return format!("hybridlint info: {}", super::concise::line(f));
        }
    };
    let mut properties = vec![("type", kind.to_string())];
    if let Some(l) = &f.location {
        properties.push(("sourcepath", l.path.replace('\\', "/")));
        if !l.is_whole_file() {
            properties.push(("linenumber", l.line.to_string()));
            if l.column > 0 {
                properties.push(("columnnumber", l.column.to_string()));
            }
        }
    }
    properties.push(("code", f.rule.clone()));
    let properties: String = properties
        .into_iter()
        .map(|(k, v)| format!("{k}={};", escape_property(&v)))
        .collect();
    format!(
        "##vso[task.logissue {properties}]{}",
        escape_message(&format!(
            "[{}] {}{}",
            f.rule,
            f.message,
            super::related_suffix(f)
        ))
    )
}

fn escape_message(s: &str) -> String {
    s.replace('%', "%AZP25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_message(s).replace(';', "%3B").replace(']', "%5D")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    #[test]
    fn properties_and_message_are_escaped() {
        let f = Finding {
            related: Vec::new(),
            subject: None,
            rule: "guid/truncated".into(),
            severity: Severity::Error,
            message: "100% wrong;\nreally]".into(),
            location: Some(Location::new("dir/a;b].txt", 3, 4, 1)),
            fix: None,
            source_line: None,
        };
        assert_eq!(
            command(&f),
            "##vso[task.logissue type=error;sourcepath=dir/a%3Bb%5D.txt;linenumber=3;columnnumber=4;code=guid/truncated;][guid/truncated] 100%AZP25 wrong;%0Areally]"
        );
    }
}
