//! Exchange Server's OAuth objects become facts from every evidence form (CLIXML, printed
//! Format-List in UTF-16LE, a transcript's commands and printed records, a script's plan), with
//! their origin and file:line, and the SfB rules stay silent on them. Key credentials shown
//! whole become the certificates they are, and rules judge those certificates.

mod common;

use std::path::Path;

use serde_json::Value;

const EXCHANGE_BUNDLE: &str = "fixtures/exchange/bundle/HybridEvidence-EXCH01-20240610093000";

fn model(path: &str) -> Value {
    let (code, out, err) = common::run(&["model", path]);
    assert_eq!(code, 0, "{path}: {err}");
    serde_json::from_str(&out).expect("model JSON")
}

/// A fact's (value, line).
fn fact(v: &Value) -> (String, u64) {
    (
        v["value"].as_str().unwrap_or_default().to_string(),
        v["location"]["line"].as_u64().unwrap_or(0),
    )
}

fn pair(value: &str, line: u64) -> (String, u64) {
    (value.to_string(), line)
}

#[test]
fn the_collector_bundle_of_an_exchange_server_is_read_into_facts() {
    let m = model(EXCHANGE_BUNDLE);
    let x = &m["configuration"]["exchange"];
    let config = &x["auth_configs"][0];
    assert_eq!(
        fact(&config["current_certificate_thumbprint"]),
        pair("A66FFD5B1AC1D1A0B896C5C34C48C0643DDCCA45", 12)
    );
    assert_eq!(
        fact(&config["service_name"]),
        pair("00000002-0000-0ff1-ce00-000000000000", 16)
    );
    assert_eq!(
        fact(&config["realm"]),
        pair("", 17),
        "a blank realm is known"
    );
    assert_eq!(config["seen"]["origin"], "clixml");
    assert_eq!(config["seen"]["cmdlet"], "Get-AuthConfig");
    assert!(
        config["seen"]["location"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("onprem/Get-AuthConfig.xml")),
        "{config}"
    );
    let servers = x["auth_servers"].as_array().expect("auth servers");
    assert_eq!(servers.len(), 2);
    assert_eq!(fact(&servers[0]["server_type"]), pair("MicrosoftACS", 18));
    assert_eq!(fact(&servers[1]["server_type"]), pair("AzureAD", 44));
    assert_eq!(fact(&servers[1]["enabled"]), pair("True", 49));
    assert_eq!(fact(&servers[1]["domain_name"]), pair("contoso.com", 51));
    let apps = x["partner_applications"].as_array().expect("partner apps");
    assert_eq!(fact(&apps[0]["name"]), pair("Exchange Online", 36));
    assert_eq!(
        fact(&apps[0]["application_identifier"]),
        pair("00000002-0000-0ff1-ce00-000000000000", 13)
    );
    assert_eq!(
        fact(&apps[0]["linked_account"]),
        pair("contoso.com/Users/Exchange Online-ApplicationAccount", 25)
    );
    let ioc = &x["intra_organization_connectors"][0];
    assert_eq!(
        fact(&ioc["target_address_domains"][0]),
        pair("contoso.mail.onmicrosoft.com", 12)
    );
    assert_eq!(
        fact(&ioc["discovery_endpoint"]),
        pair(
            "https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc",
            30
        )
    );
}

#[test]
fn printed_format_list_in_utf16_and_utf8_is_read_into_facts() {
    let m = model("fixtures/exchange/printed/auth-config.txt");
    assert_eq!(m["files"][0]["kind"], "printed-output");
    assert_eq!(m["files"][0]["encoding"], "UTF-16LE");
    let config = &m["configuration"]["exchange"]["auth_configs"][0];
    assert_eq!(
        fact(&config["current_certificate_thumbprint"]),
        pair("A66FFD5B1AC1D1A0B896C5C34C48C0643DDCCA45", 3)
    );
    assert_eq!(config["seen"]["origin"], "printed-output");
    let m = model("fixtures/exchange/printed/partner-application.txt");
    let app = &m["configuration"]["exchange"]["partner_applications"][0];
    assert_eq!(fact(&app["enabled"]), pair("False", 3));
    assert_eq!(fact(&app["name"]), pair("Exchange Online", 12));
    let m = model("fixtures/exchange/printed/intra-organization-connector.txt");
    let domains: Vec<Value> = m["configuration"]["exchange"]["intra_organization_connectors"][0]
        ["target_address_domains"]
        .as_array()
        .expect("domains")
        .clone();
    assert_eq!(domains.len(), 5, "four shown and one unknown: {domains:?}");
    assert_eq!(fact(&domains[3]), pair("tailspin.mail.onmicrosoft.com", 3));
    assert!(
        domains[4]["unknown"]
            .as_str()
            .is_some_and(|u| u.contains("FormatEnumerationLimit")),
        "a list cut short says more are unknown: {domains:?}"
    );
}

