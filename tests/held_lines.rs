//! `check` holds only the lines judging reads of each file it can read again, and reads a file
//! again after judging for its findings' other source lines (`source_lines::attach`). The
//! findings, source lines included, must be those of a model holding every line: checked on
//! every fixture folder.

mod common;

use std::path::PathBuf;

use hybridlint::evidence::{self, judged_lines::LineWatch, parallel::Lines};
use hybridlint::findings::Finding;
use hybridlint::model::{ExpectedFacts, FileLines, Model};
use hybridlint::rules::{self, RuleSettings, Selection, catalogue};
use time::macros::datetime;

fn findings(
    folder: &std::path::Path,
    rules: &[rules::Rule],
    lines: Lines<'_>,
) -> (Model, Vec<Finding>) {
    let mut model = Model::new(datetime!(2025-06-01 0:00 UTC), ExpectedFacts::default());
    evidence::load_with_stdin(
        &[folder.to_path_buf()],
        &[],
        None,
        lines,
        &mut model,
        &mut |_, _, _| {},
    );
    let found = rules::evaluate(
        rules,
        &model,
        &Selection::default(),
        &RuleSettings::default(),
    );
    (model, found)
}

fn folders() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![common::root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("fixture folder reads")
            .flatten()
        {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(entry.path());
            }
        }
        out.push(dir);
    }
    out.sort();
    out
}

#[test]
fn findings_from_held_lines_are_those_from_every_line() {
    let rules = catalogue::load(&[]).expect("built-in rules load");
    let watch = LineWatch::new(rules.iter().flat_map(|r| r.line_patterns()));
    assert!(
        watch.compiled().is_some(),
        "the built-in line patterns build one set"
    );
    let (mut held_files, mut read_again) = (0, 0);
    for folder in folders() {
        let (_, whole) = findings(&folder, &rules, Lines::Keep);
        let (model, mut held) = findings(&folder, &rules, Lines::Hold(&watch));
        held_files += model
            .files
            .iter()
            .filter(|f| matches!(f.lines, FileLines::Held(_)))
            .count();
        let before = held.iter().filter(|f| f.source_line.is_some()).count();
        hybridlint::source_lines::attach(&model, &mut held);
        read_again += held.iter().filter(|f| f.source_line.is_some()).count() - before;
        assert!(whole == held, "findings differ in {}", folder.display());
    }
    // The comparison means something only if lines were held and read again.
    assert!(held_files > 100, "{held_files} files held in part");
    assert!(read_again > 100, "{read_again} source lines read again");
}

/// A certificate loaded by a command, not a method call: `cert/path-mismatch` quotes the
/// command's line, corrected, in its fix. Other commands' lines are not held, so this one must
/// be, or the fix would fall back to a plain `Import` (the fixture folders load certificates
/// through method calls only).
#[test]
fn a_command_that_loads_a_certificate_keeps_its_line() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("oauth.ps1"),
        "$thumbprint = (Get-CsCertificate -Type OAuthTokenIssuer).Thumbprint\n\
         $c = Get-Item \"Cert:\\LocalMachine\\My\\$thumbprint\"\n\
         Export-Certificate -Cert $c -FilePath C:\\OAuth\\SFBoauth.cer\n\
         $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList C:\\OAuth\\SFBauth.cer\n",
    )
    .expect("the script is written");
    let rules = catalogue::load(&[]).expect("built-in rules load");
    let watch = LineWatch::new(rules.iter().flat_map(|r| r.line_patterns()));
    assert!(
        watch.compiled().is_some(),
        "the built-in line patterns build one set"
    );
    let (_, whole) = findings(dir.path(), &rules, Lines::Keep);
    let (model, mut held) = findings(dir.path(), &rules, Lines::Hold(&watch));
    assert!(
        matches!(model.files[0].lines, FileLines::Held(_)),
        "the script is held in part"
    );
    let fix = held
        .iter()
        .find(|f| f.rule == "cert/path-mismatch")
        .and_then(|f| f.fix.clone())
        .expect("the mismatch is found, with a fix");
    assert!(
        fix.starts_with("$certificate = New-Object ") && fix.ends_with("'C:\\OAuth\\SFBoauth.cer'"),
        "{fix}"
    );
    hybridlint::source_lines::attach(&model, &mut held);
    assert!(whole == held);
}
