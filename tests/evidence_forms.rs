//! Evidence as administrators hand it over: printed cmdlet output without a transcript in every
//! encoding Windows writes, Graph byte arrays in a transcript, standard input, and runs that read
//! nothing (which are not a pass).

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

const NOW: [&str; 2] = ["--now", "2024-06-10"];

/// The rule ids and lines of a JSON report's findings.
fn findings(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["location"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn printed_format_list_in_every_encoding_shows_the_disabled_principal() {
    for name in [
        "exo-sp.txt", // UTF-16LE with BOM, as `> file` writes in Windows PowerShell 5.1
        "utf16be-bom.txt",
        "utf16le-no-bom.txt",
        "utf16be-no-bom.txt",
        "utf8.txt",
        "windows-1252.txt",
    ] {
        let path = Path::new("fixtures/printed-output").join(name);
        let (code, report) = common::check_json(&path, &NOW);
        assert_eq!(
            findings(&report),
            [("tenant/exchange-principal-disabled".to_string(), 4)],
            "{name}: the one fact the file shows, at its line (and nothing it does not show)"
        );
        assert_eq!(code, 1, "{name}");
    }
}

#[test]
fn printed_sfb_objects_are_facts_without_a_prompt() {
    let (_, report) = common::check_json(
        Path::new("fixtures/printed-output/oauth-server-table.txt"),
        &[
            NOW[0],
            NOW[1],
            "--tenant-id",
            "8f4c2a1e-3b7d-4c9a-9e2f-5d6b7a8c9d0e",
        ],
    );
    assert_eq!(
        findings(&report),
        [("oauth/tenant-mismatch".to_string(), 4)],
        "the table row's metadata URL names another tenant"
    );
    let (code, out, _) = common::run(&["model", "fixtures/printed-output/oauth-configuration.txt"]);
    assert_eq!(code, 0);
    let model: serde_json::Value = serde_json::from_str(&out).expect("model JSON");
    assert_eq!(model["files"][0]["kind"], "printed-output");
    let service_name = model["configuration"]["oauth_settings"]
        .as_array()
        .expect("settings")
        .iter()
        .find(|s| s["name"] == "ServiceName")
        .expect("ServiceName shown");
    assert_eq!(
        service_name["value"]["value"],
        "00000004-0000-0ff1-ce00-000000000000"
    );
    assert_eq!(service_name["value"]["location"]["line"], 7);
}

#[test]
fn a_prompt_line_names_the_command() {
    let (code, out, _) = common::run(&["model", "fixtures/printed-output/with-prompt.txt"]);
    assert_eq!(code, 0);
    let model: serde_json::Value = serde_json::from_str(&out).expect("model JSON");
    assert_eq!(model["files"][0]["kind"], "transcript");
    assert_eq!(model["commands"][0]["name"], "Get-MsolServicePrincipal");
    assert_eq!(model["records"][0]["command"], 0);
}

#[test]
fn graph_byte_arrays_are_unknown_values_not_wrong_ones() {
    let (code, report) = common::check_json(Path::new("fixtures/graph-byte-array"), &NOW);
    assert_eq!(findings(&report), [], "a correct Graph transcript is clean");
    assert_eq!(code, 0);
    let (_, out, _) = common::run(&["model", "fixtures/graph-byte-array"]);
    let model: serde_json::Value = serde_json::from_str(&out).expect("model JSON");
    let credentials: Vec<&serde_json::Value> = model["configuration"]["service_principals"]
        .as_array()
        .expect("principals")
        .iter()
        .flat_map(|sp| sp["credentials"].as_array().into_iter().flatten())
        .filter(|c| c["source"]["kind"] == "record")
        .collect();
    assert_eq!(credentials.len(), 2, "both printed keys are credentials");
    for c in credentials {
        assert!(c["value"].is_null(), "a cut byte array is unknown: {c}");
        assert_eq!(c["value_text"], "{48, 130, 3, 176...}");
    }
}

/// Runs `check ARGS --format json` with `input` on standard input.
fn check_stdin(args: &[&str], input: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .current_dir(common::root())
        .arg("check")
        .args(args)
        .args(["--format", "json", NOW[0], NOW[1]])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hybridlint");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn standard_input_is_evidence_under_the_name_given() {
    let bytes =
        std::fs::read(common::root().join("fixtures/printed-output/exo-sp.txt")).expect("fixture");
    let (code, out, err) = check_stdin(&["-", "--stdin-filename", "exo-sp.txt"], &bytes);
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let f = &common::findings_of(&report, "tenant/exchange-principal-disabled")[0];
    assert_eq!(f["location"]["path"], "exo-sp.txt");
    assert_eq!(f["location"]["line"], 4);

    let (code, out, _) = check_stdin(&["-"], &bytes);
    assert_eq!(code, 1);
    assert!(out.contains("\"<stdin>\""), "the default name: {out}");

    if Path::new("/dev/stdin").exists() {
        let (code, out, err) = check_stdin(&["/dev/stdin"], &bytes);
        assert_eq!(code, 1, "{err}");
        assert!(out.contains("tenant/exchange-principal-disabled"), "{out}");
    }
}

#[test]
fn reading_nothing_is_a_usage_error_that_says_what_was_skipped() {
    let empty = tempfile::tempdir().expect("temp dir");
    let (code, out, err) = common::run(&["check", &empty.path().to_string_lossy()]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("no evidence found"), "{err}");
    assert!(err.contains("no files were found"), "{err}");

    let unrelated = tempfile::tempdir().expect("temp dir");
    std::fs::write(unrelated.path().join("notes.md"), "# notes\nnothing here\n").expect("write");
    std::fs::write(
        unrelated.path().join("photo.jpg"),
        [0xFF, 0xD8, 0xFF, 0x00, 0x10],
    )
    .expect("write");
    let (code, _, err) = common::run(&["check", &unrelated.path().to_string_lossy()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("2 files skipped"), "{err}");
    assert!(err.contains("notes.md: UTF-8 text without"), "{err}");
    assert!(err.contains("photo.jpg: binary content"), "{err}");

    let (code, _, err) = check_stdin(&["-", "--stdin-filename", "notes.txt"], b"just words\n");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("notes.txt: UTF-8 text"), "{err}");
}

#[test]
fn a_file_that_cannot_be_read_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("transcript.txt"),
        [0x00, 0x9F, 0x92, 0x96, 0x00, 0x01, 0xC3],
    )
    .expect("write");
    let (code, report) = common::check_json(dir.path(), &NOW);
    let f = &common::findings_of(&report, "input/unreadable")[0];
    assert_eq!(f["severity"], "error");
    assert_eq!(code, 1);
}

