//! JUnit XML for CI test tabs (Azure DevOps, Jenkins, GitLab): one test suite per file, one test
//! case per rule and file. A finding at or above `--fail-on` is a `<failure>` carrying its
//! message and location (and fix); one below is listed in the case's `<system-out>` and does not
//! fail it. Every rule that ran is a case for every evidence file, so passes are counted too; a
//! selected rule that could not run (a probe rule without probes) is a `<skipped/>` case, not a
//! pass.
//! Valid against the Jenkins JUnit schema (see tests/junit_schema.rs).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

use super::ReportInput;
use crate::findings::Finding;

/// The suite name for findings that name no file.
const NO_FILE: &str = "(no file)";

/// The report as one string (see [`write`]).
pub fn render(input: &ReportInput) -> String {
    super::in_pieces::to_string(|sink| write(input, sink))
}

/// Writes the report to `sink`, a few test cases at a time ([`super::in_pieces`]).
pub fn write(input: &ReportInput, sink: &mut dyn io::Write) -> io::Result<()> {
    let report = input.report;
    // path -> rule -> findings; BTreeMaps keep suites and cases in a stable order.
    let mut suites: BTreeMap<&str, BTreeMap<&str, Vec<&Finding>>> = BTreeMap::new();
    // path -> rule -> why it could not run.
    let mut skipped: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for path in &report.paths {
        let cases = suites.entry(path.as_str()).or_default();
        for rule in &report.rules_run {
            cases.entry(rule.as_str()).or_default();
        }
        for n in &report.rules_not_run {
            skipped
                .entry(path.as_str())
                .or_default()
                .insert(n.rule.as_str(), n.reason.as_str());
        }
    }
    for f in &report.findings {
        let path = f.location.as_ref().map_or(NO_FILE, |l| l.path.as_str());
        suites
            .entry(path)
            .or_default()
            .entry(f.rule.as_str())
            .or_default()
            .push(f);
    }
    let failed = |findings: &[&Finding]| findings.iter().any(|f| report.fails(f));
    let total_skipped: usize = skipped.values().map(BTreeMap::len).sum();
    let total: usize = suites.values().map(BTreeMap::len).sum::<usize>() + total_skipped;
    let total_failed: usize = suites
        .values()
        .flat_map(BTreeMap::values)
        .filter(|f| failed(f))
        .count();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"hybridlint\" tests=\"{total}\" failures=\"{total_failed}\" errors=\"0\">"
    );
    let no_skips = BTreeMap::new();
    for (path, cases) in &suites {
        let suite_failed = cases.values().filter(|f| failed(f)).count();
        let suite_skipped = skipped.get(path).unwrap_or(&no_skips);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failed}\" errors=\"0\" skipped=\"{}\">",
            escape(path, true),
            cases.len() + suite_skipped.len(),
            suite_skipped.len()
        );
        for (rule, findings) in cases {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(path, true),
                escape(rule, true)
            );
            if findings.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            let (failing, passing): (Vec<&Finding>, Vec<&Finding>) =
                findings.iter().partition(|f| report.fails(f));
            for f in &failing {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    f.severity,
                    escape(&f.message, true),
                    escape(&details(f), false)
                );
            }
            if !passing.is_empty() {
                let text: Vec<String> = passing.iter().map(|f| details(f)).collect();
                let _ = writeln!(
                    out,
                    "      <system-out>{}</system-out>",
                    escape(&text.join("\n"), false)
                );
            }
            out.push_str("    </testcase>\n");
            super::in_pieces::pass_on_when_full(&mut out, sink)?;
        }
        for (rule, reason) in suite_skipped {
            let _ = writeln!(
                out,
                // The Jenkins schema's <skipped> takes text, not a `message` attribute.
                "    <testcase classname=\"{}\" name=\"{}\">\n      <skipped>{}</skipped>\n    </testcase>",
                escape(path, true),
                escape(rule, true),
                escape(reason, false)
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    sink.write_all(out.as_bytes())
}

/// `path:line:column: severity[rule]: message`, then the fix and the explain hint.
fn details(f: &Finding) -> String {
    let at = match &f.location {
        Some(l) if l.is_whole_file() => format!("{}: ", l.path),
        Some(l) => format!("{}:{}:{}: ", l.path, l.line, l.column),
        None => String::new(),
    };
    let mut s = format!("{at}{}[{}]: {}", f.severity, f.rule, f.message);
    // The other places the finding is about, one line each.
    for r in &f.related {
        let l = &r.location;
        if l.is_whole_file() {
            let _ = write!(s, "\nsee also {}: {}", l.path, r.message);
        } else {
            let _ = write!(
                s,
                "\nsee also {}:{}:{}: {}",
                l.path, l.line, l.column, r.message
            );
        }
    }
    if let Some(fix) = f
        .fix
        .as_deref()
        .map(str::trim_end)
        .filter(|x| !x.is_empty())
    {
        let _ = write!(s, "\nfix: {fix}");
    }
    let _ = write!(s, "\nhelp: run `hybridlint explain {}`", f.rule);
    s
}

/// XML-escapes text; in attributes also quotes and line breaks (kept as character references, so
/// a multi-line message survives attribute normalisation). Characters XML 1.0 forbids become U+FFFD.
/// The text between the bytes that need it is copied in runs: every message and fix passes here.
fn escape(s: &str, attribute: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let table = if attribute {
        &MAY_ESCAPE_IN_ATTRIBUTE
    } else {
        &MAY_ESCAPE_IN_TEXT
    };
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Past the bytes that never change, one table lookup each: a failing folder's messages
        // and fixes are megabytes, and matching every byte was most of writing the report.
        if !table[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let (replacement, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attribute => ("&quot;", 1),
            b'\n' if attribute => ("&#10;", 1),
            b'\r' => ("&#13;", 1),
            b'\t' if attribute => ("&#9;", 1),
            b'\t' | b'\n' => ("", 0),
            0..=0x1F => ("\u{FFFD}", 1),
            // U+FFFE and U+FFFF, in UTF-8.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                ("\u{FFFD}", 3)
            }
            _ => ("", 0),
        };
        if width == 0 {
            i += 1;
            continue;
        }
        // `i` starts a character (an ASCII byte, or the lead byte of U+FFFE/U+FFFF).
        out.push_str(s.get(copied..i).unwrap_or_default());
        out.push_str(replacement);
        i += width;
        copied = i;
    }
    out.push_str(s.get(copied..).unwrap_or_default());
    out
}

