//! PowerShell transcripts (`Start-Transcript`) and pasted console captures: splits the text into
//! headers, typed commands and their output, parses the commands with the PowerShell front end and
//! the output into records, errors and prompts, and attributes each to the command that produced it.

mod error_record;
pub(crate) mod format_list;
mod format_table;
mod repeated;
mod structure;
#[cfg(test)]
pub(crate) mod test_lines;

use super::powershell;
use super::resolve::{Resolver, next_order};
use super::suppression::Collector;
use crate::model::{
    Assignment, ErrorKind, ErrorRecord, Location, Model, Origin, Outcome, ParameterPrompt, Record,
    Value, ValueKind,
};
use structure::Segment;

pub use structure::looks_like_transcript;

/// The command texts typed at the transcript's prompts, in order, as `load` parses them (for
/// the test that holds the simple-command reading equal to tree-sitter's).
pub fn command_texts(lines: &[&str]) -> Vec<String> {
    structure::segments(lines)
        .into_iter()
        .filter_map(|segment| match segment {
            Segment::Command { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

pub fn load(lines: &[&str], path: &str, file: usize, model: &mut Model) {
    let segments = structure::segments(lines);
    let mut resolver = Resolver::new();
    // The commands typed at the most recent prompt, to attribute output and errors to.
    let mut current: Vec<usize> = Vec::new();
    let mut suppressions = Collector::default();
    let mut repeated = repeated::RepeatedPrompts::default();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Command { line, column, text } => {
                finish(model, file, &current, true);
                // A line PowerShell refused to parse yields no statements here; the parser error
                // printed after it marks whatever did parse as failed.
                let parsed = repeated.read(text, resolver.env_mut());
                record_comments(
                    &parsed,
                    lines,
                    path,
                    *line,
                    *column,
                    text,
                    &mut suppressions,
                );
                current = resolver.add(
                    &parsed,
                    path,
                    file,
                    *line,
                    *column,
                    Origin::Transcript,
                    Outcome::Unknown,
                    model,
                );
                // A bare `$Name` typed at the prompt prints the variable's value: learn it.
                if let Some(var) = lone_variable(text)
                    && let Some(Segment::Output { lines: out, .. }) = segments.get(i + 1)
                    && let [(out_line, value)] = out
                        .iter()
                        .filter(|(_, l)| !l.trim().is_empty())
                        .collect::<Vec<_>>()[..]
                {
                    let value = value.trim().to_string();
                    resolver.set(&var, Some(value.clone()));
                    // Recorded as an assignment so the value is a fact with a location.
                    let location =
                        Location::new(path, *out_line as u32 + 1, 1, value.chars().count() as u32);
                    let order = next_order(model);
                    model.assignments.push(Assignment {
                        variable: var.clone(),
                        value: Value::known(value, ValueKind::Bare, location.clone()),
                        location,
                        file,
                        order,
                    });
                }
            }
            Segment::Output { lines: out } => {
                // A comment line added to the output by hand (the transcript kept as evidence
                // and annotated afterwards) is a suppression as well.
                for (n, l) in out {
                    let indent = l.chars().take_while(|c| c.is_whitespace()).count();
                    if l.trim_start().starts_with('#') {
                        suppressions.comment(path, *n, indent, l.trim(), true);
                    }
                }
                parse_output(out, path, file, &current, model);
            }
            Segment::Boundary => {
                finish(model, file, &current, true);
                current.clear();
            }
        }
    }
    // The last command: if the transcript simply stops there (a killed session), nothing shows
    // whether it worked.
    let ends_after_output = matches!(
        segments.last(),
        Some(Segment::Output { .. }) | Some(Segment::Boundary)
    );
    finish(model, file, &current, ends_after_output);
    model.files[file].suppressions = suppressions.finish(lines);
}

/// The comments of a command typed at a prompt, placed in the file: `line` and `column` are where
/// the command text starts (after the prompt); continuation lines are found in the file itself.
fn record_comments(
    parsed: &powershell::Parsed,
    lines: &[&str],
    path: &str,
    line: usize,
    column: usize,
    text: &str,
    out: &mut Collector,
) {
    for c in &parsed.comments {
        let own_line = text
            .split('\n')
            .nth(c.line)
            .is_some_and(|row| row.chars().take(c.column).all(char::is_whitespace));
        let file_line = line + c.line;
        let file_column = if c.line == 0 {
            column + c.column
        } else {
            lines
                .get(file_line)
                .and_then(|l| l.find(c.text.as_str()).map(|b| l[..b].chars().count()))
                .unwrap_or(c.column)
        };
        out.comment(path, file_line, file_column, &c.text, own_line);
    }
}

/// Marks the commands of one prompt as succeeded unless an error was attributed to them.
fn finish(model: &mut Model, file: usize, commands: &[usize], saw_what_followed: bool) {
    for &c in commands {
        let cmd = &mut model.commands[c];
        if cmd.outcome == Outcome::Unknown {
            cmd.outcome = if cmd.error.is_some() {
                Outcome::Failed
            } else if saw_what_followed {
                Outcome::Succeeded
            } else {
                Outcome::Unknown
            };
        }
    }
    // Method calls and assignments typed at the prompt share the outcome of their line; they carry
    // no error attribution of their own, so those still unknown are marked succeeded. Only this
    // file's: another transcript that stops after a method call leaves that call unknown.
    if saw_what_followed {
        for m in model.method_calls.iter_mut().filter(|m| {
            m.origin == Origin::Transcript && m.outcome == Outcome::Unknown && m.file == file
        }) {
            m.outcome = Outcome::Succeeded;
        }
    }
}

fn lone_variable(text: &str) -> Option<String> {
    let t = text.trim();
    let name = t.strip_prefix('$')?;
    (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then(|| name.to_string())
}

/// Formatting and filtering cmdlets: their output is the output of the command before them.
fn is_formatter(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("format-")
        || n.starts_with("select-")
        || n.starts_with("where-")
        || n.starts_with("sort-")
        || n.starts_with("out-")
        || matches!(
            n.as_str(),
            "fl" | "ft"
                | "fw"
                | "select"
                | "where"
                | "sort"
                | "?"
                | "%"
                | "foreach-object"
                | "tee-object"
        )
}

/// The command whose output follows: the last non-formatting command typed at the prompt.
fn producer(model: &Model, commands: &[usize]) -> Option<usize> {
    commands
        .iter()
        .rev()
        .copied()
        .find(|&c| !is_formatter(&model.commands[c].name))
        .or(commands.last().copied())
}

/// Printed output with no prompt before it (a file written with `>`, `Out-File` or
/// `Tee-Object`, or pasted without the command): its records, errors and prompts, attributed to
/// no command, with their lines in the file.
pub(crate) fn load_output(lines: &[&str], path: &str, file: usize, model: &mut Model) {
    let numbered: Vec<(usize, &str)> = lines.iter().copied().enumerate().collect();
    parse_output(&numbered, path, file, &[], model);
}

/// The records printed in `lines` (Format-List and Format-Table), each as its field names: what
/// recognising printed output needs. Reads at most `limit` lines.
pub(crate) fn printed_field_names(lines: &[&str], limit: usize) -> Vec<Vec<String>> {
    let numbered: Vec<(usize, &str)> = lines.iter().take(limit).copied().enumerate().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < numbered.len() {
        match format_table::parse(&numbered[i..], "")
            .or_else(|| format_list::parse(&numbered[i..], ""))
        {
            Some((records, used)) => {
                out.extend(
                    records
                        .into_iter()
                        .map(|r| r.into_iter().map(|f| f.name.to_string()).collect()),
                );
                i += used.max(1);
            }
            None => i += 1,
        }
    }
    out
}

fn parse_output(
    lines: &[(usize, &str)],
    path: &str,
    file: usize,
    commands: &[usize],
    model: &mut Model,
) {
    let mut i = 0;
    while i < lines.len() {
        if let Some((err, used)) = error_record::parse(&lines[i..], path) {
            attach_error(err, commands, file, model);
            i += used;
            continue;
        }
        if let Some((prompt, used)) = parameter_prompt(&lines[i..], path) {
            let target = prompt
                .command_name
                .as_ref()
                .and_then(|n| commands.iter().copied().find(|&c| model.commands[c].is(n)));
            model.prompts.push(ParameterPrompt {
                command: target.or(producer(model, commands)),
                file,
                ..prompt
            });
            i += used;
            continue;
        }
        if let Some((fields, used)) =
            format_table::parse(&lines[i..], path).or_else(|| format_list::parse(&lines[i..], path))
        {
            for fields in fields {
                let location = fields
                    .first()
                    .map(|f| Location::new(path, f.location.line, 1, 0))
                    .unwrap_or_else(|| Location::file(path));
                let order = next_order(model);
                model.records.push(Record {
                    fields,
                    command: producer(model, commands),
                    shown_by: None,
                    location,
                    file,
                    order,
                });
            }
            i += used;
            continue;
        }
        i += 1;
    }
}

fn attach_error(mut err: ErrorRecord, commands: &[usize], file: usize, model: &mut Model) {
    let by_name = err
        .command_name
        .as_ref()
        .and_then(|n| commands.iter().copied().find(|&c| model.commands[c].is(n)));
    // A parser error means nothing on the line ran; otherwise an unnamed error belongs to the
    // producing command.
    let target = by_name.or_else(|| producer(model, commands));
    err.command = target;
    err.file = file;
    err.order = next_order(model);
    let index = model.errors.len();
    let kind = err.kind;
    model.errors.push(err);
    if kind == ErrorKind::Parser {
        for &c in commands {
            model.commands[c].error.get_or_insert(index);
        }
    } else if let Some(c) = target {
        model.commands[c].error.get_or_insert(index);
    }
}

/// `cmdlet X at command pipeline position 1` / `Supply values for the following parameters:` /
/// `Name:` lines.
fn parameter_prompt(lines: &[(usize, &str)], path: &str) -> Option<(ParameterPrompt, usize)> {
    let mut idx = 0;
    let mut command_name = None;
    let first = &lines.first()?.1;
    if let Some(rest) = first.trim().strip_prefix("cmdlet ") {
        command_name = rest.split_whitespace().next().map(str::to_string);
        idx = 1;
    }
    let (line_no, supply) = lines.get(idx)?;
    if !supply
        .trim_start()
        .starts_with("Supply values for the following parameters")
    {
        return None;
    }
    let mut parameters = Vec::new();
    let mut used = idx + 1;
    for (_, l) in &lines[idx + 1..] {
        let t = l.trim();
        let Some((name, _)) = t.split_once(':') else {
            break;
        };
        if name.is_empty() || name.contains(' ') {
            break;
        }
        parameters.push(name.to_string());
        used += 1;
    }
    let location = Location::new(
        path,
        *line_no as u32 + 1,
        1,
        supply.trim_end().chars().count() as u32,
    );
    Some((
        ParameterPrompt {
            command_name,
            parameters,
            command: None,
            location,
            file: 0,
        },
        used,
    ))
}
