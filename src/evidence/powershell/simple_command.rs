//! A fast reading of the text most transcript prompts hold: one command with plain arguments
//! (`Set-CsOAuthConfiguration -ServiceName 00000004-0000-0ff1-ce00-000000000000 -Realm 'x'`).
//! It gives exactly what the tree-sitter reading gives (the same statements, positions and
//! values, evaluated with the same variables) and declines everything else, which tree-sitter
//! then reads. `tests/simple_command_equivalence.rs` holds it to that on every fixture and corpus
//! line and on generated lines.
//!
//! Read here: a command name (`Verb-Noun` or a plain name), then `-Name`, `-Name:value` and
//! values: bare words, `'…'`, `"…"` without backticks, `""` or `$(…)`/`${…}`, and `$name`.
//! Declined: anything else (pipes, `;`, brackets, `@`, `&`, `.`-invocation, redirection,
//! comments, here-strings, continuation lines, assignments, operators, commas, non-ASCII text).

use super::expression::computed;
use super::value::Val;
use super::{
    ArgumentAst, CommandAst, Env, Parsed, Part, Shape, ValueAst, Walker, expandable_parts,
    is_switch, unquote_single, variable_name,
};

/// Reads `text` as one simple command (or a pipeline of them) and runs it with the variables
/// `env` holds, or returns `None` (and leaves `env` alone) when the text is not that simple.
pub fn read(text: &str, env: &mut Env) -> Option<Parsed> {
    let line = SimpleLine::split(text)?;
    let walker = Walker::new(text, std::mem::take(env));
    let mut parsed = Parsed::default();
    for (i, stage) in line.stages.iter().enumerate() {
        let piped_into = line.stages[i + 1..]
            .iter()
            .map(|s| s.name.to_string())
            .collect();
        let command = walker.simple_command(text, stage, piped_into);
        walker.record_command(command, &mut parsed.statements);
    }
    *env = walker.env.into_inner();
    Some(parsed)
}

/// Bytes that end the fast reading wherever they stand, even inside quotes (where most are
/// harmless, but rare enough in typed commands that tree-sitter may read them).
const DECLINED: &[u8] = b"#`;(){}[]&<>=+*?!%^~";

/// Bytes a simple line cannot hold: control characters and [`DECLINED`], as a table (every byte
/// of every typed command is looked up).
const REFUSED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || b == 0x7f;
        b += 1;
    }
    let mut i = 0;
    while i < DECLINED.len() {
        table[DECLINED[i] as usize] = true;
        i += 1;
    }
    table
};

/// Words that are PowerShell keywords where a command name stands.
const KEYWORDS: &[&str] = &[
    "begin",
    "break",
    "catch",
    "class",
    "clean",
    "configuration",
    "continue",
    "data",
    "define",
    "do",
    "dynamicparam",
    "else",
    "elseif",
    "end",
    "enum",
    "exit",
    "filter",
    "finally",
    "for",
    "foreach",
    "from",
    "function",
    "hidden",
    "if",
    "in",
    "inlinescript",
    "parallel",
    "param",
    "process",
    "return",
    "sequence",
    "static",
    "switch",
    "throw",
    "trap",
    "try",
    "until",
    "using",
    "var",
    "while",
    "workflow",
];

/// The line split into its pipeline's commands. Positions are byte offsets, which are also
/// character columns: the line is ASCII. A line that only names a variable or its member
/// (`$sp.ServicePrincipalNames`, typed to print it) has no command and runs nothing.
struct SimpleLine<'t> {
    stages: Vec<Stage<'t>>,
}

/// One command of the pipeline: its name, and its words up to the next `|`.
struct Stage<'t> {
    name: &'t str,
    name_start: usize,
    /// Where the command's text ends (before the `|` that follows it, or the line's end).
    end: usize,
    words: Vec<Word<'t>>,
}

enum Word<'t> {
    /// `-Name`. In `-Name:value` the grammar reads the colon as a separator: the value is a word
    /// of its own, bound as the next word is.
    Parameter {
        name: &'t str,
        start: usize,
    },
    Value(Token<'t>),
    /// The `,` of `a,b`: the grammar keeps it as an element of its own, between two values.
    Comma(usize),
}

struct Token<'t> {
    text: &'t str,
    start: usize,
    kind: TokenKind,
}

impl Token<'_> {
    /// A bare word that does not start as a number does.
    fn is_plain_word(&self) -> bool {
        matches!(self.kind, TokenKind::Bare) && !self.text.starts_with(|c: char| c.is_ascii_digit())
    }
}

#[derive(Clone, Copy)]
enum TokenKind {
    Bare,
    SingleQuoted,
    DoubleQuoted,
    Variable,
}

/// Whether a word may end at `at`: the line ends, a space or a pipe follows.
fn ends_word(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at), None | Some(b' ' | b'|'))
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

