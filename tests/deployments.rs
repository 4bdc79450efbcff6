//! Deployments apart (issue #11): a folder with two customers' evidence, one healthy and one
//! broken, is judged per customer, so the healthy one's upload does not hide the other's missing
//! one; every report shows the deployments.

mod common;

use std::path::Path;

const CUSTOMERS: &str = "fixtures/customers";
const NOW: &str = "2025-06-01";

fn json(path: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--now", NOW, "--isolated", "--fail-on", "never"];
    args.extend_from_slice(extra);
    common::check_json(Path::new(path), &args).1
}

#[test]
fn two_customers_are_judged_apart() {
    let report = json(CUSTOMERS, &[]);
    let deployments = report["deployments"].as_array().expect("deployments");
    assert_eq!(deployments.len(), 2, "{report}");
    let (contoso, fabrikam) = (&deployments[0], &deployments[1]);
    assert!(
        contoso["label"]
            .as_str()
            .is_some_and(|l| l.contains("contoso.com"))
    );
    assert!(
        fabrikam["label"]
            .as_str()
            .is_some_and(|l| l.contains("fabrikam.com"))
    );
    assert_eq!(contoso["errors"], 0, "{contoso}");
    assert_eq!(contoso["warnings"], 0, "{contoso}");
    assert_eq!(fabrikam["errors"], 1, "{fabrikam}");
    // Contoso's uploaded Exchange credential does not count for Fabrikam's tenant.
    let missing = common::findings_of(&report, "tenant/exchange-credential-missing");
    assert_eq!(missing.len(), 1, "{report}");
    assert!(
        missing[0]["location"]["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("fixtures/customers/fabrikam/")),
        "{}",
        missing[0]
    );
    let step = |d: &serde_json::Value, id: &str| {
        d["checklist"]["steps"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["id"] == id))
            .map(|s| s["status"].clone())
    };
    assert_eq!(step(contoso, "exchange-credential"), Some("done".into()));
    assert_eq!(
        step(fabrikam, "exchange-credential"),
        Some("missing".into())
    );
    // One run-wide checklist would mix them: each deployment carries its own instead.
    assert!(report.get("checklist").is_none(), "{report}");
}

#[test]
fn each_customer_gets_in_the_folder_what_it_gets_alone() {
    let together = json(CUSTOMERS, &[]);
    for customer in ["contoso", "fabrikam"] {
        let dir = format!("{CUSTOMERS}/{customer}");
        let alone = json(&dir, &[]);
        let theirs = |r: &serde_json::Value| -> Vec<(String, String)> {
            r["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter(|f| {
                    f["location"]["path"]
                        .as_str()
                        .is_some_and(|p| p.starts_with(&dir))
                })
                .map(|f| (f["rule"].to_string(), f["message"].to_string()))
                .collect()
        };
        assert_eq!(theirs(&together), theirs(&alone), "{customer}");
        assert!(
            alone.get("deployments").is_none(),
            "one deployment: {alone}"
        );
    }
}

