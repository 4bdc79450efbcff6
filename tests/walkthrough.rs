//! The bundled demo and the clean fixtures, in human and JSON form, pinned by insta snapshots.

mod common;

fn human(path: &str, now: &str) -> String {
    let (code, out, err) = common::run(&["check", path, "--now", now]);
    assert!(err.is_empty(), "stderr: {err}");
    format!("exit code {code}\n{out}")
}

#[test]
fn seed_walkthrough_shows_the_four_known_violations() {
    let (code, report) = common::check_json(
        std::path::Path::new("fixtures/seed-walkthrough"),
        &["--now", "2017-03-14"],
    );
    assert_eq!(code, 1, "errors must fail the run");
    for rule in [
        "cert/der-encoded",
        "guid/truncated",
        "tenant/exchange-credential-missing",
        "tenant/spn-not-saved",
    ] {
        assert!(
            !common::findings_of(&report, rule).is_empty(),
            "seed walkthrough must show {rule}"
        );
    }
    insta::assert_json_snapshot!("seed_walkthrough_json", report);
    insta::assert_snapshot!(
        "seed_walkthrough_human",
        human("fixtures/seed-walkthrough", "2017-03-14")
    );
}

#[test]
fn clean_fixtures_have_no_error_or_warning() {
    for dir in ["fixtures/clean-msonline", "fixtures/clean-graph"] {
        let (code, report) = common::check_json(
            std::path::Path::new(dir),
            &["--now", "2025-06-01", "--fail-on", "warning"],
        );
        assert_eq!(code, 0, "{dir}: {report}");
        assert_eq!(report["summary"]["error"], 0, "{dir}");
        assert_eq!(report["summary"]["warning"], 0, "{dir}");
        let name = dir.trim_start_matches("fixtures/").replace('-', "_");
        insta::assert_json_snapshot!(format!("{name}_json"), report);
        insta::assert_snapshot!(format!("{name}_human"), human(dir, "2025-06-01"));
    }
}

#[test]
fn clean_fixtures_are_not_clean_by_accident() {
    // The clean runs must have read the steps: dropping the SPN write-back must be noticed (the
    // printed list afterwards does not prove the write, the command does).
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = common::root().join("fixtures/clean-msonline");
    for entry in std::fs::read_dir(&src).expect("fixture") {
        let entry = entry.expect("entry");
        let text = std::fs::read(entry.path()).expect("read");
        let text = String::from_utf8_lossy(&text).replace(
            "Set-MsolServicePrincipal -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -ServicePrincipalNames",
            "Write-Host skipped",
        );
        std::fs::write(tmp.path().join(entry.file_name()), text).expect("write");
    }
    let (_, report) = common::check_json(tmp.path(), &["--now", "2025-06-01"]);
    assert!(
        !common::findings_of(&report, "tenant/spn-not-saved").is_empty(),
        "{report}"
    );
}
