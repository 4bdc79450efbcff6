//! Evaluates PowerShell expressions to what can be known of their value (`value::Val`): strings and
//! their joins (`"…$x…"`, `+`, `-f`, `-join`, `[string]::Format`), arrays and hashtables, members of
//! the objects the procedures fetch (a principal's id, SPN list and keys; a certificate's bytes and
//! dates), and the outputs of the cmdlets that fetch them. Anything else is unknown, with the reason.

use tree_sitter::Node;

use super::kind::KindName;
use super::value::{Form, ListVal, Member, PrincipalVal, Val};
use super::{Walker, expandable_parts, here_string_body, unquote_single, variable_name};

/// Node kinds that only wrap one operand when no operator is written.
const WRAPPERS: &[&str] = &[
    "pipeline",
    "pipeline_chain",
    "logical_expression",
    "bitwise_expression",
    "comparison_expression",
    "additive_expression",
    "multiplicative_expression",
    "format_expression",
    "range_expression",
    "array_literal_expression",
    "unary_expression",
    "expression_with_unary_operator",
    "string_literal",
    "argument_expression",
    "key_expression",
];

/// What the evaluator says about a value written at run time.
pub(super) fn computed(text: &str) -> Val {
    let shown: String = text.lines().next().unwrap_or("").chars().take(60).collect();
    Val::unknown(format!("`{shown}` is computed when the script runs"))
}

