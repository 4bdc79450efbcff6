//! Human output, in the style of rustc and ruff: findings grouped under a heading per file, each
//! with severity, rule id, message, the source line with the offending span underlined, the fix
//! and an `explain` hint; then a one-line summary. Snippets are drawn as annotate-snippets draws
//! them: by `human_draw` for the common shapes, by annotate-snippets itself for the rest.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;

use annotate_snippets::Renderer;
use annotate_snippets::renderer::DEFAULT_TERM_WIDTH;

use super::ReportInput;
use super::human_draw;
use super::human_shape::Shape;
use crate::findings::{Finding, Severity};
use crate::rule_description::RuleDescription;

/// The heading for findings that name no file (about the evidence as a whole).
const NO_FILE: &str = "(no file)";

/// The report as one string (see [`write`]).
pub fn render(input: &ReportInput) -> String {
    super::in_pieces::to_string(|sink| write(input, sink))
}

/// Writes the report to `sink`, a few findings at a time ([`super::in_pieces`]).
pub fn write(input: &ReportInput, sink: &mut dyn io::Write) -> io::Result<()> {
    if input.display.statistics {
        // Only rule ids, the rules' own summaries and the summary line are printed, none of
        // which comes from the evidence: no terminal-safe copy of the findings is needed.
        return sink.write_all(super::statistics::render(input).as_bytes());
    }
    // Evidence text is shown, never obeyed: no raw escape sequence reaches the terminal. Each
    // finding is made safe as it is drawn (nearly all already are), the rest here.
    let safe = super::terminal_text::all_but_findings(input.report);
    let mut renderer = if input.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Long source lines are cut around the underlined span to fit the terminal (annotate-snippets
    // assumes 140 columns when not told).
    let term_width = input.display.width.unwrap_or(DEFAULT_TERM_WIDTH);
    if let Some(width) = input.display.width {
        renderer = renderer.term_width(width);
    }
    let rules: HashMap<&str, &RuleDescription> =
        input.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut out = String::new();
    let mut drawn = String::new();
    for (path, findings) in group_by_file(input.report.findings.iter()) {
        // Bold and underlined by hand rather than through `colored`, whose global state also
        // looks at the environment and the terminal: here `input.color` alone decides.
        let heading = path.as_deref().unwrap_or(NO_FILE);
        if input.color {
            let _ = writeln!(out, "\x1b[1;4m{heading}\x1b[0m");
        } else {
            let _ = writeln!(out, "{heading}");
        }
        for f in findings {
            // Made safe one at a time: a copy of every finding was 4 MB of a large report.
            let f = super::terminal_text::finding(f);
            let f = f.as_ref();
            let shape = Shape::of(f, rules.get(f.rule.as_str()).copied(), input.display.width);
            drawn.clear();
            // Colour, and the rare shapes `human_draw` leaves alone, go through annotate-snippets.
            if input.color || !human_draw::draw(&shape, term_width, &mut drawn) {
                drawn = renderer.render(&shape.groups());
            }
            if f.location.as_ref().is_some_and(|l| l.is_whole_file()) {
                align_whole_file(&drawn, &mut out);
            } else {
                out.push_str(&drawn);
            }
            // A blank line after each finding, as rustc does, so findings stand apart.
            out.push_str("\n\n");
            super::in_pieces::pass_on_when_full(&mut out, sink)?;
        }
    }
    if input.display.quiet {
        return sink.write_all(out.as_bytes());
    }
    if !safe.deployments.is_empty() {
        out.push_str(&super::sections::deployments(
            &safe.deployments,
            safe.show_checklist,
        ));
    }
    if safe.show_checklist
        && let Some(c) = &safe.checklist
    {
        out.push_str(&super::sections::checklist(c));
    }
    for d in &safe.diagnoses {
        out.push_str(&super::sections::diagnosis(d));
    }
    if let Some(line) = rule_counts(input.report) {
        let _ = writeln!(out, "{line}");
    }
    let line = summary(input);
    if input.color {
        let _ = writeln!(out, "\x1b[1m{line}\x1b[0m");
    } else {
        let _ = writeln!(out, "{line}");
    }
    sink.write_all(out.as_bytes())
}

/// Findings grouped by path as shown (terminal-safe), groups in order of first appearance (the
/// engine sorts by path, so this is path order), findings in their original order within a group.
fn group_by_file<'a>(
    findings: impl Iterator<Item = &'a Finding>,
) -> Vec<(Option<Cow<'a, str>>, Vec<&'a Finding>)> {
    let mut groups: Vec<(Option<Cow<str>>, Vec<&Finding>)> = Vec::new();
    let mut index: HashMap<Option<Cow<str>>, usize> = HashMap::new();
    for f in findings {
        let path = (f.location.as_ref()).map(|l| super::terminal_text::shown_path(l.path.as_str()));
        let at = *index.entry(path.clone()).or_insert_with(|| {
            groups.push((path, Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(f);
    }
    groups
}

/// A finding about a whole file has no line-number gutter, so annotate-snippets draws its `-->`
/// and `= fix` lines at the margin; indent them to where a finding with a two-digit line number
/// has them, so the eye finds every finding's parts in the same columns.
fn align_whole_file(rendered: &str, out: &mut String) {
    let mut lines = rendered.lines();
    out.push_str(lines.next().unwrap_or(""));
    for line in lines {
        out.push('\n');
        if !line.is_empty() {
            out.push_str("  ");
        }
        out.push_str(line);
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-line summary: counts, files, and what was hidden.
/// What the rules did, in one line: how many checked the evidence and passed, how many found
/// something, how many did not check it (`-v` lists them with why). `None` when no rule was
/// selected.
pub fn rule_counts(r: &crate::run_report::Report) -> Option<String> {
    if r.rules_run.is_empty() && r.rules_not_run.is_empty() {
        return None;
    }
    let found = r.rules_run.len().saturating_sub(r.rules_passed.len());
    Some(format!(
        "rules: {} checked and passed, {} found something, {} not checked (not applicable or not run; -v says why)",
        r.rules_passed.len(),
        found,
        r.rules_not_run.len()
    ))
}

pub fn summary(input: &ReportInput) -> String {
    let r = input.report;
    let mut s = format!(
        "{}, {}, {} in {}",
        plural(r.count(Severity::Error), "error", "errors"),
        plural(r.count(Severity::Warning), "warning", "warnings"),
        plural(r.count(Severity::Info), "info", "info"),
        plural(r.files, "file", "files"),
    );
    // What was hidden, so a clean-looking run still says it is not the whole story.
    let mut hidden = Vec::new();
    if r.suppressed > 0 {
        hidden.push(format!("{} suppressed", r.suppressed));
    }
    if r.baselined > 0 {
        hidden.push(format!("{} in the baseline", r.baselined));
    }
    if !hidden.is_empty() {
        let _ = write!(s, " ({} not shown)", hidden.join(", "));
    }
    if !r.run.config_files.is_empty() {
        let _ = write!(s, "; config: {}", r.run.config_files.join(", "));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::SourceLine;
    use crate::model::Location;
    use crate::run_report::Report;

    fn f(sev: Severity, loc: Option<Location>, src: Option<&str>, fix: Option<&str>) -> Finding {
        Finding {
            related: Vec::new(),
            subject: None,
            rule: "tenant/spn-missing".into(),
            severity: sev,
            message: "no service principal name for the Lync pool".into(),
            location: loc,
            fix: fix.map(String::from),
            source_line: src.map(|t| SourceLine { text: t.into() }),
        }
    }

    #[test]
    fn messages_wrap_to_the_terminal_width() {
        assert_eq!(
            super::super::human_shape::wrap("aa bb cc dd", 5),
            "aa bb\ncc dd"
        );
        assert_eq!(
            super::super::human_shape::wrap("a verylongword b", 4),
            "a\nverylongword\nb"
        );
        let mut long = f(Severity::Error, Some(Location::file("a.cer")), None, None);
        long.message = "word ".repeat(40);
        let report = Report {
            findings: vec![long],
            files: 1,
            ..Report::default()
        };
        let out = render(&ReportInput {
            report: &report,
            rules: &[],
            color: false,
            display: crate::report::Display {
                width: Some(60),
                ..Default::default()
            },
        });
        assert!(out.lines().all(|l| l.chars().count() <= 60), "{out}");
        assert!(out.lines().count() > 4, "{out}");
    }

    #[test]
    fn whole_file_findings_line_up_with_located_ones() {
        let out = render_plain(
            vec![
                f(
                    Severity::Error,
                    Some(Location::file("a.cer")),
                    None,
                    Some("do it"),
                ),
                f(
                    Severity::Error,
                    Some(Location::new("b.ps1", 12, 1, 3)),
                    Some("Set-X -Y"),
                    Some("do it"),
                ),
            ],
            2,
        );
        let column = |prefix: &str| -> Vec<usize> {
            out.lines()
                .filter(|l| l.trim_start().starts_with(prefix))
                .map(|l| l.len() - l.trim_start().len())
                .collect()
        };
        assert_eq!(column("-->"), [2, 2], "{out}");
        assert_eq!(column("= fix"), [3, 3], "{out}");
    }

    fn render_plain(findings: Vec<Finding>, files: usize) -> String {
        let report = Report {
            findings,
            files,
            ..Report::default()
        };
        render(&ReportInput {
            report: &report,
            rules: &[],
            color: false,
            display: Default::default(),
        })
    }

    #[test]
    fn snippet_fix_and_hint() {
        let out = render_plain(
            vec![f(
                Severity::Error,
                Some(Location::new("a/transcript.txt", 12, 5, 3)),
                Some("PS> New-MsolServicePrincipalCredential -AppPrincipalId $x"),
                Some("line one\n  line two"),
            )],
            1,
        );
        let expected = "\
a/transcript.txt
error[tenant/spn-missing]: no service principal name for the Lync pool
  --> a/transcript.txt:12:5
   |
12 | PS> New-MsolServicePrincipalCredential -AppPrincipalId $x
   |     ^^^
   |
   = fix: line one
            line two
   = help: run `hybridlint explain tenant/spn-missing`

1 error, 0 warnings, 0 info in 1 file
";
        assert_eq!(out, expected);
    }

    #[test]
    fn groups_by_file_and_counts() {
        let out = render_plain(
            vec![
                f(Severity::Warning, Some(Location::file("a.cer")), None, None),
                f(
                    Severity::Info,
                    Some(Location::new("b.ps1", 3, 1, 0)),
                    None,
                    None,
                ),
                f(
                    Severity::Info,
                    Some(Location::new("b.ps1", 4, 1, 0)),
                    Some("x"),
                    None,
                ),
                f(Severity::Error, None, None, Some("do it")),
            ],
            2,
        );
        let headings: Vec<&str> = out
            .lines()
            .filter(|l| ["a.cer", "b.ps1", NO_FILE].contains(l))
            .collect();
        assert_eq!(headings, ["a.cer", "b.ps1", NO_FILE]);
        assert!(out.contains("warning[tenant/spn-missing]"), "{out}");
        assert!(out.contains("info[tenant/spn-missing]"), "{out}");
        assert!(
            out.contains("\n  --> a.cer\n"),
            "whole file: path only, aligned\n{out}"
        );
        assert!(
            out.contains("\n--> b.ps1:3:1\n"),
            "no source line: origin only\n{out}"
        );
        assert!(out.contains(" = fix: do it\n"), "{out}");
        assert_eq!(out.matches("= help: run `hybridlint explain").count(), 4);
        assert!(
            out.ends_with("\n1 error, 1 warning, 2 info in 2 files\n"),
            "{out}"
        );
    }

    #[test]
    fn summary_says_what_was_hidden() {
        let report = Report {
            files: 3,
            suppressed: 2,
            baselined: 1,
            ..Report::default()
        };
        let out = render(&ReportInput {
            report: &report,
            rules: &[],
            color: false,
            display: Default::default(),
        });
        assert_eq!(
            out,
            "0 errors, 0 warnings, 0 info in 3 files (2 suppressed, 1 in the baseline not shown)\n"
        );
    }

    #[test]
    fn empty_report_is_just_the_summary() {
        assert_eq!(
            render_plain(vec![], 0),
            "0 errors, 0 warnings, 0 info in 0 files\n"
        );
    }

    /// The caret line under `line` for a finding at `column`/`len`.
    fn carets(line: &str, column: u32, len: u32) -> (String, String) {
        let out = render_plain(
            vec![f(
                Severity::Error,
                Some(Location::new("x.txt", 7, column, len)),
                Some(line),
                None,
            )],
            1,
        );
        let lines: Vec<&str> = out.lines().collect();
        let i = lines
            .iter()
            .position(|l| l.starts_with("7 |"))
            .unwrap_or_else(|| panic!("no source line in\n{out}"));
        (lines[i].to_string(), lines[i + 1].to_string())
    }

    #[test]
    fn len_zero_underlines_to_end_of_line() {
        let (src, under) = carets("Set-CsOAuthConfiguration -Realm x  ", 26, 0);
        assert_eq!(src, "7 | Set-CsOAuthConfiguration -Realm x");
        assert_eq!(under, "  |                          ^^^^^^^^");
    }

    #[test]
    fn non_ascii_columns_count_characters() {
        // "Zertifikat für" : `für` starts at character 12 but byte 12 is inside nothing useful;
        // the underline must sit under the three characters of `für`.
        let (src, under) = carets("Zertifikat für Exchange", 12, 3);
        assert_eq!(src, "7 | Zertifikat für Exchange");
        assert_eq!(under, "  |            ^^^");
    }

    #[test]
    fn tabs_keep_the_underline_aligned() {
        let (src, under) = carets("\tRealm\t= x", 2, 5);
        let col = |s: &str, pat: &str| s.find(pat).unwrap_or_else(|| panic!("{pat} in {s}"));
        assert!(!src.contains('\t'), "{src}");
        assert_eq!(col(&src, "Realm"), col(&under, "^^^^^"), "\n{src}\n{under}");
        assert_eq!(under.matches('^').count(), 5);
    }

    #[test]
    fn out_of_range_locations_do_not_panic() {
        for (line, column, len) in [("", 1, 0), ("ab", 9, 4), ("日本語", 2, 99), ("é", 0, 1)] {
            let (src, under) = carets(line, column, len);
            assert!(src.starts_with("7 |"), "{src}");
            assert!(under.contains('^'), "{under}");
        }
        assert_eq!(crate::report::span("ab", 9, 4), 2..2);
        assert_eq!(crate::report::span("日本語", 2, 1), 3..6);
    }

    #[test]
    fn colour_only_when_asked() {
        let report = Report {
            findings: vec![f(
                Severity::Error,
                Some(Location::new("x.txt", 1, 1, 1)),
                Some("abc"),
                Some("fix"),
            )],
            files: 1,
            ..Report::default()
        };
        let render_with = |color| {
            render(&ReportInput {
                report: &report,
                rules: &[],
                color,
                display: Default::default(),
            })
        };
        assert!(!render_with(false).contains('\x1b'));
        assert!(render_with(true).contains('\x1b'));
    }

    #[test]
    fn label_is_the_rules_summary() {
        let rule = RuleDescription {
            id: "tenant/spn-missing".to_string(),
            name: "SpnMissing".to_string(),
            severity: Severity::Error,
            summary: "the pool has no SPN".to_string(),
            explanation: "e".to_string(),
            fix: "f".to_string(),
            references: vec!["r".to_string()],
        };
        let report = Report {
            findings: vec![f(
                Severity::Error,
                Some(Location::new("x.txt", 1, 1, 3)),
                Some("abc"),
                None,
            )],
            files: 1,
            ..Report::default()
        };
        let out = render(&ReportInput {
            report: &report,
            rules: &[rule],
            color: false,
            display: Default::default(),
        });
        assert!(out.contains("  | ^^^ the pool has no SPN\n"), "{out}");
    }
}
