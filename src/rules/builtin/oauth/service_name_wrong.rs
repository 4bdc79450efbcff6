//! `oauth/service-name-wrong`: `Set-CsOAuthConfiguration -ServiceName` is missing or is not the Lync
//! id. The service name is the audience Exchange Online puts in tokens for Lync; with the wrong
//! one, Lync rejects every token and OWA loses its online-meeting features.

use crate::model::Model;
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::data_check::{Scope, missing_step, scope_anchor};
use crate::rules::template::Context;
use crate::wellknown::{LYNC_APP_ID, well_known_name};

/// Whether the evidence sets the service name, or creates what needs it (the OAuth server or the
/// Exchange partner application).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    let cfg = &model.configuration;
    let sets = cfg.oauth_settings.iter().any(|s| s.name == "ServiceName");
    let creates = cfg
        .oauth_servers
        .iter()
        .any(|s| s.identity.eq_ignore_ascii_case("microsoft.sts"))
        || cfg
            .partner_applications
            .iter()
            .any(|a| a.identity.eq_ignore_ascii_case("microsoft.exchange"));
    Applies::when(sets || creates, || {
        "the evidence neither sets the OAuth service name nor creates the OAuth server or the Exchange partner application".to_string()
    })
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let fix = format!("Set-CsOAuthConfiguration -ServiceName {LYNC_APP_ID}");
    let settings: Vec<_> = model
        .configuration
        .oauth_settings
        .iter()
        .filter(|s| s.name == "ServiceName")
        .collect();
    let mut hits = Vec::new();
    for s in &settings {
        // A value only run time knows is never called wrong.
        if !s.value.is_known() {
            continue;
        }
        let v = s.value.value.trim();
        // Another service's well-known id is guid/wrong-application's; a mangled id is guid/*'s.
        if v.eq_ignore_ascii_case(LYNC_APP_ID)
            || well_known_name(v).is_some()
            || crate::guid::is_near_guid(v)
            || crate::guid::lookalike_correction(v).is_some()
        {
            continue;
        }
        hits.push(Hit::new(
            format!("the OAuth service name is `{v}`; it must be `{LYNC_APP_ID}`"),
            Some(s.value.location.clone()),
            Some(fix.clone()),
        ));
    }
    let set = settings
        .iter()
        .any(|s| s.value.outcome != crate::model::Outcome::Failed);
    let creates_oauth = model
        .configuration
        .oauth_servers
        .iter()
        .any(|s| s.identity.eq_ignore_ascii_case("microsoft.sts"))
        || model
            .configuration
            .partner_applications
            .iter()
            .any(|a| a.identity.eq_ignore_ascii_case("microsoft.exchange"));
    if !set
        && creates_oauth
        && let Some(anchor) = scope_anchor(model, Scope::OnPremises)
    {
        hits.push(missing_step(model, Scope::OnPremises, Hit::new(
                format!("the OAuth service name is never set; Set-CsOAuthConfiguration -ServiceName {LYNC_APP_ID} is a required step"),
                anchor,
                Some(fix),
            )));
    }
    hits
}
