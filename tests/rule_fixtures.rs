//! Every rule against its fixtures: `fixtures/rules/<id>/trigger` must produce at least one finding
//! of the rule, `fixtures/rules/<id>/pass` none, and `fixtures/rules/<id>/unknown` (where the rule's
//! key value is one only run time knows) no error or warning; the trigger's findings of that rule are pinned by
//! an insta snapshot per rule (reviewed, not blindly accepted).

mod common;

use hybridlint::rules::catalogue;

/// Rule fixtures are judged as of this day, so certificates and credentials in them do not rot.
const NOW: &str = "2025-06-01";

fn rule_findings(id: &str, kind: &str) -> Vec<serde_json::Value> {
    // Relative to the repository root (where the binary runs), so snapshots hold no machine paths.
    let dir = std::path::Path::new("fixtures/rules").join(id).join(kind);
    let (_, report) = common::check_json(&dir, &["--now", NOW, "--fail-on", "never"]);
    common::findings_of(&report, id)
        .into_iter()
        .cloned()
        .collect()
}

#[test]
fn every_rule_fires_on_its_trigger_and_not_on_its_pass_fixture() {
    let rules = catalogue::load(&[]).expect("catalogue");
    let mut failures = Vec::new();
    for r in &rules {
        let dir = common::root().join("fixtures/rules").join(&r.id);
        if !dir.exists() {
            continue; // reported by rule_catalogue::every_rule_has_trigger_and_pass_fixtures
        }
        let trigger = rule_findings(&r.id, "trigger");
        if trigger.is_empty() {
            failures.push(format!("{}: no finding on its trigger fixture", r.id));
        }
        // Unknown is never wrong: where the rule's key value is one only run time knows, the rule
        // says nothing at error or warning.
        if dir.join("unknown").exists() {
            for f in rule_findings(&r.id, "unknown") {
                if f["severity"] == "error" || f["severity"] == "warning" {
                    failures.push(format!(
                        "{}: {} on its unknown-value fixture: {}",
                        r.id, f["severity"], f["message"]
                    ));
                }
            }
        }
        let pass = rule_findings(&r.id, "pass");
        if !pass.is_empty() {
            failures.push(format!(
                "{}: {} finding(s) on its pass fixture: {}",
                r.id,
                pass.len(),
                pass[0]["message"]
            ));
        }
        if !trigger.is_empty() {
            let name = r.id.replace('/', "__");
            insta::assert_json_snapshot!(name, trigger);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