#[test]
fn export_csv_output_is_read_and_collections_in_it_are_unknown() {
    let (code, report) = common::check_json(Path::new("fixtures/exports/exo-sp.csv"), &NOW);
    assert_eq!(
        findings(&report),
        [("tenant/exchange-principal-disabled".to_string(), 3)],
        "the row's AccountEnabled, and no SPN finding from `System.Collections.Generic.List…`"
    );
    assert_eq!(code, 1);
    let f = &common::findings_of(&report, "tenant/exchange-principal-disabled")[0];
    assert_eq!(
        f["location"]["column"], 53,
        "the value's own column, inside its quotes"
    );
    let (_, report) = common::check_json(
        Path::new("fixtures/exports/oauth-server.csv"),
        &[
            NOW[0],
            NOW[1],
            "--tenant-id",
            "8f4c2a1e-3b7d-4c9a-9e2f-5d6b7a8c9d0e",
        ],
    );
    assert_eq!(
        findings(&report),
        [("oauth/tenant-mismatch".to_string(), 2)],
        "a `;`-separated export without #TYPE"
    );
}

#[test]
fn convertto_json_output_is_read_with_byte_arrays_and_dates() {
    let (code, report) = common::check_json(
        Path::new("fixtures/exports/exo-sp.json"),
        &["fixtures/exports/LyncOAuth.cer", NOW[0], NOW[1]],
    );
    assert_eq!(
        findings(&report),
        [("cert/thumbprint-mismatch".to_string(), 7)],
        "the key's bytes are the previous certificate, not the exported one"
    );
    assert_eq!(code, 1);
    let (_, out, _) = common::run(&["model", "fixtures/exports/exo-sp.json"]);
    let model: serde_json::Value = serde_json::from_str(&out).expect("model JSON");
    assert_eq!(model["files"][0]["kind"], "json-export");
    let sp = &model["configuration"]["service_principals"][0];
    assert_eq!(sp["enabled"][0]["value"], "True");
    let key = &sp["credentials"][0];
    assert_eq!(
        key["end_date"]["value"], "2025-05-31T23:59:59Z",
        "Windows PowerShell's \\/Date(ms)\\/ as a date"
    );
    assert!(
        key["value"].as_str().is_some_and(|v| v.starts_with("MIID")),
        "the whole byte array as Base64: {key}"
    );
}

#[test]
fn a_runbook_is_read_for_its_powershell_blocks_and_other_languages_not_at_all() {
    let (_, report) = common::check_json(
        Path::new("fixtures/runbooks"),
        &["--now", "2025-06-01", "--fail-on", "never", "--isolated"],
    );
    let judged: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error" || f["severity"] == "warning")
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["location"]["path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                f["location"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // The planted mistakes, each in a PowerShell block at its own line: the runbook's tagged
    // block, the older page's untagged example and its blockquoted note. Nothing from the prose,
    // the `text` and `bash` blocks, the syntax diagrams, the URL, `iisreset` and error-record
    // blocks, the JSON output tagged `powershell`, a variable assigned in an untagged block or
    // on a line with a placeholder, the Python helper or the shell script.
    let at = |path: &str, line| ("guid/truncated".to_string(), path.to_string(), line);
    assert_eq!(
        judged,
        vec![
            at("fixtures/runbooks/oauth-runbook.md", 22),
            at("fixtures/runbooks/older-page.md", 25),
            at("fixtures/runbooks/older-page.md", 49),
        ],
        "{report:#}"
    );
}
