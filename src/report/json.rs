//! The JSON report, a contract: `{"version": 1, "tool": {…}, "run": {…}, "findings": […],
//! "summary": {…}}`. Fields may be added; these must stay.
//!
//! Every location has one shape wherever it appears (findings, checklist, diagnoses):
//! `{"path", "line", "column", "end_line", "end_column"}`, with `null` line and columns for a
//! whole file and `null` ends when the span runs to the end of the line. `end_column` is one past
//! the last character, as in SARIF.

use std::io::{self, Write};

use serde::Serialize;

use super::ReportInput;
use super::lazy_seq::LazySeq;
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
    end_line: Option<u32>,
    end_column: Option<u32>,
}

impl<'a> Location<'a> {
    fn of(l: &'a crate::model::Location) -> Location<'a> {
        let whole = l.is_whole_file();
        let spans = !whole && l.column > 0 && l.len > 0;
        Location {
            path: &l.path,
            line: (!whole).then_some(l.line),
            column: (!whole && l.column > 0).then_some(l.column),
            end_line: spans.then_some(l.line),
            end_column: spans.then(|| l.column.saturating_add(l.len)),
        }
    }
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    location: Location<'a>,
    /// What is there, in a few words.
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    location: Option<Location<'a>>,
    /// Other places the finding is about (the error record beside the failed command).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
    fix: Option<&'a str>,
    /// Stable across unrelated edits: the baseline's fingerprint (rule, path from the config
    /// file's folder, source line, occurrence).
    fingerprint: String,
    /// The rule's documentation page.
    doc_url: String,
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
struct Output<'a, Findings: Serialize> {
    version: u32,
    tool: Tool,
    /// The day judged at, the config files read, the facts used, the rules that could not run.
    run: Run<'a>,
    /// Each finding converted as it is written (a `LazySeq`).
    findings: Findings,
    summary: Summary,
    /// The procedure's steps and their state.
    #[serde(skip_serializing_if = "Option::is_none")]
    checklist: Option<serde_json::Value>,
    /// `hybridlint diagnose` only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    diagnoses: Vec<serde_json::Value>,
    /// When the evidence holds several deployments: each one, judged on its own, with its
    /// checklist (and no run-wide `checklist`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    deployments: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct Run<'a> {
    /// `--now`, or the day of the run when it was not given (`now_given` false).
    now: &'a str,
    now_given: bool,
    config_files: &'a [String],
    facts: &'a crate::run_report::RunFacts,
    rules_not_run: &'a [crate::run_report::NotRun],
}

fn finding(f: &Finding, fingerprint: String) -> JsonFinding<'_> {
    JsonFinding {
        rule: &f.rule,
        severity: f.severity,
        message: &f.message,
        location: f.location.as_ref().map(Location::of),
        related: f
            .related
            .iter()
            .map(|r| JsonRelated {
                location: Location::of(&r.location),
                message: &r.message,
            })
            .collect(),
        fix: f.fix.as_deref(),
        fingerprint,
        doc_url: super::doc_url(&f.rule),
    }
}

/// `item` as JSON with its locations in the report's shape.
fn with_report_locations(item: &impl Serialize) -> serde_json::Value {
    let mut value = serde_json::to_value(item).unwrap_or_default();
    normalise_locations(&mut value);
    value
}

/// Rewrites every model location inside `value` (`{path, line, column, len}`) to the report's
/// one location shape.
fn normalise_locations(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let is_location = ["path", "line", "column", "len"]
                .iter()
                .all(|k| map.contains_key(*k))
                && map.len() == 4;
            if is_location {
                let number = |k: &str| {
                    map.get(k)
                        .and_then(Value::as_u64)
                        .and_then(|n| u32::try_from(n).ok())
                        .unwrap_or(0)
                };
                let l = crate::model::Location::new(
                    map.get("path").and_then(Value::as_str).unwrap_or(""),
                    number("line"),
                    number("column"),
                    number("len"),
                );
                if let Ok(v) = serde_json::to_value(Location::of(&l)) {
                    *value = v;
                }
                return;
            }
            map.values_mut().for_each(normalise_locations);
        }
        Value::Array(items) => items.iter_mut().for_each(normalise_locations),
        _ => {}
    }
}

/// The report as text (what `write` writes), for tests and callers that want it whole.
pub fn render(input: &ReportInput) -> String {
    let mut out = Vec::new();
    // Writing to memory fails only if serialising does, which these types never do.
    if let Err(e) = write(input, &mut out) {
        return format!("{{\"error\": \"{e}\"}}\n");
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report, pretty-printed and followed by a newline, to `out` as it is serialised:
/// the findings are converted one at a time, never held whole as JSON.
pub fn write(input: &ReportInput, out: &mut dyn Write) -> io::Result<()> {
    let r = input.report;
    let report = Output {
        version: 1,
        tool: Tool {
            name: "hybridlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        run: Run {
            now: &r.run.now,
            now_given: r.run.now_given,
            config_files: &r.run.config_files,
            facts: &r.run.facts,
            rules_not_run: &r.rules_not_run,
        },
        findings: LazySeq(|| {
            r.findings
                .iter()
                .zip(crate::fingerprint::each_entry(
                    &r.findings,
                    &r.run.fingerprint_base,
                ))
                .map(|(f, e)| finding(f, e.fingerprint))
        }),
        summary: Summary {
            error: r.count(Severity::Error),
            warning: r.count(Severity::Warning),
            info: r.count(Severity::Info),
            files: r.files,
            suppressed: r.suppressed,
            baselined: r.baselined,
        },
        checklist: r.checklist.as_ref().map(with_report_locations),
        diagnoses: r.diagnoses.iter().map(with_report_locations).collect(),
        deployments: r.deployments.iter().map(with_report_locations).collect(),
    };
    write_pretty_line(&report, out)
}

/// `value` as pretty-printed JSON and a newline, as the JSON and SARIF reports end. Written
/// through a buffer of a concrete type: serde_json writes a few bytes at a time, and each write
/// through `dyn Write` was a call that could not be inlined.
pub(super) fn write_pretty_line(value: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, value)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}
