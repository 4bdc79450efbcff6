//! `hma/oauth-server-misconfigured`: the evoSTS OAuth server of Hybrid Modern Authentication is not
//! the documented one: `-Type` is not `AzureAD`, `-AcceptSecurityIdentifierInformation` is not
//! `$true`, or its metadata URL is not Entra ID's federation metadata
//! (`https://login.windows.net/common/FederationMetadata/2007-06/FederationMetadata.xml`; a tenant
//! id or domain in place of `common`, and `login.microsoftonline.com`, are the same document).
//! A parameter left out of `New-CsOAuthServer` is a warning (its default is not documented); a
//! value known to be wrong is an error; a value only run time knows is an info.

use regex::Regex;

use crate::findings::Severity;
use crate::model::{Fact, FactSource, Model, OAuthServer, Outcome};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::builtin::evosts::{EVOSTS_METADATA_URL, is_evosts};
use crate::rules::data_check::cannot_confirm;
use crate::rules::template::Context;

fn is_true(value: &str) -> bool {
    matches!(
        value.trim().trim_start_matches('$').to_ascii_lowercase().as_str(),
        "true" | "1"
    )
}

fn unknown(hits: &mut Vec<Hit>, fact: &Fact, claim: &str) {
    let why = format!(
        "`{}` is known only at run time ({})",
        fact.value,
        fact.unknown.as_deref().unwrap_or("its value is not in the evidence")
    );
    hits.push(cannot_confirm(Hit::new(String::new(), None, None), claim, &why, &fact.location));
}

fn recreate(server: &OAuthServer) -> String {
    format!(
        "Set-CsOAuthServer -Identity {} -Type AzureAD -AcceptSecurityIdentifierInformation $true -MetadataUrl {EVOSTS_METADATA_URL}",
        server.identity
    )
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model.configuration.oauth_servers.iter().any(is_evosts),
        || "the evidence creates or shows no evoSTS OAuth server".to_string(),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let Ok(metadata) = Regex::new(
        r"(?i)^https://login\.(windows\.net|microsoftonline\.com)/[^/\s]+/federationmetadata/2007-06/federationmetadata\.xml$",
    ) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    // What the evidence leaves each server with: a later Set-CsOAuthServer (or output shown later)
    // overrides what an earlier command wrote, so a transcript that corrects itself is judged on
    // the result.
    let mut last: Vec<OAuthServer> = Vec::new();
    for server in model
        .configuration
        .oauth_servers
        .iter()
        .filter(|s| s.outcome != Outcome::Failed && is_evosts(s))
    {
        match last
            .iter_mut()
            .find(|l| l.identity.eq_ignore_ascii_case(&server.identity))
        {
            Some(l) => {
                let mut merged = server.clone();
                merged.server_type = server.server_type.clone().or(l.server_type.take());
                merged.accept_security_identifier_information = server
                    .accept_security_identifier_information
                    .clone()
                    .or(l.accept_security_identifier_information.take());
                merged.metadata_url = server.metadata_url.clone().or(l.metadata_url.take());
                // The creation's missing parameters count only when nothing later sets them.
                merged.source = l.source;
                merged.location = l.location.clone();
                *l = merged;
            }
            None => last.push(server.clone()),
        }
    }
    for server in &last {
        let id = &server.identity;
        let creates = match server.source {
            FactSource::Command(i) => model
                .commands
                .get(i)
                .is_some_and(|c| c.is("New-CsOAuthServer")),
            _ => false,
        };
        match &server.server_type {
            Some(t) if !t.is_known() => unknown(&mut hits, t, &format!("OAuth server {id} is of type AzureAD")),
            Some(t) if !t.value.eq_ignore_ascii_case("AzureAD") => hits.push(Hit::new(
                format!("OAuth server {id} is of type `{}`; Hybrid Modern Authentication's evoSTS server is of type AzureAD", t.value),
                Some(t.location.clone()),
                Some(recreate(server)),
            )),
            None if creates => hits.push(
                Hit::new(
                    format!("New-CsOAuthServer {id} without -Type AzureAD: the documented evoSTS server is of type AzureAD, and the default type is not documented"),
                    Some(server.location.clone()),
                    Some(recreate(server)),
                )
                .with_severity(Severity::Warning),
            ),
            _ => {}
        }
        match &server.accept_security_identifier_information {
            Some(a) if !a.is_known() => unknown(&mut hits, a, &format!("OAuth server {id} accepts security identifier information")),
            Some(a) if !is_true(&a.value) => hits.push(Hit::new(
                format!("OAuth server {id} has -AcceptSecurityIdentifierInformation `{}`; Hybrid Modern Authentication needs $true, so the pool can map evoSTS tokens to users", a.value),
                Some(a.location.clone()),
                Some(recreate(server)),
            )),
            None if creates => hits.push(
                Hit::new(
                    format!("New-CsOAuthServer {id} without -AcceptSecurityIdentifierInformation $true: the documented evoSTS server accepts security identifier information"),
                    Some(server.location.clone()),
                    Some(recreate(server)),
                )
                .with_severity(Severity::Warning),
            ),
            _ => {}
        }
        if let Some(url) = &server.metadata_url {
            if !url.is_known() {
                unknown(&mut hits, url, &format!("OAuth server {id} reads Entra ID's federation metadata"));
            } else if !metadata.is_match(url.value.trim()) {
                hits.push(Hit::new(
                    format!("OAuth server {id} reads `{}`; the evoSTS server reads Entra ID's federation metadata, {EVOSTS_METADATA_URL}", url.value),
                    Some(url.location.clone()),
                    Some(recreate(server)),
                ));
            }
        }
    }
    hits
}
