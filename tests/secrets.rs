//! Secrets never echoed: a fixture full of secrets (every kind `secret/plaintext-credential`
//! knows) is run through every output format, the model dump and a written baseline, and none of
//! the secret values may appear in any of them, while the findings still point at each one.

mod common;

use std::path::Path;

const FIXTURE: &str = "fixtures/rules/secret/plaintext-credential/trigger";

/// Every secret written in the fixture, as written (a few characters are enough to be found, so
/// distinctive fragments are listed too).
const SECRETS: &[&str] = &[
    "Qx8~Fake.Client-Secret_0123456789abcd",
    "Winter2024!Hybrid",
    "Sp4rkl3-Pony",
    "Fake0Secret1In2Body3",
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0",
    "eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ",
    "ZmFrZS1zaWduYXR1cmU",
    "eyJzY3AiOiJBcHBsaWNhdGlvbi5SZWFkV3JpdGUuQWxsIn0",
    "Pfx-Export-Pa55",
    "Tr0ub4dor&3-Horse",
    "Zx9~Fake.Printed-Secret_9876543210zyxw",
    "MIIEvFakeKeyMaterialLine1",
    "MIIEvFakeKeyMaterialLine2",
];

fn assert_no_secret(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} echoes the secret `{s}`:\n{text}");
    }
    // The loaders' blanking character is shown as `*`, never passed through.
    assert!(
        !text.contains('\u{2022}'),
        "{what} shows a raw blank:\n{text}"
    );
}

#[test]
fn the_fixture_really_holds_every_secret() {
    let mut all = String::new();
    for entry in std::fs::read_dir(common::root().join(FIXTURE)).expect("fixture") {
        all.push_str(&std::fs::read_to_string(entry.expect("entry").path()).expect("read"));
    }
    for s in SECRETS {
        assert!(
            all.contains(s),
            "the fixture lost `{s}`: the test would prove nothing"
        );
    }
}

#[test]
fn no_output_format_echoes_a_secret() {
    let base = [
        "check",
        FIXTURE,
        "--now",
        "2025-06-01",
        "--fail-on",
        "never",
    ];
    for format in ["human", "json", "sarif", "junit", "github", "html"] {
        let mut args = base.to_vec();
        args.extend(["--format", format]);
        let (code, out, err) = common::run(&args);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(
            out.contains("secret/plaintext-credential"),
            "{format} reports the secrets: {out}"
        );
        assert_no_secret(format, &out);
        assert_no_secret(&format!("{format} (stderr)"), &err);
    }
    // The diagnosis and the fix script quote evidence too.
    for args in [
        vec![
            "diagnose",
            FIXTURE,
            "--now",
            "2025-06-01",
            "--symptom",
            "owa-online-meeting-button-missing",
        ],
        vec![
            "diagnose",
            FIXTURE,
            "--now",
            "2025-06-01",
            "--symptom",
            "owa-online-meeting-button-missing",
            "--format",
            "html",
        ],
        vec!["fix", FIXTURE, "--now", "2025-06-01"],
        vec![
            "fix",
            FIXTURE,
            "--now",
            "2025-06-01",
            "--cmdlets",
            "msonline",
        ],
    ] {
        let (code, out, err) = common::run(&args);
        assert_ne!(code, 2, "{args:?}: {err}");
        assert_no_secret(&format!("{args:?}"), &out);
        assert_no_secret(&format!("{args:?} (stderr)"), &err);
    }
    let (code, out, err) = common::run(&["model", FIXTURE, "--now", "2025-06-01"]);
    assert_eq!(code, 0, "model: {err}");
    assert!(out.contains("\"secrets\""), "{out}");
    assert!(
        out.contains("-AsPlainText"),
        "the dump still shows the commands: {out}"
    );
    assert_no_secret("model", &out);
}

#[test]
fn human_output_points_at_the_masked_secret() {
    let (_, out, _) = common::run(&[
        "check",
        FIXTURE,
        "--now",
        "2025-06-01",
        "--fail-on",
        "never",
        "--select",
        "secret",
    ]);
    // The source line is shown with the secret as stars, one per character, and underlined.
    assert!(
        out.contains(
            "$AdminPassword = ConvertTo-SecureString \"*****************\" -AsPlainText -Force"
        ),
        "{out}"
    );
    assert!(out.contains("^^^^^^^^^^^^^^^^^ "), "{out}");
}

#[test]
fn a_baseline_written_from_secret_findings_holds_no_secret() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let baseline = tmp.path().join("baseline.json");
    let baseline_arg = baseline.to_string_lossy().to_string();
    let (code, _, err) = common::run(&[
        "check",
        FIXTURE,
        "--now",
        "2025-06-01",
        "--write-baseline",
        &baseline_arg,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(Path::new(&baseline)).expect("baseline written");
    assert!(text.contains("secret/plaintext-credential"), "{text}");
    assert_no_secret("baseline", &text);
}
