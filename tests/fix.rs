//! `hybridlint fix`: the script parses with the loaders' PowerShell parser, holds no secret, and
//! does its job: the evidence plus a transcript of the script's steps succeeding has no error
//! findings left (for every scenario fixture and every scriptable rule's trigger fixture, in both
//! cmdlet generations).

mod common;

use std::path::Path;

/// The tenant id, stated as an administrator would (`--tenant-id`): fixtures without one would
/// otherwise get a script with a `<tenant id>` placeholder to fill in.
const TENANT: &str = "8f4c2a1e-3b7d-4c9a-9e2f-5d6b7a8c9d0e";

fn fix_script(path: &str, cmdlets: &str, now: &str) -> String {
    let (code, stdout, stderr) = common::run(&[
        "fix",
        path,
        "--now",
        now,
        "--cmdlets",
        cmdlets,
        "--tenant-id",
        TENANT,
    ]);
    assert_eq!(code, 0, "fix {path}: {stderr}");
    stdout
}

fn error_findings(dir: &Path, now: &str) -> Vec<String> {
    let (_, report) = common::check_json(
        dir,
        &["--now", now, "--fail-on", "never", "--tenant-id", TENANT],
    );
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| format!("{}: {}", f["rule"], f["message"]))
        .collect()
}

/// Scenario fixtures and the rule fixtures whose step a script can perform.
fn fixtures() -> Vec<(String, &'static str)> {
    let mut out = vec![
        ("fixtures/seed-walkthrough".to_string(), "2017-03-14"),
        ("fixtures/clean-msonline".to_string(), "2025-06-01"),
        ("fixtures/clean-graph".to_string(), "2025-06-01"),
        ("fixtures/diagnose/aadsts50012".to_string(), "2025-06-01"),
        // Exchange hybrid (classic): the Exchange Online partner application shown disabled.
        (
            "fixtures/rules/exchange/partner-app-disabled/trigger".to_string(),
            "2025-06-01",
        ),
        // The dedicated Exchange hybrid application: its override written with Enabled=false.
        (
            "fixtures/procedures/exchange-hybrid-app-mistakes/override-disabled".to_string(),
            "2025-11-15",
        ),
    ];
    for rule in [
        "tenant/lync-credential-missing",
        "tenant/exchange-credential-missing",
        "tenant/exchange-principal-disabled",
        "tenant/spn-missing",
        "tenant/spn-not-saved",
        "oauth/server-missing",
        "oauth/partner-app-missing",
        "oauth/service-name-wrong",
    ] {
        out.push((format!("fixtures/rules/{rule}/trigger"), "2025-06-01"));
    }
    out
}

#[test]
fn scripts_parse_and_hold_no_secret() {
    for (path, now) in fixtures() {
        for cmdlets in ["graph", "msonline", "azuread"] {
            let script = fix_script(&path, cmdlets, now);
            let dir = tempfile::tempdir().expect("tempdir");
            let file = dir.path().join("fix.ps1");
            std::fs::write(&file, &script).expect("write");
            let (_, report) = common::check_json(
                &file,
                &["--select", "script", "--fail-on", "never", "--now", now],
            );
            let problems: Vec<_> = report["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter(|f| f["rule"] == "script/parse-error")
                .collect();
            assert!(
                problems.is_empty(),
                "{path} {cmdlets}: {problems:?}\n{script}"
            );
            // The credential value is computed from the certificate at run time, never written.
            assert!(
                !script.contains("MII"),
                "{path}: a certificate body in the script"
            );
        }
    }
}

#[test]
fn evidence_plus_the_scripts_steps_succeeding_has_no_errors_left() {
    let mut failures = Vec::new();
    for (path, now) in fixtures() {
        for cmdlets in ["graph", "msonline", "azuread"] {
            let script = fix_script(&path, cmdlets, now);
            let dir = tempfile::tempdir().expect("tempdir");
            for entry in std::fs::read_dir(common::root().join(&path)).expect("fixture") {
                let entry = entry.expect("entry");
                if entry.file_type().expect("type").is_file() {
                    std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
                }
            }
            std::fs::write(
                // Named to sort last: evidence order is file order, and the fix runs after the evidence.
                dir.path().join("zz-fix-transcript.txt"),
                common::as_transcript(&script),
            )
            .expect("write transcript");
            let left = error_findings(dir.path(), now);
            if !left.is_empty() {
                failures.push(format!("{path} ({cmdlets}): {left:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn nothing_to_do_says_so() {
    let script = fix_script("fixtures/clean-msonline", "graph", "2025-06-01");
    assert!(script.contains("Nothing to do"), "{script}");
}
