//! PowerShell scripts (`.ps1`, `.psm1`, or text that is a list of procedure commands): the
//! commands an administrator plans to run. Nothing has run yet, so every outcome is unknown.

use super::powershell;
use super::resolve::Resolver;
use super::suppression::Collector;
use crate::model::{InputProblem, Location, Model, Origin, Outcome};

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

pub fn load(lines: &[&str], path: &str, file: usize, model: &mut Model) {
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
    for e in parsed
        .errors
        .iter()
        .filter(|e| !only_comments && !caused_by_break(e.line))
    {
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
}
