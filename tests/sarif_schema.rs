//! Validates the SARIF reporter's output against the SARIF 2.1.0 JSON schema (see
//! tests/schemas/README.md for where the schema comes from), with format checks on so that bad
//! URIs fail too. A broken document must fail, so the test can catch a regression.

use hybridlint::findings::{Finding, Severity, SourceLine, SuppressedFinding, SuppressionKind};
use hybridlint::model::Location;
use hybridlint::report::{ReportInput, sarif};
use hybridlint::run_report::{Report, RunInfo};
use serde_json::Value;

const SCHEMA: &str = include_str!("schemas/sarif-schema-2.1.0.json");

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the committed schema is JSON");
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the committed schema compiles")
}

/// Every validation error, one per line with its JSON pointer, or an empty string.
fn errors(doc: &Value) -> String {
    validator()
        .iter_errors(doc)
        .map(|e| format!("{}: {e}\n", e.instance_path()))
        .collect()
}

fn finding(
    rule: &str,
    severity: Severity,
    location: Option<Location>,
    source: Option<&str>,
    fix: Option<&str>,
) -> Finding {
    Finding {
        related: Vec::new(),
        subject: None,
        rule: rule.into(),
        severity,
        message: format!("{rule} fired"),
        location,
        fix: fix.map(String::from),
        source_line: source.map(|t| SourceLine { text: t.into() }),
    }
}

fn sample_report() -> Report {
    Report {
        findings: vec![
            finding(
                "test/spn-missing",
                Severity::Error,
                Some(Location::new("transcripts/run 1.txt", 12, 5, 7)),
                Some("PS C:\\> Set-CsOAuthConfiguration -Realm contoso.com"),
                Some(
                    "Set-CsOAuthConfiguration -ServiceName 00000004-0000-0ff1-ce00-000000000000\n  -Realm contoso.com",
                ),
            ),
            finding(
                "test/expires-soon",
                Severity::Warning,
                Some(Location::new("Zertifikate/Übergabe.cer", 3, 1, 0)),
                Some("Gültig bis: 2015-01-01\t"),
                None,
            ),
            finding(
                "test/der-encoded",
                Severity::Info,
                Some(Location::file("certs\\oauth.cer")),
                None,
                Some("certutil -encode oauth.cer oauth.b64"),
            ),
            finding("tenant/general", Severity::Info, None, None, None),
            finding(
                "script/column-zero",
                Severity::Warning,
                Some(Location::new("C:\\evidence\\setup 50%.ps1", 4, 0, 0)),
                None,
                None,
            ),
            // A finding about two places: its related location (another file) is a
            // relatedLocation with its own region and message.
            Finding {
                related: vec![hybridlint::findings::Related {
                    location: Location::new("transcripts/run 2.txt", 27, 1, 0),
                    message: "the error record".into(),
                    source_line: Some(SourceLine {
                        text: "New-MsolServicePrincipalCredential : Invalid value".into(),
                    }),
                }],
                ..finding(
                    "transcript/command-failed",
                    Severity::Error,
                    Some(Location::new("transcripts/run 1.txt", 26, 24, 34)),
                    None,
                    None,
                )
            },
        ],
        files: 4,
        suppressed: 1,
        suppressed_findings: vec![SuppressedFinding {
            finding: finding(
                "test/der-encoded",
                Severity::Info,
                Some(Location::new("certs/legacy.cer", 1, 1, 0)),
                None,
                None,
            ),
            kind: SuppressionKind::External,
            justification: "the CA hands out DER only (CHG-1187)".into(),
        }],
        rules_run: vec!["test/spn-missing".into(), "test/weak-key".into()],
        rules_passed: vec!["test/weak-key".into()],
        rules_not_run: vec![hybridlint::run_report::NotRun {
            rule: "test/expired".into(),
            reason: "the evidence holds no certificate".into(),
        }],
        run: RunInfo {
            now: "2017-03-14".into(),
            now_given: true,
            arguments: vec![
                "check".into(),
                ".".into(),
                "--now".into(),
                "2017-03-14".into(),
            ],
            ..RunInfo::default()
        },
        ..Report::default()
    }
}

/// A rule file for the test, so the driver's rule descriptors are exercised even while the
/// built-in catalogue is small or empty.
fn test_rule(id: &str, severity: &str) -> hybridlint::rules::Rule {
    let text = format!(
        r#"
name = "TestRule"
severity = "{severity}"
summary = "Something is wrong with `{id}`"
explanation = """
What breaks: Exchange Online cannot get a token — "Übergabe" fails.
"""
fix = """
Run:
    Set-CsOAuthConfiguration -Realm contoso.com
"""
references = ["https://learn.microsoft.com/example", "a blog post"]

[[check]]
kind = "line-pattern"
pattern = "never-matches-anything"
message = "m"
"#
    );
    hybridlint::rules::catalogue::parse_rule(id, &text, "test")
        .unwrap_or_else(|e| panic!("test rule {id}: {e}"))
}

