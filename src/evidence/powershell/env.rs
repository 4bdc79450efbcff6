//! The variables the evaluator knows while it walks a script or a transcript: one scope per function
//! call on top of the script scope, as PowerShell's dynamic scoping has it (a function reads its
//! caller's variables and writes its own unless it says `$script:` or `$global:`).

use std::collections::HashMap;

use super::value::Val;

/// Variables by lower-case name, innermost scope last.
#[derive(Debug, Clone, PartialEq)]
pub struct Env {
    scopes: Vec<HashMap<String, Val>>,
}

impl Default for Env {
    fn default() -> Self {
        Env {
            scopes: vec![HashMap::new()],
        }
    }
}

/// Where an assignment writes, from the scope prefix written before the name.
fn target_scope(raw: &str) -> Option<&'static str> {
    let t = raw.trim().trim_start_matches(['$', '@']);
    let t = t.strip_prefix('{').unwrap_or(t);
    let (scope, _) = t.split_once(':')?;
    match scope.to_ascii_lowercase().as_str() {
        "script" | "global" => Some("outer"),
        _ => None,
    }
}

impl Env {
    pub fn new() -> Self {
        Env::default()
    }

    pub fn get(&self, name: &str) -> Option<&Val> {
        let key = name.to_ascii_lowercase();
        self.scopes.iter().rev().find_map(|s| s.get(&key))
    }

    /// Sets `name` (bare, without `$` or scope) in the scope `raw` (as written) names.
    pub fn set(&mut self, raw: &str, name: &str, value: Val) {
        let key = name.to_ascii_lowercase();
        let outer = target_scope(raw).is_some();
        let scope = if outer {
            self.scopes.first_mut()
        } else {
            self.scopes.last_mut()
        };
        if let Some(scope) = scope {
            scope.insert(key, value);
        }
    }

    /// A mutable reference to the variable where it lives, for changes to its object in place.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Val> {
        let key = name.to_ascii_lowercase();
        self.scopes.iter_mut().rev().find_map(|s| s.get_mut(&key))
    }

    pub fn push(&mut self) {
        self.scopes.push(HashMap::new());
    }

    pub fn pop(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    /// Every variable name visible now (lower case).
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = self.scopes.iter().flat_map(|s| s.keys().cloned()).collect();
        out.sort();
        out.dedup();
        out
    }

    /// After branches that may or may not run: a variable keeps its value only where every
    /// outcome agrees; otherwise it is unknown, with `why`.
    pub fn merge(outcomes: &[Env], why: &str) -> Env {
        let Some(first) = outcomes.first() else {
            return Env::new();
        };
        let mut merged = first.clone();
        let names: Vec<String> = {
            let mut all: Vec<String> = outcomes.iter().flat_map(Env::names).collect();
            all.sort();
            all.dedup();
            all
        };
        for name in names {
            let values: Vec<Option<&Val>> = outcomes.iter().map(|e| e.get(&name)).collect();
            if let Some(v) = Val::merge(&values, why) {
                merged.set_existing_or_top(&name, v);
            }
        }
        merged
    }

    fn set_existing_or_top(&mut self, key: &str, value: Val) {
        if let Some(slot) = self.get_mut(key) {
            *slot = value;
        } else if let Some(top) = self.scopes.last_mut() {
            top.insert(key.to_string(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_scopes_read_outer_and_write_their_own() {
        let mut env = Env::new();
        env.set("$x", "x", Val::Text("outer".into()));
        env.push();
        assert_eq!(env.get("X"), Some(&Val::Text("outer".into())));
        env.set("$x", "x", Val::Text("inner".into()));
        env.set("$script:y", "y", Val::Text("script".into()));
        env.pop();
        assert_eq!(env.get("x"), Some(&Val::Text("outer".into())));
        assert_eq!(env.get("y"), Some(&Val::Text("script".into())));
    }

    #[test]
    fn merge_of_disagreeing_branches_is_unknown() {
        let mut a = Env::new();
        a.set("$v", "v", Val::Text("1".into()));
        let mut b = Env::new();
        b.set("$v", "v", Val::Text("2".into()));
        let m = Env::merge(&[a, b], "depends on the branch");
        assert_eq!(m.get("v"), Some(&Val::unknown("depends on the branch")));
    }
}
