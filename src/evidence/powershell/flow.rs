//! Walks statements in the order PowerShell runs them: `if`/`switch`/`try` branches run
//! conditionally (a step inside one is planned under a condition, not absent), a `foreach` over a
//! known list runs its body once per item, functions run where they are called with their arguments
//! bound, and `begin`/`process`/`end` blocks run in order. Variables follow: after branches they keep
//! a value only where every branch agrees.

use tree_sitter::Node;

use super::env::Env;
use super::kind::KindName;
use super::value::{Form, ListVal, Member, Val};
use super::{AssignmentAst, Shape, Statement, ValueAst, Walker, variable_name};

/// How many items of a known list a `foreach` runs its body for; past that the item is unknown.
pub(super) const MAX_UNROLL: usize = 64;
/// How deep function calls are followed.
pub(super) const MAX_CALL_DEPTH: usize = 8;

/// Commands whose script-block argument is a named block of the script or function body.
const NAMED_BLOCKS: &[&str] = &["begin", "process", "end", "dynamicparam", "clean"];

impl<'a> Walker<'a> {
    /// Runs `node` (a statement, a block, a pipeline) and what it contains.
    pub(super) fn run(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        let Some(_level) = self.deeper() else { return };
        self.running.borrow_mut().push(node);
        self.run_node(node, out);
        self.running.borrow_mut().pop();
    }

    /// `run`, once `node` is on the stack of nodes being run.
    fn run_node(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        match node.kind_name() {
            "function_statement" => self.define_function(node),
            "if_statement" => self.run_if(node, out),
            "foreach_statement" => self.run_foreach(node, out),
            "for_statement" | "while_statement" | "do_statement" | "trap_statement" => {
                self.run_loop(node, out)
            }
            "switch_statement" => self.run_switch(node, out),
            "try_statement" => self.run_try(node, out),
            "param_block" => self.declare_parameters(node, out),
            "class_statement" | "enum_statement" => {}
            "command" => self.run_command(node, out),
            "assignment_expression" => self.run_assignment(node, out),
            "invokation_expression" => self.run_method_call(node, out),
            _ => self.run_children(node, out),
        }
    }

