//! Files written in another language, and the PowerShell inside Markdown. A Python or shell
//! script that builds PowerShell (a generator, a test harness) holds cmdlet names at the start of
//! its lines, yet PowerShell never runs it: read as a script, it gave parse errors and findings
//! about values that are Python's. Such files are recognised by their name or their shebang and
//! not read as evidence. A Markdown runbook is different: its `powershell` code blocks are what
//! an administrator copies into a shell, so they are read as a script in place (the other lines
//! left empty, so line numbers stay the file's own).

use std::borrow::Cow;

/// Extensions of source and markup files in other languages: never PowerShell, whatever they
/// mention. Text-like names (`.txt`, `.log`) and PowerShell's own stay out of this list.
const FOREIGN_EXTENSIONS: &[&str] = &[
    ".py", ".pyw", ".sh", ".bash", ".zsh", ".ksh", ".fish", ".bat", ".cmd", ".vbs", ".js", ".mjs",
    ".cjs", ".ts", ".rb", ".pl", ".pm", ".php", ".go", ".rs", ".c", ".h", ".cc", ".cpp", ".hpp",
    ".java", ".kt", ".cs", ".fs", ".vb", ".swift", ".scala", ".lua", ".r", ".sql", ".html", ".htm",
    ".css", ".toml", ".ini", ".yml", ".yaml", ".tf", ".bicep", ".rst", ".adoc", ".tex",
];

/// Interpreters a shebang may name that are PowerShell.
const POWERSHELL_INTERPRETERS: &[&str] = &["pwsh", "pwsh-preview", "powershell"];

/// True for a file in another language: by its extension, or by a shebang on its first line
/// naming an interpreter that is not PowerShell (`#!/usr/bin/env python3`, `#!/bin/sh`).
pub fn is_foreign_source(path: &str, first_line: Option<&str>) -> bool {
    let lower = path.to_ascii_lowercase();
    if FOREIGN_EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
        return true;
    }
    first_line
        .and_then(|l| l.trim_start_matches('\u{feff}').strip_prefix("#!"))
        .is_some_and(|shebang| !names_powershell(shebang))
}

/// Whether a shebang's command runs PowerShell: its program, or with `env` the program after it.
fn names_powershell(shebang: &str) -> bool {
    let mut words = shebang.split_whitespace();
    let Some(program) = words.next().map(base_name) else {
        return false;
    };
    let program = if program == "env" {
        // `env -S pwsh -NoProfile`: options before the program are skipped.
        match words.find(|w| !w.starts_with('-')) {
            Some(p) => base_name(p),
            None => return false,
        }
    } else {
        program
    };
    let program = program.to_ascii_lowercase();
    let program = program.strip_suffix(".exe").unwrap_or(&program);
    POWERSHELL_INTERPRETERS.contains(&program)
}

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// True for a Markdown file, by its name.
pub fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Info strings of fenced code blocks that hold PowerShell.
const POWERSHELL_FENCES: &[&str] = &["powershell", "pwsh", "ps1", "ps", "posh"];

/// The lines of a Markdown file with everything but the PowerShell code blocks emptied, or
/// `None` when it has none. Inside a block, what a page shows beside the commands is emptied
/// too (`Format-List` output such as `ExternalUrl    : https://…`, a table's `----` rule) and a
/// prompt (`PS C:\> `) becomes spaces, so columns stay the file's.
///
/// Fences follow CommonMark: three or more backticks or tildes, up to three spaces of indent,
/// closed by a fence of the same character at least as long; the first word of the info string
/// names the language (`powershell`, `PowerShell`, `pwsh`, `ps1`). Untagged blocks stay out:
/// they are as often output or another shell as PowerShell.
pub fn powershell_blocks<'a>(lines: &[&'a str]) -> Option<Vec<Cow<'a, str>>> {
    let mut kept = Vec::with_capacity(lines.len());
    let mut open: Option<(char, usize, bool)> = None;
    let mut any = false;
    for line in lines {
        let fence = fence_of(line);
        match (open, fence) {
            (None, Some((ch, len, info))) => {
                let powershell = info
                    .split_whitespace()
                    .next()
                    .map(|w| w.trim_start_matches('{').trim_start_matches('.'))
                    .is_some_and(|w| POWERSHELL_FENCES.iter().any(|p| w.eq_ignore_ascii_case(p)));
                open = Some((ch, len, powershell));
                kept.push(Cow::Borrowed(""));
            }
            (Some((ch, len, _)), Some((c, l, info))) if c == ch && l >= len && info.is_empty() => {
                open = None;
                kept.push(Cow::Borrowed(""));
            }
            (Some((_, _, true)), _) => {
                any = true;
                kept.push(code_of(line));
            }
            _ => kept.push(Cow::Borrowed("")),
        }
    }
    any.then_some(kept)
}

