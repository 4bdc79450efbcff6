//! The "CI gating" walk-through of the README, step by step, on a copy of `fixtures/gating`: an
//! evidence repository whose hybridlint.toml overrides a severity and ignores a rule in one folder
//! until a day, whose transcript carries an inline suppression, and which is then gated by a
//! baseline. Each step makes one change a team would make and checks the documented behaviour.
//!
//! The gate is `hybridlint check . --now 2025-06-01 --fail-on warning`, run from the repository's
//! root as CI would. (`--now` dates the evidence; ignore expiry is judged against today, so the
//! test uses days far in the past and the future.)

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const GATE: &[&str] = &["check", ".", "--now", "2025-06-01", "--fail-on", "warning"];
const SCRIPT: &str = "scripts/Configure-HybridOAuth.ps1";
const TRANSCRIPT: &str = "transcripts/PowerShell_transcript.LYNCFE01.20240610131012.txt";
const CONFIG: &str = "hybridlint.toml";
const BASELINE: &str = "hybridlint-baseline.json";

struct Repo {
    _tmp: tempfile::TempDir,
    root: PathBuf,
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

impl Repo {
    fn new() -> Repo {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("evidence-repo");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/gating"),
            &root,
        );
        // The fixture's `#:schema` comment points into this repository's docs; keep it valid.
        Repo { _tmp: tmp, root }
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_hybridlint"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .expect("run hybridlint");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// The gate with a JSON report: (exit code, report).
    fn gate(&self, extra: &[&str]) -> (i32, Value) {
        let mut args = GATE.to_vec();
        args.extend(["--format", "json"]);
        args.extend(extra);
        let (code, out, err) = self.run(&args);
        let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
        (code, json)
    }

    fn read(&self, file: &str) -> String {
        let bytes = std::fs::read(self.root.join(file)).expect("read");
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.root.join(file), text).expect("write");
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let text = self.read(file);
        assert!(text.contains(from), "{file} does not contain `{from}`");
        self.write(file, &text.replacen(from, to, 1));
    }
}

/// `(rule, severity, path)` of every finding, for readable assertions.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["rule"].as_str().unwrap_or("").to_string(),
                        f["severity"].as_str().unwrap_or("").to_string(),
                        // Paths are as found under `.`: `./scripts/…`.
                        f["location"]["path"]
                            .as_str()
                            .unwrap_or("")
                            .trim_start_matches("./")
                            .to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn rules(report: &Value) -> Vec<String> {
    findings(report).into_iter().map(|(r, _, _)| r).collect()
}

fn summary(report: &Value, key: &str) -> u64 {
    report["summary"][key].as_u64().unwrap_or(u64::MAX)
}