#[test]
fn csv_and_json_exports_are_read_into_facts() {
    let m = model("fixtures/exchange/exports/auth-config.json");
    assert_eq!(m["files"][0]["kind"], "json-export");
    let config = &m["configuration"]["exchange"]["auth_configs"][0];
    assert_eq!(
        fact(&config["current_certificate_thumbprint"]),
        pair("A66FFD5B1AC1D1A0B896C5C34C48C0643DDCCA45", 2)
    );
    assert_eq!(config["seen"]["origin"], "json-export");
    let m = model("fixtures/exchange/exports/partner-application.json");
    let app = &m["configuration"]["exchange"]["partner_applications"][0];
    assert_eq!(
        fact(&app["linked_account"]),
        pair("Exchange Online-ApplicationAccount", 8),
        "a nested object is named, never blank"
    );
    let m = model("fixtures/exchange/exports/intra-organization-connector.csv");
    assert_eq!(m["files"][0]["kind"], "csv-export");
    let ioc = &m["configuration"]["exchange"]["intra_organization_connectors"][0];
    assert_eq!(
        fact(&ioc["target_address_domains"][0]),
        pair("contoso.mail.onmicrosoft.com", 3)
    );
    assert_eq!(fact(&ioc["enabled"]), pair("True", 3));
}

#[test]
fn a_transcript_shows_what_ran_and_what_was_printed() {
    let m = model("fixtures/exchange/transcript");
    let x = &m["configuration"]["exchange"];
    let servers = x["auth_servers"].as_array().expect("auth servers");
    let by = |cmdlet: &str| {
        servers
            .iter()
            .find(|s| s["seen"]["cmdlet"] == cmdlet)
            .unwrap_or_else(|| panic!("{cmdlet} in {servers:?}"))
    };
    assert_eq!(by("New-AuthServer")["seen"]["outcome"], "succeeded");
    assert_eq!(by("New-AuthServer")["seen"]["origin"], "transcript");
    assert_eq!(
        fact(&by("New-AuthServer")["server_type"]),
        pair("AzureAD", 13)
    );
    assert_eq!(
        fact(&by("Set-AuthServer")["application_identifier"]),
        pair("5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", 14)
    );
    assert_eq!(
        fact(&by("Get-AuthServer")["application_identifier"]),
        pair("5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", 26)
    );
    // The documented pipeline: the partner application is the one its filter selects.
    let app = &x["partner_applications"][0];
    assert_eq!(app["seen"]["cmdlet"], "Set-PartnerApplication");
    assert_eq!(app["name"], Value::Null);
    assert_eq!(
        fact(&app["application_identifier"]),
        pair("00000002-0000-0ff1-ce00-000000000000", 15)
    );
    assert_eq!(fact(&app["enabled"]), pair("True", 15));
    let config = &x["auth_configs"][0];
    assert_eq!(
        fact(&config["next_certificate_thumbprint"]),
        pair("0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C", 16)
    );
    let domains: Vec<(String, u64)> =
        x["intra_organization_connectors"][0]["target_address_domains"]
            .as_array()
            .expect("domains")
            .iter()
            .map(fact)
            .collect();
    assert_eq!(
        domains,
        [
            pair("contoso.mail.onmicrosoft.com", 17),
            pair("fabrikam.mail.onmicrosoft.com", 17)
        ],
        "`a,b` in command mode is one list"
    );
}

#[test]
fn a_script_is_a_plan_and_run_time_values_are_unknown() {
    let m = model("fixtures/exchange/script");
    let x = &m["configuration"]["exchange"];
    assert_eq!(x["auth_servers"].as_array().map(Vec::len), Some(2));
    for s in x["auth_servers"].as_array().expect("servers") {
        assert_eq!(s["seen"]["outcome"], "unknown", "planned: {s}");
        assert_eq!(s["seen"]["origin"], "script");
    }
    let config = &x["auth_configs"][0];
    assert!(
        config["current_certificate_thumbprint"]["unknown"].is_string(),
        "a thumbprint read at run time is unknown, not wrong: {config}"
    );
    let connectors = x["intra_organization_connectors"]
        .as_array()
        .expect("connectors");
    assert_eq!(
        fact(&connectors[0]["target_address_domains"][0]),
        pair("contoso.mail.onmicrosoft.com", 16),
        "a list of literal strings is known"
    );
    assert_eq!(fact(&connectors[1]["enabled"]), pair("False", 17));
}

