//! The packs of issue #11 beside the seed and Exchange hybrid: Skype for Business Server with
//! Exchange Server on premises, Skype for Business Online / Teams with Exchange Server on premises
//! (the reverse direction) and Hybrid Modern Authentication for Skype for Business Server. Each
//! pack's clean evidence, in several idioms, is recognised as it and gets no error or warning; each
//! planted mistake is found by its rule; the seed's rules do not misjudge evidence that mixes the
//! seed with Hybrid Modern Authentication; `diagnose` names each pack's planted cause first.

mod common;

use std::path::Path;

const NOW: &str = "2025-06-01";

/// Clean evidence of each pack, and the procedures it must be recognised as.
const CLEAN: &[(&str, &[&str])] = &[
    (
        "fixtures/procedures/sfb-exchange-server",
        &["sfb-exchange-on-premises"],
    ),
    (
        "fixtures/procedures/sfb-exchange-server-msdocs",
        &["sfb-exchange-on-premises"],
    ),
    (
        "fixtures/procedures/sfb-exchange-server-transcript",
        &["sfb-exchange-on-premises"],
    ),
    (
        "fixtures/procedures/sfb-online-exchange-server",
        &["sfb-online-exchange-on-premises"],
    ),
    (
        "fixtures/procedures/sfb-online-exchange-server-transcript",
        &["sfb-online-exchange-on-premises"],
    ),
    (
        "fixtures/procedures/hybrid-modern-auth",
        &["hybrid-modern-auth"],
    ),
    (
        "fixtures/procedures/hybrid-modern-auth-transcript",
        &["hybrid-modern-auth"],
    ),
];

/// Each planted mistake and the rule that must find it (at error or warning).
const PLANTED: &[(&str, &str)] = &[
    (
        "sfb-exchange-server-mistakes/metadata-url-svc",
        "onprem/partner-app-metadata-url",
    ),
    (
        "sfb-exchange-server-mistakes/identifier-with-metadata-url",
        "onprem/partner-app-metadata-url",
    ),
    (
        "sfb-exchange-server-mistakes/exchange-given-own-url",
        "onprem/enterprise-partner-app-url",
    ),
    (
        "sfb-exchange-server-mistakes/whole-command-quoted",
        "onprem/enterprise-partner-app-quoting",
    ),
    (
        "sfb-exchange-server-mistakes/quote-closed-after-ps1",
        "onprem/enterprise-partner-app-quoting",
    ),
    (
        "sfb-exchange-server-mistakes/autodiscover-xml",
        "oauth/autodiscover-url-invalid",
    ),
    (
        "sfb-exchange-server-mistakes/exstorage-401",
        "transcript/exstorage-test-failed",
    ),
    (
        "sfb-online-exchange-server-mistakes/scheduler-with-sfb-id",
        "sfbonline/partner-app-wrong-id",
    ),
    (
        "sfb-online-exchange-server-mistakes/voicemail-disabled",
        "sfbonline/partner-app-disabled",
    ),
    (
        "sfb-online-exchange-server-mistakes/no-linked-account",
        "sfbonline/linked-account-missing",
    ),
    (
        "sfb-online-exchange-server-mistakes/scheduler-link-blank",
        "sfbonline/linked-account-missing",
    ),
    (
        "sfb-online-exchange-server-mistakes/voicemail-missing",
        "sfbonline/partner-app-missing",
    ),
    (
        "sfb-online-exchange-server-mistakes/certificate-not-uploaded",
        "tenant/sfb-online-credential-missing",
    ),
    (
        "hybrid-modern-auth-mistakes/type-adfs",
        "hma/oauth-server-misconfigured",
    ),
    (
        "hybrid-modern-auth-mistakes/sid-not-accepted",
        "hma/oauth-server-misconfigured",
    ),
    (
        "hybrid-modern-auth-mistakes/acs-metadata",
        "hma/oauth-server-misconfigured",
    ),
    (
        "hybrid-modern-auth-mistakes/client-authorization-other-name",
        "hma/client-authorization-server-unknown",
    ),
    (
        "hybrid-modern-auth-mistakes/bare-host-spn",
        "hma/web-url-spn-invalid",
    ),
    (
        "hybrid-modern-auth-mistakes/http-spn",
        "hma/web-url-spn-invalid",
    ),
];

fn check(dir: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--now", NOW, "--fail-on", "never"];
    args.extend_from_slice(extra);
    common::check_json(Path::new(dir), &args).1
}

fn procedures(report: &serde_json::Value) -> Vec<String> {
    report["checklist"]["procedures"]
        .as_array()
        .expect("procedures")
        .iter()
        .filter_map(|p| p.as_str().map(String::from))
        .collect()
}

fn errors_and_warnings(report: &serde_json::Value) -> Vec<&serde_json::Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error" || f["severity"] == "warning")
        .collect()
}

#[test]
fn each_packs_clean_evidence_is_recognised_and_gets_no_error_or_warning() {
    for (dir, want) in CLEAN {
        let report = check(dir, &[]);
        assert_eq!(&procedures(&report), want, "{dir}");
        let bad = errors_and_warnings(&report);
        assert!(bad.is_empty(), "{dir}: {bad:#?}");
    }
}