#[test]
fn every_report_shows_the_deployments() {
    let (_, human, _) = common::run(&[
        "check",
        CUSTOMERS,
        "--now",
        NOW,
        "--isolated",
        "--checklist",
    ]);
    assert!(
        human.contains("2 deployments in this evidence, each judged on its own"),
        "{human}"
    );
    assert!(
        human.contains("Deployment 2: tenant 3d9a7c21-8b4e-4f6a-a1d2-6c5e8f9b0a47 (fabrikam.com)"),
        "{human}"
    );
    let (_, sarif, _) = common::run(&[
        "check",
        CUSTOMERS,
        "--now",
        NOW,
        "--isolated",
        "--format",
        "sarif",
    ]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF");
    let listed = &sarif["runs"][0]["invocations"][0]["properties"]["deployments"];
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
    let dir = std::env::temp_dir().join(format!("hybridlint-deployments-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let html = dir.join("report.html");
    let (code, _, err) = common::run(&[
        "check",
        CUSTOMERS,
        "--now",
        NOW,
        "--isolated",
        "--format",
        "html",
        "--output",
        html.to_str().expect("a UTF-8 path"),
    ]);
    assert!(code == 0 || code == 1, "{err}");
    let page = std::fs::read_to_string(&html).expect("the HTML report");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(page.matches("data-deployment=").count(), 2, "{page}");
}

#[test]
fn fix_refuses_to_write_one_script_for_two_tenants() {
    let (code, out, err) = common::run(&["fix", CUSTOMERS, "--now", NOW, "--isolated"]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("holds 2 deployments"), "{err}");
}

#[test]
fn diagnose_diagnoses_each_deployment_from_its_own_evidence() {
    let (_, out, err) = common::run(&[
        "diagnose",
        CUSTOMERS,
        "--now",
        NOW,
        "--isolated",
        "--format",
        "json",
        "--symptom",
        "owa-join-details-missing",
    ]);
    let report: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let diagnoses = report["diagnoses"].as_array().expect("diagnoses");
    assert_eq!(diagnoses.len(), 2, "{report}");
    let shown = |d: &serde_json::Value| d["shown"].as_array().map(Vec::len).unwrap_or(0);
    assert!(
        diagnoses[0]["matched_by"]
            .as_str()
            .is_some_and(|m| m.starts_with("deployment tenant 8f4c"))
    );
    assert_eq!(
        shown(&diagnoses[0]),
        0,
        "Contoso shows no cause: {}",
        diagnoses[0]
    );
    assert!(
        shown(&diagnoses[1]) > 0,
        "Fabrikam's missing credential: {}",
        diagnoses[1]
    );
}

/// A deployment's part of the run's model (`evidence::split`, taken out rather than read again)
/// is the model of its files read alone: the same items, indices renumbered, normalised the same.
#[test]
fn a_deployments_part_of_the_model_is_its_files_read_alone() {
    use hybridlint::evidence;
    use hybridlint::model::{ExpectedFacts, Model};
    let now = time::macros::datetime!(2025-06-01 0:00 UTC);
    let mut whole = Model::new(now, ExpectedFacts::default());
    evidence::load(&[CUSTOMERS.into()], &mut whole);
    let mut alone = Model::new(now, ExpectedFacts::default());
    evidence::load(&[format!("{CUSTOMERS}/fabrikam").into()], &mut alone);
    assert!(!alone.files.is_empty() && alone.files.len() < whole.files.len());
    let keep = |path: &str| path.starts_with(&format!("{CUSTOMERS}/fabrikam/"));
    let mut part = evidence::split::files_of(&whole, &keep);
    evidence::normalize::normalize(&mut part);
    // Evidence order keeps its values in a part (only its sequence matters): compare without it.
    fn without_order(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("order");
                m.values_mut().for_each(without_order);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(without_order),
            _ => {}
        }
    }
    let mut part = serde_json::to_value(&part).expect("JSON");
    let mut alone = serde_json::to_value(&alone).expect("JSON");
    without_order(&mut part);
    without_order(&mut alone);
    assert_eq!(part, alone);
}

/// `input/deployment-unknown` skips grouping a run whose every file names a certificate
/// (`deployment::every_file_named`): grouping such a run leaves no file unplaced. Held on every
/// fixture folder, some of which hold several deployments.
#[test]
fn a_run_whose_files_all_name_a_certificate_leaves_none_unplaced() {
    use hybridlint::model::{ExpectedFacts, Model};
    use hybridlint::{deployment, evidence};
    let now = time::macros::datetime!(2025-06-01 0:00 UTC);
    let (mut settled, mut several, mut certificates) = (0, 0, 0);
    for entry in walkdir::WalkDir::new("fixtures").min_depth(1).max_depth(3) {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_dir() {
            continue;
        }
        let mut model = Model::new(now, ExpectedFacts::default());
        evidence::load(&[entry.path().to_path_buf()], &mut model);
        let grouping = deployment::group(&model);
        several += usize::from(grouping.is_several());
        if deployment::every_file_named(&model) {
            settled += 1;
            certificates += usize::from(!model.certificates.is_empty());
            assert!(grouping.unplaced.is_empty(), "{}", entry.path().display());
        } else if model
            .files
            .iter()
            .any(|f| f.kind != hybridlint::model::EvidenceKind::Other)
        {
            // Not settled: some file holds no certificate of its own.
            assert!(
                model
                    .files
                    .iter()
                    .enumerate()
                    .any(|(i, _)| !model.certificates.iter().any(|c| c.file == i && !c.is_ca)),
                "{}",
                entry.path().display()
            );
        }
    }
    assert!(
        settled > 5 && several > 1 && certificates > 5,
        "{settled} settled ({certificates} with certificates), {several} with several deployments"
    );
}
