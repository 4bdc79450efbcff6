//! The example GitHub Actions workflow (`docs/examples/github-workflow.yml`) and the pre-commit hook
//! (`.pre-commit-hooks.yaml`) are exercised on fixtures: their hybridlint command lines are read from
//! the YAML and run by bash, as the runner and pre-commit would, in a copy of `fixtures/gating` laid
//! out as the repository they describe, with the built binary first on PATH.
//!
//! Both run without `--now` (a live repository is judged as of today), so each test first accepts
//! today's findings with a baseline, as the README tells a team to, then checks that the gate
//! passes, and that a new mistake fails it with the expected outputs.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

const SARIF_SCHEMA: &str = include_str!("schemas/sarif-schema-2.1.0.json");
const SCRIPT: &str = "scripts/Configure-HybridOAuth.ps1";

fn yaml(path: &str) -> Yaml {
    let text = std::fs::read_to_string(common::root().join(path)).expect("read the YAML");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path} is not YAML: {e}"))
}

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

/// A folder with `hybridlint` in it, for PATH.
fn bin_dir(tmp: &Path) -> PathBuf {
    let bin = tmp.join("bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_hybridlint"), bin.join("hybridlint"))
        .expect("link the binary");
    bin
}

/// Runs `script` with bash as a GitHub runner does (`bash --noprofile --norc -eo pipefail`).
fn bash(script: &str, cwd: &Path, bin: &Path, env: &[(&str, &str)]) -> Output {
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(cwd)
        .env("PATH", path)
        .env("CI", "true")
        .envs(env.iter().copied())
        .output()
        .expect("bash runs")
}

/// Accepts today's findings in `evidence` with a baseline named in its config.
fn accept_today(evidence: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .args(["check", ".", "--write-baseline", "hybridlint-baseline.json"])
        .current_dir(evidence)
        .output()
        .expect("write the baseline");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let config = evidence.join("hybridlint.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(
        &config,
        format!("baseline = \"hybridlint-baseline.json\"\n{text}"),
    )
    .expect("config");
}

/// Types the Lync id one zero short in the script: a new error.
fn break_script(evidence: &Path) {
    let path = evidence.join(SCRIPT);
    let text = std::fs::read_to_string(&path).expect("script");
    let broken = text.replacen(
        "-AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -Type",
        "-AppPrincipalId 00000004-0000-0ff1-ce00-00000000000 -Type",
        1,
    );
    assert_ne!(text, broken);
    std::fs::write(&path, broken).expect("script");
}

fn sarif_errors(doc: &Json) -> String {
    let schema: Json = serde_json::from_str(SARIF_SCHEMA).expect("schema");
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}\n", e.instance_path()))
        .collect()
}

fn str_at<'a>(v: &'a Yaml, key: &str) -> &'a str {
    v.get(key).and_then(Yaml::as_str).unwrap_or("")
}

