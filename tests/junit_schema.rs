//! Validates `--format junit` against the Jenkins JUnit schema (see tests/schemas/README.md for
//! where it comes from) with `xmllint --schema`, on a hand-made report with awkward text and on
//! real runs. A broken document must fail, so the test can catch a regression.
//!
//! Needs `xmllint` (Debian/Ubuntu: `apt-get install libxml2-utils`); `.ci/run` installs it. On a
//! machine without it these tests say so on stderr and pass, except under CI (`CI` set), where a
//! missing validator is a failure.

mod common;

use std::path::Path;
use std::process::Command;

use hybridlint::findings::{Finding, Severity, SourceLine};
use hybridlint::model::Location;
use hybridlint::report::{ReportInput, junit};
use hybridlint::run_report::Report;

const XSD: &str = "tests/schemas/jenkins-junit.xsd";

/// Whether xmllint can run here; under CI its absence fails the test instead.
fn have_xmllint() -> bool {
    let found = Command::new("xmllint").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is missing under CI: install libxml2-utils"
        );
        eprintln!("skipped: xmllint not found (apt-get install libxml2-utils to run this test)");
    }
    found
}

/// Runs xmllint on `xml`; returns (valid, messages).
fn validate(xml: &str) -> (bool, String) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("report.xml");
    std::fs::write(&file, xml).expect("write");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(common::root().join(XSD))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run xmllint ({e}): install it with `apt-get install libxml2-utils`")
        });
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sample() -> Report {
    let f = |rule: &str, severity, location, message: &str| Finding {
        related: Vec::new(),
        subject: None,
        rule: rule.into(),
        severity,
        message: message.into(),
        location,
        fix: Some(
            "Set-CsOAuthConfiguration -Realm \"contoso.com\" <# & #>\n  -ServiceName x".into(),
        ),
        source_line: Some(SourceLine {
            text: "PS> Set-X".into(),
        }),
    };
    Report {
        findings: vec![
            f(
                "tenant/spn-missing",
                Severity::Error,
                Some(Location::new("transcripts/run 1 & 2 <copy>.txt", 12, 5, 7)),
                "no SPN for \"lyncweb\" — 'quoted' & <escaped>\u{1}",
            ),
            f(
                "tenant/spn-missing",
                Severity::Warning,
                Some(Location::new("transcripts/run 1 & 2 <copy>.txt", 14, 1, 0)),
                "second\r\nline",
            ),
            f(
                "cert/der-encoded",
                Severity::Info,
                Some(Location::file("Zertifikat-für.cer")),
                "note",
            ),
            f("tenant/general", Severity::Error, None, "about no file"),
        ],
        files: 2,
        paths: vec![
            "transcripts/run 1 & 2 <copy>.txt".into(),
            "Zertifikat-für.cer".into(),
        ],
        rules_run: vec!["tenant/spn-missing".into(), "cert/der-encoded".into()],
        fail_on: Some(Severity::Warning),
        ..Report::default()
    }
}

fn render(report: &Report) -> String {
    junit::render(&ReportInput {
        report,
        rules: &[],
        color: false,
        display: Default::default(),
    })
}

#[test]
fn sample_report_is_valid() {
    if !have_xmllint() {
        return;
    }
    let xml = render(&sample());
    let (ok, msg) = validate(&xml);
    assert!(ok, "{msg}\n{xml}");
    // It exercised what it claims: failures, a passing case with output, a file-less suite.
    assert_eq!(xml.matches("<failure ").count(), 3, "{xml}");
    assert!(xml.contains("<system-out>"), "{xml}");
    assert!(xml.contains("name=\"(no file)\""), "{xml}");
}

#[test]
fn empty_report_is_valid() {
    if !have_xmllint() {
        return;
    }
    let (ok, msg) = validate(&render(&Report::default()));
    assert!(ok, "{msg}");
}

#[test]
fn real_runs_are_valid() {
    if !have_xmllint() {
        return;
    }
    for (dir, now) in [
        ("fixtures/seed-walkthrough", "2017-03-14"),
        ("fixtures/gating", "2025-06-01"),
        ("fixtures/clean-graph", "2025-06-01"),
    ] {
        let (code, out, err) = common::run(&["check", dir, "--now", now, "--format", "junit"]);
        assert!(code == 0 || code == 1, "{dir}: {err}");
        let (ok, msg) = validate(&out);
        assert!(ok, "{dir}: {msg}\n{out}");
        assert!(out.contains("<testcase "), "{dir}: {out}");
    }
}

#[test]
fn broken_documents_fail() {
    if !have_xmllint() {
        return;
    }
    let xml = render(&sample());
    for (what, broken) in [
        (
            "a test case without a name",
            xml.replacen(" name=\"tenant/spn-missing\"", "", 1),
        ),
        (
            "a suite without a test count",
            xml.replacen(" tests=\"2\"", "", 1),
        ),
        (
            "an unknown element",
            xml.replacen("<failure ", "<failed ", 1)
                .replacen("</failure>", "</failed>", 1),
        ),
    ] {
        assert_ne!(
            broken, xml,
            "{what}: the sample must contain what is broken"
        );
        let (ok, _) = validate(&broken);
        assert!(!ok, "{what} was accepted");
    }
    assert!(Path::new(&common::root().join(XSD)).is_file());
}
