//! Built-in checks: what a rule file cannot express as data (decoding certificates, comparing facts
//! across evidence). One module per check; a rule file names the check with
//! `[[check]] kind = "builtin"`, `name = "…"`.

use crate::model::Model;

use super::Hit;
use super::template::Context;

/// A built-in check: reads the model (never files), returns hits.
pub type BuiltinFn = fn(&Model, &toml::Table, &Context) -> Vec<Hit>;

/// Every built-in check by name. A test checks that each has a rule file using it.
pub const BUILTINS: &[(&str, BuiltinFn)] = &[];

pub fn lookup(name: &str) -> Option<BuiltinFn> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

pub fn names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}
