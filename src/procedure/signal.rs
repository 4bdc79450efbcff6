//! A recognition signal: which commands (and which words in them) or which mentions in the
//! evidence say it is about a procedure, or that a step was performed. Matched against the
//! command's text with its arguments as evaluated, lower-cased, so `-ApplicationIdentifier $id`
//! matches the id the variable holds.

use std::sync::OnceLock;

use memchr::memmem::Finder;
use serde::Deserialize;

use crate::model::{AppIdsByCommand, Command, Model};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Signal {
    /// What the signal says, in words (`hybridlint procedures` lists it).
    #[serde(default)]
    pub why: String,
    /// Any of these commands (case-insensitive). Empty: any command, when `mentions` is given.
    #[serde(default)]
    pub cmdlets: Vec<String>,
    /// The command's text must contain one of these (case-insensitive).
    #[serde(default)]
    pub with_any: Vec<String>,
    /// The command's text must contain none of these.
    #[serde(default)]
    pub without: Vec<String>,
    /// Text any command, method call, assignment or printed record contains (case-insensitive).
    #[serde(default)]
    pub mentions: Vec<String>,
    /// Only counts when no procedure is recognised by a signal that is not weak: shared ground
    /// (a Get- cmdlet, a principal's id) that several procedures touch.
    #[serde(default)]
    pub weak: bool,
    /// The lower-cased words ready to search for, built by [`Signal::lowered`].
    #[serde(skip)]
    pub(super) finders: Option<Finders>,
}

/// A signal's words as prepared searchers: every word is tried on every command's text, and
/// preparing a search once per word, not once per text, is most of what matching costs.
#[derive(Debug, Clone, Default)]
pub(super) struct Finders {
    with_any: Vec<Finder<'static>>,
    without: Vec<Finder<'static>>,
    mentions: Vec<Finder<'static>>,
}

impl Finders {
    fn of(words: &[String]) -> Vec<Finder<'static>> {
        words
            .iter()
            .map(|w| Finder::new(w.as_bytes()).into_owned())
            .collect()
    }
}

/// Whether `text` holds any of `words`, through their finders when prepared.
fn holds_any(text: &str, words: &[String], finders: Option<&[Finder<'static>]>) -> bool {
    match finders {
        Some(finders) => finders.iter().any(|f| f.find(text.as_bytes()).is_some()),
        None => words.iter().any(|w| text.contains(w.as_str())),
    }
}

impl Signal {
    pub fn is_empty(&self) -> bool {
        self.cmdlets.is_empty() && self.mentions.is_empty()
    }

    /// The signal with its words lower-cased once, so matching compares against the lower-cased
    /// texts of a [`Haystack`] without lower-casing a word per comparison.
    pub fn lowered(mut self) -> Signal {
        for words in [&mut self.with_any, &mut self.without, &mut self.mentions] {
            for w in words.iter_mut() {
                w.make_ascii_lowercase();
            }
        }
        self.finders = Some(Finders {
            with_any: Finders::of(&self.with_any),
            without: Finders::of(&self.without),
            mentions: Finders::of(&self.mentions),
        });
        self
    }

    /// Whether `c` matches: its name is one of `cmdlets` (or there are none) and its text passes
    /// `with-any`, `without` and `mentions`. The signal's words must be [`Signal::lowered`].
    pub fn matches_command(&self, hay: &Haystack, c: &Command) -> bool {
        if self.cmdlets.is_empty() && self.mentions.is_empty() {
            return false;
        }
        if !self.cmdlets.is_empty() && !self.cmdlets.iter().any(|n| c.is(n)) {
            return false;
        }
        let text = hay.command(c);
        let f = self.finders.as_ref();
        (self.with_any.is_empty()
            || holds_any(text, &self.with_any, f.map(|f| f.with_any.as_slice())))
            && !holds_any(text, &self.without, f.map(|f| f.without.as_slice()))
            && (self.mentions.is_empty() || self.mentions_in(text))
    }

    /// Whether the printed record at `index` in the model mentions one of `mentions` (a signal
    /// naming cmdlets is about commands, not records).
    pub fn matches_record(&self, hay: &Haystack, index: usize) -> bool {
        self.cmdlets.is_empty() && !self.mentions.is_empty() && self.mentions_in(hay.record(index))
    }

    /// Whether the method call at `index` has an argument mentioning one of `mentions`.
    pub fn matches_method_call(&self, hay: &Haystack, index: usize) -> bool {
        self.cmdlets.is_empty() && self.mentions_in(hay.method_call(index))
    }

    /// Whether the assignment at `index` assigns a value mentioning one of `mentions`.
    pub fn matches_assignment(&self, hay: &Haystack, index: usize) -> bool {
        self.cmdlets.is_empty() && self.mentions_in(hay.assignment(index))
    }

    fn mentions_in(&self, text: &str) -> bool {
        let finders = self.finders.as_ref().map(|f| f.mentions.as_slice());
        holds_any(text, &self.mentions, finders)
    }
}

/// The lower-cased texts signals are matched against, built once per model (recognition tries
/// every signal of every procedure on every command: building a command's text, with the
/// well-known ids it names, once per try was a fifth of a transcript run). Texts of several
/// values (a record's fields, a method call's arguments) are joined by NUL, which no signal word
/// holds, so a word matches within one value as before. Records, method calls and assignments
/// are lower-cased on first use: only signals that name no cmdlet read them.
pub struct Haystack<'m> {
    model: &'m Model,
    /// By command index: the command as written, its arguments as evaluated and the well-known
    /// ids it names ([`command_text`]), each built on first use unless built up front.
    commands: Vec<OnceLock<Box<str>>>,
    /// By command index: [`Model::app_ids_of_commands`].
    app_ids: AppIdsByCommand,
    method_calls: OnceLock<Vec<String>>,
    assignments: OnceLock<Vec<String>>,
    records: OnceLock<Vec<String>>,
}

