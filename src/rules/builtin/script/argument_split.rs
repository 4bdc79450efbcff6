//! `script/argument-split`: in command mode PowerShell does not evaluate `+`: `-MetadataUrl
//! "https://…/" + $TenantId + "/metadata/json/1"` passes only the first string to -MetadataUrl and
//! the rest as extra positional arguments (the cmdlet then fails, or uses a URL without the tenant).

use crate::rules::applies::{self, Applies};
use crate::model::{Model, ValueKind};
use crate::rules::Hit;
use crate::rules::template::Context;

/// `text` with parentheses around `first` and the pieces split off after it, so PowerShell
/// evaluates the concatenation as one expression. Each piece stays exactly as written (a
/// single-quoted piece stays single-quoted), so the fix adds no code and moves no value into
/// a double-quoted string. `None` when the pieces are not found in order in `text`.
fn parenthesised(text: &str, anchor: &str, first: &str, rest: &[&str]) -> Option<String> {
    let start = text.find(anchor)? + anchor.len() - first.len();
    let mut end = start + first.len();
    for piece in rest {
        let after = &text[end..];
        let skipped = after.len() - after.trim_start().len();
        if skipped == 0 || !after[skipped..].starts_with(piece) {
            return None;
        }
        end += skipped + piece.len();
    }
    Some(format!(
        "{}({}){}",
        &text[..start],
        &text[start..end],
        &text[end..]
    ))
}

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::commands(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
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
            let anchor = match &arg.parameter {
                Some(p) => format!("{p} {}", first.text),
                None => first.text.clone(),
            };
            let fix_line = parenthesised(&cmd.text, &anchor, &first.text, &extra);
            hits.push(Hit::new(
                format!("{param} of `{}` receives only {}; in command mode `{}` are passed as separate arguments, not concatenated", cmd.name, first.text, extra.join(" ")),
                Some(arg.location.clone()),
                fix_line,
            ));
        }
    }
    hits
}
