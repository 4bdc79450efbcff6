//! PowerShell syntax, via tree-sitter-powershell: turns command text (a script, or one command
//! typed at a transcript prompt) into statements: command pipelines, method calls on variables,
//! and assignments. Values keep their parts (literal text and variable references) so that
//! `resolve` can expand them once the variables of the whole file are known.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use tree_sitter::{Node, Parser, Tree};

pub mod env;
mod expression;
mod flow;
mod kind;
pub mod simple_command;
pub mod value;

pub use env::Env;
use kind::KindName;
use value::Val;

/// Part of a value: literal text, a variable reference, or something only run time knows.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Text(String),
    Variable(String),
    /// A variable member (`$sp.Id`): the variable and the member chain.
    Member(String, Vec<String>),
    Unknown,
}

/// How a value was written (mirrors `model::ValueKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Bare,
    Literal,
    Expandable,
    Variable,
    Constant,
    Expression,
}

/// A value as written, with its position in the parsed text (0-based line, char column).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueAst {
    pub text: String,
    pub shape: Shape,
    pub parts: Vec<Part>,
    pub line: usize,
    pub column: usize,
    /// String literals found inside an expression (`@("a", "b")`), for literal lists.
    pub strings: Vec<String>,
    /// Hashtable entries inside an expression (`@{Type="AsymmetricX509Cert"; Usage="Verify"}`).
    pub hash_entries: Vec<(String, ValueAst)>,
    /// What the evaluator knows of the value where it is used.
    pub val: Val,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArgumentAst {
    pub parameter: Option<String>,
    pub value: Option<ValueAst>,
    pub split_off: Vec<ValueAst>,
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CommandAst {
    pub name: String,
    pub arguments: Vec<ArgumentAst>,
    pub text: String,
    pub line: usize,
    pub column: usize,
    pub name_len: usize,
    pub assigned_to: Option<String>,
    pub piped_into: Vec<String>,
    /// What the stage before this one in its pipeline passes in (`$sp | Set-…`): as written, and
    /// the service principal it is when the evaluator knows.
    pub input: Option<String>,
    pub input_principal: Option<String>,
    /// Inside a branch, loop or handler that may not run.
    pub conditional: bool,
    /// Inside a function the text defines but never calls: whoever calls it (a script that
    /// dot-sources this one) may have set the variables it reads.
    pub in_uncalled_function: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MethodCallAst {
    pub variable: String,
    pub members: Vec<String>,
    pub method: String,
    pub arguments: Vec<ValueAst>,
    /// The variable the call's result is assigned to (`$c = [X509Certificate2]::new(…)`).
    pub assigned_to: Option<String>,
    pub line: usize,
    pub column: usize,
    pub len: usize,
    /// Inside a branch, loop or handler that may not run.
    pub conditional: bool,
    /// The service principal (app id) the variable held at the call.
    pub principal: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentAst {
    pub variable: String,
    pub value: ValueAst,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    Command(CommandAst),
    MethodCall(MethodCallAst),
    Assignment(AssignmentAst),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub len: usize,
    pub detail: String,
    /// The error is a `<placeholder>` left in a command (`detail` says which).
    pub placeholder: bool,
}

/// A `#` line comment (block comments `<# … #>` are left out), with its position in the parsed
/// text (0-based line, char column) and its text from the `#` on.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentAst {
    pub text: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    pub statements: Vec<Statement>,
    pub errors: Vec<SyntaxError>,
    /// Line comments, in source order (for inline suppressions).
    pub comments: Vec<CommentAst>,
}

/// Parameters known to be switches (the cmdlet catalogue's): they never take the following word
/// as their value.
fn is_switch(name: &str) -> bool {
    crate::cmdlets::is_switch(name)
}

/// Parses and evaluates PowerShell text with a fresh set of variables. Never fails: syntax errors
/// are returned with the statements that could be read.
pub fn parse(text: &str) -> Parsed {
    parse_with(text, &mut Env::new())
}

/// Parses and evaluates PowerShell text with the variables `env` holds (a transcript keeps them
/// from one prompt to the next), leaving in `env` what the text assigned. When the file has errors,
/// tree-sitter's recovery can swallow later lines, so each logical line is parsed again on its own
/// and whatever parses cleanly is kept.
///
/// A simple command line (a name and plain arguments, what most transcript prompts hold) is read
/// by `simple_command` without tree-sitter, to the same result.
pub fn parse_with(text: &str, env: &mut Env) -> Parsed {
    if let Some(parsed) = simple_command::read(text, env) {
        return parsed;
    }
    parse_with_tree_sitter(text, env)
}

/// `parse_with` through tree-sitter alone, without the simple-command reading (which is tested
/// against this).
pub fn parse_with_tree_sitter(text: &str, env: &mut Env) -> Parsed {
    let Some(tree) = parse_tree(text) else {
        return Parsed::default();
    };
    // Text that parses (nearly every transcript prompt) is evaluated straight into `env`; only
    // text that may need another reading keeps a copy of the variables to start that one from.
    let may_read_again = tree.root_node().has_error() || text.contains('<');
    if !may_read_again {
        // An error can only be the depth limit: another reading would stop at the same depth.
        return evaluate(text, &tree, env);
    }
    let before = env.clone();
    let walker = Walker::new(text, std::mem::take(env));
    let mut parsed = walker.syntax(tree.root_node());
    // A reading with syntax errors (or placeholders) is never kept: another reading, or the
    // logical lines one by one, take its place. So its statements are walked only if the error
    // list must be whole (the depth limit adds to it), which is when no other reading parses.
    // The walk of a broken tree was most of the cost of a typed path with a `$(…)` in it.
    let unwalked = if parsed.errors.is_empty() {
        walker.walk_statements(tree.root_node(), &mut parsed);
        *env = walker.env.into_inner();
        if parsed.errors.is_empty() {
            return parsed;
        }
        None
    } else {
        Some(walker)
    };
    if let Some((mut again, trial)) = parse_around_grammar_gaps(text, &before) {
        // The comments as written (the workarounds touch comment lines).
        again.comments = std::mem::take(&mut parsed.comments);
        *env = trial;
        return again;
    }
    if let Some(walker) = unwalked {
        // Only for the depth limit's error: the statements are dropped below.
        walker.walk_statements(tree.root_node(), &mut parsed);
    }
    *env = before;
    let whole_errors = std::mem::take(&mut parsed.errors);
    // Comments are tokens: the whole-text parse finds them even around a syntax error.
    let comments = std::mem::take(&mut parsed.comments);
    let mut statements = Vec::new();
    // The errors of the logical lines that fail on their own: tree-sitter's recovery over the whole
    // text can report errors far from the cause, on lines that are fine.
    let mut errors = Vec::new();
    for (start, chunk) in logical_lines(text) {
        let mut trial = env.clone();
        let mut sub = parse_once(&chunk, &mut trial);
        if !sub.errors.is_empty()
            && let Some((good, after)) = parse_around_grammar_gaps(&chunk, env)
        {
            sub = good;
            trial = after;
        }
        if sub.errors.is_empty() {
            *env = trial;
            statements.extend(sub.statements.into_iter().map(|s| shift(s, start)));
            continue;
        }
        // The grammar rejects a chunk of only comments or blank lines, which PowerShell accepts.
        let only_comments = chunk.lines().all(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#')
        });
        if !only_comments {
            errors.extend(sub.errors.into_iter().map(|mut e| {
                e.line += start;
                e
            }));
        }
        // The chunk may have joined a broken line with good ones: try its lines one by one.
        if chunk.contains('\n') {
            for (i, line) in chunk.split('\n').enumerate() {
                let mut trial = env.clone();
                let one = parse_once(line, &mut trial);
                if one.errors.is_empty() {
                    *env = trial;
                    statements.extend(one.statements.into_iter().map(|s| shift(s, start + i)));
                }
            }
        }
    }
    // Whichever reading blames fewer places is nearer the cause (a cascade in one, a long block
    // cut into lines in the other).
    if errors.is_empty() || errors.len() > whole_errors.len() {
        errors = whole_errors;
    }
    Parsed {
        statements,
        errors,
        comments,
    }
}

/// The text read around the grammar's gaps, when one of the readings parses without error: with
/// the statements (columns the written text's) and the variables after them. Argument-mode paths
/// PowerShell reads as one word (`md $env:SYSTEMDRIVE\OAuthConfig`) that the grammar rejects are
/// quoted, as PowerShell binds them; two more gaps are worked around with text of the same length
/// (see `grammar_workarounds`).
fn parse_around_grammar_gaps(text: &str, before: &Env) -> Option<(Parsed, Env)> {
    let quoted = quote_argument_paths(text);
    let mut candidates: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    if let Some((q, inserts)) = &quoted {
        candidates.push((q.clone(), inserts.clone()));
    }
    if let Some(w) = grammar_workarounds(text) {
        candidates.push((w, Vec::new()));
    }
    if let Some((q, inserts)) = &quoted
        && let Some(w) = grammar_workarounds(q)
    {
        candidates.push((w, inserts.clone()));
    }
    candidates.into_iter().find_map(|(candidate, inserts)| {
        let mut trial = before.clone();
        let mut again = parse_once(&candidate, &mut trial);
        again.errors.is_empty().then(|| {
            unshift_columns(&mut again, &inserts);
            if inserts.is_empty() {
                restore_names(&mut again, text, &candidate);
            }
            (again, trial)
        })
    })
}

/// Splits text into logical lines: physical lines joined while a line ends with a backtick or a
/// bracket is still open, or the next line opens the block of this one (`if (…)` with its `{` on
/// the line below, as Microsoft's pages write it). A rough count: it only decides what to re-parse
/// after an error.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut depth: i32 = 0;
    let lines: Vec<&str> = text.lines().collect();
    let block_follows = |i: usize| {
        lines
            .get(i + 1)
            .is_some_and(|next| next.trim_start().starts_with('{'))
    };
    for (i, line) in lines.iter().enumerate() {
        if current.is_empty() {
            start = i;
        } else {
            current.push('\n');
        }
        current.push_str(line);
        for c in line.chars() {
            match c {
                '(' | '{' | '[' => depth += 1,
                ')' | '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        let continued = line.trim_end().ends_with('`')
            || (depth > 0 && depth < 8)
            || (depth == 0 && !line.trim().is_empty() && block_follows(i));
        if !continued {
            out.push((start, std::mem::take(&mut current)));
            depth = 0;
        }
    }
    if !current.is_empty() {
        out.push((start, current));
    }
    out
}

fn shift(statement: Statement, lines: usize) -> Statement {
    fn v(mut value: ValueAst, lines: usize) -> ValueAst {
        value.line += lines;
        value.hash_entries = value
            .hash_entries
            .into_iter()
            .map(|(k, e)| (k, v(e, lines)))
            .collect();
        value
    }
    match statement {
        Statement::Command(mut c) => {
            c.line += lines;
            for a in &mut c.arguments {
                a.line += lines;
                a.value = a.value.take().map(|x| v(x, lines));
                a.split_off = std::mem::take(&mut a.split_off)
                    .into_iter()
                    .map(|x| v(x, lines))
                    .collect();
            }
            Statement::Command(c)
        }
        Statement::MethodCall(mut m) => {
            m.line += lines;
            m.arguments = m.arguments.into_iter().map(|x| v(x, lines)).collect();
            Statement::MethodCall(m)
        }
        Statement::Assignment(mut a) => {
            a.line += lines;
            a.value = v(a.value, lines);
            Statement::Assignment(a)
        }
    }
}

thread_local! {
    /// One parser per thread, reused: a transcript parses every command typed at a prompt on its
    /// own, and setting up a parser each time cost as much as parsing a short command.
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
    /// Syntax trees of short texts parsed lately, by text: a session types the same commands
    /// again and again (`Get-CsOAuthConfiguration`, `$sp.ServicePrincipalNames`), and the same
    /// text always parses to the same tree (a copy of a tree shares its nodes, so a hit costs
    /// no parse and little memory). Bounded: emptied when full.
    static RECENT_TREES: RefCell<HashMap<String, Tree>> = RefCell::new(HashMap::new());
}

/// Texts longer than this are not kept (scripts, long pasted blocks: seldom typed twice).
const RECENT_TREE_MAX_TEXT: usize = 512;
/// How many trees are kept before the cache is emptied.
const RECENT_TREE_CAPACITY: usize = 1024;

fn parse_tree(text: &str) -> Option<Tree> {
    let cacheable = text.len() <= RECENT_TREE_MAX_TEXT;
    if cacheable && let Some(tree) = RECENT_TREES.with(|c| c.borrow().get(text).cloned()) {
        return Some(tree);
    }
    let tree = PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser
                .set_language(&tree_sitter_powershell::LANGUAGE.into())
                .ok()?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut()?;
        let tree = parser.parse(text, None);
        // A parse that stopped early leaves state behind; start the next one afresh.
        parser.reset();
        tree
    })?;
    if cacheable {
        RECENT_TREES.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= RECENT_TREE_CAPACITY {
                c.clear();
            }
            c.insert(text.to_string(), tree.clone());
        });
    }
    Some(tree)
}

fn parse_once(text: &str, env: &mut Env) -> Parsed {
    match parse_tree(text) {
        Some(tree) => evaluate(text, &tree, env),
        None => Parsed::default(),
    }
}

/// Walks a parsed tree in PowerShell's order, with the variables `env` holds.
fn evaluate(text: &str, tree: &tree_sitter::Tree, env: &mut Env) -> Parsed {
    let walker = Walker::new(text, std::mem::take(env));
    let mut parsed = walker.syntax(tree.root_node());
    walker.walk_statements(tree.root_node(), &mut parsed);
    *env = walker.env.into_inner();
    parsed
}

/// How deep the walker follows the syntax tree. Real scripts stay far below; a hostile file (ten
/// thousand nested parentheses, a chain of a hundred thousand `+`, five thousand nested
/// hashtables) must not exhaust the stack, in a debug build too (the tests'), where a level of
/// nested hashtables takes about 5.5 KB: 1,500 levels overflowed the main thread's 8 MiB.
pub const MAX_DEPTH: usize = 1000;

/// One line of the parsed text, with what turns byte columns into character columns quickly.
struct Line<'a> {
    text: &'a str,
    /// For a line that is not ASCII: the character count before every `CHUNK`-th byte.
    checkpoints: Option<Vec<usize>>,
}

const CHUNK: usize = 256;

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Self {
        let checkpoints = (!text.is_ascii()).then(|| {
            let mut out = vec![0];
            let mut count = 0;
            for chunk in text.as_bytes().chunks(CHUNK) {
                count += chunk.iter().filter(|b| (**b & 0xC0) != 0x80).count();
                out.push(count);
            }
            out
        });
        Line { text, checkpoints }
    }

    /// The number of characters before byte `column` (clamped to the line).
    fn chars_before(&self, column: usize) -> usize {
        let column = column.min(self.text.len());
        match &self.checkpoints {
            None => column,
            Some(points) => {
                let block = column / CHUNK;
                let start = block * CHUNK;
                points[block]
                    + self.text.as_bytes()[start..column]
                        .iter()
                        .filter(|b| (**b & 0xC0) != 0x80)
                        .count()
            }
        }
    }
}

struct Walker<'a> {
    src: &'a str,
    lines: Vec<Line<'a>>,
    /// How deep the recursive walks are now, and whether one stopped at `MAX_DEPTH`.
    depth: Cell<usize>,
    too_deep: Cell<bool>,
    /// The variables as the walk has reached them.
    env: RefCell<Env>,
    /// How many enclosing branches, loops or handlers may not run.
    conditional: Cell<usize>,
    /// How many enclosing bodies of functions the text never calls are being walked.
    uncalled: Cell<usize>,
    /// Functions defined so far (lower-case name → `function_statement`), which of them were
    /// called, and the calls under way (to stop recursion).
    functions: RefCell<HashMap<String, Node<'a>>>,
    called: RefCell<HashSet<String>>,
    call_stack: RefCell<Vec<String>>,
    /// `$x = Get-Thing -Arg …`: the command as its value was read, kept for the run that follows
    /// at once with the same variables, so its arguments are evaluated once, not twice.
    assigned_command: RefCell<Option<(usize, CommandAst)>>,
    /// Set only while an assignment's right side is evaluated.
    keep_assigned_command: Cell<bool>,
    /// Whether the text holds a `|` (a pipeline of several commands) or a `=` (every assignment
    /// operator has one): in a tree without errors, a text with neither has no command with a
    /// next stage or an assigned variable, and the walk up the tree that looks for them
    /// (`Node::parent` starts from the root every time) is skipped. (A tree with errors may
    /// hold commands side by side, or an operator the parser supplied.)
    has_pipe: bool,
    has_equals: bool,
    /// Set when the statements of a tree without errors are walked.
    tree_is_clean: Cell<bool>,
    /// The nodes `run` is inside, outermost first: where `parent_of` starts looking down from.
    running: RefCell<Vec<Node<'a>>>,
}

/// Counts one level of recursion for as long as it lives.
struct Deeper<'w> {
    depth: &'w Cell<usize>,
}

impl Drop for Deeper<'_> {
    fn drop(&mut self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }
}

impl<'a> Walker<'a> {
    /// A walker over `text` (nothing walked yet) with the variables `env` holds.
    fn new(text: &'a str, env: Env) -> Self {
        Walker {
            src: text,
            lines: text.split('\n').map(Line::new).collect(),
            depth: Cell::new(0),
            too_deep: Cell::new(false),
            env: RefCell::new(env),
            conditional: Cell::new(0),
            uncalled: Cell::new(0),
            functions: RefCell::new(HashMap::new()),
            called: RefCell::new(HashSet::new()),
            call_stack: RefCell::new(Vec::new()),
            assigned_command: RefCell::new(None),
            keep_assigned_command: Cell::new(false),
            has_pipe: memchr::memchr(b'|', text.as_bytes()).is_some(),
            has_equals: memchr::memchr(b'=', text.as_bytes()).is_some(),
            tree_is_clean: Cell::new(false),
            running: RefCell::new(Vec::new()),
        }
    }

    /// `node.parent()`, found by looking down from the innermost node being run that holds it.
    /// `Node::parent` looks down from the root, through every statement before this one at each
    /// level: asked for each command of a long script, that was a twentieth of reading it.
    fn parent_of(&self, node: Node<'a>) -> Option<Node<'a>> {
        let from_running = self.running.borrow().iter().rev().find_map(|&outer| {
            let holds = outer.id() != node.id()
                && outer.start_byte() <= node.start_byte()
                && node.end_byte() <= outer.end_byte();
            if !holds {
                return None;
            }
            // The same descent `Node::parent` makes, from `outer` instead of the root; a node
            // that only spans the same text (not an ancestor) ends at a leaf, with `None`.
            let mut at = outer;
            loop {
                let next = at.child_with_descendant(node)?;
                if next.id() == node.id() {
                    return Some(at);
                }
                at = next;
            }
        });
        let parent = from_running.or_else(|| node.parent());
        debug_assert_eq!(parent, node.parent(), "parent of {}", node.kind_name());
        parent
    }

    fn text(&self, node: Node) -> &'a str {
        self.src.get(node.byte_range()).unwrap_or("")
    }

    /// Tree-sitter columns are bytes; people count characters.
    fn column(&self, node: Node) -> usize {
        let p = node.start_position();
        self.lines
            .get(p.row)
            .map_or(p.column, |l| l.chars_before(p.column))
    }

    /// What the tree says before any statement is walked: its syntax errors, then the
    /// placeholders left in it, and its comments.
    fn syntax(&self, root: Node) -> Parsed {
        let mut parsed = Parsed::default();
        self.collect_errors(root, &mut parsed.errors);
        // Every comment holds `#` and every placeholder `<`: without either, the walk finds nothing
        // (it was a sixth of the time spent on a typed pipeline).
        let wants_placeholders = self.src.contains('<');
        if wants_placeholders || self.src.contains('#') {
            let mut placeholders = Vec::new();
            self.collect_comments_and_placeholders(
                root,
                &mut parsed.comments,
                wants_placeholders.then_some(&mut placeholders),
            );
            parsed.errors.append(&mut placeholders);
        }
        parsed
    }

    /// Runs the statements under `root` in PowerShell's order into `parsed`, and adds the depth
    /// limit's error (from this walk or the syntax one) after the others.
    fn walk_statements(&self, root: Node<'a>, parsed: &mut Parsed) {
        self.tree_is_clean.set(!root.has_error());
        self.run(root, &mut parsed.statements);
        self.run_uncalled_functions(&mut parsed.statements);
        if self.too_deep.get() {
            parsed.errors.push(SyntaxError {
                line: 0,
                column: 0,
                len: 1,
                detail: format!(
                    "expressions nested more than {MAX_DEPTH} levels deep; what lies deeper was not read"
                ),
                placeholder: false,
            });
        }
    }

    /// One level deeper, or `None` (and a note) past `MAX_DEPTH`.
    fn deeper(&self) -> Option<Deeper<'_>> {
        if self.depth.get() >= MAX_DEPTH {
            self.too_deep.set(true);
            return None;
        }
        self.depth.set(self.depth.get() + 1);
        Some(Deeper { depth: &self.depth })
    }

    fn collect_errors(&self, node: Node, out: &mut Vec<SyntaxError>) {
        let Some(_level) = self.deeper() else { return };
        if node.is_error() || node.is_missing() {
            let text = self.text(node);
            let first_line = text.lines().next().unwrap_or("").trim();
            let detail = if node.is_missing() {
                format!("missing `{}`", node.kind_name())
            } else if first_line.is_empty() {
                "unexpected text".to_string()
            } else if let Some(hint) = self
                .lines
                .get(node.start_position().row)
                .and_then(|l| quoted_command_hint(l.text.trim_start()))
            {
                hint
            } else {
                let shown: String = first_line.chars().take(40).collect();
                format!("unexpected `{shown}`")
            };
            out.push(SyntaxError {
                line: node.start_position().row,
                column: self.column(node),
                len: text.lines().next().unwrap_or("").chars().count().max(1),
                detail,
                placeholder: false,
            });
            return;
        }
        if !node.has_error() {
            return;
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            self.collect_errors(child, out);
        }
    }

    /// Every `#` line comment under `node`, in source order, and (when `placeholders` is given)
    /// every `<placeholder>` token left in a command, in one walk of the tree with one cursor.
    fn collect_comments_and_placeholders(
        &self,
        node: Node,
        comments: &mut Vec<CommentAst>,
        mut placeholders: Option<&mut Vec<SyntaxError>>,
    ) {
        // Every comment starts with `#` (or `<#`) and every placeholder with `<`: a subtree whose
        // text holds neither has none, and is not walked (the walk of every node was a tenth of
        // reading a folder of scripts). A parent's text spans its children's, comments included.
        let marks: Vec<usize> = memchr::memchr2_iter(b'#', b'<', self.src.as_bytes()).collect();
        let holds_a_mark = |range: std::ops::Range<usize>| {
            let first_at_or_after = marks.partition_point(|&at| at < range.start);
            marks
                .get(first_at_or_after)
                .is_some_and(|&at| at < range.end)
        };
        preorder(node, |n| {
            if !holds_a_mark(n.byte_range()) {
                return false;
            }
            let kind = n.kind_name();
            if kind == "comment" {
                let text = self.text(n);
                if text.starts_with('#') {
                    comments.push(CommentAst {
                        text: text.lines().next().unwrap_or("").to_string(),
                        line: n.start_position().row,
                        column: self.column(n),
                    });
                }
                return false;
            }
            if kind == "generic_token" {
                if let Some(out) = placeholders.as_deref_mut() {
                    self.placeholder(n, out);
                }
                return false;
            }
            true
        });
    }

    fn command(&self, node: Node<'a>) -> Option<CommandAst> {
        let mut c = node.walk();
        let operator = node
            .children(&mut c)
            .find(|n| n.kind_name() == "command_invokation_operator")
            .map(|n| self.text(n).trim().to_string());
        let name_node = node
            .child_by_field_name("command_name")
            .or_else(|| {
                let mut c = node.walk();
                node.children(&mut c)
                    .find(|n| n.kind_name() == "command_name")
            })
            .or_else(|| {
                let mut c = node.walk();
                let expr = node
                    .children(&mut c)
                    .find(|n| n.kind_name() == "command_name_expr")?;
                Some(find_descendant(expr, "command_name").unwrap_or(expr))
            })?;
        // `. .\config.ps1` dot-sources a file: its variables become the script's, unseen here.
        let name = match operator.as_deref() {
            Some(".") => ".".to_string(),
            Some("&") if name_node.kind_name() != "command_name" => "&".to_string(),
            _ => self.text(name_node).to_string(),
        };
        let mut arguments = Vec::new();
        let mut c = node.walk();
        if let Some(elements) = node
            .children(&mut c)
            .find(|n| n.kind_name() == "command_elements")
        {
            arguments = self.arguments(elements);
        }
        let (assigned_to, piped_into) = self.pipeline_context(node);
        // Only the service-principal cmdlets take their target from the pipeline here; evaluating
        // the stage before every `| Format-List` would only cost time.
        let (input, input_principal) = if name.to_ascii_lowercase().contains("serviceprincipal") {
            self.pipeline_input(node)
        } else {
            (None, None)
        };
        Some(CommandAst {
            name,
            arguments,
            text: self.text(node).trim_end().to_string(),
            line: node.start_position().row,
            column: self.column(node),
            name_len: self.text(name_node).chars().count(),
            assigned_to,
            piped_into,
            input,
            input_principal,
            conditional: false,
            in_uncalled_function: false,
        })
    }

    /// The stage piped into `command`, when there is one: its text, and the service principal its
    /// value is (`$sp | Set-MsolServicePrincipal …`, `Get-MsolServicePrincipal -AppPrincipalId … |
    /// Set-MsolServicePrincipal …`).
    fn pipeline_input(&self, command: Node<'a>) -> (Option<String>, Option<String>) {
        let Some(chain) = self.parent_of(command) else {
            return (None, None);
        };
        let mut c = chain.walk();
        let mut previous = None;
        for stage in chain.named_children(&mut c) {
            if stage.id() == command.id() {
                break;
            }
            if stage.kind_name() != "comment" {
                previous = Some(stage);
            }
        }
        let Some(stage) = previous else {
            return (None, None);
        };
        let principal = match self.eval(stage) {
            Val::Principal(p) => Some(p.app_id),
            _ => None,
        };
        (Some(self.text(stage).trim().to_string()), principal)
    }

    /// The variable a pipeline is assigned to and the commands after this one in it.
    fn pipeline_context(&self, command: Node<'a>) -> (Option<String>, Vec<String>) {
        let mut piped_into = Vec::new();
        let clean = self.tree_is_clean.get();
        if clean && !self.has_pipe && !self.has_equals {
            return (None, piped_into);
        }
        let mut seen_self = false;
        // Looked for once (`parent_of`).
        let parent = self.parent_of(command);
        if let Some(chain) = parent {
            let mut c = chain.walk();
            for sibling in chain.children(&mut c) {
                if sibling.id() == command.id() {
                    seen_self = true;
                } else if seen_self && sibling.kind_name() == "command" {
                    let mut cc = sibling.walk();
                    if let Some(n) = sibling
                        .children(&mut cc)
                        .find(|n| n.kind_name() == "command_name")
                    {
                        piped_into.push(self.text(n).to_string());
                    }
                }
            }
        }
        // command → pipeline_chain → pipeline → assignment_expression (possibly through parens).
        let mut cur = parent.filter(|_| !clean || self.has_equals);
        let mut assigned_to = None;
        for _ in 0..4 {
            let Some(n) = cur else { break };
            if n.kind_name() == "assignment_expression" {
                assigned_to = self.assigned_variable(n);
                break;
            }
            if n.kind_name() == "statement_list" || n.kind_name() == "script_block" {
                break;
            }
            cur = self.parent_of(n);
        }
        (assigned_to, piped_into)
    }

    fn assigned_variable(&self, assignment: Node<'a>) -> Option<String> {
        let mut c = assignment.walk();
        let left = assignment
            .children(&mut c)
            .find(|n| n.kind_name() == "left_assignment_expression")?;
        let var = find_descendant(left, "variable")?;
        // `$x.Prop = …` assigns a member, not the variable.
        if self.text(left).trim() != self.text(var) {
            return None;
        }
        Some(variable_name(self.text(var)))
    }

    /// `$var.Member.Method(args)` or `[Type]::Method(args)`.
    fn method_call(&self, node: Node<'a>, assigned_to: Option<String>) -> Option<MethodCallAst> {
        let mut c = node.walk();
        let children: Vec<Node> = node.children(&mut c).collect();
        let method = children
            .iter()
            .rev()
            .find(|n| n.kind_name() == "member_name")
            .map(|n| self.text(*n).to_string())?;
        let target = children.first()?;
        let (variable, members) = match target.kind_name() {
            "member_access" => {
                let text = self.text(*target);
                let mut parts = text.split('.');
                let head = parts.next()?;
                if !head.starts_with('$') {
                    return None;
                }
                (variable_name(head), parts.map(str::to_string).collect())
            }
            "variable" => (variable_name(self.text(*target)), Vec::new()),
            "type_literal" => (self.text(*target).to_string(), Vec::new()),
            _ => return None,
        };
        let mut arguments = Vec::new();
        if let Some(list) = children.iter().find(|n| n.kind_name() == "argument_list")
            && let Some(exprs) = find_descendant(*list, "argument_expression_list")
        {
            let mut cc = exprs.walk();
            for arg in exprs
                .children(&mut cc)
                .filter(|n| n.kind_name() == "argument_expression")
            {
                arguments.push(self.value(arg));
            }
        }
        Some(MethodCallAst {
            variable,
            members,
            method,
            arguments,
            assigned_to,
            line: node.start_position().row,
            column: self.column(node),
            len: self.text(node).lines().next().unwrap_or("").chars().count(),
            conditional: false,
            principal: None,
        })
    }

    /// `@params`: the hashtable's entries as named arguments, a list's items as positional ones,
    /// all placed at the splat (PowerShell binds them as if written there).
    fn splatted(&self, el: Node<'a>) -> Option<Vec<ArgumentAst>> {
        let text = self.text(el).trim();
        if !text.starts_with('@') || text.starts_with("@(") || text.starts_with("@{") {
            return None;
        }
        let name = variable_name(text);
        let line = el.start_position().row;
        let column = self.column(el);
        let len = text.chars().count();
        let at = |val: Val, shown: String| ValueAst {
            text: shown,
            shape: Shape::Expression,
            parts: vec![Part::Variable(name.clone())],
            line,
            column,
            strings: Vec::new(),
            hash_entries: Vec::new(),
            val,
        };
        let arguments = match self.variable(&format!("${name}")) {
            Val::Hash(entries) => entries
                .into_iter()
                .map(|(key, val)| {
                    // A switch splatted as `$true` binds like `-Switch`.
                    let value = (!(is_switch(&key) && val == Val::Bool(true)))
                        .then(|| at(val, format!("@{name}.{key}")));
                    ArgumentAst {
                        parameter: Some(key),
                        value,
                        split_off: Vec::new(),
                        line,
                        column,
                        len,
                    }
                })
                .collect(),
            Val::List(list) if list.current_of.is_none() => list
                .items
                .into_iter()
                .map(|val| ArgumentAst {
                    parameter: None,
                    value: Some(at(val, format!("@{name}"))),
                    split_off: Vec::new(),
                    line,
                    column,
                    len,
                })
                .collect(),
            // What the splat holds is unknown: keep it as one opaque argument.
            other => vec![ArgumentAst {
                parameter: None,
                value: Some(at(other, text.to_string())),
                split_off: Vec::new(),
                line,
                column,
                len,
            }],
        };
        Some(arguments)
    }

    fn arguments(&self, elements: Node<'a>) -> Vec<ArgumentAst> {
        let mut out: Vec<ArgumentAst> = Vec::new();
        // Whether the last argument is a parameter still waiting for its value.
        let mut pending = false;
        let mut c = elements.walk();
        for el in elements.children(&mut c) {
            match el.kind_name() {
                "command_argument_sep" | "comment" => continue,
                "command_parameter" => {
                    let raw = self.text(el);
                    let (name, inline) = split_parameter(raw);
                    let mut arg = ArgumentAst {
                        parameter: Some(name.to_string()),
                        value: None,
                        split_off: Vec::new(),
                        line: el.start_position().row,
                        column: self.column(el),
                        len: raw.lines().next().unwrap_or("").chars().count(),
                    };
                    if inline {
                        // `-Name:value`: the value is a child of the parameter node.
                        let mut cc = el.walk();
                        let value = el.children(&mut cc).filter(|n| n.kind_name() != ":").last();
                        arg.value = value.map(|v| self.value(v));
                        pending = false;
                    } else {
                        pending = !is_switch(name);
                    }
                    out.push(arg);
                }
                // The grammar wraps `+ $b` in expression nodes, so test the text, not the kind.
                _ if !pending
                    && self.text(el).trim_start().starts_with('+')
                    && out.last().is_some_and(|a| a.value.is_some()) =>
                {
                    // `"a" + $b` in command mode: `+ $b` is passed as another argument.
                    let value = self.value(el);
                    if let Some(last) = out.last_mut() {
                        last.split_off.push(value);
                    }
                }
                _ if !pending && let Some(splat) = self.splatted(el) => {
                    out.extend(splat);
                }
                _ => {
                    let value = self.value(el);
                    if pending {
                        if let Some(last) = out.last_mut() {
                            last.len = (value.column
                                + value.text.lines().next().unwrap_or("").chars().count())
                            .saturating_sub(last.column)
                            .max(last.len);
                            last.value = Some(value);
                        }
                        pending = false;
                    } else {
                        out.push(ArgumentAst {
                            parameter: None,
                            line: value.line,
                            column: value.column,
                            len: value.text.lines().next().unwrap_or("").chars().count(),
                            value: Some(value),
                            split_off: Vec::new(),
                        });
                    }
                }
            }
        }
        out
    }

    /// Describes a value node: how it was written and what it is made of.
    fn value(&self, node: Node<'a>) -> ValueAst {
        self.value_as(node, self.eval(node))
    }

    /// Describes a value node whose value the caller has already evaluated (an assignment's right
    /// side is evaluated before its commands run; evaluating it again would only repeat work).
    fn value_as(&self, node: Node<'a>, val: Val) -> ValueAst {
        let text = self.text(node).trim().to_string();
        let inner = innermost(node);
        let (shape, parts) = match inner.kind_name() {
            "generic_token" | "simple_name" => (Shape::Bare, vec![Part::Text(text.clone())]),
            "verbatim_string_characters" | "verbatim_string_literal" => {
                (Shape::Literal, vec![Part::Text(unquote_single(&text))])
            }
            "expandable_string_literal" => (Shape::Expandable, expandable_parts(&text)),
            "verbatim_here_string_characters" => {
                (Shape::Literal, vec![Part::Text(here_string_body(&text))])
            }
            "expandable_here_string_literal" => (
                Shape::Expandable,
                expandable_parts_raw(&here_string_body(&text)),
            ),
            // `@($x)` and `$($x)` are sub-expressions, not variables.
            "variable" if !text.starts_with("@(") && !text.starts_with("$(") => {
                // The variable's own text: `Build-Report($Affected)` passes `($Affected)`.
                let name = variable_name(self.text(inner).trim());
                match name.to_ascii_lowercase().as_str() {
                    "true" | "false" | "null" => (
                        Shape::Constant,
                        vec![Part::Text(format!("${}", name.to_ascii_lowercase()))],
                    ),
                    _ => (Shape::Variable, vec![Part::Variable(name)]),
                }
            }
            "member_access" if text.starts_with('$') && !text.contains('(') => {
                let mut it = text.split('.');
                let var = variable_name(it.next().unwrap_or(""));
                (
                    Shape::Variable,
                    vec![Part::Member(var, it.map(str::to_string).collect())],
                )
            }
            "integer_literal" | "decimal_integer_literal" | "real_literal" => {
                (Shape::Bare, vec![Part::Text(text.clone())])
            }
            _ => (Shape::Expression, vec![Part::Unknown]),
        };
        let mut strings = Vec::new();
        let mut hash_entries = Vec::new();
        if shape == Shape::Expression {
            self.collect_strings(node, &mut strings);
            // A hashtable literal was evaluated already: its entries' values are described from
            // that evaluation instead of being evaluated a second time.
            let evaluated = match &val {
                Val::Hash(entries) => entries.as_slice(),
                _ => &[],
            };
            self.collect_hash_entries(node, evaluated, &mut hash_entries);
        }
        ValueAst {
            text,
            shape,
            parts,
            line: node.start_position().row,
            column: self.column(node),
            strings,
            hash_entries,
            val,
        }
    }

    /// `<Thumbprint>` left in a command line: PowerShell reserves `<` and refuses the line, though
    /// the grammar reads it as a word.
    /// A `<placeholder>` token (`Get-ExchangeCertificate <Thumbprint>`) is a syntax error.
    fn placeholder(&self, n: Node, out: &mut Vec<SyntaxError>) {
        let text = self.text(n).trim();
        if text.starts_with('<') && text.len() > 2 {
            let shown: String = text.chars().take(40).collect();
            out.push(SyntaxError {
                line: n.start_position().row,
                column: self.column(n),
                len: text.chars().count(),
                detail: format!(
                    "`{shown}`: the '<' operator is reserved in PowerShell; a placeholder left in the command?"
                ),
                placeholder: true,
            });
        }
    }

    /// The string literals under `node` (not inside a hashtable or a script block), in source
    /// order: one cursor walks the subtree, as values are described for every assignment and
    /// argument and a cursor per node was the walk's main cost.
    fn collect_strings(&self, node: Node<'a>, out: &mut Vec<String>) {
        preorder(node, |n| match n.kind_name() {
            "expandable_string_literal" => {
                out.push(
                    expandable_parts(self.text(n))
                        .iter()
                        .map(|p| match p {
                            Part::Text(s) => s.clone(),
                            _ => String::from("\u{0}"),
                        })
                        .collect(),
                );
                false
            }
            "verbatim_string_characters" => {
                out.push(unquote_single(self.text(n)));
                false
            }
            "hash_literal_expression" | "script_block_expression" => false,
            _ => true,
        });
    }

    /// The outermost hashtable entries under `node`, in source order, each value described (from
    /// `evaluated`, the hashtable's evaluated entries, where it holds the key).
    fn collect_hash_entries(
        &self,
        node: Node<'a>,
        evaluated: &[(String, Val)],
        out: &mut Vec<(String, ValueAst)>,
    ) {
        preorder(node, |n| {
            if n.kind_name() == "hash_entry" {
                self.hash_entry(n, evaluated, out);
                return false;
            }
            true
        });
    }

    fn hash_entry(
        &self,
        node: Node<'a>,
        evaluated: &[(String, Val)],
        out: &mut Vec<(String, ValueAst)>,
    ) {
        let Some(_level) = self.deeper() else { return };
        let mut c = node.walk();
        let children: Vec<Node> = node.children(&mut c).collect();
        let key = children
            .first()
            .map(|k| self.text(*k).trim().trim_matches(['"', '\'']).to_string());
        let value = children
            .iter()
            .find(|n| n.kind_name() == "pipeline")
            .map(|v| {
                let known = key.as_deref().and_then(|k| {
                    evaluated
                        .iter()
                        .find(|(name, _)| name.eq_ignore_ascii_case(k))
                        .map(|(_, val)| val.clone())
                });
                match known {
                    Some(val) => self.value_as(*v, val),
                    None => self.value(*v),
                }
            });
        if let (Some(k), Some(v)) = (key, value) {
            out.push((k, v));
        }
    }
}

/// Visits `root` and its descendants in source order with one cursor, entering a node's children
/// only when `visit` returns true. (A cursor per node, or children collected into vectors, made the
/// walks of every value the evaluator's main cost.)
fn preorder<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>) -> bool) {
    let mut cursor = root.walk();
    loop {
        if visit(cursor.node()) && cursor.goto_first_child() {
            continue;
        }
        // On to the next node in source order, without leaving `root`'s subtree.
        loop {
            if cursor.node() == root {
                return;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// Descends through single-child wrapper nodes (the grammar nests ~12 levels per expression).
fn innermost(node: Node) -> Node {
    let mut cur = node;
    loop {
        if matches!(
            cur.kind_name(),
            "expandable_string_literal" | "member_access" | "variable" | "generic_token"
        ) {
            return cur;
        }
        let count = cur.named_child_count();
        if count == 1
            && let Some(child) = cur.named_child(0)
            && (child.byte_range() == cur.byte_range()
                || cur.kind_name().ends_with("expression")
                || cur.kind_name() == "string_literal"
                || cur.kind_name() == "pipeline"
                || cur.kind_name() == "pipeline_chain"
                || cur.kind_name() == "argument_expression")
        {
            cur = child;
            continue;
        }
        // `'literal'` is a verbatim_string_characters node holding the quotes.
        return cur;
    }
}

/// The first node of `kind` in `node`'s subtree, in source order (iterative: trees can be deep).
fn find_descendant<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut stack = vec![node];
    let mut cursor = node.walk();
    while let Some(n) = stack.pop() {
        if n.kind_name() == kind {
            return Some(n);
        }
        let children: Vec<Node> = n.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    None
}

/// Lines that end in a backtick followed by spaces or tabs: the backtick escapes the space, not
/// the line break, so the command ends there and the next line runs on its own. Returns the
/// backtick's position (0-based line, char column) and the next non-empty line's number and text.
/// Here-strings and comments are skipped.
pub fn broken_continuations(lines: &[&str]) -> Vec<(usize, usize, usize, String)> {
    let mut out = Vec::new();
    let mut in_here_string = false;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_end();
        if in_here_string {
            if trimmed.starts_with("\"@") || trimmed.starts_with("'@") {
                in_here_string = false;
            }
            continue;
        }
        if trimmed.ends_with("@\"") || trimmed.ends_with("@'") {
            in_here_string = true;
            continue;
        }
        if !trimmed.ends_with('`')
            || trimmed.len() == line.len()
            || trimmed.trim_start().starts_with('#')
        {
            continue;
        }
        // A backtick inside a comment or a single-quoted string is text.
        let before = &trimmed[..trimmed.len() - 1];
        let singles = before.matches('\'').count();
        if before.contains(" #") || singles % 2 == 1 {
            continue;
        }
        let Some((j, next)) = lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, l)| !l.trim().is_empty())
        else {
            continue;
        };
        let column = before.chars().count();
        out.push((i, column, j, next.trim().to_string()));
    }
    out
}

/// The text with the grammar's gaps papered over, keeping every character's position: spaces in a
/// switch clause's quoted condition become `_`, a comment alone on its line gets an empty
/// statement before it (`#x` → `;#`), which PowerShell would read the same way, a command name
/// starting with `/` starts with `_` instead, and a numeric multiplier is written in lower case
/// (`1GB` → `1gb`). Here-strings are left alone.
fn grammar_workarounds(text: &str) -> Option<String> {
    let mut changed = false;
    let mut out = String::with_capacity(text.len());
    let lines: Vec<&str> = text.split('\n').collect();
    let is_comment = |l: &str| {
        let t = l.trim_start();
        t.starts_with('#') && !t.starts_with("#>")
    };
    // A block holding only comments: the code lines around the comment open and close it. Only
    // there is a comment turned into a statement: elsewhere (a `switch` body, a `param()` list)
    // the `;` it gains is itself a syntax error.
    let only_comments_in_block = |i: usize| {
        let code = |l: &&&str| !l.trim().is_empty() && !is_comment(l);
        let before = lines[..i].iter().rev().find(code);
        let after = lines[i + 1..].iter().find(code);
        before.is_some_and(|l| l.trim_end().ends_with('{'))
            && after.is_some_and(|l| l.trim_start().starts_with('}'))
    };
    let mut in_here_string = false;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // Nothing inside a here-string is touched: its lines are a value.
        if in_here_string {
            in_here_string = !(trimmed.starts_with("\"@") || trimmed.starts_with("'@"));
            out.push_str(line);
            continue;
        }
        let trailing = line.trim_end();
        in_here_string = trailing.ends_with("@\"") || trailing.ends_with("@'");
        // `"a b" { … }`: a switch clause (a quoted string followed by a block).
        if let Some(rest) = trimmed.strip_prefix('"')
            && let Some(end) = rest.find('"')
            && rest[end + 1..].trim_start().starts_with('{')
            && rest[..end].contains(' ')
        {
            out.push_str(&line[..indent + 1]);
            out.push_str(&rest[..end].replace(' ', "_"));
            out.push_str(&rest[end..]);
            changed = true;
            continue;
        }
        if is_comment(line) && trimmed.len() >= 2 && only_comments_in_block(i) {
            let second = trimmed[1..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&line[..indent]);
            // `;` takes the place of `#`, `#` that of the comment's first character.
            out.push_str(";#");
            out.push_str(&trimmed[1 + second..]);
            changed = true;
            continue;
        }
        // `//Set the domain here`: a command whose name starts with `/` (a path, or a C-style
        // comment PowerShell runs as a command that is not found), which the grammar has no rule
        // for; `_` stands in for the `/` and `restore_names` puts it back.
        let mut line = std::borrow::Cow::Borrowed(*line);
        if trimmed.starts_with('/') {
            let mut owned = line.into_owned();
            owned.replace_range(indent..indent + 1, "_");
            line = std::borrow::Cow::Owned(owned);
            changed = true;
        }
        if let Some(lowered) = lowercase_multipliers(&line) {
            line = std::borrow::Cow::Owned(lowered);
            changed = true;
        }
        out.push_str(&line);
    }
    changed.then_some(out)
}

