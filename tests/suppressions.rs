//! Inline suppressions (`# hybridlint: ignore[rule, ...] reason`) in scripts and transcripts, and
//! `[[ignore]]` tables, end to end: what they cover, what they do not, and what is reported about
//! them. Each case edits a copy of a rule fixture in a temporary folder.

mod common;

use std::path::Path;

use serde_json::Value;

const NOW: &str = "2025-06-01";
const SCRIPT: &str = "Lync-ExchangeOnline-OAuth.ps1";
const TRUNCATED_LINE: &str =
    "New-MsolServicePrincipalCredential -AppPrincipalId 00000004-0000-0ff1-ce00-00000000000";
const TRANSCRIPT: &str = "PowerShell_transcript.LYNCFE01.20240610131012.txt";

/// A copy of the guid/truncated trigger (a script whose Lync id is one zero short) with `edit`
/// applied to the script's text; returns (folder, report).
fn script_case(edit: impl Fn(&str) -> String, extra: &[&str]) -> (tempfile::TempDir, Value) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = common::root().join("fixtures/rules/guid/truncated/trigger");
    std::fs::copy(
        src.join("hybridlint.toml"),
        tmp.path().join("hybridlint.toml"),
    )
    .expect("copy");
    let text = std::fs::read_to_string(src.join(SCRIPT)).expect("script");
    std::fs::write(tmp.path().join(SCRIPT), edit(&text)).expect("write");
    let mut args = vec!["--now", NOW, "--fail-on", "never"];
    args.extend(extra);
    let (_, report) = common::check_json(tmp.path(), &args);
    (tmp, report)
}

/// The same over the transcript/command-failed trigger (an upload that failed at line 26).
fn transcript_case(edit: impl Fn(&str) -> String) -> Value {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = common::root().join("fixtures/rules/transcript/command-failed/trigger");
    std::fs::copy(
        src.join("hybridlint.toml"),
        tmp.path().join("hybridlint.toml"),
    )
    .expect("copy");
    let text = std::fs::read_to_string(src.join(TRANSCRIPT)).expect("transcript");
    std::fs::write(tmp.path().join(TRANSCRIPT), edit(&text)).expect("write");
    common::check_json(tmp.path(), &["--now", NOW, "--fail-on", "never"]).1
}

fn count(report: &Value, rule: &str) -> usize {
    common::findings_of(report, rule).len()
}

fn above(text: &str, line_start: &str, comment: &str) -> String {
    text.replacen(line_start, &format!("{comment}\r\n{line_start}"), 1)
}

fn trailing(text: &str, line_start: &str, comment: &str) -> String {
    let i = text.find(line_start).expect("line");
    let end = i + text[i..].find("\r\n").expect("line end");
    format!("{} {comment}{}", &text[..end], &text[end..])
}

#[test]
fn a_trailing_comment_covers_its_own_line() {
    let (_, r) = script_case(|t| t.to_string(), &[]);
    assert_eq!(
        count(&r, "guid/truncated"),
        1,
        "the fixture has the finding"
    );
    let (_, r) = script_case(
        |t| {
            trailing(
                t,
                TRUNCATED_LINE,
                "# hybridlint: ignore[guid/truncated] CHG-1: fixed by hand",
            )
        },
        &[],
    );
    assert_eq!(count(&r, "guid/truncated"), 0, "{r:#}");
    assert_eq!(r["summary"]["suppressed"], 1);
    assert_eq!(count(&r, "config/suppression-unused"), 0);
}

#[test]
fn a_comment_alone_on_its_line_covers_the_next_statement_and_stacks() {
    let (_, r) = script_case(
        |t| {
            let t = above(
                t,
                TRUNCATED_LINE,
                "# hybridlint: ignore[guid] CHG-1: the id is fixed by hand",
            );
            above(
                &t,
                "# hybridlint: ignore[guid]",
                "# hybridlint: ignore[tenant/credential-dates] CHG-2: dates set in the portal\r\n",
            )
        },
        &[],
    );
    assert_eq!(count(&r, "guid/truncated"), 0, "an area works: {r:#}");
    // The dates rule has nothing on that line: reported as unused, at its comment.
    let unused = common::findings_of(&r, "config/suppression-unused");
    assert_eq!(unused.len(), 1, "{r:#}");
    assert!(
        unused[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("tenant/credential-dates"))
    );
}

#[test]
fn a_marker_inside_a_string_is_not_a_suppression() {
    let (_, r) = script_case(
        |t| {
            trailing(
                t,
                TRUNCATED_LINE,
                "-Debug:\"# hybridlint: ignore[guid/truncated] no\"",
            )
        },
        &[],
    );
    assert_eq!(count(&r, "guid/truncated"), 1, "{r:#}");
    assert_eq!(r["summary"]["suppressed"], 0);
}

