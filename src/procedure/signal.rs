//! A recognition signal: which commands (and which words in them) or which mentions in the
//! evidence say it is about a procedure, or that a step was performed. Matched against the
//! command's text with its arguments as evaluated, lower-cased, so `-ApplicationIdentifier $id`
//! matches the id the variable holds.

use serde::Deserialize;

use crate::model::{Command, Model, Record};

#[derive(Debug, Clone, Deserialize)]
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
}

impl Signal {
    pub fn is_empty(&self) -> bool {
        self.cmdlets.is_empty() && self.mentions.is_empty()
    }

    /// Whether `c` matches: its name is one of `cmdlets` (or there are none) and its text passes
    /// `with-any`, `without` and `mentions`.
    pub fn matches_command(&self, model: &Model, c: &Command) -> bool {
        if self.cmdlets.is_empty() && self.mentions.is_empty() {
            return false;
        }
        if !self.cmdlets.is_empty() && !self.cmdlets.iter().any(|n| c.is(n)) {
            return false;
        }
        let text = command_text(model, c);
        (self.with_any.is_empty() || self.with_any.iter().any(|w| text.contains(&lower(w))))
            && !self.without.iter().any(|w| text.contains(&lower(w)))
            && (self.mentions.is_empty() || self.mentions.iter().any(|m| text.contains(&lower(m))))
    }

    /// Whether a printed record mentions one of `mentions` (a signal naming cmdlets is about
    /// commands, not records).
    pub fn matches_record(&self, r: &Record) -> bool {
        self.cmdlets.is_empty()
            && !self.mentions.is_empty()
            && r.fields.iter().any(|f| {
                let v = f.value.as_text().to_ascii_lowercase();
                self.mentions.iter().any(|m| v.contains(&lower(m)))
            })
    }

    /// Whether a method call or an assignment's text mentions one of `mentions`.
    pub fn matches_text(&self, text: &str) -> bool {
        self.cmdlets.is_empty() && {
            let t = text.to_ascii_lowercase();
            self.mentions.iter().any(|m| t.contains(&lower(m)))
        }
    }
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// The command as written, its arguments as evaluated and the well-known ids it names, lower-cased.
fn command_text(model: &Model, c: &Command) -> String {
    let mut text = c.text.to_ascii_lowercase();
    for a in &c.arguments {
        if let Some(r) = a.value.as_ref().and_then(|v| v.resolved.as_deref()) {
            text.push(' ');
            text.push_str(&r.to_ascii_lowercase());
        }
    }
    for id in model.command_app_ids(c) {
        text.push(' ');
        text.push_str(id);
    }
    text
}
