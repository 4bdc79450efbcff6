//! `tenant/spn-not-saved`: `$sp.ServicePrincipalNames.Add(…)` changes only the local copy of the
//! principal; without a later `Set-MsolServicePrincipal -ServicePrincipalNames` (or the Graph
//! update) carrying that list, the tenant never sees the new SPN.

use crate::model::{Model, Outcome, PrincipalChange};
use crate::rules::Hit;
use crate::rules::data_check::cannot_confirm;
use crate::snippets::paste;
use crate::rules::template::Context;

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
                    "`{}` at line {} writes a list to `{}`, a principal only run time knows",
                    step.cmdlet, step.location.line, step.written
                );
                let hit = Hit::new(String::new(), None, None);
                hits.push(cannot_confirm(hit, &claim, &why, &step.location));
                continue;
            }
            hits.push(Hit::new(
                format!("`{}` is added to the local copy `${}` but never written back, so the tenant's principal `{}` does not get it", add.name, add.variable, sp.app_id),
                Some(add.location.clone()),
                Some(paste::save_spns(ctx.cmdlets, &sp.app_id, &add.variable, &add.name)),
            ));
        }
    }
    hits
}