    pub(super) fn run_children(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        // A cursor of its own, stepped child by child: the walk is the hot path, and collecting
        // each node's children into a vector first cost an allocation per node.
        let mut cursor = node.walk();
        if !cursor.goto_first_child() {
            return;
        }
        loop {
            self.run(cursor.node(), out);
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }

    /// Runs `node` as a block that may not run (or may run more than once).
    fn run_conditionally(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        self.conditional.set(self.conditional.get() + 1);
        self.run(node, out);
        self.conditional.set(self.conditional.get() - 1);
    }

    fn snapshot(&self) -> Env {
        self.env.borrow().clone()
    }

    fn restore(&self, env: Env) {
        *self.env.borrow_mut() = env;
    }

    /// The variables as they are now, leaving an empty environment behind (to be restored).
    fn take_env(&self) -> Env {
        std::mem::take(&mut *self.env.borrow_mut())
    }

    /// Runs each alternative from the same starting point, then merges what they leave behind.
    /// `always` says one alternative surely runs (an `else` is present).
    fn run_alternatives(
        &self,
        alternatives: &[Node<'a>],
        always: bool,
        why: &str,
        out: &mut Vec<Statement>,
    ) {
        let start = self.snapshot();
        let mut outcomes = Vec::with_capacity(alternatives.len() + 1);
        for (i, alt) in alternatives.iter().enumerate() {
            // The first alternative starts from the variables as they are (the snapshot).
            if i > 0 {
                self.restore(start.clone());
            }
            self.run_conditionally(*alt, out);
            outcomes.push(self.take_env());
        }
        if !always || alternatives.is_empty() {
            outcomes.push(start);
        }
        self.restore(Env::merge(outcomes, why));
    }

    fn run_if(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        let line = node.start_position().row + 1;
        let mut alternatives = Vec::new();
        let mut has_else = false;
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            match child.kind_name() {
                // The first condition always runs; later ones only when earlier ones failed.
                "pipeline" => self.run(child, out),
                "statement_block" => alternatives.push(child),
                "elseif_clauses" => {
                    let mut cc = child.walk();
                    alternatives.extend(child.named_children(&mut cc));
                }
                "else_clause" => {
                    has_else = true;
                    alternatives.push(child);
                }
                _ => {}
            }
        }
        self.run_alternatives(
            &alternatives,
            has_else,
            &format!("it depends on which branch of the `if` at line {line} runs"),
            out,
        );
    }

    fn run_switch(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        let line = node.start_position().row + 1;
        let mut clauses = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind_name() == "switch_clause" {
                clauses.push(n);
                continue;
            }
            if n.kind_name() == "switch_condition"
                || n.kind_name() == "pipeline" && self.parent_of(n) == Some(node)
            {
                self.run(n, out);
                continue;
            }
            let mut c = n.walk();
            let children: Vec<Node<'a>> = n.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
        self.run_alternatives(
            &clauses,
            false,
            &format!("it depends on which clause of the `switch` at line {line} runs"),
            out,
        );
    }

    fn run_try(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        let line = node.start_position().row + 1;
        let mut cursor = node.walk();
        let children: Vec<Node<'a>> = node.children(&mut cursor).collect();
        let mut handlers = Vec::new();
        for child in &children {
            match child.kind_name() {
                "statement_block" => self.run(*child, out),
                "catch_clauses" => {
                    let mut cc = child.walk();
                    handlers.extend(child.named_children(&mut cc));
                }
                _ => {}
            }
        }
        for handler in &handlers {
            self.declare_loop_variables(*handler, out);
        }
        self.run_alternatives(
            &handlers,
            false,
            &format!("it depends on whether the `try` at line {line} fails"),
            out,
        );
        if let Some(finally) = children.iter().find(|c| c.kind_name() == "finally_clause") {
            self.run(*finally, out);
        }
    }

    /// `for`, `while`, `do`: the body may run any number of times.
    fn run_loop(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        let line = node.start_position().row + 1;
        self.declare_loop_variables(node, out);
        let body: Vec<Node<'a>> = {
            let mut c = node.walk();
            node.named_children(&mut c).collect()
        };
        let start = self.snapshot();
        for part in &body {
            self.run_conditionally(*part, out);
        }
        let after = self.take_env();
        self.restore(Env::merge(
            vec![start, after],
            &format!("it changes in the loop at line {line}"),
        ));
    }

    fn run_foreach(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        let line = node.start_position().row + 1;
        let mut cursor = node.walk();
        let children: Vec<Node<'a>> = node.children(&mut cursor).collect();
        let Some(var) = children.iter().find(|n| n.kind_name() == "variable") else {
            return;
        };
        let collection = children.iter().find(|n| n.kind_name() == "pipeline");
        let Some(body) = children.iter().find(|n| n.kind_name() == "statement_block") else {
            return;
        };
        if let Some(c) = collection {
            self.run(*c, out);
        }
        let raw = self.text(*var).to_string();
        let name = variable_name(&raw);
        let value = collection.map_or(Val::Null, |c| self.eval(*c));
        self.declare(
            &raw,
            *var,
            Val::unknown(format!("`${name}` takes each item in turn")),
            out,
        );
        match value.items() {
            Some(items) if !items.is_empty() && items.len() <= MAX_UNROLL => {
                for item in items {
                    self.env.borrow_mut().set(&raw, &name, item);
                    self.run(*body, out);
                }
            }
            _ => {
                let item = match &value {
                    Val::List(ListVal {
                        current_of: Some((_, Member::KeyCredentials)),
                        ..
                    }) => Val::Derived(Form::ExistingKey),
                    _ => Val::unknown(format!(
                        "`${name}` is an item of a list only run time knows (line {line})"
                    )),
                };
                let start = self.snapshot();
                self.env.borrow_mut().set(&raw, &name, item);
                self.run_conditionally(*body, out);
                let after = self.take_env();
                self.restore(Env::merge(
                    vec![start, after],
                    &format!("it changes in the `foreach` at line {line}"),
                ));
            }
        }
    }

