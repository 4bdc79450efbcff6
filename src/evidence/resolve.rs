//! Turns parsed PowerShell statements into model commands, method calls and assignments, expanding
//! simple variables as the file defines them (`$TenantId = "…"` then `"…/$TenantId/…"`). Values
//! that depend on run time stay unresolved rather than guessed.

use std::collections::HashMap;

use super::powershell::{ArgumentAst, Parsed, Part, Shape, Statement, ValueAst};
use crate::model::{
    Argument, Assignment, Command, Entry, Location, MethodCall, Model, Origin, Outcome, Value,
    ValueKind,
};

/// Variables PowerShell defines itself: reading them is never an undefined-variable mistake.
pub const AUTOMATIC_VARIABLES: &[&str] = &[
    // Set by the Exchange Management Shell's profile (RemoteExchange.ps1), used by its scripts.
    "exscripts",
    "exbin",
    "exinstall",
    "true",
    "false",
    "null",
    "_",
    "psitem",
    "args",
    "input",
    "this",
    "error",
    "host",
    "home",
    "pwd",
    "pid",
    "psscriptroot",
    "pscommandpath",
    "myinvocation",
    "pshome",
    "psversiontable",
    "lastexitcode",
    "matches",
    "formatenumerationlimit",
    "erroractionpreference",
    "verbosepreference",
    "confirmpreference",
    "psboundparameters",
    "executioncontext",
    "shellid",
    "profile",
    "ofs",
    "sender",
    "event",
    "eventargs",
    "stacktrace",
    "psculture",
    "psuiculture",
    "consolefilename",
    "nestedpromptlevel",
    "env",
    "psdefaultparametervalues",
];

/// The variable environment of one file, in evidence order.
#[derive(Debug, Default)]
pub struct Resolver {
    values: HashMap<String, Option<String>>,
}

impl Resolver {
    pub fn new() -> Self {
        Resolver::default()
    }

    /// Records that a variable holds `value` (or something unknown); used when a transcript shows it.
    pub fn set(&mut self, name: &str, value: Option<String>) {
        self.values.insert(name.to_ascii_lowercase(), value);
    }

    fn get(&self, name: &str) -> Option<&Option<String>> {
        self.values.get(&name.to_ascii_lowercase())
    }

