//! `tenant/lync-credential-missing`, `tenant/exchange-credential-missing`: no certificate credential
//! that succeeded on the Lync (`00000004-…`) or the Exchange (`00000002-…`) service principal. Both
//! are needed: Exchange Online checks the Lync-signed token against the credential on its own
//! principal too, and the documentation's "repeat for Exchange" is easy to miss.
//! Option `app-id` names the principal.

use crate::rules::applies::{self, Applies};
use crate::model::{Model, Outcome, PrincipalChange};
use crate::rules::Hit;
use crate::rules::data_check::{Scope, missing_step, scope_anchor, unresolved_principal};
use crate::snippets::paste;
use crate::rules::options::{self, OptionDoc, OptionsSpec};
use crate::rules::template::Context;

/// `options = { app-id = "…" }` in the rule file.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// The principal whose credential is required.
    app_id: String,
}

pub(in crate::rules) const OPTIONS: OptionsSpec = OptionsSpec {
    keys: &[OptionDoc {
        key: "app-id",
        json_type: "string",
        doc: "the application id of the principal whose credential is required",
    }],
    validate: |t| options::read::<Options>(t).map(|_| ()),
};

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::lync(model).and(|| applies::scope(model, Scope::Tenant))
}

pub(crate) fn check(model: &Model, options: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let Ok(Options { app_id }) = options::read::<Options>(options) else {
        return Vec::new();
    };
    let app_id = app_id.as_str();
    // Both credentials are steps of the Lync/SfB integration: Exchange-only evidence (an Exchange
    // hybrid upload) is not judged against them.
    if !model.configuration.coverage.lync {
        return Vec::new();
    }
    let Some(anchor) = scope_anchor(model, Scope::Tenant) else {
        return Vec::new();
    };
    let name = crate::wellknown::well_known_name(app_id).unwrap_or(app_id);
    let sp = model.configuration.service_principal(app_id);
    let credentials = sp.map(|s| s.credentials.as_slice()).unwrap_or_default();
    if credentials.iter().any(|c| c.outcome != Outcome::Failed) {
        return Vec::new();
    }
    // A failed attempt, possibly against a mistyped id, is the best place to point at.
    let failed_attempt = model
        .configuration
        .service_principals
        .iter()
        .filter(|s| {
            s.app_id.eq_ignore_ascii_case(app_id)
                || crate::guid::closest_well_known(&s.app_id).is_some_and(|(id, _)| id == app_id)
        })
        .flat_map(|s| s.credentials.iter())
        .find(|c| c.outcome == Outcome::Failed);
    // An upload that failed on a mistyped id is guid/*'s finding, whose fix is the upload with
    // the id corrected: one cause, one finding.
    if failed_attempt.is_some_and(|c| {
        !model
            .configuration
            .service_principals
            .iter()
            .any(|s| s.app_id.eq_ignore_ascii_case(app_id) && s.credentials.contains(c))
    }) {
        return Vec::new();
    }
    // Likewise an upload the Graph SDK's key defect stopped: transcript/graph-sdk-key-defect.
    let sdk_defect = |c: &crate::model::Credential| match c.source {
        crate::model::FactSource::Command(i) => model
            .commands
            .get(i)
            .and_then(|cmd| cmd.error)
            .and_then(|e| model.errors.get(e))
            .is_some_and(|e| crate::rules::builtin::transcript::graph_sdk_key_defect::is_sdk_key_defect(&e.message)),
        _ => false,
    };
    if failed_attempt.is_some_and(sdk_defect) {
        return Vec::new();
    }
    let failed = failed_attempt.is_some();
    let claim =
        format!("a certificate credential is added to the {name} service principal `{app_id}`");
    let principal_unknown =
        |hit: &Hit| unresolved_principal(model, PrincipalChange::Credential, &claim, hit);
    let (message, location) = match failed_attempt {
        Some(c) => (
            format!(
                "no certificate credential was added to the {name} service principal `{app_id}`: the upload failed"
            ),
            Some(c.location.clone()),
        ),
        None => (
            format!(
                "no certificate credential is added to the {name} service principal `{app_id}`"
            ),
            anchor,
        ),
    };
    let mut hit = Hit::new(
        message,
        location,
        Some(paste::upload_credential(
            ctx.cmdlets,
            app_id,
            &ctx.cert_path,
        )),
    );
    // The failed upload's error record, beside the upload itself.
    let error_at = failed_attempt.and_then(|c| match c.source {
        crate::model::FactSource::Command(i) => model
            .commands
            .get(i)
            .and_then(|cmd| cmd.error)
            .and_then(|e| model.errors.get(e))
            .map(|e| e.location.clone()),
        _ => None,
    });
    if let Some(at) = error_at {
        hit = hit.with_related(at, "the error record");
    }
    // An upload to a principal only run time knows may be this one: cannot confirm.
    if let Some(hit) = principal_unknown(&hit) {
        return vec![hit];
    }
    vec![if failed {
        hit
    } else {
        missing_step(model, Scope::Tenant, hit)
    }]
}
