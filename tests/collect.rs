//! `hybridlint collect`: the collector script parses as PowerShell, is read-only (no command that
//! changes anything, Graph scopes that only read), never exports a private key, secret or token,
//! and is clean under `hybridlint check` itself.

mod common;

use tree_sitter::{Node, Parser};

fn script() -> String {
    let (code, out, err) = common::run(&["collect"]);
    assert_eq!(code, 0, "{err}");
    out
}

/// Every node of the syntax tree, depth first.
fn nodes(root: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        out.push(n);
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    out
}

#[test]
fn the_script_parses_and_runs_no_command_that_changes_anything() {
    let text = script();
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_powershell::LANGUAGE.into())
        .expect("the PowerShell grammar loads");
    let tree = parser.parse(&text, None).expect("parsed");
    let all = nodes(tree.root_node());
    let errors: Vec<String> = all
        .iter()
        .filter(|n| n.is_error() || n.is_missing())
        .map(|n| format!("line {}", n.start_position().row + 1))
        .collect();
    assert!(errors.is_empty(), "syntax errors at {errors:?}");
    let commands: Vec<String> = all
        .iter()
        .filter(|n| n.kind() == "command_name")
        .filter_map(|n| n.utf8_text(text.as_bytes()).ok())
        .map(str::to_string)
        .collect();
    assert!(
        commands.len() > 20,
        "the walk sees the script's commands: {commands:?}"
    );
    for verb in [
        "new-",
        "set-",
        "update-",
        "remove-",
        "add-",
        "clear-",
        "enable-",
        "disable-",
        "grant-",
        "revoke-",
        "install-",
        "register-",
        "invoke-expression",
        "iex",
    ] {
        let bad: Vec<&String> = commands
            .iter()
            .filter(|c| c.to_ascii_lowercase().starts_with(verb))
            .collect();
        assert!(bad.is_empty(), "a command that changes something: {bad:?}");
    }
    // Method calls cannot write either, but for the folder and the files it writes.
    let methods: Vec<String> = all
        .iter()
        .filter(|n| n.kind() == "member_name")
        .filter_map(|n| n.utf8_text(text.as_bytes()).ok())
        .map(str::to_ascii_lowercase)
        .collect();
    for m in ["export", "delete", "remove", "set", "add_"] {
        assert!(
            !methods.iter().any(|x| x == m),
            "a method that could change or export: {m} in {methods:?}"
        );
    }
    for must in [
        "Export-Clixml",
        "Start-Transcript",
        "Stop-Transcript",
        "Compress-Archive",
        "Connect-MgGraph",
    ] {
        assert!(
            commands.iter().any(|c| c == must),
            "{must} is used: {commands:?}"
        );
    }
}

#[test]
fn nothing_secret_is_exported_and_graph_access_is_read_only() {
    let text = script();
    let lower = text.to_ascii_lowercase();
    for word in [
        "privatekey",
        "export-pfxcertificate",
        "pkcs12",
        ".pfx",
        "accesstoken",
        "get-mgcontext",
        "secrettext",
        "passwordcredentials",
        "convertfrom-securestring",
        "-returnkeyvalues",
    ] {
        assert!(!lower.contains(word), "the script mentions `{word}`");
    }
    let scopes_line = text
        .lines()
        .find(|l| l.starts_with("$graphScopes = "))
        .expect("the scopes line");
    let scopes: Vec<&str> = scopes_line.split('\'').skip(1).step_by(2).collect();
    assert!(!scopes.is_empty());
    for s in scopes {
        assert!(
            s.ends_with(".Read.All"),
            "a Graph scope that is not read-only: {s}"
        );
    }
}

#[test]
fn the_script_is_clean_under_hybridlint_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("Collect-HybridEvidence.ps1");
    let (code, _, err) = common::run(&["collect", "--output", &path.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let (code, report) = common::check_json(&path, &["--now", "2024-06-10", "--fail-on", "info"]);
    assert_eq!(report["findings"], serde_json::json!([]), "{report}");
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn the_script_survives_windows_powershell_redirection() {
    // `hybridlint collect > Collect-HybridEvidence.ps1` in Windows PowerShell 5.1 decodes the
    // program's output with the console code page and writes the file as UTF-16LE with a BOM:
    // an ASCII script comes through unchanged, and that file is read as the same script.
    let text = script();
    let odd: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.is_ascii())
        .collect();
    assert!(odd.is_empty(), "non-ASCII lines: {odd:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("Collect-HybridEvidence.ps1");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.replace('\n', "\r\n").encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(&path, bytes).expect("write");
    let (code, report) = common::check_json(&path, &["--now", "2024-06-10", "--fail-on", "info"]);
    assert_eq!(report["findings"], serde_json::json!([]), "{report}");
    assert_eq!(code, 0);
    let (_, out, _) = common::run(&["model", &path.to_string_lossy()]);
    let model: serde_json::Value = serde_json::from_str(&out).expect("model JSON");
    assert_eq!(model["files"][0]["kind"], "script");
    assert_eq!(model["files"][0]["encoding"], "UTF-16LE");
}