/// A line of a PowerShell block as PowerShell would be given it: printed output emptied, a
/// prompt replaced by as many spaces.
fn code_of(line: &str) -> Cow<'_, str> {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("PS ")
        && let Some(end) = rest.find("> ")
        && !rest[..end].contains(['"', '\'', '|'])
    {
        let prompt = line.len() - trimmed.len() + 3 + end + 2;
        let spaces = line[..prompt].chars().count();
        return Cow::Owned(format!("{}{}", " ".repeat(spaces), &line[prompt..]));
    }
    if is_printed_output(trimmed) {
        return Cow::Borrowed("");
    }
    Cow::Borrowed(line)
}

/// `Name      : value` (a `Format-List` line: a bare name, spaces, then the colon) or a table's
/// `----  -----` rule: output, which no PowerShell statement looks like.
fn is_printed_output(trimmed: &str) -> bool {
    if trimmed.len() >= 3 && trimmed.chars().all(|c| c == '-' || c == ' ') {
        return true;
    }
    let name_end = trimmed
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(trimmed.len());
    let rest = &trimmed[name_end..];
    let Some(value) = rest.trim_start().strip_prefix(':') else {
        return false;
    };
    trimmed.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest.starts_with(' ')
        && (value.is_empty() || value.starts_with([' ', '\t']))
}

/// A fence line: its character, its length and its info string.
fn fence_of(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.chars().take_while(|c| *c == ch).count();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    // A backtick fence's info string may not hold a backtick (that is inline code).
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some((ch, len, info))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_languages_by_name_and_shebang() {
        assert!(is_foreign_source("fixtures/generate.py", None));
        assert!(is_foreign_source("setup.SH", None));
        assert!(is_foreign_source("build", Some("#!/usr/bin/env python3")));
        assert!(is_foreign_source("run", Some("#!/bin/bash -e")));
        assert!(!is_foreign_source("run", Some("#!/usr/bin/env pwsh")));
        assert!(!is_foreign_source(
            "run",
            Some("#!/usr/bin/env -S pwsh -NoProfile")
        ));
        assert!(!is_foreign_source(
            "run",
            Some("#!/opt/microsoft/powershell/7/pwsh")
        ));
        assert!(!is_foreign_source("setup.ps1", Some("# comment")));
        assert!(!is_foreign_source("notes.txt", None));
        assert!(!is_foreign_source(
            "transcript.log",
            Some("**********************")
        ));
    }

    #[test]
    fn markdown_keeps_only_powershell_blocks_in_place() {
        let lines = [
            "# Runbook",
            "New-CsOAuthServer is run first:",
            "```powershell",
            "New-CsOAuthServer microsoft.sts -MetadataUrl $url",
            "```",
            "```",
            "Get-CsOAuthServer",
            "```",
            "~~~~ PowerShell title=x",
            "```",
            "Set-CsOAuthConfiguration -ServiceName 00000004-0000-0ff1-ce00-000000000000",
            "~~~~",
            "    ```pwsh",
            "not a fence: indented four",
        ];
        let kept = powershell_blocks(&lines).expect("has PowerShell");
        assert_eq!(kept.len(), lines.len());
        let code: Vec<(usize, &str)> = kept
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .map(|(i, l)| (i, l.as_ref()))
            .collect();
        assert_eq!(
            code,
            vec![
                (3, "New-CsOAuthServer microsoft.sts -MetadataUrl $url"),
                (9, "```"),
                (
                    10,
                    "Set-CsOAuthConfiguration -ServiceName 00000004-0000-0ff1-ce00-000000000000"
                ),
            ]
        );
    }

    #[test]
    fn output_and_prompts_in_a_block_are_not_code() {
        let lines = [
            "```powershell",
            "PS C:\\> Get-MapiVirtualDirectory | fl server,*url*",
            "",
            "Server                        : EX1",
            "ExternalUrl                   : https://mail.contoso.com/mapi",
            "IISAuthenticationMethods      : {Ntlm, OAuth, Negotiate}",
            "Name  Value",
            "----  -----",
            "$x = $y ? 'a' : 'b'",
            "C:",
            "```",
        ];
        let kept = powershell_blocks(&lines).expect("has PowerShell");
        assert_eq!(
            kept,
            [
                "",
                "        Get-MapiVirtualDirectory | fl server,*url*",
                "",
                "",
                "",
                "",
                "Name  Value",
                "",
                "$x = $y ? 'a' : 'b'",
                "C:",
                "",
            ]
        );
    }

    #[test]
    fn markdown_without_powershell_is_not_a_script() {
        assert_eq!(
            powershell_blocks(&["# Notes", "```", "Get-CsOAuthServer", "```"]),
            None
        );
        assert_eq!(powershell_blocks(&["Get-CsOAuthServer"]), None);
    }
}
