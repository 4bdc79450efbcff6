//! `exchange/setting-override-invalid`: the setting override that switches Exchange Server to the
//! dedicated hybrid application (`New-SettingOverride -Name EnableExchangeHybrid3PAppFeature
//! -Component Global -Section ExchangeOnpremAsThirdPartyAppId -Parameters @("Enabled=true")`) is
//! written with another component, section or parameter, or shown more than once. A value only
//! run time knows is said as "cannot confirm", never judged wrong.

use crate::findings::Severity;
use crate::model::{Command, Model, Record, Value};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::data_check::cannot_confirm;
use crate::rules::template::Context;

const FEATURE: &str = "EnableExchangeHybrid3PAppFeature";
const COMPONENT: &str = "Global";
const SECTION: &str = "ExchangeOnpremAsThirdPartyAppId";

/// The override as Microsoft's `ConfigureExchangeHybridApplication.ps1` and the documentation
/// write it, for fixes.
fn documented() -> String {
    format!(
        "New-SettingOverride -Name \"{FEATURE}\" -Component \"{COMPONENT}\" -Section \"{SECTION}\" -Parameters @(\"Enabled=true\") -Reason \"Dedicated Exchange hybrid application\""
    )
}

/// Whether a command or a record's text is about this feature's override.
fn about_feature(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains(&FEATURE.to_ascii_lowercase()) || t.contains(&SECTION.to_ascii_lowercase())
}

/// The known items of a `-Parameters` value (`@("Enabled=true")`, `"Enabled=true"`), or `None`
/// when run time decides them.
fn parameter_items(v: &Value) -> Option<Vec<String>> {
    if let Some(r) = &v.resolved {
        return Some(r.split(',').map(|s| s.trim().to_string()).collect());
    }
    (v.variables().is_empty() && !v.strings().is_empty()).then(|| v.strings().to_vec())
}

/// What is wrong with `Enabled=…` among the parameters, if anything.
fn enabled_problem(items: &[String]) -> Option<String> {
    let enabled: Vec<String> = items
        .iter()
        .filter_map(|i| {
            let (k, v) = i.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("Enabled")
                .then(|| v.trim().to_ascii_lowercase())
        })
        .collect();
    match enabled.as_slice() {
        [] => Some(format!(
            "its parameters `{}` do not set `Enabled=true`",
            items.join(", ")
        )),
        values if values.iter().any(|v| v != "true") => Some(format!(
            "its parameters `{}` set Enabled to something other than true: the dedicated application stays off",
            items.join(", ")
        )),
        _ => None,
    }
}

/// The fix for a wrong override the evidence created: remove it by the name it was given (a name
/// is unique), create the documented one, and refresh Exchange's settings.
fn replacement(cmd: &Command) -> String {
    let name = cmd
        .resolved("Name")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(FEATURE);
    format!(
        "Remove-SettingOverride -Identity {} -Confirm:$false\n{}\nGet-ExchangeDiagnosticInfo -Process Microsoft.Exchange.Directory.TopologyService -Component VariantConfiguration -Argument Refresh",
        crate::ps_quote::literal(name),
        documented()
    )
}

fn judge_command(cmd: &Command, hits: &mut Vec<Hit>) {
    let fix = Some(replacement(cmd));
    let at = &cmd.location;
    for (parameter, wanted) in [("Component", COMPONENT), ("Section", SECTION)] {
        let Some(v) = cmd.value(parameter) else {
            hits.push(Hit::new(
                format!("the {FEATURE} setting override gives no -{parameter}; it must be `{wanted}`"),
                Some(at.clone()),
                fix.clone(),
            ));
            continue;
        };
        match v.resolved.as_deref() {
            Some(r) if !r.trim().eq_ignore_ascii_case(wanted) => hits.push(Hit::new(
                format!(
                    "the {FEATURE} setting override has -{parameter} `{}`; it must be `{wanted}`",
                    r.trim()
                ),
                Some(v.location.clone()),
                fix.clone(),
            )),
            Some(_) => {}
            None => hits.push(cannot_confirm(
                Hit::new(String::new(), None, None),
                &format!("the setting override's -{parameter} is `{wanted}`"),
                &format!("`{}` is known only at run time", v.text),
                &v.location,
            )),
        }
    }
    match cmd.value("Parameters") {
        None => hits.push(Hit::new(
            format!("the {FEATURE} setting override gives no -Parameters; it must be @(\"Enabled=true\")"),
            Some(at.clone()),
            fix.clone(),
        )),
        Some(v) => match parameter_items(v) {
            Some(items) => {
                if let Some(problem) = enabled_problem(&items) {
                    hits.push(Hit::new(
                        format!("the {FEATURE} setting override is wrong: {problem}"),
                        Some(v.location.clone()),
                        fix,
                    ));
                }
            }
            None => hits.push(cannot_confirm(
                Hit::new(String::new(), None, None),
                "the setting override sets Enabled=true",
                &format!("`{}` is known only at run time", v.text),
                &v.location,
            )),
        },
    }
}

