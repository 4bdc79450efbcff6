//! Error records as PowerShell prints them: the normal view (`X : message`, `At line:`, the echoed
//! line, `+ CategoryInfo`, `+ FullyQualifiedErrorId`), parser errors (starting at `At line:`),
//! PowerShell 7's concise view (`X: message`, or a `Line |` frame), and pipeline events.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::model::{ErrorKind, ErrorRecord, Location, shared_text};

static AT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^At (?:line:\d+|.+:\d+) char:\d+").expect("static regex"));
static HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z][\w.\\-]*) : (.*)$").expect("static regex"));
// Microsoft Graph's generated cmdlets name their parameter set after the command
// (`Update-MgServicePrincipal_UpdateExpanded: …`): the command is the part before `_`.
static CONCISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z]+-[A-Za-z0-9]+)(?:_[A-Za-z0-9]+)?: (.+)$").expect("static regex")
});
static CONCISE_FRAME_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z]+-[A-Za-z0-9]+)(?:_[A-Za-z0-9]+)?:\s*$").expect("static regex")
});
static EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:PS>)?(TerminatingError|NonTerminatingError)\(([^)]*)\): "(.*)"\s*$"#)
        .expect("static regex")
});
/// The pattern [`detail`] reads by hand (the test holds them equal).
#[cfg(test)]
static DETAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\+ (CategoryInfo|FullyQualifiedErrorId)\s*: ?(.*)$").expect("static regex")
});

// Every output line of a transcript is tried as the start of an error record, and nearly none
// is one: each pattern is tried only when a line has what every match of it starts with or holds
// (a necessary condition, so the answers are the pattern's own).

fn event(line: &str) -> Option<Captures<'_>> {
    let bare = line.strip_prefix("PS>").unwrap_or(line);
    (bare.starts_with("TerminatingError(") || bare.starts_with("NonTerminatingError("))
        .then(|| EVENT.captures(line))?
}

fn at_line(line: &str) -> bool {
    line.starts_with("At ") && AT_LINE.is_match(line)
}

fn starts_with_letter(line: &str) -> bool {
    line.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
}

/// What every match of `HEAD` starts with and holds.
fn may_be_head(line: &str) -> bool {
    starts_with_letter(line) && line.contains(" : ")
}

fn head(line: &str) -> Option<Captures<'_>> {
    may_be_head(line).then(|| HEAD.captures(line))?
}

/// Whether `head` finds a record's head on the line (without its captures).
fn is_head(line: &str) -> bool {
    may_be_head(line) && HEAD.is_match(line)
}

fn concise_frame_head(line: &str) -> Option<Captures<'_>> {
    (starts_with_letter(line) && line.contains('-') && line.contains(':'))
        .then(|| CONCISE_FRAME_HEAD.captures(line))?
}

fn concise(line: &str) -> Option<Captures<'_>> {
    (starts_with_letter(line) && line.contains('-') && line.contains(": "))
        .then(|| CONCISE.captures(line))?
}

/// A `+ CategoryInfo : value` or `+ FullyQualifiedErrorId : value` line, read by hand: every
/// failure prints two, and a pattern's captures cost more than the rest of the record.
/// `\s` in `DETAIL` and `trim_start` both mean Unicode's White_Space.
fn detail(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start().strip_prefix("+ ")?;
    let (name, after) = ["CategoryInfo", "FullyQualifiedErrorId"]
        .into_iter()
        .find_map(|name| rest.strip_prefix(name).map(|after| (name, after)))?;
    let after = after.trim_start().strip_prefix(':')?;
    Some((name, after.strip_prefix(' ').unwrap_or(after)))
}

fn detail_line(line: &str) -> bool {
    detail(line).is_some()
}

/// Windows PowerShell says "as the name of a cmdlet", PowerShell 7 "as a name of a cmdlet".
const NOT_RECOGNIZED: &str = "name of a cmdlet, function, script file";