impl<'a> Walker<'a> {
    /// The value of an expression node, as far as the evidence shows it.
    pub(super) fn eval(&self, node: Node<'a>) -> Val {
        let Some(_level) = self.deeper() else {
            return Val::unknown("the expression is nested too deeply to follow");
        };
        // Inside `(…)` of a method call the grammar names the same operators `*_argument_expression`.
        let kind = match node.kind_name() {
            "logical_argument_expression" => "logical_expression",
            "bitwise_argument_expression" => "bitwise_expression",
            "comparison_argument_expression" => "comparison_expression",
            "additive_argument_expression" => "additive_expression",
            "multiplicative_argument_expression" => "multiplicative_expression",
            "format_argument_expression" => "format_expression",
            "range_argument_expression" => "range_expression",
            other => other,
        };
        // The grammar wraps every operand in a dozen single-child levels: step through them
        // without collecting children (this is the evaluator's hot path).
        if node.named_child_count() == 1
            && node.child_count() == 1
            && WRAPPERS.contains(&kind)
            && let Some(only) = node.named_child(0)
            && only.kind_name() != "comment"
        {
            return self.eval(only);
        }
        let named: Vec<Node<'a>> = {
            let mut c = node.walk();
            node.named_children(&mut c)
                .filter(|n| n.kind_name() != "comment")
                .collect()
        };
        if WRAPPERS.contains(&kind) && named.len() == 1 && !self.has_operator(node) {
            return self.eval(named[0]);
        }
        match kind {
            "pipeline" | "pipeline_chain" => self.pipeline_value(node),
            "additive_expression" => self.additive(node),
            "format_expression" => self.format_operator(node),
            "comparison_expression" => self.comparison(node),
            "array_literal_expression" => Val::List(ListVal {
                current_of: None,
                items: named.iter().map(|n| self.eval(*n)).collect(),
            }),
            "expression_with_unary_operator" | "unary_expression" => self.unary(node, &named),
            "cast_expression" => named
                .last()
                .map_or_else(|| computed(self.text(node)), |inner| self.eval(*inner)),
            "expandable_string_literal" => self.expandable(node, None),
            "expandable_here_string_literal" => {
                let body = here_string_body(self.text(node));
                self.expandable(node, Some(&body))
            }
            "verbatim_string_characters" | "verbatim_string_literal" => {
                Val::Text(unquote_single(self.text(node)))
            }
            "verbatim_here_string_characters" => Val::Text(here_string_body(self.text(node))),
            "integer_literal"
            | "decimal_integer_literal"
            | "hexadecimal_integer_literal"
            | "real_literal"
            | "generic_token"
            | "simple_name" => Val::Text(self.text(node).trim().to_string()),
            "variable" => self.variable(self.text(node)),
            "member_access" => self.member_access(node),
            "element_access" => self.element_access(node, &named),
            "invokation_expression" => self.method_value(node),
            "parenthesized_expression" => {
                named.first().map_or(Val::Null, |inner| self.eval(*inner))
            }
            "sub_expression" | "array_expression" => self.statements_value(node, kind),
            "hash_literal_expression" => self.hash_literal(node),
            "command" => self.command_value(node),
            "script_block_expression" => Val::unknown("a script block runs only when called"),
            _ => computed(self.text(node)),
        }
    }

    /// Whether a wrapper node has an operator token between operands (`a + b`, `a -f b`, `-not a`).
    fn has_operator(&self, node: Node<'a>) -> bool {
        let mut c = node.walk();
        node.children(&mut c)
            .any(|n| !n.is_named() && n.kind_name() != "(" && n.kind_name() != ")")
            || node.kind_name() == "expression_with_unary_operator"
    }

    /// A variable's value: automatic constants, the environment, or what the walk assigned.
    pub(super) fn variable(&self, raw: &str) -> Val {
        let name = variable_name(raw);
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "true" => return Val::Bool(true),
            "false" => return Val::Bool(false),
            "null" => return Val::Null,
            _ => {}
        }
        if lower.starts_with("env:") {
            return Val::unknown(format!(
                "`${name}` is the machine's environment variable, known only where the script runs"
            ));
        }
        match self.env.borrow().get(&name) {
            Some(v) => v.clone(),
            None => Val::unknown(format!(
                "`${name}` has no value at this point of the evidence"
            )),
        }
    }

    fn additive(&self, node: Node<'a>) -> Val {
        let mut c = node.walk();
        let mut acc: Option<Val> = None;
        let mut op = "+";
        for child in node.children(&mut c) {
            if !child.is_named() {
                op = child.kind_name();
                continue;
            }
            let v = self.eval(child);
            acc = Some(match acc {
                None => v,
                Some(left) if op == "+" => left.plus(v),
                Some(_) => return computed(self.text(node)),
            });
        }
        acc.unwrap_or(Val::Null)
    }

    /// `"{0}/{1}" -f $a, $b`.
    fn format_operator(&self, node: Node<'a>) -> Val {
        let mut c = node.walk();
        let named: Vec<Node<'a>> = node
            .named_children(&mut c)
            .filter(|n| n.kind_name() != "format_operator")
            .collect();
        let [format, args] = named[..] else {
            return computed(self.text(node));
        };
        let args = match self.eval(args) {
            Val::List(l) if l.current_of.is_none() => l.items,
            other => vec![other],
        };
        format_string(self.eval(format), &args)
    }

    /// `-join` gives text; other comparisons give a boolean only run time knows.
    fn comparison(&self, node: Node<'a>) -> Val {
        let mut c = node.walk();
        let children: Vec<Node<'a>> = node.children(&mut c).collect();
        let op = children
            .iter()
            .find(|n| n.kind_name() == "comparison_operator")
            .map(|n| self.text(*n).to_ascii_lowercase());
        let operands: Vec<Node<'a>> = children
            .iter()
            .filter(|n| n.is_named() && n.kind_name() != "comparison_operator")
            .copied()
            .collect();
        match (op.as_deref(), &operands[..]) {
            (Some("-join"), [left, right]) => {
                let sep = self.eval(*right).interpolated();
                let items = self.eval(*left).items();
                match (items, sep) {
                    (Some(items), Some(sep)) => items
                        .iter()
                        .map(Val::interpolated)
                        .collect::<Option<Vec<_>>>()
                        .map_or_else(|| computed(self.text(node)), |p| Val::Text(p.join(&sep))),
                    _ => computed(self.text(node)),
                }
            }
            _ => computed(self.text(node)),
        }
    }

    fn unary(&self, node: Node<'a>, named: &[Node<'a>]) -> Val {
        let text = self.text(node).trim_start();
        if text.starts_with(',') {
            // `,$x`: a one-item array.
            return Val::List(ListVal {
                current_of: None,
                items: named.iter().map(|n| self.eval(*n)).collect(),
            });
        }
        if let [only] = named
            && only.kind_name() == "cast_expression"
        {
            return self.eval(*only);
        }
        computed(self.text(node))
    }

    /// `"…$x…$(…)…"`: variables are looked up, sub-expressions evaluated in order.
    fn expandable(&self, node: Node<'a>, body: Option<&str>) -> Val {
        let parts = match body {
            Some(b) => super::expandable_parts_raw(b),
            None => expandable_parts(self.text(node)),
        };
        let subs: Vec<Node<'a>> = {
            let mut c = node.walk();
            node.named_children(&mut c)
                .filter(|n| n.kind_name() == "sub_expression")
                .collect()
        };
        let mut next_sub = subs.into_iter();
        self.interpolate(parts, self.text(node), || {
            next_sub.next().map(|n| self.eval(n))
        })
    }

    /// The text a double-quoted string's parts make with the variables as they are; `sub` gives
    /// the value of the next `$(…)` sub-expression, in order (`None`: none is left). `shown` is
    /// the string as written, for the reason when the result is unknown.
    pub(super) fn interpolate(
        &self,
        parts: Vec<super::Part>,
        shown: &str,
        mut sub: impl FnMut() -> Option<Val>,
    ) -> Val {
        let mut out = String::new();
        for part in parts {
            let piece = match part {
                super::Part::Text(t) => Val::Text(t),
                super::Part::Variable(name) => self.variable(&format!("${name}")),
                super::Part::Member(name, _) => self.variable(&format!("${name}")),
                super::Part::Unknown => sub().unwrap_or_else(|| computed(shown)),
            };
            match piece.interpolated() {
                Some(t) => out.push_str(&t),
                None => {
                    return Val::unknown(piece.why_unknown().map_or_else(
                        || format!("`{shown}` expands a value that is not text"),
                        str::to_string,
                    ));
                }
            }
        }
        Val::Text(out)
    }

    fn member_access(&self, node: Node<'a>) -> Val {
        let mut c = node.walk();
        let children: Vec<Node<'a>> = node.children(&mut c).collect();
        let Some(target) = children.first() else {
            return Val::Null;
        };
        let member = children
            .iter()
            .rev()
            .find(|n| n.kind_name() == "member_name")
            .map(|n| self.text(*n).trim().to_string())
            .unwrap_or_default();
        if target.kind_name() == "type_literal" {
            return static_member(self.text(*target), &member);
        }
        member_of(self.eval(*target), &member)
    }

    fn element_access(&self, node: Node<'a>, named: &[Node<'a>]) -> Val {
        let [target, index, ..] = named else {
            return computed(self.text(node));
        };
        match (self.eval(*target), self.eval(*index)) {
            (hash @ Val::Hash(_), Val::Text(key)) => hash.entry(&key).cloned().unwrap_or(Val::Null),
            (Val::List(l), Val::Text(i)) if l.current_of.is_none() => i
                .parse::<usize>()
                .ok()
                .and_then(|i| l.items.get(i).cloned())
                .unwrap_or_else(|| computed(self.text(node))),
            _ => computed(self.text(node)),
        }
    }

    /// `$x.Method(…)` or `[Type]::Method(…)` used as a value.
    fn method_value(&self, node: Node<'a>) -> Val {
        let mut c = node.walk();
        let children: Vec<Node<'a>> = node.children(&mut c).collect();
        let method = children
            .iter()
            .rev()
            .find(|n| n.kind_name() == "member_name")
            .map(|n| self.text(*n).trim().to_string())
            .unwrap_or_default();
        let args: Vec<Val> = children
            .iter()
            .find(|n| n.kind_name() == "argument_list")
            .map(|list| self.argument_values(*list))
            .unwrap_or_default();
        let Some(target) = children.first() else {
            return computed(self.text(node));
        };
        if target.kind_name() == "type_literal" {
            return static_method(self.text(*target), &method, &args)
                .unwrap_or_else(|| computed(self.text(node)));
        }
        // `[Text.Encoding]::ASCII.GetBytes(…)`: the encoding is a static member of a type.
        let receiver = self.eval(*target);
        if method.eq_ignore_ascii_case("GetBytes")
            && self.text(*target).to_ascii_lowercase().contains("encoding")
        {
            return match args.first() {
                Some(Val::Derived(Form::Base64OfDer)) => Val::Derived(Form::AsciiBytesOfBase64),
                Some(Val::Derived(text @ Form::FileText(_))) => Val::Derived(text.clone()),
                _ => computed(self.text(node)),
            };
        }
        instance_method(receiver, &method, &args).unwrap_or_else(|| computed(self.text(node)))
    }

    pub(super) fn argument_values(&self, list: Node<'a>) -> Vec<Val> {
        let mut out = Vec::new();
        let mut stack = vec![list];
        while let Some(n) = stack.pop() {
            if n.kind_name() == "argument_expression" {
                out.push(self.eval(n));
                continue;
            }
            let mut c = n.walk();
            let children: Vec<Node<'a>> = n.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
        out
    }

    /// `$( … )` and `@( … )`: the statements' outputs.
    fn statements_value(&self, node: Node<'a>, kind: &str) -> Val {
        let mut c = node.walk();
        let list = node
            .named_children(&mut c)
            .find(|n| n.kind_name() == "statement_list");
        let mut values = Vec::new();
        if let Some(list) = list {
            let mut cc = list.walk();
            for statement in list.named_children(&mut cc) {
                if statement.kind_name() == "comment" {
                    continue;
                }
                if statement.kind_name() != "pipeline" {
                    return computed(self.text(node));
                }
                values.push(self.eval(statement));
            }
        }
        match (kind, values.len()) {
            // `@(…)` keeps a list a list (and a principal's list stays an addition to it).
            ("array_expression", 1) => match values.remove(0) {
                list @ Val::List(_) => list,
                Val::Null => Val::List(ListVal {
                    current_of: None,
                    items: Vec::new(),
                }),
                unknown @ Val::Unknown(_) => unknown,
                one => Val::List(ListVal {
                    current_of: None,
                    items: vec![one],
                }),
            },
            (_, 0) => {
                if kind == "array_expression" {
                    Val::List(ListVal {
                        current_of: None,
                        items: Vec::new(),
                    })
                } else {
                    Val::Null
                }
            }
            (_, 1) => values.remove(0),
            _ => {
                let mut items = Vec::new();
                for v in values {
                    match v {
                        Val::List(l) if l.current_of.is_none() => items.extend(l.items),
                        other => items.push(other),
                    }
                }
                Val::List(ListVal {
                    current_of: None,
                    items,
                })
            }
        }
    }

    fn hash_literal(&self, node: Node<'a>) -> Val {
        let mut entries = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind_name() == "hash_entry" {
                let mut c = n.walk();
                let children: Vec<Node<'a>> = n.children(&mut c).collect();
                let key = children.first().map(|k| {
                    let t = self.text(*k).trim();
                    match self.eval(*k) {
                        Val::Text(s) => s,
                        _ => t.trim_matches(['"', '\'']).to_string(),
                    }
                });
                let value = children
                    .iter()
                    .find(|n| n.kind_name() == "pipeline")
                    .map(|v| self.eval(*v));
                if let (Some(k), Some(v)) = (key, value) {
                    entries.push((k, v));
                }
                continue;
            }
            if n.kind_name() == "hash_literal_expression" && n.id() != node.id() {
                continue;
            }
            let mut c = n.walk();
            let children: Vec<Node<'a>> = n.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
        Val::Hash(entries)
    }

    /// A pipeline used as a value: its last command's output, given what flows into it.
    fn pipeline_value(&self, node: Node<'a>) -> Val {
        let mut c = node.walk();
        let stages: Vec<Node<'a>> = node
            .named_children(&mut c)
            .filter(|n| n.kind_name() != "comment")
            .collect();
        let mut flowing: Option<Val> = None;
        for stage in stages {
            let value = if stage.kind_name() == "command"
                && let Some(input) = flowing.take()
            {
                self.piped_command_value(stage, input)
            } else {
                self.eval(stage)
            };
            flowing = Some(value);
        }
        flowing.unwrap_or(Val::Null)
    }

    /// `… | Select-Object -ExpandProperty X`, `… | Where-Object {…}` on what the evaluator knows.
    fn piped_command_value(&self, command: Node<'a>, input: Val) -> Val {
        let Some(cmd) = self.command(command) else {
            return computed(self.text(command));
        };
        let name = cmd.name.to_ascii_lowercase();
        match name.as_str() {
            "select-object" | "select" => {
                match cmd
                    .arguments
                    .iter()
                    .find(|a| {
                        a.parameter
                            .as_deref()
                            .is_some_and(|p| crate::model::parameter_matches(p, "ExpandProperty"))
                    })
                    .and_then(|a| a.value.as_ref())
                {
                    Some(property) => match property.val.text() {
                        Some(member) => member_of(input, &member),
                        None => computed(self.text(command)),
                    },
                    None => computed(self.text(command)),
                }
            }
            // A filtered principal list keeps (some of) what the principal has: never a wipe.
            "where-object" | "where" | "?" => match input {
                Val::List(l) if l.current_of.is_some() => Val::List(ListVal {
                    current_of: l.current_of,
                    items: Vec::new(),
                }),
                _ => computed(self.text(command)),
            },
            _ => self.command_value(command),
        }
    }

    /// The output of a command, for the cmdlets whose output the procedures use.
    pub(super) fn command_value(&self, node: Node<'a>) -> Val {
        let Some(cmd) = self.command(node) else {
            return computed(self.text(node));
        };
        if self.keep_assigned_command.get() {
            *self.assigned_command.borrow_mut() = Some((node.id(), cmd.clone()));
        }
        let name = cmd.name.to_ascii_lowercase();
        let named = |p: &str| {
            cmd.arguments
                .iter()
                .find(|a| {
                    a.parameter
                        .as_deref()
                        .is_some_and(|w| crate::model::parameter_matches(w, p))
                })
                .and_then(|a| a.value.as_ref())
                .map(|v| v.val.clone())
        };
        let positional = |i: usize| {
            cmd.arguments
                .iter()
                .filter(|a| a.parameter.is_none())
                .filter_map(|a| a.value.as_ref())
                .nth(i)
                .map(|v| v.val.clone())
        };
        let principal = |app: Option<String>| match app {
            Some(app_id) => Val::Principal(PrincipalVal {
                app_id,
                spns_added: Vec::new(),
                keys_added: Vec::new(),
            }),
            None => Val::unknown(format!("the principal `{}` returns", cmd.name)),
        };
        match name.as_str() {
            "get-msolserviceprincipal" => principal(
                named("AppPrincipalId")
                    .and_then(|v| v.text())
                    .or_else(|| {
                        named("ServicePrincipalName")
                            .and_then(|v| v.text())
                            .map(|spn| spn.split('/').next().unwrap_or("").to_string())
                    })
                    .or_else(|| named("ObjectId").and_then(|v| v.principal().map(str::to_string))),
            ),
            "get-mgserviceprincipal" | "get-azureadserviceprincipal" => principal(
                named("Filter")
                    .and_then(|v| v.text())
                    .and_then(|f| super::app_id_in_filter(&f))
                    .or_else(|| {
                        named("ServicePrincipalId")
                            .or_else(|| named("ObjectId"))
                            .and_then(|v| v.principal().map(str::to_string))
                    }),
            ),
            "get-mgserviceprincipalbyappid" => principal(named("AppId").and_then(|v| v.text())),
            "get-content" | "gc" | "cat" | "type" => {
                let path = named("Path")
                    .or_else(|| named("LiteralPath"))
                    .or_else(|| positional(0))
                    .and_then(|v| v.text())
                    .unwrap_or_default();
                let switch = |p: &str| {
                    cmd.arguments.iter().any(|a| {
                        a.parameter
                            .as_deref()
                            .is_some_and(|w| crate::model::parameter_matches(w, p))
                    })
                };
                let bytes = switch("AsByteStream")
                    || named("Encoding")
                        .and_then(|v| v.text())
                        .is_some_and(|e| e.eq_ignore_ascii_case("Byte"));
                if bytes {
                    Val::Derived(Form::FileBytes(path))
                } else if switch("Raw") {
                    // The whole text in one string: the file's bytes for a Base64 .cer.
                    Val::unknown(format!("the whole text of `{path}`"))
                } else {
                    // Lines, which PowerShell joins with spaces wherever one string is wanted.
                    Val::Derived(Form::FileText(path))
                }
            }
            "read-host" => Val::unknown("it is typed in when the script runs (Read-Host)"),
            "get-date" => Val::Derived(Form::DateFromToday("Get-Date".into())),
            "new-object" => {
                let type_name = named("TypeName")
                    .or_else(|| positional(0))
                    .and_then(|v| v.text())
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                new_object(&type_name, named("ArgumentList").or_else(|| positional(1)))
            }
            "write-output" | "echo" => positional(0).unwrap_or(Val::Null),
            _ => Val::unknown(format!("the output of `{}`", cmd.name)),
        }
    }
}

