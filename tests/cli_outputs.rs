//! The binary's outputs beyond one report: several reports per run (`--format` paired with
//! `--output` by position), JUnit and GitHub formats end to end, shell completions (loaded by a
//! real bash), man pages, and the progress bar (drawn only for a person at a terminal).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const SEED: &str = "fixtures/seed-walkthrough";

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the hybridlint binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn seed_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["check", "SEED", "--now", "2017-03-14"];
    args.extend(extra);
    args
}

/// Runs on the seed walkthrough from a temporary folder (reports land there).
fn run_seed(dir: &Path, extra: &[&str]) -> Output {
    let seed = common::root().join(SEED);
    let seed = seed.to_str().expect("utf-8 path");
    let args: Vec<&str> = seed_args(extra)
        .into_iter()
        .map(|a| if a == "SEED" { seed } else { a })
        .collect();
    run_in(dir, &args)
}

#[test]
fn several_reports_in_one_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = run_seed(
        tmp.path(),
        &[
            "--format", "sarif", "--output", "a.sarif", "--format", "human", "--format", "junit",
            "--output", "j.xml", "--format", "json", "--output", "r.json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let human = text(&o.stdout);
    assert!(human.contains("error[guid/truncated]"), "{human}");
    assert!(
        human.ends_with(&format!(
            "3 errors, 1 warning, 0 info in 2 files; config: {}
",
            common::root().join(SEED).join("hybridlint.toml").display()
        )),
        "{human}"
    );
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("a.sarif")).expect("sarif"))
            .expect("SARIF is JSON");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(4)
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("r.json")).expect("json"))
            .expect("JSON");
    assert_eq!(json["summary"]["error"], 3);
    let junit = std::fs::read_to_string(tmp.path().join("j.xml")).expect("junit");
    assert!(junit.contains("failures=\"3\""), "{junit}");
}

#[test]
fn one_format_and_its_output_in_either_order() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (i, args) in [
        ["--format", "json", "--output", "r0.json"],
        ["--output", "r1.json", "--format", "json"],
    ]
    .iter()
    .enumerate()
    {
        let o = run_seed(tmp.path(), args);
        assert_eq!(o.status.code(), Some(1));
        assert!(o.stdout.is_empty());
        let v: Value = serde_json::from_str(
            &std::fs::read_to_string(tmp.path().join(format!("r{i}.json"))).expect("report"),
        )
        .expect("JSON");
        assert_eq!(v["version"], 1);
    }
}

#[test]
fn ambiguous_outputs_are_usage_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (args, needle) in [
        (
            vec!["--format", "json", "--format", "sarif"],
            "standard output",
        ),
        (
            vec!["--output", "a", "--format", "json", "--format", "sarif"],
            "before any --format",
        ),
        (
            vec![
                "--format", "json", "--output", "a", "--output", "b", "--format", "sarif",
            ],
            "two files",
        ),
        (vec!["--output", "a", "--output", "b"], "2 times"),
    ] {
        let o = run_seed(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            text(&o.stderr).contains(needle),
            "{args:?}: {}",
            text(&o.stderr)
        );
        assert!(o.stdout.is_empty());
        assert!(
            !tmp.path().join("a").exists(),
            "nothing written on a usage error"
        );
    }
}

#[test]
fn github_format_end_to_end() {
    let (code, out, _) = common::run(&["check", SEED, "--now", "2017-03-14", "--format", "github"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].starts_with(
        "::warning file=fixtures/seed-walkthrough/LyncOAuth.cer,title=hybridlint cert/der-encoded::"
    ));
    assert!(lines.iter().any(|l| l.starts_with(
        "::error file=fixtures/seed-walkthrough/PowerShell_transcript.LYNCFE01.20170314094512.txt,line=60,col=75,endColumn=110,title=hybridlint guid/truncated::"
    )), "{out}");
    // MSOnline was the documented module in March 2017: no legacy-module notice then.
    assert!(!lines.iter().any(|l| l.starts_with("::notice ")), "{out}");
    assert_eq!(
        lines[4],
        "hybridlint: 3 error(s), 1 warning(s), 0 info in 2 file(s)"
    );
}

