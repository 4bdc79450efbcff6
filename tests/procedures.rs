//! Which integration the evidence is for (issue #11): the procedure files' signals recognise it,
//! and the steps of an integration the evidence is not about are never demanded: an Exchange
//! hybrid script gets no Skype for Business finding, checklist step or `fix` line.

mod common;

use std::path::Path;

/// Each fixture, the day it is judged at, and the procedures it must be recognised as.
const FIXTURES: &[(&str, &str, &[&str])] = &[
    (
        "fixtures/seed-walkthrough",
        "2017-03-14",
        &["sfb-exchange-online"],
    ),
    (
        "fixtures/clean-graph",
        "2025-06-01",
        &["sfb-exchange-online"],
    ),
    (
        "fixtures/procedures/exchange-hybrid-manual",
        "2025-06-01",
        &["exchange-hybrid"],
    ),
    (
        "fixtures/procedures/exchange-hybrid-msonline",
        "2019-06-20",
        &["exchange-hybrid"],
    ),
    (
        "fixtures/procedures/exchange-hybrid-transcript",
        "2019-06-20",
        &["exchange-hybrid"],
    ),
    (
        "fixtures/procedures/exchange-hybrid-overwritten",
        "2024-01-10",
        &["exchange-hybrid"],
    ),
    (
        "fixtures/procedures/exchange-hybrid-app",
        "2025-09-01",
        &["exchange-hybrid-app"],
    ),
    (
        "fixtures/procedures/hybrid-modern-auth",
        "2025-06-01",
        &["hybrid-modern-auth"],
    ),
    (
        "fixtures/procedures/sfb-exchange-server",
        "2025-06-01",
        &["sfb-exchange-on-premises"],
    ),
    (
        "fixtures/rules/procedure/unrecognised/trigger",
        "2025-06-01",
        &[],
    ),
];

const EXCHANGE: &[&str] = &[
    "fixtures/procedures/exchange-hybrid-manual",
    "fixtures/procedures/exchange-hybrid-msonline",
    "fixtures/procedures/exchange-hybrid-transcript",
    "fixtures/procedures/exchange-hybrid-overwritten",
    "fixtures/procedures/exchange-hybrid-app",
];

fn now_of(dir: &str) -> &'static str {
    FIXTURES
        .iter()
        .find(|(d, _, _)| *d == dir)
        .map(|(_, now, _)| *now)
        .expect("a fixture of the table")
}

fn check(dir: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--now", now_of(dir), "--fail-on", "never"];
    args.extend_from_slice(extra);
    common::check_json(Path::new(dir), &args).1
}

#[test]
fn each_fixture_is_recognised_as_its_integration() {
    for (dir, _, want) in FIXTURES {
        let report = check(dir, &[]);
        let got: Vec<&str> = report["checklist"]["procedures"]
            .as_array()
            .expect("procedures")
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        assert_eq!(&got, want, "{dir}");
    }
}

/// The rules the Skype for Business procedure names (`procedures/sfb-exchange-online.toml`).
fn skype_rules() -> Vec<String> {
    let procedures = hybridlint::procedure::catalogue::load(&[]).expect("procedures");
    hybridlint::procedure::find(&procedures, "sfb-exchange-online")
        .expect("the seed's procedure")
        .file
        .rules
        .clone()
}

#[test]
fn exchange_hybrid_evidence_gets_no_skype_for_business_finding_step_or_fix() {
    let skype = skype_rules();
    let lync_steps = [
        "lync-credential",
        "oauth-server",
        "partner-application",
        "oauth-service-name",
        "exchange-principal-enabled",
        "spn",
    ];
    for dir in EXCHANGE {
        let report = check(dir, &[]);
        for f in report["findings"].as_array().expect("findings") {
            let rule = f["rule"].as_str().unwrap_or_default();
            assert!(!skype.iter().any(|r| r == rule), "{dir}: {f}");
            let text = format!("{} {}", f["message"], f["fix"]);
            assert!(
                !text.contains("00000004") && !text.contains("Lync"),
                "{dir}: a Skype for Business id or name in {f}"
            );
        }
        for s in report["checklist"]["steps"].as_array().expect("steps") {
            let id = s["id"].as_str().unwrap_or_default();
            assert!(
                !lync_steps.contains(&id) && !id.starts_with("spn:"),
                "{dir}: step {id}"
            );
        }
        let (code, script, stderr) = common::run(&["fix", dir, "--now", now_of(dir)]);
        assert_eq!(code, 0, "{dir}: {stderr}");
        for word in ["00000004", "Lync", "LyncAppId", "-Cs", "Skype"] {
            assert!(
                !script.contains(word),
                "{dir}: `{word}` in the fix:\n{script}"
            );
        }
    }
}