/// `$size / 1GB`: PowerShell's numeric multipliers (`kb`, `mb`, `gb`, `tb`, `pb`) in any case;
/// the grammar knows them in lower case only. Outside strings and comments, so no value changes.
fn lowercase_multipliers(line: &str) -> Option<String> {
    let bytes = line.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let (mut in_single, mut in_double) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' if !in_double => in_single = !in_single,
            b'"' if !in_single => in_double = !in_double,
            b'#' if !in_single && !in_double => break,
            b'0'..=b'9' if !in_single && !in_double => {
                let suffix = bytes.get(i + 1..i + 3);
                let after = bytes.get(i + 3).copied();
                if let Some(&[m, b]) = suffix
                    && matches!(m.to_ascii_lowercase(), b'k' | b'm' | b'g' | b't' | b'p')
                    && b.eq_ignore_ascii_case(&b'b')
                    && !(m.is_ascii_lowercase() && b == b'b')
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    let o = out.get_or_insert_with(|| bytes.to_vec());
                    o[i + 1] = m.to_ascii_lowercase();
                    o[i + 2] = b'b';
                    i += 3;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII letters were changed, so the bytes are still UTF-8.
    out.and_then(|o| String::from_utf8(o).ok())
}

/// Command names as the original text writes them, where a workaround changed a character of
/// the name (`//Set` read as `_/Set`): the rest of the reading is the workaround's.
fn restore_names(parsed: &mut Parsed, original: &str, candidate: &str) {
    let (original, candidate): (Vec<&str>, Vec<&str>) = (
        original.split('\n').collect(),
        candidate.split('\n').collect(),
    );
    for statement in &mut parsed.statements {
        let Statement::Command(c) = statement else {
            continue;
        };
        let span = |lines: &[&str]| -> Option<String> {
            let line = lines.get(c.line)?;
            Some(line.chars().skip(c.column).take(c.name_len).collect())
        };
        if let (Some(was), Some(read)) = (span(&original), span(&candidate))
            && was != read
            && c.name == read
        {
            c.name = was;
        }
    }
}

/// `"C:\\…\\Configure-EnterprisePartnerApplication.ps1" -AuthMetadataUrl …`: a quoted path run
/// without the call operator is a string, and the parameter after it the token PowerShell stops
/// at ("Unexpected token '-AuthMetadataUrl' in expression or statement"). Says so, and how to
/// run it, rather than pointing at the string.
fn quoted_command_hint(line: &str) -> Option<String> {
    let quote = line.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let end = line[1..].find(quote)? + 1;
    // A program or script to run, not any string (`"a" -eq $b` is an expression).
    let lower = line[1..end].to_ascii_lowercase();
    if ![".ps1", ".exe", ".cmd", ".bat"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return None;
    }
    let rest = line[end + 1..].trim_start();
    let parameter = rest.split_whitespace().next()?;
    let name = parameter.strip_prefix('-')?;
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    // The whole path, so the command shown can be run as it stands; only a hostile length is cut.
    let written = &line[1..end];
    let mut path: String = written.chars().take(260).collect();
    if path.len() < written.len() {
        path.push('…');
    }
    Some(format!(
        "unexpected token `{parameter}`: a quoted path is a string, not a command; run it with the call operator, & {quote}{path}{quote} {parameter} …"
    ))
}

/// `AppId eq '00000004-…'` inside an OData filter.
pub fn app_id_in_filter(filter: &str) -> Option<String> {
    let lower = filter.to_ascii_lowercase();
    let at = lower.find("appid")?;
    let rest = &filter[at..];
    let start = rest.find(['\'', '"'])? + 1;
    let end = rest[start..].find(['\'', '"'])? + start;
    Some(rest[start..end].to_string())
}

/// Argument-mode words that start with a variable and go on as a path (`$env:SYSTEMDRIVE\OAuth`),
/// which PowerShell binds as one expandable string: the text with each such word in double quotes,
/// and where quotes went (0-based line, char column in the quoted text), to map columns back.
fn quote_argument_paths(text: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut inserts = Vec::new();
    for (row, line) in text.split('\n').enumerate() {
        if row > 0 {
            out.push('\n');
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut in_single = false;
        let mut in_double = false;
        let mut written = 0;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '\'' if !in_double => in_single = !in_single,
                '"' if !in_single => in_double = !in_double,
                '#' if !in_single && !in_double => {
                    out.extend(&chars[i..]);
                    break;
                }
                _ => {}
            }
            let word_start = c == '$'
                && !in_single
                && !in_double
                && (i == 0 || chars[i - 1] == ' ' || chars[i - 1] == '\t');
            if word_start {
                let mut j = i + 1;
                while j < chars.len()
                    && (chars[j].is_alphanumeric() || chars[j] == '_' || chars[j] == ':')
                {
                    j += 1;
                }
                if j > i + 1 && j < chars.len() && chars[j] == '\\' {
                    let mut end = j;
                    while end < chars.len()
                        && !matches!(chars[end], ' ' | '\t' | ';' | '|' | ')' | '}' | '"' | '\'')
                    {
                        end += 1;
                    }
                    let col = i + written;
                    out.push('"');
                    out.extend(&chars[i..end]);
                    out.push('"');
                    inserts.push((row, col));
                    inserts.push((row, end + written + 1));
                    written += 2;
                    i = end;
                    continue;
                }
            }
            // `c:\logs\run-$(Get-Date -UFormat %Y).log`: a bare word with a sub-expression.
            let bare_start = !in_single
                && !in_double
                && (c.is_alphanumeric() || c == '.' || c == '\\')
                && i > 0
                && (chars[i - 1] == ' ' || chars[i - 1] == '\t');
            if bare_start {
                let mut end = i;
                let mut depth = 0usize;
                let mut has_sub = false;
                while end < chars.len() {
                    let ch = chars[end];
                    if ch == '$' && chars.get(end + 1) == Some(&'(') {
                        has_sub = true;
                        depth += 1;
                        end += 2;
                        continue;
                    }
                    if depth > 0 {
                        match ch {
                            '(' => depth += 1,
                            ')' => depth -= 1,
                            _ => {}
                        }
                    } else if matches!(ch, ' ' | '\t' | ';' | '|' | ')' | '}' | '"' | '\'') {
                        break;
                    }
                    end += 1;
                }
                if has_sub && depth == 0 {
                    let col = i + written;
                    out.push('"');
                    out.extend(&chars[i..end]);
                    out.push('"');
                    inserts.push((row, col));
                    inserts.push((row, end + written + 1));
                    written += 2;
                    i = end;
                    continue;
                }
            }
            out.push(c);
            // `Write-Host " "$x.Name`: a quoted string with a variable right after it is two
            // arguments to PowerShell, which the grammar rejects; a space between them says so.
            let closed_quote = matches!(c, '"' | '\'') && !in_double && !in_single;
            if closed_quote && chars.get(i + 1) == Some(&'$') {
                out.push(' ');
                inserts.push((row, i + written + 1));
                written += 1;
            }
            i += 1;
        }
    }
    (!inserts.is_empty()).then_some((out, inserts))
}

