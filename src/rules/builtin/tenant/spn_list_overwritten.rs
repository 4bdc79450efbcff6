//! `tenant/spn-list-overwritten`: `-ServicePrincipalNames` replaces the whole list. Setting it to a
//! literal list (as KB 3090197's sample does) drops every name the principal already had, which
//! breaks Microsoft's own services that rely on them.

use crate::rules::applies::Applies;
use crate::rules::builtin::spn;
use crate::model::{FactSource, Model, Outcome};
use crate::rules::Hit;
use crate::snippets::paste;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model
            .configuration
            .service_principals
            .iter()
            .any(|sp| sp.spn_lists.iter().any(|l| l.written)),
        || "the evidence writes no SPN list".to_string(),
    )
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for sp in &model.configuration.service_principals {
        for list in sp
            .spn_lists
            .iter()
            .filter(|l| l.written && l.literal && l.outcome != Outcome::Failed)
        {
            let order = list.source_order(model).unwrap_or(usize::MAX);
            // Names the principal is known to have had: printed before this command.
            let had: Vec<&String> = sp
                .spn_lists
                .iter()
                .filter(|l| {
                    !l.written
                        && matches!(l.source, FactSource::Record(_))
                        && l.source_order(model).is_some_and(|o| o < order)
                })
                .flat_map(|l| l.names.iter())
                .filter(|n| !list.names.iter().any(|m| m.eq_ignore_ascii_case(n)))
                .collect();
            let dropped = if had.is_empty() {
                "every name the principal already had".to_string()
            } else {
                had.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let add = list
                .names
                .iter()
                .find(|n| spn::fqdn_of(n).is_some())
                .cloned()
                .unwrap_or_else(|| list.names.first().cloned().unwrap_or_default());
            let mut hit = Hit::new(
                format!("the SPN list of `{}` is set to a literal list ({} name(s)); -ServicePrincipalNames replaces the whole list, dropping {dropped}", sp.app_id, list.names.len()),
                Some(list.location.clone()),
                Some(paste::add_spn_to(ctx.cmdlets, &sp.app_id, &add)),
            );
            // The first pool whose SPN the write drops, else the one it keeps.
            if let Some(fqdn) = had
                .iter()
                .copied()
                .chain(std::iter::once(&add))
                .find_map(|n| spn::fqdn_of(n))
            {
                hit = hit.about(fqdn);
            }
            hits.push(hit);
        }
    }
    hits
}