    /// Records a variable a statement defines (loop, catch, parameter) and gives it a value.
    fn declare(&self, raw: &str, node: Node<'a>, value: Val, out: &mut Vec<Statement>) {
        self.declare_at(
            raw,
            node.start_position().row,
            self.column(node),
            value,
            out,
        );
    }

    /// `declare` at a position (0-based line, char column) rather than a node's.
    fn declare_at(
        &self,
        raw: &str,
        line: usize,
        column: usize,
        value: Val,
        out: &mut Vec<Statement>,
    ) {
        let name = variable_name(raw);
        self.env.borrow_mut().set(raw, &name, value.clone());
        out.push(Statement::Assignment(AssignmentAst {
            variable: name,
            value: ValueAst {
                text: String::new(),
                shape: Shape::Expression,
                parts: vec![super::Part::Unknown],
                line,
                column,
                strings: Vec::new(),
                hash_entries: Vec::new(),
                val: value,
            },
            line,
            column,
        }));
    }

    /// `-ErrorVariable err`, `-OutVariable out`, `-WarningVariable`, `-InformationVariable`,
    /// `-PipelineVariable` (any cmdlet's common parameters, and their aliases): the command sets
    /// the variable named (a leading `+` appends), to a value only run time knows.
    fn declare_common_parameter_variables(
        &self,
        cmd: &super::CommandAst,
        out: &mut Vec<Statement>,
    ) {
        const SETS_VARIABLE: &[&str] = &[
            "errorvariable",
            "ev",
            "outvariable",
            "ov",
            "warningvariable",
            "wv",
            "informationvariable",
            "iv",
            "pipelinevariable",
            "pv",
        ];
        for arg in &cmd.arguments {
            let (Some(p), Some(v)) = (&arg.parameter, &arg.value) else {
                continue;
            };
            if !SETS_VARIABLE.iter().any(|s| p.eq_ignore_ascii_case(s)) {
                continue;
            }
            let Some(name) = v.val.text() else { continue };
            let name = name.trim_start_matches('+').trim();
            if name.is_empty() {
                continue;
            }
            // The command's own position: a variable set by it is declared where it stands.
            let line = cmd.line + 1;
            self.declare_at(
                name,
                cmd.line,
                cmd.column,
                Val::unknown(format!("`${name}` is set by `{}` at line {line}", cmd.name)),
                out,
            );
        }
    }

    fn declare_loop_variables(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        let mut c = node.walk();
        if let Some(var) = node.children(&mut c).find(|n| n.kind_name() == "variable") {
            let raw = self.text(var).to_string();
            let name = variable_name(&raw);
            self.declare(
                &raw,
                var,
                Val::unknown(format!("`${name}` is set by the loop or handler")),
                out,
            );
        }
    }

    /// `param(…)` of the script: defaults are values, the rest is given when the script runs.
    fn declare_parameters(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        for (raw, var, default) in self.parameters(node) {
            let name = variable_name(&raw);
            let value = default.map_or_else(
                || {
                    Val::unknown(format!(
                        "`${name}` is a parameter given when the script runs"
                    ))
                },
                |d| self.eval(d),
            );
            self.declare(&raw, var, value, out);
        }
    }

