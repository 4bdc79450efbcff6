//! Advice that is right today (issue #13): fixes and "still open" commands in Microsoft Graph
//! unless `--cmdlets` asks otherwise, `transcript/legacy-module` judged at `--now`, DER shown as a
//! working deviation, and a baseline that changes which findings are reported but never what the
//! checklist, `diagnose`, `fix` or the HTML report say about the evidence.

mod common;

use std::path::Path;

const SEED: &str = "fixtures/seed-walkthrough";

/// The fixes hybridlint writes itself: not those that repeat the administrator's own line with
/// a mistake corrected (a failed command, a mistyped id), which stay in the line's cmdlets.
fn fixes(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            let rule = f["rule"].as_str().unwrap_or("");
            rule != "transcript/command-failed" && !rule.starts_with("guid/")
        })
        .filter_map(|f| f["fix"].as_str().map(str::to_string))
        .collect()
}

/// The JSON report of `diagnose PATH --now NOW --symptom owa-join-details-missing EXTRA...`.
fn diagnose_json(path: &str, now: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "diagnose",
        path,
        "--now",
        now,
        "--symptom",
        "owa-join-details-missing",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let (_, out, err) = common::run(&args);
    serde_json::from_str(&out).expect(&err)
}

#[test]
fn check_fixes_are_graph_unless_msonline_is_asked_for() {
    let (_, report) = common::check_json(Path::new(SEED), &["--now", "2017-03-14"]);
    let all = fixes(&report).join("\n");
    assert!(all.contains("Update-MgServicePrincipal"), "{all}");
    assert!(
        !all.contains("-Msol"),
        "a retired cmdlet recommended: {all}"
    );
    assert!(!all.contains("AzureAD"), "{all}");

    let (_, report) = common::check_json(
        Path::new(SEED),
        &["--now", "2017-03-14", "--cmdlets", "msonline"],
    );
    let all = fixes(&report).join("\n");
    assert!(all.contains("New-MsolServicePrincipalCredential"), "{all}");
    assert!(!all.contains("Update-MgServicePrincipal"), "{all}");

    let (_, report) = common::check_json(
        Path::new(SEED),
        &["--now", "2017-03-14", "--cmdlets", "azuread"],
    );
    let all = fixes(&report).join("\n");
    assert!(
        all.contains("New-AzureADServicePrincipalKeyCredential"),
        "{all}"
    );
}

#[test]
fn diagnose_open_commands_are_graph_by_default() {
    // A certificate alone: nothing says what the tenant holds, so its queries stay open.
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        Path::new(SEED).join("LyncOAuth.cer"),
        tmp.path().join("LyncOAuth.cer"),
    )
    .expect("copy the certificate");
    let folder = tmp.path().to_str().expect("utf-8 path").to_string();
    let run = |extra: &[&str]| {
        diagnose_json(&folder, "2025-06-01", extra)["diagnoses"][0]["open"]
            .as_array()
            .expect("open causes")
            .iter()
            .filter_map(|c| c["command"].as_str().map(str::to_string))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let graph = run(&[]);
    assert!(graph.contains("Get-MgServicePrincipal"), "{graph}");
    assert!(!graph.contains("Msol"), "{graph}");
    let msonline = run(&["--cmdlets", "msonline"]);
    assert!(msonline.contains("Get-MsolServicePrincipal"), "{msonline}");
}

#[test]
fn legacy_module_is_judged_at_now() {
    let messages = |now: &str| {
        let (_, report) = common::check_json(Path::new(SEED), &["--now", now]);
        common::findings_of(&report, "transcript/legacy-module")
            .iter()
            .map(|f| f["message"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        messages("2017-03-14").is_empty(),
        "MSOnline was the documented way in 2017"
    );
    let deprecated = messages("2024-06-01");
    assert!(!deprecated.is_empty() && deprecated.iter().all(|m| m.contains("deprecated")));
    assert!(
        deprecated.iter().all(|m| !m.contains("retired on")),
        "{deprecated:?}"
    );
    let retired = messages("2025-06-01");
    assert!(!retired.is_empty() && retired.iter().all(|m| m.contains("retired")));
    let (_, doc, _) = common::run(&["explain", "transcript/legacy-module"]);
    assert!(
        doc.contains("30 March 2024") && doc.contains("30 March 2025"),
        "{doc}"
    );
}

#[test]
fn der_is_a_working_deviation_in_the_fix_script() {
    let (code, script, err) = common::run(&["fix", SEED, "--now", "2017-03-14"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        script.contains("#   [deviation] Export the OAuth certificate"),
        "{script}"
    );
    assert!(
        !script.contains("[failed] Export the OAuth certificate"),
        "{script}"
    );
}

#[test]
fn a_baseline_changes_the_findings_reported_not_the_judgement() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let baseline = tmp.path().join("baseline.json");
    let baseline = baseline.to_str().expect("utf-8 path");
    let (code, _, err) = common::run(&[
        "check",
        SEED,
        "--now",
        "2017-03-14",
        "--write-baseline",
        baseline,
    ]);
    assert_eq!(code, 0, "{err}");

    // fix: the same steps with and without the baseline.
    let (_, plain, _) = common::run(&["fix", SEED, "--now", "2017-03-14"]);
    let (code, with, err) =
        common::run(&["fix", SEED, "--now", "2017-03-14", "--baseline", baseline]);
    assert_eq!(code, 0, "{err}");
    assert!(!with.contains("Nothing to do"), "{with}");
    assert!(with.contains("# Steps:"), "{with}");
    assert_eq!(plain, with);

    // check: no finding reported, the same checklist.
    let (_, a) = common::check_json(Path::new(SEED), &["--now", "2017-03-14"]);
    let (_, b) = common::check_json(
        Path::new(SEED),
        &["--now", "2017-03-14", "--baseline", baseline],
    );
    assert!(
        b["findings"].as_array().expect("findings").is_empty(),
        "{b:#}"
    );
    assert_eq!(a["checklist"], b["checklist"]);

    // diagnose: the same causes shown.
    let diagnosis = |extra: &[&str]| {
        let r = diagnose_json(SEED, "2017-03-14", extra);
        (r["diagnoses"].clone(), r["checklist"].clone())
    };
    let (d1, c1) = diagnosis(&[]);
    let (d2, c2) = diagnosis(&["--baseline", baseline]);
    assert_eq!(d1, d2);
    assert_eq!(c1, c2);
    assert!(!d1[0]["shown"].as_array().expect("shown").is_empty());
}