#[test]
fn whole_file_findings_need_an_ignore_table() {
    // The failed upload leaves the Lync principal without a credential: a finding about the file.
    let (_, r) = script_case(
        |t| {
            above(
                t,
                TRUNCATED_LINE,
                "# hybridlint: ignore[tenant/lync-credential-missing] CHG-3",
            )
        },
        &[],
    );
    assert_eq!(count(&r, "tenant/lync-credential-missing"), 1, "{r:#}");
    assert_eq!(count(&r, "config/suppression-unused"), 1, "{r:#}");
    let (tmp, _) = script_case(|t| t.to_string(), &[]);
    let config = tmp.path().join("hybridlint.toml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("\n[[ignore]]\nrule = \"tenant\"\npath = \"*.ps1\"\nreason = \"CHG-3\"\n");
    std::fs::write(&config, text).expect("config");
    let (_, r) = common::check_json(tmp.path(), &["--now", NOW, "--fail-on", "never"]);
    assert_eq!(count(&r, "tenant/lync-credential-missing"), 0, "{r:#}");
    assert_eq!(count(&r, "config/ignore-unused"), 0);
}

#[test]
fn unused_is_only_reported_for_rules_that_ran() {
    let suppress = |t: &str| {
        above(
            t,
            "Connect-MsolService",
            "# hybridlint: ignore[tenant/spn-missing] CHG-4",
        )
    };
    let (_, r) = script_case(suppress, &[]);
    assert_eq!(count(&r, "config/suppression-unused"), 1, "{r:#}");
    let (_, r) = script_case(suppress, &["--select", "guid", "--select", "config"]);
    assert_eq!(count(&r, "config/suppression-unused"), 0, "{r:#}");
    // The meta rules are rules: deselecting one silences it.
    let (_, r) = script_case(suppress, &["--ignore", "config/suppression-unused"]);
    assert_eq!(count(&r, "config/suppression-unused"), 0, "{r:#}");
}

#[test]
fn findings_about_suppressions_cannot_be_suppressed() {
    let (_, r) = script_case(
        |t| {
            above(
                t,
                TRUNCATED_LINE,
                "# hybridlint: ignore[guid/truncated, config/suppression-without-reason]",
            )
        },
        &[],
    );
    assert_eq!(count(&r, "guid/truncated"), 0);
    assert_eq!(count(&r, "config/suppression-without-reason"), 1, "{r:#}");
    let invalid = common::findings_of(&r, "config/suppression-invalid");
    assert_eq!(invalid.len(), 1, "{r:#}");
    assert!(
        invalid[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot be suppressed")),
        "{r:#}"
    );
}

#[test]
fn transcripts_take_suppressions_at_the_prompt_and_by_hand() {
    let failed =
        "PS C:\\Users\\lyncadmin> New-MsolServicePrincipalCredential -AppPrincipalId 00000004";
    let r = transcript_case(|t| t.to_string());
    assert_eq!(count(&r, "transcript/command-failed"), 1);
    // Typed at the end of the command line.
    let r = transcript_case(|t| {
        trailing(
            t,
            failed,
            "# hybridlint: ignore[transcript/command-failed] CHG-5 retried later",
        )
    });
    assert_eq!(count(&r, "transcript/command-failed"), 0, "{r:#}");
    // Added above the prompt by hand, after the previous command's output.
    let r = transcript_case(|t| {
        above(
            t,
            failed,
            "  # hybridlint: ignore[transcript/command-failed] CHG-5 retried later",
        )
    });
    assert_eq!(count(&r, "transcript/command-failed"), 0, "{r:#}");
    // Typed at a prompt of its own, above the command.
    let r = transcript_case(|t| {
        above(
            t,
            failed,
            "PS C:\\Users\\lyncadmin> # hybridlint: ignore[transcript/command-failed] CHG-5",
        )
    });
    assert_eq!(count(&r, "transcript/command-failed"), 0, "{r:#}");
    // A malformed one suppresses nothing and says why.
    let r = transcript_case(|t| {
        above(
            t,
            failed,
            "# hybridlint ignore[transcript/command-failed] CHG-5",
        )
    });
    assert_eq!(count(&r, "transcript/command-failed"), 1, "{r:#}");
    assert_eq!(count(&r, "config/suppression-invalid"), 1, "{r:#}");
}

#[test]
fn the_model_shows_the_suppressions_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = common::root().join("fixtures/rules/config/suppression-without-reason/trigger");
    std::fs::copy(src.join(SCRIPT), tmp.path().join(SCRIPT)).expect("copy");
    let (code, out, _) = common::run(&["model", tmp.path().to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    let model: Value = serde_json::from_str(&out).expect("JSON");
    let s = &model["files"][0]["suppressions"][0];
    assert_eq!(s["rules"][0], "guid/truncated");
    assert_eq!(s["reason"], Value::Null);
    assert_eq!(s["lines"], serde_json::json!([17, 18]));
    assert!(Path::new(&tmp.path().join(SCRIPT)).exists());
}
