//! Azure Pipelines logging commands: one `##vso[task.logissue …]` line per error or warning, which
//! the pipeline shows as issues on the run and its summary, then a plain summary line. Info
//! findings have no issue type in Azure Pipelines (only `error` and `warning` exist), so they are
//! plain log lines.
//!
//! Shape and escaping as documented ("Logging commands", learn.microsoft.com/azure/devops/
//! pipelines/scripts/logging-commands) and done by azure-pipelines-task-lib: in the message `%`,
//! `\r` and `\n` become `%AZP25`, `%0D` and `%0A`; in property values also `;` and `]` become
//! `%3B` and `%5D`.

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
    let _ = writeln!(out, "hybridlint: {}", super::human::summary(input));
    sink.write_all(out.as_bytes())
}

/// One finding as a logging command (or, for info, a plain line).
pub fn command(f: &Finding) -> String {
    let mut out = String::new();
    push_command(&mut out, f);
    out
}

/// Appends one finding's logging command to `out`, escaping each part as it is copied rather
/// than building and escaping (one `replace` per character) a string for each.
fn push_command(out: &mut String, f: &Finding) {
    let kind = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => {
            out.push_str("hybridlint info: ");
            out.push_str(&super::concise::line(f));
            return;
        }
    };
    out.push_str("##vso[task.logissue type=");
    out.push_str(kind);
    out.push(';');
    if let Some(l) = &f.location {
        let path = if l.path.contains('\\') {
            Cow::Owned(l.path.replace('\\', "/"))
        } else {
            Cow::Borrowed(l.path.as_str())
        };
        out.push_str("sourcepath=");
        push_escaped(out, &path, Part::Property);
        out.push(';');
        if !l.is_whole_file() {
            // Numbers need no escape.
            let _ = write!(out, "linenumber={};", l.line);
            if l.column > 0 {
                let _ = write!(out, "columnnumber={};", l.column);
            }
        }
    }
    out.push_str("code=");
    push_escaped(out, &f.rule, Part::Property);
    out.push_str(";][");
    push_escaped(out, &f.rule, Part::Message);
    out.push_str("] ");
    push_escaped(out, &f.message, Part::Message);
    if !f.related.is_empty() {
        push_escaped(out, &super::related_suffix(f), Part::Message);
    }
}

/// Azure Pipelines' escapes (`##vso[…]`).
fn escape(b: u8, part: Part) -> Option<&'static str> {
    Some(match b {
        b'%' => "%AZP25",
        b'\r' => "%0D",
        b'\n' => "%0A",
        b';' if part == Part::Property => "%3B",
        b']' if part == Part::Property => "%5D",
        _ => return None,
    })
}

/// Appends `s` escaped for `part`.
fn push_escaped(out: &mut String, s: &str, part: Part) {
    ci_command_text::push_escaped(out, s, part, escape);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    /// A message is searched for the bytes every system escapes in one ([`ci_command_text`]):
    /// Azure Pipelines must escape those and no other.
    #[test]
    fn a_message_escapes_only_the_bytes_searched_for() {
        assert!(ci_command_text::escapes_in_a_message_are_the_three(escape));
    }

    /// A command as the first writer built it (each part apart, escaped by `replace`): the
    /// reference for the one written in place.
    fn reference_command(f: &Finding) -> String {
        let message = |s: &str| {
            s.replace('%', "%AZP25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let property = |s: &str| message(s).replace(';', "%3B").replace(']', "%5D");
        let kind = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => {
                return format!("hybridlint info: {}", super::super::concise::line(f));
            }
        };
        let mut properties = vec![("type", kind.to_string())];
        if let Some(l) = &f.location {
            properties.push(("sourcepath", l.path.replace('\\', "/")));
            if !l.is_whole_file() {
                properties.push(("linenumber", l.line.to_string()));
                if l.column > 0 {
                    properties.push(("columnnumber", l.column.to_string()));
                }
            }
        }
        properties.push(("code", f.rule.to_string()));
        let properties: String = properties
            .into_iter()
            .map(|(k, v)| format!("{k}={};", property(&v)))
            .collect();
        format!(
            "##vso[task.logissue {properties}]{}",
            message(&format!(
                "[{}] {}{}",
                f.rule,
                f.message,
                crate::report::related_suffix(f)
            ))
        )
    }

    #[test]
    fn commands_are_written_as_the_reference_builds_them() {
        let texts = [
            "",
            "plain",
            "100% wrong;\r\nreally] %AZP25",
            "ünïcödé; “]” 𝄞 %",
        ];
        let paths = ["a.ps1", "dir\\a;b].txt", "C:\\Zertifikat-für%.cer"];
        let mut checked = 0;
        for (i, text) in texts.iter().enumerate() {
            for (j, path) in paths.iter().enumerate() {
                let f = Finding {
                    related: if (i + j) % 2 == 0 {
                        Vec::new()
                    } else {
                        vec![crate::findings::Related {
                            location: Location::new(*path, 2, 1, 9),
                            message: text.to_string(),
                            source_line: None,
                        }]
                    },
                    subject: None,
                    rule: format!("area/rule;{j}]").into(),
                    severity: [Severity::Error, Severity::Warning, Severity::Info][(i + j) % 3],
                    message: text.to_string(),
                    location: match (i + j) % 4 {
                        0 => None,
                        1 => Some(Location::file(*path)),
                        2 => Some(Location::new(*path, 3, 7, 4)),
                        _ => Some(Location::new(*path, 12, 0, 0)),
                    },
                    fix: None,
                    source_line: None,
                };
                assert_eq!(command(&f), reference_command(&f), "{f:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, texts.len() * paths.len());
    }

    #[test]
    fn properties_and_message_are_escaped() {
        let f = Finding {
            related: Vec::new(),
            subject: None,
            rule: "guid/truncated".into(),
            severity: Severity::Error,
            message: "100% wrong;\nreally]".into(),
            location: Some(Location::new("dir/a;b].txt", 3, 4, 1)),
            fix: None,
            source_line: None,
        };
        assert_eq!(
            command(&f),
            "##vso[task.logissue type=error;sourcepath=dir/a%3Bb%5D.txt;linenumber=3;columnnumber=4;code=guid/truncated;][guid/truncated] 100%AZP25 wrong;%0Areally]"
        );
    }
}