/// `New-Object TypeName [args]` for the types the procedures build.
fn new_object(type_name: &str, argument: Option<Val>) -> Val {
    if type_name.contains("x509certificate") {
        return Val::Certificate {
            path: argument.and_then(|a| a.text()),
        };
    }
    if type_name.contains("list[") || type_name.ends_with("arraylist") {
        return Val::List(ListVal {
            current_of: None,
            items: Vec::new(),
        });
    }
    if type_name.contains("microsoftgraph")
        || type_name.contains("psobject")
        || type_name.contains("hashtable")
        || type_name.contains("keycredential")
    {
        return Val::Hash(Vec::new());
    }
    Val::unknown(format!("a new `{type_name}` object"))
}

/// `[Type]::Member`.
fn static_member(type_text: &str, member: &str) -> Val {
    let t = type_text.to_ascii_lowercase();
    if t.contains("x509contenttype") {
        return Val::Text(member.to_string());
    }
    Val::unknown(format!(
        "`{type_text}::{member}` is read when the script runs"
    ))
}

/// `[Type]::Method(args)` for the static methods the procedures call.
fn static_method(type_text: &str, method: &str, args: &[Val]) -> Option<Val> {
    let t = type_text.trim_matches(['[', ']']).to_ascii_lowercase();
    let m = method.to_ascii_lowercase();
    let short = t.rsplit('.').next().unwrap_or(&t);
    match (short, m.as_str()) {
        ("x509certificate2" | "x509certificate", "new" | "createfromcertfile") => {
            Some(Val::Certificate {
                path: args.first().and_then(Val::text),
            })
        }
        ("convert", "tobase64string") => Some(match args.first() {
            Some(Val::Derived(Form::DerBytes)) => Val::Derived(Form::Base64OfDer),
            _ => Val::unknown("Base64 of bytes the evaluator cannot follow"),
        }),
        ("file", "readallbytes") => Some(Val::Derived(Form::FileBytes(
            args.first().and_then(Val::text).unwrap_or_default(),
        ))),
        ("string", "format") => {
            let (format, rest) = args.split_first()?;
            Some(format_string(format.clone(), rest))
        }
        ("string", "join") => {
            let (sep, rest) = args.split_first()?;
            let sep = sep.interpolated()?;
            let items: Vec<Val> = match rest {
                [one] => one.items()?,
                many => many.to_vec(),
            };
            let parts: Option<Vec<String>> = items.iter().map(Val::interpolated).collect();
            Some(parts.map_or_else(
                || Val::unknown("it joins values only run time knows"),
                |p| Val::Text(p.join(&sep)),
            ))
        }
        (list, "new") if list.contains("list[") || list.ends_with("arraylist") => {
            Some(Val::List(ListVal {
                current_of: None,
                items: Vec::new(),
            }))
        }
        _ => None,
    }
}