fn render(report: &Report) -> Value {
    let mut rules = hybridlint::rules::catalogue::load(&[]).expect("the built-in catalogue loads");
    rules.push(test_rule("test/spn-missing", "error"));
    rules.push(test_rule("test/expires-soon", "warning"));
    rules.push(test_rule("test/der-encoded", "info"));
    let descriptions: Vec<_> = rules.iter().map(|r| r.description()).collect();
    let text = sarif::render(&ReportInput {
        report,
        rules: &descriptions,
        color: false,
        display: Default::default(),
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("SARIF output is not JSON: {e}\n{text}"))
}

#[test]
fn sarif_output_is_valid() {
    let doc = render(&sample_report());
    let errs = errors(&doc);
    assert!(errs.is_empty(), "schema violations:\n{errs}\n{doc:#}");
    // The sample must have exercised what it claims to: six results and a suppressed one.
    let results = doc["runs"][0]["results"].as_array().expect("results array");
    assert_eq!(results.len(), 7);
    // GitHub code scanning rejects a located result without region.startLine: a whole-file
    // finding points at line 1.
    for r in results {
        for l in r["locations"].as_array().into_iter().flatten() {
            assert!(
                l["physicalLocation"]["region"]["startLine"].as_u64() >= Some(1),
                "{r:#}"
            );
        }
    }
    assert_eq!(
        results[2]["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    assert!(results[3].get("locations").is_none());
    assert!(results[0].get("suppressions").is_none());
    assert_eq!(results[6]["suppressions"][0]["kind"], "external");
    assert_eq!(
        results[6]["suppressions"][0]["justification"],
        "the CA hands out DER only (CHG-1187)"
    );
    let related = &results[5]["relatedLocations"][0];
    assert_eq!(related["id"], 1);
    assert_eq!(related["message"]["text"], "the error record");
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 27);
    let invocation = &doc["runs"][0]["invocations"][0];
    assert_eq!(invocation["properties"]["now"], "2017-03-14");
    assert_eq!(invocation["properties"]["rulesPassed"][0], "test/weak-key");
    assert_eq!(
        invocation["properties"]["rulesNotChecked"][0]["reason"],
        "the evidence holds no certificate"
    );
    assert_eq!(invocation["arguments"][3], "2017-03-14");
    assert_eq!(invocation["executionSuccessful"], true);
    let driver_rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules array");
    assert!(driver_rules.len() >= 3);
    let levels: Vec<&Value> = driver_rules
        .iter()
        .rev()
        .take(3)
        .map(|r| &r["defaultConfiguration"]["level"])
        .collect();
    assert_eq!(levels, ["note", "warning", "error"]);
    let i = results[0]["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(driver_rules[i]["id"], results[0]["ruleId"]);
    for rule in driver_rules {
        let id = rule["id"].as_str().expect("id");
        assert_eq!(
            rule["helpUri"].as_str(),
            Some(
                format!("https://github.com/hybridlint/hybridlint/blob/main/docs/rules/{id}.md")
                    .as_str()
            )
        );
    }
}

#[test]
fn empty_report_is_valid() {
    let doc = render(&Report::default());
    let errs = errors(&doc);
    assert!(errs.is_empty(), "schema violations:\n{errs}\n{doc:#}");
}

#[test]
fn broken_documents_fail() {
    let good = render(&sample_report());

    let mut wrong_version = good.clone();
    wrong_version["version"] = Value::from("2.0");
    assert!(
        errors(&wrong_version).contains("/version"),
        "version 2.0 accepted"
    );

    let mut bad_level = good.clone();
    bad_level["runs"][0]["results"][0]["level"] = Value::from("info");
    assert!(
        errors(&bad_level).contains("/runs/0/results/0/level"),
        "level `info` accepted"
    );

    // A raw space is not allowed in a URI reference: this is what percent-encoding prevents.
    let mut bad_uri = good;
    bad_uri["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from("transcripts/run 1.txt");
    assert!(
        errors(&bad_uri).contains("/artifactLocation/uri"),
        "a URI with a space accepted"
    );
}

/// A fix that is a text edit of a script (an id typed one digit short) travels as a SARIF `fix`
/// whose replacement turns the script's line into the fixed one; the document stays valid.
#[test]
fn text_edit_fixes_are_sarif_fixes() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "fixtures/rules/guid/truncated/trigger",
            "--now",
            "2025-06-01",
            "--format",
            "sarif",
        ])
        .output()
        .expect("hybridlint runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let errs = errors(&doc);
    assert!(errs.is_empty(), "schema violations:\n{errs}");
    let results = doc["runs"][0]["results"].as_array().expect("results");
    let truncated = results
        .iter()
        .find(|r| r["ruleId"] == "guid/truncated")
        .expect("the finding");
    let replacement = &truncated["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(
        replacement["insertedContent"]["text"],
        "00000004-0000-0ff1-ce00-000000000000"
    );
    let region = &replacement["deletedRegion"];
    let script = std::fs::read_to_string(
        "fixtures/rules/guid/truncated/trigger/Lync-ExchangeOnline-OAuth.ps1",
    )
    .expect("the script");
    let line: Vec<char> = script
        .lines()
        .nth(region["startLine"].as_u64().expect("line") as usize - 1)
        .expect("the line")
        .chars()
        .collect();
    let start = region["startColumn"].as_u64().expect("start") as usize - 1;
    let end = region["endColumn"].as_u64().expect("end") as usize - 1;
    assert_eq!(
        line[start..end].iter().collect::<String>(),
        "00000004-0000-0ff1-ce00-00000000000",
        "the region is the mistyped id"
    );
    // Findings whose fix is not an edit of the file carry none.
    assert!(
        results
            .iter()
            .filter(|r| r["ruleId"] != "guid/truncated")
            .all(|r| r.get("fixes").is_none())
    );
}
