//! `hma/client-authorization-server-unknown`: `Set-CsOAuthConfiguration
//! -ClientAuthorizationOAuthServerIdentity` names an OAuth server that does not exist: the evidence
//! shows the pool's OAuth servers (`Get-CsOAuthServer` output) or creates the evoSTS server under
//! another name. Clients are then sent to no token issuer. When the evidence shows no OAuth server
//! list, the server may exist already: an info says this cannot be confirmed. An empty value turns
//! modern authentication off on purpose and is not judged.

use crate::model::{FactSource, Model, Outcome};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::builtin::evosts::is_evosts;
use crate::rules::data_check::cannot_confirm;
use crate::rules::template::Context;

const SETTING: &str = "ClientAuthorizationOAuthServerIdentity";

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model.configuration.oauth_settings.iter().any(|s| s.name == SETTING),
        || format!("the evidence does not set {SETTING}"),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let cfg = &model.configuration;
    let servers: Vec<_> = cfg
        .oauth_servers
        .iter()
        .filter(|s| s.outcome != Outcome::Failed)
        .collect();
    let mut hits = Vec::new();
    // The last setting that may have taken effect is the configuration the evidence leaves.
    let last = cfg
        .oauth_settings
        .iter()
        .rfind(|s| s.name == SETTING && s.value.outcome != Outcome::Failed);
    let Some(setting) = last else {
        return hits;
    };
    let value = &setting.value;
    let claim = "-ClientAuthorizationOAuthServerIdentity names an OAuth server of the pool";
    if !value.is_known() {
        let why = format!(
            "`{}` is known only at run time ({})",
            value.value,
            value.unknown.as_deref().unwrap_or("its value is not in the evidence")
        );
        hits.push(cannot_confirm(Hit::new(String::new(), None, None), claim, &why, &value.location));
        return hits;
    }
    let name = value.value.trim().trim_matches(['"', '\'']);
    if name.is_empty() {
        return hits;
    }
    // Identities only run time knows may be this one.
    if servers.iter().any(|s| {
        s.identity_unknown.is_some() || s.identity.eq_ignore_ascii_case(name)
    }) {
        return hits;
    }
    let evosts: Vec<&str> = servers
        .iter()
        .filter(|s| is_evosts(s))
        .map(|s| s.identity.as_str())
        .collect();
    let shown = servers.iter().any(|s| matches!(s.source, FactSource::Record(_)));
    let fix = |to: &str| format!("Set-CsOAuthConfiguration -{SETTING} {to}");
    if let Some(other) = evosts.first() {
        hits.push(Hit::new(
            format!("-{SETTING} is `{name}`, but the evoSTS OAuth server in the evidence is `{other}`: clients are sent to a token issuer the pool does not have"),
            Some(value.location.clone()),
            Some(fix(other)),
        ));
    } else if shown {
        let known: Vec<&str> = servers.iter().map(|s| s.identity.as_str()).collect();
        hits.push(Hit::new(
            format!("-{SETTING} is `{name}`, which is none of the pool's OAuth servers shown ({}): create the evoSTS server first", known.join(", ")),
            Some(value.location.clone()),
            Some(format!("New-CsOAuthServer -Identity {name} -Type AzureAD -AcceptSecurityIdentifierInformation $true -MetadataUrl {}\n{}", crate::rules::builtin::evosts::EVOSTS_METADATA_URL, fix(name))),
        ));
    } else {
        hits.push(cannot_confirm(
            Hit::new(String::new(), None, Some("Get-CsOAuthServer | Format-List Identity, Type, MetadataUrl".into())),
            &format!("an OAuth server `{name}` exists"),
            "the evidence neither creates nor shows it (it may have been created before)",
            &value.location,
        ));
    }
    hits
}