/// A `Get-SettingOverride` object of this feature's section, as printed or exported.
fn shown_override(record: &Record, model: &Model) -> bool {
    let by_command = record
        .command
        .and_then(|c| model.commands.get(c))
        .is_some_and(|c| c.is("Get-SettingOverride"));
    let has_fields = record.field("SectionName").is_some() && record.field("ComponentName").is_some();
    (by_command || has_fields)
        && record
            .text("SectionName")
            .or_else(|| record.text("Section"))
            .is_some_and(|s| s.trim().eq_ignore_ascii_case(SECTION))
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model
            .commands
            .iter()
            .any(|c| c.is("New-SettingOverride") && about_feature(&c.text))
            || model.records.iter().any(|r| shown_override(r, model)),
        || "the evidence creates or shows no EnableExchangeHybrid3PAppFeature setting override".to_string(),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    let commands: Vec<&Command> = model
        .commands
        .iter()
        .filter(|c| c.is("New-SettingOverride") && c.may_have_succeeded() && about_feature(&c.text))
        .collect();
    // A wrong override that a later, correct one replaces is history (a repair, or `hybridlint
    // fix`'s script run after it): only the commands after the last correct one are judged.
    let judged: Vec<(&Command, Vec<Hit>)> = commands
        .iter()
        .map(|cmd| {
            let mut own = Vec::new();
            judge_command(cmd, &mut own);
            (*cmd, own)
        })
        .collect();
    let last_correct = judged
        .iter()
        .filter(|(_, own)| own.is_empty())
        .map(|(cmd, _)| cmd.order)
        .max();
    for (cmd, own) in judged {
        if last_correct.is_none_or(|correct| cmd.order > correct) {
            hits.extend(own);
        }
    }
    let shown: Vec<&Record> = model
        .records
        .iter()
        .filter(|r| shown_override(r, model))
        .collect();
    for r in &shown {
        let items: Vec<String> = match r.field("Parameters").map(|f| &f.value) {
            Some(crate::model::FieldValue::List { items, truncated: false }) => items.to_vec(),
            Some(crate::model::FieldValue::Scalar { text }) => {
                text.trim_matches(['{', '}']).split(',').map(|s| s.trim().to_string()).collect()
            }
            _ => continue,
        };
        if let Some(problem) = enabled_problem(&items) {
            hits.push(Hit::new(
                format!("the {SECTION} setting override is shown, and {problem}"),
                Some(r.location.clone()),
                Some(documented()),
            ));
        }
    }
    // HealthChecker flags more than one override of this section: Exchange reads one of them,
    // and which one is not documented.
    if shown.len() > 1 {
        hits.push(
            Hit::new(
                format!(
                    "{} setting overrides of section {SECTION} are shown (lines {}); keep exactly one",
                    shown.len(),
                    shown.iter().map(|r| r.location.line.to_string()).collect::<Vec<_>>().join(", ")
                ),
                Some(shown[1].location.clone()),
                Some("Get-SettingOverride | Where-Object { $_.SectionName -eq \"ExchangeOnpremAsThirdPartyAppId\" } | Format-List Name, Parameters, Reason\n# keep one with Enabled=true; remove the others with Remove-SettingOverride -Identity <name>".to_string()),
            )
            .with_severity(Severity::Warning),
        );
    } else if commands.len() > 1 {
        hits.push(
            Hit::new(
                format!(
                    "{} New-SettingOverride commands create overrides of section {SECTION}; keep exactly one",
                    commands.len()
                ),
                Some(commands[1].location.clone()),
                None,
            )
            .with_severity(Severity::Warning),
        );
    }
    hits
}
