//! `transcript/legacy-module`: MSOnline and AzureAD cmdlets, judged at `--now`. Both modules were
//! deprecated on 30 March 2024 and stopped being supported on 30 March 2025 (MSOnline was shut
//! down in the weeks after); before the deprecation they were the documented way, and evidence
//! from then is not wrong for using them. One finding per file, at the first such cmdlet.

use crate::rules::applies::Applies;
use time::macros::date;

use crate::cmdlets;
use crate::model::Model;
use crate::rules::Hit;
use crate::rules::template::Context;

/// The Graph PowerShell counterpart of a retired cmdlet: its catalogue entry's replacement, else
/// its module's.
fn graph_equivalent(name: &str) -> &'static str {
    let catalogue = cmdlets::catalogue();
    catalogue
        .cmdlet(name)
        .and_then(|c| c.replacement.as_deref())
        .or_else(|| {
            catalogue
                .module_of(name)
                .and_then(|m| m.replacement.as_deref())
        })
        .unwrap_or(
            "the Microsoft Graph PowerShell cmdlet for the same object (Microsoft.Graph.Applications)",
        )
}

/// When the modules were deprecated, and when their support ended.
const DEPRECATED: time::Date = date!(2024 - 03 - 30);
const RETIRED: time::Date = date!(2025 - 03 - 30);

/// Whether the modules were deprecated yet on the day the evidence is judged at.
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(model.now.date() >= DEPRECATED, || {
        format!(
            "MSOnline and AzureAD were not deprecated yet on {}",
            model.now.date()
        )
    })
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let now = model.now.date();
    if now < DEPRECATED {
        return Vec::new();
    }
    let state = if now < RETIRED {
        "deprecated since 30 March 2024, supported until 30 March 2025; move to Microsoft Graph before then"
    } else {
        "retired on 30 March 2025; these modules no longer work against current tenants"
    };
    let mut hits = Vec::new();
    for commands in crate::rules::builtin::commands_by_file(model).values() {
        let legacy: Vec<_> = commands
            .iter()
            .filter(|c| cmdlets::is_retired(&c.name))
            .collect();
        let Some(first) = legacy.first() else {
            continue;
        };
        let mut names: Vec<&str> = legacy.iter().map(|c| c.name.as_str()).collect();
        names.sort_by_key(|n| n.to_ascii_lowercase());
        names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        let fix = names
            .iter()
            .map(|n| format!("{n} -> {}", graph_equivalent(n)))
            .collect::<Vec<_>>()
            .join("\n");
        hits.push(Hit::new(
            format!(
                "{} MSOnline/AzureAD cmdlet(s) in this file ({}): {state}",
                legacy.len(),
                names.join(", ")
            ),
            Some(first.location.clone()),
            Some(fix),
        ));
    }
    hits
}