    /// The parameters under a `param_block` or `function_parameter_declaration`: the variable as
    /// written, its node, and its default value's node.
    fn parameters(&self, node: Node<'a>) -> Vec<(String, Node<'a>, Option<Node<'a>>)> {
        // A function declares them after its name (`function F($a)`) or in its body's `param()`.
        let node = if node.kind_name() == "function_statement" {
            let mut c = node.walk();
            let children: Vec<Node<'a>> = node.children(&mut c).collect();
            let declared = children
                .iter()
                .find(|n| n.kind_name() == "function_parameter_declaration")
                .copied();
            let in_body = children
                .iter()
                .find(|n| n.kind_name() == "script_block")
                .and_then(|b| {
                    let mut bc = b.walk();
                    b.children(&mut bc).find(|n| n.kind_name() == "param_block")
                });
            match declared.or(in_body) {
                Some(n) => n,
                None => return Vec::new(),
            }
        } else {
            node
        };
        let mut out = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind_name() == "script_parameter" {
                let mut c = n.walk();
                let children: Vec<Node<'a>> = n.children(&mut c).collect();
                if let Some(var) = children.iter().find(|c| c.kind_name() == "variable") {
                    let default = children
                        .iter()
                        .find(|c| c.kind_name() == "script_parameter_default")
                        .and_then(|d| {
                            let mut dc = d.walk();
                            d.named_children(&mut dc).last()
                        });
                    out.push((self.text(*var).to_string(), *var, default));
                }
                continue;
            }
            if n.kind_name() == "script_block" && n.id() != node.id() {
                continue;
            }
            let mut c = n.walk();
            let children: Vec<Node<'a>> = n.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
        out
    }

    /// `name = value` and the other assignment operators.
    fn run_assignment(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        let mut c = node.walk();
        let children: Vec<Node<'a>> = node.children(&mut c).collect();
        let Some(left) = children
            .iter()
            .find(|n| n.kind_name() == "left_assignment_expression")
        else {
            return self.run_children(node, out);
        };
        let operator = children
            .iter()
            .find(|n| n.kind_name() == "assignement_operator")
            .map(|n| self.text(*n).trim().to_string())
            .unwrap_or_else(|| "=".into());
        let right = children.iter().rfind(|n| n.kind_name() == "pipeline");
        // `$x = if (…) {…} else {…}` (or foreach, switch, try): the statement's output.
        let statement = children.iter().rev().find(|n| {
            n.is_named()
                && n.kind_name().ends_with("_statement")
                && n.start_byte() > left.end_byte()
        });
        let value = match (right, statement) {
            (Some(r), _) => {
                self.keep_assigned_command.set(true);
                let value = self.eval(*r);
                self.keep_assigned_command.set(false);
                value
            }
            (None, Some(st)) => Val::unknown(format!(
                "it is the output of the statement at line {}",
                st.start_position().row + 1
            )),
            (None, None) => Val::Null,
        };
        // Commands and calls on the right run first, with the variables as they were.
        if let Some(r) = right {
            self.run(*r, out);
            *self.assigned_command.borrow_mut() = None;
        } else if let Some(st) = statement {
            self.run(*st, out);
        }
        let target = self.assignment_target(*left);
        let value = match (&target, operator.as_str()) {
            (_, "=") => value,
            (Target::Variable { name, .. }, "+=") => {
                let current = self.env.borrow().get(name).cloned().unwrap_or(Val::Null);
                current.plus(value)
            }
            (Target::Member { .. }, "+=") => value,
            _ => Val::unknown(format!(
                "`{}` is computed when the script runs",
                self.text(node).trim()
            )),
        };
        match target {
            Target::Variable { raw, name } => {
                self.env.borrow_mut().set(&raw, &name, value.clone());
                // A pipeline of commands on the right is recorded as its commands with
                // `assigned_to`; anything else (an expression, even one holding a command in
                // parentheses, or a statement) as an assignment.
                let command_pipeline = right.is_some_and(|r| is_command_pipeline(*r));
                if !command_pipeline {
                    let source = right.or(statement).copied().unwrap_or(*left);
                    let shown = self.value_as(source, value);
                    out.push(Statement::Assignment(AssignmentAst {
                        variable: name,
                        value: shown,
                        line: node.start_position().row,
                        column: self.column(node),
                    }));
                }
            }
            Target::Member { variable, members } => {
                let additive = operator == "+=";
                self.assign_member(&variable, &members, value.clone(), additive);
                // `$sp.ServicePrincipalNames += "…"` changes the local copy like `.Add("…")`.
                if additive
                    && members
                        .last()
                        .is_some_and(|m| m.eq_ignore_ascii_case("ServicePrincipalNames"))
                    && let Some(r) = right
                {
                    let argument = self.value_as(*r, value.clone());
                    out.push(Statement::MethodCall(super::MethodCallAst {
                        variable: variable.clone(),
                        members: members.clone(),
                        method: "Add".into(),
                        arguments: vec![argument],
                        assigned_to: None,
                        line: node.start_position().row,
                        column: self.column(node),
                        len: self.text(node).lines().next().unwrap_or("").chars().count(),
                        conditional: self.conditional.get() > 0,
                        principal: self.principal_of(&variable),
                    }));
                }
            }
            Target::Other => {}
        }
    }

