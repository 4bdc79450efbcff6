//! Live probes against real servers on 127.0.0.1: the probe-lab crate starts an authoritative
//! DNS server (hickory-server) serving zone fixtures and TLS servers with a test CA serving
//! metadata fixtures (fixtures/probe-lab/<scenario>/lab.toml). hybridlint runs as a separate
//! process pointed at them with --nameserver, --resolve and --ca-cert. Nothing is mocked and
//! nothing leaves the machine.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use probe_lab::Lab;
use serde_json::Value;

const TENANT: &str = "8f4c2a1e-3b7d-4c9a-9e2f-5d6b7a8c9d0e";

fn lab(scenario: &str) -> Lab {
    Lab::start(&common::root().join("fixtures/probe-lab").join(scenario))
        .unwrap_or_else(|e| panic!("start lab {scenario}: {e:#}"))
}

/// Runs hybridlint with `args` plus the lab's network flags; returns (exit code, JSON report).
fn run_json(lab: &Lab, args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .current_dir(common::root())
        .args(args)
        .args(lab.hybridlint_args())
        .args(["--format", "json", "--timeout", "2"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run hybridlint");
    let code = out.status.code().unwrap_or(-1);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON report for {args:?}: {e}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

/// (rule, message) of every finding, sorted.
fn rules_and_messages(report: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn rule_set(report: &Value) -> BTreeSet<String> {
    rules_and_messages(report)
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

fn tenant_facts() -> Vec<&'static str> {
    vec![
        "--sip-domain",
        "contoso.com",
        "--web-fqdn",
        "lyncweb.contoso.com",
        "--tenant-id",
        TENANT,
    ]
}

#[test]
fn tenant_lab_reports_the_planted_faults_and_nothing_else() {
    let lab = lab("tenant");
    let mut args = vec!["probe"];
    args.extend(tenant_facts());
    let (code, report) = run_json(&lab, &args);
    assert_eq!(code, 1, "errors found: {report:#}");
    let rules = rule_set(&report);
    let expected: BTreeSet<String> = [
        "dns/lyncdiscover-points-online",
        "dns/federation-srv-wrong",
        "endpoint/metadata-service-name-wrong",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(rules, expected, "{report:#}");
    let messages = rules_and_messages(&report);
    assert!(
        messages
            .iter()
            .any(|(_, m)| m.contains("webdir.online.lync.com")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|(_, m)| m.contains("one digit short")),
        "{messages:?}"
    );
}

#[test]
fn clean_lab_with_matching_evidence_has_no_probe_findings() {
    let lab = lab("clean");
    let mut args = vec![
        "check",
        "--probe",
        "fixtures/clean-msonline",
        "--now",
        "2025-06-01",
    ];
    args.extend(tenant_facts());
    let (_, report) = run_json(&lab, &args);
    let probe_findings: Vec<_> = rules_and_messages(&report)
        .into_iter()
        .filter(|(r, _)| r.starts_with("dns/") || r.starts_with("endpoint/"))
        .collect();
    assert!(probe_findings.is_empty(), "{probe_findings:?}");
}

#[test]
fn a_recording_replays_offline_to_the_same_findings() {
    let lab = lab("tenant");
    let dir = tempfile::tempdir().expect("tempdir");
    let recording = dir.path().join("probes.json");
    let recording_arg = recording.to_string_lossy().to_string();
    let mut args = vec![
        "check",
        "--probe",
        "fixtures/seed-walkthrough",
        "--now",
        "2017-03-14",
        "--record",
        &recording_arg,
    ];
    args.extend(tenant_facts());
    let (live_code, live) = run_json(&lab, &args);
    drop(lab); // the replay must not need the servers

    let (replay_code, replay) = common::check_json(
        Path::new("fixtures/seed-walkthrough"),
        &[
            &recording_arg,
            "--now",
            "2017-03-14",
            "--sip-domain",
            "contoso.com",
            "--web-fqdn",
            "lyncweb.contoso.com",
            "--tenant-id",
            TENANT,
        ],
    );
    assert_eq!(live_code, replay_code);
    assert_eq!(
        live["findings"], replay["findings"],
        "live and replay differ"
    );
    assert!(
        rule_set(&live).contains("endpoint/metadata-service-name-wrong"),
        "{live:#}"
    );
    // The pool publishes the clean-msonline certificate, the walkthrough exported another one.
    assert!(
        rule_set(&live).contains("endpoint/metadata-key-mismatch"),
        "{live:#}"
    );
}

/// Every fault kind, one host each (probed as web services FQDNs): the rule and the words that
/// say what happened.
#[test]
fn each_fault_is_reported_precisely() {
    let lab = lab("faults");
    let cases: &[(&str, &str, &str)] = &[
        (
            "expired.contoso.com",
            "endpoint/tls-expired",
            "expired on 2021-01-01",
        ),
        (
            "notyet.contoso.com",
            "endpoint/tls-expired",
            "not valid until 2090-01-01",
        ),
        (
            "wrongname.contoso.com",
            "endpoint/tls-name-mismatch",
            "wrong-name.invalid",
        ),
        (
            "untrusted.contoso.com",
            "endpoint/tls-untrusted",
            "unknown-issuer",
        ),
        ("refused.contoso.com", "endpoint/unreachable", "refused"),
        ("silent.contoso.com", "endpoint/unreachable", "timeout"),
        ("reset.contoso.com", "endpoint/unreachable", "reset"),
        (
            "plain.contoso.com",
            "endpoint/unreachable",
            "TLS handshake failed",
        ),
        (
            "endless.contoso.com",
            "endpoint/unreachable",
            "while reading the body",
        ),
        (
            "slow.contoso.com",
            "endpoint/unreachable",
            "while reading the body",
        ),
        (
            "huge.contoso.com",
            "endpoint/metadata-invalid",
            "larger than",
        ),
        (
            "loop.contoso.com",
            "endpoint/http-error",
            "redirects in a loop",
        ),
        ("error.contoso.com", "endpoint/http-error", "HTTP 500"),
        ("html.contoso.com", "endpoint/metadata-invalid", "not JSON"),
        ("servfail.contoso.com", "dns/unresolvable", "SERVFAIL"),
        ("missing.contoso.com", "dns/unresolvable", "NXDOMAIN"),
    ];
    let mut args: Vec<&str> = vec!["probe"];
    for (host, _, _) in cases {
        args.extend(["--web-fqdn", host]);
    }
    let (_, report) = run_json(&lab, &args);
    let findings = rules_and_messages(&report);
    let mut failures = Vec::new();
    for (host, rule, words) in cases {
        let about: Vec<_> = findings
            .iter()
            .filter(|(_, m)| m.contains(&format!("{host}`")) || m.contains(&format!("{host}/")))
            .collect();
        if !about.iter().any(|(r, m)| r == rule && m.contains(words)) {
            failures.push(format!(
                "{host}: expected {rule} saying `{words}`, got {about:?}"
            ));
        }
        if let Some(other) = about.iter().find(|(r, _)| r != rule) {
            failures.push(format!("{host}: also reported {other:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A resolver that does not answer (a server that never replies, or a closed port) is the
/// machine being offline, not the customer's DNS being wrong: one error, exit 2, no report and no
/// dns/* finding, within the timeout rather than a hang.
#[test]
fn an_unavailable_resolver_is_one_error_not_dns_findings() {
    let lab = lab("faults");
    let silent = lab.silent_dns_addr().to_string();
    let closed = {
        // Bound and released at once: nothing listens there afterwards.
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("a loopback port");
        socket.local_addr().expect("its address").to_string()
    };
    for nameserver in [&silent, &closed] {
        let started = std::time::Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_hybridlint"))
            .current_dir(common::root())
            .args([
                "probe",
                "--sip-domain",
                "contoso.com",
                "--web-fqdn",
                "lyncweb.contoso.com",
            ])
            .args([
                "--nameserver",
                nameserver,
                "--timeout",
                "1",
                "--format",
                "json",
            ])
            .output()
            .expect("run hybridlint");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{nameserver}: {stderr}");
        assert!(out.stdout.is_empty(), "{nameserver}: a report was written");
        assert_eq!(
            stderr.lines().count(),
            1,
            "{nameserver}: one error: {stderr}"
        );
        assert!(
            stderr.contains("the network or the DNS resolver is unavailable")
                && stderr.contains(nameserver.as_str()),
            "{stderr}"
        );
        assert!(!stderr.contains("dns/unresolvable"), "{stderr}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{nameserver}: too slow"
        );
    }
}

/// What probes record and report is in words: no Rust `Debug` text (`Query { name: Name(…) }`,
/// `Some(…)`, `Os { code: … }`) in any error of a recording or any finding's message.
#[test]
fn probe_errors_carry_no_debug_text() {
    let lab = lab("faults");
    let dir = tempfile::tempdir().expect("tempdir");
    let recording = dir.path().join("probes.json");
    let recording_arg = recording.to_string_lossy().to_string();
    let hosts = [
        "missing.contoso.com",
        "servfail.contoso.com",
        "refused.contoso.com",
        "wrongname.contoso.com",
    ];
    let mut args = vec![
        "probe",
        "--sip-domain",
        "northwind.com",
        "--record",
        &recording_arg,
    ];
    for host in &hosts {
        args.extend(["--web-fqdn", host]);
    }
    let (_, report) = run_json(&lab, &args);
    let debug =
        regex::Regex::new(r"\b[A-Z]\w* \{ \w+: |\b(Some|Name|Os)\(|\bOs \{").expect("regex");
    let text = std::fs::read_to_string(&recording).expect("the recording");
    let recorded: Value = serde_json::from_str(&text).expect("recording JSON");
    let mut errors: Vec<String> = ["dns", "https"]
        .iter()
        .flat_map(|k| recorded[*k].as_array().cloned().unwrap_or_default())
        .filter_map(|o| o["error"].as_str().map(str::to_string))
        .collect();
    assert!(errors.iter().any(|e| e.contains("NXDOMAIN")), "{errors:?}");
    errors.extend(rules_and_messages(&report).into_iter().map(|(_, m)| m));
    let with_debug: Vec<&String> = errors.iter().filter(|e| debug.is_match(e)).collect();
    assert!(with_debug.is_empty(), "{with_debug:#?}");
}

#[test]
fn probe_options_are_checked_up_front() {
    for (args, says) in [
        (
            vec![
                "probe",
                "--sip-domain",
                "contoso.com",
                "--nameserver",
                "localhost",
            ],
            "--nameserver",
        ),
        (
            vec!["probe", "--sip-domain", "contoso.com", "--resolve", "a.b"],
            "--resolve",
        ),
        (
            vec!["probe", "--sip-domain", "contoso.com", "--timeout", "0"],
            "--timeout",
        ),
        (
            vec![
                "probe",
                "--sip-domain",
                "contoso.com",
                "--ca-cert",
                "Cargo.toml",
            ],
            "--ca-cert",
        ),
        (vec!["probe"], "nothing to probe"),
        (
            vec!["check", "fixtures/clean-graph", "--record", "x.json"],
            "--probe",
        ),
    ] {
        let (code, _, stderr) = common::run(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}
