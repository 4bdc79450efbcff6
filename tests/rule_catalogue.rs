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
