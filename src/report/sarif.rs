//! SARIF 2.1.0 output for code-scanning upload, from hand-written serde structs (only the fields
//! hybridlint fills; serde-sarif would bring a heavy build for no gain). One run: the driver lists
//! every catalogue rule with its documentation; each finding becomes a result with a stable
//! partial fingerprint so uploads recognise the same finding after unrelated edits.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use sha1::{Digest, Sha1};

use super::ReportInput;
use super::json_findings::{field_at, key, string};
use crate::findings::{Finding, Severity};
use crate::rule_description::RuleDescription;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/hybridlint/hybridlint";
/// The key of hybridlint's entry in `partialFingerprints`; bump the version if the hashed
/// input ever changes, so old and new fingerprints are never compared as equals.
pub const FINGERPRINT_KEY: &str = "hybridlint/v1";

/// The files the results point at, in the order they are first met, each with its index.
#[derive(Default)]
pub(super) struct Artifacts<'a> {
    uris: Vec<String>,
    index: HashMap<String, usize>,
    /// Each path as the findings give it, with its URI's index: a path's URI is worked out once,
    /// not once for every finding pointing at it.
    by_path: HashMap<&'a str, usize>,
}

impl<'a> Artifacts<'a> {
    /// Every file `findings` point at (each finding's location, then its related ones), in the
    /// order the results meet them.
    pub(super) fn of(findings: impl Iterator<Item = &'a Finding>) -> Artifacts<'a> {
        let mut artifacts = Artifacts::default();
        let mut last: Option<&str> = None;
        for f in findings {
            for l in f
                .location
                .iter()
                .chain(f.related.iter().map(|r| &r.location))
            {
                let path = l.path.as_str();
                // Findings come file by file: most paths are the one just seen.
                if last == Some(path) || artifacts.by_path.contains_key(path) {
                    last = Some(path);
                    continue;
                }
                last = Some(path);
                let uri = path_to_uri(path);
                let at = match artifacts.index.get(&uri) {
                    Some(&at) => at,
                    None => {
                        artifacts.index.insert(uri.clone(), artifacts.uris.len());
                        artifacts.uris.push(uri);
                        artifacts.uris.len() - 1
                    }
                };
                artifacts.by_path.insert(path, at);
            }
        }
        artifacts
    }

    /// The URI of `path` and its index.
    fn of_path(&self, path: &str) -> (String, Option<usize>) {
        match self.by_path.get(path) {
            Some(&at) => (self.uris[at].clone(), Some(at)),
            None => {
                let uri = path_to_uri(path);
                let at = self.index.get(&uri).copied();
                (uri, at)
            }
        }
    }
}

/// How the run was made: its arguments, and the day the evidence was judged at (`--now`) with
/// the config files and facts, so a reader can reproduce the results.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    arguments: &'a [String],
    execution_successful: bool,
    properties: InvocationProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InvocationProperties<'a> {
    now: &'a str,
    now_given: bool,
    config_files: &'a [String],
    facts: &'a crate::run_report::RunFacts,
    /// The deployments of evidence holding several, each judged on its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    deployments: Vec<SarifDeployment<'a>>,
    /// The rules that applied to the evidence, checked it and found nothing (results show the
    /// ones that found something).
    rules_passed: &'a [String],
    /// The selected rules that did not check the evidence, each with why (not applicable to
    /// it, or not run): neither a pass nor a result.
    rules_not_checked: &'a [crate::run_report::NotRun],
}

/// One deployment: its name, its files and its counts (results name the files).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifDeployment<'a> {
    label: &'a str,
    keys: &'a [String],
    files: &'a [String],
    procedures: &'a [String],
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help_uri: String,
    help: Help,
    default_configuration: Configuration,
    properties: DescriptorProperties<'a>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct DescriptorProperties<'a> {
    tags: Vec<&'a str>,
}

#[derive(Serialize)]
struct Artifact {
    location: ArtifactLocation,
}

