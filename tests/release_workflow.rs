//! The release workflow (`.github/workflows/release.yml`) parses and builds what the README
//! promises: `hybridlint` for Windows, Linux and macOS from a version tag, with the lock file.

mod common;

use serde_yaml::Value;

fn workflow() -> Value {
    let path = common::root().join(".github/workflows/release.yml");
    let text = std::fs::read_to_string(&path).expect("the release workflow exists");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("release.yml is not YAML: {e}"))
}

#[test]
fn release_workflow_builds_every_platform_from_a_tag() {
    let w = workflow();
    let tags = &w["on"]["push"]["tags"][0];
    assert!(
        tags.as_str().is_some_and(|t| t.starts_with('v')),
        "runs on version tags: {tags:?}"
    );
    assert_eq!(w["permissions"]["contents"], "write");
    let upload = &w["jobs"]["upload-assets"];
    assert_eq!(upload["needs"], "create-release");
    let targets: Vec<&str> = upload["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("a target matrix")
        .iter()
        .filter_map(|t| t["target"].as_str())
        .collect();
    for os in ["windows", "linux", "apple-darwin"] {
        assert!(
            targets.iter().any(|t| t.contains(os)),
            "no {os} target in {targets:?}"
        );
    }
    let steps = upload["steps"].as_sequence().expect("steps");
    let build = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("taiki-e/upload-rust-binary-action@"))
        })
        .expect("the upload step");
    assert_eq!(build["with"]["bin"], env!("CARGO_PKG_NAME"));
    assert_eq!(build["with"]["target"], "${{ matrix.target }}");
    assert_eq!(build["with"]["locked"], true);
    let create = w["jobs"]["create-release"]["steps"]
        .as_sequence()
        .expect("steps");
    assert!(create.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("taiki-e/create-gh-release-action@"))
    }));
}
