//! What the human report draws for one finding, as plain parts: the title, the places (a source
//! line with its span underlined, or a bare path and position) and the closing messages (notes,
//! the fix, the `explain` hint). Both drawers read these parts: `human_draw` for the common shapes,
//! and annotate-snippets (`Shape::groups`) for the rest, so the two cannot be handed different
//! findings.

use std::borrow::Cow;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Snippet};

use super::span;
use crate::findings::{Finding, Severity};
use crate::rule_description::RuleDescription;

/// One finding as the human report draws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape<'a> {
    pub severity: Severity,
    pub rule: &'a str,
    /// The message, already wrapped to the terminal's width when there is one.
    pub message: Cow<'a, str>,
    pub parts: Vec<Part<'a>>,
}

/// One part of a finding under its title, in the order drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part<'a> {
    /// One source line with one span underlined: `^` under the finding's own place, `-` under a
    /// related one; `span` is a byte range that `report::span` clamped to the text.
    Source {
        path: &'a str,
        line: usize,
        text: &'a str,
        span: Range<usize>,
        primary: bool,
        label: Option<&'a str>,
    },
    /// A place whose text is not shown: the path, with line and column unless it is the whole
    /// file.
    Origin {
        path: &'a str,
        at: Option<(usize, usize)>,
    },
    /// A closing `= note: …`, `= fix: …` or `= help: …`.
    Message {
        kind: MessageKind,
        text: Cow<'a, str>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Note,
    Fix,
    Help,
}

impl MessageKind {
    /// The word before the colon.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Note => "note",
            MessageKind::Fix => "fix",
            MessageKind::Help => "help",
        }
    }

    fn level(self) -> Level<'static> {
        match self {
            MessageKind::Note => Level::NOTE,
            MessageKind::Fix => Level::HELP.with_name("fix"),
            MessageKind::Help => Level::HELP,
        }
    }
}

impl<'a> Shape<'a> {
    /// The parts of `f`. `rule` is its description, when known (its summary labels the
    /// underline); `width` is the terminal's, when writing to one (the message is wrapped to it).
    pub fn of(f: &'a Finding, rule: Option<&'a RuleDescription>, width: Option<usize>) -> Self {
        // On a terminal, the message is wrapped to its width; the drawers line up the
        // continuation lines under the message's start.
        let prefix = f.severity.as_str().len() + f.rule.len() + 4;
        let message = match width {
            Some(w) => Cow::Owned(wrap(&f.message, w.saturating_sub(prefix).max(30))),
            None => Cow::Borrowed(f.message.as_str()),
        };
        let mut parts = Vec::with_capacity(3 + f.related.len());
        match (&f.location, &f.source_line) {
            (Some(l), Some(src)) if !l.is_whole_file() => {
                // The rule's one-line summary says what is wrong with the underlined text; skip
                // it when the message already says exactly that.
                let label = rule
                    .filter(|r| r.summary.trim() != f.message.trim())
                    .map(|r| r.summary.trim());
                parts.push(source(l, &src.text, true, label));
            }
            (Some(l), _) if !l.is_whole_file() => parts.push(Part::Origin {
                path: l.path.as_str(),
                at: Some((l.line as usize, l.column.max(1) as usize)),
            }),
            (Some(l), _) => parts.push(Part::Origin {
                path: l.path.as_str(),
                at: None,
            }),
            (None, _) => {}
        }
        // The other places the finding is about, each under the main one with what it is.
        for r in &f.related {
            let l = &r.location;
            match &r.source_line {
                Some(src) if !l.is_whole_file() => {
                    parts.push(source(l, &src.text, false, Some(r.message.as_str())));
                }
                _ => {
                    let text = if l.is_whole_file() {
                        format!("{}: {}", r.message, l.path)
                    } else {
                        format!("{}: {}:{}", r.message, l.path, l.line)
                    };
                    parts.push(Part::Message {
                        kind: MessageKind::Note,
                        text: Cow::Owned(text),
                    });
                }
            }
        }
        if let Some(fix) = f
            .fix
            .as_deref()
            .map(str::trim_end)
            .filter(|s| !s.is_empty())
        {
            // Continuation lines line up under the first, so a multi-line fix becomes an
            // indented block that keeps the script's own relative indentation.
            parts.push(Part::Message {
                kind: MessageKind::Fix,
                text: Cow::Borrowed(fix),
            });
        }
        let mut hint = String::with_capacity(26 + f.rule.len());
        hint.push_str("run `hybridlint explain ");
        hint.push_str(&f.rule);
        hint.push('`');
        parts.push(Part::Message {
            kind: MessageKind::Help,
            text: Cow::Owned(hint),
        });
        Shape {
            severity: f.severity,
            rule: f.rule.as_str(),
            message,
            parts,
        }
    }

    /// The same parts as an annotate-snippets report.
    pub fn groups(&self) -> Vec<Group<'_>> {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let title = level.primary_title(self.message.as_ref()).id(self.rule);
        let mut group = Group::with_title(title);
        for part in &self.parts {
            group = match part {
                Part::Source {
                    path,
                    line,
                    text,
                    span,
                    primary,
                    label,
                } => {
                    let kind = if *primary {
                        AnnotationKind::Primary
                    } else {
                        AnnotationKind::Context
                    };
                    let mut annotation = kind.span(span.clone());
                    if let Some(label) = label {
                        annotation = annotation.label(*label);
                    }
                    group.element(
                        Snippet::source(*text)
                            .line_start(*line)
                            .path(*path)
                            .annotation(annotation),
                    )
                }
                Part::Origin { path, at } => {
                    let origin = Origin::path(*path);
                    match at {
                        Some((line, column)) => {
                            group.element(origin.line(*line).char_column(*column))
                        }
                        None => group.element(origin),
                    }
                }
                Part::Message { kind, text } => group.element(kind.level().message(text.as_ref())),
            };
        }
        vec![group]
    }
}

/// `text` with line breaks between words so no line is longer than `width` characters (a word
/// longer than that keeps its own line).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

/// The source line up to any line break, without trailing blanks: a finding points at one line,
/// and a stray `\r` or `\n` copied from the evidence must not make the renderer draw (and
/// number) more lines; trailing blanks would only leave invisible noise in the output.
/// A place shown with the first line of its source text and its span underlined.
fn source<'a>(
    l: &'a crate::model::Location,
    source_text: &'a str,
    primary: bool,
    label: Option<&'a str>,
) -> Part<'a> {
    let text = first_line(source_text);
    Part::Source {
        path: l.path.as_str(),
        line: l.line as usize,
        text,
        span: span(text, l.column, l.len),
        primary,
        label,
    }
}

fn first_line(text: &str) -> &str {
    let end = memchr::memchr2(b'\n', b'\r', text.as_bytes()).unwrap_or(text.len());
    // Both are ASCII, so `end` is a character boundary.
    text.get(..end).unwrap_or(text).trim_end()
}