/// Parses an error record starting at `lines[0]`; returns it and how many lines it used.
pub(super) fn parse(lines: &[(usize, &str)], path: &str) -> Option<(ErrorRecord, usize)> {
    let (line_no, first) = lines.first()?;
    // Made only for a record: nearly every output line is asked, and nearly none is one.
    let location = || {
        Location::new(
            path,
            *line_no as u32 + 1,
            1,
            first.trim_end().chars().count() as u32,
        )
    };
    if let Some(c) = event(first) {
        let kind = ErrorKind::PipelineEvent;
        let name = Some(c[2].to_string()).filter(|n| !n.is_empty());
        return Some((
            record(kind, name, c[3].to_string(), None, None, location()),
            1,
        ));
    }
    if at_line(first) {
        // A parser error: `At line:` first, the echoed line and squiggle, then the message.
        let mut message = Vec::new();
        let mut used = 1;
        for (_, l) in &lines[1..] {
            if detail_line(l) || l.trim().is_empty() {
                break;
            }
            if !l.starts_with('+') {
                message.push(l.trim().to_string());
            }
            used += 1;
        }
        let (category, fqid, used) = details(lines, used);
        let kind = if category
            .as_deref()
            .is_some_and(|c| c.starts_with("ParserError"))
        {
            ErrorKind::Parser
        } else {
            ErrorKind::Normal
        };
        return Some((
            record(kind, None, message.join(" "), category, fqid, location()),
            used,
        ));
    }
    if is_head(first) {
        // `Name : message` is also a Format-List line; it is an error only when `At` or the
        // `+ CategoryInfo` details follow before a blank line. Every line of a list is asked, so
        // the record is read (its captures, its message) only once that is confirmed.
        let mut used = 1;
        let mut confirmed = false;
        for (_, l) in lines[1..].iter().take(12) {
            if at_line(l) || detail_line(l) {
                confirmed = true;
                break;
            }
            if l.trim().is_empty() || is_head(l) {
                break;
            }
            used += 1;
        }
        if !confirmed {
            return None;
        }
        let c = head(first)?;
        let mut message = vec![c[2].trim().to_string()];
        message.extend(lines[1..used].iter().map(|(_, l)| l.trim().to_string()));
        // Skip `At …`, the echoed source line and the squiggle.
        while lines
            .get(used)
            .is_some_and(|(_, l)| at_line(l) || l.starts_with('+') && !detail_line(l))
        {
            used += 1;
        }
        let (category, fqid, used) = details(lines, used);
        let message = message.join(" ");
        let kind = if message.contains(NOT_RECOGNIZED)
            || fqid
                .as_deref()
                .is_some_and(|f| f.starts_with("CommandNotFoundException"))
        {
            ErrorKind::CommandNotFound
        } else if category
            .as_deref()
            .is_some_and(|c| c.starts_with("ParserError"))
        {
            ErrorKind::Parser
        } else {
            ErrorKind::Normal
        };
        let name = Some(c[1].to_string());
        return Some((
            record(kind, name, message, category, fqid, location()),
            used,
        ));
    }
    if let Some(c) = concise_frame_head(first) {
        // PowerShell 7 framed concise view: `Name:`, `Line |`, `   1 |  …`, `     |  ~~~`, `     | message`.
        let mut used = 1;
        let mut message = Vec::new();
        let mut framed = false;
        for (_, l) in &lines[1..] {
            let t = l.trim_start();
            if t.starts_with("Line |") {
                framed = true;
            } else if let Some(rest) = t.strip_prefix('|') {
                let rest = rest.trim();
                if !rest.chars().all(|ch| ch == '~' || ch == ' ') {
                    message.push(rest.to_string());
                }
            } else if t
                .split_once('|')
                .is_some_and(|(n, _)| n.trim().chars().all(|d| d.is_ascii_digit()))
            {
                // the echoed source line
            } else {
                break;
            }
            used += 1;
        }
        if framed {
            return Some((concise_record(&c[1], message.join(" "), location()), used));
        }
        return None;
    }
    if let Some(c) = concise(first) {
        return Some((
            concise_record(&c[1], c[2].trim().to_string(), location()),
            1,
        ));
    }
    None
}

