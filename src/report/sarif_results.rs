//! The SARIF log's `results` array, written straight from the findings as serde_json's pretty
//! printer wrote the result structures (the reference kept in the tests), byte for byte.
//! Converting each finding into those structures and serialising them field by field through
//! serde was most of what a SARIF report of tens of thousands of findings cost beyond the run.

use std::collections::HashMap;
use std::io::{self, Write};

use super::json_findings::{indent, key, number, string};
use super::sarif::{
    Artifacts, PhysicalLocation, Region, fingerprint, level, path_to_uri, physical,
};
use crate::findings::{Finding, SuppressionKind};
use crate::rule_description::RuleDescription;

/// Where the results array sits: its items at this depth (the log's `runs[0].results`).
const ITEM_DEPTH: usize = 4;

/// What every result is written with: the rules' indices and the files' URIs.
pub(super) struct Context<'a> {
    /// Each rule id's index in the driver's rules; the first when an id is repeated.
    rule_index: HashMap<&'a str, usize>,
    artifacts: &'a Artifacts<'a>,
}

impl<'a> Context<'a> {
    pub(super) fn new(rules: &'a [RuleDescription], artifacts: &'a Artifacts<'a>) -> Context<'a> {
        let mut rule_index = HashMap::with_capacity(rules.len());
        for (i, r) in rules.iter().enumerate() {
            rule_index.entry(r.id.as_str()).or_insert(i);
        }
        Context {
            rule_index,
            artifacts,
        }
    }
}

/// A finding a suppression hid: how, and the reason given.
pub(super) type Hidden<'a> = (SuppressionKind, &'a str);

/// Writes the array of `results`, each a finding and, for a hidden one, its suppression.
pub(super) fn write<'a>(
    out: &mut impl Write,
    results: impl Iterator<Item = (&'a Finding, Option<Hidden<'a>>)>,
    cx: &Context,
) -> io::Result<()> {
    let mut any = false;
    for (f, hidden) in results {
        open_item(out, any, ITEM_DEPTH)?;
        any = true;
        result(out, f, hidden, cx)?;
    }
    if any {
        close(out, ITEM_DEPTH - 1, b"]")
    } else {
        out.write_all(b"[]")
    }
}

/// One result: an object whose keys sit one level below the array's items.
fn result(
    out: &mut impl Write,
    f: &Finding,
    hidden: Option<Hidden>,
    cx: &Context,
) -> io::Result<()> {
    const D: usize = ITEM_DEPTH + 1;
    key(out, true, D, "ruleId")?;
    string(out, &f.rule)?;
    if let Some(i) = cx.rule_index.get(f.rule.as_str()) {
        key(out, false, D, "ruleIndex")?;
        number(out, *i)?;
    }
    key(out, false, D, "level")?;
    string(out, level(f.severity))?;
    key(out, false, D, "message")?;
    text(out, D + 1, &f.message)?;
    if let Some(l) = &f.location {
        key(out, false, D, "locations")?;
        open_item(out, false, D + 1)?;
        key(out, true, D + 2, "physicalLocation")?;
        physical_location(
            out,
            D + 3,
            &physical(l, f.source_line.as_ref(), cx.artifacts),
        )?;
        close(out, D + 1, b"}")?;
        close(out, D, b"]")?;
    }
    if !f.related.is_empty() {
        // Ids count from 1 in the order the rule gave the places.
        key(out, false, D, "relatedLocations")?;
        for (i, r) in f.related.iter().enumerate() {
            open_item(out, i > 0, D + 1)?;
            key(out, true, D + 2, "id")?;
            number(out, i + 1)?;
            key(out, false, D + 2, "physicalLocation")?;
            physical_location(
                out,
                D + 3,
                &physical(&r.location, r.source_line.as_ref(), cx.artifacts),
            )?;
            key(out, false, D + 2, "message")?;
            text(out, D + 3, &r.message)?;
            close(out, D + 1, b"}")?;
        }
        close(out, D, b"]")?;
    }
    key(out, false, D, "partialFingerprints")?;
    out.write_all(b"{")?;
    key(out, true, D + 1, super::sarif::FINGERPRINT_KEY)?;
    string(out, &fingerprint(f))?;
    close(out, D, b"}")?;
    if let Some((kind, justification)) = hidden {
        key(out, false, D, "suppressions")?;
        open_item(out, false, D + 1)?;
        key(out, true, D + 2, "kind")?;
        string(
            out,
            match kind {
                SuppressionKind::InSource => "inSource",
                SuppressionKind::External => "external",
            },
        )?;
        key(out, false, D + 2, "justification")?;
        string(out, justification)?;
        close(out, D + 1, b"}")?;
        close(out, D, b"]")?;
    }
    if let Some(edit) = super::text_edit::of(f) {
        // A fix that is an edit of a script: the replacement in SARIF's own terms.
        key(out, false, D, "fixes")?;
        open_item(out, false, D + 1)?;
        key(out, true, D + 2, "description")?;
        text(out, D + 3, &format!("Replace with `{}`", edit.replacement))?;
        key(out, false, D + 2, "artifactChanges")?;
        open_item(out, false, D + 3)?;
        key(out, true, D + 4, "artifactLocation")?;
        out.write_all(b"{")?;
        key(out, true, D + 5, "uri")?;
        let uri = f.location.as_ref().map(|l| path_to_uri(&l.path));
        string(out, uri.as_deref().unwrap_or_default())?;
        close(out, D + 4, b"}")?;
        key(out, false, D + 4, "replacements")?;
        open_item(out, false, D + 5)?;
        key(out, true, D + 6, "deletedRegion")?;
        region(
            out,
            D + 7,
            &Region {
                start_line: edit.line,
                start_column: Some(edit.start_column),
                end_column: Some(edit.end_column),
            },
        )?;
        key(out, false, D + 6, "insertedContent")?;
        text(out, D + 7, &edit.replacement)?;
        close(out, D + 5, b"}")?;
        close(out, D + 4, b"]")?;
        close(out, D + 3, b"}")?;
        close(out, D + 2, b"]")?;
        close(out, D + 1, b"}")?;
        close(out, D, b"]")?;
    }
    if let Some(fix) = &f.fix {
        // The paste-ready fix always travels here too (see the SARIF report's module).
        key(out, false, D, "properties")?;
        out.write_all(b"{")?;
        key(out, true, D + 1, "fix")?;
        string(out, fix)?;
        close(out, D, b"}")?;
    }
    close(out, ITEM_DEPTH, b"}")
}