    fn assignment_target(&self, left: Node<'a>) -> Target {
        let text = self.text(left).trim();
        let Some(var) = super::find_descendant(left, "variable") else {
            return Target::Other;
        };
        let raw = self.text(var).to_string();
        // `[string]$dc = …`: a typed variable is still the variable.
        let untyped = if text.starts_with('[') && text.ends_with(raw.as_str()) {
            raw.as_str()
        } else {
            text
        };
        if untyped == raw {
            return Target::Variable {
                name: variable_name(&raw),
                raw,
            };
        }
        // `$x.A.B` or `$h['k']` / `$h["k"]`.
        let Some(rest) = text.strip_prefix(raw.as_str()) else {
            return Target::Other;
        };
        let mut members = Vec::new();
        for piece in rest.split(['.', '[', ']']).filter(|p| !p.is_empty()) {
            members.push(piece.trim().trim_matches(['"', '\'']).to_string());
        }
        if members.is_empty() {
            return Target::Other;
        }
        Target::Member {
            variable: variable_name(&raw),
            members,
        }
    }

    /// `$x.A = v`, `$h['A'] = v`, `$sp.ServicePrincipalNames += v` on the variable's object.
    fn assign_member(&self, variable: &str, members: &[String], value: Val, additive: bool) {
        let mut env = self.env.borrow_mut();
        let Some(slot) = env.get_mut(variable) else {
            return;
        };
        let [member] = members else {
            // Deeper paths are not followed: the object is no longer known exactly.
            if !matches!(slot, Val::Unknown(_)) {
                *slot = Val::unknown(format!("`${variable}` is changed member by member"));
            }
            return;
        };
        match slot {
            Val::Hash(entries) => {
                let current = entries
                    .iter()
                    .rev()
                    .find(|(k, _)| k.eq_ignore_ascii_case(member))
                    .map(|(_, v)| v.clone());
                let new = match (additive, current) {
                    (true, Some(c)) => c.plus(value),
                    (true, None) => Val::Null.plus(value),
                    (false, _) => value,
                };
                entries.retain(|(k, _)| !k.eq_ignore_ascii_case(member));
                entries.push((member.clone(), new));
            }
            Val::Principal(p) => {
                let m = member.to_ascii_lowercase();
                let list = match m.as_str() {
                    "serviceprincipalnames" => Some(&mut p.spns_added),
                    "keycredentials" => Some(&mut p.keys_added),
                    _ => None,
                };
                match (list, additive) {
                    (Some(list), true) => match value.items() {
                        Some(items) => list.extend(items),
                        None => list.push(value),
                    },
                    // `$sp.KeyCredentials = $list`: the local copy now holds exactly that list.
                    _ => {
                        *slot = Val::unknown(format!("`${variable}.{member}` is replaced"));
                    }
                }
            }
            Val::Certificate { .. } | Val::Unknown(_) => {}
            other => {
                *other = Val::unknown(format!("`${variable}` is changed member by member"));
            }
        }
    }