impl<'m> Haystack<'m> {
    /// Every command's text built up front, on the run's threads: recognition tries signals
    /// that name no cmdlet, which read every command.
    pub fn new(model: &'m Model) -> Haystack<'m> {
        let hay = Haystack::lazy(model);
        let texts =
            crate::threads::map_each_in_order(&model.commands, |c| command_text(c, hay.app_ids(c)));
        for (c, text) in model.commands.iter().zip(texts) {
            if let Some(slot) = hay.commands.get(c.index) {
                // Cannot be set yet: the haystack was made just above.
                let _ = slot.set(text);
            }
        }
        hay
    }

    /// Commands' texts built only when a signal asks for them: the checklist asks about the
    /// commands its steps name and those findings point at, and it runs while the findings
    /// are held (a large transcript folder's texts are several megabytes).
    pub fn lazy(model: &'m Model) -> Haystack<'m> {
        let mut commands = Vec::new();
        commands.resize_with(model.commands.len(), OnceLock::new);
        Haystack {
            model,
            commands,
            app_ids: model.app_ids_of_commands(),
            method_calls: OnceLock::new(),
            assignments: OnceLock::new(),
            records: OnceLock::new(),
        }
    }

    /// The well-known application ids `c` acts on ([`Model::command_app_ids`], worked out once).
    pub fn app_ids(&self, c: &Command) -> &[&'static str] {
        self.app_ids.of(c.index)
    }

    fn command(&self, c: &Command) -> &str {
        self.commands.get(c.index).map_or("", |slot| {
            slot.get_or_init(|| command_text(c, self.app_ids(c)))
        })
    }

    fn method_call(&self, index: usize) -> &str {
        nth(&self.method_calls, index, || {
            (self.model.method_calls.iter())
                .map(|m| {
                    joined(
                        m.arguments
                            .iter()
                            .map(|v| v.resolved.as_deref().unwrap_or(&v.text)),
                    )
                })
                .collect()
        })
    }

    fn assignment(&self, index: usize) -> &str {
        nth(&self.assignments, index, || {
            (self.model.assignments.iter())
                .map(|a| joined([a.value.resolved.as_deref().unwrap_or(&a.value.text)].into_iter()))
                .collect()
        })
    }

    fn record(&self, index: usize) -> &str {
        nth(&self.records, index, || {
            crate::threads::map_each_in_order(&self.model.records, record_text)
        })
    }
}

/// A command as signals read it: as written, then each argument's value as evaluated, then the
/// well-known ids it names, lower-cased and separated by spaces.
fn command_text(c: &Command, app_ids: &[&'static str]) -> Box<str> {
    let mut text = c.text.to_ascii_lowercase();
    for a in &c.arguments {
        if let Some(r) = a.value.as_ref().and_then(|v| v.resolved.as_deref()) {
            text.push(' ');
            push_lowercased(&mut text, r);
        }
    }
    for id in app_ids {
        text.push(' ');
        text.push_str(id);
    }
    text.into_boxed_str()
}

/// The `index`-th of the texts `cell` holds, built by `build` on first use.
fn nth(cell: &OnceLock<Vec<String>>, index: usize, build: impl FnOnce() -> Vec<String>) -> &str {
    cell.get_or_init(build)
        .get(index)
        .map_or("", String::as_str)
}

/// Values lower-cased and joined by NUL.
fn joined<S: AsRef<str>>(values: impl Iterator<Item = S>) -> String {
    let mut out = String::new();
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.push('\0');
        }
        push_lowercased(&mut out, v.as_ref());
    }
    out
}

/// A record's field values as printed (`FieldValue::as_text`), lower-cased and joined by NUL,
/// as `joined` would make them, in one allocation of the exact size (`FieldValue::push_printed`
/// writes a list in place): a transcript prints tens of thousands of records, and the text grown
/// by doubling (a list's printed form made apart first) was most of building it.
fn record_text(record: &crate::model::Record) -> String {
    let len = (record.fields.iter())
        .map(|f| f.value.printed_len())
        .sum::<usize>()
        + record.fields.len().saturating_sub(1);
    let mut out = String::with_capacity(len);
    for (i, field) in record.fields.iter().enumerate() {
        if i > 0 {
            out.push('\0');
        }
        field.value.push_printed(&mut out, push_lowercased);
    }
    out
}

/// Appends `text` to `out` in ASCII lower case, without a lower-cased copy of `text` first.
fn push_lowercased(out: &mut String, text: &str) {
    let start = out.len();
    out.push_str(text);
    out[start..].make_ascii_lowercase();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, FieldValue, Location, Record, field_name};

