//! The catalogue is complete: every rule file documents itself (the loader refuses one that does
//! not), every built-in check is used by a rule file, and every rule has a fixture that triggers it
//! and one that passes it.

mod common;

use hybridlint::rules::{builtin, catalogue, data_check::CheckSpec};

#[test]
fn every_rule_file_loads_with_full_documentation() {
    let rules = catalogue::load(&[]).expect("built-in catalogue loads");
    assert!(rules.len() >= 30, "only {} rules", rules.len());
    for r in &rules {
        assert!(!r.file.references.is_empty(), "{} has no references", r.id);
        assert!(
            r.file.explanation.len() > 80,
            "{} explanation is too thin",
            r.id
        );
    }
}

#[test]
fn every_builtin_check_has_a_rule_file() {
    let rules = catalogue::load(&[]).expect("catalogue");
    for name in builtin::names() {
        let used = rules.iter().any(|r| {
            r.file
                .check
                .iter()
                .any(|c| matches!(c, CheckSpec::Builtin { name: n, .. } if n == name))
        });
        assert!(used, "built-in check `{name}` is used by no rule file");
    }
}

/// One identity per rule: a built-in check is named by the id of the rule using it, and its module is
/// that id's path (`tenant/credential-not-asymmetric` → `src/rules/builtin/tenant/credential_not_asymmetric.rs`),
/// so grepping an id finds its code. A check rules share is named for what they share, under their
/// area.
#[test]
fn every_builtin_check_is_named_by_its_rule_id_and_lives_at_its_path() {
    let rules = catalogue::load(&[]).expect("catalogue");
    for name in builtin::names() {
        let (area, rest) = name
            .split_once('/')
            .unwrap_or_else(|| panic!("built-in `{name}` is not `<area>/<name>`"));
        let module = common::root()
            .join("src/rules/builtin")
            .join(area)
            .join(format!("{}.rs", rest.replace('-', "_")));
        assert!(
            module.is_file(),
            "built-in `{name}`: no {}",
            module.display()
        );
        let users: Vec<&str> = rules
            .iter()
            .filter(|r| {
                r.file
                    .check
                    .iter()
                    .any(|c| matches!(c, CheckSpec::Builtin { name: n, .. } if n == name))
            })
            .map(|r| r.id.as_str())
            .collect();
        assert!(
            users == [name] || (users.len() > 1 && users.iter().all(|u| u.starts_with(area))),
            "built-in `{name}` is used by {users:?}: name it by its rule's id"
        );
    }
}