#[test]
fn bash_completions_load() {
    let command = format!(
        "source <('{}' completions bash) && complete -p hybridlint",
        env!("CARGO_BIN_EXE_hybridlint")
    );
    let o = Command::new("bash")
        .args(["--noprofile", "--norc", "-c", &command])
        .output()
        .expect("bash runs");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("hybridlint"),
        "{}",
        text(&o.stdout)
    );
    // The completion function offers the subcommands and check's formats.
    let command = format!(
        "source <('{}' completions bash) && COMP_WORDS=(hybridlint check --format '') COMP_CWORD=3 && _hybridlint hybridlint '' --format && printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        env!("CARGO_BIN_EXE_hybridlint")
    );
    let o = Command::new("bash")
        .args(["--noprofile", "--norc", "-c", &command])
        .output()
        .expect("bash runs");
    let offered = text(&o.stdout);
    for format in ["human", "json", "sarif", "junit", "github"] {
        assert!(
            offered.lines().any(|l| l == format),
            "{format} in {offered}"
        );
    }
}

#[test]
fn completions_for_other_shells() {
    for (shell, needle) in [
        ("zsh", "#compdef hybridlint"),
        ("fish", "complete -c hybridlint"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, out, err) = common::run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(needle), "{shell}: {out}");
    }
    let (code, _, err) = common::run(&["completions", "tcsh"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn man_pages() {
    let (code, out, _) = common::run(&["man"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie \\n(.g .ds Aq"),
        "roff: {}",
        &out[..out.len().min(200)]
    );
    assert!(out.contains(".TH hybridlint 1"), "{out}");
    for sub in ["check", "completions", "baseline"] {
        assert!(out.contains(sub), "{sub}");
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("man");
    let (code, _, err) = common::run(&["man", "--dir", dir.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
    let check =
        std::fs::read_to_string(dir.join("hybridlint-check.1")).expect("a page per command");
    for option in ["\\-\\-write\\-baseline", "\\-\\-format", "junit"] {
        assert!(check.contains(option), "{option} in hybridlint-check.1");
    }
}

/// On a pseudo-terminal (util-linux `script`), a run over many files draws the bar on standard
/// error; with CI set, with a JSON report on standard output, or with --no-progress it does not.
#[cfg(target_os = "linux")]
#[test]
fn progress_bar_only_for_a_person_at_a_terminal() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let seed = common::root()
        .join(SEED)
        .join("PowerShell_transcript.LYNCFE01.20170314094512.txt");
    for i in 0..hybridlint::progress::MIN_FILES + 5 {
        std::fs::copy(&seed, tmp.path().join(format!("t{i:02}.txt"))).expect("copy");
    }
    let bar = |extra: &str, ci: bool| {
        let command = format!(
            "'{}' check . --now 2017-03-14 --fail-on never {extra}",
            env!("CARGO_BIN_EXE_hybridlint")
        );
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"])
            .current_dir(tmp.path())
            .env("TERM", "xterm")
            .env("NO_COLOR", "1");
        if ci {
            cmd.env("CI", "true");
        } else {
            cmd.env_remove("CI");
        }
        let o = cmd.output().expect("util-linux `script` runs");
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        text(&o.stdout).contains("reading evidence")
    };
    assert!(bar("", false), "a long run on a terminal shows the bar");
    assert!(!bar("", true), "not in CI");
    assert!(
        !bar("--format json", false),
        "not while JSON goes to standard output"
    );
    assert!(!bar("--no-progress", false), "not when asked");
    // A short run draws nothing.
    let short = tempfile::tempdir().expect("tempdir");
    std::fs::copy(&seed, short.path().join("t.txt")).expect("copy");
    let command = format!(
        "'{}' check . --now 2017-03-14",
        env!("CARGO_BIN_EXE_hybridlint")
    );
    let o = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(short.path())
        .env("TERM", "xterm")
        .env_remove("CI")
        .output()
        .expect("script runs");
    assert!(!text(&o.stdout).contains("reading evidence"));
}