#[test]
fn the_seeds_neighbours_get_none_of_its_findings() {
    // Before procedures were recognised, these were told the microsoft.sts OAuth server, the
    // microsoft.exchange partner application and the Lync credential and SPN were missing.
    let skype = skype_rules();
    for dir in [
        "fixtures/procedures/hybrid-modern-auth",
        "fixtures/procedures/sfb-exchange-server",
    ] {
        let report = check(dir, &[]);
        for f in report["findings"].as_array().expect("findings") {
            let rule = f["rule"].as_str().unwrap_or_default();
            assert!(!skype.iter().any(|r| r == rule), "{dir}: {f}");
        }
        let forced = check(dir, &["--procedure", "sfb-exchange-online"]);
        assert!(
            forced["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .any(|f| f["rule"] == "oauth/server-missing"),
            "{dir} judged as the seed's procedure is told its OAuth server is missing: {forced}"
        );
    }
}

#[test]
fn a_planted_mistake_in_exchange_hybrid_evidence_fails_its_step_and_is_fixed_on_its_principal() {
    let dir = "fixtures/procedures/exchange-hybrid-overwritten";
    let report = check(dir, &[]);
    let found = common::findings_of(&report, "tenant/spn-list-overwritten");
    assert_eq!(found.len(), 1, "{report}");
    assert!(
        found[0]["fix"]
            .as_str()
            .is_some_and(|f| f.contains("00000002-0000-0ff1-ce00-000000000000")),
        "{}",
        found[0]
    );
    let step = report["checklist"]["steps"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["id"] == "exchange-spn"))
        .expect("the Exchange SPN step");
    assert_eq!(step["status"], "failed", "{step}");
}

#[test]
fn the_executed_exchange_procedure_is_done_step_by_step() {
    let report = check("fixtures/procedures/exchange-hybrid-transcript", &[]);
    let steps = report["checklist"]["steps"].as_array().expect("steps");
    let done: Vec<&str> = steps
        .iter()
        .filter(|s| s["status"] == "done")
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(
        done,
        [
            "auth-server",
            "partner-application-enabled",
            "export-certificate",
            "connect-tenant",
            "exchange-credential",
            "exchange-spn",
            "intra-organization-connector"
        ]
    );
    // The 2019 upload to the shared 00000002-… principal was the procedure then: said as legacy
    // (info) before 31 October 2025, and nothing else.
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(
        findings[0]["rule"], "exchange/shared-principal-key",
        "{report}"
    );
    assert_eq!(findings[0]["severity"], "info", "{report}");
}

