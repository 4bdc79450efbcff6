//! `script/undefined-variable`: a variable passed to a parameter is never assigned in the script. A
//! misspelt name (`$TenantID` vs `$TennantId`) silently passes `$null`, and the cmdlet runs with an
//! empty value or a URL missing its tenant.

use crate::rules::applies::{self, Applies};
use std::collections::{HashMap, HashSet};

use crate::domain::automatic_variables::AUTOMATIC_VARIABLES;
use crate::model::{EvidenceKind, Model, Origin};
use crate::rules::Hit;
use crate::rules::template::Context;

/// Every variable a file assigns (lower case), by file, found once rather than per use.
fn assigned_by_file(model: &Model) -> HashMap<usize, HashSet<String>> {
    let mut out: HashMap<usize, HashSet<String>> = HashMap::new();
    for a in &model.assignments {
        out.entry(a.file)
            .or_default()
            .insert(a.variable.to_ascii_lowercase());
    }
    for c in &model.commands {
        if let Some(v) = &c.assigned_to {
            out.entry(c.file)
                .or_default()
                .insert(v.to_ascii_lowercase());
        }
    }
    out
}

/// Files where an unassigned variable may still have a value the evidence does not show (and, in
/// `check`, commands in functions their file never calls, whose caller may set it): a file
/// PowerShell could not parse or a runbook with `<placeholders>` left in (the reader may have
/// missed assignments: `$sp = Get-MgServicePrincipal -ServicePrincipalId <id>` is no
/// statement), one that dot-sources another script (whose variables become its own), or a
/// module file (`.psm1`), whose functions read the module's scope, which its other files and its
/// manifest's scripts may set.
fn cannot_confirm(model: &Model) -> HashSet<usize> {
    let mut out: HashSet<usize> = model
        .commands
        .iter()
        .filter(|c| c.name == ".")
        .map(|c| c.file)
        .collect();
    for (i, f) in model.files.iter().enumerate() {
        if f.path.to_ascii_lowercase().ends_with(".psm1") {
            out.insert(i);
        }
    }
    for e in model.parse_errors.iter().chain(&model.placeholders) {
        let path = e.location.path.as_str();
        if let Some(i) = model.files.iter().position(|f| f.path == path) {
            out.insert(i);
        }
    }
    out
}

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::scripts(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let assigned = assigned_by_file(model);
    let unsure = cannot_confirm(model);
    // One finding per variable and file (its first use), however often it is read.
    let mut reported: HashSet<(usize, String)> = HashSet::new();
    let mut hits = Vec::new();
    for cmd in model.commands.iter().filter(|c| c.origin == Origin::Script) {
        if model.files.get(cmd.file).map(|f| f.kind) != Some(EvidenceKind::Script)
            || unsure.contains(&cmd.file)
            || model.in_uncalled_functions.binary_search(&cmd.index).is_ok()
        {
            continue;
        }
        for arg in &cmd.arguments {
            let Some(value) = &arg.value else { continue };
            for var in value.variables() {
                let lower = var.to_ascii_lowercase();
                if AUTOMATIC_VARIABLES.contains(&lower.as_str()) || lower.starts_with("env:") {
                    continue;
                }
                let defined = assigned
                    .get(&cmd.file)
                    .is_some_and(|vars| vars.contains(&lower));
                if defined || !reported.insert((cmd.file, lower.clone())) {
                    continue;
                }
                let similar = model
                    .assignments
                    .iter()
                    .filter(|a| a.file == cmd.file)
                    .map(|a| a.variable.as_str())
                    .chain(
                        model
                            .commands
                            .iter()
                            .filter(|c| c.file == cmd.file)
                            .filter_map(|c| c.assigned_to.as_deref()),
                    )
                    .find(|d| close(d, var));
                let hint = similar
                    .map(|s| format!("; did you mean `${s}`?"))
                    .unwrap_or_default();
                let param = arg
                    .parameter
                    .as_deref()
                    .map(|p| format!("-{p}"))
                    .unwrap_or_else(|| "a positional argument".into());
                hits.push(Hit::new(
                    format!("`${var}` is passed to {param} of `{}` but never assigned in this script, so PowerShell passes $null{hint}", cmd.name),
                    Some(value.location.clone()),
                    similar.map(|s| value.text.replace(&format!("${var}"), &format!("${s}"))),
                ));
            }
        }
    }
    hits
}

/// Names that differ by case-insensitive edit distance 1–2 (a typo).
fn close(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.to_ascii_lowercase().chars().collect();
    let b: Vec<char> = b.to_ascii_lowercase().chars().collect();
    if a == b || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    crate::edit_distance::edit_distance(&a, &b) <= 2
}
