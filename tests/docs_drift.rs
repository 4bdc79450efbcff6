//! Generated files published in the repository must match what the code generates: the JSON
//! Schema of hybridlint.toml (`docs/hybridlint.schema.json`, from the config structs) and the rule
//! pages (`docs/rules/`, from `rules/`). To regenerate both, run
//! `UPDATE_DOCS=1 cargo test --test docs_drift` (or `cargo run -q -- schema >
//! docs/hybridlint.schema.json` and `cargo run -q -- docs docs/rules`), then review the diff.

mod common;

use std::path::Path;

fn updating() -> bool {
    std::env::var_os("UPDATE_DOCS").is_some_and(|v| !v.is_empty() && v != "0")
}

#[test]
fn published_schema_matches_the_config_structs() {
    let generated = hybridlint::schema::config_schema();
    let path = common::root().join(hybridlint::schema::PUBLISHED_PATH);
    if updating() {
        std::fs::write(&path, &generated).expect("write the schema");
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "{} differs from the config structs; run `UPDATE_DOCS=1 cargo test --test docs_drift` and review the diff",
        hybridlint::schema::PUBLISHED_PATH
    );
    // The `schema` command prints the same text.
    let (code, out, _) = common::run(&["schema"]);
    assert_eq!(code, 0);
    assert_eq!(out, generated);
}

#[test]
fn rule_docs_match_the_rule_files() {
    if updating() {
        let (code, out, err) = common::run(&["docs", "docs/rules"]);
        assert_eq!(code, 0, "{out}{err}");
    }
    let (code, out, err) = common::run(&["docs", "docs/rules", "--check"]);
    assert_eq!(
        code, 0,
        "docs/rules differs from rules/; run `UPDATE_DOCS=1 cargo test --test docs_drift` and review the diff\n{out}{err}"
    );
}

#[test]
fn every_rule_has_a_page_listed_in_the_index() {
    let rules = hybridlint::rules::catalogue::load(&[]).expect("catalogue");
    let index = std::fs::read_to_string(common::root().join("docs/rules/README.md"))
        .expect("docs/rules/README.md");
    for r in &rules {
        assert!(
            common::root()
                .join("docs/rules")
                .join(format!("{}.md", r.id))
                .is_file(),
            "no page for {}",
            r.id
        );
        assert!(
            index.contains(&format!("[{id}]({id}.md)", id = r.id)),
            "{}",
            r.id
        );
    }
}

/// The check can fail: a stale, a missing and an extra page are each reported, and writing
/// the tree repairs all three.
#[test]
fn drift_is_detected_and_repaired() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("rules");
    let dir_s = dir.to_str().expect("utf-8 temp path");
    let (code, _, _) = common::run(&["docs", dir_s]);
    assert_eq!(code, 0);
    let page = dir.join("cert/der-encoded.md");
    std::fs::write(&page, "edited by hand\n").expect("edit");
    std::fs::remove_file(dir.join("guid/truncated.md")).expect("remove");
    std::fs::write(dir.join("cert/retired-rule.md"), "old\n").expect("extra");
    let (code, out, _) = common::run(&["docs", dir_s, "--check"]);
    assert_eq!(code, 1, "{out}");
    for needle in [
        "stale: cert/der-encoded.md",
        "missing: guid/truncated.md",
        "extra: cert/retired-rule.md",
    ] {
        assert!(out.contains(needle), "`{needle}` in\n{out}");
    }
    let (code, _, _) = common::run(&["docs", dir_s]);
    assert_eq!(code, 0);
    assert!(!Path::new(&dir.join("cert/retired-rule.md")).exists());
    let (code, out, _) = common::run(&["docs", dir_s, "--check"]);
    assert_eq!(code, 0, "{out}");
}
