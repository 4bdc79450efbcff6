//! `tenant/key-list-overwritten`: Graph's and AzureAD's `-KeyCredentials` replace the principal's
//! whole key list. A list built from nothing (`@($newKey)`, one hashtable) removes every key the
//! principal had: on `00000002-…` the Exchange hybrid keys, on `00000004-…` the certificates of
//! other pools or of the certificate being rolled over. Only a list the evaluator knows was built
//! from nothing is reported; a replacement under a condition (Microsoft's "first key" branch, taken
//! when the principal has no key) cannot be confirmed and is left alone.

use crate::rules::applies::{self, Applies};
use crate::rules::data_check::Scope;
use crate::model::{Model, Outcome, Value};
use crate::rules::Hit;
use crate::snippets::paste;
use crate::rules::template::Context;

/// Whether the cmdlet's `-KeyCredentials` replaces the list, as the cmdlet catalogue says.
fn replaces_list(name: &str) -> bool {
    crate::cmdlets::lookup(name).is_some_and(|c| c.replaces_key_list)
}

/// Whether the value written is known to hold only new keys.
fn replaces(v: &Value) -> bool {
    match v.list() {
        Some(list) => list.replaces,
        // One hashtable: a list of that single new key.
        None => {
            !v.entries().is_empty()
                && v.entries()
                    .iter()
                    .all(|e| e.form.as_deref() != Some("existing-key"))
                && v.unknown().is_none()
        }
    }
}

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::scope(model, Scope::Tenant)
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for cmd in &model.commands {
        if !replaces_list(&cmd.name) || cmd.outcome == Outcome::Failed || cmd.conditional
        {
            continue;
        }
        let Some(v) = cmd.value("KeyCredentials") else {
            continue;
        };
        if !replaces(v) {
            continue;
        }
        let target = cmd
            .value("ServicePrincipalId")
            .or_else(|| cmd.value("ObjectId"))
            .and_then(|t| t.principal().map(str::to_string));
        let who = target
            .as_deref()
            .map(|app| format!("`{app}`"))
            .unwrap_or_else(|| "the principal".to_string());
        let fix = target
            .as_deref()
            .map(|app| paste::upload_credential(ctx.cmdlets, app, &ctx.cert_path));
        hits.push(Hit::new(
            format!(
                "`{}` sets the key credentials of {who} to `{}`, a list built here: -KeyCredentials replaces the whole list, removing every key the principal already had",
                cmd.name, v.text
            ),
            Some(v.location.clone()),
            fix,
        ));
    }
    hits
}
