//! Unit tests of the whole HTML document: sections present or absent, and hostile text escaped in
//! every place it can appear.

use super::*;
use crate::checklist::{Checklist, DiagramParty, Step, TrustDiagram, TrustLink};
use crate::diagnose::{Diagnosis, OpenCause, RuledOutCause, ShownCause, SymptomRef};
use crate::findings::{Finding, Severity, SourceLine};
use crate::run_report::Report;

const HOSTILE: &str = "<script>alert('x')</script>\"&";

fn finding(rule: &str, text: &str) -> Finding {
    Finding {
        related: Vec::new(),
        subject: None,
        rule: rule.into(),
        severity: Severity::Error,
        message: format!("message {text}"),
        location: Some(Location::new(format!("dir/{text}.txt"), 3, 5, 8)),
        fix: Some(format!("fix {text}")),
        source_line: Some(SourceLine {
            text: format!("PS> {text}"),
        }),
    }
}

fn hostile_report() -> Report {
    let step = Step {
        id: format!("spn:{HOSTILE}"),
        title: HOSTILE.into(),
        status: StepStatus::Failed,
        location: Some(Location::new(HOSTILE, 1, 1, 0)),
        detail: HOSTILE.into(),
        rules: vec![HOSTILE.into()],
    };
    let diagnosis = Diagnosis {
        symptom: SymptomRef {
            id: HOSTILE.into(),
            title: HOSTILE.into(),
            seen_as: vec![HOSTILE.into()],
        },
        matched_by: HOSTILE.into(),
        shown: vec![ShownCause {
            rank: 1,
            rule: HOSTILE.into(),
            why: HOSTILE.into(),
            findings: vec![finding(HOSTILE, HOSTILE)],
        }],
        ruled_out: vec![RuledOutCause {
            rule: HOSTILE.into(),
            why: HOSTILE.into(),
            evidence: HOSTILE.into(),
            location: None,
        }],
        open: vec![OpenCause {
            rule: HOSTILE.into(),
            why: HOSTILE.into(),
            command: HOSTILE.into(),
            evidence_file: HOSTILE.into(),
            not_checked: Some(HOSTILE.into()),
        }],
    };
    Report {
        findings: vec![finding(HOSTILE, HOSTILE)],
        files: 1,
        paths: vec![HOSTILE.into()],
        fail_on: Some(Severity::Error),
        checklist: Some(Checklist {
            procedures: vec!["sfb-exchange-online".to_string()],
            steps: vec![step],
            trust: vec![hostile_diagram()],
            ..Checklist::default()
        }),
        diagnoses: vec![diagnosis],
        ..Report::default()
    }
}

/// A trust diagram whose every text is hostile (a procedure file from `--procedures` can say
/// anything).
fn hostile_diagram() -> TrustDiagram {
    let party = |column| DiagramParty {
        id: HOSTILE.into(),
        label: HOSTILE.into(),
        second: Some(HOSTILE.into()),
        zone: "On premises",
        column,
        row: 0,
        shown: true,
    };
    TrustDiagram {
        procedure: HOSTILE.into(),
        title: HOSTILE.into(),
        parties: vec![party(0), party(1)],
        links: vec![TrustLink {
            from: 0,
            to: 1,
            via: None,
            label: HOSTILE.into(),
            status: StepStatus::Failed,
            detail: HOSTILE.into(),
            rules: vec![HOSTILE.into()],
            steps: vec!["spn".into()],
        }],
    }
}

fn html(report: &Report) -> String {
    render(&ReportInput {
        report,
        rules: &[],
        color: false,
        display: Default::default(),
    })
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let out = html(&hostile_report());
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("'x'"), "quotes escaped too");
    assert!(out.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"));
    // Every place it appears: finding, source line, fix, path, checklist, diagnosis, node label.
    assert!(
        out.matches("&lt;script&gt;").count() >= 20,
        "{}",
        out.matches("&lt;script&gt;").count()
    );
}

#[test]
fn sections_follow_the_report() {
    let out = html(&hostile_report());
    for id in ["verdict", "checklist", "findings"] {
        assert!(out.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(out.contains("<section class=\"trust-chain\""));
    assert!(out.contains("class=\"diagnosis\""));
    assert!(out.contains("id=\"finding-1\""));

    let bare = html(&Report::default());
    assert!(
        !bare.contains("class=\"trust-chain\""),
        "no checklist, no diagram"
    );
    assert!(!bare.contains("class=\"diagnosis\""));
    assert!(bare.contains("✓ No findings"));
    assert!(bare.starts_with("<!DOCTYPE html>"));
    assert!(bare.trim_end().ends_with("</html>"));
}

#[test]
fn the_source_line_marks_the_span() {
    let report = Report {
        findings: vec![finding("a/b", "Set-X -Value 1")],
        ..Report::default()
    };
    let out = html(&report);
    assert!(
        out.contains("<span class=\"ln\">3</span>PS&gt; <mark>Set-X -V</mark>alue 1</pre>"),
        "{out}"
    );
}

#[test]
fn the_verdict_follows_fail_on() {
    let mut report = Report {
        findings: vec![finding("a/b", "x")],
        fail_on: Some(Severity::Error),
        ..Report::default()
    };
    assert!(html(&report).contains("✗ Needs fixing: 1 finding at or above error"));
    report.findings[0].severity = Severity::Warning;
    assert!(html(&report).contains("✓ No finding at or above error (1 below it)"));
}
