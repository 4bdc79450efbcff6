//! `input/deployment-unknown`: the run holds several deployments (`deployment::group`), and some
//! files name none of their tenants, domains or certificates. One warning names the mix.

use crate::model::{Location, Model};
use crate::rules::Hit;
use crate::rules::template::Context;

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    // Grouping a run whose every file names a certificate leaves none unplaced: not worked out.
    if crate::deployment::every_file_named(model) {
        return Vec::new();
    }
    // The run's grouping when it has one for this model (`deployment::while_known`).
    let grouping = crate::deployment::grouping_of(model);
    if !grouping.is_several() || grouping.unplaced.is_empty() {
        return Vec::new();
    }
    let labels: Vec<String> = grouping.groups.iter().map(|g| g.label()).collect();
    let files: Vec<String> = grouping.unplaced.iter().map(|f| format!("`{f}`")).collect();
    // A file whose tenant is a value only run time knows (`-TenantId $TenantId` from a parameter)
    // may well be one of the deployments: that cannot be confirmed, and is not wrong.
    let run_time = |path: &String| {
        model.commands.iter().any(|c| {
            model.files.get(c.file).is_some_and(|f| &f.path == path)
                && c.arguments.iter().any(|a| {
                    a.parameter
                        .as_deref()
                        .is_some_and(|p| p.to_ascii_lowercase().contains("tenant"))
                        && a.value.as_ref().is_some_and(|v| v.resolved.is_none())
                })
        })
    };
    if grouping.unplaced.iter().all(run_time) {
        return vec![
            Hit::new(
                format!(
                    "the evidence holds {} deployments ({}); cannot confirm whose {} is: its tenant is a value only run time knows, so it is judged on its own",
                    grouping.groups.len(),
                    labels.join("; "),
                    files.join(", ")
                ),
                grouping.unplaced.first().map(|f| Location::file(f.clone())),
                None,
            )
            .with_severity(crate::findings::Severity::Info),
        ];
    }
    vec![Hit::new(
        format!(
            "the evidence holds {} deployments ({}); {}: {}",
            grouping.groups.len(),
            labels.join("; "),
            if files.len() == 1 {
                "one file names none of them, so it is judged on its own".to_string()
            } else {
                format!(
                    "{} files name none of them, so they are judged on their own",
                    files.len()
                )
            },
            files.join(", ")
        ),
        grouping.unplaced.first().map(|f| Location::file(f.clone())),
        Some("hybridlint check <one customer's folder>   # each deployment on its own".to_string()),
    )]
}
