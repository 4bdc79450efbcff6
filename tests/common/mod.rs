//! Shared test helpers: run the built binary on fixtures and read its JSON report.

#![allow(dead_code, unreachable_pub)]

pub mod dom;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `hybridlint check <path> --format json` with extra arguments; returns (exit code, report).
pub fn check_json(path: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .current_dir(root())
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("run hybridlint");
    let code = out.status.code().unwrap_or(-1);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON report for {}: {e}\nstderr: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

/// Runs `hybridlint` with arguments; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .current_dir(root())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run hybridlint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Findings of one rule in a JSON report.
pub fn findings_of<'a>(report: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    report["findings"]
        .as_array()
        .map(|a| a.iter().filter(|f| f["rule"] == rule).collect())
        .unwrap_or_default()
}

/// The header Start-Transcript writes in Windows PowerShell 5.1, for tests that build a
/// transcript of commands.
pub const TRANSCRIPT_HEADER: &str = "**********************\nWindows PowerShell transcript start\nStart time: 20300101090000\nUsername: CONTOSO\\lyncadmin\nRunAs User: CONTOSO\\lyncadmin\nMachine: LYNCFE01 (Microsoft Windows NT 10.0.14393.0)\nHost Application: C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\PowerShell.exe\nProcess ID: 6120\nPSVersion: 5.1.14393.6343\nPSEdition: Desktop\n**********************\nTranscript started, output file is C:\\Users\\lyncadmin\\Documents\\PowerShell_transcript.LYNCFE01.x.20300101090000.txt\n";

/// A script as an administrator's transcript of running it with every step succeeding: each
/// top-level statement at a prompt, block lines as `>>` continuations, no error output (how the
/// `fix` tests show a generated script having run).
pub fn as_transcript(script: &str) -> String {
    let mut out = String::from(TRANSCRIPT_HEADER);
    for line in script.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line.starts_with(' ') || line.starts_with('}') {
            out.push_str(&format!(">> {line}\n"));
        } else {
            out.push_str(&format!("PS C:\\Users\\lyncadmin> {line}\n"));
        }
    }
    out.push_str("PS C:\\Users\\lyncadmin> Stop-Transcript\n**********************\n");
    out
}
