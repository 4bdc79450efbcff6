//! `tenant/spn-not-saved`: `$sp.ServicePrincipalNames.Add(…)` changes only the local copy of the
//! principal; without a later `Set-MsolServicePrincipal -ServicePrincipalNames` (or the Graph
//! update) carrying that list, the tenant never sees the new SPN.

use crate::rules::applies::Applies;
use crate::model::{Model, Outcome, PrincipalChange};
use crate::rules::Hit;
use crate::rules::builtin::spn;
use crate::rules::data_check::cannot_confirm;
use crate::snippets::paste;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model
            .configuration
            .service_principals
            .iter()
            .any(|sp| !sp.spn_additions.is_empty()),
        || "the evidence adds no SPN to a local copy of a principal".to_string(),
    )
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for sp in &model.configuration.service_principals {
        for add in &sp.spn_additions {
            let saved = sp.spn_lists.iter().any(|l| {
                l.written
                    && l.outcome != Outcome::Failed
                    && l.source_order(model).is_some_and(|o| o > add.order)
                    && (l
                        .from_variable
                        .as_deref()
                        .is_some_and(|v| v.eq_ignore_ascii_case(&add.variable))
                        || l.names.iter().any(|n| n.eq_ignore_ascii_case(&add.name)))
            });
            if saved {
                continue;
            }
            // A later write to a principal only run time knows may be the save: cannot confirm.
            let later_unresolved = model
                .configuration
                .unresolved_principal_steps
                .iter()
                .filter(|s| s.changes.contains(&PrincipalChange::SpnList))
                .filter(|s| s.outcome != Outcome::Failed)
                .find(|s| model.order_of(s.source).is_some_and(|o| o > add.order));
            if let Some(step) = later_unresolved {
                let claim = format!(
                    "`{}`, added to the local copy `${}`, reaches the tenant's principal `{}`",
                    add.name, add.variable, sp.app_id
                );
                let why = format!(
                    "`{}` writes a list to `{}`, a principal only run time knows",
                    step.cmdlet, step.written
                );
                let hit = Hit::new(String::new(), None, None);
                hits.push(about_pool(
                    cannot_confirm(hit, &claim, &why, &step.location)
                        .with_related(add.location.clone(), "the name is added to the local copy here"),
                    &add.name,
                ));
                continue;
            }
            hits.push(about_pool(Hit::new(
                format!("`{}` is added to the local copy `${}` but never written back, so the tenant's principal `{}` does not get it", add.name, add.variable, sp.app_id),
                Some(add.location.clone()),
                Some(paste::save_spns(ctx.cmdlets, &sp.app_id, &add.variable, &add.name)),
            ), &add.name));
        }
    }
    hits
}

/// The hit, about the pool whose SPN `name` is (for that pool's checklist step).
fn about_pool(hit: Hit, name: &str) -> Hit {
    match spn::fqdn_of(name) {
        Some(fqdn) => hit.about(fqdn),
        None => hit,
    }
}
