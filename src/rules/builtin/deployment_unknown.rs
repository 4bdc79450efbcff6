//! `input/deployment-unknown`: the run holds several deployments (`deployment::group`), and some
//! files name none of their tenants, domains or certificates. One warning names the mix.

use crate::model::{Location, Model};
use crate::rules::Hit;
use crate::rules::template::Context;

pub fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let grouping = crate::deployment::group(model);
    if !grouping.is_several() || grouping.unplaced.is_empty() {
        return Vec::new();
    }
    let labels: Vec<String> = grouping.groups.iter().map(|g| g.label()).collect();
    let files: Vec<String> = grouping.unplaced.iter().map(|f| format!("`{f}`")).collect();
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
