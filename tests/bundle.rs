//! The evidence bundle the collector writes, read as a folder and as the `.zip` it is handed
//! over as: the planted faults (a disabled Exchange principal, keys of the previous certificate)
//! are found by `check`, explained by `diagnose` and repaired by `fix`, from either form.

mod common;

use std::path::Path;

const FOLDER: &str = "fixtures/bundle/HybridEvidence-LYNCFE01-20240610091500";
const ZIP: &str = "fixtures/bundle-zip/HybridEvidence-LYNCFE01-20240610091500.zip";
const NOW: [&str; 2] = ["--now", "2024-06-10"];

/// Each finding as (rule, file name inside the bundle, line), sorted.
fn findings(report: &serde_json::Value) -> Vec<(String, String, u64)> {
    let mut out: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let path = f["location"]["path"].as_str().unwrap_or_default();
            let inner = path
                .split("HybridEvidence-LYNCFE01-20240610091500/")
                .last()
                .unwrap_or(path);
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                inner.to_string(),
                f["location"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}

fn expected() -> Vec<(String, String, u64)> {
    let exo = "tenant/ServicePrincipal-00000002-0000-0ff1-ce00-000000000000.xml";
    let mut e = vec![
        // `<B N="AccountEnabled">false</B>`
        (
            "tenant/exchange-principal-disabled".to_string(),
            exo.to_string(),
            10,
        ),
        // The key credential (`<Obj RefId="2">`): the previous certificate, where SfB has the
        // new one assigned and exported. One root cause (the tenant holds the old key), one
        // finding, read from the key's bytes as a certificate.
        ("cert/thumbprint-mismatch".to_string(), exo.to_string(), 21),
    ];
    e.sort();
    e
}

#[test]
fn the_planted_faults_are_found_in_the_folder_and_the_zip() {
    for path in [FOLDER, ZIP] {
        let (code, report) = common::check_json(Path::new(path), &NOW);
        assert_eq!(findings(&report), expected(), "{path}");
        assert_eq!(code, 1, "{path}");
        assert_eq!(
            report["summary"]["files"], 11,
            "{path}: every file of the bundle is read"
        );
        let messages: Vec<&str> = common::findings_of(&report, "cert/thumbprint-mismatch")
            .iter()
            .filter_map(|f| f["message"].as_str())
            .collect();
        assert!(
            messages
                .iter()
                .all(|m| m.contains("44F5D8513C1C1B1D1BFB0C1C813C669A239EF293")
                    && m.contains("EFF5AD7D469F4D3AC656F13979C0EF83C0DEAC5F")),
            "{messages:?}"
        );
    }
}

#[test]
fn the_bundle_is_read_into_the_model() {
    let (code, out, err) = common::run(&["model", FOLDER]);
    assert_eq!(code, 0, "{err}");
    let model: serde_json::Value = serde_json::from_str(&out).expect("model JSON");
    let cfg = &model["configuration"];
    assert_eq!(cfg["coverage"]["on_premises"], true);
    assert_eq!(cfg["coverage"]["tenant"], true);
    assert_eq!(
        cfg["tenant_ids"][0]["value"],
        "8f4c2a1e-3b7d-4c9a-9e2f-5d6b7a8c9d0e"
    );
    assert_eq!(cfg["oauth_servers"][0]["identity"], "microsoft.sts");
    assert_eq!(
        cfg["partner_applications"][0]["identity"],
        "microsoft.exchange"
    );
    assert_eq!(cfg["partner_applications"][0]["use_oauth_server"], true);
    assert_eq!(
        cfg["oauth_certificate_thumbprints"][0]["value"],
        "EFF5AD7D469F4D3AC656F13979C0EF83C0DEAC5F"
    );
    assert_eq!(cfg["web_fqdns"][0]["value"], "lyncweb.contoso.com");
    let kinds: Vec<&str> = model["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "clixml").count(),
        8,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "certificate").count(),
        1,
        "{kinds:?}"
    );
}

#[test]
fn diagnose_and_fix_read_the_zip() {
    let (code, out, err) = common::run(&[
        "diagnose",
        ZIP,
        "--symptom",
        "aadsts7000112-principal-disabled",
        "--format",
        "json",
        NOW[0],
        NOW[1],
    ]);
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        report["diagnoses"][0]["shown"][0]["rule"],
        "tenant/exchange-principal-disabled"
    );
    let (code, script, err) = common::run(&["fix", ZIP, NOW[0], NOW[1]]);
    assert_eq!(code, 0, "{err}");
    assert!(script.contains("-AccountEnabled:$true"), "{script}");
}

#[test]
fn a_step_the_collector_could_not_run_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = common::root().join(FOLDER);
    for entry in walk(&root) {
        let target = dir.path().join(entry.strip_prefix(&root).expect("inside"));
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        std::fs::copy(&entry, &target).expect("copy");
    }
    let manifest = dir.path().join("manifest.json");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    let failed = text.replacen(
        "\"command\": \"Get-CsOAuthServer\", \"file\": \"onprem/Get-CsOAuthServer.xml\", \"status\": \"ok\", \"error\": null",
        "\"command\": \"Get-CsOAuthServer\", \"file\": \"onprem/Get-CsOAuthServer.xml\", \"status\": \"failed\", \"error\": \"Access denied\"",
        1,
    );
    assert_ne!(
        failed, text,
        "the fixture's step is where the test expects it"
    );
    std::fs::write(&manifest, failed).expect("write");
    std::fs::remove_file(dir.path().join("onprem/Get-CsOAuthServer.xml")).expect("remove");
    let (code, report) = common::check_json(dir.path(), &NOW);
    assert_eq!(code, 1);
    let problems = common::findings_of(&report, "input/unreadable");
    assert_eq!(problems.len(), 1, "{report}");
    let message = problems[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("`Get-CsOAuthServer`") && message.contains("Access denied"),
        "{message}"
    );
    assert_eq!(
        problems[0]["location"]["line"], 18,
        "the step's line in the manifest"
    );
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