#[test]
fn a_gated_repository_behaves_as_documented_on_each_change() {
    let repo = Repo::new();

    // 1. As committed: the severity override makes the retired-module notes warnings, so the
    //    gate fails; the DER certificate ([[ignore]] until 2099) and the failed command (inline
    //    suppression with a reason) are not reported, but counted.
    let (code, report) = repo.gate(&[]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        findings(&report),
        [
            (
                "transcript/legacy-module".into(),
                "warning".into(),
                SCRIPT.into()
            ),
            (
                "transcript/legacy-module".into(),
                "warning".into(),
                TRANSCRIPT.into()
            ),
        ]
    );
    assert_eq!(summary(&report, "suppressed"), 2);
    // Without the config they are notes, and the certificate is reported.
    let empty = repo.root.join("empty.toml");
    std::fs::write(&empty, "").expect("write");
    let (_, report) = repo.gate(&["--config", empty.to_str().expect("utf-8 path")]);
    std::fs::remove_file(&empty).expect("remove");
    assert_eq!(
        findings(&report),
        [
            (
                "cert/der-encoded".into(),
                "warning".into(),
                "certs/LyncOAuth.cer".into()
            ),
            (
                "transcript/legacy-module".into(),
                "info".into(),
                SCRIPT.into()
            ),
            (
                "transcript/legacy-module".into(),
                "info".into(),
                TRANSCRIPT.into()
            ),
        ]
    );

    // 2. Accept today's findings: write the baseline and point the config at it. The gate passes
    //    and says what it hides.
    let (code, out, err) = repo.run(&[GATE, &["--write-baseline", BASELINE]].concat());
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.ends_with(
            "0 errors, 0 warnings, 0 info in 3 files (2 suppressed, 2 in the baseline not shown); config: hybridlint.toml\n"
        ),
        "{out}"
    );
    let written = repo.read(BASELINE);
    assert_eq!(
        written
            .matches("\"rule\":\"transcript/legacy-module\"")
            .count(),
        2,
        "{written}"
    );
    assert!(
        !written.contains("\"line\""),
        "no line numbers in the baseline: {written}"
    );
    let config = repo.read(CONFIG);
    repo.write(CONFIG, &format!("baseline = \"{BASELINE}\"\n{config}"));
    let (code, report) = repo.gate(&[]);
    assert_eq!((code, rules(&report)), (0, vec![]), "{report:#}");
    assert_eq!(summary(&report, "baselined"), 2);

    // 3. Edits elsewhere in the files do not break the baseline: lines inserted above every
    //    finding, and spacing changed on the finding's own line.
    repo.edit(
        SCRIPT,
        "# Tenant half",
        "# Reviewed 2025-05 (CHG-1187).\r\n\r\n# Tenant half",
    );
    repo.edit(SCRIPT, "Connect-MsolService", "Connect-MsolService   ");
    repo.edit(
        TRANSCRIPT,
        "PS C:\\Users\\lyncadmin> Import-Module MSOnline",
        "PS C:\\Users\\lyncadmin> Get-Date\r\n\r\nTuesday, June 10, 2024 1:10:12 PM\r\n\r\nPS C:\\Users\\lyncadmin> Import-Module MSOnline",
    );
    let (code, report) = repo.gate(&[]);
    assert_eq!((code, rules(&report)), (0, vec![]), "{report:#}");
    assert_eq!(summary(&report, "baselined"), 2);

    // 4. A new mistake fails the gate, and only it is reported.
    let good = repo.read(SCRIPT);
    repo.edit(
        SCRIPT,
        "-AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -Type",
        "-AppPrincipalId 00000004-0000-0ff1-ce00-00000000000 -Type",
    );
    let (code, report) = repo.gate(&[]);
    assert_eq!(code, 1);
    assert_eq!(rules(&report), ["guid/truncated"], "{report:#}");
    assert_eq!(summary(&report, "baselined"), 2);
    repo.write(SCRIPT, &good);

    // 5. The ignore expires: the DER certificate is reported again, with a warning at the
    //    [[ignore]] table saying why.
    repo.edit(CONFIG, "until = \"2099-12-31\"", "until = \"2020-01-31\"");
    let (code, report) = repo.gate(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [
            (
                "cert/der-encoded".into(),
                "warning".into(),
                "certs/LyncOAuth.cer".into()
            ),
            (
                "config/ignore-expired".into(),
                "warning".into(),
                CONFIG.into()
            ),
        ],
        "{report:#}"
    );
    let expired = &report["findings"][1];
    assert!(
        expired["message"]
            .as_str()
            .is_some_and(|m| m.contains("expired on 2020-01-31")),
        "{expired}"
    );
    let line = expired["location"]["line"].as_u64().unwrap_or(0) as usize;
    assert_eq!(
        repo.read(CONFIG).lines().nth(line.saturating_sub(1)),
        Some("[[ignore]]")
    );
    repo.edit(CONFIG, "until = \"2020-01-31\"", "until = \"2099-12-31\"");

    // 6. An inline suppression without a reason still applies, and is a warning.
    repo.edit(
        TRANSCRIPT,
        "ignore[transcript/command-failed] the EndDate was past the certificate; retried with the right dates two commands later",
        "ignore[transcript/command-failed]",
    );
    let (code, report) = repo.gate(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [(
            "config/suppression-without-reason".into(),
            "warning".into(),
            TRANSCRIPT.into()
        )],
        "{report:#}"
    );
    // Its severity can be overridden like any rule's.
    let config = repo.read(CONFIG);
    repo.edit(
        CONFIG,
        "[severity]\n",
        "[severity]\n\"config/suppression-without-reason\" = \"info\"\n",
    );
    let (code, _) = repo.gate(&[]);
    assert_eq!(code, 0);
    repo.write(CONFIG, &config);
    repo.edit(
        TRANSCRIPT,
        "ignore[transcript/command-failed]",
        "ignore[transcript/command-failed] retried with the right dates two commands later",
    );

    // 7. Fixing a baselined finding (the script moves to Microsoft Graph) leaves an outdated
    //    entry, reported as info: the gate passes. Writing the baseline again drops it.
    let graph = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clean-graph/Configure-LyncOAuth.ps1"),
    )
    .expect("clean Graph script");
    std::fs::write(repo.root.join(SCRIPT), graph).expect("write");
    let (code, report) = repo.gate(&[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        findings(&report),
        [(
            "config/baseline-outdated".into(),
            "info".into(),
            BASELINE.into()
        )]
    );
    assert_eq!(summary(&report, "baselined"), 1);
    let (code, _, _) = repo.run(&[GATE, &["--write-baseline", BASELINE]].concat());
    assert_eq!(code, 0);
    let (code, report) = repo.gate(&[]);
    assert_eq!((code, rules(&report)), (0, vec![]), "{report:#}");
    assert_eq!(repo.read(BASELINE).matches("\"fingerprint\"").count(), 1);

    // 8. One run, three reports: SARIF and JUnit files, human on the terminal.
    let (code, out, err) = repo.run(
        &[
            GATE,
            &[
                "--format",
                "sarif",
                "--output",
                "hybridlint.sarif",
                "--format",
                "junit",
                "--output",
                "hybridlint.xml",
                "--format",
                "human",
            ],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("in the baseline not shown); config: hybridlint.toml\n"),
        "{out}"
    );
    let sarif: Value =
        serde_json::from_str(&repo.read("hybridlint.sarif")).expect("SARIF file is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(repo.read("hybridlint.xml").starts_with("<?xml"));
    // Reports written into the repository are not taken for evidence by the next run.
    let (code, report) = repo.gate(&[]);
    assert_eq!((code, rules(&report)), (0, vec![]), "{report:#}");
}

#[test]
fn a_bad_config_or_baseline_is_never_ignored() {
    let repo = Repo::new();
    let config = repo.read(CONFIG);
    for (broken, needle) in [
        (
            config.replace("until = \"2099-12-31\"", "until = \"2099-13-31\""),
            "2099-13-31",
        ),
        (config.replace("reason = ", "why = "), "why"),
        (
            config.replace("rule = \"cert/der-encoded\"", "rule = \"cert/der-encodd\""),
            "cert/der-encodd",
        ),
        (
            config.replace(
                "rule = \"cert/der-encoded\"",
                "rule = \"config/ignore-expired\"",
            ),
            "cannot be ignored",
        ),
        (
            format!("baseline = \"missing.json\"\n{config}"),
            "missing.json",
        ),
    ] {
        repo.write(CONFIG, &broken);
        let (code, out, err) = repo.run(GATE);
        assert_eq!(code, 2, "{needle}: {out}{err}");
        assert!(err.contains(needle), "{needle}: {err}");
        assert!(out.is_empty(), "{out}");
    }
    repo.write(CONFIG, &config);
    repo.write(BASELINE, "{\"version\": 1, \"entries\": [oops]}");
    let (code, _, err) = repo.run(&[GATE, &["--baseline", BASELINE]].concat());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(BASELINE), "{err}");
}