/// `$x.Method(args)` used as a value.
fn instance_method(receiver: Val, method: &str, args: &[Val]) -> Option<Val> {
    let m = method.to_ascii_lowercase();
    match receiver {
        Val::Certificate { .. } => match m.as_str() {
            "getrawcertdata" | "export" => Some(Val::Derived(Form::DerBytes)),
            "geteffectivedatestring" | "getexpirationdatestring" => {
                Some(Val::Derived(Form::CertificateDate))
            }
            _ => None,
        },
        Val::Derived(Form::CertificateDate) => Some(Val::Derived(Form::CertificateDate)),
        Val::Derived(Form::DateFromToday(from)) => {
            let shown = match args.first().and_then(Val::text) {
                Some(n) if m.starts_with("add") => format!("{from} .{method}({n})"),
                _ => from,
            };
            Some(Val::Derived(Form::DateFromToday(shown)))
        }
        Val::Text(s) => match m.as_str() {
            "tostring" | "trim" => Some(Val::Text(s.trim().to_string())),
            "tolower" | "tolowerinvariant" => Some(Val::Text(s.to_lowercase())),
            "toupper" | "toupperinvariant" => Some(Val::Text(s.to_uppercase())),
            "replace" => match (
                args.first().and_then(Val::text),
                args.get(1).and_then(Val::text),
            ) {
                (Some(a), Some(b)) => Some(Val::Text(s.replace(&a, &b))),
                _ => None,
            },
            _ => None,
        },
        Val::Unknown(why) => Some(Val::Unknown(why)),
        _ => None,
    }
}