#[test]
fn exchange_evidence_gets_no_sfb_finding() {
    for path in [
        EXCHANGE_BUNDLE,
        "fixtures/exchange/printed",
        "fixtures/exchange/exports",
        "fixtures/exchange/certificate",
        "fixtures/exchange/transcript",
        "fixtures/exchange/script",
    ] {
        let (_, report) = common::check_json(Path::new(path), &["--now", "2024-06-10"]);
        let findings = report["findings"].as_array().expect("findings");
        // The Exchange hybrid pack judges these files; nothing else does. The printed partner
        // application shows `Enabled : False` (line 3): the pack's rule says so.
        let others: Vec<_> = findings
            .iter()
            .filter(|f| !f["rule"].as_str().unwrap_or("").starts_with("exchange/"))
            .collect();
        assert!(others.is_empty(), "{path}: {others:?}");
        let exchange: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
        let expected: &[&str] = if path == "fixtures/exchange/printed" {
            &["exchange/partner-app-disabled"]
        } else {
            &[]
        };
        assert_eq!(exchange, expected, "{path}");
    }
}

#[test]
fn exchanges_auth_certificate_gets_exchange_advice_not_sfbs() {
    // Two weeks before the auth certificate ends, and after: its end is found as for any
    // certificate, but the fix rolls Exchange's certificate with Set-AuthConfig; rolling SfB's
    // (Set-CsCertificate) and uploading it to the Lync principal would be wrong for Exchange.
    for (now, rule) in [
        ("2027-12-15", "cert/expires-soon"),
        ("2028-02-15", "cert/expired"),
    ] {
        let (_, report) =
            common::check_json(Path::new(EXCHANGE_BUNDLE), &["--now", now, "--isolated"]);
        let findings = report["findings"].as_array().expect("findings");
        assert!(!findings.is_empty(), "{now}: no finding");
        for f in findings {
            assert_eq!(f["rule"], rule, "{now}: {f}");
            let fix = f["fix"].as_str().unwrap_or_default();
            assert!(
                fix.contains("Set-AuthConfig -NewCertificateThumbprint"),
                "{now}: {fix}"
            );
            assert!(
                !fix.contains("Set-CsCertificate") && !fix.contains("00000004"),
                "{now}: {fix}"
            );
        }
    }
}