#[derive(Serialize, Clone)]
pub(super) struct ArtifactLocation {
    pub(super) uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PhysicalLocation {
    pub(super) artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Region {
    pub(super) start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) end_column: Option<u32>,
}

pub(super) fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The log as text (what `write` writes), for tests and callers that want it whole.
pub fn render(input: &ReportInput) -> String {
    let mut out = Vec::new();
    // Writing to memory fails only if serialising does, which these types never do.
    if let Err(e) = write(input, &mut out) {
        return format!("{{\"error\": \"{e}\"}}\n");
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the log, pretty-printed (as serde_json prints it) and followed by a newline, to `out`:
/// the results are written one at a time straight from the findings (`sarif_results`), never
/// held whole; the rest of the log is serialised by serde.
pub fn write(input: &ReportInput, out: &mut dyn Write) -> io::Result<()> {
    let rules = input.rules;
    let report = input.report;
    let artifacts = Artifacts::of(
        report
            .findings
            .iter()
            .chain(report.suppressed_findings.iter().map(|h| &h.finding)),
    );
    let tool = Tool {
        driver: Driver {
            name: "hybridlint",
            version: env!("CARGO_PKG_VERSION"),
            semantic_version: env!("CARGO_PKG_VERSION"),
            information_uri: INFORMATION_URI,
            rules: rules.iter().map(descriptor).collect(),
        },
    };
    let invocations = [Invocation {
        arguments: &report.run.arguments,
        execution_successful: true,
        properties: InvocationProperties {
            now: &report.run.now,
            now_given: report.run.now_given,
            config_files: &report.run.config_files,
            facts: &report.run.facts,
            deployments: report
                .deployments
                .iter()
                .map(|d| SarifDeployment {
                    label: &d.label,
                    keys: &d.keys,
                    files: &d.files,
                    procedures: &d.checklist.procedures,
                    errors: d.errors,
                    warnings: d.warnings,
                })
                .collect(),
            rules_passed: &report.rules_passed,
            rules_not_checked: &report.rules_not_run,
        },
    }];
    let artifact_list: Vec<Artifact> = artifacts
        .uris
        .iter()
        .map(|uri| Artifact {
            location: ArtifactLocation {
                uri: uri.clone(),
                index: None,
            },
        })
        .collect();
    // Hidden findings are results too, marked suppressed, so code scanning shows them dismissed
    // with the reason instead of not at all.
    let results = report.findings.iter().map(|f| (f, None)).chain(
        report
            .suppressed_findings
            .iter()
            .map(|h| (&h.finding, Some((h.kind, h.justification.as_str())))),
    );
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(b"{")?;
    key(&mut out, true, 1, "$schema")?;
    string(&mut out, SCHEMA_URI)?;
    key(&mut out, false, 1, "version")?;
    string(&mut out, "2.1.0")?;
    // One run.
    key(&mut out, false, 1, "runs")?;
    out.write_all(b"[\n    {")?;
    field_at(&mut out, true, 3, "tool", &tool)?;
    // Columns count characters (see `model::Location`), not the UTF-16 units SARIF assumes by
    // default, so say so.
    key(&mut out, false, 3, "columnKind")?;
    string(&mut out, "unicodeCodePoints")?;
    field_at(&mut out, false, 3, "invocations", &invocations)?;
    field_at(&mut out, false, 3, "artifacts", &artifact_list)?;
    key(&mut out, false, 3, "results")?;
    let cx = super::sarif_results::Context::new(rules, &artifacts);
    super::sarif_results::write(&mut out, results, &cx)?;
    out.write_all(b"\n    }\n  ]\n}\n")?;
    out.flush()
}

/// A location in the shape SARIF wants, with its file's index in `artifacts`.
pub(super) fn physical(
    l: &crate::model::Location,
    source_line: Option<&crate::findings::SourceLine>,
    artifacts: &Artifacts,
) -> PhysicalLocation {
    // `Artifacts::of` met every location the results hold, so the index is always there.
    let (uri, index) = artifacts.of_path(&l.path);
    // A finding about a whole file still needs a region: GitHub code scanning rejects
    // results without `startLine`, so it points at line 1.
    let region = Some(if l.is_whole_file() {
        Region {
            start_line: 1,
            start_column: None,
            end_column: None,
        }
    } else {
        let start_column = (l.column > 0).then_some(l.column);
        // SARIF's endColumn is one past the last character. With len 0 (to the end of
        // the line) it comes from the copied source line; without one it is left out,
        // which SARIF reads as "to the end of the line" anyway.
        let end_column = start_column.and_then(|c| {
            if l.len > 0 {
                Some(c.saturating_add(l.len))
            } else {
                let chars = source_line?.text.trim_end().chars().count();
                u32::try_from(chars)
                    .ok()
                    .map(|n| n.saturating_add(1).max(c))
            }
        });
        Region {
            start_line: l.line,
            start_column,
            end_column,
        }
    });
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri, index },
        region,
    }
}

fn descriptor(rule: &RuleDescription) -> Descriptor<'_> {
    let f = rule;
    let mut text = format!("{}\n\nReferences:\n", f.fix.trim());
    let mut markdown = format!("## How to fix it\n\n{}\n\n## References\n\n", f.fix.trim());
    for r in &f.references {
        text.push_str(&format!("- {r}\n"));
        markdown.push_str(&format!("- {r}\n"));
    }
    Descriptor {
        id: &rule.id,
        name: &f.name,
        short_description: Text {
            text: f.summary.trim(),
        },
        full_description: Text {
            text: f.explanation.trim(),
        },
        help_uri: super::doc_url(&rule.id),
        help: Help { text, markdown },
        default_configuration: Configuration {
            level: level(f.severity),
        },
        properties: DescriptorProperties {
            tags: vec![rule.area()],
        },
    }
}

