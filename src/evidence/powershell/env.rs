//! The variables the evaluator knows while it walks a script or a transcript: one scope per function
//! call on top of the script scope, as PowerShell's dynamic scoping has it (a function reads its
//! caller's variables and writes its own unless it says `$script:` or `$global:`).

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use super::value::Val;

/// Variables by lower-case name, innermost scope last. Values are shared between copies: each
/// branch of an `if` or `try` starts from a copy of the variables, and copying a pool's hashtable
/// or a principal's key list for every branch made branches the walk's main cost; a value is
/// copied only when a branch changes it in place.
#[derive(Debug, Clone, PartialEq)]
pub struct Env {
    scopes: Vec<HashMap<String, Rc<Val>>>,
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

thread_local! {
    /// How many times this thread has read or changed variables (any `Env`'s).
    static USES: Cell<u64> = const { Cell::new(0) };
}

/// Counts one use of the variables: a reading that made none depended on none, and changed none.
fn count_use() {
    USES.with(|uses| uses.set(uses.get().wrapping_add(1)));
}

/// How many times this thread has read or changed variables so far: equal before and after an
/// evaluation, the evaluation neither read nor changed any, so its result depends on its text
/// alone (`transcript::load` reads a prompt typed again the same way once).
pub fn uses() -> u64 {
    USES.with(Cell::get)
}

impl Env {
    pub fn new() -> Self {
        Env::default()
    }

    pub fn get(&self, name: &str) -> Option<&Val> {
        count_use();
        let key = name.to_ascii_lowercase();
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.get(&key))
            .map(|v| &**v)
    }

    /// The shared value of `name`, to tell values copies still share from changed ones.
    fn get_shared(&self, name: &str) -> Option<&Rc<Val>> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    /// Sets `name` (bare, without `$` or scope) in the scope `raw` (as written) names.
    pub fn set(&mut self, raw: &str, name: &str, value: Val) {
        count_use();
        let key = name.to_ascii_lowercase();
        let outer = target_scope(raw).is_some();
        let scope = if outer {
            self.scopes.first_mut()
        } else {
            self.scopes.last_mut()
        };
        if let Some(scope) = scope {
            scope.insert(key, Rc::new(value));
        }
    }

    /// A mutable reference to the variable where it lives, for changes to its object in place.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Val> {
        count_use();
        let key = name.to_ascii_lowercase();
        self.scopes
            .iter_mut()
            .rev()
            .find_map(|s| s.get_mut(&key))
            .map(Rc::make_mut)
    }

    pub fn push(&mut self) {
        count_use();
        self.scopes.push(HashMap::new());
    }

    pub fn pop(&mut self) {
        count_use();
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    /// Every variable name visible now (lower case).
    pub fn names(&self) -> Vec<String> {
        count_use();
        let mut out: Vec<String> = self.scopes.iter().flat_map(|s| s.keys().cloned()).collect();
        out.sort();
        out.dedup();
        out
    }

    /// After branches that may or may not run: a variable keeps its value only where every
    /// outcome agrees; otherwise it is unknown, with `why`.
    pub fn merge(mut outcomes: Vec<Env>, why: &str) -> Env {
        count_use();
        if outcomes.is_empty() {
            return Env::new();
        }
        // Most branches (a `catch` that only logs, an `if` that only prints) leave the variables
        // as they found them: nothing to merge.
        if outcomes[1..].iter().all(|o| o.same_as(&outcomes[0])) {
            return outcomes.swap_remove(0);
        }
        let first = &outcomes[0];
        let mut merged = first.clone();
        let names: Vec<String> = {
            let mut all: Vec<String> = outcomes.iter().flat_map(Env::names).collect();
            all.sort();
            all.dedup();
            all
        };
        for name in names {
            let shared: Vec<Option<&Rc<Val>>> =
                outcomes.iter().map(|e| e.get_shared(&name)).collect();
            // Where every outcome still shares one value, the first outcome's copy already holds it.
            let agree = shared.iter().all(|v| match (v, shared[0]) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                _ => false,
            });
            if agree {
                continue;
            }
            let values: Vec<Option<&Val>> = shared.iter().map(|v| v.map(|v| &**v)).collect();
            if let Some(v) = Val::merge(&values, why) {
                merged.set_existing_or_top(&name, v);
            }
        }
        merged
    }

    fn set_existing_or_top(&mut self, key: &str, value: Val) {
        let key = key.to_ascii_lowercase();
        if let Some(slot) = self.scopes.iter_mut().rev().find_map(|s| s.get_mut(&key)) {
            *slot = Rc::new(value);
        } else if let Some(top) = self.scopes.last_mut() {
            top.insert(key, Rc::new(value));
        }
    }

    /// The same variables with the same values; values still shared since the copy are not
    /// compared item by item.
    fn same_as(&self, other: &Env) -> bool {
        self.scopes.len() == other.scopes.len()
            && self.scopes.iter().zip(&other.scopes).all(|(a, b)| {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.get(k).is_some_and(|w| Rc::ptr_eq(v, w) || v == w))
            })
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
        let m = Env::merge(vec![a, b], "depends on the branch");
        assert_eq!(m.get("v"), Some(&Val::unknown("depends on the branch")));
    }
}
