//! The two Exchange hybrid packs (issue #11 item 4): Exchange Server hybrid OAuth (classic) and the
//! dedicated Exchange hybrid application. Each pack's clean evidence gets no error or warning and
//! nothing of Skype for Business; each planted mistake is recognised as its pack and found by its
//! rule; and the rule whose truth depends on the date is judged on both sides of it at `--now`.

mod common;

use std::path::Path;

use serde_json::Value;

fn check(dir: &str, now: &str) -> Value {
    common::check_json(Path::new(dir), &["--now", now, "--fail-on", "never"]).1
}

fn procedures(report: &Value) -> Vec<String> {
    report["checklist"]["procedures"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Errors and warnings, as `rule: message`.
fn alarms(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error" || f["severity"] == "warning")
        .map(|f| format!("{}: {}", f["rule"], f["message"]))
        .collect()
}

/// Clean evidence of each pack, in several idioms: (folder, --now, the pack).
const CLEAN: &[(&str, &str, &str)] = &[
    // Microsoft's documented procedure, by hand (EMS + Graph).
    (
        "fixtures/procedures/exchange-hybrid-manual",
        "2025-06-01",
        "exchange-hybrid",
    ),
    // The 2013-era UploadAuthCert idiom (MSOnline).
    (
        "fixtures/procedures/exchange-hybrid-msonline",
        "2019-06-20",
        "exchange-hybrid",
    ),
    // A Windows PowerShell 5.1 transcript of the whole procedure.
    (
        "fixtures/procedures/exchange-hybrid-transcript",
        "2019-06-20",
        "exchange-hybrid",
    ),
    // The objects the wizard leaves, printed with Format-List, and a passing OAuth test.
    (
        "fixtures/procedures/exchange-hybrid-printed",
        "2025-06-01",
        "exchange-hybrid",
    ),
    // The dedicated application by hand, split execution (param/begin/process).
    (
        "fixtures/procedures/exchange-hybrid-app",
        "2025-06-01",
        "exchange-hybrid-app",
    ),
    // The dedicated application with Microsoft's script, after the block date.
    (
        "fixtures/procedures/exchange-hybrid-app-script",
        "2025-11-15",
        "exchange-hybrid-app",
    ),
];

#[test]
fn clean_evidence_of_each_pack_has_no_error_or_warning_and_nothing_of_skype_for_business() {
    for (dir, now, pack) in CLEAN {
        let report = check(dir, now);
        assert!(
            procedures(&report).iter().any(|p| p == pack),
            "{dir}: recognised as {:?}",
            procedures(&report)
        );
        assert_eq!(alarms(&report), Vec::<String>::new(), "{dir}");
        for f in report["findings"].as_array().expect("findings") {
            let text = format!("{} {} {}", f["rule"], f["message"], f["fix"]);
            assert!(
                !text.contains("00000004") && !text.contains("Lync"),
                "{dir}: {f}"
            );
        }
    }
}

/// Planted mistakes: (folder, --now, the pack, the rule that must find it at error or warning).
const PLANTED: &[(&str, &str, &str, &str)] = &[
    // Exchange Server hybrid OAuth (classic).
    (
        "fixtures/rules/exchange/auth-config-service-name/trigger",
        "2025-06-01",
        "exchange-hybrid",
        "exchange/auth-config-service-name",
    ),
    (
        "fixtures/rules/exchange/auth-config-realm/trigger",
        "2025-06-01",
        "exchange-hybrid",
        "exchange/auth-config-realm",
    ),
    (
        "fixtures/rules/exchange/auth-server-metadata-url/trigger",
        "2025-06-01",
        "exchange-hybrid",
        "exchange/auth-server-metadata-url",
    ),
    (
        "fixtures/rules/exchange/ioc-discovery-endpoint/trigger",
        "2025-06-01",
        "exchange-hybrid",
        "exchange/ioc-discovery-endpoint",
    ),
    (
        "fixtures/rules/exchange/partner-app-disabled/trigger",
        "2025-06-01",
        "exchange-hybrid",
        "exchange/partner-app-disabled",
    ),
    (
        "fixtures/rules/exchange/spn-placeholder/trigger",
        "2025-06-01",
        "exchange-hybrid",
        "exchange/spn-placeholder",
    ),
    (
        "fixtures/rules/exchange/oauth-test-failed/trigger",
        "2025-06-01",
        "exchange-hybrid",
        "exchange/oauth-test-failed",
    ),
    (
        "fixtures/rules/exchange/shared-principal-key/trigger",
        "2025-11-01",
        "exchange-hybrid",
        "exchange/shared-principal-key",
    ),
    // The dedicated Exchange hybrid application.
    (
        "fixtures/rules/exchange/app-role-wrong/trigger",
        "2025-06-01",
        "exchange-hybrid-app",
        "exchange/app-role-wrong",
    ),
    (
        "fixtures/rules/exchange/auth-server-app-id/trigger",
        "2025-06-01",
        "exchange-hybrid-app",
        "exchange/auth-server-app-id",
    ),
    (
        "fixtures/rules/exchange/setting-override-invalid/trigger",
        "2025-06-01",
        "exchange-hybrid-app",
        "exchange/setting-override-invalid",
    ),
    (
        "fixtures/procedures/exchange-hybrid-app-mistakes/override-disabled",
        "2025-11-15",
        "exchange-hybrid-app",
        "exchange/setting-override-invalid",
    ),
    (
        "fixtures/procedures/exchange-hybrid-app-mistakes/override-wrong-section",
        "2025-11-15",
        "exchange-hybrid-app",
        "exchange/setting-override-invalid",
    ),
    (
        "fixtures/procedures/exchange-hybrid-app-mistakes/override-twice",
        "2025-11-15",
        "exchange-hybrid-app",
        "exchange/setting-override-invalid",
    ),
    (
        "fixtures/procedures/exchange-hybrid-app-mistakes/app-id-on-acs",
        "2025-11-15",
        "exchange-hybrid-app",
        "exchange/auth-server-app-id",
    ),
    (
        "fixtures/procedures/exchange-hybrid-app-mistakes/app-id-placeholder",
        "2025-11-15",
        "exchange-hybrid-app",
        "exchange/auth-server-app-id",
    ),
    (
        "fixtures/procedures/exchange-hybrid-app-mistakes/key-not-found",
        "2025-11-15",
        "exchange-hybrid-app",
        "exchange/oauth-test-failed",
    ),
];

#[test]
fn each_planted_mistake_is_recognised_as_its_pack_and_found_by_its_rule() {
    let catalogue = hybridlint::procedure::catalogue::load(&[]).expect("procedures");
    let skype = &hybridlint::procedure::find(&catalogue, "sfb-exchange-online")
        .expect("the seed's procedure")
        .file
        .rules;
    let mut failures = Vec::new();
    for (dir, now, pack, rule) in PLANTED {
        let report = check(dir, now);
        if !procedures(&report).iter().any(|p| p == pack) {
            failures.push(format!("{dir}: recognised as {:?}", procedures(&report)));
        }
        // An Exchange hybrid mistake is never told in Skype for Business terms.
        for f in report["findings"].as_array().expect("findings") {
            let text = format!("{} {} {}", f["rule"], f["message"], f["fix"]);
            if skype.iter().any(|r| f["rule"] == r.as_str())
                || text.contains("00000004")
                || text.contains("Lync")
            {
                failures.push(format!("{dir}: a Skype for Business finding {f}"));
            }
        }
        let found = common::findings_of(&report, rule);
        if !found
            .iter()
            .any(|f| f["severity"] == "error" || f["severity"] == "warning")
        {
            failures.push(format!("{dir}: {rule} did not find it: {found:?}"));
        }
    }
    let per_pack = |pack: &str| PLANTED.iter().filter(|p| p.2 == pack).count();
    assert!(per_pack("exchange-hybrid") >= 5 && per_pack("exchange-hybrid-app") >= 5);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `exchange/shared-principal-key` carries effective dates: info (legacy) before 31 October 2025,
/// an error from that day.
#[test]
fn the_shared_principal_upload_is_legacy_before_31_october_2025_and_an_error_from_it() {
    let dir = "fixtures/rules/exchange/shared-principal-key/trigger";
    let severities = |now: &str| -> Vec<String> {
        let report = check(dir, now);
        common::findings_of(&report, "exchange/shared-principal-key")
            .iter()
            .map(|f| f["severity"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(severities("2025-10-30"), ["info"]);
    assert_eq!(severities("2025-10-31"), ["error"]);
    assert_eq!(severities("2026-11-30"), ["error"]);
    let before = check(dir, "2025-10-30");
    let message = common::findings_of(&before, "exchange/shared-principal-key")[0]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(message.contains("legacy"), "{message}");
}

/// The Skype for Business procedure's upload of the pool's certificate to `00000002-…` is not this
/// rule's case; where both integrations' evidence is present, whose key it is cannot be confirmed.
#[test]
fn an_upload_with_skype_for_business_evidence_is_never_an_alarm_and_says_why() {
    let report = check(
        "fixtures/rules/exchange/shared-principal-key/unknown",
        "2026-11-30",
    );
    let found = common::findings_of(&report, "exchange/shared-principal-key");
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!(found[0]["severity"], "info");
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("cannot confirm")),
        "{}",
        found[0]
    );
    // The seed's own fixtures upload the pool's certificate there: no finding of this rule.
    for (dir, now) in [
        ("fixtures/seed-walkthrough", "2026-11-30"),
        ("fixtures/clean-graph", "2026-11-30"),
    ] {
        let report = check(dir, now);
        assert!(
            common::findings_of(&report, "exchange/shared-principal-key").is_empty(),
            "{dir}"
        );
    }
}

/// Removing keys from the shared principal where Skype for Business evidence is present is an
/// UNCONFIRMED risk: info, never an alarm.
#[test]
fn removing_shared_keys_next_to_skype_for_business_is_a_risk_at_info() {
    let report = check(
        "fixtures/rules/exchange/key-removal-risk/trigger",
        "2025-11-15",
    );
    let found = common::findings_of(&report, "exchange/key-removal-risk");
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!(found[0]["severity"], "info");
}

fn diagnose(path: &str, now: &str) -> Value {
    let (code, stdout, stderr) = common::run(&["diagnose", path, "--now", now, "--format", "json"]);
    assert_ne!(code, 2, "{path}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or(Value::Null)
}

fn shown_rules(diagnosis: &Value) -> Vec<String> {
    diagnosis["shown"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["rule"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Each pack's diagnose fixture: the symptom is found in the transcript on its own and its
/// planted cause comes first.
#[test]
fn each_pack_has_a_diagnosis_that_finds_its_symptom_and_cause() {
    for (dir, now, symptom, cause) in [
        (
            "fixtures/diagnose/exchange-hybrid-oauth-test",
            "2025-06-01",
            "exchange-oauth-test-401",
            "exchange/oauth-test-failed",
        ),
        (
            "fixtures/diagnose/exchange-hybrid-app-blocked",
            "2025-11-15",
            "exchange-shared-principal-blocked",
            "exchange/setting-override-invalid",
        ),
    ] {
        let report = diagnose(dir, now);
        let d = report["diagnoses"]
            .as_array()
            .and_then(|a| a.iter().find(|d| d["symptom"]["id"] == symptom))
            .unwrap_or_else(|| panic!("{dir}: {symptom} not found in {report:#}"));
        let shown = shown_rules(d);
        assert_eq!(
            shown.first().map(String::as_str),
            Some(cause),
            "{dir}: {d:#}"
        );
    }
}

/// A pack's check whose facts the evidence does not hold is not applicable, with the reason, not
/// "passed" (#15's applies, then checks): a transcript without a Test-OAuthConnectivity result
/// has nothing for exchange/oauth-test-failed to judge; one that shows a failing result has.
#[test]
fn a_pack_check_without_its_facts_is_not_applicable_rather_than_passed() {
    let not_run = |report: &Value, rule: &str| {
        report["run"]["rules_not_run"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["rule"] == rule)
            .and_then(|r| r["reason"].as_str().map(str::to_string))
    };
    let without = check(
        "fixtures/procedures/exchange-hybrid-transcript",
        "2019-06-20",
    );
    let why = not_run(&without, "exchange/oauth-test-failed");
    assert!(
        why.as_deref()
            .is_some_and(|w| w.contains("no Test-OAuthConnectivity result")),
        "{why:?}"
    );
    let with = check(
        "fixtures/rules/exchange/oauth-test-failed/trigger",
        "2025-06-01",
    );
    assert_eq!(not_run(&with, "exchange/oauth-test-failed"), None);
}
