//! `script/argument-split`: in command mode PowerShell does not evaluate `+`: `-MetadataUrl
//! "https://…/" + $TenantId + "/metadata/json/1"` passes only the first string to -MetadataUrl and
//! the rest as extra positional arguments (the cmdlet then fails, or uses a URL without the tenant).

use crate::model::{Model, Value, ValueKind};
use crate::rules::Hit;
use crate::rules::template::Context;

/// The pieces of a `"a" + $b + "c"` concatenation joined into one expandable string.
fn joined(first: &Value, rest: &[Value]) -> String {
    let mut out = String::from("\"");
    for piece in std::iter::once(first.text.as_str()).chain(rest.iter().map(|v| v.text.as_str())) {
        let p = piece.trim().trim_start_matches('+').trim();
        let inner = p
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .or_else(|| p.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')));
        match inner {
            Some(s) => out.push_str(s),
            None if p.starts_with('$') && !p.contains('.') => out.push_str(p),
            None => {
                out.push_str("$(");
                out.push_str(p);
                out.push(')');
            }
        }
    }
    out.push('"');
    out
}

pub fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for cmd in &model.commands {
        for arg in cmd.arguments.iter().filter(|a| !a.split_off.is_empty()) {
            let Some(first) = &arg.value else { continue };
            if first.kind == ValueKind::Expression {
                continue;
            }
            let param = arg
                .parameter
                .as_deref()
                .map(|p| format!("-{p}"))
                .unwrap_or_else(|| "the positional argument".into());
            let extra: Vec<&str> = arg.split_off.iter().map(|v| v.text.as_str()).collect();
            let fixed = joined(first, &arg.split_off);
            let fix_line = match &arg.parameter {
                Some(p) => {
                    cmd.text
                        .replacen(&format!("{} {}", p, first.text), &format!("{p} {fixed}"), 1)
                }
                None => cmd.text.clone(),
            };
            let fix_line = {
                let mut t = fix_line;
                for e in &extra {
                    t = t.replacen(&format!(" {e}"), "", 1);
                }
                t
            };
            hits.push(Hit::new(
                format!("{param} of `{}` receives only {}; in command mode `{}` are passed as separate arguments, not concatenated", cmd.name, first.text, extra.join(" ")),
                Some(arg.location.clone()),
                Some(fix_line),
            ));
        }
    }
    hits
}
