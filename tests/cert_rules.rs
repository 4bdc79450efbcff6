//! Every `cert/*` rule against its fixtures: the trigger folder must yield the rule, the pass
//! folder must not, and the trigger folder's findings are snapshotted for review.

use std::path::PathBuf;

use hybridlint::findings::Finding;
use hybridlint::model::{ExpectedFacts, Model};
use hybridlint::rules::{self, RuleSettings, Selection, catalogue};
use time::macros::datetime;

const CERT_RULES: &[&str] = &[
    "cert/der-encoded",
    "cert/not-a-certificate",
    "cert/private-key-present",
    "cert/expired",
    "cert/not-yet-valid",
    "cert/expires-soon",
    "cert/weak-key",
    "cert/weak-signature",
    "cert/thumbprint-mismatch",
    "cert/path-mismatch",
];

/// All findings for one fixture folder, judged at the fixtures' date.
fn findings(folder: &str) -> Vec<Finding> {
    let mut model = Model::new(datetime!(2025-06-01 0:00 UTC), ExpectedFacts::default());
    hybridlint::evidence::load(&[PathBuf::from(folder)], &mut model);
    let rules = catalogue::load(&[]).expect("built-in rules load");
    rules::evaluate(
        &rules,
        &model,
        &Selection::default(),
        &RuleSettings::default(),
    )
}

fn folder(rule: &str, side: &str) -> String {
    format!("fixtures/rules/{rule}/{side}")
}

#[test]
fn every_cert_rule_is_in_the_catalogue() {
    let ids = catalogue::builtin_ids();
    for rule in CERT_RULES {
        assert!(ids.contains(rule), "{rule} has no rule file");
    }
    let cert_ids: Vec<_> = ids.iter().filter(|i| i.starts_with("cert/")).collect();
    assert_eq!(
        cert_ids.len(),
        CERT_RULES.len(),
        "untested cert rules: {cert_ids:?}"
    );
}

#[test]
fn der_encoded_escalates_only_for_the_file_read_as_text() {
    let found: Vec<Finding> = findings(&folder("cert/der-encoded", "trigger"))
        .into_iter()
        .filter(|f| f.rule == "cert/der-encoded")
        .collect();
    let severity_of = |name: &str| {
        found
            .iter()
            .find(|f| f.location.as_ref().is_some_and(|l| l.path.ends_with(name)))
            .map(|f| f.severity)
    };
    use hybridlint::findings::Severity;
    assert_eq!(severity_of("LyncOAuth.cer"), Some(Severity::Warning));
    assert_eq!(severity_of("Uploaded.cer"), Some(Severity::Error));
}

#[test]
fn expires_soon_window_comes_from_the_options() {
    let mut model = Model::new(datetime!(2025-06-01 0:00 UTC), ExpectedFacts::default());
    hybridlint::evidence::load(
        &[PathBuf::from(folder("cert/expires-soon", "trigger"))],
        &mut model,
    );
    let rules = catalogue::load(&[]).expect("built-in rules load");
    let run = |days: i64| {
        let mut settings = RuleSettings::default();
        let mut table = toml::Table::new();
        table.insert("days".to_string(), toml::Value::Integer(days));
        settings
            .options
            .insert("cert/expires-soon".to_string(), table);
        rules::evaluate(&rules, &model, &Selection::default(), &settings)
            .into_iter()
            .filter(|f| f.rule == "cert/expires-soon")
            .count()
    };
    // The trigger certificate expires 14 days after the fixtures' date.
    assert_eq!(run(7), 0);
    assert_eq!(run(15), 1);
}