    /// A method call as a statement: recorded, and its effect on the variable it changes.
    fn run_method_call(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        if let Some(mut call) = self.method_call(node, None) {
            call.conditional = self.conditional.get() > 0;
            call.principal = self.principal_of(&call.variable);
            self.apply_method_effect(node, &call);
            out.push(Statement::MethodCall(call));
        }
        // Arguments may hold sub-expressions with commands.
        self.run_children(node, out);
    }

    fn apply_method_effect(&self, node: Node<'a>, call: &super::MethodCallAst) {
        let method = call.method.to_ascii_lowercase();
        let args: Vec<Val> = call.arguments.iter().map(|a| a.val.clone()).collect();
        let mut env = self.env.borrow_mut();
        let Some(slot) = env.get_mut(&call.variable) else {
            return;
        };
        match (slot, call.members.as_slice(), method.as_str()) {
            (Val::Principal(p), [member], "add" | "addrange")
                if member.eq_ignore_ascii_case("ServicePrincipalNames") =>
            {
                p.spns_added.extend(args);
            }
            (Val::Principal(p), [member], "add" | "addrange")
                if member.eq_ignore_ascii_case("KeyCredentials") =>
            {
                p.keys_added.extend(args);
            }
            (Val::List(l), [], "add") => l.items.extend(args),
            (Val::List(l), [], "addrange") => {
                for a in args {
                    match a.items() {
                        Some(items) => l.items.extend(items),
                        None => l.items.push(a),
                    }
                }
            }
            (Val::Hash(entries), [], "add") => {
                if let [Val::Text(k), v] = &args[..] {
                    entries.push((k.clone(), v.clone()));
                }
            }
            (Val::Certificate { path }, [], "import") => {
                *path = args.first().and_then(Val::text);
            }
            (slot @ (Val::List(_) | Val::Hash(_)), [], "remove" | "clear" | "removeat") => {
                *slot = Val::unknown(format!(
                    "items are removed at line {}",
                    node.start_position().row + 1
                ));
            }
            _ => {}
        }
    }

    fn run_command(&self, node: Node<'a>, out: &mut Vec<Statement>) {
        let cached = self
            .assigned_command
            .borrow_mut()
            .take_if(|(id, _)| *id == node.id())
            .map(|(_, cmd)| cmd);
        let Some(mut cmd) = cached.or_else(|| self.command(node)) else {
            return;
        };
        cmd.conditional = self.conditional.get() > 0;
        cmd.in_uncalled_function = self.uncalled.get() > 0;
        let name = cmd.name.to_ascii_lowercase();
        let blocks = self.script_block_arguments(node);
        // `begin { … }` at the top of a script or function body is a named block, not a command.
        // The grammar may read `begin {…} process {…} end {…}` as one command: every argument is
        // then a block or the name of the next one.
        let only_blocks = cmd.arguments.iter().all(|a| {
            a.parameter.is_none()
                && a.value.as_ref().is_some_and(|v| {
                    v.text.starts_with('{')
                        || NAMED_BLOCKS.iter().any(|b| v.text.eq_ignore_ascii_case(b))
                })
        });
        if NAMED_BLOCKS.contains(&name.as_str()) && !blocks.is_empty() && only_blocks {
            for block in blocks {
                self.run(block, out);
            }
            return;
        }
        self.record_command(cmd.clone(), out);
        let function = self.functions.borrow().get(&name).copied();
        if let Some(def) = function {
            self.call_function(&name, def, &cmd, out);
            return;
        }
        // Script blocks given to these run (ForEach-Object once per input: conditionally here).
        if matches!(
            name.as_str(),
            "foreach-object" | "%" | "foreach" | "invoke-command" | "icm" | "&" | "."
        ) || cmd.name.starts_with('&')
        {
            for block in blocks {
                self.run_conditionally(block, out);
            }
        }
    }