impl<'t> SimpleLine<'t> {
    fn split(text: &'t str) -> Option<Self> {
        let bytes = text.as_bytes();
        if !text.is_ascii() || bytes.iter().any(|b| REFUSED[usize::from(*b)]) {
            return None;
        }
        let first = skip_spaces(bytes, 0);
        if bytes.get(first) == Some(&b'$') {
            return only_a_variable(bytes, first).then_some(SimpleLine { stages: Vec::new() });
        }
        let mut stages = Vec::new();
        let mut at = first;
        loop {
            let stage = stage(text, at)?;
            // A service-principal cmdlet takes its target from the stage before it, which the
            // tree walk evaluates: left to it.
            if !stages.is_empty() && stage.name.to_ascii_lowercase().contains("serviceprincipal") {
                return None;
            }
            at = stage.end;
            stages.push(stage);
            if at == bytes.len() {
                break;
            }
            // At a `|`: the next command follows.
            at = skip_spaces(bytes, at + 1);
        }
        Some(SimpleLine { stages })
    }
}

/// `$name` or `$name.Member.Member`, alone on the line.
fn only_a_variable(bytes: &[u8], start: usize) -> bool {
    let mut at = start;
    loop {
        // `$` or `.`, then a name.
        let name_start = at + 1;
        if !bytes
            .get(name_start)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        {
            return false;
        }
        at = name_start;
        while bytes.get(at).is_some_and(|b| is_name_byte(*b)) {
            at += 1;
        }
        if bytes.get(at) != Some(&b'.') {
            break;
        }
    }
    skip_spaces(bytes, at) == bytes.len()
}

/// The command starting at `name_start`, up to the next `|` or the line's end.
fn stage(text: &str, name_start: usize) -> Option<Stage<'_>> {
    let bytes = text.as_bytes();
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    // `Verb-Noun`: a dash ends the name unless a word character follows it.
    let mut at = name_start;
    while at < bytes.len()
        && (is_name_byte(bytes[at])
            || bytes[at] == b'-' && bytes.get(at + 1).is_some_and(|b| is_name_byte(*b)))
    {
        at += 1;
    }
    if !ends_word(bytes, at) {
        return None;
    }
    let name = &text[name_start..at];
    // `foreach-Object` is a command, but the grammar reads `foreach-A` as the keyword: a name
    // whose first part is a keyword is left to it.
    let first_part = name.split('-').next().unwrap_or(name);
    if KEYWORDS.iter().any(|k| first_part.eq_ignore_ascii_case(k)) {
        return None;
    }
    let mut words = Vec::new();
    loop {
        at = skip_spaces(bytes, at);
        if at == bytes.len() || bytes[at] == b'|' {
            break;
        }
        let (word, end) = if bytes[at] == b'-' {
            parameter(text, at)?
        } else {
            let token = token(text, at)?;
            let end = token.start + token.text.len();
            (Word::Value(token), end)
        };
        let is_parameter = matches!(word, Word::Parameter { .. });
        words.push(word);
        at = end;
        // `-Name:value`: the value follows the colon at once.
        if is_parameter && bytes.get(at) == Some(&b':') {
            let value = token(text, at + 1)?;
            at = value.start + value.text.len();
            words.push(Word::Value(value));
        }
        // `a,b`, `a, b`: a comma right after a bare word, then the next value. (After a number,
        // a variable or a string the grammar reads an array expression instead.)
        while bytes.get(at) == Some(&b',')
            && matches!(words.last(), Some(Word::Value(t)) if t.is_plain_word())
        {
            words.push(Word::Comma(at));
            let value = token(text, skip_spaces(bytes, at + 1))?;
            at = value.start + value.text.len();
            words.push(Word::Value(value));
        }
        if !ends_word(bytes, at) {
            return None;
        }
    }
    // A `|` must lead to another command.
    if at < bytes.len() && skip_spaces(bytes, at + 1) == bytes.len() {
        return None;
    }
    Some(Stage {
        name,
        name_start,
        end: at,
        words,
    })
}

/// `-Name` at `start`, and where it ends.
fn parameter(text: &str, start: usize) -> Option<(Word<'_>, usize)> {
    let bytes = text.as_bytes();
    let name_start = start + 1;
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let mut at = name_start;
    while at < bytes.len() && is_name_byte(bytes[at]) {
        at += 1;
    }
    let name = &text[name_start..at];
    Some((Word::Parameter { name, start }, at))
}