#[test]
fn procedure_forces_the_procedure_it_names() {
    let report = check(
        "fixtures/procedures/exchange-hybrid-transcript",
        &["--procedure", "sfb-exchange-online"],
    );
    assert_eq!(
        report["checklist"]["procedures"],
        serde_json::json!(["sfb-exchange-online"])
    );
    let ids: Vec<&str> = report["checklist"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert!(ids.contains(&"lync-credential"), "{ids:?}");
}

#[test]
fn an_unknown_procedure_is_a_usage_error_naming_the_known_ones() {
    let (code, _, stderr) = common::run(&[
        "check",
        "fixtures/procedures/exchange-hybrid-app",
        "--procedure",
        "exchange-hybird",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("no procedure `exchange-hybird`") && stderr.contains("exchange-hybrid,"),
        "{stderr}"
    );
}

#[test]
fn evidence_of_no_known_integration_says_so_once_and_demands_nothing() {
    let report = check("fixtures/rules/procedure/unrecognised/trigger", &[]);
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(findings[0]["rule"], "procedure/unrecognised");
    assert_eq!(findings[0]["severity"], "info");
    assert!(
        report["checklist"]["steps"]
            .as_array()
            .expect("steps")
            .is_empty()
    );
    let (_, script, _) = common::run(&[
        "fix",
        "fixtures/rules/procedure/unrecognised/trigger",
        "--now",
        "2025-06-01",
    ]);
    assert!(script.contains("fits none of the integrations"), "{script}");
}

#[test]
fn the_procedures_list_and_the_recognised_checklists_read_as_reviewed() {
    let (code, list, _) = common::run(&["procedures"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("procedures_list", list);
    for dir in [
        "fixtures/procedures/exchange-hybrid-transcript",
        "fixtures/procedures/exchange-hybrid-app",
    ] {
        let (_, text, _) = common::run(&["check", dir, "--now", now_of(dir), "--checklist"]);
        let name = dir.rsplit('/').next().unwrap_or(dir).replace('-', "_");
        insta::assert_snapshot!(format!("checklist_{name}"), text);
    }
    let dir = "fixtures/procedures/exchange-hybrid-overwritten";
    let (_, script, _) = common::run(&["fix", dir, "--now", now_of(dir)]);
    insta::assert_snapshot!("fix_exchange_hybrid_overwritten", script);
}

#[test]
fn procedures_json_lists_each_with_its_signals_and_steps() {
    let (code, out, _) = common::run(&["procedures", "--format", "json"]);
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let ids: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids[0], "sfb-exchange-online");
    for want in [
        "exchange-hybrid",
        "exchange-hybrid-app",
        "sfb-exchange-on-premises",
        "hybrid-modern-auth",
    ] {
        assert!(ids.contains(&want), "{ids:?}");
    }
    for p in list.as_array().expect("a list") {
        assert!(
            !p["recognised-by"].as_array().expect("signals").is_empty(),
            "{p}"
        );
        assert!(!p["steps"].as_array().expect("steps").is_empty(), "{p}");
    }
}

/// `check --format html` of a fixture, at its day: the exit code and the page.
fn html_report(fixture: &str) -> (i32, String) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let html = dir.path().join("report.html");
    let (code, _, err) = common::run(&[
        "check",
        fixture,
        "--now",
        now_of(fixture),
        "--format",
        "html",
        "--output",
        html.to_str().expect("a UTF-8 path"),
    ]);
    let page = std::fs::read_to_string(&html).unwrap_or_else(|e| panic!("{e}: {err}"));
    (code, page)
}

#[test]
fn the_html_report_of_exchange_hybrid_evidence_draws_no_skype_for_business_trust_chain() {
    let (code, page) = html_report("fixtures/procedures/exchange-hybrid-transcript");
    assert_eq!(code, 0, "{page}");
    assert!(
        !page.contains("data-procedure=\"sfb-exchange-online\""),
        "the seed's trust chain drawn"
    );
    assert!(!page.contains("Lync principal"), "a Lync node");
    assert!(
        page.contains("data-step=\"intra-organization-connector\""),
        "{page}"
    );
}

/// Another procedure's trust diagram is drawn from its `[[trust]]` data: its parties, and each
/// link in the state of its steps (a planted SPN mistake fails the "calls on premises" link).
#[test]
fn the_html_report_draws_a_procedures_own_trust_diagram_from_its_data() {
    let (_, page) = html_report("fixtures/procedures/exchange-hybrid-overwritten");
    assert!(
        page.contains("data-procedure=\"exchange-hybrid\""),
        "{page}"
    );
    for party in [
        "Exchange Server organisation",
        "Entra ID (ACS / evoSTS)",
        "Exchange Online",
    ] {
        assert!(page.contains(party), "{party}");
    }
    // Exchange Online calls on premises; its SPN step failed.
    assert!(
        page.contains("data-link=\"exchange-online-exchange\" data-state=\"failed\""),
        "{page}"
    );
    assert!(page.contains("tenant/spn-list-overwritten"));
    assert!(
        !page.contains("data-procedure=\"sfb-exchange-online\""),
        "the seed's diagram"
    );
    // The checklist names this diagram's links, never the seed's parties.
    assert!(!page.contains("Lync / SfB pool"), "a seed party");
    assert!(page.contains("diagram: Exchange Online → Exchange Server organisation"));
    assert!(page.contains("hybridlint report · server-to-server OAuth: Exchange Server hybrid"));
}

/// Every step a rule, a symptom's cause or a cmdlet names is a step of a procedure file (for a
/// rule that procedures name, of one of those): step ids come from the procedures alone.
#[test]
fn every_step_a_rule_symptom_or_cmdlet_names_is_a_procedures_step() {
    use hybridlint::procedure::catalogue::check_steps;
    use hybridlint::steps::CommandStep;
    let procedures = hybridlint::procedure::catalogue::load(&[]).expect("procedures");
    let rules = hybridlint::rules::catalogue::load(&[]).expect("rules");
    check_steps(
        &procedures,
        rules
            .iter()
            .filter_map(|r| Some((r.id.as_str(), r.file.step.as_ref()?))),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let symptoms = hybridlint::diagnose::catalogue::load(&rules).expect("symptoms");
    let causes: Vec<(String, &hybridlint::steps::StepId)> = symptoms
        .iter()
        .flat_map(|s| {
            s.file.causes.iter().filter_map(move |c| {
                Some((
                    format!("symptom {} (cause {})", s.id, c.rule),
                    c.step.as_ref()?,
                ))
            })
        })
        .collect();
    assert!(!causes.is_empty(), "some symptom names a step");
    check_steps(&procedures, causes.iter().map(|(w, s)| (w.as_str(), *s)))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut named = Vec::new();
    for c in hybridlint::cmdlets::catalogue().cmdlets() {
        let steps = c
            .step
            .iter()
            .chain(c.step_by_parameter.iter().map(|p| &p.step));
        for s in steps {
            if let CommandStep::Step(id) = s {
                named.push((format!("cmdlet {}", c.name), id));
            }
        }
    }
    assert!(!named.is_empty(), "some cmdlet names a step");
    check_steps(&procedures, named.iter().map(|(w, s)| (w.as_str(), *s)))
        .unwrap_or_else(|e| panic!("{e}"));
    // And the check can fail: a step no procedure has.
    let made_up: hybridlint::steps::StepId = "no-such-step".parse().expect("well formed");
    assert!(check_steps(&procedures, [("test", &made_up)]).is_err());
}

/// An organisation's rule (`--rules DIR`) that names a step no procedure has is refused at load,
/// naming the step, instead of leaving its findings off the checklist without a word.
#[test]
fn a_rule_naming_a_step_no_procedure_has_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let area = dir.path().join("oauth");
    std::fs::create_dir_all(&area).expect("area folder");
    let rule = |step: &str| {
        format!(
            r#"name = "AutodiscoverUrlRequired"
severity = "warning"
summary = "s"
explanation = "e"
fix = "f"
references = ["internal wiki"]
step = "{step}"

[[check]]
kind = "require"
collection = "configuration.oauth_settings"
scope = "on-premises"
where = [{{ field = "name", equals = "ExchangeAutodiscoverUrl" }}]
message = "-ExchangeAutodiscoverUrl is never set"
"#
        )
    };
    let file = area.join("autodiscover-required.toml");
    let rules = dir.path().to_string_lossy().to_string();
    let evidence = common::root().join("fixtures/seed-walkthrough");
    let evidence = evidence.to_string_lossy().to_string();
    std::fs::write(&file, rule("oauth-service-nam")).expect("rule file");
    let (code, _, stderr) = common::run(&["check", "--rules", &rules, &evidence]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("step `oauth-service-nam`"), "{stderr}");
    std::fs::write(&file, rule("oauth-service-name")).expect("rule file");
    let (code, _, stderr) =
        common::run(&["check", "--rules", &rules, "--now", "2017-03-14", &evidence]);
    assert_ne!(code, 2, "{stderr}");
}