/// The bytes `escape` may replace: the ones its `match` names, for text and for attributes.
/// (In text, tab and line feed are kept; 0xEF leads U+FFFE and U+FFFF, and other characters.)
static MAY_ESCAPE_IN_TEXT: [bool; 256] = may_escape(false);
static MAY_ESCAPE_IN_ATTRIBUTE: [bool; 256] = may_escape(true);

const fn may_escape(attribute: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = attribute || (b != b'\t' as usize && b != b'\n' as usize);
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = attribute;
    table[0xEF] = true;
    table
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// `escape` one character at a time, as it was written first.
    fn escape_by_characters(s: &str, attribute: bool) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' if attribute => out.push_str("&quot;"),
                '\n' if attribute => out.push_str("&#10;"),
                '\r' => out.push_str("&#13;"),
                '\t' if attribute => out.push_str("&#9;"),
                '\t' | '\n' => out.push(c),
                c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                    out.push('\u{FFFD}')
                }
                c => out.push(c),
            }
        }
        out
    }

    proptest! {
        /// Copying runs escapes exactly what the character walk escapes.
        #[test]
        fn escaping_in_runs_is_the_character_walk(
            s in "([ -~]|[\u{0}-\u{1f}]|[\u{fffd}-\u{ffff}]|[é€日\u{1f600}\u{efbf}]){0,40}",
            attribute in any::<bool>(),
        ) {
            prop_assert_eq!(escape(&s, attribute), escape_by_characters(&s, attribute));
        }
    }

    use crate::findings::Severity;
    use crate::model::Location;
    use crate::run_report::Report;

    fn f(rule: &str, severity: Severity, path: Option<&str>, message: &str) -> Finding {
        Finding {
            related: Vec::new(),
            subject: None,
            rule: rule.into(),
            severity,
            message: message.into(),
            location: path.map(|p| Location::new(p, 3, 7, 2)),
            fix: Some("Do <this> & that".into()),
            source_line: None,
        }
    }

    fn render_report(report: &Report) -> String {
        render(&ReportInput {
            report,
            rules: &[],
            color: false,
            display: Default::default(),
        })
    }

    #[test]
    fn cases_per_rule_and_file_with_failures_at_the_threshold() {
        let report = Report {
            findings: vec![
                f(
                    "a/x",
                    Severity::Error,
                    Some("one.ps1"),
                    "bad \"quote\"\nline two",
                ),
                f("a/x", Severity::Error, Some("one.ps1"), "again"),
                f("a/y", Severity::Info, Some("one.ps1"), "just so you know"),
                f("a/x", Severity::Warning, None, "nowhere"),
            ],
            paths: vec!["one.ps1".into(), "two.cer".into()],
            rules_run: vec!["a/x".into(), "a/y".into()],
            fail_on: Some(Severity::Warning),
            ..Report::default()
        };
        let xml = render_report(&report);
        assert!(
            xml.contains(
                "<testsuites name=\"hybridlint\" tests=\"5\" failures=\"2\" errors=\"0\">"
            ),
            "{xml}"
        );
        assert!(xml.contains("<testsuite name=\"two.cer\" tests=\"2\" failures=\"0\""));
        assert!(xml.contains("<testcase classname=\"two.cer\" name=\"a/x\"/>"));
        assert_eq!(xml.matches("<failure ").count(), 3, "{xml}");
        assert!(
            xml.contains("message=\"bad &quot;quote&quot;&#10;line two\""),
            "{xml}"
        );
        assert!(xml.contains(">one.ps1:3:7: error[a/x]: again\nfix: Do &lt;this&gt; &amp; that\n"));
        assert!(xml.contains("<system-out>one.ps1:3:7: info[a/y]: just so you know"));
        assert!(xml.contains("<testsuite name=\"(no file)\" tests=\"1\" failures=\"1\""));
    }

    #[test]
    fn nothing_fails_with_fail_on_never() {
        let report = Report {
            findings: vec![f("a/x", Severity::Error, Some("one.ps1"), "m")],
            ..Report::default()
        };
        let xml = render_report(&report);
        assert!(xml.contains("failures=\"0\""), "{xml}");
        assert!(!xml.contains("<failure"), "{xml}");
    }

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(escape("a\u{1}b\u{1b}", false), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(escape("t\tn\n", true), "t&#9;n&#10;");
    }
}
