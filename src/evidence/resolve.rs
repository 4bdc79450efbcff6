//! Turns evaluated PowerShell statements into model commands, method calls and assignments: each
//! value as written and what the evaluator knows of it (`powershell::value::Val`), so rules see the
//! value PowerShell binds, or why it is unknown. Values that depend on run time stay unresolved
//! rather than guessed.

use super::powershell::value::{Form, Member, Val};
use super::powershell::{ArgumentAst, Env, Parsed, Part, Shape, Statement, ValueAst};
use crate::model::{
    Argument, Assignment, Command, Entry, ListValue, Location, MethodCall, Model, Origin, Outcome,
    PipelineInput, Value, ValueExtra, ValueKind,
};

/// The variables of one file, in evidence order: a transcript's prompts share them.
#[derive(Debug, Default)]
pub struct Resolver {
    env: Env,
}

impl Resolver {
    pub fn new() -> Self {
        Resolver::default()
    }

    /// Records that a variable holds `value` (or something unknown); used when a transcript shows it.
    pub fn set(&mut self, name: &str, value: Option<String>) {
        let val = value.map_or_else(
            || Val::unknown(format!("`${name}` is set when the session runs")),
            Val::Text,
        );
        self.env.set(name, name, val);
    }

    /// The variables, for evaluating the next text in the same file.
    pub fn env_mut(&mut self) -> &mut Env {
        &mut self.env
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
                        name: c.name.as_str().into(),
                        arguments,
                        text: c.text.clone(),
                        location: at(c.line, c.column, c.name_len),
                        origin,
                        outcome,
                        assigned_to: c.assigned_to.clone(),
                        piped_into: c.piped_into.clone().into_boxed_slice(),
                        pipeline_input: PipelineInput::boxed(
                            c.input.clone(),
                            c.input_principal.clone(),
                        ),
                        error: None,
                        file,
                        order,
                        conditional: c.conditional,
                        named_app_ids: None,
                    });
                    if c.in_uncalled_function {
                        model.in_uncalled_functions.push(index);
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
                        principal: m.principal.clone(),
                        conditional: m.conditional,
                    });
                }
                Statement::Assignment(a) => {
                    let value = self.value(&a.value, &at);
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
            parameter: a.parameter.as_deref().map(crate::model::shared_text),
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
        for part in &v.parts {
            match part {
                Part::Variable(name) | Part::Member(name, _) => variables.push(name.clone()),
                Part::Text(_) | Part::Unknown => {}
            }
        }
        if v.shape == Shape::Expression {
            // Variables read inside expressions still count for undefined-variable checks.
            collect_variables(&v.text, &mut variables);
        }
        let mut strings = v.strings.clone();
        let mut list = None;
        if let Val::List(l) = &v.val {
            let known: Vec<String> = l.items.iter().filter_map(Val::text).collect();
            let unknown_items = l.items.iter().filter(|i| !is_known_new(i)).count();
            if l.current_of.is_none() && unknown_items == 0 {
                strings = known.clone();
            }
            list = Some(Box::new(ListValue {
                keeps_current_of: l.current_of.as_ref().map(|(app, _)| app.clone()),
                member: l.current_of.as_ref().map(|(_, m)| {
                    match m {
                        Member::ServicePrincipalNames => "service-principal-names",
                        Member::KeyCredentials => "key-credentials",
                    }
                    .to_string()
                }),
                items: known,
                unknown_items,
                replaces: l.current_of.is_none() && unknown_items == 0,
            }));
        }
        let entries_of = |pairs: &[(String, Val)]| -> Vec<Entry> {
            pairs
                .iter()
                .map(|(key, val)| Entry {
                    key: key.clone(),
                    text: v
                        .hash_entries
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(key))
                        .map_or_else(|| shown(val), |(_, e)| e.text.clone()),
                    resolved: val.text(),
                    form: form_of(val),
                })
                .collect()
        };
        let entries = match &v.val {
            Val::Hash(pairs) => entries_of(pairs),
            _ => Vec::new(),
        };
        let item_entries = match &v.val {
            Val::List(l) => l
                .items
                .iter()
                .filter_map(|i| match i {
                    Val::Hash(pairs) => Some(entries_of(pairs)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Value {
            text: v.text.clone(),
            kind,
            resolved: v.val.text(),
            location: at(
                v.line,
                v.column,
                v.text.lines().next().unwrap_or("").chars().count(),
            ),
            extra: ValueExtra {
                variables,
                strings,
                entries,
                principal: v
                    .val
                    .principal()
                    .map(str::to_string)
                    .or_else(|| match &v.val {
                        Val::List(l) => l.current_of.as_ref().map(|(app, _)| app.clone()),
                        _ => None,
                    }),
                list,
                form: form_of(&v.val),
                unknown: v.val.why_unknown().map(crate::model::SharedText::from),
                item_entries,
            }
            .boxed(),
        }
    }
}

/// Whether a list item is known to be something new (text, or a hashtable or certificate built
/// here), not an unknown value or a key taken from the principal.
fn is_known_new(item: &Val) -> bool {
    match item {
        Val::Text(_) | Val::Bool(_) | Val::Null | Val::Certificate { .. } => true,
        Val::Hash(entries) => entries
            .iter()
            .all(|(_, v)| !matches!(v, Val::Unknown(_) | Val::Derived(Form::ExistingKey))),
        Val::Derived(form) => *form != Form::ExistingKey,
        Val::List(l) => l.current_of.is_none() && l.items.iter().all(is_known_new),
        Val::Unknown(_) | Val::Principal(_) | Val::PrincipalObjectId(_) => false,
    }
}

/// The name of a value's known form, for values whose content is not in the evidence.
fn form_of(val: &Val) -> Option<String> {
    match val {
        Val::Derived(form) => Some(form.name().to_string()),
        Val::Certificate { .. } => Some("certificate".into()),
        _ => None,
    }
}

/// A short text for a value the evaluator built (a hashtable entry without source text).
fn shown(val: &Val) -> String {
    val.text()
        .or_else(|| form_of(val))
        .unwrap_or_else(|| "…".to_string())
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