#[test]
fn each_planted_mistake_is_found_by_its_rule() {
    let mut failures = Vec::new();
    for (dir, rule) in PLANTED {
        let dir = format!("fixtures/procedures/{dir}");
        let report = check(&dir, &[]);
        let found = common::findings_of(&report, rule);
        if !found
            .iter()
            .any(|f| f["severity"] == "error" || f["severity"] == "warning")
        {
            failures.push(format!(
                "{dir}: no error or warning of {rule}: {:#}",
                report["findings"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // At least five planted mistakes per pack.
    for pack in [
        "sfb-exchange-server-mistakes/",
        "sfb-online-exchange-server-mistakes/",
        "hybrid-modern-auth-mistakes/",
    ] {
        let n = PLANTED.iter().filter(|(d, _)| d.starts_with(pack)).count();
        assert!(n >= 5, "{pack}: {n} planted mistakes");
    }
}

#[test]
fn evidence_mixing_the_seed_with_hybrid_modern_authentication_is_judged_as_both() {
    // The pool's web URL is an SPN in HMA's URL form; the seed's `00000004-…/fqdn` is absent.
    // Before: an error demanding it as if the URL form were nothing. Now: a warning that names
    // the URL form and says whether it serves Exchange Online is unconfirmed.
    let dir = "fixtures/procedures/sfb-exchange-online-and-hma";
    let report = check(dir, &[]);
    let got = procedures(&report);
    assert!(
        got.contains(&"sfb-exchange-online".to_string())
            && got.contains(&"hybrid-modern-auth".to_string()),
        "{got:?}"
    );
    let spn = common::findings_of(&report, "tenant/spn-missing");
    assert_eq!(spn.len(), 1, "{report}");
    assert_eq!(spn[0]["severity"], "warning", "{}", spn[0]);
    assert!(
        spn[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("https://lyncweb.contoso.com/")),
        "{}",
        spn[0]
    );
    // The evoSTS server reads Entra ID's federation metadata: no ACS URL is demanded of it.
    assert!(
        common::findings_of(&report, "oauth/metadata-url-invalid").is_empty(),
        "{report}"
    );
    assert!(
        common::findings_of(&report, "hma/oauth-server-misconfigured").is_empty(),
        "{report}"
    );
    // Forced to the seed alone, HMA evidence is still not judged as an ACS server.
    let forced = check(
        "fixtures/procedures/hybrid-modern-auth",
        &["--procedure", "sfb-exchange-online"],
    );
    assert!(
        common::findings_of(&forced, "oauth/metadata-url-invalid").is_empty(),
        "{forced}"
    );
}

#[test]
fn the_reverse_direction_is_not_taken_for_exchange_hybrid_or_the_seed() {
    for (dir, _) in CLEAN
        .iter()
        .filter(|(d, _)| d.contains("sfb-online-exchange-server"))
    {
        let got = procedures(&check(dir, &[]));
        assert!(
            !got.iter()
                .any(|p| p == "exchange-hybrid" || p == "sfb-exchange-online"),
            "{dir}: {got:?}"
        );
    }
}

/// For each pack, a `diagnose` on a planted mistake names the planted cause first.
#[test]
fn diagnose_names_each_packs_planted_cause_first() {
    for (dir, symptom, cause) in [
        (
            "sfb-exchange-server-mistakes/exstorage-401",
            None,
            "transcript/exstorage-test-failed",
        ),
        (
            "sfb-exchange-server-mistakes/metadata-url-svc",
            Some("partner-app-metadata-download-failed"),
            "onprem/partner-app-metadata-url",
        ),
        (
            "sfb-online-exchange-server-mistakes/voicemail-missing",
            Some("cloud-voicemail-not-delivered"),
            "sfbonline/partner-app-missing",
        ),
        (
            "sfb-online-exchange-server-mistakes/scheduler-with-sfb-id",
            Some("Sorry, we couldn't get your meeting details"),
            "sfbonline/partner-app-wrong-id",
        ),
        (
            "hybrid-modern-auth-mistakes/type-adfs",
            Some("hma-sign-in-prompts"),
            "hma/oauth-server-misconfigured",
        ),
    ] {
        let path = format!("fixtures/procedures/{dir}");
        let mut args = vec!["diagnose", path.as_str(), "--now", NOW, "--format", "json"];
        if let Some(s) = symptom {
            args.extend(["--symptom", s]);
        }
        let (_, out, err) = common::run(&args);
        let report: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        let first = &report["diagnoses"][0]["shown"][0]["rule"];
        assert_eq!(first, cause, "{dir}: {err} {report:#}");
    }
}

/// For each pack, `fix` on a planted mistake writes the step from the procedure file, and the
/// evidence plus that script run successfully has no error or warning left.
#[test]
fn each_packs_fix_leaves_its_evidence_clean() {
    let mut failures = Vec::new();
    for dir in [
        "sfb-exchange-server-mistakes/exchange-given-own-url",
        "sfb-exchange-server-mistakes/metadata-url-svc",
        "sfb-online-exchange-server-mistakes/voicemail-disabled",
        "sfb-online-exchange-server-mistakes/no-linked-account",
        "hybrid-modern-auth-mistakes/type-adfs",
        "hybrid-modern-auth-mistakes/sid-not-accepted",
    ] {
        let path = format!("fixtures/procedures/{dir}");
        let (code, script, err) = common::run(&["fix", &path, "--now", NOW]);
        assert_eq!(code, 0, "{path}: {err}");
        assert!(
            !script.contains("By hand"),
            "{path}: a step left by hand:\n{script}"
        );
        let tmp = tempfile::tempdir().expect("tempdir");
        for entry in std::fs::read_dir(common::root().join(&path)).expect("fixture") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).expect("copy");
        }
        // Named to sort last: the fix runs after the evidence.
        std::fs::write(
            tmp.path().join("zz-fix-transcript.txt"),
            common::as_transcript(&script),
        )
        .expect("write");
        let report = check(tmp.path().to_str().expect("a UTF-8 path"), &[]);
        let left: Vec<String> = errors_and_warnings(&report)
            .iter()
            .map(|f| format!("{}: {}", f["rule"], f["message"]))
            .collect();
        if !left.is_empty() {
            failures.push(format!("{path}: {left:?}\n{script}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