/// `{"artifactLocation": …, "region": …}` with its keys at `depth`.
fn physical_location(out: &mut impl Write, depth: usize, p: &PhysicalLocation) -> io::Result<()> {
    out.write_all(b"{")?;
    key(out, true, depth, "artifactLocation")?;
    out.write_all(b"{")?;
    key(out, true, depth + 1, "uri")?;
    string(out, &p.artifact_location.uri)?;
    if let Some(i) = p.artifact_location.index {
        key(out, false, depth + 1, "index")?;
        number(out, i)?;
    }
    close(out, depth, b"}")?;
    if let Some(r) = &p.region {
        key(out, false, depth, "region")?;
        region(out, depth + 1, r)?;
    }
    close(out, depth - 1, b"}")
}

/// `{"startLine", "startColumn"?, "endColumn"?}` with its keys at `depth`.
fn region(out: &mut impl Write, depth: usize, r: &Region) -> io::Result<()> {
    out.write_all(b"{")?;
    key(out, true, depth, "startLine")?;
    number(out, r.start_line)?;
    for (name, value) in [("startColumn", r.start_column), ("endColumn", r.end_column)] {
        if let Some(n) = value {
            key(out, false, depth, name)?;
            number(out, n)?;
        }
    }
    close(out, depth - 1, b"}")
}

/// `{"text": …}` with its key at `depth`.
fn text(out: &mut impl Write, depth: usize, s: &str) -> io::Result<()> {
    out.write_all(b"{")?;
    key(out, true, depth, "text")?;
    string(out, s)?;
    close(out, depth - 1, b"}")
}

/// An array's item that is an object, opened at `depth`: the array's `[` first, else a comma.
fn open_item(out: &mut impl Write, after_another: bool, depth: usize) -> io::Result<()> {
    out.write_all(if after_another { b",\n" } else { b"[\n" })?;
    indent(out, depth)?;
    out.write_all(b"{")
}