    /// What a command does when it runs, apart from its script blocks and the function it may
    /// call: the variables it sets (`New-Variable`, `-ErrorVariable`), then the command itself.
    /// The tree walk and the simple-command reading (`simple_command`) both end here.
    pub(super) fn record_command(&self, cmd: super::CommandAst, out: &mut Vec<Statement>) {
        let name = cmd.name.to_ascii_lowercase();
        if matches!(name.as_str(), "new-variable" | "set-variable" | "nv" | "sv") {
            self.run_new_variable(&cmd, out);
        }
        self.declare_common_parameter_variables(&cmd, out);
        out.push(Statement::Command(cmd));
    }

    /// The script blocks among a command's elements (and after `&`/`.`).
    fn script_block_arguments(&self, node: Node<'a>) -> Vec<Node<'a>> {
        let mut out = Vec::new();
        let mut c = node.walk();
        for child in node.children(&mut c) {
            if matches!(child.kind_name(), "command_elements" | "command_name_expr") {
                let mut stack = vec![child];
                while let Some(n) = stack.pop() {
                    if n.kind_name() == "script_block" {
                        out.push(n);
                        continue;
                    }
                    if n.kind_name() == "command" {
                        continue;
                    }
                    let mut cc = n.walk();
                    let children: Vec<Node<'a>> = n.children(&mut cc).collect();
                    stack.extend(children.into_iter().rev());
                }
            }
        }
        out
    }

    /// `New-Variable -Name x -Value v` / `Set-Variable x v`.
    fn run_new_variable(&self, cmd: &super::CommandAst, out: &mut Vec<Statement>) {
        let named = |p: &str| {
            cmd.arguments
                .iter()
                .find(|a| {
                    a.parameter
                        .as_deref()
                        .is_some_and(|w| crate::model::parameter_matches(w, p))
                })
                .and_then(|a| a.value.clone())
        };
        let positional: Vec<ValueAst> = cmd
            .arguments
            .iter()
            .filter(|a| a.parameter.is_none())
            .filter_map(|a| a.value.clone())
            .collect();
        let Some(name) = named("Name").or_else(|| positional.first().cloned()) else {
            return;
        };
        let Some(name) = name.val.text() else { return };
        let value = named("Value").or_else(|| positional.get(1).cloned());
        let val = value.as_ref().map_or(Val::Null, |v| v.val.clone());
        self.env.borrow_mut().set(&name, &name, val.clone());
        let mut ast = value.unwrap_or(ValueAst {
            text: String::new(),
            shape: Shape::Constant,
            parts: Vec::new(),
            line: cmd.line,
            column: cmd.column,
            strings: Vec::new(),
            hash_entries: Vec::new(),
            val: Val::Null,
        });
        ast.val = val;
        out.push(Statement::Assignment(AssignmentAst {
            variable: name,
            value: ast,
            line: cmd.line,
            column: cmd.column,
        }));
    }

    fn define_function(&self, node: Node<'a>) {
        let mut c = node.walk();
        if let Some(name) = node
            .children(&mut c)
            .find(|n| n.kind_name() == "function_name")
        {
            let name = self.text(name).trim().to_ascii_lowercase();
            self.functions.borrow_mut().insert(name, node);
        }
    }

    /// Runs a function's body with its parameters bound to the call's arguments.
    fn call_function(
        &self,
        name: &str,
        def: Node<'a>,
        cmd: &super::CommandAst,
        out: &mut Vec<Statement>,
    ) {
        self.called.borrow_mut().insert(name.to_string());
        if self.call_stack.borrow().len() >= MAX_CALL_DEPTH
            || self.call_stack.borrow().iter().any(|n| n == name)
        {
            return;
        }
        self.call_stack.borrow_mut().push(name.to_string());
        let params = self.parameters(def);
        let mut bound: Vec<Option<Val>> = vec![None; params.len()];
        let mut positional = Vec::new();
        for arg in &cmd.arguments {
            match (&arg.parameter, &arg.value) {
                (Some(p), value) => {
                    let index = params.iter().position(|(raw, _, _)| {
                        crate::model::parameter_matches(p, &variable_name(raw))
                    });
                    if let Some(i) = index {
                        bound[i] = Some(value.as_ref().map_or(Val::Bool(true), |v| v.val.clone()));
                    }
                }
                (None, Some(v)) => positional.push(v.val.clone()),
                (None, None) => {}
            }
        }
        let mut positional = positional.into_iter();
        for slot in bound.iter_mut().filter(|s| s.is_none()) {
            match positional.next() {
                Some(v) => *slot = Some(v),
                None => break,
            }
        }
        self.env.borrow_mut().push();
        for ((raw, var, default), value) in params.iter().zip(bound) {
            let pname = variable_name(raw);
            let value = value
                .or_else(|| default.map(|d| self.eval(d)))
                .unwrap_or_else(|| {
                    Val::unknown(format!("`${pname}` is not passed to `{}`", cmd.name))
                });
            self.declare(raw, *var, value, out);
        }
        self.run_function_body(def, out);
        self.env.borrow_mut().pop();
        self.call_stack.borrow_mut().pop();
    }

    /// The statements of a function's script block, parameters excepted (they are bound).
    fn run_function_body(&self, def: Node<'a>, out: &mut Vec<Statement>) {
        let mut c = def.walk();
        let Some(block) = def
            .children(&mut c)
            .find(|n| n.kind_name() == "script_block")
        else {
            return;
        };
        let mut cc = block.walk();
        let children: Vec<Node<'a>> = block.children(&mut cc).collect();
        for child in children {
            if child.kind_name() != "param_block" {
                self.run(child, out);
            }
        }
    }

    /// Functions this text defines but never calls (a module's exports): their steps are planned
    /// only if someone calls them, with parameters nobody knows.
    pub(super) fn run_uncalled_functions(&self, out: &mut Vec<Statement>) {
        let mut defs: Vec<(String, Node<'a>)> = self
            .functions
            .borrow()
            .iter()
            .filter(|(n, _)| !self.called.borrow().contains(*n))
            .map(|(n, d)| (n.clone(), *d))
            .collect();
        defs.sort_by_key(|(_, d)| d.start_byte());
        for (name, def) in defs {
            self.called.borrow_mut().insert(name.clone());
            self.env.borrow_mut().push();
            for (raw, var, default) in self.parameters(def) {
                let pname = variable_name(&raw);
                let value = default.map_or_else(
                    || {
                        Val::unknown(format!(
                            "`${pname}` is a parameter of `{name}`, which this file never calls"
                        ))
                    },
                    |d| self.eval(d),
                );
                self.declare(&raw, var, value, out);
            }
            self.conditional.set(self.conditional.get() + 1);
            self.uncalled.set(self.uncalled.get() + 1);
            self.run_function_body(def, out);
            self.uncalled.set(self.uncalled.get() - 1);
            self.conditional.set(self.conditional.get() - 1);
            self.env.borrow_mut().pop();
        }
    }

    /// The principal a method call's variable holds, for `.Add()` on its SPN list.
    pub(super) fn principal_of(&self, variable: &str) -> Option<String> {
        self.env
            .borrow()
            .get(variable)
            .and_then(|v| v.principal().map(str::to_string))
    }
}

/// What an assignment writes to.
enum Target {
    Variable {
        raw: String,
        name: String,
    },
    Member {
        variable: String,
        members: Vec<String>,
    },
    Other,
}

/// Whether a pipeline is a chain of commands (`Get-X | Select …`), as opposed to an expression.
fn is_command_pipeline(pipeline: Node) -> bool {
    let mut c = pipeline.walk();
    let Some(chain) = pipeline
        .named_children(&mut c)
        .find(|n| n.kind_name() == "pipeline_chain")
    else {
        return false;
    };
    let mut cc = chain.walk();
    chain
        .named_children(&mut cc)
        .next()
        .is_some_and(|first| first.kind_name() == "command")
}