/// Moves columns of statements parsed from `quote_argument_paths` text back to the original text.
fn unshift_columns(parsed: &mut Parsed, inserts: &[(usize, usize)]) {
    let back = |line: usize, column: usize| {
        column
            - inserts
                .iter()
                .filter(|(l, c)| *l == line && *c < column)
                .count()
    };
    let fix_value = |v: &mut ValueAst| {
        v.column = back(v.line, v.column);
    };
    for statement in &mut parsed.statements {
        match statement {
            Statement::Command(c) => {
                c.column = back(c.line, c.column);
                for a in &mut c.arguments {
                    a.column = back(a.line, a.column);
                    if let Some(v) = &mut a.value {
                        fix_value(v);
                    }
                    a.split_off.iter_mut().for_each(fix_value);
                }
            }
            Statement::MethodCall(m) => {
                m.column = back(m.line, m.column);
                m.arguments.iter_mut().for_each(fix_value);
            }
            Statement::Assignment(a) => {
                a.column = back(a.line, a.column);
                fix_value(&mut a.value);
            }
        }
    }
    for comment in &mut parsed.comments {
        comment.column = back(comment.line, comment.column);
    }
}

fn split_parameter(raw: &str) -> (&str, bool) {
    let body = raw.trim_start_matches(['-', '–', '—']);
    match body.find(':') {
        Some(i) => (&body[..i], true),
        None => (body.trim_end(), false),
    }
}

