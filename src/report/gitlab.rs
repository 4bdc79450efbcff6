//! GitLab Code Quality report: a JSON array with one issue per finding, as GitLab's merge request
//! widget reads it (docs.gitlab.com/ci/testing/code_quality, "Code Quality report format"):
//! `description`, `check_name`, `fingerprint`, `severity` (info, minor, major, critical,
//! blocker) and `location.path` with `location.lines.begin` (1 for a finding about a whole file).

use std::io::{self, Write};

use super::ReportInput;
use super::json_findings::{indent, key, string};
use crate::findings::{Finding, Severity};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The report as one string (see [`write`]).
pub fn render(input: &ReportInput) -> String {
    super::in_pieces::to_string(|sink| write(input, sink))
}

/// Writes the report to `sink` as it is built, through a buffer, never held whole:
/// pretty-printed as serde_json prints it (the reference kept in the tests) and written straight
/// from the findings, since serialising an issue structure for each of tens of thousands of
/// findings cost most of what the report added to a run.
pub fn write(input: &ReportInput, sink: &mut dyn Write) -> io::Result<()> {
    let r = input.report;
    let fingerprints =
        crate::fingerprint::each_entry(&r.findings, &r.run.fingerprint_base).fingerprints();
    let mut out = io::BufWriter::with_capacity(1 << 16, sink);
    write_issues(&mut out, r.findings.iter().zip(fingerprints))?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The array of issues, one per finding with its fingerprint.
fn write_issues<'a>(
    out: &mut impl Write,
    findings: impl Iterator<Item = (&'a Finding, String)>,
) -> io::Result<()> {
    let mut any = false;
    for (f, fingerprint) in findings {
        out.write_all(if any { b",\n" } else { b"[\n" })?;
        any = true;
        indent(out, 1)?;
        out.write_all(b"{")?;
        key(out, true, 2, "description")?;
        let related = super::related_suffix(f);
        string(out, &format!("[{}] {}{related}", f.rule, f.message))?;
        key(out, false, 2, "check_name")?;
        string(out, &f.rule)?;
        key(out, false, 2, "fingerprint")?;
        string(out, &fingerprint)?;
        key(out, false, 2, "severity")?;
        string(out, severity(f.severity))?;
        key(out, false, 2, "location")?;
        out.write_all(b"{")?;
        key(out, true, 3, "path")?;
        match &f.location {
            Some(l) if l.path.contains('\\') => string(out, &l.path.replace('\\', "/"))?,
            Some(l) => string(out, &l.path)?,
            None => string(out, ".")?,
        }
        key(out, false, 3, "lines")?;
        out.write_all(b"{")?;
        key(out, true, 4, "begin")?;
        let begin = (f.location.as_ref())
            .filter(|l| !l.is_whole_file())
            .map_or(1, |l| l.line);
        write!(out, "{begin}")?;
        for depth in [3, 2, 1] {
            out.write_all(b"\n")?;
            indent(out, depth)?;
            out.write_all(b"}")?;
        }
    }
    out.write_all(if any { b"\n]" } else { b"[]" })
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;
    use crate::findings::Related;
    use crate::model::Location;

    // The issue structures serde serialised before: the reference for the hand-written text.

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

    fn by_serde(findings: &[Finding]) -> String {
        let issues: Vec<Issue> = findings
            .iter()
            .map(|f| Issue {
                description: format!(
                    "[{}] {}{}",
                    f.rule,
                    f.message,
                    crate::report::related_suffix(f)
                ),
                check_name: &f.rule,
                fingerprint: format!("fp {}", f.message),
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
        serde_json::to_string_pretty(&issues).expect("serialises")
    }

    fn by_hand(findings: &[Finding]) -> String {
        let mut out = Vec::new();
        let fingerprints = findings.iter().map(|f| (f, format!("fp {}", f.message)));
        write_issues(&mut out, fingerprints).expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn issues_are_written_as_serde_json_wrote_them() {
        assert_eq!(by_hand(&[]), by_serde(&[]));
        let texts = crate::report::awkward_text::texts();
        let mut findings = Vec::new();
        for (i, text) in texts.iter().map(String::as_str).enumerate() {
            for variant in 0..4 {
                let mut f = Finding {
                    rule: format!("area/{text}").into(),
                    severity: [Severity::Error, Severity::Warning, Severity::Info]
                        [(i + variant) % 3],
                    message: text.to_string(),
                    location: match variant {
                        0 => None,
                        1 => Some(Location::file(format!("dir\\{text}.cer"))),
                        2 => Some(Location::new("a/b.ps1", 3, 7, 4)),
                        _ => Some(Location::new("C:\\x\\a.txt", 12, 0, 0)),
                    },
                    fix: None,
                    source_line: None,
                    related: Vec::new(),
                    subject: None,
                };
                if variant == 2 {
                    f.related = vec![Related {
                        location: Location::new("b.txt", 2, 1, 9),
                        message: text.to_string(),
                        source_line: None,
                    }];
                }
                findings.push(f);
            }
        }
        assert_eq!(by_hand(&findings[..1]), by_serde(&findings[..1]));
        assert_eq!(by_hand(&findings), by_serde(&findings));
    }
}
