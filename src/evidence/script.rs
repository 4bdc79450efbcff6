//! PowerShell scripts (`.ps1`, `.psm1`, or text that is a list of procedure commands): the
//! commands an administrator plans to run. Nothing has run yet, so every outcome is unknown.

use super::powershell;
use super::resolve::Resolver;
use super::suppression::Collector;
use crate::model::{InputProblem, Location, Model, Origin, Outcome, Value};

/// A `.ps1`/`.psm1` file, or text whose lines start with cmdlets of the procedure.
pub fn looks_like_script(path: &str, lines: &[&str]) -> bool {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".ps1") || lower.ends_with(".psm1") {
        return true;
    }
    lines.iter().any(|l| {
        let first = l.trim_start().split([' ', '(']).next().unwrap_or("");
        let first = first.trim_start_matches('$');
        // A bare name: a JSON or XML line that mentions a cmdlet (a report, a baseline) is not one.
        first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && (crate::cmdlets::is_on_premises(first) || crate::cmdlets::is_tenant(first))
    })
}

/// The whole `<placeholder>` starting at char `column` of `line` (the grammar's error covers only
/// its first word when it holds spaces: `<your tenant name>`), or the error's own `len` chars.
fn placeholder_at(line: &str, column: usize, len: usize) -> String {
    let rest: String = line.chars().skip(column).take(80).collect();
    let inside = rest.strip_prefix('<').unwrap_or(&rest);
    match inside.find('>') {
        Some(end) if !inside[..end].contains(['<', '"', '\'']) => format!("<{}>", &inside[..end]),
        _ => rest.chars().take(len).collect(),
    }
}

/// Reads a script into `model`.
pub fn load(lines: &[&str], path: &str, file: usize, model: &mut Model) {
    load_as(lines, path, file, model, false);
}

/// Reads the PowerShell of a runbook (a Markdown file's code blocks, see `foreign`): a template,
/// whose `<placeholders>` are slots to fill in, recorded as such, not syntax errors.
pub fn load_runbook(lines: &[&str], path: &str, file: usize, model: &mut Model) {
    load_as(lines, path, file, model, true);
}

fn load_as(lines: &[&str], path: &str, file: usize, model: &mut Model, runbook: bool) {
    let text = lines.join("\n");
    let parsed = powershell::parse(&text);
    // tree-sitter-powershell reports an error for a file holding only comments, which
    // PowerShell runs happily (it does nothing).
    let only_comments = lines.iter().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    });
    // A backtick followed by a space ends the command: one finding for that cause, not also the
    // parse errors of the line that then stands alone.
    let broken = powershell::broken_continuations(lines);
    for (line, column, next, text) in &broken {
        model.broken_continuations.push(InputProblem {
            detail: format!("line {} (`{text}`)", next + 1),
            location: Location::new(path, *line as u32 + 1, *column as u32 + 1, 1),
        });
    }
    // The lines the broken command meant to continue over: the next line and those it continues.
    let continued_to = |next: usize| {
        let mut end = next;
        while lines.get(end).is_some_and(|l| l.trim_end().ends_with('`')) {
            end += 1;
        }
        end
    };
    let caused_by_break = |l: usize| {
        broken
            .iter()
            .any(|(line, _, next, _)| (*line..=continued_to(*next)).contains(&l))
    };
    // The line of this file's last placeholder finding, which the next one on it joins.
    let mut placeholder_line: Option<usize> = None;
    for e in parsed
        .errors
        .iter()
        .filter(|e| !only_comments && !caused_by_break(e.line))
    {
        if runbook && e.placeholder {
            // One per line: the slots of one command are one thing to fill in.
            let shown = lines
                .get(e.line)
                .map(|l| placeholder_at(l, e.column, e.len))
                .unwrap_or_default();
            if placeholder_line == Some(e.line) {
                if let Some(last) = model.placeholders.last_mut()
                    && !last.detail.contains(&format!("`{shown}`"))
                {
                    last.detail.push_str(&format!(", `{shown}`"));
                }
            } else {
                placeholder_line = Some(e.line);
                model.placeholders.push(InputProblem {
                    detail: format!("`{shown}`"),
                    location: Location::new(
                        path,
                        e.line as u32 + 1,
                        e.column as u32 + 1,
                        shown.chars().count() as u32,
                    ),
                });
            }
            continue;
        }
        model.parse_errors.push(InputProblem {
            detail: e.detail.clone(),
            location: Location::new(path, e.line as u32 + 1, e.column as u32 + 1, e.len as u32),
        });
    }
    let mut comments = Collector::default();
    for c in &parsed.comments {
        let own_line = lines
            .get(c.line)
            .is_some_and(|l| l.chars().take(c.column).all(char::is_whitespace));
        comments.comment(path, c.line, c.column, &c.text, own_line);
    }
    model.files[file].suppressions = comments.finish(lines);
    let first_new = (
        model.commands.len(),
        model.method_calls.len(),
        model.assignments.len(),
    );
    let mut resolver = Resolver::new();
    resolver.add(
        &parsed,
        path,
        file,
        0,
        0,
        Origin::Script,
        Outcome::Unknown,
        model,
    );
    if runbook {
        leave_placeholders_unknown(model, first_new);
    }
}

/// A runbook's value that holds a `<placeholder>` (`"https://…/<your tenant>/metadata/json/1"`)
/// is not known: the reader writes their own value there.
fn leave_placeholders_unknown(
    model: &mut Model,
    (commands, methods, assignments): (usize, usize, usize),
) {
    let unknown = |v: &mut Value| {
        let Some(placeholder) = v.resolved.as_deref().and_then(placeholder_in) else {
            return;
        };
        let why = format!("`{placeholder}` is a placeholder of the runbook");
        v.resolved = None;
        let mut extra = v.extra.take().map(|b| *b).unwrap_or_default();
        extra.unknown = Some(why.into());
        v.extra = extra.boxed();
    };
    for c in &mut model.commands[commands..] {
        for a in &mut c.arguments {
            a.value.iter_mut().for_each(unknown);
            a.split_off.iter_mut().for_each(unknown);
        }
    }
    for m in &mut model.method_calls[methods..] {
        m.arguments.iter_mut().for_each(unknown);
    }
    for a in &mut model.assignments[assignments..] {
        unknown(&mut a.value);
    }
}

/// The first `<placeholder>` in a value: `<` and a letter, up to the next `>`, without quotes.
fn placeholder_in(text: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(at) = text[from..].find('<') {
        let start = from + at;
        let rest = &text[start + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic())
            && let Some(end) = rest.find('>')
            && !rest[..end].contains(['<', '"', '\''])
        {
            return Some(&text[start..start + end + 2]);
        }
        from = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_values_and_lines() {
        assert_eq!(
            placeholder_in(
                "https://accounts.accesscontrol.windows.net/<your tenant>/metadata/json/1"
            ),
            Some("<your tenant>")
        );
        assert_eq!(placeholder_in("a < b and c > d"), None);
        assert_eq!(placeholder_in("<#comment"), None);
        assert_eq!(placeholder_in("EvoSts - a1b2"), None);
        assert_eq!(
            placeholder_at("-DomainName <tenant domain> -Type AzureAD", 12, 7),
            "<tenant domain>"
        );
        assert_eq!(placeholder_at("-X <a \"b\">", 3, 2), "<a");
    }
}