/// `$TenantId` / `${Tenant Id}` / `$script:x` → the bare name.
pub fn variable_name(text: &str) -> String {
    let t = text.trim().trim_start_matches(['$', '@']);
    let t = t
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(t);
    let t = t
        .split_once(':')
        .map(|(scope, rest)| {
            if ["script", "global", "local", "private", "using"]
                .contains(&scope.to_ascii_lowercase().as_str())
            {
                rest
            } else {
                t
            }
        })
        .unwrap_or(t);
    t.to_string()
}

fn unquote_single(text: &str) -> String {
    let t = text.trim();
    let inner = t
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(t);
    inner.replace("''", "'")
}

fn here_string_body(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() >= 2 {
        lines[1..lines.len() - 1].join("\n")
    } else {
        String::new()
    }
}

fn expandable_parts(text: &str) -> Vec<Part> {
    let t = text.trim();
    let inner = t
        .strip_prefix(['"', '“', '”'])
        .and_then(|s| s.strip_suffix(['"', '“', '”']))
        .unwrap_or(t);
    expandable_parts_raw(inner)
}

/// Splits the inside of a double-quoted string into text and variable references, handling
/// backtick escapes, `""`, `$name`, `${name}` and `$(…)` (unknown unless it is `$($name)`).
fn expandable_parts_raw(inner: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let chars: Vec<char> = inner.chars().collect();
    let mut i = 0;
    let flush = |text: &mut String, parts: &mut Vec<Part>| {
        if !text.is_empty() {
            parts.push(Part::Text(std::mem::take(text)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '`' && i + 1 < chars.len() {
            text.push(match chars[i + 1] {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '0' => '\0',
                other => other,
            });
            i += 2;
        } else if c == '"' && chars.get(i + 1) == Some(&'"') {
            text.push('"');
            i += 2;
        } else if c == '$' && i + 1 < chars.len() {
            let next = chars[i + 1];
            if next == '{' {
                let end = chars[i + 2..]
                    .iter()
                    .position(|&c| c == '}')
                    .map(|p| p + i + 2);
                match end {
                    Some(e) => {
                        flush(&mut text, &mut parts);
                        parts.push(Part::Variable(chars[i + 2..e].iter().collect()));
                        i = e + 1;
                    }
                    None => {
                        text.push(c);
                        i += 1;
                    }
                }
            } else if next == '(' {
                // Find the matching parenthesis.
                let mut depth = 0;
                let mut j = i + 1;
                while j < chars.len() {
                    match chars[j] {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let body: String = chars[i + 2..j.min(chars.len())].iter().collect();
                flush(&mut text, &mut parts);
                let body = body.trim();
                if body.starts_with('$')
                    && body[1..].chars().all(|c| c.is_alphanumeric() || c == '_')
                {
                    parts.push(Part::Variable(body[1..].to_string()));
                } else {
                    parts.push(Part::Unknown);
                }
                i = j + 1;
            } else if next.is_alphanumeric() || next == '_' || next == ':' {
                let mut j = i + 1;
                while j < chars.len()
                    && (chars[j].is_alphanumeric() || chars[j] == '_' || chars[j] == ':')
                {
                    j += 1;
                }
                let name: String = chars[i + 1..j].iter().collect();
                flush(&mut text, &mut parts);
                parts.push(Part::Variable(variable_name(&name)));
                i = j;
            } else {
                text.push(c);
                i += 1;
            }
        } else {
            text.push(c);
            i += 1;
        }
    }
    flush(&mut text, &mut parts);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(src: &str) -> Vec<CommandAst> {
        parse(src)
            .statements
            .into_iter()
            .filter_map(|s| {
                if let Statement::Command(c) = s {
                    Some(c)
                } else {
                    None
                }
            })
            .collect()
    }

    #[test]
    fn what_powershell_runs_but_the_grammar_trips_on_is_read() {
        // A C-style `//` line is a command PowerShell does not find; its name stays as written.
        let parsed = parse("//Fill in the tenant\n$t = 'x'\nSet-CsOAuthConfiguration -Realm $t");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let names: Vec<String> = commands("//Fill in the tenant\nGet-CsOAuthServer")
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["//Fill", "Get-CsOAuthServer"]);
        // Multipliers in capitals, outside strings only; a here-string's lines are left alone.
        assert_eq!(
            lowercase_multipliers("$f = $d.Free / 1GB + 2Kb # 3MB").as_deref(),
            Some("$f = $d.Free / 1gb + 2kb # 3MB")
        );
        assert_eq!(lowercase_multipliers("Write-Host '1GB' \"2TB\" 1gbx"), None);
        assert_eq!(
            grammar_workarounds("$s = @\"\n/path 1GB\n\"@\n/run 1GB").as_deref(),
            Some("$s = @\"\n/path 1GB\n\"@\n_run 1gb")
        );
        assert!(
            parse("$free = (Get-PSDrive C).Free / 1GB")
                .errors
                .is_empty()
        );
    }

    #[test]
    fn a_quoted_path_followed_by_a_parameter_says_how_to_run_it() {
        let parsed =
            parse("\"C:\\Scripts\\Configure.ps1\" -AuthMetadataUrl https://pool/metadata/json/1");
        let details: Vec<&str> = parsed.errors.iter().map(|e| e.detail.as_str()).collect();
        assert_eq!(
            details,
            [
                "unexpected token `-AuthMetadataUrl`: a quoted path is a string, not a command; run it with the call operator, & \"C:\\Scripts\\Configure.ps1\" -AuthMetadataUrl …"
            ]
        );
        // The whole path, so the command shown runs as it stands.
        let long = "\"c:\\Program Files\\Microsoft\\Exchange Server\\V15\\Scripts\\Configure-EnterprisePartnerApplication.ps1\" -AuthMetadataUrl x";
        assert!(
            quoted_command_hint(long).is_some_and(|h| h.contains(
                "& \"c:\\Program Files\\Microsoft\\Exchange Server\\V15\\Scripts\\Configure-EnterprisePartnerApplication.ps1\" -AuthMetadataUrl …"
            ))
        );
        assert_eq!(quoted_command_hint("\"a.ps1\" + $c"), None);
        assert_eq!(quoted_command_hint("\"a b\" -eq $c"), None);
    }

    #[test]
    fn a_variable_in_parentheses_is_that_variable() {
        let c = &commands("$Affected = @()\nWrite-Step($Affected)")[0];
        let value = c.arguments[0].value.as_ref().expect("value");
        assert_eq!(value.parts, [Part::Variable("Affected".into())]);
    }

    #[test]
    fn named_positional_and_switch_arguments() {
        let c = &commands(
            "New-CsPartnerApplication -Identity microsoft.exchange -UseOAuthServer -ApplicationTrustLevel Full",
        )[0];
        assert_eq!(c.name, "New-CsPartnerApplication");
        let names: Vec<_> = c
            .arguments
            .iter()
            .map(|a| a.parameter.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            names,
            ["Identity", "UseOAuthServer", "ApplicationTrustLevel"]
        );
        assert!(c.arguments[1].value.is_none());
        assert_eq!(
            c.arguments[2].value.as_ref().map(|v| v.text.as_str()),
            Some("Full")
        );
    }

    #[test]
    fn a_quoted_string_and_a_variable_side_by_side_are_two_arguments() {
        // Microsoft's own checkers write `Write-Host " Thumbprint: "$AuthConfig.Thumbprint`.
        let src = "Write-Host \" Thumbprint: \"$AuthConfig.CurrentCertificateThumbprint\nSet-CsOAuthConfiguration -ServiceName 'x'$y";
        let parsed = parse(src);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let found = commands(src);
        assert_eq!(found.len(), 2);
        let columns: Vec<Vec<usize>> = found
            .iter()
            .map(|c| c.arguments.iter().map(|a| a.column).collect())
            .collect();
        // The columns are the written text's, not the text with the space put in.
        assert_eq!(columns, [vec![11, 26], vec![25, 41]]);
        // In expression mode the same text is an error to PowerShell, and stays one.
        assert!(!parse("$x = \"a\"$b").errors.is_empty());
    }

    #[test]
    fn a_block_opened_on_the_next_line_is_read_with_its_statement_after_an_error() {
        // The placeholder is the one error: the `if` whose `{` is on the line below, with paths
        // the grammar reads only quoted, parses.
        let src = "if ((Test-Path $env:SYSTEMDRIVE\\OAuth) -eq $false)\n{\n   md $env:SYSTEMDRIVE\\OAuth\n}\ncd $env:SYSTEMDRIVE\\OAuth\nNew-AuthServer -Name <name>";
        let parsed = parse(src);
        let lines: Vec<usize> = parsed.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [5], "{:?}", parsed.errors);
        let names: Vec<String> = parsed
            .statements
            .iter()
            .filter_map(|s| match s {
                Statement::Command(c) => Some(c.name.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["Test-Path", "md", "cd"]);
    }

    #[test]
    fn colon_bound_values() {
        let c = &commands("Set-MsolServicePrincipal -AccountEnabled:$true -X:'lit'")[0];
        assert_eq!(
            c.arguments[0].value.as_ref().map(|v| v.shape),
            Some(Shape::Constant)
        );
        assert_eq!(
            c.arguments[1].value.as_ref().map(|v| v.parts.clone()),
            Some(vec![Part::Text("lit".into())])
        );
    }

    #[test]
    fn plus_concatenation_is_split_off() {
        let c = &commands(
            r#"New-CsOAuthServer microsoft.sts -MetadataUrl "https://x/" + $TenantId + "/metadata/json/1""#,
        )[0];
        let arg = c
            .arguments
            .iter()
            .find(|a| a.parameter.as_deref() == Some("MetadataUrl"))
            .expect("parameter");
        assert_eq!(arg.split_off.len(), 2);
    }

    #[test]
    fn expandable_string_parts() {
        assert_eq!(
            expandable_parts(r#""https://a/$TenantId/metadata/json/1""#),
            vec![
                Part::Text("https://a/".into()),
                Part::Variable("TenantId".into()),
                Part::Text("/metadata/json/1".into())
            ]
        );
        assert_eq!(
            expandable_parts(r#""a`$b ${c d} $($e)""#),
            vec![
                Part::Text("a$b ".into()),
                Part::Variable("c d".into()),
                Part::Text(" ".into()),
                Part::Variable("e".into())
            ]
        );
    }

    #[test]
    fn method_calls_and_assignments() {
        let p = parse(
            "$lyncSP.ServicePrincipalNames.Add(\"00000004-0000-0ff1-ce00-000000000000/web.contoso.com\")\n$TenantId = 'abc'\n$x = Get-MsolServicePrincipal -AppPrincipalId 1",
        );
        assert!(
            matches!(&p.statements[0], Statement::MethodCall(m) if m.variable == "lyncSP" && m.members == ["ServicePrincipalNames"] && m.method == "Add")
        );
        assert!(matches!(&p.statements[1], Statement::Assignment(a) if a.variable == "TenantId"));
        assert!(
            matches!(&p.statements[2], Statement::Command(c) if c.assigned_to.as_deref() == Some("x"))
        );
    }

    #[test]
    fn errors_are_reported_and_later_lines_still_read() {
        let p =
            parse("Get-Thing -a (1 + 2\nNew-CsOAuthServer microsoft.sts -MetadataUrl https://x");
        assert!(!p.errors.is_empty());
        assert!(p.statements.iter().any(
            |s| matches!(s, Statement::Command(c) if c.name == "New-CsOAuthServer" && c.line == 1)
        ));
    }
}
