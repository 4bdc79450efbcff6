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
use super::json_findings::{self, Shown};
use crate::findings::Severity;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
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
struct Run<'a> {
    /// `--now`, or the day of the run when it was not given (`now_given` false).
    now: &'a str,
    now_given: bool,
    config_files: &'a [String],
    facts: &'a crate::run_report::RunFacts,
    rules_not_run: &'a [crate::run_report::NotRun],
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
                if let Ok(v) = serde_json::to_value(Shown::of(&l)) {
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
/// the findings are written one at a time (`json_findings`), never held whole as JSON. The
/// report's fields, in this order: `version`, `tool`, `run`, `findings`, `summary`, then
/// `checklist`, `diagnoses` and `deployments` when they have something to say.
pub fn write(input: &ReportInput, out: &mut dyn Write) -> io::Result<()> {
    let r = input.report;
    let tool = Tool {
        name: "hybridlint",
        version: env!("CARGO_PKG_VERSION"),
    };
    let run = Run {
        now: &r.run.now,
        now_given: r.run.now_given,
        config_files: &r.run.config_files,
        facts: &r.run.facts,
        rules_not_run: &r.rules_not_run,
    };
    let summary = Summary {
        error: r.count(Severity::Error),
        warning: r.count(Severity::Warning),
        info: r.count(Severity::Info),
        files: r.files,
        suppressed: r.suppressed,
        baselined: r.baselined,
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(b"{\n  \"version\": 1")?;
    field(&mut out, "tool", &tool)?;
    field(&mut out, "run", &run)?;
    out.write_all(b",\n  \"findings\": ")?;
    let fingerprints =
        crate::fingerprint::each_entry(&r.findings, &r.run.fingerprint_base).fingerprints();
    json_findings::write(&mut out, r.findings.iter().zip(fingerprints))?;
    field(&mut out, "summary", &summary)?;
    if let Some(checklist) = &r.checklist {
        field(&mut out, "checklist", &with_report_locations(checklist))?;
    }
    if !r.diagnoses.is_empty() {
        let diagnoses: Vec<_> = r.diagnoses.iter().map(with_report_locations).collect();
        field(&mut out, "diagnoses", &diagnoses)?;
    }
    if !r.deployments.is_empty() {
        let deployments: Vec<_> = r.deployments.iter().map(with_report_locations).collect();
        field(&mut out, "deployments", &deployments)?;
    }
    out.write_all(b"\n}\n")?;
    out.flush()
}

/// `,` and a key of the report's top level with its value, pretty-printed as serde_json prints
/// it one level down.
fn field(out: &mut impl Write, name: &str, value: &impl Serialize) -> io::Result<()> {
    json_findings::field_at(out, false, 1, name, value)
}