#[test]
fn every_rule_has_trigger_and_pass_fixtures() {
    let rules = catalogue::load(&[]).expect("catalogue");
    let mut missing = Vec::new();
    for r in &rules {
        for kind in ["trigger", "pass"] {
            let dir = common::root().join("fixtures/rules").join(&r.id).join(kind);
            let has_files = std::fs::read_dir(&dir)
                .map(|mut d| d.next().is_some())
                .unwrap_or(false);
            if !has_files {
                missing.push(format!("fixtures/rules/{}/{kind}", r.id));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fixtures:\n{}",
        missing.join("\n")
    );
}

/// Rules judged on PowerShell evidence whose key value cannot be one only run time knows: the
/// syntax of the text itself, an error record, a cmdlet's name, a configuration file's entries or
/// a file's bytes. Every other such rule needs `fixtures/rules/<id>/unknown`.
const NO_RUN_TIME_VALUE: &[(&str, &str)] = &[
    (
        "cert/der-encoded",
        "judges the certificate file's own bytes",
    ),
    ("config/baseline-outdated", "judges the baseline file"),
    (
        "config/ignore-expired",
        "judges hybridlint.toml's ignore entries",
    ),
    (
        "config/ignore-unused",
        "judges hybridlint.toml's ignore entries",
    ),
    (
        "config/suppression-invalid",
        "judges the suppression comment's text",
    ),
    (
        "config/suppression-unused",
        "judges the suppression comment's text",
    ),
    (
        "config/suppression-without-reason",
        "judges the suppression comment's text",
    ),
    ("input/unreadable", "judges whether the file can be read"),
    (
        "script/argument-split",
        "judges how the command line is tokenised",
    ),
    (
        "script/broken-continuation",
        "judges the backtick's position in the text",
    ),
    ("script/parse-error", "judges the text's syntax"),
    (
        "transcript/command-failed",
        "judges the error record the transcript shows",
    ),
    (
        "transcript/graph-sdk-key-defect",
        "judges the error record the transcript shows",
    ),
    (
        "transcript/module-missing",
        "judges the error record the transcript shows",
    ),
    ("transcript/legacy-module", "judges the cmdlets' names"),
    (
        "exchange/oauth-test-failed",
        "judges the result Test-OAuthConnectivity printed",
    ),
    (
        "onprem/enterprise-partner-app-quoting",
        "judges the quotes around the script's command line",
    ),
    (
        "transcript/exstorage-test-failed",
        "judges the error record the transcript shows",
    ),
];

/// Unknown is never wrong, enforced: a rule whose trigger is PowerShell evidence has a fixture where
/// its key value is known only at run time (checked silent in rule_fixtures.rs).
#[test]
fn every_rule_judged_on_powershell_has_an_unknown_value_fixture() {
    let rules = catalogue::load(&[]).expect("catalogue");
    let mut missing = Vec::new();
    for r in &rules {
        let dir = common::root().join("fixtures/rules").join(&r.id);
        let powershell = std::fs::read_dir(dir.join("trigger"))
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                let name = e.file_name().to_string_lossy().to_ascii_lowercase();
                name.ends_with(".ps1") || name.ends_with(".psm1") || name.ends_with(".txt")
            });
        let exempt = NO_RUN_TIME_VALUE.iter().any(|(id, _)| *id == r.id);
        if powershell && !exempt && !dir.join("unknown").is_dir() {
            missing.push(format!("fixtures/rules/{}/unknown", r.id));
        }
        assert!(
            !(exempt && dir.join("unknown").is_dir()),
            "{} is listed as having no run-time value but has an unknown fixture",
            r.id
        );
    }
    assert!(
        missing.is_empty(),
        "rules judged on PowerShell without an unknown-value fixture:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_rule_file_without_documentation_is_rejected() {
    let text = "name = \"X\"\nseverity = \"error\"\nsummary = \"s\"\nexplanation = \"\"\nfix = \"f\"\nreferences = [\"r\"]\n[[check]]\nkind = \"forbid\"\ncollection = \"problems\"\nmessage = \"m\"\n";
    let err =
        catalogue::parse_rule("x/y", text, "test").expect_err("empty explanation must be rejected");
    assert!(err.to_string().contains("explanation"), "{err}");
    let unknown = text
        .replace("explanation = \"\"", "explanation = \"e\"")
        .replace(
            "kind = \"forbid\"\ncollection = \"problems\"\nmessage = \"m\"",
            "kind = \"builtin\"\nname = \"no-such-check\"",
        );
    assert!(catalogue::parse_rule("x/y", &unknown, "test").is_err());
}

/// Steps are typed: a step id is well formed when a rule loads, and one of the procedures' steps
/// when rules and procedures load together (`tests/procedures.rs` checks every rule, symptom
/// and cmdlet); a rule whose firing means "missing" names its step.
#[test]
fn every_step_named_by_a_rule_or_symptom_exists() {
    let rules = catalogue::load(&[]).expect("catalogue");
    let judged: Vec<&str> = rules
        .iter()
        .filter_map(|r| r.file.step.as_ref().map(|s| s.as_str()))
        .collect();
    assert!(judged.contains(&"oauth-server") && judged.contains(&"spn"));
    let symptoms = hybridlint::diagnose::catalogue::load(&rules).expect("symptoms");
    assert!(
        symptoms
            .iter()
            .flat_map(|s| &s.file.causes)
            .any(|c| c.step.is_some())
    );
    let base = "name = \"X\"\nseverity = \"error\"\nsummary = \"s\"\nexplanation = \"e\"\nfix = \"f\"\nreferences = [\"r\"]\n";
    let check = "[[check]]\nkind = \"builtin\"\nname = \"tenant/spn-missing\"\n";
    let malformed = format!("{base}step = \"Upload Step\"\n{check}");
    let e = catalogue::parse_rule("a/b", &malformed, "test").expect_err("malformed step");
    assert!(e.to_string().contains("Upload Step"), "{e}");
    let unknown = format!("{base}step = \"upload\"\n{check}");
    let rule = catalogue::parse_rule("a/b", &unknown, "test").expect("well formed");
    let procedures = hybridlint::procedure::catalogue::load(&[]).expect("procedures");
    let e = hybridlint::procedure::catalogue::check_steps(
        &procedures,
        rule.file.step.as_ref().map(|s| (rule.id.as_str(), s)),
    )
    .expect_err("no procedure has the step");
    assert!(e.contains("`upload`"), "{e}");
    let without_step = format!("{base}step-status = \"missing\"\n{check}");
    let e = catalogue::parse_rule("a/b", &without_step, "test").expect_err("no step");
    assert!(e.to_string().contains("needs `step`"), "{e}");
    let fine = format!("{base}step = \"spn\"\nstep-status = \"missing\"\n{check}");
    assert!(catalogue::parse_rule("a/b", &fine, "test").is_ok());
}

/// A rule that makes others' findings moot names rules that exist, and the moot finding goes
/// only when the error that replaces it is there: the 2013-era upload of the Exchange auth
/// certificate without `-EndDate` is one finding once the upload is refused (31 October 2025),
/// two before (the upload legacy, the missing end date still worth fixing).
#[test]
fn a_moot_finding_is_left_out_only_beside_the_error_that_makes_it_moot() {
    let rules = catalogue::load(&[]).expect("catalogue");
    for r in &rules {
        for other in &r.file.outranks {
            assert!(
                rules.iter().any(|o| &o.id == other),
                "{}: outranks `{other}`, which is not a rule",
                r.id
            );
        }
    }
    let judged = |now: &str| -> Vec<(String, String)> {
        let (_, report) = common::check_json(
            std::path::Path::new("fixtures/outranked"),
            &["--now", now, "--fail-on", "never", "--isolated"],
        );
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["location"]["line"] == 15)
            .map(|f| {
                (
                    f["rule"].as_str().unwrap_or_default().to_string(),
                    f["severity"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let pair = |r: &str, s: &str| (r.to_string(), s.to_string());
    assert_eq!(
        judged("2025-06-01"),
        [
            pair("exchange/shared-principal-key", "info"),
            pair("tenant/credential-dates", "warning")
        ]
    );
    assert_eq!(
        judged("2026-01-01"),
        [pair("exchange/shared-principal-key", "error")]
    );
}
