//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding,
//! with `file`, `line`, `col`, `endColumn` and `title` properties, which GitHub shows as
//! annotations on the pull request's diff. Then a plain summary line for the log.
//!
//! Escaping follows the Actions toolkit (`@actions/core`, `command.ts`): in the message `%`,
//! `\r` and `\n` become `%25`, `%0D` and `%0A`; in property values also `:` and `,` become
//! `%3A` and `%2C`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use super::ReportInput;
use super::ci_command_text::{self, Part};
use crate::findings::{Finding, Severity};

/// The report as one string (see [`write`]).
pub fn render(input: &ReportInput) -> String {
    super::in_pieces::to_string(|sink| write(input, sink))
}

/// Writes the report to `sink`, a few commands at a time ([`super::in_pieces`]).
pub fn write(input: &ReportInput, sink: &mut dyn io::Write) -> io::Result<()> {
    let mut out = String::new();
    for f in &input.report.findings {
        push_command(&mut out, f);
        out.push('\n');
        super::in_pieces::pass_on_when_full(&mut out, sink)?;
    }
    let r = input.report;
    let _ = writeln!(
        out,
        "hybridlint: {} error(s), {} warning(s), {} info in {} file(s)",
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info),
        r.files
    );
    sink.write_all(out.as_bytes())
}

/// One finding as a workflow command.
pub fn command(f: &Finding) -> String {
    let mut out = String::new();
    push_command(&mut out, f);
    out
}

/// Appends one finding's workflow command to `out`, escaping each part as it is copied: building
/// each property and the message apart, then escaping them with one `replace` per character,
/// made every finding cost a dozen strings.
fn push_command(out: &mut String, f: &Finding) {
    let name = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    out.push_str("::");
    out.push_str(name);
    out.push(' ');
    if let Some(l) = &f.location {
        // Relative to the workspace, as GitHub expects: `./x` and `x` are the same file.
        let path = if l.path.contains('\\') {
            Cow::Owned(l.path.replace('\\', "/"))
        } else {
            Cow::Borrowed(l.path.as_str())
        };
        out.push_str("file=");
        push_escaped(out, path.trim_start_matches("./"), Part::Property);
        if !l.is_whole_file() {
            // Numbers need no escape.
            let _ = write!(out, ",line={}", l.line);
            if l.column > 0 {
                let _ = write!(out, ",col={}", l.column);
                if l.len > 0 {
                    let _ = write!(out, ",endColumn={}", l.column.saturating_add(l.len));
                }
            }
        }
        out.push(',');
    }
    out.push_str("title=hybridlint ");
    push_escaped(out, &f.rule, Part::Property);
    out.push_str("::");
    push_escaped(out, &f.message, Part::Message);
    if !f.related.is_empty() {
        push_escaped(out, &super::related_suffix(f), Part::Message);
    }
    if let Some(fix) = f
        .fix
        .as_deref()
        .map(str::trim_end)
        .filter(|x| !x.is_empty())
    {
        // `%0A` is the message's escaped line break.
        out.push_str("%0Afix: ");
        push_escaped(out, fix, Part::Message);
    }
    out.push_str("%0Ahelp: run `hybridlint explain ");
    push_escaped(out, &f.rule, Part::Message);
    out.push('`');
}

/// GitHub's workflow-command escapes (`::error …::`).
fn escape(b: u8, part: Part) -> Option<&'static str> {
    Some(match b {
        b'%' => "%25",
        b'\r' => "%0D",
        b'\n' => "%0A",
        b':' if part == Part::Property => "%3A",
        b',' if part == Part::Property => "%2C",
        _ => return None,
    })
}

/// Appends `s` escaped for `part`.
fn push_escaped(out: &mut String, s: &str, part: Part) {
    ci_command_text::push_escaped(out, s, part, escape);
}

/// Escapes a command's message.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s, Part::Message);
    out
}