/// The value written at `start`: a quoted string, a variable or a bare word.
fn token(text: &str, start: usize) -> Option<Token<'_>> {
    let bytes = text.as_bytes();
    let first = *bytes.get(start)?;
    let (kind, end) = match first {
        b'\'' => {
            let mut at = start + 1;
            loop {
                match bytes.get(at)? {
                    // `''` is a quote inside the string.
                    b'\'' if bytes.get(at + 1) == Some(&b'\'') => at += 2,
                    b'\'' => break,
                    _ => at += 1,
                }
            }
            (TokenKind::SingleQuoted, at + 1)
        }
        b'"' => {
            let mut at = start + 1;
            loop {
                match bytes.get(at)? {
                    b'"' if bytes.get(at + 1) == Some(&b'"') => return None,
                    b'"' => break,
                    b'$' if matches!(bytes.get(at + 1), Some(b'(' | b'{')) => return None,
                    _ => at += 1,
                }
            }
            (TokenKind::DoubleQuoted, at + 1)
        }
        b'$' => {
            let name_start = start + 1;
            let mut at = name_start;
            while at < bytes.len() && is_name_byte(bytes[at]) {
                at += 1;
            }
            if at == name_start || bytes[name_start].is_ascii_digit() {
                return None;
            }
            (TokenKind::Variable, at)
        }
        // A hexadecimal number is an expression of its own kind.
        b'0' if matches!(bytes.get(start + 1), Some(b'x' | b'X')) => return None,
        _ if is_name_byte(first) => {
            let mut at = start + 1;
            while at < bytes.len()
                && (is_name_byte(bytes[at])
                    || matches!(bytes[at], b'.' | b':' | b'/' | b'\\' | b'-' | b'@'))
            {
                at += 1;
            }
            (TokenKind::Bare, at)
        }
        _ => return None,
    };
    Some(Token {
        text: &text[start..end],
        start,
        kind,
    })
}

impl Walker<'_> {
    /// The command a stage holds, its arguments bound as `Walker::arguments` binds them.
    fn simple_command(&self, text: &str, stage: &Stage, piped_into: Vec<String>) -> CommandAst {
        let mut arguments: Vec<ArgumentAst> = Vec::new();
        // Whether the last argument is a parameter still waiting for its value.
        let mut pending = false;
        for word in &stage.words {
            let value = match word {
                Word::Parameter { name, start } => {
                    pending = !is_switch(name);
                    arguments.push(ArgumentAst {
                        parameter: Some((*name).to_string()),
                        value: None,
                        split_off: Vec::new(),
                        line: 0,
                        column: *start,
                        len: name.len() + 1,
                    });
                    continue;
                }
                Word::Value(token) => self.simple_value(token),
                Word::Comma(at) => comma(*at),
            };
            match arguments.last_mut().filter(|_| pending) {
                Some(last) => {
                    last.len = (value.column + value.text.len())
                        .saturating_sub(last.column)
                        .max(last.len);
                    last.value = Some(value);
                }
                None => arguments.push(ArgumentAst {
                    parameter: None,
                    line: 0,
                    column: value.column,
                    len: value.text.len(),
                    value: Some(value),
                    split_off: Vec::new(),
                }),
            }
            pending = false;
        }
        CommandAst {
            name: stage.name.to_string(),
            arguments,
            text: text[stage.name_start..stage.end].trim_end().to_string(),
            line: 0,
            column: stage.name_start,
            name_len: stage.name.len(),
            assigned_to: None,
            piped_into,
            input: None,
            input_principal: None,
            conditional: false,
            in_uncalled_function: false,
        }
    }

    /// A value as `Walker::value` describes it, evaluated with the variables as they are.
    fn simple_value(&self, token: &Token) -> ValueAst {
        let text = token.text;
        let (shape, parts, val) = match token.kind {
            TokenKind::Bare => (
                Shape::Bare,
                vec![Part::Text(text.to_string())],
                Val::Text(text.to_string()),
            ),
            TokenKind::SingleQuoted => {
                let inner = unquote_single(text);
                (
                    Shape::Literal,
                    vec![Part::Text(inner.clone())],
                    Val::Text(inner),
                )
            }
            TokenKind::DoubleQuoted => (
                Shape::Expandable,
                expandable_parts(text),
                self.interpolate(expandable_parts(text), text, || None),
            ),
            TokenKind::Variable => {
                let name = variable_name(text);
                let lower = name.to_ascii_lowercase();
                let (shape, part) = match lower.as_str() {
                    "true" | "false" | "null" => (Shape::Constant, Part::Text(format!("${lower}"))),
                    _ => (Shape::Variable, Part::Variable(name)),
                };
                (shape, vec![part], self.variable(text))
            }
        };
        ValueAst {
            text: text.to_string(),
            shape,
            parts,
            line: 0,
            column: token.start,
            strings: Vec::new(),
            hash_entries: Vec::new(),
            val,
        }
    }
}

/// A comma element as `Walker::value` describes it: an expression only run time knows.
fn comma(column: usize) -> ValueAst {
    ValueAst {
        text: ",".to_string(),
        shape: Shape::Expression,
        parts: vec![Part::Unknown],
        line: 0,
        column,
        strings: Vec::new(),
        hash_entries: Vec::new(),
        val: computed(","),
    }
}
