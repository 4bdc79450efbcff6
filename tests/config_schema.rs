//! The published JSON Schema of hybridlint.toml (`docs/hybridlint.schema.json`) and the config
//! loader agree: every hybridlint.toml in the repository (fixtures, and the README's example)
//! validates against the schema and loads; broken files are refused by both. (That the published
//! schema is the one the config structs generate is checked by tests/docs_drift.rs.)

mod common;

use std::path::{Path, PathBuf};

use hybridlint::config::Config;
use serde_json::Value as Json;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::root().join(hybridlint::schema::PUBLISHED_PATH))
        .expect("the published schema");
    let schema: Json = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

/// TOML as the JSON an editor validates: dates become strings, as Taplo does.
fn to_json(v: toml::Value) -> Json {
    match v {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => Json::from(f),
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(a) => Json::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Json::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

fn schema_errors(text: &str) -> String {
    let value: toml::Value = toml::from_str(text).unwrap_or_else(|e| panic!("TOML: {e}\n{text}"));
    validator()
        .iter_errors(&to_json(value))
        .map(|e| format!("{}: {e}\n", e.instance_path()))
        .collect()
}

fn configs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read").flatten() {
        let path = entry.path();
        if path.is_dir() {
            configs(&path, out);
        } else if path.file_name().is_some_and(|n| n == "hybridlint.toml") {
            out.push(path);
        }
    }
}

/// The README's ```toml block under the `hybridlint.toml` heading.
fn readme_example() -> String {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    let section = readme
        .split("### `hybridlint.toml`")
        .nth(1)
        .expect("the README has a hybridlint.toml section");
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml block");
    block.to_string()
}

#[test]
fn every_config_in_the_repository_validates_and_loads() {
    let mut files = Vec::new();
    configs(&common::root().join("fixtures"), &mut files);
    assert!(files.len() > 20, "only {} configs found", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let errs = schema_errors(&text);
        if !errs.is_empty() {
            failures.push(format!("{}: {errs}", file.display()));
        }
        if let Err(e) = Config::load(file) {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_readme_example_validates_and_loads() {
    let text = readme_example();
    assert!(text.contains("[[ignore]]"), "{text}");
    let errs = schema_errors(&text);
    assert!(errs.is_empty(), "{errs}\n{text}");
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("hybridlint.toml");
    std::fs::write(&path, &text).expect("write");
    let config = Config::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.file.scoped_ignores().len(), 2);
}

#[test]
fn broken_configs_are_refused_by_schema_and_loader() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("hybridlint.toml");
    for (what, text) in [
        ("an unknown key", "no-such-key = true\n"),
        (
            "a severity that does not exist",
            "[severity]\n\"cert/expired\" = \"fatal\"\n",
        ),
        (
            "an ignore without a reason",
            "[[ignore]]\nrule = \"cert\"\n",
        ),
        (
            "an unknown key in an ignore",
            "[[ignore]]\nrule = \"cert\"\nreason = \"r\"\nwhy = \"x\"\n",
        ),
        (
            "a day that does not exist",
            "[[ignore]]\nrule = \"cert\"\nreason = \"r\"\nuntil = \"2025-02-30\"\n",
        ),
        ("an ignore that is a number", "ignore = [3]\n"),
        (
            "web-fqdns that is not a list",
            "web-fqdns = \"lyncweb.contoso.com\"\n",
        ),
    ] {
        assert!(!schema_errors(text).is_empty(), "the schema accepts {what}");
        std::fs::write(&path, text).expect("write");
        let err = Config::load(&path).expect_err(what).to_string();
        assert!(err.contains("hybridlint.toml"), "{what}: {err}");
    }
}

#[test]
fn a_misspelt_rule_option_is_flagged_by_the_schema_too() {
    let ok = schema_errors("[rule-options.\"cert/expires-soon\"]\ndays = 60\n");
    assert!(ok.is_empty(), "{ok}");
    let misspelt = schema_errors("[rule-options.\"cert/expires-soon\"]\ndayz = 60\n");
    assert!(misspelt.contains("dayz"), "{misspelt}");
}