/// `.NET` composite formatting for `{0}`-style placeholders.
fn format_string(format: Val, args: &[Val]) -> Val {
    let Val::Text(format) = format else {
        return Val::unknown("the format string is computed when the script runs");
    };
    let mut out = String::new();
    let mut rest = format.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(stripped) = after.strip_prefix('{') {
            out.push('{');
            rest = stripped;
            continue;
        }
        let Some(close) = after.find('}') else {
            return Val::unknown("the format string is malformed");
        };
        let index = after[..close].split([',', ':']).next().unwrap_or("");
        let Some(arg) = index.trim().parse::<usize>().ok().and_then(|i| args.get(i)) else {
            return Val::unknown("the format string names an argument that is not given");
        };
        match arg.interpolated() {
            Some(t) => out.push_str(&t),
            None => {
                return Val::unknown(
                    arg.why_unknown()
                        .unwrap_or("it formats a value that is not text")
                        .to_string(),
                );
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(&rest.replace("}}", "}"));
    Val::Text(out)
}

/// A member of a value, for the objects the procedures fetch and build.
pub(super) fn member_of(target: Val, member: &str) -> Val {
    let m = member.to_ascii_lowercase();
    match target {
        Val::Principal(p) => match m.as_str() {
            "appprincipalid" | "appid" => Val::Text(p.app_id),
            "id" | "objectid" => Val::PrincipalObjectId(p.app_id),
            "serviceprincipalnames" => Val::List(ListVal {
                current_of: Some((p.app_id, Member::ServicePrincipalNames)),
                items: p.spns_added,
            }),
            "keycredentials" => Val::List(ListVal {
                current_of: Some((p.app_id, Member::KeyCredentials)),
                items: p.keys_added,
            }),
            _ => Val::unknown(format!("the principal's `{member}` as the tenant has it")),
        },
        hash @ Val::Hash(_) => hash.entry(member).cloned().unwrap_or(Val::Null),
        Val::Certificate { .. } => match m.as_str() {
            "notafter" | "notbefore" => Val::Derived(Form::CertificateDate),
            "rawdata" => Val::Derived(Form::DerBytes),
            _ => Val::unknown(format!("the certificate's `{member}`")),
        },
        Val::Text(s) if m == "length" => Val::Text(s.chars().count().to_string()),
        Val::List(l) if l.current_of.is_none() && (m == "count" || m == "length") => {
            Val::Text(l.items.len().to_string())
        }
        Val::Derived(Form::ExistingKey) => Val::Derived(Form::ExistingKey),
        // `(Get-Date).AddDays(364)` in command mode: the grammar gives the member without its
        // call; any member of a date is still a date of the same origin.
        date @ Val::Derived(Form::DateFromToday(_) | Form::CertificateDate) => date,
        Val::Unknown(why) => Val::Unknown(why),
        _ => Val::unknown(format!(
            "`.{member}` of a value the evaluator does not follow"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composite_formatting() {
        let v = format_string(
            Val::Text("{0}/{1}".into()),
            &[Val::Text("a".into()), Val::Text("b".into())],
        );
        assert_eq!(v, Val::Text("a/b".into()));
        assert!(matches!(
            format_string(Val::Text("{0}".into()), &[Val::unknown("x")]),
            Val::Unknown(_)
        ));
    }
}