    /// Adds parsed statements to the model. `line_offset` is the 0-based file line of the parsed
    /// text's first line; `column_offset` applies to that first line only (text after a prompt).
    /// Returns the indices of the commands added.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        parsed: &Parsed,
        path: &str,
        file: usize,
        line_offset: usize,
        column_offset: usize,
        origin: Origin,
        outcome: Outcome,
        model: &mut Model,
    ) -> Vec<usize> {
        let at = |line: usize, column: usize, len: usize| {
            let col = if line == 0 {
                column + column_offset
            } else {
                column
            };
            Location::new(
                path,
                (line + line_offset + 1) as u32,
                col as u32 + 1,
                len as u32,
            )
        };
        let mut added = Vec::new();
        for statement in &parsed.statements {
            let order = next_order(model);
            match statement {
                Statement::Command(c) => {
                    let arguments = c.arguments.iter().map(|a| self.argument(a, &at)).collect();
                    let index = model.commands.len();
                    model.commands.push(Command {
                        index,
                        name: c.name.clone(),
                        arguments,
                        text: c.text.clone(),
                        location: at(c.line, c.column, c.name_len),
                        origin,
                        outcome,
                        assigned_to: c.assigned_to.clone(),
                        piped_into: c.piped_into.clone(),
                        error: None,
                        file,
                        order,
                    });
                    if let Some(var) = &c.assigned_to {
                        self.set(var, None);
                    }
                    added.push(index);
                }
                Statement::MethodCall(m) => {
                    let arguments = m.arguments.iter().map(|v| self.value(v, &at)).collect();
                    model.method_calls.push(MethodCall {
                        variable: m.variable.clone(),
                        members: m.members.clone(),
                        method: m.method.clone(),
                        arguments,
                        location: at(m.line, m.column, m.len),
                        origin,
                        outcome,
                        file,
                        order,
                    });
                    if let Some(var) = &m.assigned_to {
                        self.set(var, None);
                        model.assignments.push(Assignment {
                            variable: var.clone(),
                            value: Value {
                                text: format!("{}::{}(…)", m.variable, m.method),
                                kind: ValueKind::Expression,
                                resolved: None,
                                variables: Vec::new(),
                                strings: Vec::new(),
                                entries: Vec::new(),
                                location: at(m.line, m.column, m.len),
                            },
                            location: at(m.line, m.column, m.len),
                            file,
                            order,
                        });
                    }
                }
                Statement::Assignment(a) => {
                    let value = self.value(&a.value, &at);
                    self.set(&a.variable, value.resolved.clone());
                    model.assignments.push(Assignment {
                        variable: a.variable.clone(),
                        location: at(a.line, a.column, a.variable.chars().count() + 1),
                        value,
                        file,
                        order,
                    });
                }
            }
        }
        added
    }

    fn argument(&self, a: &ArgumentAst, at: &impl Fn(usize, usize, usize) -> Location) -> Argument {
        Argument {
            parameter: a.parameter.clone(),
            value: a.value.as_ref().map(|v| self.value(v, at)),
            split_off: a.split_off.iter().map(|v| self.value(v, at)).collect(),
            location: at(a.line, a.column, a.len),
        }
    }

    fn value(&self, v: &ValueAst, at: &impl Fn(usize, usize, usize) -> Location) -> Value {
        let kind = match v.shape {
            Shape::Bare => ValueKind::Bare,
            Shape::Literal => ValueKind::Literal,
            Shape::Expandable => ValueKind::Expandable,
            Shape::Variable => ValueKind::Variable,
            Shape::Constant => ValueKind::Constant,
            Shape::Expression => ValueKind::Expression,
        };
        let mut variables = Vec::new();
        let mut resolved = Some(String::new());
        for part in &v.parts {
            let piece = match part {
                Part::Text(t) => Some(t.clone()),
                Part::Variable(name) => {
                    variables.push(name.clone());
                    self.get(name).cloned().flatten()
                }
                Part::Member(name, _) => {
                    variables.push(name.clone());
                    None
                }
                Part::Unknown => None,
            };
            resolved = match (resolved, piece) {
                (Some(mut acc), Some(p)) => {
                    acc.push_str(&p);
                    Some(acc)
                }
                _ => None,
            };
        }
        if v.shape == Shape::Expression {
            // Variables read inside expressions still count for undefined-variable checks.
            collect_variables(&v.text, &mut variables);
        }
        let entries = v
            .hash_entries
            .iter()
            .map(|(key, e)| {
                let inner = self.value(e, at);
                Entry {
                    key: key.clone(),
                    text: inner.text,
                    resolved: inner.resolved,
                }
            })
            .collect();
        Value {
            text: v.text.clone(),
            kind,
            resolved,
            variables,
            strings: v.strings.clone(),
            entries,
            location: at(
                v.line,
                v.column,
                v.text.lines().next().unwrap_or("").chars().count(),
            ),
        }
    }
}

/// `$name` references in expression text (outside single-quoted strings), for undefined checks.
fn collect_variables(text: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_single = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            in_single = !in_single;
        } else if c == '`' {
            i += 1;
        } else if c == '$' && !in_single {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            if j > i + 1 && chars.get(j) != Some(&':') {
                let name: String = chars[i + 1..j].iter().collect();
                if !out.iter().any(|v| v.eq_ignore_ascii_case(&name)) {
                    out.push(name);
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
}

/// The next position in evidence order (shared by commands, method calls, assignments, records).
pub fn next_order(model: &Model) -> usize {
    model.commands.len()
        + model.method_calls.len()
        + model.assignments.len()
        + model.records.len()
        + model.errors.len()
}