/// Reads the `+ CategoryInfo` and `+ FullyQualifiedErrorId` lines (wrapped values continue on
/// deeper-indented lines).
fn details(lines: &[(usize, &str)], mut used: usize) -> (Option<String>, Option<String>, usize) {
    let mut category = None;
    let mut fqid = None;
    let mut last: Option<&mut Option<String>> = None;
    while let Some((_, l)) = lines.get(used) {
        if let Some((name, value)) = detail(l) {
            let slot = if name == "CategoryInfo" {
                &mut category
            } else {
                &mut fqid
            };
            *slot = Some(value.trim().to_string());
            last = Some(slot);
        } else if l.starts_with(' ') && !l.trim().is_empty() {
            // The console wraps long detail values onto indented continuation lines.
            if let Some(Some(v)) = last.as_deref_mut() {
                v.push_str(l.trim());
            }
        } else {
            break;
        }
        used += 1;
    }
    (category, fqid, used)
}

/// A record of PowerShell 7's concise view, for `command`: a command that does not exist, or
/// another error.
fn concise_record(command: &str, message: String, location: Location) -> ErrorRecord {
    let kind = if message.contains(NOT_RECOGNIZED) {
        ErrorKind::CommandNotFound
    } else {
        ErrorKind::Concise
    };
    record(
        kind,
        Some(command.to_string()),
        message,
        None,
        None,
        location,
    )
}

