//! Files written in another language, and the PowerShell inside Markdown. A Python or shell
//! script that builds PowerShell (a generator, a test harness) holds cmdlet names at the start of
//! its lines, yet PowerShell never runs it: read as a script, it gave parse errors and findings
//! about values that are Python's. Such files are recognised by their name or their shebang and
//! not read as evidence. A Markdown runbook is different: its PowerShell code blocks (tagged
//! `powershell`, or untagged blocks of commands, as older pages write them) are what an
//! administrator copies into a shell, so they are read as a script in place (the other lines
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

/// How far a fence may be indented and still open a block. CommonMark allows three spaces at
/// the top level and more inside a list item (its content's indent plus three): Microsoft's
/// pages put the commands of a numbered step under the step, four or five spaces in.
const MAX_FENCE_INDENT: usize = 8;

/// What a fenced block's info string says it holds.
#[derive(Clone, Copy, PartialEq)]
enum Tagged {
    PowerShell,
    /// No info string: older pages and the cmdlet reference tag nothing, neither their examples
    /// nor their syntax diagrams; the block's own lines decide.
    Untagged,
    Other,
}

/// The lines of a Markdown file with everything but the PowerShell code blocks emptied, or
/// `None` when it has none. Inside a block, what a page shows beside the commands is emptied
/// too (`Format-List` output such as `ExternalUrl    : https://…`, a table's `----` rule, an
/// error record's `New-CsPartnerApplication : Cannot bind …`) and a prompt (`PS C:\> `) becomes
/// spaces, so columns stay the file's.
///
/// Fences follow CommonMark: three or more backticks or tildes, closed by a fence of the same
/// character at least as long; the first word of the info string names the language
/// (`powershell`, `PowerShell`, `pwsh`, `ps1`). A blockquote's `>` markers become spaces, so a
/// fence in a note (`> ```powershell`) is read too. An untagged block is PowerShell when one of
/// its lines starts with a cmdlet of the catalogue or runs a `.ps1`, and it is not a syntax
/// diagram (`New-CsOAuthServer [[-Identity] <String>] [-Force] [<CommonParameters>]`); other
/// untagged blocks (a URL, `iisreset`, output) stay out.
pub fn powershell_blocks<'a>(lines: &[&'a str]) -> Option<Vec<Cow<'a, str>>> {
    let mut kept: Vec<Cow<'a, str>> = Vec::with_capacity(lines.len());
    // The open fence (character, length, what it holds) and the index of its first content line.
    let mut open: Option<(char, usize, Tagged, usize)> = None;
    let mut any = false;
    for line in lines {
        let line = unquoted(line);
        let fence = fence_of(&line);
        match (open, fence) {
            (None, Some((ch, len, info))) => {
                open = Some((ch, len, tagged(info), kept.len() + 1));
                kept.push(Cow::Borrowed(""));
            }
            (Some((ch, len, what, first)), Some((c, l, info)))
                if c == ch && l >= len && info.is_empty() =>
            {
                any |= close_block(&mut kept[first..], what);
                open = None;
                kept.push(Cow::Borrowed(""));
            }
            (Some(_), _) => kept.push(line),
            _ => kept.push(Cow::Borrowed("")),
        }
    }
    // A block left open runs to the end of the file (CommonMark).
    if let Some((_, _, what, first)) = open {
        any |= close_block(&mut kept[first..], what);
    }
    any.then_some(kept)
}

fn tagged(info: &str) -> Tagged {
    match info.split_whitespace().next() {
        None => Tagged::Untagged,
        Some(word) => {
            let word = word.trim_start_matches('{').trim_start_matches('.');
            if POWERSHELL_FENCES
                .iter()
                .any(|p| word.eq_ignore_ascii_case(p))
            {
                Tagged::PowerShell
            } else {
                Tagged::Other
            }
        }
    }
}

