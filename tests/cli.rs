//! End-to-end tests of the `hybridlint` binary: exit codes, usage errors, output formats and
//! files. They use only generic behaviour (no rule has to exist), and each runs in its own
//! temporary folder so no `hybridlint.toml` from the surroundings is picked up.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs hybridlint in `dir` with `args`, NO_COLOR unset so colour decisions are the binary's own.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the hybridlint binary runs")
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// A folder holding one certificate with nothing wrong with it (judged with `--now 2024-06-10`):
/// evidence that yields no finding. (An empty folder is a usage error: nothing read is no pass.)
fn clean_dir() -> tempfile::TempDir {
    let dir = tempdir();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clean-graph/LyncOAuth.cer"),
        dir.path().join("LyncOAuth.cer"),
    )
    .expect("copy the certificate");
    dir
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a usage error: exit 2, a message on stderr containing `needle`, nothing on stdout.
fn assert_usage_error(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(o));
    assert!(
        stderr(o).contains(needle),
        "stderr should mention `{needle}`: {}",
        stderr(o)
    );
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(o));
}

fn parse_json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(o), stderr(o)))
}

#[test]
fn nonexistent_path_is_a_usage_error() {
    let dir = tempdir();
    let o = run_in(dir.path(), &["check", "no-such-evidence"]);
    assert_usage_error(&o, "no-such-evidence");
}

#[test]
fn invalid_now_is_a_usage_error() {
    let dir = tempdir();
    let o = run_in(dir.path(), &["check", ".", "--now", "26/11/2014"]);
    assert_usage_error(&o, "--now");
}

#[test]
fn invalid_tenant_id_is_a_usage_error() {
    let dir = tempdir();
    let o = run_in(dir.path(), &["check", ".", "--tenant-id", "not-a-guid"]);
    assert_usage_error(&o, "--tenant-id");
}

#[test]
fn unknown_select_is_a_usage_error() {
    let dir = tempdir();
    let o = run_in(dir.path(), &["check", ".", "--select", "no-such-area"]);
    assert_usage_error(&o, "no-such-area");
}

#[test]
fn invalid_config_file_is_a_usage_error_naming_the_file() {
    let dir = tempdir();
    let config = dir.path().join("hybridlint.toml");
    std::fs::write(&config, "no-such-key = true\n").expect("write config");
    let o = run_in(dir.path(), &["check", "."]);
    assert_usage_error(&o, "hybridlint.toml");
    assert!(stderr(&o).contains("no-such-key"), "{}", stderr(&o));
}

#[test]
fn clean_evidence_gives_an_empty_json_report() {
    let dir = clean_dir();
    let o = run_in(
        dir.path(),
        &["check", ".", "--format", "json", "--now", "2024-06-10"],
    );
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let v = parse_json(&o);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "hybridlint");
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn clean_evidence_gives_a_sarif_report() {
    let dir = clean_dir();
    let o = run_in(
        dir.path(),
        &["check", ".", "--format", "sarif", "--now", "2024-06-10"],
    );
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let v = parse_json(&o);
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["tool"]["driver"]["name"], "hybridlint");
}

#[test]
fn rules_list_is_json() {
    let dir = tempdir();
    let o = run_in(dir.path(), &["rules", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(parse_json(&o).is_array());
}

#[test]
fn explain_unknown_rule_is_a_usage_error() {
    let dir = tempdir();
    let o = run_in(dir.path(), &["explain", "nope/no-such-rule"]);
    assert_usage_error(&o, "nope/no-such-rule");
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = clean_dir();
    let o = run_in(
        dir.path(),
        &[
            "check",
            ".",
            "--format",
            "json",
            "--output",
            "report.json",
            "--now",
            "2024-06-10",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(&o));
    let text = std::fs::read_to_string(dir.path().join("report.json")).expect("report written");
    let v: Value = serde_json::from_str(&text).expect("the written report is JSON");
    assert_eq!(v["tool"]["name"], "hybridlint");
}

#[test]
fn piped_human_output_has_no_colour() {
    let dir = clean_dir();
    for no_color in [None, Some("1")] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hybridlint"));
        cmd.args(["check", ".", "--now", "2024-06-10"])
            .current_dir(dir.path());
        match no_color {
            Some(v) => cmd.env("NO_COLOR", v),
            None => cmd.env_remove("NO_COLOR"),
        };
        let o = cmd.output().expect("the hybridlint binary runs");
        assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
        assert!(
            stdout(&o).contains("0 errors, 0 warnings, 0 info in 1 file"),
            "{}",
            stdout(&o)
        );
        assert!(!o.stdout.contains(&0x1b), "ESC in output: {:?}", stdout(&o));
    }
}

/// On a terminal the summary is coloured, unless NO_COLOR is set. `script` (util-linux, part of
/// every Debian system) gives the binary a pseudo-terminal, so both halves are really tested.
#[cfg(target_os = "linux")]
#[test]
fn terminal_output_is_coloured_unless_no_color() {
    let dir = clean_dir();
    let command = format!(
        "'{}' check . --now 2024-06-10",
        env!("CARGO_BIN_EXE_hybridlint")
    );
    for no_color in [false, true] {
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"])
            .current_dir(dir.path());
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let o = cmd
            .output()
            .expect("util-linux `script` runs (needed for a pseudo-terminal)");
        assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
        assert!(stdout(&o).contains("0 info in 1 file"), "{}", stdout(&o));
        assert_eq!(
            o.stdout.contains(&0x1b),
            !no_color,
            "NO_COLOR={no_color}: {:?}",
            stdout(&o)
        );
    }
}

#[test]
fn web_fqdn_takes_a_host_name_only() {
    let dir = tempdir();
    for (value, needle) in [
        ("https://lyncweb.contoso.com/", "give the host name only"),
        ("lyncweb.contoso.com/metadata/json/1", "has a path"),
        ("", "empty string"),
    ] {
        for command in ["check", "probe", "model"] {
            let o = run_in(dir.path(), &[command, "--web-fqdn", value]);
            assert_usage_error(&o, needle);
        }
    }
    std::fs::write(
        dir.path().join("hybridlint.toml"),
        "web-fqdns = [\"https://lyncweb.contoso.com\"]\n",
    )
    .expect("config written");
    let o = run_in(dir.path(), &["check", "."]);
    assert_usage_error(&o, "web-fqdns");
}
