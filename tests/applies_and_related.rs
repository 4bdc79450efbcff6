//! Applies, then checks; related locations; typed SPN subjects (issue #15 items 2, 3 and 7), as
//! the reports show them: a rule that had nothing to judge is "not checked" with its reason
//! (never a pass) in JUnit, SARIF, the human count and `diagnose`; a failed command's finding
//! carries its error record as a related location in every format; an SPN finding lands on the
//! step of the pool it is about, even when another pool's FQDN is part of that pool's name.

mod common;

use std::path::Path;

use common::{check_json, run};
use serde_json::Value;

const FAILED: &str = "fixtures/rules/transcript/command-failed/trigger";
const NOW: &str = "2026-01-01";

fn sarif(path: &str) -> Value {
    let (_, out, err) = run(&["check", path, "--now", NOW, "--format", "sarif"]);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("SARIF: {e}\n{err}"))
}

#[test]
fn a_rule_with_nothing_to_judge_is_not_checked_with_its_reason_never_passed() {
    // The transcript holds no certificate: the certificate rules did not look at one.
    let log = sarif(FAILED);
    let props = &log["runs"][0]["invocations"][0]["properties"];
    let passed: Vec<&str> = props["rulesPassed"]
        .as_array()
        .expect("rulesPassed")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let not_checked = props["rulesNotChecked"]
        .as_array()
        .expect("rulesNotChecked");
    let reason_of = |rule: &str| {
        not_checked
            .iter()
            .find(|n| n["rule"] == rule)
            .and_then(|n| n["reason"].as_str())
            .map(str::to_string)
    };
    assert_eq!(
        reason_of("cert/expired").as_deref(),
        Some("the evidence holds no certificate")
    );
    assert!(!passed.contains(&"cert/expired"), "{passed:?}");
    // A rule that looked at the transcript and found nothing passed.
    assert!(passed.contains(&"tenant/credential-dates"), "{passed:?}");
    // A rule that fired is neither.
    assert!(!passed.contains(&"transcript/command-failed"));
    assert!(reason_of("transcript/command-failed").is_none());

    // JUnit: a skipped case with the reason; the human output counts all three.
    let (_, junit, _) = run(&["check", FAILED, "--now", NOW, "--format", "junit"]);
    assert!(
        junit.contains(
            "name=\"cert/expired\">\n      <skipped>the evidence holds no certificate</skipped>"
        ),
        "{junit}"
    );
    let (_, human, _) = run(&["check", FAILED, "--now", NOW]);
    let count = human
        .lines()
        .find(|l| l.starts_with("rules: "))
        .unwrap_or_else(|| panic!("no count line: {human}"));
    assert!(
        count.contains(&format!("{} checked and passed", passed.len()))
            && count.contains(&format!("{} not checked", not_checked.len())),
        "{count}"
    );
}

#[test]
fn diagnose_rules_out_only_by_a_rule_that_checked_and_says_why_another_did_not() {
    let (_, out, err) = run(&["diagnose", FAILED, "--now", NOW]);
    assert!(
        out.contains("not checked: cert/expired, because the evidence holds no certificate"),
        "{out}\n{err}"
    );
    assert!(
        out.contains("tenant/credential-dates: checked and passed:"),
        "{out}"
    );
}

#[test]
fn a_failed_command_carries_its_error_record_as_a_related_location() {
    let (_, report) = check_json(Path::new(FAILED), &["--now", NOW]);
    let f = common::findings_of(&report, "transcript/command-failed");
    let f = f.first().expect("a command-failed finding");
    assert!(
        !f["message"].as_str().unwrap_or("").contains("at line"),
        "{f}"
    );
    assert_eq!(f["location"]["line"], 26);
    assert_eq!(f["related"][0]["location"]["line"], 27);
    assert_eq!(f["related"][0]["message"], "the error record");

    let log = sarif(FAILED);
    let result = log["runs"][0]["results"]
        .as_array()
        .and_then(|r| {
            r.iter()
                .find(|r| r["ruleId"] == "transcript/command-failed")
        })
        .expect("SARIF result");
    let related = &result["relatedLocations"][0];
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 27);
    assert_eq!(related["message"]["text"], "the error record");

    // The human output draws the error record's line under the command's.
    let (_, human, _) = run(&["check", FAILED, "--now", NOW, "--select", "transcript"]);
    assert!(
        human.contains("27 | New-MsolServicePrincipalCredential : Invalid value"),
        "{human}"
    );
    assert!(human.contains("the error record"), "{human}");
    // One-location formats name it in the text.
    let (_, github, _) = run(&["check", FAILED, "--now", NOW, "--format", "github"]);
    assert!(github.contains("(the error record: "), "{github}");
}

#[test]
fn an_spn_finding_lands_on_the_step_of_the_pool_it_is_about() {
    // Two pools, `b.contoso.com` (its SPN added) and `web.contoso.com` (not): the missing SPN's
    // message names `…/web.contoso.com`, which contains `b.contoso.com`. Matching steps by
    // message text filed it under the wrong pool; the rule's subject does not.
    let dir = tempfile::tempdir().expect("tempdir");
    let from = common::root().join("fixtures/clean-graph");
    for entry in std::fs::read_dir(&from).expect("fixture") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name");
        let bytes = std::fs::read(&path).expect("read");
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) if name.to_string_lossy().ends_with(".toml") => {
                let mut out = String::new();
                for line in t.lines() {
                    if line.starts_with("web-fqdns") {
                        out.push_str("web-fqdns = [\"b.contoso.com\", \"web.contoso.com\"]\n");
                    } else {
                        out.push_str(line);
                        out.push('\n');
                    }
                }
                out.into_bytes()
            }
            Ok(t) => t
                .replace("lyncweb.contoso.com", "b.contoso.com")
                .into_bytes(),
            Err(_) => bytes,
        };
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let (_, report) = check_json(dir.path(), &["--now", "2024-07-01"]);
    let status = |id: &str| {
        report["checklist"]["steps"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["id"] == id))
            .map(|s| s["status"].clone())
            .unwrap_or_else(|| panic!("no step {id}: {report}"))
    };
    assert_eq!(status("spn:web.contoso.com"), "missing", "{report}");
    assert_eq!(status("spn:b.contoso.com"), "done", "{report}");
}
