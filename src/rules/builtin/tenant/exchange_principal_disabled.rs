//! `tenant/exchange-principal-disabled`: the Exchange principal (`00000002-…`) is shown disabled, or
//! the step that enables it is missing. ACS refuses tokens for a disabled principal
//! (AADSTS7000112 "Application … is disabled"), so Exchange Online cannot call Lync.

use crate::model::{FactSource, Model, Outcome};
use crate::rules::Hit;
use crate::rules::applies::{self, Applies};
use crate::rules::data_check::{Scope, missing_step, scope_anchor};
use crate::snippets::paste;
use crate::rules::template::Context;
use crate::wellknown::EXCHANGE_APP_ID;

fn truthy(v: &str) -> Option<bool> {
    match v
        .trim()
        .trim_start_matches('$')
        .to_ascii_lowercase()
        .as_str()
    {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Whether the evidence shows the Exchange principal's state, or is the Lync integration's tenant
/// half (where enabling it is a step).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    let shown = model
        .configuration
        .service_principal(EXCHANGE_APP_ID)
        .is_some_and(|sp| !sp.enabled.is_empty());
    if shown {
        return Applies::Yes;
    }
    applies::lync(model).and(|| applies::scope(model, Scope::Tenant))
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let fix = Some(paste::enable_exchange(ctx.cmdlets));
    let facts = model
        .configuration
        .service_principal(EXCHANGE_APP_ID)
        .map(|sp| sp.enabled.as_slice())
        .unwrap_or_default();
    // The last fact in evidence order decides (a later enable repairs an earlier `False`).
    let mut hits = Vec::new();
    let last = facts
        .iter()
        .filter(|f| f.outcome != Outcome::Failed)
        .max_by_key(|f| model.order_of(f.source));
    match last.map(|f| (f, truthy(&f.value))) {
        Some((f, Some(false))) => {
            let what = if matches!(f.source, FactSource::Record(_)) {
                "is shown with AccountEnabled : False"
            } else {
                "is set to AccountEnabled $false"
            };
            hits.push(Hit::new(
                format!("the Exchange service principal `{EXCHANGE_APP_ID}` {what}"),
                Some(f.location.clone()),
                fix,
            ));
        }
        Some(_) => {}
        None => {
            let involved = model.configuration.service_principals.iter().any(|sp| {
                !sp.credentials.is_empty()
                    || !sp.spn_additions.is_empty()
                    || !sp.spn_lists.is_empty()
            });
            // Enabling `00000002-…` is a step of the Lync/SfB integration only.
            let involved = involved && model.configuration.coverage.lync;
            if let (true, Some(anchor)) = (involved, scope_anchor(model, Scope::Tenant)) {
                let failed = facts.iter().find(|f| f.outcome == Outcome::Failed);
                let (msg, loc) = match failed {
                    Some(f) => (
                        format!(
                            "enabling the Exchange service principal `{EXCHANGE_APP_ID}` failed"
                        ),
                        Some(f.location.clone()),
                    ),
                    None => (
                        format!(
                            "the Exchange service principal `{EXCHANGE_APP_ID}` is never enabled (AccountEnabled $true)"
                        ),
                        anchor,
                    ),
                };
                let hit = Hit::new(msg, loc, fix);
                hits.push(if failed.is_some() {
                    hit
                } else {
                    missing_step(model, Scope::Tenant, hit)
                });
            }
        }
    }
    hits
}