/// A hash of what identifies a finding regardless of where its line moved to: rule id, path
/// (with `/` separators, so Windows and Unix runs agree), the source line with whitespace
/// normalised, and the message. The line number is deliberately left out.
pub fn fingerprint(f: &Finding) -> String {
    let path = f.location.as_ref().map_or("", |l| l.path.as_str());
    // Copied only when it holds a backslash (a Windows path), so most paths are hashed as they are.
    let path = if path.contains('\\') {
        std::borrow::Cow::Owned(path.replace('\\', "/"))
    } else {
        std::borrow::Cow::Borrowed(path)
    };
    // The words of the line, one space between them, built in one buffer.
    let mut line = String::new();
    if let Some(s) = &f.source_line {
        line.reserve(s.text.len());
        for word in s.text.split_whitespace() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    let mut h = Sha1::new();
    // NUL separators: no field can then run into the next one and collide.
    for part in [f.rule.as_str(), &path, &line, &f.message] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    crate::digest_text::lower(&h.finalize())
}

/// A path as given on the command line, turned into a URI reference: `/` separators, and every
/// byte outside the unreserved set percent-encoded (spaces, `%`, `#`, non-ASCII, and `:` so a
/// relative path is never read as a scheme). A Windows drive path becomes a `file:` URI.
pub fn path_to_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let is_drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let (mut uri, rest) = if is_drive {
        (format!("file:///{}:", &path[..1]), &path[2..])
    } else {
        (String::new(), path.as_str())
    };
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::SourceLine;
    use crate::model::Location;
    use crate::run_report::Report;
    use serde_json::Value;

    fn finding(line: u32, src: &str, message: &str) -> Finding {
        Finding {
            related: Vec::new(),
            subject: None,
            rule: "tenant/spn-missing".into(),
            severity: Severity::Info,
            message: message.into(),
            location: Some(Location::new("logs\\run 1.txt", line, 3, 0)),
            fix: Some("Do this.".into()),
            source_line: Some(SourceLine { text: src.into() }),
        }
    }

    fn sarif(findings: Vec<Finding>) -> Value {
        let report = Report {
            findings,
            files: 1,
            ..Report::default()
        };
        let text = render(&ReportInput {
            report: &report,
            rules: &[],
            color: false,
            display: Default::default(),
        });
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn fingerprint_ignores_line_number_and_spacing() {
        let a = finding(10, "  Set-X   -Realm  a", "m");
        let b = finding(99, "Set-X -Realm a\t", "m");
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(
            fingerprint(&a),
            fingerprint(&finding(10, "Set-X -Realm b", "m"))
        );
        assert_ne!(
            fingerprint(&a),
            fingerprint(&finding(10, "Set-X -Realm a", "n"))
        );
        let mut other_rule = a.clone();
        other_rule.rule = "tenant/other".into();
        assert_ne!(fingerprint(&a), fingerprint(&other_rule));
    }

    #[test]
    fn uris() {
        assert_eq!(path_to_uri("a/b.txt"), "a/b.txt");
        assert_eq!(path_to_uri("logs\\run 1.txt"), "logs/run%201.txt");
        assert_eq!(path_to_uri("Zertifikat-für.cer"), "Zertifikat-f%C3%BCr.cer");
        assert_eq!(path_to_uri("C:\\x\\50%.ps1"), "file:///C:/x/50%25.ps1");
        assert_eq!(path_to_uri("a:b"), "a%3Ab");
        assert_eq!(path_to_uri("ab:/c"), "ab%3A/c");
    }

    #[test]
    fn result_shape() {
        let v = sarif(vec![
            finding(7, "PS> Set-X -Realm a", "m"),
            Finding {
                related: Vec::new(),
                subject: None,
                location: Some(Location::file("cert.cer")),
                source_line: None,
                fix: None,
                severity: Severity::Error,
                ..finding(0, "", "whole file")
            },
            Finding {
                related: Vec::new(),
                subject: None,
                location: None,
                ..finding(0, "", "nowhere")
            },
        ]);
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "hybridlint");
        let r = &run["results"];
        assert_eq!(r[0]["level"], "note");
        assert_eq!(r[0]["ruleId"], "tenant/spn-missing");
        assert!(r[0].get("ruleIndex").is_none(), "rule not in the catalogue");
        assert_eq!(r[0]["properties"]["fix"], "Do this.");
        let loc = &r[0]["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "logs/run%201.txt");
        assert_eq!(loc["region"]["startLine"], 7);
        assert_eq!(loc["region"]["startColumn"], 3);
        // "PS> Set-X -Realm a" has 18 characters: to the end of the line is column 19.
        assert_eq!(loc["region"]["endColumn"], 19);
        assert_eq!(r[1]["level"], "error");
        let loc = &r[1]["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "cert.cer");
        assert_eq!(loc["artifactLocation"]["index"], 1);
        // A whole-file finding still has a region (GitHub code scanning requires startLine).
        assert_eq!(loc["region"]["startLine"], 1, "{loc}");
        assert!(loc["region"].get("startColumn").is_none(), "{loc}");
        assert!(r[1].get("properties").is_none());
        assert!(r[2].get("locations").is_none());
        assert_eq!(run["artifacts"].as_array().map(Vec::len), Some(2));
        assert_eq!(
            r[0]["partialFingerprints"][FINGERPRINT_KEY]
                .as_str()
                .map(str::len),
            Some(40)
        );
    }
}