    fn record(values: Vec<FieldValue>) -> Record {
        Record {
            fields: values
                .into_iter()
                .map(|value| Field {
                    name: field_name("Name"),
                    value,
                    location: Location::file("t.txt"),
                })
                .collect(),
            command: None,
            shown_by: None,
            location: Location::file("t.txt"),
            file: 0,
            order: 0,
        }
    }

    /// A record's text is the values as printed, lower-cased and joined, and fills its
    /// allocation exactly.
    #[test]
    fn a_records_text_is_its_printed_values_joined_in_one_allocation() {
        let scalar = |t: &str| FieldValue::Scalar { text: t.into() };
        let list = |items: &[&str], truncated| FieldValue::List {
            items: Box::new(items.iter().map(|i| i.to_string()).collect()),
            truncated,
        };
        for values in [
            vec![],
            vec![scalar("")],
            vec![
                scalar("Ünïcode ΣΑΣ"),
                scalar("00000004-0000-0FF1-CE00-000000000000"),
            ],
            vec![list(&[], false), list(&[], true)],
            vec![
                list(&["A"], false),
                scalar("B"),
                list(&["C/D", "é", ""], true),
            ],
        ] {
            let r = record(values);
            let expected = joined(r.fields.iter().map(|f| f.value.as_text()));
            let text = record_text(&r);
            assert_eq!(text, expected);
            assert_eq!(text.capacity(), text.len(), "{text:?}");
        }
    }
}