/// Turns a closed block's lines into what PowerShell would be given, or empties them when the
/// block is not PowerShell. True when the block was kept.
fn close_block(block: &mut [Cow<'_, str>], what: Tagged) -> bool {
    let keep = !is_json(block)
        && match what {
            Tagged::PowerShell => true,
            Tagged::Untagged => is_command_block(block) && !is_syntax_diagram(block),
            Tagged::Other => false,
        };
    for line in block.iter_mut() {
        *line = if keep {
            code_of(std::mem::take(line))
        } else {
            Cow::Borrowed("")
        };
    }
    keep && !block.is_empty()
}

/// An untagged block some line of which starts with a cmdlet of the catalogue (after a prompt),
/// runs a `.ps1`, or assigns or calls a method of a `$variable`.
fn is_command_block(block: &[Cow<'_, str>]) -> bool {
    block
        .iter()
        .map(|l| without_prompt(l))
        .any(|l| starts_with_a_catalogued_cmdlet(l) || runs_a_script_file(l) || uses_a_variable(l))
}

/// `New-AuthServer …`, `Get-CsPartnerApplication | …`: any cmdlet of the catalogue, Exchange
/// Server's included (a script file is recognised by the procedure's halves alone, but a code
/// block is already known to be code).
fn starts_with_a_catalogued_cmdlet(line: &str) -> bool {
    let first = line
        .trim_start()
        .split([' ', '(', '|'])
        .next()
        .unwrap_or("");
    crate::cmdlets::lookup(first).is_some()
}

/// `$cert = …`, `$cert.Import(…)`: a statement only PowerShell (among the shells an
/// administrator's page shows) writes.
fn uses_a_variable(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix('$') else {
        return false;
    };
    let name_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if name_end == 0 {
        return false;
    }
    let after = rest[name_end..].trim_start();
    (after.starts_with('=') && !after.starts_with("=="))
        || after
            .strip_prefix('.')
            .is_some_and(|m| m.contains('(') && m.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// Output a page shows in a code block, tagged or not: a JSON document (`{` then `"Url": …`).
fn is_json(block: &[Cow<'_, str>]) -> bool {
    let mut lines = block.iter().map(|l| l.trim()).filter(|l| !l.is_empty());
    matches!(lines.next(), Some("{" | "["))
        && lines
            .next()
            .is_some_and(|l| l.starts_with('"') && l.contains("\":"))
}

/// `.\Export.ps1`, `& "C:\Scripts\Configure.ps1" -Url …`, `"C:\Program Files\…\Configure.ps1 -Url …"`:
/// a line whose first word, quoted or not, names a `.ps1`.
fn runs_a_script_file(line: &str) -> bool {
    let rest = line.trim_start().trim_start_matches(['&', ' ']);
    // A quoted first word runs to its closing quote; a whole command quoted as one string
    // (`"…\\Configure.ps1 -Url …"`) still names the file, before the space after `.ps1`.
    let first = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let inside = &rest[1..];
            &inside[..inside.find(q).unwrap_or(inside.len())]
        }
        _ => rest.split_whitespace().next().unwrap_or(""),
    };
    let lower = first.to_ascii_lowercase();
    lower.ends_with(".ps1") || lower.contains(".ps1 ")
}

/// A cmdlet's syntax as the reference prints it: optional parameters in brackets
/// (`[-Force]`, `[[-Identity] <String>]`), `[<CommonParameters>]`. Not PowerShell, and no
/// script indexes with `[-` and a letter.
fn is_syntax_diagram(block: &[Cow<'_, str>]) -> bool {
    block.iter().any(|line| {
        line.contains("<CommonParameters>")
            || line
                .match_indices("[-")
                .any(|(i, _)| line[i + 2..].starts_with(|c: char| c.is_ascii_alphabetic()))
    })
}

/// The line with a blockquote's `>` markers (and the one space after each) turned into spaces.
fn unquoted(line: &str) -> Cow<'_, str> {
    let mut end = 0;
    loop {
        let rest = &line[end..];
        let indent = rest.len() - rest.trim_start_matches(' ').len();
        if indent > 3 || !rest[indent..].starts_with('>') {
            break;
        }
        end += indent + 1;
        if line[end..].starts_with(' ') {
            end += 1;
        }
    }
    if end == 0 {
        Cow::Borrowed(line)
    } else {
        Cow::Owned(format!("{}{}", " ".repeat(end), &line[end..]))
    }
}

/// The line with a prompt (`PS C:\> `) cut off, for deciding what a block holds.
fn without_prompt(line: &str) -> &str {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("PS ")
        && let Some(end) = rest.find("> ")
        && !rest[..end].contains(['"', '\'', '|'])
    {
        return &rest[end + 2..];
    }
    line
}

/// A line of a PowerShell block as PowerShell would be given it: printed output emptied, a
/// prompt replaced by as many spaces.
fn code_of(line: Cow<'_, str>) -> Cow<'_, str> {
    let code = without_prompt(&line);
    if is_printed_output(code.trim_start()) {
        return Cow::Borrowed("");
    }
    if code.len() == line.len() {
        return line;
    }
    let prompt = line.len() - code.len();
    let spaces = line[..prompt].chars().count();
    Cow::Owned(format!("{}{}", " ".repeat(spaces), code))
}

/// `Name      : value` (a `Format-List` line: a bare name, spaces, then the colon), an error
/// record's first line (`New-CsPartnerApplication : Cannot bind parameter …`) or a table's
/// `----  -----` rule: output, which no PowerShell statement looks like.
fn is_printed_output(trimmed: &str) -> bool {
    if trimmed.len() >= 3 && trimmed.chars().all(|c| c == '-' || c == ' ') {
        return true;
    }
    let name_end = trimmed
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
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
    if indent > MAX_FENCE_INDENT {
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
            "         ```pwsh",
            "not a fence: indented nine",
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
                // An untagged block whose line starts with a cmdlet.
                (6, "Get-CsOAuthServer"),
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
            powershell_blocks(&["# Notes", "```", "https://pool/metadata/json/1", "```"]),
            None
        );
        assert_eq!(
            powershell_blocks(&["```text", "Get-CsOAuthServer", "```"]),
            None
        );
        assert_eq!(powershell_blocks(&["Get-CsOAuthServer"]), None);
    }

    /// The code lines a block reader keeps, by index.
    fn code(lines: &[&str]) -> Vec<(usize, String)> {
        powershell_blocks(lines)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .map(|(i, l)| (i, l.to_string()))
            .collect()
    }

    #[test]
    fn untagged_blocks_are_read_when_they_hold_commands_not_syntax() {
        let lines = [
            "```",
            "New-CsOAuthServer [[-Identity] <XdsGlobalRelativeIdentity>] -MetadataUrl <String>",
            " [-Force] [<CommonParameters>]",
            "```",
            "```",
            "iisreset atl-exchange-001",
            "```",
            "```",
            "New-AuthServer HRAppAuth -AuthMetadataUrl https://hr.contoso.com/metadata/json/1",
            "```",
            "```",
            "\"C:\\Scripts\\Configure.ps1 -Url https://x\"",
            "```",
            "```",
            "$c = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2",
            "```",
            "```",
            "New-CsPartnerApplication : Cannot bind parameter 'MetadataUrl'",
            "```",
        ];
        assert_eq!(
            code(&lines),
            vec![
                (8, lines[8].to_string()),
                (11, lines[11].to_string()),
                (14, lines[14].to_string()),
            ]
        );
    }

    #[test]
    fn a_blockquoted_fence_is_read_in_place() {
        let lines = [
            "> [!NOTE]",
            "> ```powershell",
            ">    Set-CsOAuthConfiguration -ServiceName 00000004-0000-0ff1-ce00-000000000000",
            ">```",
        ];
        assert_eq!(
            code(&lines),
            vec![(
                2,
                "     Set-CsOAuthConfiguration -ServiceName 00000004-0000-0ff1-ce00-000000000000"
                    .to_string()
            )]
        );
    }

    #[test]
    fn json_output_in_a_powershell_block_is_not_code() {
        let lines = ["```powershell", "{", "  \"Url\": \"https://x\"", "}", "```"];
        assert_eq!(powershell_blocks(&lines), None);
    }
}
