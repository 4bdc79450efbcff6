//! The conventions ruff, shellcheck and CI users carry in their hands: a concise one-line
//! format, `--statistics`, `--min-severity`, `-q`/`-v`, `--color` with FORCE_COLOR and
//! CLICOLOR_FORCE, the format implied by `--output`'s extension, Azure Pipelines and GitLab Code
//! Quality reports in their documented shapes, JUnit `<skipped/>` for rules that could not run,
//! and `fix` taking only what it uses.

mod common;

use std::process::{Command, Output};

use regex::Regex;
use serde_json::Value;

const SEED: &str = "fixtures/seed-walkthrough";
const NOW: &[&str] = &["--now", "2017-03-14"];

/// Runs hybridlint from the repository root with `args` and `env` (NO_COLOR and the colour
/// variables cleared first, so each test sets exactly what it means).
fn run_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hybridlint"));
    command.current_dir(common::root()).args(args);
    for var in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CI"] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    command.output().expect("hybridlint runs")
}

fn seed(extra: &[&str]) -> Output {
    let mut args = vec!["check", SEED];
    args.extend(NOW);
    args.extend(extra);
    run_env(&args, &[])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn concise_is_one_line_per_finding_in_the_compiler_shape() {
    let shape =
        Regex::new(r"^[^:\s][^:]*:\d+:\d+: (error|warning|info)\[[a-z]+/[a-z0-9-]+\] \S.*$")
            .expect("regex");
    for flag in ["--format", "--output-format"] {
        let o = seed(&[flag, "concise"]);
        assert_eq!(o.status.code(), Some(1));
        let out = text(&o.stdout);
        let lines: Vec<&str> = out.lines().collect();
        let (summary, findings) = lines.split_last().expect("lines");
        assert_eq!(findings.len(), 4, "{out}");
        for l in findings {
            assert!(shape.is_match(l), "not concise: {l}");
        }
        assert!(out.contains(":60:75: error[guid/truncated] "), "{out}");
        // A whole-file finding points at line 1, column 1, like the others.
        assert!(
            out.contains("LyncOAuth.cer:1:1: warning[cert/der-encoded] "),
            "{out}"
        );
        assert!(
            summary.starts_with("3 errors, 1 warning, 0 info in 2 files"),
            "{summary}"
        );
    }
    let quiet = text(&seed(&["--format", "concise", "-q"]).stdout);
    assert_eq!(quiet.lines().count(), 4, "-q drops the summary: {quiet}");
}

#[test]
fn statistics_count_findings_per_rule() {
    let out = text(&seed(&["--statistics"]).stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(
        Regex::new(r"^\s+1  cert/der-encoded\s+warning  ")
            .expect("regex")
            .is_match(
                lines
                    .iter()
                    .find(|l| l.contains("cert/der-encoded"))
                    .unwrap_or(&"")
            ),
        "{out}"
    );
    assert!(!out.contains("-->"), "no findings, only counts: {out}");
}

#[test]
fn min_severity_hides_findings_but_not_the_gate() {
    let o = seed(&["--format", "json", "--min-severity", "error"]);
    assert_eq!(o.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let severities: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["severity"].as_str())
        .collect();
    assert_eq!(severities, ["error"; 3], "{report:#}");
    // Hiding the errors does not pass a gate that fails on them.
    let mut args = vec!["check", SEED, "--format", "json", "--fail-on", "warning"];
    args.extend(NOW);
    let o = run_env(&args, &[]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn verbose_says_what_the_run_used_on_stderr() {
    let o = seed(&["-v", "--format", "concise"]);
    let err = text(&o.stderr);
    assert!(err.contains("judged as of 2017-03-14 (--now)"), "{err}");
    assert!(
        err.contains("config fixtures/seed-walkthrough/hybridlint.toml"),
        "{err}"
    );
    assert!(err.contains("SIP domain contoso.com"), "{err}");
    assert!(err.contains("dns/unresolvable did not run"), "{err}");
}

#[test]
fn color_follows_the_flag_and_the_force_variables() {
    let has_color = |o: &Output| text(&o.stdout).contains("\x1b[");
    // Standard output is a pipe here: auto means no colour ...
    assert!(!has_color(&seed(&[])));
    // ... unless forced by a flag or by the environment.
    assert!(has_color(&seed(&["--color", "always"])));
    let mut args = vec!["check", SEED];
    args.extend(NOW);
    assert!(has_color(&run_env(&args, &[("FORCE_COLOR", "1")])));
    assert!(has_color(&run_env(&args, &[("CLICOLOR_FORCE", "1")])));
    assert!(!has_color(&run_env(&args, &[("FORCE_COLOR", "0")])));
    args.extend(["--color", "never"]);
    assert!(!has_color(&run_env(&args, &[("FORCE_COLOR", "1")])));
    // Machine formats are never coloured.
    let mut json = vec!["check", SEED, "--format", "json", "--color", "always"];
    json.extend(NOW);
    assert!(!has_color(&run_env(&json, &[])));
}

#[test]
fn output_extension_implies_the_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (file, check) in [
        ("r.sarif", "\"version\": \"2.1.0\""),
        ("r.json", "\"findings\""),
        ("r.xml", "<testsuites"),
        ("r.html", "<!DOCTYPE html>"),
    ] {
        let path = dir.path().join(file);
        let path = path.to_str().expect("utf-8");
        let o = seed(&["--output", path]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
        let written = std::fs::read_to_string(path).expect("report written");
        assert!(
            written.contains(check),
            "{file}: {}",
            &written[..written.len().min(200)]
        );
    }
}

/// Azure Pipelines logging commands, as documented (learn.microsoft.com, "Logging commands"):
/// `##vso[task.logissue type=error|warning;sourcepath=…;linenumber=…;columnnumber=…;code=…;]message`,
/// with `;` and `]` escaped in values and line breaks escaped everywhere.
#[test]
fn azure_pipelines_commands_have_the_documented_shape() {
    let o = seed(&["--format", "azure"]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    let issue = Regex::new(
        r"^##vso\[task\.logissue type=(error|warning);(sourcepath=[^;\]\r\n]+;)?(linenumber=\d+;)?(columnnumber=\d+;)?code=[a-z]+/[a-z0-9-]+;\][^\r\n]+$",
    )
    .expect("regex");
    let issues: Vec<&str> = out.lines().filter(|l| l.starts_with("##vso")).collect();
    assert_eq!(issues.len(), 4, "errors and warnings: {out}");
    for l in &issues {
        assert!(issue.is_match(l), "not a logissue command: {l}");
    }
    assert!(
        issues
            .iter()
            .any(|l| l.contains("linenumber=60;columnnumber=75;code=guid/truncated;]")),
        "{out}"
    );
    // Info has no issue type in Azure Pipelines: a plain line. (The seed's MSOnline cmdlets are
    // an info only once the module is deprecated: judged in 2025, not in 2017.)
    let o = run_env(
        &["check", SEED, "--now", "2025-06-01", "--format", "azure"],
        &[],
    );
    let out = text(&o.stdout);
    assert!(
        out.lines()
            .any(|l| l.starts_with("hybridlint info: ") && l.contains("transcript/legacy-module")),
        "{out}"
    );
}

/// GitLab Code Quality (docs.gitlab.com, "Code Quality report format"): an array of issues, each
/// with `description`, `check_name`, a unique `fingerprint`, `severity` in info, minor, major,
/// critical, blocker, and `location.path` with `location.lines.begin`.
#[test]
fn gitlab_code_quality_has_the_documented_shape() {
    let o = seed(&["--format", "gitlab"]);
    assert_eq!(o.status.code(), Some(1));
    let issues: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let issues = issues.as_array().expect("an array");
    assert_eq!(issues.len(), 4);
    let mut fingerprints = std::collections::BTreeSet::new();
    for i in issues {
        assert!(
            i["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{i}"
        );
        assert!(
            i["check_name"].as_str().is_some_and(|c| c.contains('/')),
            "{i}"
        );
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap_or("")),
            "{i}"
        );
        assert!(
            i["location"]["path"]
                .as_str()
                .is_some_and(|p| p.starts_with(SEED)),
            "{i}"
        );
        assert!(i["location"]["lines"]["begin"].as_u64() >= Some(1), "{i}");
        let fp = i["fingerprint"].as_str().expect("fingerprint");
        assert!(
            fingerprints.insert(fp.to_string()),
            "duplicate fingerprint {fp}"
        );
    }
}

#[test]
fn junit_marks_rules_that_could_not_run_as_skipped() {
    let out = text(&seed(&["--format", "junit"]).stdout);
    let case = Regex::new(r#"name="dns/unresolvable">\s*<skipped>[^<]*--probe[^<]*</skipped>"#)
        .expect("regex");
    assert!(case.is_match(&out), "{out}");
    assert!(
        !out.contains(r#"name="dns/unresolvable"/>"#),
        "not a pass: {out}"
    );
    // With probe evidence (a recording of DNS lookups), the DNS rules run and are not skipped;
    // rules with nothing to judge in it (no certificate, no script) are skipped, with why.
    let o = run_env(
        &[
            "check",
            "fixtures/rules/dns/unresolvable/trigger",
            "--now",
            "2025-06-01",
            "--format",
            "junit",
        ],
        &[],
    );
    let out = text(&o.stdout);
    let dns_skipped = Regex::new(r#"name="dns/[^"]*">\s*<skipped>"#).expect("regex");
    assert!(!dns_skipped.is_match(&out), "{out}");
    let cert_not_applicable = Regex::new(
        r#"name="cert/expired">\s*<skipped>the evidence holds no certificate</skipped>"#,
    )
    .expect("regex");
    assert!(cert_not_applicable.is_match(&out), "{out}");
}

#[test]
fn json_states_the_run_and_one_location_shape() {
    let o = seed(&["--format", "json"]);
    let report: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(report["run"]["now"], "2017-03-14");
    assert_eq!(report["run"]["facts"]["sip_domain"], "contoso.com");
    assert_eq!(
        report["run"]["config_files"][0],
        "fixtures/seed-walkthrough/hybridlint.toml"
    );
    for f in report["findings"].as_array().expect("findings") {
        assert_eq!(f["fingerprint"].as_str().map(str::len), Some(40), "{f}");
        let rule = f["rule"].as_str().expect("rule");
        assert!(
            f["doc_url"]
                .as_str()
                .is_some_and(|u| u.ends_with(&format!("docs/rules/{rule}.md")))
        );
    }
    // Every location in the report, findings, checklist and diagnoses alike, has one shape.
    fn locations<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
        match v {
            Value::Object(m) => {
                if m.contains_key("path") && m.contains_key("line") {
                    out.push(v);
                }
                m.values().for_each(|x| locations(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| locations(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    locations(&report, &mut all);
    assert!(all.len() > 10);
    for l in all {
        let keys: Vec<&str> = l
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["column", "end_column", "end_line", "line", "path"],
            "{l}"
        );
        assert!(
            l["line"] != 0 && l["column"] != 0,
            "whole files are null, not 0: {l}"
        );
    }
}

#[test]
fn fix_takes_only_what_it_uses_and_never_writes_a_baseline() {
    let help = text(&run_env(&["fix", "--help"], &[]).stdout);
    for flag in [
        "format",
        "fail-on",
        "write-baseline",
        "statistics",
        "checklist",
        "color",
    ] {
        // An option line, not a mention in another option's text.
        let option = Regex::new(&format!(r"(?m)^ +(-\w, )?--{flag}\b")).expect("regex");
        assert!(!option.is_match(&help), "fix --help offers --{flag}");
    }
    assert!(help.contains("--output"), "{help}");
    assert!(help.contains("--cmdlets"), "{help}");
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("b.json");
    let b = baseline.to_str().expect("utf-8");
    let mut args = vec!["fix", SEED, "--write-baseline", b];
    args.extend(NOW);
    let o = run_env(&args, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("--write-baseline does not apply"),
        "{}",
        text(&o.stderr)
    );
    assert!(!baseline.exists(), "fix wrote a baseline");
}

#[test]
fn help_groups_options_under_headings() {
    let help = text(&run_env(&["check", "--help"], &[]).stdout);
    let lines: Vec<&str> = help.lines().collect();
    let heading_of = |flag: &str| {
        let option = Regex::new(&format!(r"^\s+(-\w, )?--{}\b", flag.trim())).expect("regex");
        let at = lines.iter().position(|l| option.is_match(l)).unwrap_or(0);
        lines[..at]
            .iter()
            .rev()
            .find(|l| !l.starts_with(' ') && l.ends_with(':'))
            .unwrap_or(&"")
            .to_string()
    };
    for (flag, heading) in [
        ("output ", "Output:"),
        ("statistics", "Output:"),
        ("fail-on", "Gating:"),
        ("baseline ", "Gating:"),
        ("select", "Rules:"),
        ("config ", "Configuration:"),
        ("tenant-id", "Facts:"),
        ("nameserver", "Probes:"),
    ] {
        assert_eq!(heading_of(flag), heading, "--{flag}");
    }
}