fn record(
    kind: ErrorKind,
    command_name: Option<String>,
    message: String,
    category: Option<String>,
    fqid: Option<String>,
    location: Location,
) -> ErrorRecord {
    ErrorRecord {
        kind,
        command_name: command_name.as_deref().map(shared_text),
        message,
        category: category.as_deref().map(shared_text),
        fully_qualified_error_id: fqid.as_deref().map(shared_text),
        command: None,
        location,
        file: 0,
        order: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Vec<(usize, &str)> {
        s.lines().enumerate().collect()
    }

    #[test]
    fn normal_view_with_wrapped_message() {
        let t = l(
            "New-MsolServicePrincipalCredential : Invalid value for parameter.  Parameter name:\nCredential.EndDate.\nAt line:1 char:1\n+ New-MsolServicePrincipalCredential -AppPrincipalId 0000 ...\n+ ~~~~~~~~~~~\n    + CategoryInfo          : OperationStopped: (:) [New-MsolServicePrincipalCredential], MicrosoftOnlineException\n    + FullyQualifiedErrorId : Microsoft.Online.Administration.Automation.InvalidParameterException,Microsoft.Online.Admin\n   istration.Automation.NewServicePrincipalCredential\n\nnext",
        );
        let (e, used) = parse(&t, "t").expect("error record");
        assert_eq!(used, 8);
        assert_eq!(e.kind, ErrorKind::Normal);
        assert_eq!(
            e.command_name.as_deref(),
            Some("New-MsolServicePrincipalCredential")
        );
        assert_eq!(
            e.message,
            "Invalid value for parameter.  Parameter name: Credential.EndDate."
        );
        assert!(e.fully_qualified_error_id.as_deref().is_some_and(|f| {
            f.ends_with("Administration.Automation.NewServicePrincipalCredential")
        }));
    }

    #[test]
    fn command_not_found_and_parser_error() {
        let t = l(
            "Connect-MsolService : The term 'Connect-MsolService' is not recognized as the name of a cmdlet, function, script file, or operable program.\nAt line:1 char:1\n+ Connect-MsolService\n+ ~~~~~~~~~~~~~~~~~~~\n    + CategoryInfo          : ObjectNotFound: (Connect-MsolService:String) [], CommandNotFoundException\n    + FullyQualifiedErrorId : CommandNotFoundException",
        );
        assert_eq!(
            parse(&t, "t").expect("record").0.kind,
            ErrorKind::CommandNotFound
        );
        let p = l(
            "At line:1 char:48\n+ \".\\Configure-EnterprisePartnerApplication.ps1\" -AuthMetadataUrl https ...\n+                                                ~~~~~~~~~~~~~~~~\nUnexpected token '-AuthMetadataUrl' in expression or statement.\n    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException\n    + FullyQualifiedErrorId : UnexpectedToken",
        );
        let (e, used) = parse(&p, "t").expect("record");
        assert_eq!((e.kind, used), (ErrorKind::Parser, 6));
        assert_eq!(
            e.message,
            "Unexpected token '-AuthMetadataUrl' in expression or statement."
        );
    }

    #[test]
    fn format_list_line_is_not_an_error() {
        assert!(parse(&l("AccountEnabled : False\nDisplayName : x"), "t").is_none());
    }

    #[test]
    fn concise_views() {
        let (e, _) = parse(&l("Update-MgServicePrincipal: Cannot convert the literal 'MIID' to the expected type 'Edm.Binary'."), "t").expect("record");
        assert_eq!(e.kind, ErrorKind::Concise);
        let framed = l(
            "Connect-MsolService:\nLine |\n   1 |  Connect-MsolService\n     |  ~~~~~~~~~~~~~~~~~~~\n     | The term 'Connect-MsolService' is not recognized as the name of a cmdlet, function, script file, or operable program.",
        );
        let (e, used) = parse(&framed, "t").expect("record");
        assert_eq!((e.kind, used), (ErrorKind::CommandNotFound, 5));
    }
}

#[cfg(test)]
mod wording_tests {
    use super::*;

    #[test]
    fn powershell_7_command_not_found_wording() {
        let t = vec![(
            0,
            "Connect-MsolService: The term 'Connect-MsolService' is not recognized as a name of a cmdlet, function, script file, or executable program.",
        )];
        assert_eq!(
            parse(&t, "t").expect("record").0.kind,
            ErrorKind::CommandNotFound
        );
    }

    /// The guards before each pattern are conditions every match meets: over every line of the
    /// fixtures and fuzz corpora (and variations), each guarded reader answers as its pattern.
    #[test]
    fn the_guards_never_turn_a_match_away() {
        let mut lines: Vec<String> = [
            "PS>TerminatingError(New-X): \"boom\"",
            "NonTerminatingError(): \"x\"",
            "At line:1 char:1",
            "At C:\\a.ps1:3 char:9",
            "Get-Thing : it failed",
            "Get-Thing_Err:",
            "Get-Thing: failed",
            "\u{a0}\u{2003}+ CategoryInfo : x",
            "    + FullyQualifiedErrorId : y",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        lines.extend(super::super::test_lines::corpus_lines());
        let spans = |c: Option<Captures<'_>>| {
            c.map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
        };
        let mut matched = 0;
        for line in &lines {
            for l in [line.clone(), line.trim().to_string(), format!("PS>{line}")] {
                let pairs = [
                    (spans(event(&l)), spans(EVENT.captures(&l))),
                    (spans(head(&l)), spans(HEAD.captures(&l))),
                    (spans(concise(&l)), spans(CONCISE.captures(&l))),
                    (
                        spans(concise_frame_head(&l)),
                        spans(CONCISE_FRAME_HEAD.captures(&l)),
                    ),
                ];
                for (guarded, pattern) in pairs {
                    matched += usize::from(pattern.is_some());
                    assert_eq!(guarded, pattern, "{l:?}");
                }
                assert_eq!(at_line(&l), AT_LINE.is_match(&l), "{l:?}");
                assert_eq!(detail_line(&l), DETAIL.is_match(&l), "{l:?}");
                let by_pattern = DETAIL.captures(&l).map(|c| {
                    matched += 1;
                    (c.get(1).map(|m| m.as_str()), c.get(2).map(|m| m.as_str()))
                });
                let by_hand = detail(&l).map(|(name, value)| (Some(name), Some(value)));
                assert_eq!(by_hand, by_pattern, "{l:?}");
            }
        }
        assert!(matched > 500, "{matched}");
    }
}