/// Closes an object or array whose opening line sits at `depth`.
fn close(out: &mut impl Write, depth: usize, bracket: &[u8]) -> io::Result<()> {
    out.write_all(b"\n")?;
    indent(out, depth)?;
    out.write_all(bracket)
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;
    use crate::findings::{Related, Severity, SourceLine};
    use crate::model::Location;
    use crate::report::sarif::ArtifactLocation;

    // The result structures serde serialised before: the reference for the hand-written text.

    #[derive(Serialize)]
    struct Text<'a> {
        text: &'a str,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct SarifFix {
        description: OwnedText,
        artifact_changes: Vec<ArtifactChange>,
    }

    #[derive(Serialize)]
    struct OwnedText {
        text: String,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct ArtifactChange {
        artifact_location: ArtifactLocation,
        replacements: Vec<Replacement>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Replacement {
        deleted_region: Region,
        inserted_content: OwnedText,
    }

    #[derive(Serialize)]
    struct Suppression<'a> {
        kind: crate::findings::SuppressionKind,
        justification: &'a str,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct SarifResult<'a> {
        rule_id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        rule_index: Option<usize>,
        level: &'static str,
        message: Text<'a>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        locations: Vec<ResultLocation>,
        /// Other places the finding is about, each saying what it is.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        related_locations: Vec<RelatedLocation<'a>>,
        partial_fingerprints: Fingerprints,
        /// Present (possibly empty) only for findings an ignore or inline comment hid.
        #[serde(skip_serializing_if = "Option::is_none")]
        suppressions: Option<Vec<Suppression<'a>>>,
        /// When the fix is a text edit of a script (see `text_edit`): the replacement.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        fixes: Vec<SarifFix>,
        #[serde(skip_serializing_if = "Option::is_none")]
        properties: Option<ResultProperties<'a>>,
    }

    #[derive(Serialize)]
    struct Fingerprints {
        #[serde(rename = "hybridlint/v1")]
        v1: String,
    }

    #[derive(Serialize)]
    struct ResultProperties<'a> {
        /// The paste-ready fix. SARIF's own `fixes` describe replacements in the analysed file; only
        /// a fix that is an edit of a script is also one of those (a transcript is a record, not the
        /// thing to change), so the fix always travels here too.
        fix: &'a str,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct ResultLocation {
        physical_location: PhysicalLocation,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct RelatedLocation<'a> {
        id: usize,
        physical_location: PhysicalLocation,
        message: Text<'a>,
    }

    fn result<'a>(
        f: &'a Finding,
        rules: &[RuleDescription],
        artifacts: &Artifacts,
    ) -> SarifResult<'a> {
        let locations = f
            .location
            .iter()
            .map(|l| ResultLocation {
                physical_location: physical(l, f.source_line.as_ref(), artifacts),
            })
            .collect();
        // The other places the finding is about (the error record beside the failed command), each
        // with what it is; ids count from 1 in the order the rule gave them.
        let related_locations = f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| RelatedLocation {
                id: i + 1,
                physical_location: physical(&r.location, r.source_line.as_ref(), artifacts),
                message: Text { text: &r.message },
            })
            .collect();
        SarifResult {
            rule_id: &f.rule,
            rule_index: rules.iter().position(|r| r.id == f.rule),
            level: level(f.severity),
            message: Text { text: &f.message },
            locations,
            related_locations,
            partial_fingerprints: Fingerprints { v1: fingerprint(f) },
            suppressions: None,
            fixes: crate::report::text_edit::of(f)
                .into_iter()
                .map(|edit| SarifFix {
                    description: OwnedText {
                        text: format!("Replace with `{}`", edit.replacement),
                    },
                    artifact_changes: vec![ArtifactChange {
                        artifact_location: ArtifactLocation {
                            uri: f
                                .location
                                .as_ref()
                                .map(|l| path_to_uri(&l.path))
                                .unwrap_or_default(),
                            index: None,
                        },
                        replacements: vec![Replacement {
                            deleted_region: Region {
                                start_line: edit.line,
                                start_column: Some(edit.start_column),
                                end_column: Some(edit.end_column),
                            },
                            inserted_content: OwnedText {
                                text: edit.replacement,
                            },
                        }],
                    }],
                })
                .collect(),
            properties: f.fix.as_deref().map(|fix| ResultProperties { fix }),
        }
    }

    /// The results inside a log's one run, as serde wrote them.
    fn by_serde(results: Vec<SarifResult>) -> String {
        #[derive(Serialize)]
        struct Run<'a> {
            results: Vec<SarifResult<'a>>,
        }
        #[derive(Serialize)]
        struct Log<'a> {
            runs: [Run<'a>; 1],
        }
        serde_json::to_string_pretty(&Log {
            runs: [Run { results }],
        })
        .expect("serialises")
    }

    /// The same, with the results written by hand.
    fn by_hand(findings: &[(Finding, Option<Hidden>)], rules: &[RuleDescription]) -> String {
        let artifacts = Artifacts::of(findings.iter().map(|(f, _)| f));
        let cx = Context::new(rules, &artifacts);
        let mut out = b"{\n  \"runs\": [\n    {\n      \"results\": ".to_vec();
        write(&mut out, findings.iter().map(|(f, h)| (f, *h)), &cx).expect("writes to memory");
        out.extend_from_slice(b"\n    }\n  ]\n}");
        String::from_utf8(out).expect("UTF-8")
    }

    fn reference(findings: &[(Finding, Option<Hidden>)], rules: &[RuleDescription]) -> String {
        let artifacts = Artifacts::of(findings.iter().map(|(f, _)| f));
        by_serde(
            findings
                .iter()
                .map(|(f, hidden)| {
                    let mut r = result(f, rules, &artifacts);
                    r.suppressions = hidden.map(|(kind, justification)| {
                        vec![Suppression {
                            kind,
                            justification,
                        }]
                    });
                    r
                })
                .collect(),
        )
    }

    fn rule(id: &str) -> RuleDescription {
        RuleDescription {
            id: id.to_string(),
            name: "Name".to_string(),
            severity: Severity::Warning,
            summary: "summary".to_string(),
            explanation: "explanation".to_string(),
            fix: "fix".to_string(),
            references: Vec::new(),
        }
    }

    fn finding(rule: &str, message: &str) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            message: message.to_string(),
            location: None,
            fix: None,
            source_line: None,
            related: Vec::new(),
            subject: None,
        }
    }

    #[test]
    fn results_are_written_as_serde_json_wrote_them() {
        let rules = [
            rule("cert/expired"),
            rule("guid/truncated"),
            rule("cert/expired"),
        ];
        assert_eq!(by_hand(&[], &rules), reference(&[], &rules));
        let texts = crate::report::awkward_text::texts();
        let mut findings = Vec::new();
        for (i, text) in texts.iter().map(String::as_str).enumerate() {
            for variant in 0..6 {
                let id = ["cert/expired", "guid/truncated", "not/in-catalogue"][variant % 3];
                let mut f = finding(id, text);
                f.severity =
                    [Severity::Error, Severity::Warning, Severity::Info][(i + variant) % 3];
                f.source_line = (variant % 2 == 0).then(|| SourceLine {
                    text: format!("  {text} Set-X -AppId 123  "),
                });
                f.location = match variant {
                    0 => None,
                    1 => Some(Location::file(format!("dir/{text}.cer"))),
                    2 => Some(Location::new("C:\\x\\50%.ps1", 3, 7, 4)),
                    3 => Some(Location::new("a b.txt", 12, 0, 0)),
                    4 => Some(Location::new("a.txt", 12, 5, 0)),
                    _ => Some(Location::new("a.txt", 2, 1, 9)),
                };
                if (i + variant) % 2 == 1 {
                    f.fix = Some(format!("fix {text}"));
                }
                if variant % 3 == 1 {
                    f.related = vec![
                        Related {
                            location: Location::new("b.txt", 2, 1, 9),
                            message: text.to_string(),
                            source_line: None,
                        },
                        Related {
                            location: Location::file("c.txt"),
                            message: "the other".to_string(),
                            source_line: Some(SourceLine {
                                text: "x".to_string(),
                            }),
                        },
                    ];
                }
                let hidden = match (i + variant) % 4 {
                    0 => Some((SuppressionKind::InSource, "inline comment")),
                    1 => Some((SuppressionKind::External, text)),
                    _ => None,
                };
                findings.push((f, hidden));
            }
        }
        // A fix that is an edit of a script: SARIF's own `fixes`.
        let mut edit = finding("guid/truncated", "truncated");
        edit.location = Some(Location::new("s.ps1", 4, 14, 3));
        edit.source_line = Some(SourceLine {
            text: "Set-X -AppId 123".to_string(),
        });
        edit.fix = Some("Set-X -AppId 456".to_string());
        assert!(crate::report::text_edit::of(&edit).is_some());
        findings.push((edit, None));
        assert_eq!(
            by_hand(&findings[..1], &rules),
            reference(&findings[..1], &rules)
        );
        assert_eq!(by_hand(&findings, &rules), reference(&findings, &rules));
    }
}