#[test]
fn github_workflow_gates_and_uploads_sarif() {
    let wf = yaml("docs/examples/github-workflow.yml");
    assert!(
        wf["on"].get("pull_request").is_some(),
        "runs on pull requests"
    );
    assert_eq!(str_at(&wf["permissions"], "security-events"), "write");
    let evidence_dir = str_at(&wf["env"], "EVIDENCE").to_string();
    assert!(
        !evidence_dir.is_empty(),
        "the workflow names its evidence folder"
    );
    let steps = wf["jobs"]["hybridlint"]["steps"]
        .as_sequence()
        .expect("steps");
    let lint = steps
        .iter()
        .find(|s| str_at(s, "id") == "hybridlint")
        .expect("a step with id hybridlint");
    let run = str_at(lint, "run");
    assert!(run.starts_with("hybridlint check "), "{run}");
    let upload = steps
        .iter()
        .find(|s| str_at(s, "uses").starts_with("github/codeql-action/upload-sarif@"))
        .expect("a SARIF upload step");
    assert!(
        str_at(upload, "if").contains("!cancelled()"),
        "the SARIF is uploaded when the gate fails too"
    );
    let sarif_file = str_at(&upload["with"], "sarif_file");
    let words: Vec<&str> = run.split_whitespace().collect();
    let sarif_output = words
        .windows(4)
        .find(|w| w[0] == "--format" && w[1] == "sarif" && w[2] == "--output")
        .map(|w| w[3])
        .expect("the lint step writes SARIF");
    assert_eq!(
        sarif_output, sarif_file,
        "the upload reads what the lint wrote"
    );

    let tmp = tempfile::tempdir().expect("tempdir");
    let bin = bin_dir(tmp.path());
    let repo = tmp.path().join("repo");
    let evidence = repo.join(&evidence_dir);
    copy_dir(&common::root().join("fixtures/gating"), &evidence);
    accept_today(&evidence);
    let env = [
        ("EVIDENCE", evidence_dir.as_str()),
        ("GITHUB_ACTIONS", "true"),
    ];

    let out = bash(run, &repo, &bin, &env);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{:?}", out.stderr);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sarif: Json = serde_json::from_str(
        &std::fs::read_to_string(repo.join(sarif_file)).expect("the SARIF file is written"),
    )
    .expect("SARIF is JSON");
    let errs = sarif_errors(&sarif);
    assert!(errs.is_empty(), "{errs}");
    // Nothing open; what the config and an inline comment hid is there, marked suppressed
    // with its reason, so code scanning shows it dismissed rather than not at all.
    let results = sarif["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        results.iter().all(|r| r["suppressions"][0]["justification"]
            .as_str()
            .is_some_and(|j| !j.is_empty())),
        "{results:#?}"
    );

    break_script(&evidence);
    let out = bash(run, &repo, &bin, &env);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::") || l.starts_with("hybridlint: ")),
        "only workflow commands and the summary: {stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "::error file={evidence_dir}/{SCRIPT},line=17,col=52,endColumn=87,title=hybridlint guid/truncated::"
        )),
        "{stdout}"
    );
    let sarif: Json = serde_json::from_str(
        &std::fs::read_to_string(repo.join(sarif_file)).expect("the SARIF file is written"),
    )
    .expect("SARIF is JSON");
    let errs = sarif_errors(&sarif);
    assert!(errs.is_empty(), "{errs}");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "guid/truncated");
}

#[test]
fn pre_commit_hook_checks_the_whole_folder() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = hooks
        .as_sequence()
        .and_then(|h| h.iter().find(|h| str_at(h, "id") == "hybridlint"))
        .expect("a hook with id hybridlint");
    assert_eq!(
        str_at(hook, "language"),
        "rust",
        "pre-commit builds it with cargo"
    );
    assert_eq!(
        hook["pass_filenames"].as_bool(),
        Some(false),
        "the rules need all the evidence, not the changed files"
    );
    let files = regex::Regex::new(str_at(hook, "files")).expect("`files` is a regular expression");
    for name in [
        "certs/LyncOAuth.cer",
        SCRIPT,
        "transcripts/PowerShell_transcript.LYNCFE01.20240610131012.txt",
        "hybridlint.toml",
        "hybridlint-baseline.json",
        "keys/OAUTH.PFX",
    ] {
        assert!(files.is_match(name), "the hook runs when {name} changes");
    }
    assert!(!files.is_match("README.md"));
    // pre-commit runs `entry` followed by the hook's `args`, at the repository root.
    let entry = str_at(hook, "entry");
    assert_eq!(entry, "hybridlint check");

    let tmp = tempfile::tempdir().expect("tempdir");
    let bin = bin_dir(tmp.path());
    let repo = tmp.path().join("repo");
    copy_dir(&common::root().join("fixtures/gating"), &repo);
    accept_today(&repo);
    let out = bash(entry, &repo, &bin, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    break_script(&repo);
    let out = bash(entry, &repo, &bin, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("error[guid/truncated]"), "{stdout}");
    assert!(
        stdout.contains("= help: run `hybridlint explain guid/truncated`"),
        "{stdout}"
    );
}