/// Escapes a property value.
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s, Part::Property);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;
    use crate::run_report::Report;

    /// A message is searched for the bytes every system escapes in one ([`ci_command_text`]):
    /// GitHub must escape those and no other.
    #[test]
    fn a_message_escapes_only_the_bytes_searched_for() {
        assert!(ci_command_text::escapes_in_a_message_are_the_three(escape));
    }

    fn f(location: Option<Location>, severity: Severity) -> Finding {
        Finding {
            related: Vec::new(),
            subject: None,
            rule: "tenant/spn-missing".into(),
            severity,
            message: "100% wrong: a, b\r\nnext".into(),
            location,
            fix: Some("Set-X -A 1\n".into()),
            source_line: None,
        }
    }

    /// A command as the first writer built it (each part apart, escaped by `replace`): the
    /// reference for the one written in place.
    fn reference_command(f: &Finding) -> String {
        let data = |s: &str| {
            s.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
        let name = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties: Vec<(&str, String)> = Vec::new();
        if let Some(l) = &f.location {
            let path = l.path.replace('\\', "/");
            properties.push(("file", path.trim_start_matches("./").to_string()));
            if !l.is_whole_file() {
                properties.push(("line", l.line.to_string()));
                if l.column > 0 {
                    properties.push(("col", l.column.to_string()));
                    if l.len > 0 {
                        properties.push(("endColumn", l.column.saturating_add(l.len).to_string()));
                    }
                }
            }
        }
        properties.push(("title", format!("hybridlint {}", f.rule)));
        let properties: Vec<String> = properties
            .into_iter()
            .map(|(k, v)| format!("{k}={}", property(&v)))
            .collect();
        let mut message = format!("{}{}", f.message, crate::report::related_suffix(f));
        if let Some(fix) = f
            .fix
            .as_deref()
            .map(str::trim_end)
            .filter(|x| !x.is_empty())
        {
            message.push_str(&format!("\nfix: {fix}"));
        }
        message.push_str(&format!("\nhelp: run `hybridlint explain {}`", f.rule));
        format!("::{name} {}::{}", properties.join(","), data(&message))
    }

    #[test]
    fn commands_are_written_as_the_reference_builds_them() {
        let texts = [
            "",
            "plain",
            "100% sure: a, b\r\nnext\n",
            "%%,,::\r\r\n\n",
            "ünïcödé — “quotes”: 𝄞, %",
            "trailing  \n\t ",
        ];
        let paths = [
            "a.ps1",
            "./././x/run,1:a.txt",
            ".\\logs\\run 1.txt",
            "C:\\Zertifikat-für%.cer",
        ];
        let mut checked = 0;
        for (i, text) in texts.iter().enumerate() {
            for (j, path) in paths.iter().enumerate() {
                let location = match (i + j) % 4 {
                    0 => None,
                    1 => Some(Location::file(*path)),
                    2 => Some(Location::new(*path, 3, 7, 4)),
                    _ => Some(Location::new(*path, 12, (j % 2) as u32, 0)),
                };
                let mut finding = f(
                    location,
                    [Severity::Error, Severity::Warning, Severity::Info][j % 3],
                );
                finding.message = text.to_string();
                finding.rule =
                    format!("area/rule-{j}{}", if i % 2 == 0 { "" } else { ":x,y" }).into();
                finding.fix = match (i + j) % 3 {
                    0 => None,
                    1 => Some(format!("fix {text}")),
                    _ => Some(" \n".to_string()),
                };
                if i % 3 == 1 {
                    finding.related = vec![crate::findings::Related {
                        location: Location::new(*path, 2, 1, 9),
                        message: text.to_string(),
                        source_line: None,
                    }];
                }
                assert_eq!(
                    command(&finding),
                    reference_command(&finding),
                    "{finding:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, texts.len() * paths.len());
    }

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
    }

    #[test]
    fn commands_carry_location_and_title() {
        let c = command(&f(
            Some(Location::new("logs\\run,1:a.txt", 12, 5, 3)),
            Severity::Error,
        ));
        assert_eq!(
            c,
            "::error file=logs/run%2C1%3Aa.txt,line=12,col=5,endColumn=8,title=hybridlint tenant/spn-missing::100%25 wrong: a, b%0D%0Anext%0Afix: Set-X -A 1%0Ahelp: run `hybridlint explain tenant/spn-missing`"
        );
        let whole = command(&f(Some(Location::file("a.cer")), Severity::Warning));
        assert!(whole.starts_with("::warning file=a.cer,title="), "{whole}");
        let nowhere = command(&f(None, Severity::Info));
        assert!(nowhere.starts_with("::notice title="), "{nowhere}");
        assert!(!c.contains('\n'));
    }

    #[test]
    fn one_line_per_finding_then_a_summary() {
        let report = Report {
            findings: vec![f(None, Severity::Info), f(None, Severity::Error)],
            files: 2,
            ..Report::default()
        };
        let out = render(&ReportInput {
            report: &report,
            rules: &[],
            color: false,
            display: Default::default(),
        });
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[2],
            "hybridlint: 1 error(s), 0 warning(s), 1 info in 2 file(s)"
        );
    }
}