#[test]
fn exchanges_auth_certificate_beside_sfb_evidence_is_not_an_sfb_mismatch() {
    // SfB's exported certificate (`EFF5AD7D…`) and Exchange's bundle, whose key on 00000002-…
    // is Exchange's auth certificate: both belong there, and neither is SfB's wrong upload.
    let (_, out, err) = common::run(&[
        "check",
        "fixtures/clean-graph",
        EXCHANGE_BUNDLE,
        "--now",
        "2024-06-10",
        "--isolated",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!(
        common::findings_of(&report, "cert/thumbprint-mismatch"),
        Vec::<&Value>::new(),
        "{report}"
    );
}

#[test]
fn the_html_report_lists_the_exchange_objects() {
    let (code, html, err) = common::run(&[
        "check",
        EXCHANGE_BUNDLE,
        "--now",
        "2024-06-10",
        "--format",
        "html",
    ]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "data-fact=\"exchange\"",
        "auth configuration: <code>current certificate A66FFD5B1AC1D1A0B896C5C34C48C0643DDCCA45",
        "intra-organization connector: <code>HybridIOC - 8f4c2a1e-3b7d-4c9a-9e2f-5d6b7a8c9d0e (domains contoso.mail.onmicrosoft.com",
        "shown by Get-PartnerApplication at",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
}

/// The key credentials of a model, as (app id, thumbprint of the key's certificate).
fn key_certificates(m: &Value) -> Vec<(String, String)> {
    m["configuration"]["service_principals"]
        .as_array()
        .expect("principals")
        .iter()
        .flat_map(|sp| {
            sp["credentials"]
                .as_array()
                .expect("credentials")
                .iter()
                .map(move |c| {
                    (
                        sp["app_id"].as_str().unwrap_or_default().to_string(),
                        c["certificate"]["thumbprint"]
                            .as_str()
                            .unwrap_or("(none)")
                            .to_string(),
                    )
                })
        })
        .collect()
}

#[test]
fn key_bytes_are_certificates_in_every_form() {
    const PREVIOUS: &str = "44F5D8513C1C1B1D1BFB0C1C813C669A239EF293";
    let exo = "00000002-0000-0ff1-ce00-000000000000".to_string();
    for path in [
        // CLIXML `BA`
        "fixtures/bundle/HybridEvidence-LYNCFE01-20240610091500/tenant/ServicePrincipal-00000002-0000-0ff1-ce00-000000000000.xml",
        // Graph's byte array printed whole
        "fixtures/key-credentials/PowerShell_transcript.ADMINWS07.20240612080500.txt",
        // MSOnline's Base64 `Value` in Export-Csv
        "fixtures/key-credentials/msonline-credential.csv",
        // ConvertTo-Json's number list
        "fixtures/exports/exo-sp.json",
    ] {
        assert_eq!(
            key_certificates(&model(path)),
            [(exo.clone(), PREVIOUS.to_string())],
            "{path}"
        );
    }
    let m = model(EXCHANGE_BUNDLE);
    let auth = &m["configuration"]["exchange"]["auth_configs"][0]["current_certificate_thumbprint"]
        ["value"];
    let keys = key_certificates(&m);
    assert_eq!(keys, [(exo, auth.as_str().unwrap_or_default().to_string())]);
    // A key printed cut short is unknown: no certificate.
    assert!(
        key_certificates(&model("fixtures/graph-byte-array"))
            .iter()
            .all(|(_, t)| t == "(none)")
    );
}

#[test]
fn one_mismatch_for_one_key_in_two_forms() {
    let (code, report) = common::check_json(
        Path::new("fixtures/key-credentials"),
        &["--now", "2024-06-12"],
    );
    let mismatches = common::findings_of(&report, "cert/thumbprint-mismatch");
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );
    assert_eq!(mismatches.len(), 1, "{report}");
    let message = mismatches[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("`LyncOAuth.cer` has thumbprint EFF5AD7D469F4D3AC656F13979C0EF83C0DEAC5F")
            && message.contains("has thumbprint 44F5D8513C1C1B1D1BFB0C1C813C669A239EF293"),
        "{message}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_wrong_export_that_was_uploaded_is_one_finding_at_the_upload() {
    use base64::Engine as _;
    // SfB signs with `EFF5AD7D…`; the exported file and the key are both the previous
    // certificate (`44F5D851…`): one cause (the wrong certificate exported, then uploaded).
    let dir = tempfile::tempdir().expect("temp dir");
    let root = common::root();
    std::fs::copy(
        root.join(
            "fixtures/bundle/HybridEvidence-LYNCFE01-20240610091500/onprem/Get-CsCertificate.xml",
        ),
        dir.path().join("Get-CsCertificate.xml"),
    )
    .expect("copy");
    let csv =
        std::fs::read_to_string(root.join("fixtures/key-credentials/msonline-credential.csv"))
            .expect("read");
    std::fs::write(dir.path().join("credential.csv"), &csv).expect("write");
    let value = csv
        .lines()
        .last()
        .and_then(|l| l.trim_end().trim_end_matches('"').rsplit('"').next())
        .expect("the Value column");
    let der = base64::engine::general_purpose::STANDARD
        .decode(value)
        .expect("Base64");
    std::fs::write(dir.path().join("LyncOAuth.cer"), der).expect("write");
    let (code, report) = common::check_json(dir.path(), &["--now", "2024-06-12", "--isolated"]);
    let mismatches = common::findings_of(&report, "cert/thumbprint-mismatch");
    assert_eq!(mismatches.len(), 1, "{report}");
    let message = mismatches[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("has thumbprint 44F5D8513C1C1B1D1BFB0C1C813C669A239EF293, the same as the certificate file `LyncOAuth.cer`; expected EFF5AD7D469F4D3AC656F13979C0EF83C0DEAC5F"),
        "{message}"
    );
    assert!(
        mismatches[0]["location"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("credential.csv")),
        "at the upload: {report}"
    );
    assert_eq!(code, 1);
}

#[test]
fn credential_dates_are_judged_on_the_keys_own_certificate() {
    let (code, report) = common::check_json(
        Path::new("fixtures/key-credential-dates"),
        &["--now", "2024-06-12"],
    );
    let dates = common::findings_of(&report, "tenant/credential-dates");
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );
    assert_eq!(dates.len(), 1, "{report}");
    let message = dates[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("ends 2024-12-31, 151 days before the certificate (NotAfter 2025-05-31)"),
        "{message}"
    );
    assert_eq!(dates[0]["location"]["line"], 3);
    assert_eq!(
        code, 0,
        "a warning does not fail at the default --fail-on error"
    );
}
