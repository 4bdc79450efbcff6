//! The idioms corpus (`fixtures/idioms`, written by its `generate.py`): the procedure in the ways
//! administrators write PowerShell (literals, variables, `-f`, splatting, functions, loops, named
//! blocks, branches) in each cmdlet generation. Every clean file must give no error or warning, and
//! every planted mistake must be reported by the rule named for it, with no other error or warning
//! (one cause, one finding). Prints precision and recall.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

#[derive(serde::Deserialize)]
struct Manifest {
    file: Vec<Entry>,
}

#[derive(serde::Deserialize)]
struct Entry {
    path: String,
    expect: Vec<String>,
}

/// How every idiom is checked: at a fixed date, with the external web FQDN the scripts use.
const CHECK_ARGS: &[&str] = &[
    "--now",
    "2025-06-01",
    "--fail-on",
    "never",
    "--web-fqdn",
    "lyncweb.contoso.com",
    "--isolated",
];

/// The errors and warnings of a JSON report, as (path, rule).
fn errors_and_warnings(report: &serde_json::Value) -> BTreeSet<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error" || f["severity"] == "warning")
        .map(|f| {
            (
                f["location"]["path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                f["rule"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_idiom_is_read_as_powershell_runs_it() {
    let text = std::fs::read_to_string(common::root().join("fixtures/idioms/manifest.toml"))
        .expect("manifest");
    let manifest: Manifest = toml::from_str(&text).expect("manifest parses");
    let (mut scripts, mut transcripts) = (0, 0);
    let (mut found, mut planted, mut false_alarms) = (0, 0, 0);
    let mut problems = Vec::new();
    for entry in &manifest.file {
        if entry.path.starts_with("scripts/") {
            scripts += 1;
        } else {
            transcripts += 1;
        }
        let path = Path::new("fixtures/idioms").join(&entry.path);
        let (_, report) = common::check_json(&path, CHECK_ARGS);
        let judged: BTreeSet<String> = errors_and_warnings(&report)
            .into_iter()
            .map(|(_, rule)| rule)
            .collect();
        let expected: BTreeSet<String> = entry.expect.iter().cloned().collect();
        planted += expected.len();
        found += expected.intersection(&judged).count();
        for missed in expected.difference(&judged) {
            problems.push(format!("{}: {missed} not reported", entry.path));
        }
        for extra in judged.difference(&expected) {
            false_alarms += 1;
            problems.push(format!(
                "{}: {extra} reported, but nothing planted for it",
                entry.path
            ));
        }
    }
    let precision = found as f64 / (found + false_alarms).max(1) as f64;
    let recall = found as f64 / planted.max(1) as f64;
    println!(
        "idioms corpus: {scripts} scripts, {transcripts} transcripts; {planted} planted mistakes, {found} found, {false_alarms} false alarms; precision {:.3}, recall {:.3}",
        precision, recall
    );
    assert!(scripts >= 60 && transcripts >= 20, "the corpus shrank");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The folder as a user hands it over, generator included: no error or warning that is not
/// planted in the file it names. (Not every planted one: the scripts share one tenant, so they are
/// one deployment's evidence, and one file's step can stand for another's missing one.) The
/// generator is Python that starts lines with cmdlets and wrong values; read as PowerShell it gave
/// nine false errors.
#[test]
fn the_whole_folder_gives_no_false_alarm() {
    let text = std::fs::read_to_string(common::root().join("fixtures/idioms/manifest.toml"))
        .expect("manifest");
    let manifest: Manifest = toml::from_str(&text).expect("manifest parses");
    let planted: BTreeSet<(String, String)> = manifest
        .file
        .iter()
        .flat_map(|e| {
            e.expect
                .iter()
                .map(|rule| (format!("fixtures/idioms/{}", e.path), rule.clone()))
        })
        .collect();
    let (_, report) = common::check_json(Path::new("fixtures/idioms"), CHECK_ARGS);
    let judged = errors_and_warnings(&report);
    let extra: Vec<_> = judged.difference(&planted).collect();
    assert!(!judged.is_empty(), "the planted mistakes are judged at all");
    assert!(extra.is_empty(), "reported but not planted: {extra:#?}");
}
