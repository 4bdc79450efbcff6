//! `hybridlint.toml` is found as ruff users expect: by walking up from each PATH to the
//! repository root, whatever the working folder and the order of the PATHs; `--isolated` reads
//! none; the reports name the file used; an unknown rule id in it or on the command line gets a
//! "did you mean" (with the file's line). Runs on a copy of `fixtures/gating` made a repository.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read fixture").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of the gating fixture as a repository (a `.git` folder at its root).
fn repo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("evidence-repo");
    copy_dir(&common::root().join("fixtures/gating"), &root);
    std::fs::create_dir(root.join(".git")).expect(".git");
    (tmp, root)
}

fn run(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .current_dir(cwd)
        .args(args)
        .args(["--now", "2025-06-01"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run hybridlint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(cwd: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (_, out, err) = run(cwd, &all);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"))
}

/// (rule, severity, file name) of each finding: comparable across working folders.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let path = f["location"]["path"].as_str().unwrap_or("");
            let name = Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["severity"].as_str().unwrap_or("").to_string(),
                name,
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_config_is_found_walking_up_from_a_subfolder() {
    let (_tmp, root) = repo();
    let certs = root.join("certs");
    // From the certificate's own folder: the root's hybridlint.toml applies, so its [[ignore]]
    // for certs/ hides the DER finding.
    let from_sub = json(&certs, &["check", "."]);
    assert_eq!(from_sub["summary"]["suppressed"], 1, "{from_sub:#}");
    assert!(findings(&from_sub).is_empty(), "{from_sub:#}");
    let config = from_sub["run"]["config_files"][0]
        .as_str()
        .expect("a config file");
    assert!(
        Path::new(config) == root.join("hybridlint.toml")
            || config.ends_with("evidence-repo/hybridlint.toml"),
        "{config}"
    );
    // The same file given alone, from the root.
    let file = json(&root, &["check", "certs/LyncOAuth.cer"]);
    assert_eq!(file["run"]["config_files"][0], "hybridlint.toml");
    assert_eq!(file["summary"]["suppressed"], 1, "{file:#}");
    // The human summary names it too.
    let (_, out, _) = run(&certs, &["check", "."]);
    assert!(
        out.trim_end().ends_with("evidence-repo/hybridlint.toml"),
        "{out}"
    );
}

#[test]
fn the_walk_stops_at_the_repository_root() {
    let (tmp, root) = repo();
    // A hybridlint.toml above the repository is not this repository's.
    std::fs::write(
        tmp.path().join("hybridlint.toml"),
        "select = [\"nothing-here\"]\n",
    )
    .expect("outer config");
    std::fs::remove_file(root.join("hybridlint.toml")).expect("remove the repository's config");
    let report = json(&root.join("certs"), &["check", "."]);
    assert_eq!(
        report["run"]["config_files"],
        Value::Array(vec![]),
        "{report:#}"
    );
    assert!(
        findings(&report)
            .iter()
            .any(|(r, _, _)| r == "cert/der-encoded"),
        "{report:#}"
    );
}

#[test]
fn same_result_from_any_working_folder_and_any_path_order() {
    let (_tmp, root) = repo();
    let scripts = root.join("scripts");
    let runs = [
        json(&root, &["check", "certs", "transcripts", "scripts"]),
        json(&root, &["check", "scripts", "transcripts", "certs"]),
        json(&scripts, &["check", ".", "../transcripts", "../certs"]),
        json(&scripts, &["check", "../certs", ".", "../transcripts"]),
        json(
            root.parent().expect("parent"),
            &[
                "check",
                "evidence-repo/transcripts",
                "evidence-repo/certs",
                "evidence-repo/scripts",
            ],
        ),
    ];
    let first = findings(&runs[0]);
    assert!(!first.is_empty());
    for (i, r) in runs.iter().enumerate() {
        assert_eq!(findings(r), first, "run {i}: {r:#}");
        assert_eq!(r["summary"], runs[0]["summary"], "run {i}");
        // Paths are shown as given, so the order may differ; the fingerprints may not.
        let mut fingerprints: Vec<&Value> = r["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| &f["fingerprint"])
            .collect();
        let mut expected: Vec<&Value> = runs[0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| &f["fingerprint"])
            .collect();
        fingerprints.sort_by_key(|v| v.to_string());
        expected.sort_by_key(|v| v.to_string());
        assert_eq!(
            fingerprints, expected,
            "run {i}: fingerprints depend on the folder"
        );
    }
}

#[test]
fn isolated_reads_no_config() {
    let (_tmp, root) = repo();
    for flag in ["--isolated", "--no-config"] {
        let report = json(&root, &["check", ".", flag]);
        assert_eq!(report["run"]["config_files"], Value::Array(vec![]));
        assert_eq!(report["summary"]["suppressed"], 1, "only the inline one");
        assert!(
            findings(&report)
                .iter()
                .any(|(r, _, _)| r == "cert/der-encoded"),
            "{report:#}"
        );
    }
}

#[test]
fn paths_with_different_configs_are_named_in_the_error() {
    let (_tmp, root) = repo();
    std::fs::write(root.join("certs/hybridlint.toml"), "").expect("second config");
    let (code, out, err) = run(&root, &["check", "certs", "transcripts"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("different config files"), "{err}");
    assert!(err.contains("certs/hybridlint.toml"), "{err}");
}

#[test]
fn unknown_rule_ids_get_did_you_mean_with_the_line() {
    let (_tmp, root) = repo();
    let config = root.join("hybridlint.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    let line = text
        .lines()
        .position(|l| l.contains("\"transcript/legacy-module\" = \"warning\""))
        .expect("the severity line")
        + 1;
    std::fs::write(
        &config,
        text.replace(
            "\"transcript/legacy-module\" = ",
            "\"transcript/legacy-modul\" = ",
        ),
    )
    .expect("config");
    let (code, _, err) = run(&root, &["check", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("line {line}"))
            && err.contains("did you mean `transcript/legacy-module`?"),
        "{err}"
    );
    std::fs::write(&config, text).expect("config restored");
    let (code, _, err) = run(&root, &["check", ".", "--select", "tenant/spn-mising"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean `tenant/spn-missing`?"), "{err}");
    let (code, _, err) = common::run(&["explain", "tenant/spn-mising"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean `tenant/spn-missing`?"), "{err}");
}

/// A config file deeper inside a checked folder is not applied (a run has one configuration), and
/// the run says so instead of ignoring it in silence.
#[test]
fn a_nested_config_that_is_not_applied_is_named() {
    let (_tmp, root) = repo();
    std::fs::write(root.join("certs/hybridlint.toml"), "").expect("nested config");
    let (_, _, err) = run(&root, &["check", "."]);
    assert!(
        err.contains("note: certs/hybridlint.toml is not applied")
            && err.contains("(hybridlint.toml)"),
        "{err}"
    );
    let (_, _, err) = run(&root, &["check", ".", "--isolated"]);
    assert!(err.is_empty(), "{err}");
}
